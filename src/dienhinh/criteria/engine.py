"""Results of evaluating a template: the shape both engines return.

    explain(template, ledger, subject_code, year) -> Result | None   (with evidence)
    evaluate_python(template, ledger, year) -> list[Result]          (explain engine, all)
    evaluate_store(template, store, year) -> list[Result]            (set-based engine)
    near_misses(results) -> list[Result]                             (fail by exactly one)
    words_data(result) -> dict        what a result's words are made of, as JSON data
    reword(template, year, data) -> (met, unmet, pending)   those words made again, in
                                      the words in force (`text.speaking`)

`Result.outcomes` maps every subject-level node id to (distance, extra); the
property tests compare them between the engines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import text
from .explain import Evaluator
from .ledger import Ledger, Record
from .setbased import Store, decode, evaluate_rows
from .template import Template


@dataclass(slots=True)
class Result:
    subject: str
    subject_type: str
    profile: str
    quantitative: str  # pass | fail | none
    met: list = field(default_factory=list)
    unmet: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    distance: int = 0
    outcomes: dict = field(default_factory=dict)
    # (profile index, outcomes): equal signatures have equal words, so writers may cache
    signature: tuple | None = None
    # node id -> the records (or member codes) that met it: explain engine only
    evidence: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The contract's object (CONTRACT §3)."""
        return {"subject": self.subject, "subject_type": self.subject_type,
                "profile": self.profile, "quantitative": self.quantitative,
                "met": self.met, "unmet": self.unmet, "pending": self.pending}

    @property
    def near_miss(self) -> bool:
        return self.quantitative == "fail" and self.distance == 1


def near_misses(results) -> list[Result]:
    return [r for r in results if r.near_miss]


def _texts(t: Template, profile, year: int, outcomes: dict, evidence: dict | None = None):
    met, unmet, pending = [], [], []
    for node in profile.criteria:
        if node.pending:
            pending.append(text.pending_text(node))
        elif outcomes[node.nid][0] == 0:
            line = text.met_text(t, node, year)
            if evidence and evidence.get(node.nid):
                line = text.with_evidence(line, evidence[node.nid])
            met.append(line)
        else:
            unmet.append(text.unmet_text(t, node, year, outcomes))
    return met, unmet, pending


def _quantitative(profile, outcomes) -> tuple[str, int]:
    tops = profile.ledger_criteria
    if not tops:
        return "none", 0
    distance = sum(outcomes[n.nid][0] for n in tops)
    return ("pass" if distance == 0 else "fail"), distance


def explain(t: Template, ledger: Ledger, subject_code: str, year: int) -> Result | None:
    """One subject, with the records that met each criterion; None if no profile fits."""
    s = ledger.by_code.get(subject_code)
    if s is None:
        return None
    ev = Evaluator(t, ledger, year)
    profile = ev.profile_for(s)
    if profile is None:
        return None
    raw = ev.outcomes(s, profile)
    outcomes = {k: (o.distance, o.extra) for k, o in raw.items()}
    evidence = {}
    for node in profile.ledger_criteria:
        evidence[node.nid] = _collect(node, raw)
    quant, distance = _quantitative(profile, outcomes)
    met, unmet, pending = _texts(t, profile, year, outcomes, evidence)
    return Result(s.code, s.type, profile.id, quant, met, unmet, pending, distance, outcomes,
                  None, evidence)


def words_data(result: Result) -> dict:
    """What the result's words are made of — each node's distance and extra, and the
    evidence — as JSON data, so that what is stored in the contract's Vietnamese can be
    read again in another language (`reword`)."""
    def record(r):
        if isinstance(r, str):
            return r
        value = None if r.value is None else str(r.value)
        return [r.year, r.code, r.issuer, r.level, value, r.decision_no]

    return {"profile": result.profile,
            "outcomes": {str(nid): list(o) for nid, o in result.outcomes.items()},
            "evidence": {str(nid): [record(r) for r in found]
                         for nid, found in result.evidence.items() if found}}


def reword(t: Template, year: int, data: dict) -> tuple[list, list, list]:
    """(met, unmet, pending) from `words_data`, in the words in force. KeyError when the
    template no longer has the profile or a node the data speaks of."""
    profile = t.profile_by_id[data["profile"]]
    outcomes = {int(nid): tuple(o) for nid, o in data["outcomes"].items()}
    evidence = {int(nid): [r if isinstance(r, str) else Record(0, *r) for r in found]
                for nid, found in data.get("evidence", {}).items()}
    return _texts(t, profile, year, outcomes, evidence)


def _collect(node, raw) -> list:
    """The records behind a met node: through all/any, only the branches that hold."""
    o = raw.get(node.nid)
    if o is None or not o.met:
        return []
    if node.type in ("all", "any"):
        found = []
        for child in node.children:
            for item in _collect(child, raw):
                if item not in found:
                    found.append(item)
        return found
    return list(o.evidence)


def evaluate_python(t: Template, ledger: Ledger, year: int) -> list[Result]:
    """Every subject of the ledger through the explain engine (slow; for tests)."""
    ev = Evaluator(t, ledger, year)
    results = []
    for s in sorted(ledger.subjects.values(), key=lambda s: s.code):
        profile = ev.profile_for(s)
        if profile is None:
            continue
        outcomes = {k: (o.distance, o.extra) for k, o in ev.outcomes(s, profile).items()}
        quant, distance = _quantitative(profile, outcomes)
        met, unmet, pending = _texts(t, profile, year, outcomes)
        results.append(Result(s.code, s.type, profile.id, quant, met, unmet, pending,
                              distance, outcomes))
    return results


def evaluate_store(t: Template, store: Store, year: int) -> list[Result]:
    """Every subject of the store through the set-based engine."""
    return list(iter_store(t, store, year))


def iter_store(t: Template, store: Store, year: int):
    _, rows, layout = evaluate_rows(store, t, year)
    cache: dict = {}  # words depend only on the outcomes: many subjects share them
    profiles = t.profiles
    for _id, code, stype, p, quant, distance, encoded in rows:
        key = (p, encoded)
        entry = cache.get(key)
        if entry is None:
            outcomes = decode(layout[p], encoded)
            entry = (outcomes, _texts(t, profiles[p], year, outcomes))
            if len(cache) < 200_000:
                cache[key] = entry
        outcomes, (met, unmet, pending) = entry
        yield Result(code, stype, profiles[p].id, quant, met, unmet, pending, distance,
                     outcomes, key)
