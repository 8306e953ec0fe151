"""The figures of a review report: for one plan in force, one scope and one period, how
many subjects were discovered, registered, fostered, nominated, recognised (per level),
rewarded (and the bonuses paid), proposed to the higher level (and how many it
awarded); how many good models spread and to how many units; how many media items and
study visits — by unit and by field.

Each figure is a list of facts `(path, key, amount)`: where in the unit tree the fact
stands, what it counts (a subject, a unit, a model — so "distinct" is a set) and an
amount for sums (the bonus). The tables are the same facts grouped two ways:

- **by unit**: the units directly under the scope, each with everything below it, and a
  row for the scope itself (its own staff and its own collective);
- **by field** (lĩnh vực): the kind of the unit a fact stands at (a person counts under
  the kind of their unit: a school, a health facility, a commune …). The system has no
  other field of a subject; a good model's own free-text field is shown in its table.

Where a fact stands: a subject by its place in today's tree (`SubjectScope`), a media
item, a study visit by the agency that logged or organised it, an adoption by the unit
that adopted the model, a good model by its owner (the exemplar).

Only what reached a stage counts: registrations not withdrawn, nominations sent for
appraisal (drafts are not), recognitions of issued recognition decisions neither revoked
nor superseded, proposal items sent to the higher level, adoptions not abandoned.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext, gettext_noop, pgettext_lazy

from dienhinh.catalogue import codes as catalogue_codes
from dienhinh.core.vietnamese import text_sort_key
from dienhinh.decisions.models import Decision, Proposal, ProposalItem, Recognition
from dienhinh.exemplars.models import FosteringPlan, Nomination, Registration
from dienhinh.orgs.models import Subject, SubjectScope, Unit
from dienhinh.plans.models import Plan
from dienhinh.replication.models import Adoption, GoodModel, MediaItem, StudyVisit

from .periods import Period

LEVELS = [code for code, _label in Nomination.LEVEL_CHOICES]

# (key, heading) in the order of every table; the headings are the report's own words
# (Vietnamese msgids: `columns()` gives them in the reader's language).
COLUMNS: list[tuple[str, str]] = [
    ("discovered", gettext_noop("Phát hiện (đạt tiêu chí)")),
    ("registered", gettext_noop("Đăng ký xây dựng điển hình")),
    ("fostered", gettext_noop("Được bồi dưỡng")),
    ("nominated", gettext_noop("Đề nghị công nhận")),
    ("recognised_agency", gettext_noop("Công nhận cấp cơ quan")),
    ("recognised_province", gettext_noop("Công nhận cấp tỉnh")),
    ("recognised_ministry", gettext_noop("Công nhận cấp bộ, ngành")),
    ("rewarded", gettext_noop("Được khen thưởng")),
    ("bonus", gettext_noop("Tiền thưởng (đồng)")),
    ("proposed", gettext_noop("Đề nghị cấp trên khen thưởng")),
    ("proposed_awarded", gettext_noop("Được cấp trên khen thưởng")),
    ("models", gettext_noop("Mô hình được nhân rộng")),
    ("adopting_units", gettext_noop("Đơn vị áp dụng mô hình")),
    ("media", gettext_noop("Tin, bài tuyên truyền")),
    ("visits", gettext_noop("Chuyến tham quan, học tập")),
]
KEYS = [key for key, _ in COLUMNS]
SUMS = {"bonus"}  # summed amounts; every other column counts distinct keys
PIPELINE = ["discovered", "registered", "fostered", "nominated", "recognised", "models"]
# Stages of the cycle: the same words as a verb elsewhere, hence their context.
PIPELINE_LABELS = {"discovered": pgettext_lazy("pipeline", "Phát hiện"),
                   "registered": pgettext_lazy("pipeline", "Đăng ký"),
                   "fostered": pgettext_lazy("pipeline", "Bồi dưỡng"),
                   "nominated": pgettext_lazy("pipeline", "Đề nghị"),
                   "recognised": pgettext_lazy("pipeline", "Công nhận"),
                   "models": pgettext_lazy("pipeline", "Nhân rộng (mô hình)")}


# The words of the rows the report itself writes (a stored report keeps them so).
TOTAL = gettext_noop("Tổng cộng")
OWN_ROW = gettext_noop(" (cơ quan, đơn vị trực tiếp)")


def shown_label(row: Row) -> str:
    """A row's label in the reader's language: the total and the scope's own row are
    the report's words, the other rows are names."""
    if row.key == "total" and row.label == TOTAL:
        return gettext(TOTAL)
    if row.key == "self" and row.label.endswith(OWN_ROW):
        return row.label[:-len(OWN_ROW)] + gettext(OWN_ROW)
    return row.label


def columns() -> list[tuple[str, str]]:
    """COLUMNS with each heading in the reader's language (the documents, written in
    the system's language, read the same)."""
    return [(key, gettext(label)) for key, label in COLUMNS]


@dataclass
class Row:
    label: str
    key: str  # a unit id ("u123"), the scope's own row ("self"), a field, or "total"
    values: dict[str, int]

    def as_dict(self) -> dict:
        return {"label": self.label, "key": self.key, "values": dict(self.values)}


@dataclass
class ModelRow:
    title: str
    owner: str
    field: str
    adopting_units: int


@dataclass
class Figures:
    plan_id: int
    scope_id: int
    period: Period
    by_unit: list[Row]
    by_field: list[Row]
    total: Row
    by_year: dict[int, dict[str, int]] = field(default_factory=dict)
    models: list[ModelRow] = field(default_factory=list)

    def as_dict(self) -> dict:
        """A JSON-safe copy, frozen into a submitted report."""
        return {
            "plan": self.plan_id, "scope": self.scope_id,
            "period": {"kind": self.period.kind, "start": self.period.start,
                       "end": self.period.end},
            "columns": [list(c) for c in COLUMNS],
            "by_unit": [r.as_dict() for r in self.by_unit],
            "by_field": [r.as_dict() for r in self.by_field],
            "total": self.total.as_dict(),
            "by_year": {str(y): v for y, v in self.by_year.items()},
            "models": [vars(m) for m in self.models],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Figures:
        def row(d):
            return Row(d["label"], d["key"], {k: int(v) for k, v in d["values"].items()})
        p = data["period"]
        return cls(plan_id=data["plan"], scope_id=data["scope"],
                   period=Period(p["kind"], p["start"], p["end"]),
                   by_unit=[row(r) for r in data["by_unit"]],
                   by_field=[row(r) for r in data["by_field"]], total=row(data["total"]),
                   by_year={int(y): v for y, v in data.get("by_year", {}).items()},
                   models=[ModelRow(**m) for m in data.get("models", [])])


Fact = tuple[str, object, int, int]  # (path, key counted, amount, year)


def _in_scope(scope: Unit, field_name: str = "subject") -> dict:
    return {f"{field_name}__in": SubjectScope.objects.filter(path__startswith=scope.path)
            .values("subject_id")}


def _path_of(field_name: str = "subject"):
    return Subquery(SubjectScope.objects.filter(subject_id=OuterRef(field_name))
                    .values("path")[:1])


def _subject_facts(qs, year_field: str, key: str = "subject_id",
                   subject_field: str = "subject", amount: str | None = None) -> list[Fact]:
    rows = qs.annotate(_path=_path_of(subject_field)).values_list(
        "_path", key, amount or "pk", year_field)
    return [(path or "", k, (a or 0) if amount else 1, y) for path, k, a, y in rows]


def facts(plan: Plan, scope: Unit, period: Period) -> dict[str, list[Fact]]:
    """Every fact of every column, as `{column: [(path, key, amount, year)]}`."""
    years = {"year__gte": period.start, "year__lte": period.end}
    out: dict[str, list[Fact]] = {}
    out["discovered"] = _discovered(plan, scope, period)
    regs = Registration.objects.filter(plan=plan, status=Registration.REGISTERED, **years,
                                       **_in_scope(scope))
    out["registered"] = _subject_facts(regs, "year")
    fostered = FosteringPlan.objects.filter(registration__in=regs.values("pk"))
    out["fostered"] = _subject_facts(fostered, "registration__year",
                                     key="registration__subject_id",
                                     subject_field="registration__subject")
    noms = Nomination.objects.filter(plan=plan, **years, **_in_scope(scope)).exclude(
        status=Nomination.DRAFT)
    out["nominated"] = _subject_facts(noms, "year")
    recs = in_force_recognitions(plan, scope, period)
    for level in LEVELS:
        out[f"recognised_{level}"] = _subject_facts(recs.filter(decision__level=level),
                                                    "decision__year")
    rewarded = recs.exclude(decision__reward_code="")
    out["rewarded"] = _subject_facts(rewarded, "decision__year")
    out["bonus"] = _subject_facts(recs, "decision__year", key="pk", amount="bonus")
    items = ProposalItem.objects.filter(
        proposal__plan=plan, proposal__year__gte=period.start, proposal__year__lte=period.end,
        proposal__status__in=[Proposal.SENT, Proposal.DECIDED],
        **_in_scope(scope, "recognition__subject"))
    out["proposed"] = _subject_facts(items, "proposal__year", key="recognition__subject_id",
                                     subject_field="recognition__subject")
    out["proposed_awarded"] = _subject_facts(
        items.filter(achievement__isnull=False), "proposal__year",
        key="recognition__subject_id", subject_field="recognition__subject")
    adoptions = _adoptions(plan, scope, period)
    models = GoodModel.objects.filter(pk__in=adoptions.values("model_id"))
    # A model counts in each year it spread (an adoption started that year), once in
    # the period's total (distinct), like a subject registered in two years.
    spread = sorted(set(adoptions.annotate(y=ExtractYear("started_on"))
                        .values_list("model_id", "y")))
    owners = dict(models.annotate(_path=_path_of("owner")).values_list("pk", "_path"))
    out["models"] = [(owners.get(pk) or "", pk, 1, y) for pk, y in spread]
    out["adopting_units"] = [(path, unit, 1, y) for unit, path, y in adoptions.annotate(
        y=ExtractYear("started_on")).values_list("unit_id", "unit__path", "y")]
    media = MediaItem.objects.filter(plan=plan, published_on__year__gte=period.start,
                                     published_on__year__lte=period.end,
                                     agency__path__startswith=scope.path)
    out["media"] = [(path, pk, 1, y) for pk, path, y in media.annotate(
        y=ExtractYear("published_on")).values_list("pk", "agency__path", "y")]
    visits = StudyVisit.objects.filter(plan=plan, visited_on__year__gte=period.start,
                                       visited_on__year__lte=period.end,
                                       agency__path__startswith=scope.path)
    out["visits"] = [(path, pk, 1, y) for pk, path, y in visits.annotate(
        y=ExtractYear("visited_on")).values_list("pk", "agency__path", "y")]
    return out


def in_force_recognitions(plan: Plan, scope: Unit, period: Period):
    return Recognition.objects.filter(
        decision__plan=plan, decision__status=Decision.ISSUED,
        decision__kind=Decision.RECOGNITION, decision__year__gte=period.start,
        decision__year__lte=period.end, revoked_by__isnull=True,
        decision__superseded_by__isnull=True, **_in_scope(scope))


def _adoptions(plan: Plan, scope: Unit, period: Period):
    return Adoption.objects.filter(
        model__plan=plan, started_on__year__gte=period.start, started_on__year__lte=period.end,
        unit__path__startswith=scope.path).exclude(status=Adoption.ABANDONED)


def evaluations(plan: Plan, scope: Unit, year: int):
    """The criteria engine's results for the scope in one year, under the plan's frozen
    rules (what the plan was adopted with)."""
    from dienhinh.plans.services import evaluate_scope, plan_template

    return evaluate_scope(plan_template(plan), scope, year)


def paths_of_codes(codes: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for i in range(0, len(codes), 2000):
        chunk = codes[i:i + 2000]
        found.update(Subject.objects.filter(code__in=chunk).values_list(
            "code", "scope__path"))
    return found


def _discovered(plan: Plan, scope: Unit, period: Period) -> list[Fact]:
    """Subjects the ledger shows passing the plan's criteria, once per subject and year.
    The years of the period are evaluated from one read of the ledger (as
    `plans.services.evaluate_many` does for several plans)."""
    from dienhinh.criteria import engine
    from dienhinh.plans.services import check_year, load_store, plan_template

    template = plan_template(plan)
    for year in period.years:
        check_year(template, year)
    store = load_store([(template, year) for year in period.years], scope)
    out: list[Fact] = []
    for year in period.years:
        passing = [r.subject for r in engine.iter_store(template, store, year)
                   if r.quantitative == "pass"]
        paths = paths_of_codes(passing)
        out += [(paths.get(code) or "", code, 1, year) for code in passing]
    return out


class Tree:
    """The units under the scope: which direct child each path falls under, its kind."""

    def __init__(self, scope: Unit):
        self.scope = scope
        units = list(Unit.objects.filter(path__startswith=scope.path)
                     .select_related("subject").order_by("path"))
        self.kind = {u.path: u.kind for u in units}
        # Direct children by path, not by parent: a unit merged into another keeps its
        # parent but its path moves under its successor, whose row it then counts in.
        depth = scope.path.count("/") + 1
        self.children = sorted((u for u in units if u.path.count("/") == depth),
                               key=lambda u: u.subject.sort_key)

    def group(self, path: str) -> str:
        for child in self.children:
            if path.startswith(child.path):
                return f"u{child.pk}"
        return "self"

    def field(self, path: str) -> str:
        return self.kind.get(path, self.scope.kind)


def _aggregate(groups: dict[str, dict[str, set | int]], key: str, column: str, k, amount):
    cell = groups[key]
    if column in SUMS:
        cell[column] = cell.get(column, 0) + amount
    else:
        cell.setdefault(column, set()).add(k)


def _values(cell: dict) -> dict[str, int]:
    return {c: (cell.get(c, 0) if c in SUMS else len(cell.get(c, ()))) for c in KEYS}


def compute(plan: Plan, scope: Unit, period: Period) -> Figures:
    tree = Tree(scope)
    by_unit: dict[str, dict] = defaultdict(dict)
    by_field: dict[str, dict] = defaultdict(dict)
    by_year: dict[int, dict] = defaultdict(dict)
    total: dict = {}
    for column, rows in facts(plan, scope, period).items():
        for path, k, amount, year in rows:
            _aggregate(by_unit, tree.group(path), column, k, amount)
            _aggregate(by_field, tree.field(path), column, k, amount)
            _aggregate(by_year, year, column, k, amount)
            _aggregate({"t": total}, "t", column, k, amount)
    unit_rows = [Row(child.subject.name, f"u{child.pk}", _values(by_unit.get(f"u{child.pk}", {})))
                 for child in tree.children]
    unit_rows.insert(0, Row(f"{scope.name}{OWN_ROW}" if tree.children
                            else scope.name, "self", _values(by_unit.get("self", {}))))
    kinds = dict(catalogue_codes.UNIT_KINDS)
    field_rows = sorted((Row(str(kinds.get(kind, (kind,))[0]), kind, _values(cell))
                         for kind, cell in by_field.items()),
                        key=lambda r: text_sort_key(r.label))
    models = _model_rows(plan, scope, period)
    return Figures(plan_id=plan.pk, scope_id=scope.pk, period=period, by_unit=unit_rows,
                   by_field=field_rows, total=Row(TOTAL, "total", _values(total)),
                   by_year={y: _values(by_year.get(y, {})) for y in period.years},
                   models=models)


def _model_rows(plan: Plan, scope: Unit, period: Period) -> list[ModelRow]:
    """The good models that spread in the period, with how many units of the scope took
    each up (distinct units, adoptions started in the period and not abandoned)."""
    adoptions = _adoptions(plan, scope, period)
    counts = dict(adoptions.order_by().values("model_id").annotate(
        n=Count("unit", distinct=True)).values_list("model_id", "n"))
    models = GoodModel.objects.filter(pk__in=list(counts)).select_related("owner")
    return [ModelRow(m.title, m.owner.name, m.field or "", counts[m.pk])
            for m in sorted(models, key=lambda m: (text_sort_key(m.title), m.pk))]


def pipeline(fig: Figures) -> list[tuple[str, int]]:
    """Discovered → replicated: the stages of the whole cycle, totals of the period."""
    t = fig.total.values
    recognised = sum(t[f"recognised_{lv}"] for lv in LEVELS)
    values = {**t, "recognised": recognised}
    return [(str(PIPELINE_LABELS[k]), values[k]) for k in PIPELINE]
