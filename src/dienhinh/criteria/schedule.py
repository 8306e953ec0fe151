"""Dated steps of a plan in a year, from the deadline rules of its template.

Rules (see schema.RULE): `yearly_before {month, day}`, `once_before: date`,
`quarterly` (by the end of each quarter), `in_quarter {year, quarter}`,
`in_half {year, half}`, `in_year: year`, `yearly` (by the end of each year). A
step's `exceptions` replace the yearly rule in one year ("2022: before 5 March").

`yearly_before` with `following_year` dates the results of year Y in year Y+1 (Bình
Phước recognises a year's exemplars "trước ngày 10/01 hàng năm", i.e. of the year
after). A template's `effective_from` drops any date before the plan took effect.
`clashes` finds the years where a step is due before a step it must follow (`after`):
the plan's own dates disagree, and the office is told rather than a date being moved.
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
        due_year = year + 1 if r.get("following_year") else year
        return [Deadline(sid, label, dt.date(due_year, r["month"], r["day"]), True)]
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


def effective_from(template) -> dt.date | None:
    text = template.data.get("effective_from")
    return _date(text) if text else None


def deadlines(template, year: int) -> list[Deadline]:
    """Every dated step of the template for the work of `year`, by date."""
    found = []
    for step in template.steps:
        found.extend(step_deadlines(step, year))
    start = effective_from(template)
    if start is not None:
        found = [d for d in found if d.date >= start]
    return sorted(found, key=lambda d: (d.date, d.step))


def last_day(d: Deadline) -> dt.date:
    return d.date - dt.timedelta(days=1) if d.before else d.date


@dataclass(frozen=True)
class Clash:
    """In `year`, `step` is due before `first`, which the plan says comes before it."""

    year: int
    step: str
    step_label: str
    step_due: Deadline
    first: str
    first_label: str
    first_due: Deadline
    section: str

    @property
    def message(self) -> str:
        def when(d):
            return ("trước ngày " if d.before else "hạn ") + d.date.strftime("%d/%m/%Y")
        return (f"Năm {self.year}: “{self.step_label}” có {when(self.step_due)}, sớm hơn "
                f"bước phải làm trước, “{self.first_label}” ({when(self.first_due)}). Các "
                f"ngày của kế hoạch ({self.section}) mâu thuẫn nhau; cần thống nhất ngày "
                "thực hiện.")


def clashes(template, years=None) -> list[Clash]:
    """Every year where a step's deadline falls before that of a step it follows."""
    steps = {s["id"]: s for s in template.steps}
    found = []
    for year in years or range(template.start, template.end + 1):
        dated = {}
        for d in deadlines(template, year):
            dated.setdefault(d.step, []).append(d)
        for step in template.steps:
            for ref in step.get("after", []):
                mine, theirs = dated.get(step["id"]), dated.get(ref)
                if not mine or not theirs:
                    continue
                early = min(mine, key=last_day)
                late = max(theirs, key=last_day)
                if last_day(early) < last_day(late):
                    sections = sorted({step["section"], steps[ref]["section"]})
                    found.append(Clash(year, step["id"], step["label"], early, ref,
                                       steps[ref]["label"], late, ", ".join(sections)))
    return found
