"""The rules that change with the law, installed as rows an administrator can edit.

Figures: Nghị định 98/2023/NĐ-CP (bonuses until 30/06/2025) and Nghị định
152/2025/NĐ-CP (from 01/07/2025), multiples of the base salary; collectives get
double the individual's multiple. The figures below are the project's reading of the
decrees and are configurable (admin) — check them against the gazette before use.
Who may confer what: Luật Thi đua, khen thưởng 2022, Điều 80 (until 30/06/2025) and
the post-reform rules (no district level from 01/07/2025).
"""

import datetime as dt
from decimal import Decimal

OLD_UNTIL = dt.date(2025, 6, 30)
NEW_FROM = dt.date(2025, 7, 1)
ND98 = "Nghị định 98/2023/NĐ-CP"
ND152 = "Nghị định 152/2025/NĐ-CP"

# (rule set, from, to, code, issuer, individual multiple); collectives double.
REWARD_RULES = [
    (ND98, dt.date(2024, 1, 1), OLD_UNTIL, "BANG_KHEN", "", Decimal("1.0")),
    (ND98, dt.date(2024, 1, 1), OLD_UNTIL, "GIAY_KHEN", "", Decimal("0.3")),
    (ND98, dt.date(2024, 1, 1), OLD_UNTIL, "CSTDCS", "", Decimal("1.0")),
    (ND152, NEW_FROM, None, "BANG_KHEN", "", Decimal("1.5")),
    (ND152, NEW_FROM, None, "GIAY_KHEN", "", Decimal("0.3")),
    (ND152, NEW_FROM, None, "CSTDCS", "", Decimal("1.0")),
]

BASE_SALARIES = [
    (dt.date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    (dt.date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
]

LAW_2022 = "Luật Thi đua, khen thưởng 2022, Điều 80"
AFTER_2025 = "Luật Thi đua, khen thưởng 2022 (sửa đổi 2025), tổ chức chính quyền hai cấp"
# (issuer, codes it may confer)
_AUTHORITY = {
    "UBND_TINH": ["BANG_KHEN", "CSTD_TINH", "CO_THI_DUA_TINH", "TTLDXS"],
    "BO": ["BANG_KHEN", "CSTD_TINH", "CO_THI_DUA_TINH", "TTLDXS"],
    "SO": ["GIAY_KHEN", "CSTDCS", "LDTT", "TTLDTT"],
    "UBND_XA": ["GIAY_KHEN", "CSTDCS", "LDTT", "TTLDTT", "GDVH", "KDC_VH"],
    "DON_VI": ["GIAY_KHEN", "LDTT", "TTLDTT"],
    "UBND_HUYEN": ["GIAY_KHEN", "CSTDCS", "LDTT", "TTLDTT"],
}


def authority_rows():
    for issuer, codes in _AUTHORITY.items():
        for code in codes:
            yield issuer, code, dt.date(2022, 1, 1), OLD_UNTIL, LAW_2022
            if issuer != "UBND_HUYEN":  # the district level is gone from 01/07/2025
                yield issuer, code, NEW_FROM, None, AFTER_2025


def install(apps=None) -> None:
    """Insert the rows that are missing; running it again changes nothing."""
    if apps is None:
        from . import models as m
        Rule, Salary, Auth = m.RewardRule, m.BaseSalary, m.Authority
    else:
        Rule = apps.get_model("decisions", "RewardRule")
        Salary = apps.get_model("decisions", "BaseSalary")
        Auth = apps.get_model("decisions", "Authority")
    for rule_set, start, end, code, issuer, multiple in REWARD_RULES:
        for kind, factor in (("individual", 1), ("collective", 2)):
            Rule.objects.get_or_create(
                valid_from=start, code=code, issuer=issuer, subject_type=kind,
                defaults={"rule_set": rule_set, "valid_to": end, "multiple": multiple * factor})
    for start, amount, basis in BASE_SALARIES:
        Salary.objects.get_or_create(valid_from=start, defaults={"amount": amount,
                                                                 "basis": basis})
    for issuer, code, start, end, basis in authority_rows():
        Auth.objects.get_or_create(issuer=issuer, code=code, valid_from=start,
                                   defaults={"valid_to": end, "basis": basis})
