"""Plan templates and evaluation against the ledger: the API for the other apps.

    templates() -> list[Template]                    parsed templates, by id
    get_template(id | PlanTemplate | Template) -> Template          (UnknownPlan)
    validate_template(text) -> list[Error]           path and reason of each error
    save_template(text) -> PlanTemplate              refuses an invalid one, saves nothing
    find_scope(unit_code) -> Unit                    (UnknownScope)
    check_year(template, year)                       (YearOutsidePeriod)
    lookback(template, year, years=None) -> Template the years before the period, for
                                                     discovery only (YearOutsidePeriod)
    evaluate_scope(template, scope_unit, year) -> list[Result]
        every subject in the scope (the unit, the units below it in today's tree, the
        people of those units) that matches a profile; set-based engine (DuckDB).
    iter_scope(...)                                  the same, as a generator
    evaluate_many([(template, year), ...], scope_unit) -> {template id: list[Result]}
        several plans over one scope, the ledger read once for all of them.
    explain_subject(template, subject, year) -> Result | None
        one subject with the records that met each criterion (explain engine).
    words_data(result) -> dict                       a result's words as JSON data, to
        store beside the contract's object
    reword(template, year, data) -> dict             those words again, in the language
        in force: {"met": [...], "unmet": [...], "pending": [...]}
    reader_language()                                context manager: explanations built
        inside it are worded in the active language (web pages); outside it, in the
        Vietnamese of CONTRACT §3 (command line, stored snapshots, the API's object).
    evaluate_subject(template, subject, year) -> dict | None
        CONTRACT §3's object for one subject: what `dienhinh evaluate --subject`
        prints, what a nomination stores and what the API's `evaluation` carries.
    plan_template(plan) -> Template                  the frozen rules of a plan in force
    plan_choices() -> list[PlanChoice]               id, name and period of each template
    near_misses(template, scope_unit, year) -> list[Result]   fail by exactly one
    deadlines(template, year) -> list[Deadline]      the plan's dated steps in a year

This module is the ONE adapter between the criteria engine and Django: discovery,
nominations, the command line and the API all evaluate through it, so a subject is
placed in the same profile with the same words everywhere.

`Result` is `dienhinh.criteria.engine.Result` (`as_dict()` is CONTRACT §3's object).
The ledger is read with one streamed SQL query per table (COPY on PostgreSQL) and
handed to DuckDB as CSV, so a province (≈1,000,000 records) evaluates in seconds;
permission checks are the caller's (see `dienhinh.policy`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from dataclasses import dataclass

from django.db import connections, router
from django.utils import translation

from dienhinh.catalogue.labels import pick
from dienhinh.criteria import engine, schedule
from dienhinh.criteria import text as criteria_text
from dienhinh.criteria.engine import Result
from dienhinh.criteria.ledger import Ledger, Record, SubjectRow
from dienhinh.criteria.template import Error, Template, TemplateError, load_template
from dienhinh.criteria.template import validate_template as _validate
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Person, Subject, Unit

from .models import PlanTemplate

__all__ = [
    "Error",
    "Result",
    "TemplateError",
    "UnknownPlan",
    "UnknownScope",
    "YearOutsidePeriod",
    "check_year",
    "PlanChoice",
    "deadlines",
    "evaluate_many",
    "evaluate_scope",
    "evaluate_subject",
    "explain_subject",
    "find_scope",
    "get_template",
    "iter_scope",
    "near_misses",
    "plan_choices",
    "plan_template",
    "reader_language",
    "reword",
    "words_data",
    "save_template",
    "templates",
    "validate_template",
]


class UnknownPlan(LookupError):
    pass


class UnknownScope(LookupError):
    pass


class YearOutsidePeriod(ValueError):
    pass


class _ReaderWords(criteria_text.Words):
    """The engine's phrases from the .po catalogue and the catalogue codes' names, both
    in the language active when a phrase is built."""

    def gettext(self, message):
        return translation.gettext(message)

    def ngettext(self, singular, plural, n):
        return translation.ngettext(singular, plural, n)

    def pgettext(self, context, message):
        return translation.pgettext(context, message)

    def name(self, vietnamese, english):
        return pick(vietnamese, english)


_READER = _ReaderWords()


def reader_language():
    """Explanations built inside the block speak the reader's (active) language. Only
    what is shown at once uses it: what is stored or printed by the command line stays
    in the Vietnamese of CONTRACT §3, whoever caused it."""
    return criteria_text.speaking(_READER)


_cache: dict = {}


def _parsed(row: PlanTemplate) -> Template:
    key = (row.template_id, row.updated_at, len(row.text))
    t = _cache.get(key)
    if t is None:
        t = load_template(row.text)
        _cache[key] = t
    return t


def templates() -> list[Template]:
    return [_parsed(row) for row in PlanTemplate.objects.order_by("template_id")]


@dataclass(frozen=True)
class PlanChoice:
    id: str
    name: str
    start: int
    end: int
    label: str = ""  # "Kế hoạch số 12/KH-SCT — Sở Công Thương" when a plan adopted it


def plan_choices() -> list[PlanChoice]:
    return [PlanChoice(t.id, t.name, t.start, t.end) for t in templates()]


# What a plan choice is made of (`_adopted_choices`) and the agency's path that picks
# it: not the plan's frozen template text nor the template's own (12–28 kB each, every
# plan of the province read on every discovery page).
_CHOICE_FIELDS = ("number", "start_year", "end_year", "template__template_id",
                  "template__name", "agency__path", "agency__subject__name")


def _adopted_choices(plans) -> list[PlanChoice]:
    from django.utils.translation import gettext as _

    seen, found = set(), []
    for p in plans:
        if p.template.template_id not in seen:
            seen.add(p.template.template_id)
            found.append(PlanChoice(p.template.template_id, p.template.name, p.start_year,
                                    p.end_year, _("Kế hoạch số %(n)s — %(a)s") % {
                                        "n": p.number, "a": p.agency.name}))
    return found


def plan_choices_for(subject) -> list[PlanChoice]:
    """The plans that apply to a subject: those (in force or closed) of the agencies at
    or above its unit, named by number and agency. Where no plan of those agencies is
    on record (templates not yet adopted), every template, as before."""
    from dienhinh.plans.models import Plan

    detail = subject.detail if hasattr(subject, "detail") else subject
    unit = detail if isinstance(detail, Unit) else getattr(detail, "unit", None)
    if unit is None:
        return plan_choices()
    plans = [p for p in Plan.objects.exclude(status=Plan.DRAFT)
             .select_related("template", "agency__subject").only(*_CHOICE_FIELDS)
             .order_by("start_year", "number")
             if unit.path.startswith(p.agency.path)]
    return _adopted_choices(plans) if plans else plan_choices()


def plan_choices_for_user(user, action: str = "discover") -> list[PlanChoice]:
    """The plan picker: plans of the agencies the user acts in (at, above or below its
    units), named by number and agency; every template while no plan is on record."""
    from dienhinh import policy
    from dienhinh.plans.models import Plan

    paths = policy._paths(user, action)
    plans = list(Plan.objects.exclude(status=Plan.DRAFT)
                 .select_related("template", "agency__subject").only(*_CHOICE_FIELDS)
                 .order_by("-start_year", "agency__path", "number"))
    if not plans:
        return plan_choices()
    if paths is not None:
        plans = [p for p in plans if any(path.startswith(p.agency.path)
                                         or p.agency.path.startswith(path) for path in paths)]
    return _adopted_choices(plans)


_frozen: dict[str, Template] = {}


def plan_template(plan) -> Template:
    """The rules a plan in force was adopted with (its frozen text), parsed once."""
    key = hashlib.sha256(plan.template_text.encode("utf-8")).hexdigest()
    if key not in _frozen:
        _frozen[key] = load_template(plan.template_text)
    return _frozen[key]


def get_template(template) -> Template:
    if isinstance(template, Template):
        return template
    if isinstance(template, PlanTemplate):
        return _parsed(template)
    row = PlanTemplate.objects.filter(template_id=template).first()
    if row is None:
        raise UnknownPlan(template)
    return _parsed(row)


def validate_template(text) -> list[Error]:
    return _validate(text)


def save_template(text: str, builtin: bool = False) -> PlanTemplate:
    """Create or replace a template from its YAML/JSON text; TemplateError if invalid."""
    t = load_template(text)
    row, _ = PlanTemplate.objects.update_or_create(
        template_id=t.id,
        defaults={"name": t.name, "agency": t.agency, "start_year": t.start,
                  "end_year": t.end, "source": t.data.get("source", ""),
                  "text": text if isinstance(text, str) else text.decode("utf-8"),
                  "builtin": builtin},
    )
    return row


def find_scope(unit_code: str) -> Unit:
    unit = Unit.objects.select_related("subject").filter(subject__code=unit_code).first()
    if unit is None:
        raise UnknownScope(unit_code)
    return unit


MAX_LOOKBACK = 10


def lookback(template, year: int, years: int | None = None) -> Template:
    """The template read over the `years` up to `year`, a year before its period (the
    plan's length by default): discovery before and early in a period, when the
    period itself has no records yet. Recognition never uses it: a nomination is judged
    by the plan's own window."""
    t = get_template(template)
    n = years or (t.end - t.start + 1)
    if not 1 <= n <= MAX_LOOKBACK or year >= t.start:
        raise YearOutsidePeriod(year)
    return dataclasses.replace(t, start=year - n + 1, end=year)


def check_year(t: Template, year: int) -> None:
    if not t.start <= year <= t.end:
        raise YearOutsidePeriod(year)


def deadlines(template, year: int) -> list[schedule.Deadline]:
    return schedule.deadlines(get_template(template), year)


# -- reading the ledger ------------------------------------------------------------
def _connection():
    """The connection the evaluation reads through: the replica on the pages that read
    there (core.routers), else the primary."""
    return connections[router.db_for_read(Achievement)]


def _tables():
    return (Subject._meta.db_table, Unit._meta.db_table, Person._meta.db_table,
            Achievement._meta.db_table)


def _scope_subjects_sql(unit_where: str = "u.path LIKE %s",
                        person_where: str = "u.path LIKE %s") -> str:
    """SubjectRow columns of units, then people; each branch filtered by its clause."""
    subject, unit, person, _ = _tables()
    return (
        f"SELECT s.id, s.code, s.type, u.kind, '' AS position, u.subject_id AS unit_id, u.path "
        f"FROM {subject} s JOIN {unit} u ON u.subject_id = s.id WHERE {unit_where} "
        f"UNION ALL "
        f"SELECT s.id, s.code, s.type, u.kind, p.position, p.unit_id, u.path "
        f"FROM {subject} s JOIN {person} p ON p.subject_id = s.id "
        f"JOIN {unit} u ON u.subject_id = p.unit_id WHERE {person_where}"
    )


def _codes(t: Template) -> list[str]:
    found = set()
    for n in t.nodes():
        for s in n.select:
            found |= s.codes
        found |= set(n.codes)
    return sorted(found)


def _years(t: Template, year: int) -> tuple[int, int]:
    spans = [t.window(n, year) for n in t.nodes()
             if n.type in ("count", "in_year", "every_year", "consecutive", "growth")]
    if not spans:
        return t.start, year
    return min(a for a, _ in spans), max(b for _, b in spans)


def _wanted(plans) -> tuple[list[str], int, int]:
    """The codes and the span of years that the (template, year) pairs read."""
    codes = sorted({c for t, y in plans for c in _codes(t)})
    spans = [_years(t, y) for t, y in plans]
    return codes, min(a for a, _ in spans), max(b for _, b in spans)


def _ledger_sql(codes: list[str], lo: int, hi: int, subject_filter: str | None,
                scan: bool = False) -> tuple[str, list]:
    table = _tables()[3]
    codes = codes or [""]
    marks = ", ".join(["%s"] * len(codes))
    # NOT INDEXED (SQLite): when most rows are wanted, one pass over the table beats
    # a lookup of every row through the (code, year) index, about twice over.
    hint = " NOT INDEXED" if scan else ""
    sql = (f"SELECT a.subject_id, a.year, a.code, a.issuer, a.level, a.value "
           f"FROM {table} a{hint} WHERE a.year BETWEEN %s AND %s AND a.code IN ({marks})")
    if subject_filter:
        sql += f" AND a.subject_id IN ({subject_filter})"
    return sql, [lo, hi, *codes]


def _most_rows(codes: list[str], lo: int, hi: int) -> bool:
    """Whether the records wanted are more than an eighth of the ledger (SQLite only:
    PostgreSQL's planner weighs this itself). Both counts are answered by indexes."""
    if _connection().vendor != "sqlite":
        return False
    table = _tables()[3]
    codes = codes or [""]
    marks = ", ".join(["%s"] * len(codes))
    with _connection().cursor() as cur:
        cur.execute(f"SELECT (SELECT count(*) FROM {table} WHERE year BETWEEN %s AND %s "
                    f"AND code IN ({marks})), (SELECT count(*) FROM {table})", [lo, hi, *codes])
        wanted, total = cur.fetchone()
    return wanted * 8 > total


def _to_csv(path: str, sql: str, params: list) -> None:
    """The query's rows as CSV (NULL written empty) without a Python object per value
    where the database can help: PostgreSQL's COPY writes the CSV itself."""
    from dienhinh.criteria.setbased import write_csv

    if _connection().vendor == "postgresql":
        with _connection().cursor() as cur, open(path, "wb") as fh:
            # Parameters are bound on the client (Django's default psycopg cursor).
            with cur.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy:
                for block in copy:
                    fh.write(block)
        return
    # The DB-API cursor under Django's wrapper: its per-row generator would cost more
    # than the read itself at a million rows.
    with _connection().chunked_cursor() as cur:
        cur.execute(sql, params)
        write_csv(path, cur.cursor)


def load_store(plans, scope_unit: Unit, year: int | None = None):
    """The scope's subjects and the records that the plans read, in one DuckDB store.

    `plans` is a list of (template, year) pairs, read together so that several plans
    cost one pass over the ledger; a single template with `year` is accepted too.
    """
    from dienhinh.criteria.setbased import Store

    if isinstance(plans, Template):
        plans = [(plans, year)]
    codes, lo, hi = _wanted(plans)
    like = scope_unit.path + "%"
    _, unit, person, _ = _tables()
    ids = (f"SELECT u.subject_id FROM {unit} u WHERE u.path LIKE %s UNION ALL "
           f"SELECT p.subject_id FROM {person} p JOIN {unit} u ON u.subject_id = p.unit_id "
           f"WHERE u.path LIKE %s")
    if Unit.objects.exclude(path__startswith=scope_unit.path).exists():
        ledger_sql, params = _ledger_sql(codes, lo, hi, ids)
        params += [like, like]
    else:
        # The scope is the whole tree: filtering by subject would only cost time.
        ledger_sql, params = _ledger_sql(codes, lo, hi, None, scan=_most_rows(codes, lo, hi))
    store = Store()
    with tempfile.TemporaryDirectory(prefix="dienhinh-eval-") as tmp:
        s_path, l_path = os.path.join(tmp, "s.csv"), os.path.join(tmp, "l.csv")
        _to_csv(s_path, _scope_subjects_sql(), [like, like])
        _to_csv(l_path, ledger_sql, params)
        store.load_csv(s_path, l_path)
    return store


def iter_scope(template, scope_unit: Unit, year: int):
    t = get_template(template)
    check_year(t, year)
    store = load_store([(t, year)], scope_unit)
    yield from engine.iter_store(t, store, year)


def evaluate_scope(template, scope_unit: Unit, year: int) -> list[Result]:
    return list(iter_scope(template, scope_unit, year))


def evaluate_many(plans, scope_unit: Unit) -> dict[str, list[Result]]:
    """Several (template, year) pairs over one scope, the ledger read once for all:
    {template id: results}."""
    pairs = [(get_template(t), year) for t, year in plans]
    if not pairs:
        return {}
    for t, year in pairs:
        check_year(t, year)
    store = load_store(pairs, scope_unit)
    return {t.id: list(engine.iter_store(t, store, year)) for t, year in pairs}


def near_misses(template, scope_unit: Unit, year: int) -> list[Result]:
    return engine.near_misses(iter_scope(template, scope_unit, year))


# -- one subject -------------------------------------------------------------------
def _subject_rows(unit_where: str, person_where: str, params: list) -> list[SubjectRow]:
    with _connection().cursor() as cur:
        cur.execute(_scope_subjects_sql(unit_where, person_where), params)
        return [SubjectRow(*row) for row in cur.fetchall()]


def _records(t: Template, year: int, ids: list[int] | None, codes: list[str] | None = None,
             members_of: str | None = None) -> list[Record]:
    """Records of the template's codes and years, of the subjects `ids` or else of the
    people at or below the unit whose path is `members_of` (one subquery, not a list of
    a province's 100,000 ids)."""
    _, unit, person, table = _tables()
    lo, hi = _years(t, year)
    codes = codes if codes is not None else _codes(t)
    if not codes or (members_of is None and not ids):
        return []
    if members_of is None:
        who, params = f"({', '.join(['%s'] * len(ids))})", list(ids)
    else:
        who = (f"(SELECT p.subject_id FROM {person} p JOIN {unit} u "
               f"ON u.subject_id = p.unit_id WHERE u.path LIKE %s)")
        params = [members_of + "%"]
    sql = (f"SELECT subject_id, year, code, issuer, level, value, decision_no FROM {table} "
           f"WHERE year BETWEEN %s AND %s AND code IN ({', '.join(['%s'] * len(codes))}) "
           f"AND subject_id IN {who} ORDER BY year, code")
    with _connection().cursor() as cur:
        cur.execute(sql, [lo, hi, *codes, *params])
        return [Record(*row) for row in cur.fetchall()]


def explain_subject(template, subject, year: int) -> Result | None:
    """One subject's verdict with its evidence; None when no profile of the plan fits.

    `subject` is a Subject, Unit, Person or a subject code. Only what the criteria
    need is read: the subject, its own unit, and — when a profile has a members
    condition — the members' records of the codes that condition names.
    """
    t = get_template(template)
    check_year(t, year)
    code = subject if isinstance(subject, str) else getattr(subject, "code", None)
    if code is None:
        code = subject.subject.code
    rows = _subject_rows("s.code = %s", "s.code = %s", [code, code])
    if not rows:
        return None
    me = rows[0]
    subjects = {me.id: me}
    if me.unit_id != me.id:
        for row in _subject_rows("u.subject_id = %s", "1 = 0", [me.unit_id]):
            subjects[row.id] = row
    records = _records(t, year, list(subjects))
    member_nodes = [n for n in t.nodes() if n.type == "members"]
    if member_nodes:
        unit = subjects.get(me.unit_id)
        member_codes = sorted({c for m in member_nodes for n in m.children[0].walk()
                               for s in n.select for c in s.codes}
                              | {c for m in member_nodes for n in m.children[0].walk()
                                 for c in n.codes})
        if unit is not None:
            members = _subject_rows("1 = 0", "u.path LIKE %s", [unit.path + "%"])
            for m in members:
                subjects.setdefault(m.id, m)
            mine = {me.id, me.unit_id}
            records += [r for r in _records(t, year, None, member_codes, members_of=unit.path)
                        if r.subject_id not in mine]
    ledger = Ledger(subjects.values(), records)
    return engine.explain(t, ledger, code, year)


def words_data(result: Result) -> dict:
    return engine.words_data(result)


def reword(template, year: int, data: dict) -> dict:
    """The lines of a stored evaluation made again from its `words_data`, in the active
    language. KeyError when the template no longer has the criteria spoken of."""
    with reader_language():
        met, unmet, pending = engine.reword(get_template(template), year, data)
    return {"met": met, "unmet": unmet, "pending": pending}


def evaluate_subject(template, subject, year: int) -> dict | None:
    """CONTRACT §3's object for one subject (`subject`, `subject_type`, `profile`,
    `quantitative`, `met`, `unmet`, `pending`); None when no profile of the plan fits.
    The same object `dienhinh evaluate --subject --format json` prints."""
    result = explain_subject(template, subject, year)
    return result.as_dict() if result is not None else None
