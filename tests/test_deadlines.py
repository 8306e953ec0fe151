"""Deadline generation for all five seed plans across 2021–2025, from the frozen
template text; regeneration is idempotent and keeps completions."""

import datetime as dt

import pytest

from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from dienhinh.plans import plan_services
from dienhinh.plans.models import PlanDeadline, PlanTemplate

D = dt.date
PLANS = {
    "binh-phuoc-sldtbxh-2021-2025": "1/KH-SLĐTBXH",
    "khanh-hoa-stnmt-2021-2025": "2/KH-STNMT",
    "nga-nam-ubnd-2021-2025": "3/KH-UBND",
    "lao-cai-sldtbxh-qpan-2022-2025": "4/KH-SLĐTBXH",
    "ha-tinh-sct-2021-2025": "5/KH-SCT",
}


@pytest.fixture
def plans(db, make_user):
    agency = orgs.create_unit("SO", "Sở Thử nghiệm", "agency")
    orgs.create_unit("SO_VP", "Văn phòng Sở", "division", agency)
    orgs.create_unit("SO_TT", "Trung tâm Dịch vụ việc làm", "service_unit", agency)
    office = make_user("vanphong", Role.STANDING_OFFICE, agency)
    out = {}
    for template_id, number in PLANS.items():
        template = PlanTemplate.objects.get(template_id=template_id)
        plan = plan_services.adopt(office, template, agency, number, D(2022, 1, 5),
                                   f"Kế hoạch {template_id}")
        out[template_id] = plan_services.put_in_force(office, plan, plan.version)
    return out


def dues(plan, step, year=None):
    qs = PlanDeadline.objects.filter(plan=plan, task__step_id=step)
    if year:
        qs = qs.filter(year=year)
    return sorted(qs.values_list("due", flat=True))


def test_lao_cai_registration_2022_exception_and_other_years(plans):
    plan = plans["lao-cai-sldtbxh-qpan-2022-2025"]
    assert (plan.start_year, plan.end_year) == (2022, 2025)
    assert dues(plan, "register") == [D(2022, 3, 5), D(2023, 1, 20), D(2024, 1, 20),
                                      D(2025, 1, 20)]
    assert dues(plan, "send_police") == [D(y, 1, 25) for y in range(2022, 2026)]
    assert dues(plan, "fostering_report") == [D(y, 11, 20) for y in range(2022, 2026)]
    assert dues(plan, "midterm_review") == [D(2023, 6, 11)]
    assert not PlanDeadline.objects.filter(plan=plan, year=2021).exists()
    row = PlanDeadline.objects.get(plan=plan, task__step_id="register", year=2022)
    assert row.before is True and row.last_day == D(2022, 3, 4)


def test_binh_phuoc_recognises_each_year_before_10_january_of_the_next(plans):
    """"Hoàn thành trước ngày 10/01 hàng năm" (mục II.2.b): the results of year Y are
    reviewed and recognised before 10/01 of Y+1 — through 10/01/2026 for 2025, and no
    date before the plan took effect (Quyết định 2514/QĐ-UBND, 27/9/2021)."""
    plan = plans["binh-phuoc-sldtbxh-2021-2025"]
    assert dues(plan, "recognise") == [D(y + 1, 1, 10) for y in range(2021, 2026)]
    assert dues(plan, "recognise", 2025) == [D(2026, 1, 10)]
    assert dues(plan, "council_review") == [D(y + 1, 1, 10) for y in range(2021, 2026)]
    assert dues(plan, "province_dossier") == [D(y + 1, 2, 28) for y in range(2021, 2026)]
    assert not PlanDeadline.objects.filter(plan=plan, due__lt=D(2021, 9, 27)).exists()
    row = PlanDeadline.objects.get(plan=plan, task__step_id="council_review", year=2021)
    assert row.before and row.last_day == D(2022, 1, 9)


def test_ha_tinh_registration_only_in_2021(plans):
    plan = plans["ha-tinh-sct-2021-2025"]
    assert dues(plan, "register") == [D(2021, 3, 25)]
    assert dues(plan, "select_for_province") == [D(2021, 3, 30)]
    assert dues(plan, "midterm_review") == [D(2023, 6, 30)]
    assert dues(plan, "final_review") == [D(2025, 12, 31)]
    for year in (2022, 2023, 2024, 2025):
        assert dues(plan, "register", year) == []


def test_nga_nam_quarterly_by_the_end_of_each_quarter(plans):
    plan = plans["nga-nam-ubnd-2021-2025"]
    quarterly = dues(plan, "quarterly_introduction")
    assert len(quarterly) == 20
    assert dues(plan, "quarterly_introduction", 2023) == [
        D(2023, 3, 31), D(2023, 6, 30), D(2023, 9, 30), D(2023, 12, 31)]
    row = PlanDeadline.objects.filter(plan=plan, task__step_id="quarterly_introduction").first()
    assert row.before is False and row.last_day == row.due


def test_khanh_hoa_yearly_review_and_conference_in_2025(plans):
    plan = plans["khanh-hoa-stnmt-2021-2025"]
    assert dues(plan, "yearly_review") == [D(y, 12, 31) for y in range(2021, 2026)]
    assert dues(plan, "conference") == [D(2025, 12, 31)]
    assert dues(plan, "register") == []  # no date in the plan


def test_every_plan_matches_the_schedule_engine_year_by_year(plans):
    from dienhinh.plans import services

    for template_id, plan in plans.items():
        for year in range(2021, 2026):
            expected = sorted((d.step, d.date) for d in services.deadlines(template_id, year)) \
                if plan.start_year <= year <= plan.end_year else []
            stored = sorted(PlanDeadline.objects.filter(plan=plan, year=year)
                            .values_list("task__step_id", "due"))
            assert stored == expected, (template_id, year)


def test_regeneration_is_idempotent_and_keeps_completion(plans, make_user):
    plan = plans["lao-cai-sldtbxh-qpan-2022-2025"]
    before = sorted(PlanDeadline.objects.filter(plan=plan).values_list("pk", "due"))
    row = PlanDeadline.objects.get(plan=plan, task__step_id="register", year=2023)
    office = make_user("vp2", Role.STANDING_OFFICE, plan.agency)
    plan_services.complete_deadline(office, row)
    assert plan_services.generate_deadlines(plan) == 0
    assert sorted(PlanDeadline.objects.filter(plan=plan).values_list("pk", "due")) == before
    row.refresh_from_db()
    assert row.completed_at is not None


def test_frozen_text_decides_not_a_later_template_edit(plans):
    plan = plans["binh-phuoc-sldtbxh-2021-2025"]
    template = plan.template
    template.text = template.text.replace("month: 1, day: 10", "month: 1, day: 15")
    assert "day: 15" in template.text
    template.save()
    assert plan_services.generate_deadlines(plan) == 0
    assert dues(plan, "recognise", 2024) == [D(2025, 1, 10)]


def test_a_removed_date_is_removed_on_regeneration(plans):
    plan = plans["binh-phuoc-sldtbxh-2021-2025"]
    plan.template_text = plan.template_text.replace(
        "deadline: {yearly_before: {month: 2, day: 28, following_year: true}}", "")
    plan.save()
    assert plan_services.generate_deadlines(plan) == 5
    assert dues(plan, "province_dossier") == []
    assert dues(plan, "recognise") == [D(y + 1, 1, 10) for y in range(2021, 2026)]


def test_the_home_rows_are_the_relevant_deadlines(plans, make_user):
    """`relevant_deadline_rows` (the home page's list, chosen by unit paths) gives the
    deadlines `relevant_deadlines` gives, in the same order: for the agency's office,
    the officer of a division that leads some tasks (only those), a unit elsewhere, a
    superuser and a user with no role; completed ones and closed plans are left out."""
    from django.contrib.auth import get_user_model

    from dienhinh.orgs.models import Unit

    agency = Unit.objects.get(subject__code="SO")
    elsewhere = orgs.create_unit("SNV", "Sở Nội vụ", "agency")
    office = get_user_model().objects.get(username="vanphong")
    plan = plans["ha-tinh-sct-2021-2025"]
    first = PlanDeadline.objects.filter(plan=plan).order_by("due", "pk").first()
    plan_services.complete_deadline(office, first)
    closed = plans["khanh-hoa-stnmt-2021-2025"]
    plan_services.close_plan(office, closed, closed.version)
    users = {
        "office": office,
        "division": make_user("canbo_vp", Role.UNIT_OFFICER,
                              Unit.objects.get(subject__code="SO_VP")),
        "elsewhere": make_user("canbo_snv", Role.UNIT_OFFICER, elsewhere),
        "superuser": get_user_model().objects.create_superuser("quantri", "", "x-2025-y"),
        "nobody": make_user("khach"),
    }
    since, until = D(2021, 1, 1), D(2025, 12, 31)
    found = {}
    for name, account in users.items():
        expected = [(d.due, d.before, d.plan_id, d.plan.number, d.task.label)
                    for d in plan_services.relevant_deadlines(account).filter(
                        completed_at__isnull=True, due__gte=since, due__lte=until)
                    .order_by("due", "task_id")]
        rows = plan_services.relevant_deadline_rows(account, since, until, 1000)
        found[name] = [(r.due, r.before, r.plan_id, r.plan_number, r.task_label)
                       for r in rows]
        assert found[name] == expected, name
        assert plan_services.relevant_deadline_rows(account, since, until, 5) == rows[:5]
        assert [r.last_day for r in rows] == [
            r.due - dt.timedelta(days=1) if r.before else r.due for r in rows]
    assert found["office"] == found["superuser"] and found["elsewhere"] == found["nobody"] == []
    assert 0 < len(found["division"]) < len(found["office"])
    assert first.due not in {r[0] for r in found["office"] if r[4] == first.task.label}
    assert closed.pk not in {r[2] for r in found["office"]}
    assert agency.pk == plan.agency_id
