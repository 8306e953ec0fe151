"""Roll-over: a 2021–2025 plan rolled to 2026–2030 for the agency that succeeded the
issuer in the 2025 reorganisation, with the exemplars still being fostered carried over,
and the template editor showing what changed."""

import datetime as dt

import pytest

from dienhinh import policy
from dienhinh.audit.models import AuditEntry
from dienhinh.criteria.template import load_template
from dienhinh.exemplars import rollover
from dienhinh.exemplars import services as exemplars
from dienhinh.exemplars.models import FosteringPlan, Registration
from dienhinh.orgs import reorganise
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from dienhinh.plans.models import Plan, PlanTemplate
from tests.factories.exemplars import lao_cai

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(make_user):
    lc = lao_cai()
    officer = make_user("cb", role=Role.UNIT_OFFICER, unit=lc["so"])
    hoa, _ = exemplars.register(officer, lc["plan"], 2025, lc["ldvl"], lc["hoa"].subject,
                                on=dt.date(2025, 1, 10))
    mai, _ = exemplars.register(officer, lc["plan"], 2025, lc["btxh"], lc["mai"].subject,
                                on=dt.date(2025, 1, 10))
    still = exemplars.create_fostering(officer, hoa, leader=lc["dung"],
                                       goal="Đạt Chiến sĩ thi đua cơ sở")
    done = exemplars.create_fostering(officer, mai)
    exemplars.close_fostering(officer, done, done.version)
    # 1 March 2025: the Sở LĐTBXH is merged into the Sở Nội vụ.
    snv = orgs.create_unit("LC_SNV", "Sở Nội vụ tỉnh Lào Cai", "agency")
    reorganise.merge([lc["so"]], snv, dt.date(2025, 3, 1), "12/NQ-HĐND")
    office = make_user("vp_snv", role=Role.STANDING_OFFICE, unit=snv)
    return {**lc, "snv": snv, "office": office, "still": still}


def test_a_plan_rolls_over_to_the_successor_agency_with_fostered_exemplars(merged):
    old = merged["plan"]
    new, carried = rollover.roll_over(merged["office"], old, "05/KH-SNV", dt.date(2026, 1, 15))
    assert new.agency == merged["snv"]
    assert (new.start_year, new.end_year) == (2026, 2030) and new.status == Plan.IN_FORCE
    assert new.template.template_id == "lao-cai-sldtbxh-qpan-2026-2030"
    # the rolled-over template belongs to the plan's agency: its office edits it
    assert new.template.owner == merged["snv"]
    assert policy.can(merged["office"], "edit_template", new.template)
    assert "2026–2030" in new.title and "2022–2025" not in new.title
    t = load_template(new.template_text)
    assert (t.start, t.end) == (2026, 2030)
    # the same criteria as the old template, the schedule moved into the new period
    old_t = load_template(old.template_text)
    assert [p.id for p in t.profiles] == [p.id for p in old_t.profiles]
    assert new.deadlines.exists()
    assert {d.year for d in new.deadlines.all()} <= set(range(2026, 2031))
    assert new.deadlines.filter(due=dt.date(2026, 3, 5)).exists()  # the first-year exception
    # the candidate still being fostered is carried over, the closed one is not
    assert [r.subject.code for r in carried] == ["LC001"]
    reg = Registration.objects.get(plan=new)
    assert reg.year == 2026 and reg.unit == merged["ldvl"]
    assert reg.fostering.goal == "Đạt Chiến sĩ thi đua cơ sở"
    assert reg.fostering.leader == merged["dung"] and reg.fostering.status == FosteringPlan.OPEN
    merged["still"].refresh_from_db()
    assert merged["still"].status == FosteringPlan.CLOSED
    # the old plan stays as it was: history
    old.refresh_from_db()
    assert old.agency == merged["so"] and old.end_year == 2025
    entry = AuditEntry.objects.get(action="plan.roll_over")
    assert entry.after["carried_over"] == ["LC001"]
    # rolling the same plan again is refused, nothing doubled
    with pytest.raises(rollover.PlanError):
        rollover.roll_over(merged["office"], old, "06/KH-SNV", dt.date(2026, 1, 16))
    assert Plan.objects.filter(agency=merged["snv"]).count() == 1


def test_only_the_successors_office_may_roll_over(merged, make_user):
    outsider = make_user("vp_ht", role=Role.STANDING_OFFICE, unit=merged["other"])
    with pytest.raises(rollover.PermissionDenied):
        rollover.roll_over(outsider, merged["plan"], "05/KH-SNV", dt.date(2026, 1, 15))
    assert not Plan.objects.filter(start_year=2026).exists()


def test_the_roll_over_page_shows_what_changes_then_issues_the_plan(client, merged):
    client.force_login(merged["office"])
    url = f"/plans/{merged['plan'].pk}/roll-over/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sở Nội vụ tỉnh Lào Cai" in html and "Nguyễn Thị Hoa" in html
    assert "2022–2025" in html and "2026–2030" in html  # the period, before and after
    bad = client.post(url, {"number": "năm", "issued_on": "15/01/2026",
                            "start_year": 2026, "end_year": 2030})
    assert bad.status_code == 400 and "12/KH-SLĐTBXH" in bad.content.decode()
    done = client.post(url, {"number": "05/KH-SNV", "issued_on": "15/01/2026",
                             "start_year": 2026, "end_year": 2030})
    new = Plan.objects.get(number="05/KH-SNV")
    assert done.status_code == 302 and done["Location"] == f"/plans/{new.pk}/"


def test_the_template_editor_shows_what_changed_from_the_template_it_came_from(client,
                                                                              merged):
    rollover.roll_over(merged["office"], merged["plan"], "05/KH-SNV", dt.date(2026, 1, 15))
    client.force_login(merged["office"])
    html = client.get("/plans/templates/lao-cai-sldtbxh-qpan-2026-2030/").content.decode()
    assert 'id="template-changes"' in html
    assert "Giai đoạn" in html and "2022–2025" in html and "2026–2030" in html
    changes = rollover.template_changes(
        PlanTemplate.objects.get(template_id="lao-cai-sldtbxh-qpan-2022-2025").text,
        PlanTemplate.objects.get(template_id="lao-cai-sldtbxh-qpan-2026-2030").text)
    whats = [c["what"] for c in changes]
    assert "Giai đoạn" in whats
    assert not any(w.startswith("Tiêu chí") for w in whats)  # the criteria are the same


def test_registration_on_an_ended_plan_is_not_offered_and_points_to_the_plan_in_force(
        client, make_user, settings):
    settings.EXEMPLARS_TODAY = "2026-03-01"
    lc = lao_cai()
    office = make_user("vp_sld", role=Role.STANDING_OFFICE, unit=lc["so"])
    old = lc["plan"]
    new, _ = rollover.roll_over(office, old, "05/KH-SLĐTBXH", dt.date(2026, 1, 15))
    client.force_login(make_user("cb_ldvl", role=Role.UNIT_OFFICER, unit=lc["ldvl"]))
    html = client.get(f"/exemplars/plans/{old.pk}/2025/registrations/").content.decode()
    assert 'id="registration-closed"' in html and "không nhận đăng ký mới" in html
    assert 'id="register-form"' not in html
    assert f'href="/exemplars/plans/{new.pk}/2026/registrations/"' in html
    assert "Kế hoạch số 05/KH-SLĐTBXH của Sở Lao động" in html and "(2026–2030)" in html
    # the plan in force offers it
    html = client.get(f"/exemplars/plans/{new.pk}/2026/registrations/").content.decode()
    assert 'id="register-form"' in html and 'id="registration-closed"' not in html


def test_a_2021_2025_plan_rolls_to_2026_2030_for_the_successor(make_user):
    from tests.factories.exemplars import adopt

    lc = lao_cai()
    plan = adopt("binh-phuoc-sldtbxh-2021-2025", lc["so"], "12/KH-SLĐTBXH")
    officer = make_user("cb", role=Role.UNIT_OFFICER, unit=lc["so"])
    reg, _ = exemplars.register(officer, plan, 2025, lc["btxh"], lc["mai"].subject,
                                on=dt.date(2025, 2, 10))
    exemplars.create_fostering(officer, reg, goal="Hoàn thành xuất sắc nhiệm vụ 2025")
    snv = orgs.create_unit("LC_SNV", "Sở Nội vụ tỉnh Lào Cai", "agency")
    reorganise.merge([lc["so"]], snv, dt.date(2025, 3, 1), "12/NQ-HĐND")
    office = make_user("vp_snv", role=Role.STANDING_OFFICE, unit=snv)
    new, carried = rollover.roll_over(office, plan, "03/KH-SNV", dt.date(2026, 1, 20))
    assert new.template.template_id == "binh-phuoc-sldtbxh-2026-2030"
    assert (new.start_year, new.end_year, new.agency) == (2026, 2030, snv)
    assert new.template.agency == "Sở Nội vụ tỉnh Lào Cai"
    assert [(r.subject.code, r.year, r.fostering.goal) for r in carried] == [
        ("LC003", 2026, "Hoàn thành xuất sắc nhiệm vụ 2025")]
    # the final conference of the period moved to the new period's last year
    assert new.deadlines.filter(year=2030).exists()
    assert not new.deadlines.filter(year__lt=2026).exists()
