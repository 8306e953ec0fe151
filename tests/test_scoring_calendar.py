"""A scoring round's due date in the calendar, the iCalendar feed and the reminders
(issue 13, Deliver 6): each unit sees its own sheet's date, the office the round's;
reminders go before and once overdue to the officers of units that have not sent, each
once, and stop when the sheet is sent."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from dienhinh.notifications.models import Notification
from dienhinh.plans import ical
from dienhinh.scoring import reminders, services
from dienhinh.scoring.models import SheetReminder
from tests.factories.scoring import YEAR, pdf, scoring_setup

pytestmark = pytest.mark.django_db
D = dt.date
DUE = D(YEAR, 12, 10)
SCORES = {"tasks": 36, "pact": 28, "emulation_work": 16, "solidarity": 9}


@pytest.fixture
def s():
    s = scoring_setup()
    s["round"] = services.open_round(s["office"], agency=s["town"],
                                     scheme_id="chung-khoi-cum-thi-dua", year=YEAR,
                                     units=[s["p1"], s["p2"]], due_on=DUE,
                                     name="Chấm điểm thi đua các phường năm 2024")
    s["sheet1"] = s["round"].sheets.get(unit=s["p1"])
    s["sheet2"] = s["round"].sheets.get(unit=s["p2"])
    return s


def _send(s, sheet):
    user = s["officer_p1"]
    sheet = services.save_self_scores(user, sheet, sheet.version,
                                      {c: (v, "") for c, v in SCORES.items()})
    for c in sheet.round.scheme.criteria:
        if c.evidence_required:
            sheet.refresh_from_db()
            services.add_evidence(user, sheet, sheet.version, c.id, pdf())
    sheet.refresh_from_db()
    return services.submit_sheet(user, sheet, sheet.version)


def test_each_unit_sees_its_sheets_due_date_and_the_office_the_rounds(client, s):
    label = "Nộp bản tự chấm điểm thi đua: Chấm điểm thi đua các phường năm 2024"
    client.force_login(s["officer_p1"])
    page = client.get(reverse("plan_calendar") + f"?view=list&year={YEAR}").content.decode()
    assert label in page and "10/12/2024" in page
    assert reverse("scoring_sheet", args=[s["sheet1"].pk]) in page
    assert reverse("scoring_sheet", args=[s["sheet2"].pk]) not in page
    month = client.get(reverse("plan_calendar") + f"?year={YEAR}&month=12").content.decode()
    cell = month.split('data-date="10/12/2024"', 1)[1].split("</td>", 1)[0]
    assert "extra-item" in cell and reverse("scoring_sheet", args=[s["sheet1"].pk]) in cell
    # another month does not list it
    assert label not in client.get(reverse("plan_calendar") + f"?year={YEAR}&month=11"
                                   ).content.decode()
    client.force_login(s["office"])
    page = client.get(reverse("plan_calendar") + f"?view=list&year={YEAR}").content.decode()
    assert "Hạn các đơn vị nộp bản tự chấm điểm: Chấm điểm thi đua các phường" in page
    client.force_login(s["outsider"])
    page = client.get(reverse("plan_calendar") + f"?view=list&year={YEAR}").content.decode()
    assert "Chấm điểm thi đua các phường" not in page


def test_the_feed_carries_the_due_date(client, s):
    feed = ical.feed_for(s["officer_p1"])
    text = client.get(reverse("plan_calendar_ics", args=[feed.token])).content.decode()
    unfolded = text.replace("\r\n ", "")
    assert f"UID:scoring-sheet-{s['sheet1'].pk}-20241210@dienhinh" in unfolded
    assert "DTSTART;VALUE=DATE:20241210" in unfolded
    assert f"scoring-sheet-{s['sheet2'].pk}-" not in unfolded
    _send(s, s["sheet1"])
    text = client.get(reverse("plan_calendar_ics", args=[feed.token])).content.decode()
    event = text.replace("\r\n ", "").split(f"UID:scoring-sheet-{s['sheet1'].pk}-")[1] \
        .split("END:VEVENT")[0]
    assert "STATUS:CONFIRMED" in event  # sent: done


def test_reminders_before_and_overdue_once_and_not_after_sending(s):
    p1, p2 = s["officer_p1"], s["officer_p2"]

    def inbox(user):
        return list(Notification.objects.filter(user=user).order_by("pk")
                    .values_list("subject", flat=True))

    assert reminders.send_sheet_reminders(D(YEAR, 11, 20), [7, 1]) == 0  # too early
    assert reminders.send_sheet_reminders(D(YEAR, 12, 3), [7, 1]) == 2
    assert reminders.send_sheet_reminders(D(YEAR, 12, 3), [7, 1]) == 0  # once
    assert reminders.send_sheet_reminders(D(YEAR, 12, 4), [7, 1]) == 0  # same kind
    assert inbox(p1) == ["Còn 7 ngày đến hạn nộp bản tự chấm điểm thi đua: UBND Phường 1"]
    # Phường 1 sends its sheet; only Phường 2 is reminded the day before and once late
    _send(s, s["sheet1"])
    assert reminders.send_sheet_reminders(D(YEAR, 12, 9), [7, 1]) == 1
    out = StringIO()
    call_command("remind_scoring", "--date", "2024-12-11", "--days", "7,1", stdout=out)
    assert "Đã gửi 1 nhắc hạn." in out.getvalue()
    call_command("remind_scoring", "--date", "2024-12-12", stdout=StringIO())
    assert inbox(p1) == ["Còn 7 ngày đến hạn nộp bản tự chấm điểm thi đua: UBND Phường 1"]
    assert inbox(p2) == [
        "Còn 7 ngày đến hạn nộp bản tự chấm điểm thi đua: UBND Phường 2",
        "Còn 1 ngày đến hạn nộp bản tự chấm điểm thi đua: UBND Phường 2",
        "Quá hạn nộp bản tự chấm điểm thi đua: UBND Phường 2"]
    assert Notification.objects.filter(user=p2).last().url == reverse(
        "scoring_sheet", args=[s["sheet2"].pk])
    assert sorted(SheetReminder.objects.values_list("kind", flat=True)) == [
        "before:1", "before:7", "before:7", "overdue"]
    with pytest.raises(Exception, match="Tham số không hợp lệ"):
        call_command("remind_scoring", "--date", "12/12/2024", stdout=StringIO())


def test_the_events_their_window_and_whether_they_are_done(s):
    from dienhinh.scoring import calendar
    from dienhinh.scoring.models import Round, ScoreSheet

    def seen(user, start, end, kind=""):
        # The office scores the units below it as well: `kind` picks the round's event.
        return [(e.due, e.label, e.context, e.url, e.done, e.uid)
                for e in calendar.events(user, start, end) if e.uid.startswith(kind)]

    sheet1, rnd = s["sheet1"], s["round"]
    sheet_event = (DUE, "Nộp bản tự chấm điểm thi đua: " + rnd.name, s["p1"].subject.name,
                   reverse("scoring_sheet", args=[sheet1.pk]), False,
                   f"scoring-sheet-{sheet1.pk}-20241210@dienhinh")
    round_event = (DUE, "Hạn các đơn vị nộp bản tự chấm điểm: " + rnd.name,
                   s["town"].subject.name, reverse("scoring_round", args=[rnd.pk]), False,
                   f"scoring-round-{rnd.pk}-20241210@dienhinh")
    # The window's bounds count, either may be open.
    for start, end in ((DUE, DUE), (None, DUE), (DUE, None), (None, None)):
        assert seen(s["officer_p1"], start, end) == [sheet_event]
        assert seen(s["office"], start, end, "scoring-round") == [round_event]
    for start, end in ((DUE + dt.timedelta(days=1), None), (None, DUE - dt.timedelta(days=1))):
        assert seen(s["officer_p1"], start, end) == [] and seen(s["office"], start, end) == []
    assert seen(s["outsider"], None, None) == []
    # One sheet sent: that unit's event is done, the round's is not until both are.
    ScoreSheet.objects.filter(pk=sheet1.pk).update(status=ScoreSheet.SUBMITTED)
    assert seen(s["officer_p1"], None, None) == [(*sheet_event[:4], True, sheet_event[5])]
    assert seen(s["office"], None, None, "scoring-round") == [round_event]
    ScoreSheet.objects.filter(pk=s["sheet2"].pk).update(status=ScoreSheet.VERIFIED)
    assert seen(s["office"], None, None, "scoring-round") == [(*round_event[:4], True, round_event[5])]
    # A closed round is done whatever its sheets.
    ScoreSheet.objects.update(status=ScoreSheet.DRAFT)
    Round.objects.filter(pk=rnd.pk).update(status=Round.CLOSED)
    assert seen(s["office"], None, None, "scoring-round") == [(*round_event[:4], True, round_event[5])]
