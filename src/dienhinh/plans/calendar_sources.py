"""Dated work of other apps shown beside the plans' deadlines in the calendar and its
iCalendar feed.

The calendar belongs to the plans app, which sits below the apps whose dates it shows
(scoring: the due date of a round's self-scoring sheets), so those apps register a
source here (in their `AppConfig.ready`) instead of the calendar importing them. A
source is `source(user, start, end) -> Iterable[Event]`: the events in the user's reach
whose date lies in [start, end] (either bound may be None).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    due: dt.date       # the last day the work may be done
    label: str         # what is due, in the system's language
    context: str       # whose it is (the scoring agency, the unit)
    url: str           # where the work is done
    done: bool
    uid: str           # stable across regenerations of the feed


Source = Callable[[object, dt.date | None, dt.date | None], Iterable[Event]]
SOURCES: list[Source] = []


def register(source: Source) -> Source:
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def events(user, start: dt.date | None = None, end: dt.date | None = None) -> list[Event]:
    if not getattr(user, "is_authenticated", False):
        return []
    found = [e for source in SOURCES for e in source(user, start, end)]
    return sorted(found, key=lambda e: (e.due, e.label, e.uid))
