"""The five seed plan templates shipped with the product (CONTRACT §4).

Plain functions over the YAML files in `templates_data/`, used by the data
migration (so `dienhinh migrate` installs them) and by tests.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "templates_data"

SEED_IDS = [
    "binh-phuoc-sldtbxh-2021-2025",
    "khanh-hoa-stnmt-2021-2025",
    "nga-nam-ubnd-2021-2025",
    "lao-cai-sldtbxh-qpan-2022-2025",
    "ha-tinh-sct-2021-2025",
]


def seed_text(template_id: str) -> str:
    return (DATA_DIR / f"{template_id}.yaml").read_text(encoding="utf-8")


def install(model, ids=SEED_IDS) -> None:
    """Create or refresh the seed rows; `model` is the (historical) PlanTemplate."""
    from dienhinh.criteria.template import load_template

    for template_id in ids:
        text = seed_text(template_id)
        t = load_template(text)
        model.objects.update_or_create(
            template_id=t.id,
            defaults={"name": t.name, "agency": t.agency, "start_year": t.start,
                      "end_year": t.end, "source": t.data.get("source", ""), "text": text,
                      "builtin": True},
        )


def sync(model) -> int:
    """Install the seeds that are missing or differ from the shipped YAML; returns how
    many rows were written. Runs after every `migrate` (and test flush), so a database
    migrated before a seed file changed is brought up to date, and an unchanged one
    is not touched."""
    stored = dict(model.objects.filter(template_id__in=SEED_IDS).values_list("template_id", "text"))
    stale = [tid for tid in SEED_IDS if stored.get(tid) != seed_text(tid)]
    if stale:
        install(model, stale)
    return len(stale)
