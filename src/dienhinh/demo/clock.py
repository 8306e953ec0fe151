"""The demo's history happens on its own dates, not on the day the demo is built.

Services stamp their acts with `timezone.now()` (a ballot's opening and count, the day a
conference is set up, which dates its invitation). `at(day, hour)` makes that "now" the
day the demo's story says, so that a document carries one date for one act: minutes of
a count on the meeting's day, before the decision that rests on them; an invitation
sent before the conference, not on its morning.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from unittest import mock

from django.utils import timezone


@contextlib.contextmanager
def at(day: dt.date, hour: int, minute: int = 0):
    """`timezone.now()` is `day` at `hour:minute` in Việt Nam's time within the block."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment
