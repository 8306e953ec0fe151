"""Dated steps of a plan in a year, from the deadline rules of its template.

Rules (see schema.RULE): `yearly_before {month, day}`, `once_before: date`,
`quarterly` (by the end of each quarter), `in_quarter {year, quarter}`,
`in_half {year, half}`, `in_year: year`, `yearly` (by the end of each year). A
step's `exceptions` replace the yearly rule in one year ("2022: before 5 March").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


@dataclass(frozen=True)
class Deadline:
    step: str
    label: str
    date: dt.date
    before: bool  # True: strictly before the date ("trước ngày"); False: by the date


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def step_deadlines(step: dict, year: int) -> list[Deadline]:
    rule = step.get("deadline")
    if not rule:
        return []
    sid, label = step["id"], step["label"]
    for ex in step.get("exceptions", []):
        if ex["year"] == year:
            return [Deadline(sid, label, _date(ex["before"]), True)]
    if "yearly_before" in rule:
        r = rule["yearly_before"]
        return [Deadline(sid, label, dt.date(year, r["month"], r["day"]), True)]
    if "once_before" in rule:
        d = _date(rule["once_before"])
        return [Deadline(sid, label, d, True)] if d.year == year else []
    if "quarterly" in rule:
        return [Deadline(sid, label, dt.date(year, *QUARTER_END[q]), False) for q in range(1, 5)]
    if "in_quarter" in rule:
        r = rule["in_quarter"]
        return [Deadline(sid, label, dt.date(year, *QUARTER_END[r["quarter"]]), False)] \
            if r["year"] == year else []
    if "in_half" in rule:
        r = rule["in_half"]
        return [Deadline(sid, label, dt.date(year, *QUARTER_END[2 * r["half"]]), False)] \
            if r["year"] == year else []
    if "in_year" in rule:
        return [Deadline(sid, label, dt.date(year, 12, 31), False)] if rule["in_year"] == year else []
    if "yearly" in rule:
        return [Deadline(sid, label, dt.date(year, 12, 31), False)]
    return []


def deadlines(template, year: int) -> list[Deadline]:
    """Every dated step of the template in `year`, by date."""
    found = []
    for step in template.steps:
        found.extend(step_deadlines(step, year))
    return sorted(found, key=lambda d: (d.date, d.step))
