"""Scoring schemes (thang điểm chấm điểm thi đua) as data: YAML files in `schemes/`.

A scheme says what a unit is scored on, like a plan template says what a subject is
judged on (and it is validated the same way: a JSON Schema for the shape, then checks a
schema cannot say, every error naming the criterion it is about):

    id, name, source             the scheme and the document it comes from
    plan                         optional: the plan template it serves (criteria with
                                 `auto` read that plan's records)
    criteria: [{id, label, section, max, weight, evidence: {required, text}, auto?}]
    tie: {rule: shared | criteria, order: [criterion ids], text}
    proposals: [{label, section, code, level, top, min_percent}]

A line's points are between 0 and `max`; the total is the sum of points × weight.
`auto: {quarters_met: N}` pre-fills the unit's self-score with N points for each
quarter of the year in which it met its quota of introductions (Ngã Năm, mục III.1 and
III.3: the quota's `used_for`). `tie.rule` `shared` gives equal totals the same rank
(1, 1, 3); `criteria` compares the listed criteria, in order, before sharing a rank.
`proposals` say which places feed which award (a catalogue code, CONTRACT §1) at which
nomination level, and the share of the maximum a unit needs.

Plain Python (no database): the round keeps the text it was opened with, so a scheme
edited later does not change a year already scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import jsonschema
import yaml

from dienhinh.catalogue.codes import ACHIEVEMENT_CODES

DATA_DIR = Path(__file__).resolve().parent / "schemes"
LEVELS = ("agency", "province", "ministry")

_TEXT = {"type": "string", "minLength": 1}
_ID = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"}
_NUMBER = {"type": "number"}

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "source", "criteria", "tie"],
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"},
        "name": _TEXT,
        "source": _TEXT,
        "plan": {"type": "string"},
        "criteria": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "label", "section", "max"],
            "properties": {
                "id": _ID, "label": _TEXT, "section": _TEXT, "max": _NUMBER,
                "weight": _NUMBER,
                "evidence": {"type": "object", "additionalProperties": False,
                             "required": ["required"],
                             "properties": {"required": {"type": "boolean"}, "text": _TEXT}},
                "auto": {"type": "object", "additionalProperties": False,
                         "required": ["quarters_met"],
                         "properties": {"quarters_met": _NUMBER}},
            }}},
        "tie": {"type": "object", "additionalProperties": False, "required": ["rule"],
                "properties": {"rule": {"enum": ["shared", "criteria"]},
                               "order": {"type": "array", "items": _ID}, "text": _TEXT}},
        "proposals": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["label", "code", "level", "top"],
            "properties": {"label": _TEXT, "section": _TEXT, "code": _TEXT,
                           "level": {"enum": list(LEVELS)},
                           "top": {"type": "integer", "minimum": 1},
                           "min_percent": _NUMBER}}},
    },
}


class SchemeError(ValueError):
    """Every problem of a scheme, each naming where it is (and the criterion)."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    section: str
    max: Decimal
    weight: Decimal
    evidence_required: bool
    evidence_text: str
    quarter_points: Decimal | None  # auto: points per quarter whose quota was met

    def named(self) -> str:
        return f"“{self.label}”"


@dataclass(frozen=True)
class ProposalRule:
    label: str
    section: str
    code: str
    level: str
    top: int
    min_percent: Decimal | None

    @property
    def award_name(self) -> str:
        return ACHIEVEMENT_CODES[self.code][1]


@dataclass(frozen=True)
class Scheme:
    id: str
    name: str
    source: str
    plan: str
    criteria: tuple[Criterion, ...]
    tie_rule: str
    tie_order: tuple[str, ...]
    tie_text: str
    proposals: tuple[ProposalRule, ...]
    text: str

    def criterion(self, cid: str) -> Criterion:
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)

    @property
    def max_total(self) -> Decimal:
        return sum((c.max * c.weight for c in self.criteria), Decimal(0))


def _dec(value) -> Decimal:
    return Decimal(str(value))


def _where(path) -> str:
    return "/".join(str(p) for p in path) or "(gốc)"


def load_scheme(text: str) -> Scheme:
    """The parsed scheme; `SchemeError` lists every problem, in Vietnamese."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SchemeError([f"Không đọc được tệp YAML: {exc}"]) from exc
    validator = jsonschema.Draft202012Validator(SCHEMA)
    shape = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if shape:
        errors = []
        for e in shape:
            path = list(e.absolute_path)
            where = _where(path)
            if len(path) >= 2 and path[0] == "criteria" and isinstance(doc, dict):
                try:
                    where = f"tiêu chí “{doc['criteria'][path[1]].get('id', path[1])}”"
                except (AttributeError, IndexError, KeyError, TypeError):
                    pass
            errors.append(f"{where}: sai cấu trúc ({e.message})")
        raise SchemeError(errors)
    errors: list[str] = []
    criteria = []
    seen: set[str] = set()
    for raw in doc["criteria"]:
        cid = raw["id"]
        name = f"Tiêu chí “{raw['label']}” ({cid})"
        if cid in seen:
            errors.append(f"{name}: mã tiêu chí bị trùng.")
        seen.add(cid)
        top, weight = _dec(raw["max"]), _dec(raw.get("weight", 1))
        if top <= 0:
            errors.append(f"{name}: điểm tối đa phải lớn hơn 0.")
        if weight <= 0:
            errors.append(f"{name}: hệ số phải lớn hơn 0.")
        evidence = raw.get("evidence", {"required": False})
        if evidence["required"] and not evidence.get("text"):
            errors.append(f"{name}: tiêu chí cần minh chứng phải nói rõ minh chứng nào.")
        quarter = None
        if "auto" in raw:
            quarter = _dec(raw["auto"]["quarters_met"])
            if not doc.get("plan"):
                errors.append(f"{name}: điểm tính sẵn theo quý cần khai báo kế hoạch (plan).")
            if quarter * 4 != top:
                errors.append(f"{name}: 4 quý × {quarter} điểm phải bằng điểm tối đa {top}.")
        criteria.append(Criterion(cid, raw["label"], raw["section"], top, weight,
                                  evidence["required"], evidence.get("text", ""), quarter))
    tie = doc["tie"]
    order = tuple(tie.get("order", []))
    if tie["rule"] == "criteria" and not order:
        errors.append("Quy tắc xếp hạng khi bằng điểm: cần liệt kê các tiêu chí so sánh (order).")
    for cid in order:
        if cid not in seen:
            errors.append(f"Quy tắc xếp hạng khi bằng điểm: không có tiêu chí “{cid}”.")
    proposals = []
    for raw in doc.get("proposals", []):
        if raw["code"] not in ACHIEVEMENT_CODES or \
                ACHIEVEMENT_CODES[raw["code"]][0] not in ("title", "commendation"):
            errors.append(f"Đề xuất “{raw['label']}”: không có danh hiệu, hình thức khen thưởng "
                          f"mã “{raw['code']}” trong danh mục.")
            continue
        share = raw.get("min_percent")
        if share is not None and not 0 <= share <= 100:
            errors.append(f"Đề xuất “{raw['label']}”: tỷ lệ điểm tối thiểu phải từ 0 đến 100.")
        proposals.append(ProposalRule(raw["label"], raw.get("section", ""), raw["code"],
                                      raw["level"], raw["top"],
                                      None if share is None else _dec(share)))
    if errors:
        raise SchemeError(errors)
    return Scheme(doc["id"], doc["name"], doc["source"], doc.get("plan", ""), tuple(criteria),
                  tie["rule"], order, tie.get("text", ""), tuple(proposals), text)


def shipped_ids() -> list[str]:
    return sorted(p.stem for p in DATA_DIR.glob("*.yaml"))


def shipped_text(scheme_id: str) -> str:
    if scheme_id not in shipped_ids():
        raise SchemeError([f"Không có thang điểm “{scheme_id}”."])
    return (DATA_DIR / f"{scheme_id}.yaml").read_text(encoding="utf-8")


@cache
def _parsed(text: str) -> Scheme:
    return load_scheme(text)


def scheme_of(text: str) -> Scheme:
    """The scheme a round was opened with (parsed once per text)."""
    return _parsed(text)


def shipped() -> list[Scheme]:
    return [scheme_of(shipped_text(i)) for i in shipped_ids()]
