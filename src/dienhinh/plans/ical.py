"""The iCalendar feed (RFC 5545) of a user's deadlines.

The `icalendar` package writes the text: CRLF line ends, lines folded at 75
octets (never inside a UTF-8 character), commas, semicolons and backslashes
escaped. Each deadline is an all-day VEVENT whose UID is derived from the plan, the
step and the date, so calendar programs recognise it across regenerations.
"""

from __future__ import annotations

import datetime as dt
import secrets

import icalendar
from django.utils import timezone

from .models import CalendarFeed, PlanDeadline


def feed_for(user, reset: bool = False) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
    if reset:
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token"])
    return feed


def summary(deadline: PlanDeadline) -> str:
    when = "trước ngày" if deadline.before else "hạn"
    return f"[{deadline.plan.number}] {deadline.task.label} ({when} {deadline.due:%d/%m/%Y})"


def uid(deadline: PlanDeadline) -> str:
    return f"plan-{deadline.plan_id}-{deadline.task.step_id}-{deadline.due:%Y%m%d}@dienhinh"


def calendar_bytes(deadlines, name: str = "Hạn kế hoạch điển hình tiên tiến",
                   extra=()) -> bytes:
    """The feed: the plans' deadlines, then the other apps' dated work (`extra`, events
    of `calendar_sources`)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//dienhinh//Ke hoach dien hinh tien tien//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for d in deadlines:
        event = icalendar.Event()
        event.add("uid", uid(d))
        event.add("dtstamp", stamp)
        event.add("dtstart", d.due)  # a date: VALUE=DATE, an all-day event
        event.add("dtend", d.due + dt.timedelta(days=1))
        event.add("summary", summary(d))
        event.add("description", (
            f"Kế hoạch số {d.plan.number} ngày {d.plan.issued_on:%d/%m/%Y} của "
            f"{d.plan.agency.name}: {d.plan.title}\nNhiệm vụ: {d.task.label}"
        ))
        event.add("transp", "TRANSPARENT")
        if d.completed_at:
            event.add("status", "CONFIRMED")
            event.add("categories", ["Đã hoàn thành"])
        cal.add_component(event)
    for e in extra:
        event = icalendar.Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", e.due)
        event.add("dtend", e.due + dt.timedelta(days=1))
        event.add("summary", f"{e.label} (hạn {e.due:%d/%m/%Y})")
        event.add("description", e.context)
        event.add("transp", "TRANSPARENT")
        if e.done:
            event.add("status", "CONFIRMED")
            event.add("categories", ["Đã hoàn thành"])
        cal.add_component(event)
    return cal.to_ical()
