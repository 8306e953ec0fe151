"""Review reports (issue 13, Deliver 1 and 6): every figure of a generated report — every
cell of every table, in the XLSX annex and in the DOCX — equals a count made here
independently with the ORM on the demo; periods outside the plan and unknown plans or
scopes are refused with exit 2."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q, Sum

from dienhinh.catalogue import codes as catalogue_codes
from dienhinh.decisions.models import Decision, Proposal, ProposalItem, Recognition
from dienhinh.demo import build
from dienhinh.demo import stages as demo_stages
from dienhinh.exemplars.models import FosteringPlan, Nomination, Registration
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Subject, Unit
from dienhinh.plans import services as evaluation
from dienhinh.plans.models import Plan
from dienhinh.replication.models import Adoption, GoodModel, MediaItem, StudyVisit
from dienhinh.reports import figures, periods
from dienhinh.reports.documents import PART_ONE, PART_TWO
from dienhinh.reports.generate import review

pytestmark = pytest.mark.django_db

PLAN = "ha-tinh-sct-2021-2025"
SCOPE = "HT-SCT"


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo_decided(django_db_setup, django_db_blocker):
    """The demo at the decided stage, built once for the module inside a transaction
    that is rolled back at the end (each test runs in a savepoint of it, as Django's
    TestCase does with setUpTestData)."""
    with django_db_blocker.unblock():
        build.DemoBuilder().build()
        try:
            with transaction.atomic():
                demo_stages.build("decided", log=lambda _: None)
                scope = Unit.objects.get(subject__code=SCOPE)
                plan = Plan.objects.get(template__template_id=PLAN, agency=scope)
                _replication(plan, scope)
                yield plan.pk, scope.pk
                raise _Rollback
        except _Rollback:
            pass
        build.reset()
        get_user_model().objects.filter(username__startswith="demo_").delete()


@pytest.fixture
def decided(demo_decided):
    plan_pk, scope_pk = demo_decided
    return Plan.objects.get(pk=plan_pk), Unit.objects.get(pk=scope_pk)


def _replication(plan: Plan, scope: Unit) -> None:
    """Models, adoptions, media, visits and a proposal upward, so that every column of
    the report has something to count (the demo's decided stage has none of them)."""
    divisions = list(Unit.objects.filter(parent=scope).order_by("subject__code"))
    rec = Recognition.objects.filter(decision__plan=plan).order_by("pk")
    first, second = rec[0], rec[1]
    model = GoodModel.objects.create(agency=scope, title="Một cửa liên thông điện tử",
                                     owner=first.subject, recognition=first, plan=plan,
                                     field="Cải cách hành chính")
    other = GoodModel.objects.create(agency=scope, title="Tiết kiệm năng lượng",
                                     owner=second.subject, plan=plan, field="Năng lượng")
    for unit, m, on in ((divisions[0], model, dt.date(2024, 3, 1)),
                        (divisions[1], model, dt.date(2024, 5, 1)),
                        (divisions[1], other, dt.date(2024, 6, 1)),
                        (divisions[2], other, dt.date(2023, 6, 1))):
        Adoption.objects.create(model=m, unit=unit, learned_from=m.owner, target="Áp dụng",
                                started_on=on)
    Adoption.objects.create(model=model, unit=divisions[3], learned_from=model.owner,
                            target="Áp dụng", started_on=dt.date(2024, 7, 1),
                            status=Adoption.ABANDONED)
    for n, (agency, on) in enumerate(((scope, dt.date(2024, 4, 2)),
                                      (divisions[0], dt.date(2024, 8, 9)),
                                      (scope, dt.date(2023, 1, 9)))):
        MediaItem.objects.create(agency=agency, plan=plan, outlet_kind="radio",
                                 outlet_name="Đài Phát thanh", published_on=on,
                                 title=f"Gương sáng {n}")
    visit = StudyVisit.objects.create(agency=divisions[1], host=first.subject, plan=plan,
                                      visited_on=dt.date(2024, 9, 9), participants=12)
    visit.visiting_units.set(divisions[:2])
    proposal = Proposal.objects.create(agency=scope, plan=plan, year=2024,
                                       status=Proposal.DECIDED, sent_on=dt.date(2025, 2, 1))
    ProposalItem.objects.create(proposal=proposal, recognition=first)
    ProposalItem.objects.create(proposal=proposal, recognition=second, achievement=None)
    # the higher level awarded the first one
    ach = Achievement.objects.filter(subject=first.subject).first()
    ProposalItem.objects.filter(proposal=proposal, recognition=first).update(achievement=ach)


# -- the independent counts -------------------------------------------------------------
def _subjects_q(unit: Unit, own: bool, prefix: str = "subject") -> Q:
    """Subjects under `unit` (or, `own`, directly at it) through the unit and person
    tables — not through SubjectScope, which the report uses."""
    if own:
        return Q(**{f"{prefix}__unit": unit}) | Q(**{f"{prefix}__person__unit": unit})
    return (Q(**{f"{prefix}__unit__path__startswith": unit.path})
            | Q(**{f"{prefix}__person__unit__path__startswith": unit.path}))


def _units_q(unit: Unit, own: bool, field: str) -> Q:
    return Q(**{field: unit}) if own else Q(**{f"{field}__path__startswith": unit.path})


def expected(plan: Plan, scope: Unit, unit: Unit, own: bool, start: int, end: int) -> dict:
    s = _subjects_q(unit, own)
    years = {"year__gte": start, "year__lte": end}
    regs = Registration.objects.filter(s, plan=plan, status="registered", **years)
    recs = Recognition.objects.filter(
        s, decision__plan=plan, decision__status="issued", decision__kind="recognition",
        decision__year__gte=start, decision__year__lte=end, revoked_by=None,
        decision__superseded_by=None).distinct()
    items = ProposalItem.objects.filter(
        _subjects_q(unit, own, "recognition__subject"), proposal__plan=plan,
        proposal__year__gte=start, proposal__year__lte=end,
        proposal__status__in=["sent", "decided"])
    adoptions = Adoption.objects.filter(
        model__plan=plan, started_on__year__gte=start, started_on__year__lte=end,
        unit__path__startswith=scope.path).exclude(status="abandoned")
    at = ((Q(unit=unit) | Q(person__unit=unit)) if own else
          (Q(unit__path__startswith=unit.path) | Q(person__unit__path__startswith=unit.path)))
    discovered = set()
    for year in range(start, end + 1):
        passing = [r.subject for r in evaluation.evaluate_scope(PLAN, scope, year)
                   if r.quantitative == "pass"]
        # a subject discovered in two years of the period is one subject discovered
        discovered |= {code for code in Subject.objects.filter(
            at, code__in=passing).values_list("code", flat=True)}
    out = {
        "discovered": len(discovered),
        "registered": regs.values("subject").distinct().count(),
        "fostered": FosteringPlan.objects.filter(registration__in=regs).values(
            "registration__subject").distinct().count(),
        "nominated": Nomination.objects.filter(s, plan=plan, **years).exclude(
            status="draft").values("subject").distinct().count(),
        "rewarded": recs.exclude(decision__reward_code="").values("subject").distinct().count(),
        "bonus": Recognition.objects.filter(pk__in=recs.values("pk")).aggregate(
            n=Sum("bonus"))["n"] or 0,
        "proposed": items.values("recognition__subject").distinct().count(),
        "proposed_awarded": items.exclude(achievement=None).values(
            "recognition__subject").distinct().count(),
        "models": GoodModel.objects.filter(_subjects_q(unit, own, "owner"),
                                           pk__in=adoptions.values("model")).count(),
        "adopting_units": adoptions.filter(_units_q(unit, own, "unit")).values(
            "unit").distinct().count(),
        "media": MediaItem.objects.filter(_units_q(unit, own, "agency"), plan=plan,
                                          published_on__year__gte=start,
                                          published_on__year__lte=end).count(),
        "visits": StudyVisit.objects.filter(_units_q(unit, own, "agency"), plan=plan,
                                            visited_on__year__gte=start,
                                            visited_on__year__lte=end).count(),
    }
    for level in ("agency", "province", "ministry"):
        out[f"recognised_{level}"] = recs.filter(decision__level=level).values(
            "subject").distinct().count()
    return out


def _number(text: str) -> int:
    return int(text.replace(".", "")) if text else 0


KEYS = [k for k, _ in figures.COLUMNS]


@pytest.mark.parametrize("start,end", [(2024, 2024), (2021, 2025)])
def test_every_cell_of_the_report_equals_an_independent_count(decided, start, end):
    plan, scope = decided
    # the units right under the scope in today's tree (merged units sit under their
    # successor's path and count in its row)
    children = sorted((u for u in Unit.objects.filter(path__startswith=scope.path)
                       .select_related("subject") if u.path.count("/") ==
                       scope.path.count("/") + 1), key=lambda u: u.subject.sort_key)
    rows = [(scope, True)] + [(c, False) for c in children]
    want = [expected(plan, scope, unit, own, start, end) for unit, own in rows]
    # Totals are distinct over the whole scope: counted again for the scope itself.
    whole = expected(plan, scope, scope, False, start, end)
    assert whole["registered"] > 0 and whole["media"] > 0 and whole["adopting_units"] > 0
    assert whole["proposed_awarded"] == 1 and whole["bonus"] > 0

    frm = None if start == end else start
    xlsx = openpyxl.load_workbook(io.BytesIO(review(PLAN, SCOPE, end, frm, "xlsx").content))
    ws = xlsx["Theo đơn vị"]
    table = [r for r in ws.iter_rows(min_row=5, values_only=True)]
    assert len(table) == len(rows) + 1
    for (unit, _own), w, line in zip(rows, want, table):
        assert line[1].startswith(unit.subject.name)
        assert dict(zip(KEYS, line[2:])) == w, unit.subject.name
    assert dict(zip(KEYS, table[-1][2:])) == whole

    document = docx.Document(io.BytesIO(review(PLAN, SCOPE, end, frm, "docx").content))
    figure_tables = [t for t in document.tables if t.rows[0].cells[0].text == "STT"
                     and t.rows[0].cells[1].text == "Đơn vị"][:2]
    for part, t in zip((PART_ONE, PART_TWO), figure_tables):
        cells = [[c.text for c in r.cells] for r in t.rows[1:]]
        assert len(cells) == len(rows) + 1
        for w, line in zip([*want, whole], cells):
            assert {k: _number(v) for k, v in zip(part, line[2:])} == {k: w[k] for k in part}


def test_every_cell_by_field_and_by_year_equals_an_independent_count(decided):
    """The XLSX annex's other tables, every cell: by field, each kind's figures are the
    sum of the facts standing at the units of that kind (each unit's own subjects,
    counted through the unit and person tables); by year, each year's figures are the
    whole scope's counted for that year alone."""
    from collections import Counter

    plan, scope = decided
    units = list(Unit.objects.filter(path__startswith=scope.path).select_related("subject"))
    by_kind: dict[str, Counter] = {}
    for unit in units:
        own = expected(plan, scope, unit, True, 2024, 2024)
        by_kind.setdefault(unit.kind, Counter()).update(own)
    by_kind = {k: c for k, c in by_kind.items() if any(c.values())}
    labels = {k: str(v[0]) for k, v in catalogue_codes.UNIT_KINDS.items()}
    ws = openpyxl.load_workbook(io.BytesIO(review(PLAN, SCOPE, 2024, None, "xlsx").content)
                                )["Theo lĩnh vực"]
    table = [r for r in ws.iter_rows(min_row=5, values_only=True)]
    got = {line[1]: dict(zip(KEYS, line[2:])) for line in table[:-1]}
    assert got == {labels[k]: {key: c[key] for key in KEYS} for k, c in by_kind.items()}
    assert len(got) >= 2  # more than one field has figures

    book = openpyxl.load_workbook(io.BytesIO(review(PLAN, SCOPE, 2025, 2021, "xlsx").content))
    years = {line[0]: dict(zip(KEYS, line[1:]))
             for line in book["Theo năm"].iter_rows(min_row=2, values_only=True)
             if isinstance(line[0], int)}
    assert sorted(years) == [2021, 2022, 2023, 2024, 2025]
    for year, line in years.items():
        assert line == expected(plan, scope, scope, False, year, year), year


def test_by_field_rows_add_up_to_the_units_they_stand_for(decided):
    plan, scope = decided
    fig = figures.compute(plan, scope, periods.Period("year", 2024, 2024))
    kinds = {u.kind for u in Unit.objects.filter(path__startswith=scope.path)}
    assert {r.key for r in fig.by_field} <= kinds
    # a sum column adds up exactly whichever way it is grouped
    assert sum(r.values["bonus"] for r in fig.by_field) == fig.total.values["bonus"] == \
        sum(r.values["bonus"] for r in fig.by_unit)
    assert sum(r.values["media"] for r in fig.by_field) == fig.total.values["media"] == 2


def test_periods_of_a_plan(decided):
    plan, _scope = decided
    assert periods.period_for(plan, 2024).kind == "year"
    assert periods.period_for(plan, 2023, 2021).kind == "midterm"  # Hà Tĩnh dates it 2023
    assert periods.period_for(plan, 2025, 2021).kind == "final"
    assert periods.period_for(plan, 2024, 2022).kind == "range"
    for year, frm in ((2026, None), (2020, None), (2025, 2020), (2022, 2024)):
        with pytest.raises(periods.PeriodError):
            periods.period_for(plan, year, frm)
    assert [p.key for p in periods.choices(plan)][-2:] == ["2021-2023", "2021-2025"]


@pytest.mark.parametrize("args,message", [
    (["--plan", PLAN, "--scope", SCOPE, "--year", "2026"], "ngoài thời gian"),
    (["--plan", PLAN, "--scope", SCOPE, "--year", "2024", "--from", "2019"], "ngoài thời gian"),
    (["--plan", "khong-co", "--scope", SCOPE, "--year", "2024"], "Không có kế hoạch"),
    (["--plan", PLAN, "--scope", "KHONG-CO", "--year", "2024"], "Không có đơn vị"),
    (["--plan", PLAN, "--scope", "KH-SNNMT", "--year", "2024"], "chưa ban hành"),
])
def test_command_refuses_with_exit_2(decided, tmp_path, capsys, args, message):
    out = tmp_path / "r.docx"
    with pytest.raises(SystemExit) as exc:
        call_command("report", "review", *args, "--output", str(out))
    assert exc.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_command_writes_docx_and_xlsx(decided, tmp_path):
    for name in ("r.docx", "r.xlsx"):
        call_command("report", "review", "--plan", PLAN, "--scope", SCOPE, "--year", "2025",
                     "--from", "2021", "--output", str(tmp_path / name))
    text = "\n".join(p.text for p in docx.Document(tmp_path / "r.docx").paragraphs)
    assert "tổng kết giai đoạn 2021–2025" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in \
        "\n".join(c.text for t in docx.Document(tmp_path / "r.docx").tables
                  for r in t.rows for c in r.cells)
    assert len(docx.Document(tmp_path / "r.docx").inline_shapes) == 2  # the two charts
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames[:3] == ["Theo đơn vị", "Theo lĩnh vực", "Theo năm"]
    with pytest.raises(SystemExit):
        call_command("report", "review", "--plan", PLAN, "--scope", SCOPE, "--year", "2024",
                     "--output", str(tmp_path / "r.pdf"))


def test_regenerating_after_new_records_gives_new_figures(decided):
    plan, scope = decided
    period = periods.Period("year", 2024, 2024)
    before = figures.compute(plan, scope, period).total.values["media"]
    MediaItem.objects.create(agency=scope, plan=plan, outlet_kind="press", outlet_name="Báo",
                             published_on=dt.date(2024, 12, 1), title="Bài mới")
    assert figures.compute(plan, scope, period).total.values["media"] == before + 1
    assert Decision.objects.filter(plan=plan).exists()
