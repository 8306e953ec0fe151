"""Property test: the explain engine and the set-based engine agree on random ledgers
(profile, verdict, total distance, every node's distance and words)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dienhinh.catalogue import codes as cat
from dienhinh.criteria.engine import evaluate_python, evaluate_store
from dienhinh.criteria.ledger import Ledger, Record, SubjectRow
from dienhinh.criteria.setbased import Store
from dienhinh.criteria.template import load_template
from dienhinh.plans import seeds

# Every construct of the language, beyond what the seeds use.
EXOTIC = """
id: exotic
name: Mọi cấu trúc
agency: Thử
period: {start: 2021, end: 2025}
profiles:
  - id: unit
    name: Đơn vị
    match: {subject_type: collective, unit_kinds: [agency, division, armed_unit, enterprise]}
    criteria:
      - members: {quantifier: all, criterion: {in_year: {select: {codes: [HTTNV], or_higher: true}}}}
      - members: {quantifier: any, criterion: {consecutive: {select: {codes: [LDTT]}, years: 3}}}
      - not: {count: {select: {kind: discipline}, min: 1, window: {start: 2022, end: 2023}}}
      - any:
          - every_year: {select: {codes: [TTLDTT], or_higher: true}, window: {start: 2022}}
          - in_year: {select: {codes: [CO_THI_DUA_TINH]}, year: 2023}
          - growth: {codes: [DOANH_THU], window: {start: 2022, end: 2024}}
      - pending: Đoàn kết
  - id: person
    name: Cá nhân
    match: {subject_type: individual}
    criteria:
      - own_unit: {profile: unit}
      - own_unit:
          criterion:
            members: {quantifier: none, criterion: {count: {select: {codes: [CANH_CAO]}, min: 1}}}
      - all:
          - count: {select: [{codes: [GIAY_KHEN], issuers: [SO, DON_VI]}, {kind: commendation, rank_min: 3}], min: 2}
          - consecutive: {select: {codes: [CSTDCS], or_higher: true}, years: 6}
"""
TEMPLATES = [load_template(seeds.seed_text(i)) for i in seeds.SEED_IDS] + [load_template(EXOTIC)]
CODES = [c for c in cat.ACHIEVEMENT_CODES]
ISSUERS = list(cat.ISSUERS)
LEVELS = list(cat.INITIATIVE_LEVELS)


@st.composite
def ledgers(draw):
    n_units = draw(st.integers(1, 5))
    rows, paths = [], {}
    for i in range(1, n_units + 1):
        parent = draw(st.sampled_from([None] + list(range(1, i))))
        paths[i] = (paths[parent] if parent else "/") + f"{i}/"
        kind = draw(st.sampled_from(list(cat.UNIT_KINDS)))
        rows.append(SubjectRow(i, f"U{i}", "collective", kind, "", i, paths[i]))
    for j in range(draw(st.integers(0, 6))):
        unit = draw(st.integers(1, n_units))
        rows.append(SubjectRow(100 + j, f"P{j}", "individual", rows[unit - 1].kind,
                               draw(st.sampled_from(list(cat.POSITIONS))), unit, paths[unit]))
    records = set()
    for _ in range(draw(st.integers(0, 40))):
        s = draw(st.sampled_from(rows))
        code = draw(st.sampled_from(CODES))
        kind = cat.ACHIEVEMENT_CODES[code][0]
        issuer = draw(st.sampled_from(ISSUERS)) if kind == "commendation" else ""
        level = draw(st.sampled_from(LEVELS)) if kind == "initiative" else ""
        value = draw(st.integers(0, 4)) if kind == "indicator" else None
        year = draw(st.integers(2019, 2026))
        records.add(Record(s.id, year, code, issuer, level, value))
    # the ledger's own constraints: one rating per subject and year, one indicator value
    seen, kept = set(), []
    for rec in sorted(records, key=lambda r: (r.subject_id, r.year, r.code, r.issuer, r.level)):
        kind = cat.ACHIEVEMENT_CODES[rec.code][0]
        key = (rec.subject_id, rec.year, "rating") if kind == "rating" else (
            (rec.subject_id, rec.year, rec.code) if kind == "indicator" else rec)
        if key not in seen:
            seen.add(key)
            kept.append(rec)
    return rows, kept


def summary(results):
    return {r.subject: (r.profile, r.quantitative, r.distance, r.outcomes, r.met, r.unmet,
                        r.pending) for r in results}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), st.sampled_from(TEMPLATES), st.integers(0, 4))
def test_engines_agree(data, template, offset):
    rows, records = data
    year = min(template.start + offset, template.end)
    store = Store.from_rows(rows, records)
    python = summary(evaluate_python(template, Ledger(rows, records), year))
    duck = summary(evaluate_store(template, store, year))
    assert python == duck
