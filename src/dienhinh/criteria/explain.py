"""The explain engine: one subject at a time, in plain Python, with the evidence.

For every node it computes the *distance*: how many elements are missing for the
node to hold (0 = met). Both engines compute the same distances, so near misses
("fail by exactly one missing element") are `distance == 1` in either, and the
same renderer (`text.py`) words them.

Distances:
  count        max(0, min − matching records in the window)
  every_year   window years without a matching record
  consecutive  fewest missing years to complete a run of N inside the window
               (a window shorter than N also misses the years it lacks)
  in_year      0 or 1
  growth       (year, indicator) pairs not strictly greater than the year before,
               a missing value included
  all / any    sum / least of the children's
  not          1 when the inner criterion holds, else 0
  members      none: members meeting the inner criterion; all: members not meeting
               it; any: 0 if one does, else the least of theirs (1 with no members)
  own_unit     the own unit's distance for the profile's ledger criteria (summed)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .ledger import Ledger, Record, SubjectRow
from .template import Node, Template


def consecutive_distance(hits: set, w0: int, w1: int, n: int) -> int:
    length = w1 - w0 + 1
    if length <= 0:
        return n
    if length < n:
        return (length - sum(1 for y in range(w0, w1 + 1) if y in hits)) + (n - length)
    return min(
        sum(1 for y in range(s, s + n) if y not in hits) for s in range(w0, w1 - n + 2)
    )


@dataclass
class Outcome:
    distance: int
    extra: object = None  # count: records found; every_year/consecutive: year mask
    evidence: list = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.distance == 0


class Evaluator:
    """Evaluates a template's nodes for subjects of one ledger at one year."""

    def __init__(self, template: Template, ledger: Ledger, year: int):
        self.t = template
        self.ledger = ledger
        self.year = year

    def profile_for(self, s: SubjectRow):
        return self.t.profile_for(s.type, s.kind, s.position)

    def outcomes(self, s: SubjectRow, profile) -> dict[int, Outcome]:
        """Outcome of every node at the subject's own level (not inside members or
        own_unit, which are summarised by their own node)."""
        out: dict[int, Outcome] = {}
        for node in profile.criteria:
            if not node.pending:
                self.node(node, s, out)
        return out

    def profile_distance(self, profile, s: SubjectRow) -> int:
        return sum(self.node(n, s, None).distance for n in profile.ledger_criteria)

    def node(self, n: Node, s: SubjectRow, out: dict | None) -> Outcome:
        result = getattr(self, "_" + n.type)(n, s, out)
        if out is not None:
            out[n.nid] = result
        return result

    def _records(self, n: Node, s: SubjectRow) -> tuple[list[Record], int, int]:
        w0, w1 = self.t.window(n, self.year)
        return [r for r in self.ledger.records.get(s.id, ())
                if w0 <= r.year <= w1 and n.matches(r.code, r.issuer, r.level)], w0, w1

    def _count(self, n, s, out):
        recs, _, _ = self._records(n, s)
        return Outcome(max(0, n.min - len(recs)), len(recs), recs)

    def _in_year(self, n, s, out):
        recs, _, _ = self._records(n, s)
        return Outcome(0 if recs else 1, len(recs), recs)

    def _every_year(self, n, s, out):
        recs, w0, w1 = self._records(n, s)
        hits = {r.year for r in recs}
        missing = sum(1 for y in range(w0, w1 + 1) if y not in hits)
        return Outcome(missing, _mask(hits, w0), recs)

    def _consecutive(self, n, s, out):
        recs, w0, w1 = self._records(n, s)
        hits = {r.year for r in recs}
        return Outcome(consecutive_distance(hits, w0, w1, n.years), _mask(hits, w0), recs)

    def _growth(self, n, s, out):
        w0, w1 = self.t.window(n, self.year)
        values = {(r.code, r.year): r.value for r in self.ledger.records.get(s.id, ())
                  if r.code in n.codes and w0 <= r.year <= w1}
        bad = 0
        for y in range(w0 + 1, w1 + 1):
            for code in n.codes:
                now, before = values.get((code, y)), values.get((code, y - 1))
                if now is None or before is None or not now > before:
                    bad += 1
        evidence = [r for r in self.ledger.records.get(s.id, ())
                    if r.code in n.codes and w0 <= r.year <= w1]
        return Outcome(bad, None, sorted(evidence, key=lambda r: (r.code, r.year)))

    def _all(self, n, s, out):
        parts = [self.node(c, s, out) for c in n.children]
        return Outcome(sum(p.distance for p in parts))

    def _any(self, n, s, out):
        parts = [self.node(c, s, out) for c in n.children]
        return Outcome(min(p.distance for p in parts))

    def _not(self, n, s, out):
        inner = self.node(n.children[0], s, out)
        return Outcome(1 if inner.met else 0, None, inner.evidence if inner.met else [])

    def _members(self, n, s, out):
        inner = n.children[0]
        members = self.ledger.members(s.unit_id) if s.type == "collective" else []
        # A criterion on records alone has one outcome for every member without any:
        # judged once, not once per member (a province's root has 100,000 members).
        plain = not any(x.type in ("members", "own_unit") for x in inner.walk())
        blank = None
        results = []
        for m in members:
            if plain and m.id not in self.ledger.records:
                if blank is None:
                    blank = self.node(inner, m, None)
                results.append((m, blank))
            else:
                results.append((m, self.node(inner, m, None)))
        met = [m for m, o in results if o.met]
        if n.quantifier == "none":
            return Outcome(len(met), None, [m.code for m in met])
        if n.quantifier == "all":
            return Outcome(len(results) - len(met), None, [m.code for m, o in results if not o.met])
        if met:
            return Outcome(0, None, [m.code for m in met])
        return Outcome(min((o.distance for _, o in results), default=1))

    def _own_unit(self, n, s, out):
        unit = self.ledger.subjects.get(s.unit_id)
        if unit is None:
            return Outcome(1)
        if n.profile:
            profile = self.t.profile_by_id[n.profile]
            return Outcome(self.profile_distance(profile, unit), None, [unit.code])
        return Outcome(self.node(n.children[0], unit, None).distance, None, [unit.code])


def _mask(hits: set, w0: int) -> int:
    mask = 0
    for y in hits:
        if y >= w0:
            mask |= 1 << (y - w0)
    return mask
