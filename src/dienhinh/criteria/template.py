"""Plan templates: validation and the parsed, resolved form both engines read.

`validate_template(text)` returns every error (path and reason, in Vietnamese; the
editor shows it in the reader's language); `load_template(text)` returns a `Template` or raises `TemplateError`
carrying those errors. Selectors are resolved once here into plain code, issuer and
level sets (ladders "or higher", armed-forces equivalents, rank ≥ N), so the engines
never interpret catalogue rules themselves and cannot disagree about them.
"""

from __future__ import annotations

import datetime
import itertools
import json
import unicodedata
from dataclasses import dataclass, field

import jsonschema
import yaml

from dienhinh.catalogue import codes as cat

from .schema import CRITERION_KEYS, TEMPLATE

LEADER_POSITIONS = ("agency_leader", "division_leader")


def gettext_noop(message: str) -> str:
    """Marks an error message for the catalogue (`makemessages` knows this name). The
    engine stays plain Python and speaks Vietnamese; a screen shows the error in its
    reader's language through `Error.translated`."""
    return message


class Error:
    """One error: the `path` in the template and a Vietnamese `message` with a "{}" for
    each of `args`; `reason` is the message filled in."""

    __slots__ = ("path", "message", "args")

    def __init__(self, path: str, message: str, *args):
        self.path, self.message, self.args = path, message, args

    @property
    def reason(self) -> str:
        return self.message.format(*self.args) if self.args else self.message

    def translated(self, gettext) -> str:
        """The reason in the language of `gettext` (Django's, on a screen)."""
        message = gettext(self.message)
        return message.format(*self.args) if self.args else message

    def __eq__(self, other):
        return isinstance(other, Error) and (self.path, self.reason) == (other.path, other.reason)

    def __hash__(self):
        return hash((self.path, self.reason))

    def __repr__(self):
        return f"Error(path={self.path!r}, reason={self.reason!r})"

    def __str__(self):
        return f"{self.path}: {self.reason}"


class TemplateError(ValueError):
    def __init__(self, errors: list[Error]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class Selector:
    codes: frozenset
    issuers: frozenset | None = None
    levels: frozenset | None = None

    def matches(self, code: str, issuer: str, level: str) -> bool:
        return (
            code in self.codes
            and (self.issuers is None or issuer in self.issuers)
            and (self.levels is None or level in self.levels)
        )


@dataclass(eq=False)
class Node:
    """One criterion. `nid` numbers nodes across the whole template."""

    type: str
    nid: int = -1
    id: str = ""
    section: str = ""
    what: str = ""
    label: str = ""  # a short name for the whole criterion, used when it is met
    quote: str = ""  # the plan's own words this criterion stands for
    select: tuple = ()  # of Selector (union)
    min: int = 1
    years: int = 1
    window: tuple | None = None  # (start, end) fixed years, else the plan's window
    year: int | None = None  # in_year: fixed year, else Y
    codes: tuple = ()  # growth
    quantifier: str = ""
    profile: str = ""  # own_unit by profile name
    children: list = field(default_factory=list)  # all/any/not/members/own_unit criterion
    text: str = ""  # pending

    @property
    def pending(self) -> bool:
        return self.type == "pending"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def matches(self, code, issuer, level) -> bool:
        return any(s.matches(code, issuer, level) for s in self.select)


@dataclass(eq=False)
class Profile:
    id: str
    name: str
    section: str
    subject_type: str | None
    unit_kinds: frozenset | None
    positions: frozenset | None
    criteria: list  # of Node (top level)
    # "ưu tiên … danh hiệu cao hơn": codes, highest first; orders candidates only
    prefer: tuple = ()
    prefer_text: str = ""

    def matches(self, subject_type: str, kind: str, position: str) -> bool:
        if self.subject_type is None or self.subject_type != subject_type:
            return False
        if self.unit_kinds is not None and kind not in self.unit_kinds:
            return False
        return self.positions is None or position in self.positions

    @property
    def ledger_criteria(self):
        return [c for c in self.criteria if not c.pending]


@dataclass(eq=False)
class Template:
    id: str
    name: str
    agency: str
    start: int
    end: int
    profiles: list
    data: dict  # the validated document (steps, quotas, … as data)

    @property
    def profile_by_id(self):
        return {p.id: p for p in self.profiles}

    def profile_for(self, subject_type: str, kind: str, position: str) -> Profile | None:
        """The first profile that matches: order in the template decides."""
        for profile in self.profiles:
            if profile.matches(subject_type, kind, position):
                return profile
        return None

    def nodes(self):
        for profile in self.profiles:
            for node in profile.criteria:
                yield from node.walk()

    def window(self, node: Node, year: int) -> tuple[int, int]:
        """The years a node looks at when the plan is evaluated at `year`."""
        if node.type == "in_year":
            y = node.year if node.year is not None else year
            return y, y
        start, end = node.window or (self.start, self.end)
        return start, min(end, year)

    @property
    def steps(self):
        return self.data.get("steps", [])

    @property
    def quotas(self):
        return self.data.get("quotas", [])

    # -- the plan's other duties, typed for the features that carry them out -----------
    @property
    def replication(self) -> list[Replication]:
        """Replication channels (portal column, radio, website …) in template order."""
        out = []
        for item in self.data.get("replication", []):
            if isinstance(item, str):
                item = {"channel": "other", "text": item}
            out.append(Replication(item["channel"], item["text"], item.get("section", ""),
                                   item.get("responsible", ""), item.get("title", "")))
        return out

    def channels(self, channel: str) -> list[Replication]:
        return [r for r in self.replication if r.channel == channel]

    @property
    def benefits(self) -> list[Benefit]:
        out = []
        for item in self.data.get("benefits", []):
            if isinstance(item, str):
                item = {"kind": "other", "text": item}
            out.append(Benefit(item["kind"], item["text"], item.get("level", ""),
                               item.get("section", "")))
        return out

    @property
    def reviews(self) -> list[Review]:
        """The plan's reviews (yearly, mid-term, final) from its steps marked `review`."""
        return [Review(s["review"], s["id"], s["label"], s["section"], s.get("deadline", {}),
                       bool(s.get("conference")))
                for s in self.steps if s.get("review")]

    def quota_units(self, quota: dict, kind: str, depth: int, name: str,
                    parent_name: str = "") -> bool:
        """Whether a unit is bound by the quota: `depth` levels below the plan's agency
        (1 = directly under it), with its kind, name and its parent's name."""
        if depth < 1:
            return False
        if quota.get("unit_kinds") and kind not in quota["unit_kinds"]:
            return False
        matchers = quota.get("units")
        if not matchers:
            return True
        return any(_unit_match(m, kind, depth, name, parent_name) for m in matchers)


@dataclass(frozen=True)
class Replication:
    channel: str  # schema.REPLICATION_CHANNELS
    text: str
    section: str = ""
    responsible: str = ""
    title: str = ""  # the column's or the programme's name, e.g. "Gương điển hình tiên tiến"


@dataclass(frozen=True)
class Benefit:
    kind: str  # schema.BENEFIT_KINDS
    text: str
    level: str = ""
    section: str = ""


@dataclass(frozen=True)
class Review:
    kind: str  # yearly, midterm, final
    step: str
    label: str
    section: str
    deadline: dict
    conference: bool


def _fold_name(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _unit_match(m: dict, kind: str, depth: int, name: str, parent_name: str) -> bool:
    if m.get("unit_kinds") and kind not in m["unit_kinds"]:
        return False
    if m.get("depth") is not None and depth != m["depth"]:
        return False
    if m.get("names") and not any(_fold_name(n) in _fold_name(name) for n in m["names"]):
        return False
    if m.get("parent_names") and not any(
            _fold_name(n) in _fold_name(parent_name) for n in m["parent_names"]):
        return False
    return True


def parse_text(text: str | bytes | dict) -> object:
    if isinstance(text, dict):
        return text
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return json.loads(text)
    # libyaml's loader when PyYAML has it (the wheels do): the same safe loader in C,
    # about ten times faster — templates are parsed whenever a plan is read.
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 — a safe loader


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _json_path(parts) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def validate_template(text) -> list[Error]:
    """Every error in a template, in document order; [] when it is valid."""
    try:
        _load(text)
    except TemplateError as exc:
        return exc.errors
    return []


def load_template(text) -> Template:
    """The parsed template; raises TemplateError listing every error."""
    return _load(text)


def _load(text) -> Template:
    try:
        doc = parse_text(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise TemplateError([Error("$", gettext_noop("Không đọc được YAML/JSON: {}"), exc)]) from exc
    validator = jsonschema.Draft202012Validator(TEMPLATE)
    schema_errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if schema_errors:
        raise TemplateError([
            Error(_json_path(e.absolute_path), gettext_noop("Sai cấu trúc: {}"), _short(e))
            for e in schema_errors
        ])
    return _Builder(doc).build()


def _short(error) -> str:
    # oneOf failures have long messages; the most specific sub-error says more.
    if error.context:
        best = jsonschema.exceptions.best_match(error.context)
        return best.message[:300]
    return error.message[:300]


class _Builder:
    def __init__(self, doc: dict):
        self.doc = doc
        self.errors: list[Error] = []
        self.start = doc["period"]["start"]
        self.end = doc["period"]["end"]
        self.counter = itertools.count()
        self.own_unit_refs: dict[str, list[tuple[str, str]]] = {}

    def error(self, path, message, *args):
        self.errors.append(Error(path, message, *args))

    def build(self) -> Template:
        doc = self.doc
        if self.start > self.end:
            self.error("$.period", gettext_noop("Năm bắt đầu sau năm kết thúc"))
        if self.end - self.start > 11:
            self.error("$.period", gettext_noop("Giai đoạn dài quá 12 năm"))
        profiles = []
        seen = set()
        for i, p in enumerate(doc["profiles"]):
            path = f"$.profiles[{i}]"
            if p["id"] in seen:
                self.error(f"{path}.id", gettext_noop("Trùng mã hồ sơ '{}'"), p['id'])
            seen.add(p["id"])
            match = p.get("match")
            if match:
                for k in match.get("unit_kinds", []):
                    if k not in cat.UNIT_KINDS:
                        self.error(f"{path}.match.unit_kinds", gettext_noop("Loại đơn vị không có: {}"), k)
                for k in match.get("positions", []):
                    if k not in cat.POSITIONS:
                        self.error(f"{path}.match.positions", gettext_noop("Chức vụ không có: {}"), k)
            prefer = p.get("prefer", {})
            for code in prefer.get("order", []):
                if code not in cat.ACHIEVEMENT_CODES:
                    self.error(f"{path}.prefer.order", gettext_noop("Mã thành tích không có: {}"), code)
            self.current_profile = p["id"]
            criteria = [self.node(c, f"{path}.criteria[{j}]", top=True)
                        for j, c in enumerate(p["criteria"])]
            profiles.append(Profile(
                id=p["id"], name=p["name"], section=p.get("section", ""),
                subject_type=match["subject_type"] if match else None,
                unit_kinds=frozenset(match["unit_kinds"]) if match and "unit_kinds" in match else None,
                positions=frozenset(match["positions"]) if match and "positions" in match else None,
                criteria=criteria, prefer=tuple(prefer.get("order", ())),
                prefer_text=prefer.get("text", ""),
            ))
        self.check_references(seen)
        self.check_steps()
        self.check_ballot_rules()
        if self.errors:
            raise TemplateError(self.errors)
        return Template(
            id=doc["id"], name=doc["name"], agency=doc["agency"], start=self.start,
            end=self.end, profiles=profiles, data=doc,
        )

    def check_references(self, profile_ids):
        for refs in self.own_unit_refs.values():
            for target, path in refs:
                if target not in profile_ids:
                    self.error(path, gettext_noop("Không có hồ sơ '{}'"), target)
        # A profile loop: a profile whose own-unit condition leads back to itself.
        graph = {s: [t for t, _ in refs if t in profile_ids] for s, refs in self.own_unit_refs.items()}
        for start in graph:
            stack, seen = [(start, (start,))], set()
            while stack:
                node, trail = stack.pop()
                for nxt in graph.get(node, []):
                    if nxt == start:
                        path = self.own_unit_refs[start][0][1]
                        self.error(path, gettext_noop("Vòng lặp hồ sơ: {}"), " → ".join(trail + (start,)))
                        stack = []
                        break
                    if nxt not in seen:
                        seen.add(nxt)
                        stack.append((nxt, trail + (nxt,)))

    def check_steps(self):
        step_ids = set()
        for i, step in enumerate(self.doc.get("steps", [])):
            path = f"$.steps[{i}]"
            if step["id"] in step_ids:
                self.error(f"{path}.id", gettext_noop("Trùng mã bước '{}'"), step['id'])
            step_ids.add(step["id"])
            for k in step.get("responsible_unit_kinds", []):
                if k not in cat.UNIT_KINDS:
                    self.error(f"{path}.responsible_unit_kinds", gettext_noop("Loại đơn vị không có: {}"), k)
            for j, m in enumerate(step.get("responsible_units", [])):
                for k in m.get("unit_kinds", []):
                    if k not in cat.UNIT_KINDS:
                        self.error(f"{path}.responsible_units[{j}].unit_kinds",
                                   gettext_noop("Loại đơn vị không có: {}"), k)
            rule = step.get("deadline", {})
            for key in ("in_year",):
                if key in rule and not self.start <= rule[key] <= self.end:
                    self.error(f"{path}.deadline.{key}", gettext_noop("Năm ngoài giai đoạn"))
            for key in ("in_quarter", "in_half"):
                if key in rule and not self.start <= rule[key]["year"] <= self.end + 1:
                    self.error(f"{path}.deadline.{key}.year", gettext_noop("Năm ngoài giai đoạn"))
            for j, ex in enumerate(step.get("exceptions", [])):
                if not self.start <= ex["year"] <= self.end:
                    self.error(f"{path}.exceptions[{j}].year", gettext_noop("Năm ngoài giai đoạn"))
        for i, step in enumerate(self.doc.get("steps", [])):
            for ref in step.get("after", []):
                if ref not in step_ids or ref == step["id"]:
                    self.error(f"$.steps[{i}].after", gettext_noop("Không có bước '{}' đứng trước"), ref)
        if "effective_from" in self.doc:
            try:
                year = datetime.date.fromisoformat(self.doc["effective_from"]).year
            except ValueError:
                self.error("$.effective_from", gettext_noop("Ngày không hợp lệ"))
            else:
                if year > self.end:
                    self.error("$.effective_from", gettext_noop("Ngày hiệu lực sau giai đoạn của kế hoạch"))
        for i, quota in enumerate(self.doc.get("quotas", [])):
            path = f"$.quotas[{i}]"
            if quota.get("step") and quota["step"] not in step_ids:
                self.error(f"{path}.step", gettext_noop("Không có bước '{}'"), quota['step'])
            if "min" in quota and "max" in quota and quota["min"] > quota["max"]:
                self.error(path, gettext_noop("Số tối thiểu lớn hơn tối đa"))
            for k in quota.get("unit_kinds", []):
                if k not in cat.UNIT_KINDS:
                    self.error(f"{path}.unit_kinds", gettext_noop("Loại đơn vị không có: {}"), k)
            for j, m in enumerate(quota.get("units", [])):
                for k in m.get("unit_kinds", []):
                    if k not in cat.UNIT_KINDS:
                        self.error(f"{path}.units[{j}].unit_kinds", gettext_noop("Loại đơn vị không có: {}"), k)

    def check_ballot_rules(self):
        for level, rule in self.doc.get("ballot_rules", {}).items():
            num, den = (int(x) for x in rule["share"].split("/"))
            if num == 0 or den == 0:
                self.error(f"$.ballot_rules.{level}.share",
                           gettext_noop("Tỷ lệ {} phải lớn hơn 0"), rule['share'])
            elif num > den:
                self.error(f"$.ballot_rules.{level}.share",
                           gettext_noop("Tỷ lệ {} lớn hơn 1 (tử số lớn hơn mẫu số)"), rule['share'])
            elif den > 1000:  # a meeting stores the fraction in small integers
                self.error(f"$.ballot_rules.{level}.share",
                           gettext_noop("Mẫu số của tỷ lệ {} quá lớn (tối đa 1000)"), rule['share'])

    # -- criteria -------------------------------------------------------------------
    def node(self, c: dict, path: str, top: bool = False) -> Node:
        key = next(k for k in CRITERION_KEYS if k in c)
        body = c[key]
        n = Node(type=key, nid=next(self.counter), id=c.get("id", ""), section=c.get("section", ""),
                 what=c.get("what", ""), label=c.get("label", ""), quote=c.get("quote", ""))
        sub = f"{path}.{key}"
        if key == "pending":
            n.text = body
            if not top:
                self.error(path, gettext_noop("Tiêu chí chờ xác nhận chỉ đặt ở cấp đầu của hồ sơ"))
        elif key in ("all", "any"):
            n.children = [self.node(x, f"{sub}[{i}]") for i, x in enumerate(body)]
        elif key == "not":
            n.children = [self.node(body, sub)]
        elif key == "members":
            n.quantifier = body["quantifier"]
            n.children = [self.node(body["criterion"], f"{sub}.criterion")]
        elif key == "own_unit":
            if "profile" in body:
                n.profile = body["profile"]
                self.own_unit_refs.setdefault(self.current_profile, []).append(
                    (body["profile"], f"{sub}.profile"))
            else:
                n.children = [self.node(body["criterion"], f"{sub}.criterion")]
        elif key == "growth":
            for code in body["codes"]:
                if cat.ACHIEVEMENT_CODES.get(code, ("",))[0] != "indicator":
                    self.error(f"{sub}.codes", gettext_noop("Không phải mã chỉ tiêu: {}"), code)
            n.codes = tuple(body["codes"])
            n.window = self.window(body.get("window"), f"{sub}.window")
        else:
            n.select = self.selectors(body["select"], f"{sub}.select")
            if key == "count":
                n.min = body["min"]
            if key == "consecutive":
                n.years = body["years"]
            if key == "in_year":
                if "year" in body:
                    if not self.start <= body["year"] <= self.end:
                        self.error(f"{sub}.year", gettext_noop("Năm {} ngoài giai đoạn {}–{}"), body['year'], self.start, self.end)
                    n.year = body["year"]
            else:
                n.window = self.window(body.get("window"), f"{sub}.window")
        return n

    def window(self, w, path):
        if not w:
            return None
        start, end = w.get("start", self.start), w.get("end", self.end)
        if not (self.start <= start <= end <= self.end):
            self.error(path, gettext_noop("Khoảng {}–{} ngoài giai đoạn {}–{}"), start, end, self.start, self.end)
        return (start, end)

    def selectors(self, select, path) -> tuple:
        items = select if isinstance(select, list) else [select]
        out = []
        for i, s in enumerate(items):
            p = f"{path}[{i}]" if isinstance(select, list) else path
            out.append(self.selector(s, p))
        return tuple(out)

    def selector(self, s: dict, path: str) -> Selector:
        codes = set()
        for code in s.get("codes", []):
            if code not in cat.ACHIEVEMENT_CODES:
                self.error(f"{path}.codes", gettext_noop("Mã thành tích không có: {}"), code)
                continue
            if s.get("kind") and cat.ACHIEVEMENT_CODES[code][0] != s["kind"]:
                self.error(f"{path}.codes", gettext_noop("Mã {} không thuộc loại {}"), code, s['kind'])
            codes.add(code)
            if s.get("or_higher"):
                codes |= _higher(code)
        if "codes" not in s:
            codes = {c for c, v in cat.ACHIEVEMENT_CODES.items() if v[0] == s["kind"]}
        if "rank_min" in s:
            codes = {c for c in codes if cat.ACHIEVEMENT_CODES[c][3] >= s["rank_min"]}
            if not codes:
                self.error(f"{path}.rank_min", gettext_noop("Không mã nào đạt bậc này"))
        # Armed forces' equivalents count wherever LDTT, TTLDTT or TTLDXS is named.
        codes |= {cat.ARMED_EQUIVALENTS[c] for c in codes if c in cat.ARMED_EQUIVALENTS}
        issuers = None
        if "issuers" in s:
            issuers = set()
            for issuer in s["issuers"]:
                if issuer not in cat.ISSUERS:
                    self.error(f"{path}.issuers", gettext_noop("Cấp khen không có: {}"), issuer)
                issuers.add(issuer)
        levels = None
        if "levels" in s or "level_min" in s:
            levels = set()
            for level in s.get("levels", []):
                if level not in cat.INITIATIVE_LEVELS:
                    self.error(f"{path}.levels", gettext_noop("Cấp sáng kiến không có: {}"), level)
                levels.add(level)
            if "level_min" in s:
                floor = cat.INITIATIVE_LEVELS.get(s["level_min"])
                if floor is None:
                    self.error(f"{path}.level_min", gettext_noop("Cấp sáng kiến không có: {}"), s['level_min'])
                else:
                    levels |= {k for k, v in cat.INITIATIVE_LEVELS.items() if v[2] >= floor[2]}
        return Selector(frozenset(codes), frozenset(issuers) if issuers is not None else None,
                        frozenset(levels) if levels is not None else None)


def _higher(code: str) -> set:
    """Codes that count for "`code` or higher": title ladders, ratings by rank."""
    for ladder in cat.TITLE_LADDERS:
        if code in ladder:
            return set(ladder[ladder.index(code):])
    kind, _, _, rank, _ = cat.ACHIEVEMENT_CODES[code]
    if kind in ("rating", "commendation"):
        return {c for c, v in cat.ACHIEVEMENT_CODES.items() if v[0] == kind and v[3] >= rank}
    return {code}
