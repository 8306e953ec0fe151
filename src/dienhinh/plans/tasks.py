"""Background work of the plans app (django-tasks; `make run` runs a db_worker)."""

import datetime as dt

from django_tasks import task

from . import reminders


@task()
def send_reminders(today: str | None = None) -> int:
    """Send the deadline reminders due today (or on the ISO date `today`)."""
    return reminders.send_due_reminders(dt.date.fromisoformat(today) if today else None)
