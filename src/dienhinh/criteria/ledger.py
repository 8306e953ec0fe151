"""The ledger as the engines see it: plain rows, no Django.

`SubjectRow.unit_id` is the subject's own unit (a person's unit; a collective is its
own unit) and `path` that unit's materialised path in today's tree ("/1/5/23/"),
so "members of unit U" are the people whose path starts with U's path.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectRow:
    id: int
    code: str
    type: str  # individual | collective
    kind: str  # unit kind (a person: the kind of its unit)
    position: str  # '' for collectives
    unit_id: int
    path: str


@dataclass(frozen=True)
class Record:
    subject_id: int
    year: int
    code: str
    issuer: str = ""
    level: str = ""
    value: object = None  # Decimal, int or float for indicators
    decision_no: str = ""


class Ledger:
    """Subjects and their records, with a members index built on first use."""

    def __init__(self, subjects, records):
        self.subjects: dict[int, SubjectRow] = {s.id: s for s in subjects}
        self.by_code = {s.code: s for s in self.subjects.values()}
        self.records: dict[int, list[Record]] = defaultdict(list)
        for r in records:
            self.records[r.subject_id].append(r)
        self._members = None

    def members(self, unit_id: int) -> list[SubjectRow]:
        """The people whose unit is `unit_id` or below it (their path passes through it).

        Found by one scan per unit asked about, remembered: explaining one unit asks
        once, where indexing every unit of a province first would cost more.
        """
        if self._members is None:
            self._members = {}
        found = self._members.get(unit_id)
        if found is None:
            needle = f"/{unit_id}/"
            found = self._members[unit_id] = [
                s for s in self.subjects.values() if s.type == "individual" and needle in s.path]
        return found
