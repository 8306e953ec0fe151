"""Bonuses (tiền thưởng): multiple × base salary in force on the decision date, rounded
up to the ten thousand đồng (Nghị định 91/2017/NĐ-CP Điều 68 khoản 2, kept by
98/2023 and 152/2025: "làm tròn số lên hàng chục nghìn đồng").

Plain functions for the screens, documents, API and the `dienhinh bonus` command:

    bonus_for(code, issuer, on, collective=False) -> Bonus
    decision_total(decision) -> Total        (drafts computed now, issued as stored)

A missing rule or base salary is never a 0: `Bonus.amount` is None and
`Bonus.warning` says what is missing, in Vietnamese, for the screen to show.
Money is `Decimal` and `int` throughout, never a float.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.catalogue.codes import ACHIEVEMENT_CODES, ISSUERS

from .models import BaseSalary, Decision, RewardRule

STEP = 10_000  # hàng chục nghìn đồng


@dataclass(frozen=True)
class Bonus:
    amount: int | None
    multiple: Decimal | None
    base_salary: int | None
    rule: str = ""       # decree and article, e.g. "Nghị định 98/2023/NĐ-CP, Điều 54"
    basis: str = ""      # the base salary's decree
    warning: str = ""    # why there is no amount; empty when there is one

    @property
    def ok(self) -> bool:
        return self.amount is not None

    def as_json(self) -> dict:
        """CONTRACT §5: amount and base salary in đồng (int), the multiple as text."""
        return {"amount": self.amount,
                "multiple": None if self.multiple is None else _plain(self.multiple),
                "base_salary": self.base_salary, "rule": self.rule, "basis": self.basis}


@dataclass
class Total:
    amount: int = 0
    count: int = 0
    warnings: list[str] = field(default_factory=list)
    lines: list[tuple] = field(default_factory=list)  # (recognition, Bonus)

    @property
    def complete(self) -> bool:
        return not self.warnings


def _plain(value: Decimal) -> str:
    """0.30 → "0.3", 1.00 → "1.0": as the decrees write the multiple."""
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


def round_up_ten_thousand(amount: Decimal | int) -> int:
    return int((Decimal(amount) / STEP).to_integral_value(rounding=ROUND_CEILING)) * STEP


def base_salary_on(on: dt.date) -> BaseSalary | None:
    return BaseSalary.objects.filter(valid_from__lte=on).order_by("-valid_from").first()


def rule_on(code: str, issuer: str, subject_type: str, on: dt.date) -> RewardRule | None:
    """The rule in force on the date; a row for the exact issuer wins over the general
    one (91/2017 gives the commune chairman's Giấy khen its own figure)."""
    return (RewardRule.objects.filter(code=code, subject_type=subject_type, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .filter(Q(issuer=issuer) | Q(issuer=""))
            .order_by("-issuer", "-valid_from").first())


def rule_label(rule: RewardRule) -> str:
    return f"{rule.rule_set}, {rule.article}" if rule.article else rule.rule_set


def code_name(code: str) -> str:
    entry = ACHIEVEMENT_CODES.get(code)
    return entry[1] if entry else code


def issuer_name(issuer: str) -> str:
    entry = ISSUERS.get(issuer)
    return entry[0] if entry else issuer


def bonus_for(code: str, issuer: str, on: dt.date, collective: bool = False) -> Bonus:
    """The bonus of one award to an individual (or a collective) on the decision date."""
    kind = "collective" if collective else "individual"
    rule = rule_on(code, issuer or "", kind, on)
    salary = base_salary_on(on)
    multiple = rule.multiple if rule else None
    base = salary.amount if salary else None
    label = rule_label(rule) if rule else ""
    basis = salary.basis if salary else ""
    if rule is None:
        who = _("tập thể") if collective else _("cá nhân")
        return Bonus(None, None, base, "", basis, _(
            "Chưa có mức thưởng cho “%(award)s” (%(who)s, %(issuer)s) vào ngày %(on)s; "
            "thường trực cần bổ sung quy định trước khi chi.") % {
                "award": code_name(code), "who": who, "issuer": issuer_name(issuer),
                "on": on.strftime("%d/%m/%Y")})
    if salary is None:
        return Bonus(None, multiple, None, label, "", _(
            "Chưa có mức lương cơ sở áp dụng vào ngày %(on)s; thường trực cần bổ sung mức "
            "lương cơ sở kèm văn bản quy định.") % {"on": on.strftime("%d/%m/%Y")})
    return Bonus(round_up_ten_thousand(multiple * salary.amount), multiple, salary.amount,
                 label, basis)


def decision_date(decision: Decision) -> dt.date:
    """The date the bonus is computed on: the signing date, or today for a draft."""
    return decision.signed_on or timezone.localdate()


def decision_total(decision: Decision) -> Total:
    """The decision's total bonus with one line per recognition. A draft is computed
    from today's rules; an issued decision reads the amounts stored at issue. Any line
    without an amount adds a warning (the total then covers the other lines only)."""
    total = Total()
    recognitions = list(decision.recognitions.select_related("subject"))
    total.count = len(recognitions)
    if not decision.reward_code or decision.kind == Decision.REVOCATION:
        total.lines = [(r, None) for r in recognitions]
        return total
    on = decision_date(decision)
    for r in recognitions:
        if decision.status == Decision.ISSUED:
            ok = r.multiple is not None and not r.bonus_warning
            bonus = Bonus(r.bonus if ok else None, r.multiple, r.base_salary, r.rule_set, "",
                          r.bonus_warning)
        else:
            bonus = bonus_for(decision.reward_code, decision.reward_issuer, on,
                              r.subject.type == "collective")
        total.lines.append((r, bonus))
        if bonus.ok:
            total.amount += bonus.amount
        elif bonus.warning and bonus.warning not in total.warnings:
            total.warnings.append(bonus.warning)
    return total
