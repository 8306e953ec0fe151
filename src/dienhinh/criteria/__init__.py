"""The criteria language and engine: plain Python, no Django import anywhere here.

A plan template (YAML or JSON; schema in `schema.py`) names a period, profiles that
choose a criteria set by subject type, unit kind and position, and for each profile
criteria over the achievement ledger (count ≥ N, every year, N consecutive years, in
year Y, growth of indicators, members' conditions, the own unit's profile, any / all
/ not) or *pending* criteria a reviewer attests. Steps, deadline rules and quotas are
data beside them (`schedule.py` turns rules into dates).

Modules and their entry points:

    template.validate_template(text) -> list[Error]      path and reason of each error
    template.load_template(text) -> Template             raises TemplateError
    ledger.SubjectRow, ledger.Record, ledger.Ledger       the engine's plain input rows
    engine.explain(template, ledger, code, year) -> Result | None
                                                          one subject, with its evidence
    engine.evaluate_python(template, ledger, year)        explain engine, every subject
    setbased.Store.from_rows(subjects, records)           DuckDB tables for a scope
    engine.evaluate_store(template, store, year)          set-based engine, one pass
    engine.iter_store(...)                                the same, streamed
    engine.near_misses(results)                           fail by exactly one element
    schedule.deadlines(template, year) -> list[Deadline]

Both engines compute, for every criterion node, the same *distance* (elements
missing; 0 = met; definitions in `explain.py`), and `text.py` words a result from
those distances only, so their verdicts and words agree — `tests/
test_criteria_properties.py` checks it on random ledgers. Django callers use
`dienhinh.plans.services`, which reads the ledger from the database.
"""
