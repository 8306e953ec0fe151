"""The calendar screen (month and list) and the per-user iCalendar feed."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from dienhinh.orgs.models import Role
from dienhinh.plans import ical, plan_services
from dienhinh.plans.models import CalendarFeed, PlanTemplate

D = dt.date


@pytest.fixture
def world(tree, make_user):
    office = make_user("vanphong", Role.STANDING_OFFICE, tree["sct"])
    officer = make_user("canbo_qlcn", Role.UNIT_OFFICER, tree["qlcn"])
    outsider = make_user("canbo_snv", Role.UNIT_OFFICER, tree["other"])
    template = PlanTemplate.objects.get(template_id="lao-cai-sldtbxh-qpan-2022-2025")
    plan = plan_services.adopt(office, template, tree["sct"], "12/KH-SCT", D(2022, 2, 1),
                               "Xây dựng điển hình; “tiên tiến”, năm 2022\\2025")
    plan_services.update_plan(office, plan, plan.version,
                              responsible={"register": [tree["qlcn"]],
                                           "fostering_report": [tree["vp"]]})
    plan_services.put_in_force(office, plan, plan.version)
    return {**tree, "office": office, "officer": officer, "outsider": outsider, "plan": plan}


def test_month_view_has_vietnamese_names_and_the_users_deadlines(client, world):
    client.force_login(world["officer"])
    response = client.get(reverse("plan_calendar"), {"year": 2022, "month": 3})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tháng Ba năm 2022" in body
    for name in ("Thứ Hai", "Thứ Bảy", "Chủ Nhật"):
        assert name in body
    assert 'data-date="05/03/2022"' in body
    assert "Trước ngày 05/03/2022" in body  # the list below the grid
    # the officer of Phòng QLCN sees registration, not Văn phòng's fostering report
    nov = client.get(reverse("plan_calendar"), {"year": 2022, "month": 11}).content.decode()
    assert "Trước ngày 20/11/2022" not in nov and "kế hoạch bồi dưỡng" not in nov


def test_list_view_for_a_year_and_agency_office_sees_all(client, world):
    client.force_login(world["office"])
    body = client.get(reverse("plan_calendar"), {"view": "list", "year": 2023}).content.decode()
    for date in ("20/01/2023", "25/01/2023", "11/06/2023", "20/11/2023", "31/12/2023"):
        assert date in body
    assert "20/01/2024" not in body


def test_other_agency_sees_no_deadline(client, world):
    client.force_login(world["outsider"])
    body = client.get(reverse("plan_calendar"), {"view": "list", "year": 2023}).content.decode()
    assert "Không có hạn nào" in body and "12/KH-SCT" not in body


def test_bad_calendar_parameters_fall_back(client, world):
    client.force_login(world["office"])
    assert client.get(reverse("plan_calendar"), {"year": "x", "month": "13"}).status_code == 200


def test_mark_done_from_the_calendar(client, world):
    from dienhinh.plans.models import PlanDeadline

    d = PlanDeadline.objects.get(plan=world["plan"], task__step_id="register", year=2023)
    client.force_login(world["outsider"])
    assert client.post(reverse("deadline_done", args=[d.pk])).status_code == 404
    client.force_login(world["officer"])
    assert client.post(reverse("deadline_done", args=[d.pk]),
                       {"next": "/calendar/?view=list"}).status_code == 302
    d.refresh_from_db()
    assert d.completed_at is not None


def _feed(client, user):
    client.force_login(user)
    assert client.post(reverse("plan_calendar_feed_new")).status_code == 302
    page = client.get(reverse("plan_calendar_feed")).content.decode()
    token = CalendarFeed.objects.get(user=user).token
    assert token in page
    client.logout()
    return reverse("plan_calendar_ics", args=[token])


def test_ical_feed_parses_back_without_a_session(client, world):
    url = _feed(client, world["officer"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0"
    events = [c for c in cal.walk("VEVENT")]
    starts = {(e["DTSTART"].dt, str(e["SUMMARY"])) for e in events}
    assert any(start == D(2022, 3, 5) and "trước ngày 05/03/2022" in summary
               and "Mỗi đơn vị đăng ký" in summary for start, summary in starts)
    assert all(type(e["DTSTART"].dt) is dt.date for e in events)  # all-day
    assert all(e["DTEND"].dt - e["DTSTART"].dt == dt.timedelta(days=1) for e in events)
    assert not any("20/11" in s for _, s in starts)  # not the officer's task
    # RFC 5545: CRLF line ends, lines at most 75 octets, escaped text
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert any(line.startswith(b" ") for line in lines)  # long Vietnamese lines are folded
    assert b"DTSTART;VALUE=DATE:20220305" in raw
    unfolded = raw.replace(b"\r\n ", b"")
    assert "Xây dựng điển hình\\; “tiên tiến”\\, năm 2022\\\\2025".encode() in unfolded
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    # the UID is stable across requests and regeneration
    plan_services.generate_deadlines(world["plan"])
    again = icalendar.Calendar.from_ical(client.get(url).content)
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(uids)


def test_unknown_or_reset_token_is_404(client, world):
    url = _feed(client, world["officer"])
    assert client.get(reverse("plan_calendar_ics", args=["khong-co"])).status_code == 404
    client.force_login(world["officer"])
    client.post(reverse("plan_calendar_feed_new"))
    client.logout()
    assert client.get(url).status_code == 404
    world["officer"].is_active = False
    world["officer"].save()
    new = CalendarFeed.objects.get(user=world["officer"]).token
    assert client.get(reverse("plan_calendar_ics", args=[new])).status_code == 404


def test_reading_the_feed_page_creates_nothing(client, world):
    client.force_login(world["officer"])
    page = client.get(reverse("plan_calendar_feed"))
    assert page.status_code == 200 and "Bạn chưa có đường dẫn lịch" in page.content.decode()
    assert not CalendarFeed.objects.filter(user=world["officer"]).exists()
    # The old way of replacing (POST to the page) is not a way any more.
    assert client.post(reverse("plan_calendar_feed")).status_code == 405
    assert not CalendarFeed.objects.filter(user=world["officer"]).exists()
    assert client.get(reverse("plan_calendar_feed_new")).status_code == 405
    assert not CalendarFeed.objects.filter(user=world["officer"]).exists()
    client.post(reverse("plan_calendar_feed_new"))
    token = CalendarFeed.objects.get(user=world["officer"]).token
    client.get(reverse("plan_calendar_feed"))
    assert CalendarFeed.objects.get(user=world["officer"]).token == token


def test_feed_token_is_long_and_random(world):
    a = ical.feed_for(world["office"]).token
    b = ical.feed_for(world["officer"]).token
    assert a != b and len(a) >= 40
    assert ical.feed_for(world["office"]).token == a


def test_calendar_and_plan_list_queries_do_not_grow_with_plans(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office = world["office"]
    client.force_login(office)

    def count(url, params):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx.captured_queries)

    one = (count(reverse("plan_calendar"), {"view": "list", "year": 2023}),
           count(reverse("plan_list"), {}))
    template = world["plan"].template
    for n in (20, 21):
        plan = plan_services.adopt(office, template, world["sct"], f"{n}/KH-SCT",
                                   D(2022, 2, 1), "Thêm")
        plan_services.put_in_force(office, plan, plan.version)
    three = (count(reverse("plan_calendar"), {"view": "list", "year": 2023}),
             count(reverse("plan_list"), {}))
    assert three == one
