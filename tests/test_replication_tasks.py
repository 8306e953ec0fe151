"""Replication work on the home page and in reminders (issue 12): a pledge whose review
has come waits for the standing office; an adoption a year old without an evaluation
waits for the adopting unit; each is told once, with a link to the page of the task."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from dienhinh.home import home_tasks
from dienhinh.notifications.models import Notification
from dienhinh.replication import reminders, services
from tests.factories.replication import replication_setup

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def s():
    s = replication_setup()
    s["pledge"] = services.create_pledge(
        s["officer_btxh"], person=s["mai"], exemplar=s["hoa"].subject,
        content="Học tập cách tư vấn việc làm", pledged_on=D(2025, 4, 1),
        review_due=D(2025, 12, 31))
    s["adoption"] = services.register_adoption(
        s["officer_btxh"], model=s["model"], unit=s["btxh"], target="Áp dụng quy trình",
        started_on=D(2025, 4, 1))
    return s


def _kinds(user, today):
    return [(t.kind, t.url) for t in home_tasks.tasks(user, today)
            if t.kind in ("pledge", "evaluate")]


def test_due_pledges_and_adoptions_to_evaluate_are_home_tasks(s):
    pledge_url = reverse("pledge_detail", args=[s["pledge"].pk])
    adoption_url = reverse("adoption_detail", args=[s["adoption"].pk])
    assert _kinds(s["office"], D(2025, 12, 30)) == []
    assert _kinds(s["office"], D(2025, 12, 31)) == [("pledge", pledge_url)]
    # the unit reviews nothing of its own, but evaluates its adoption after a year
    assert _kinds(s["officer_btxh"], D(2026, 3, 31)) == []
    assert _kinds(s["officer_btxh"], D(2026, 4, 1)) == [("evaluate", adoption_url)]
    assert _kinds(s["outsider"], D(2026, 4, 1)) == []
    services.review_pledge(s["pledge"], s["office"], s["pledge"].version, outcome="achieved",
                           reviewed_on=D(2025, 12, 31))
    assert ("pledge", pledge_url) not in _kinds(s["office"], D(2026, 4, 1))


def test_home_page_lists_the_task_with_its_link(client, s):
    client.force_login(s["office"])
    html = client.get(reverse("home")).content.decode()
    # today is after 31/12/2025: the pledge is due
    assert reverse("pledge_detail", args=[s["pledge"].pk]) in html
    assert "Đánh giá đăng ký thi đua cùng điển hình: Phạm Thị Mai" in html


def test_reminders_are_sent_once_to_the_right_people(s):
    assert reminders.send(D(2025, 12, 30)) == 0
    assert reminders.send(D(2025, 12, 31)) == 1
    note = Notification.objects.get()
    assert note.user == s["office"]  # not the pledging unit, not the outsider
    assert note.url == reverse("pledge_detail", args=[s["pledge"].pk])
    assert "Phạm Thị Mai" in note.subject
    assert reminders.send(D(2026, 1, 1)) == 0  # once
    call_command("remind_replication", "--date", "2026-04-01")
    note = Notification.objects.exclude(user=s["office"]).get()
    assert note.user == s["officer_btxh"]
    assert note.url == reverse("adoption_detail", args=[s["adoption"].pk])
    assert reminders.send(D(2026, 4, 2)) == 0


def test_due_pledges_beyond_the_first_eight_are_counted(s):
    """The first LIMIT pledges by review date, then how many more; exactly LIMIT: no
    "more" line."""
    due = D(2025, 12, 31)
    for i in range(home_tasks.LIMIT):  # nine due in all, on successive days
        services.create_pledge(
            s["officer_btxh"], person=s["mai"], exemplar=s["hoa"].subject,
            content=f"Học tập lần {i}", pledged_on=D(2025, 4, 1),
            review_due=due - dt.timedelta(days=i + 1))
    found = [t for t in home_tasks.tasks(s["office"], D(2026, 1, 5)) if t.kind == "pledge"]
    assert [t.due for t in found[:-1]] == [
        due - dt.timedelta(days=n) for n in range(home_tasks.LIMIT, 0, -1)]
    assert found[-1].title == "Còn 1 đăng ký đến hạn đánh giá" and found[-1].due is None
    services.review_pledge(s["pledge"], s["office"], s["pledge"].version, outcome="achieved",
                           reviewed_on=D(2026, 1, 2))
    found = [t for t in home_tasks.tasks(s["office"], D(2026, 1, 5)) if t.kind == "pledge"]
    assert len(found) == home_tasks.LIMIT and all(t.due for t in found)
