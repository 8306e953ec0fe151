"""Schedules and duties as the seed plans write them (issue 15): Lào Cai's clashing
2022 dates are shown to the office (plan page, calendar, template editor) rather than
kept silently; the plan page lists reviews, replication channels and benefits."""

import datetime as dt

import pytest
from django.urls import reverse

from dienhinh.criteria import schedule
from dienhinh.criteria.template import load_template, validate_template
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from dienhinh.plans import plan_services, seeds
from dienhinh.plans.models import PlanTemplate

D = dt.date
LC = "lao-cai-sldtbxh-qpan-2022-2025"
BP = "binh-phuoc-sldtbxh-2021-2025"


def test_lao_cai_2022_clash_only_in_2022():
    t = load_template(seeds.seed_text(LC))
    [clash] = schedule.clashes(t)
    assert (clash.year, clash.step, clash.first) == (2022, "send_police", "register")
    assert clash.step_due.date == D(2022, 1, 25) and clash.first_due.date == D(2022, 3, 5)
    assert "Năm 2022" in clash.message and "25/01/2022" in clash.message
    assert "05/03/2022" in clash.message and "mâu thuẫn" in clash.message
    for template_id in seeds.SEED_IDS:
        if template_id != LC:
            assert schedule.clashes(load_template(seeds.seed_text(template_id))) == []


def test_after_must_name_an_earlier_step_and_effective_from_a_date():
    text = seeds.seed_text(LC).replace("after: [register]", "after: [khong_co]")
    assert [e.path for e in validate_template(text)] == ["$.steps[1].after"]
    text = seeds.seed_text(BP).replace('effective_from: "2021-09-27"',
                                       'effective_from: "2031-01-01"')
    assert [e.path for e in validate_template(text)] == ["$.effective_from"]


def test_effective_from_drops_earlier_dates():
    t = load_template(seeds.seed_text(BP).replace(
        "month: 1, day: 10, following_year: true", "month: 1, day: 10"))
    assert schedule.effective_from(t) == D(2021, 9, 27)
    # Without "the year after", the 2021 dates would fall before the plan took effect.
    assert "recognise" not in {d.step for d in schedule.deadlines(t, 2021)}
    assert {d.date for d in schedule.deadlines(t, 2022) if d.step == "recognise"} == {
        D(2022, 1, 10)}


def test_duties_are_typed_for_the_features_that_use_them():
    nn = load_template(seeds.seed_text("nga-nam-ubnd-2021-2025"))
    [radio] = nn.channels("radio")
    assert radio.title == "Gương điển hình tiên tiến" and radio.section == "mục III.2"
    assert nn.channels("portal_column")
    kh = load_template(seeds.seed_text("khanh-hoa-stnmt-2021-2025"))
    [column] = kh.channels("portal_column")
    assert column.responsible.startswith("Trung tâm Công nghệ thông tin")
    lc = load_template(seeds.seed_text(LC))
    reviews = {r.kind: r for r in lc.reviews}
    assert reviews["midterm"].deadline == {"once_before": "2023-06-11"}
    assert reviews["final"].deadline == {"in_quarter": {"year": 2025, "quarter": 4}}
    assert reviews["final"].conference
    bp = load_template(seeds.seed_text(BP))
    assert {b.kind for b in bp.benefits} == {"reward", "certificate", "bonus", "study_visit"}
    assert [r.kind for r in bp.reviews] == ["yearly", "final"]
    # A copy written before items were typed still loads: a plain string is "other".
    old = seeds.seed_text(BP).split("replication:")[0] + "replication:\n  - Thông báo tại cơ quan\n"
    assert [(r.channel, r.text) for r in load_template(old).replication] == [
        ("other", "Thông báo tại cơ quan")]


@pytest.fixture
def lao_cai(db, make_user):
    agency = orgs.create_unit("SO", "Sở Lao động – Thương binh và Xã hội", "agency")
    office = make_user("vanphong", Role.STANDING_OFFICE, agency)
    template = PlanTemplate.objects.get(template_id=LC)
    plan = plan_services.adopt(office, template, agency, "4/KH-SLĐTBXH", D(2022, 2, 1),
                               "Xây dựng và nhân rộng điển hình tiên tiến")
    plan = plan_services.put_in_force(office, plan, plan.version)
    return office, plan


def test_plan_page_shows_the_clash_and_the_duties(client, lao_cai):
    office, plan = lao_cai
    client.force_login(office)
    body = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert 'id="plan-clashes"' in body and "25/01/2022" in body and "05/03/2022" in body
    assert 'data-review="midterm"' in body and "75 năm ngày Bác Hồ" in body
    assert 'data-channel="articles"' in body and "Bài viết gửi ban biên tập" in body
    assert "articles" not in body.replace('data-channel="articles"', "")


def test_calendar_shows_the_clash_in_its_year_only(client, lao_cai):
    office, plan = lao_cai
    client.force_login(office)
    jan = client.get(reverse("plan_calendar"), {"year": 2022, "month": 1}).content.decode()
    assert 'id="calendar-clashes"' in jan and "4/KH-SLĐTBXH" in jan
    later = client.get(reverse("plan_calendar"), {"year": 2023, "month": 1}).content.decode()
    assert 'id="calendar-clashes"' not in later


def test_template_editor_warns_of_the_clash(client, make_user, db):
    client.force_login(make_user("quantri", is_superuser=True))
    body = client.get(reverse("plan_editor_edit", args=[LC])).content.decode()
    assert 'id="template-warnings"' in body and "Năm 2022" in body
    body = client.get(reverse("plan_editor_edit", args=[BP])).content.decode()
    assert 'id="template-warnings"' not in body


def test_nga_nam_quarterly_step_is_led_by_the_units_the_quota_names(db, make_user):
    town = orgs.create_unit("NN", "UBND thị xã Ngã Năm", "agency")
    named = [orgs.create_unit("NN_YT", "Trung tâm Y tế thị xã", "health_facility", town),
             orgs.create_unit("NN_GD", "Phòng Giáo dục và Đào tạo", "division", town),
             orgs.create_unit("NN_P1", "Phường 1", "commune", town),
             orgs.create_unit("NN_QS", "Ban Chỉ huy Quân sự thị xã", "armed_unit", town)]
    mttq = orgs.create_unit("NN_MT", "Ủy ban MTTQ Việt Nam thị xã", "association", town)
    named += [mttq, orgs.create_unit("NN_ND", "Hội Nông dân thị xã", "association", mttq)]
    orgs.create_unit("NN_NV", "Phòng Nội vụ", "division", town)
    orgs.create_unit("NN_TYT", "Trạm Y tế Phường 1", "health_facility", named[0])
    orgs.create_unit("NN_CLB", "Câu lạc bộ dưỡng sinh", "association", town)
    office = make_user("pnv", Role.STANDING_OFFICE, town)
    template = PlanTemplate.objects.get(template_id="nga-nam-ubnd-2021-2025")
    plan = plan_services.adopt(office, template, town, "3/KH-UBND", D(2022, 3, 1), "Kế hoạch")
    task = plan.tasks.get(step_id="quarterly_introduction")
    assert {u.code for u in task.responsible_units.all()} == {u.code for u in named}
