"""The five seed templates on the demo's organisation and ledger (issue 15).

- Verdicts: the templates before the rewording (tests/data/seeds_before/) and now give
  every subject of every plan's scope the same verdict and explanations, every year.
- Quotas bind the units the plans name: Ngã Năm's "ít nhất 02 mỗi quý" the Trung tâm
  Y tế, Phòng GD&ĐT, Phòng Kinh tế, Ủy ban MTTQ and its member organisations and each
  xã, phường — not every phòng, trạm y tế or hội; Lào Cai's "mỗi đơn vị lựa chọn ít
  nhất 02" the units directly under the Sở, not its phòng.
"""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from dienhinh.criteria.template import load_template
from dienhinh.demo import build
from dienhinh.demo.structure import PLAN_SCOPES
from dienhinh.exemplars import services as exemplars
from dienhinh.orgs.models import Unit
from dienhinh.plans import seeds
from dienhinh.plans import services as plans
from tests.factories.exemplars import adopt

BEFORE = Path(__file__).parent / "data" / "seeds_before"
RENAMED = {
    "collective_other": {"education", "health", "defence", "association", "model_agency",
                         "movement_other"},
    "people_other": {"soldier", "worker", "citizen"},
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build.DemoBuilder().build()
        yield
        build.reset()
        get_user_model().objects.filter(username__startswith="demo_").delete()


def unit(code):
    return Unit.objects.select_related("subject", "parent__subject").get(subject__code=code)


@pytest.mark.parametrize("template_id", seeds.SEED_IDS)
def test_demo_verdicts_unchanged_every_year(demo, db, template_id):
    old = load_template((BEFORE / f"{template_id}.yaml").read_text(encoding="utf-8"))
    new = load_template(seeds.seed_text(template_id))
    scope = plans.find_scope(PLAN_SCOPES[template_id])
    passes = 0
    for year in range(new.start, new.end + 1):
        before = {r.subject: r for r in plans.evaluate_scope(old, scope, year)}
        after = {r.subject: r for r in plans.evaluate_scope(new, scope, year)}
        assert set(before) == set(after) and before
        for code, r in before.items():
            a = after[code]
            assert a.profile == r.profile or a.profile in RENAMED.get(r.profile, ()), code
            assert (a.quantitative, a.distance, a.met, a.unmet) == (
                r.quantitative, r.distance, r.met, r.unmet), (code, year)
            passes += r.quantitative == "pass"
    assert passes  # the comparison covers passing subjects, not only failures


def _bound(plan, code, year=2023):
    return {c.quota for c in exemplars.check_quotas(plan, year, unit(code))}


def test_nga_nam_quarterly_quota_binds_only_the_units_the_plan_names(demo, db):
    plan = adopt("nga-nam-ubnd-2021-2025", unit("NN-UBND"))
    named = ["NN-UBND-TTYT", "NN-UBND-PGD", "NN-UBND-PKT", "NN-UBND-MTTQ",
             "NN-UBND-HLHPN", "NN-UBND-HND", "NN-UBND-TD", "NN-UBND-HCCB",
             "NN-UBND-P1", "NN-UBND-P2", "NN-UBND-P3", "NN-UBND-XVQ", "NN-UBND-XMQ",
             "NN-UBND-XMB", "NN-UBND-XTL", "NN-UBND-XLB"]
    for code in named:
        assert _bound(plan, code) == {"quarterly_two"}, code
    # Other phòng, the trạm y tế below the Trung tâm, schools, enterprises, khóm: none.
    for code in ["NN-UBND-VP", "NN-UBND-PNV", "NN-UBND-PTCKH", "NN-UBND-PLDTBXH",
                 "NN-UBND-PVH", "NN-UBND-TTVH", "NN-UBND-TYT1", "NN-UBND-THCS1",
                 "NN-UBND-DNNS", "NN-UBND-K1", "NN-UBND-HTXMQ", "NN-UBND"]:
        assert _bound(plan, code) == set(), code
    for code in ["NN-UBND-BCHQS", "NN-UBND-CA"]:
        assert _bound(plan, code) == {"quarterly_armed"}, code
    checks = exemplars.check_quotas(plan, 2023, unit("NN-UBND-PKT"))
    assert [c.period for c in checks] == [f"Quý {q}/2023" for q in range(1, 5)]
    assert all("cần ít nhất 2" in c.message for c in checks)


def test_lao_cai_quota_binds_the_units_under_the_department_not_its_divisions(demo, db):
    plan = adopt("lao-cai-sldtbxh-qpan-2022-2025", unit("LC-SLDTBXH"))
    for code in ["LC-SLDTBXH-DVVL", "LC-SLDTBXH-CTXH", "LC-SLDTBXH-DD", "LC-SLDTBXH-CSCN"]:
        assert _bound(plan, code) == {"register_two"}, code
    for code in ["LC-SLDTBXH-VP", "LC-SLDTBXH-TTRA", "LC-SLDTBXH-KHTC", "LC-SLDTBXH-LDVL",
                 "LC-SLDTBXH-NCC", "LC-SLDTBXH-BTXH", "LC-SLDTBXH-TE", "LC-SLDTBXH-TV",
                 "LC-SLDTBXH"]:
        assert _bound(plan, code) == set(), code


def test_quota_follows_the_tree_of_its_year_after_the_2025_reform(demo, db):
    """The demo runs Ngã Năm's plan at the ward that continues the town and Lào Cai's at
    the merged Sở Nội vụ: a 2024 quota reads 2024's tree (the town's units under the
    town, the department's under the department)."""
    nn = adopt("nga-nam-ubnd-2021-2025", unit(PLAN_SCOPES["nga-nam-ubnd-2021-2025"]))
    for code in ["NN-UBND-TTYT", "NN-UBND-PGD", "NN-UBND-MTTQ", "NN-UBND-HND", "NN-UBND-P2"]:
        assert _bound(nn, code, 2024) == {"quarterly_two"}, code
    for code in ["NN-UBND-VP", "NN-UBND-TYT1"]:
        assert _bound(nn, code, 2024) == set(), code
    lc = adopt("lao-cai-sldtbxh-qpan-2022-2025", unit(PLAN_SCOPES["lao-cai-sldtbxh-qpan-2022-2025"]))
    assert _bound(lc, "LC-SLDTBXH-DVVL", 2024) == {"register_two"}
    assert _bound(lc, "LC-SLDTBXH-LDVL", 2024) == set()
