"""The order a plan asks candidates to be read in: a profile's `prefer`.

Khánh Hòa's plan says of its individual exemplars "(ưu tiên những cá nhân được công
nhận danh hiệu cao hơn)": among subjects that pass, those recognised with a higher
title come first. The template names the codes, highest first (`prefer.order`);
here the ledger says which of them each subject holds in the plan's window. It is
an order only: the engines and their verdicts do not read it.
"""

from __future__ import annotations

from dienhinh.catalogue import codes as cat
from dienhinh.criteria.template import Template
from dienhinh.ledger.models import Achievement


def ranks(template: Template, subjects: list[tuple[str, str]], year: int) -> dict[str, int]:
    """{subject code: rank} for (code, profile id) pairs whose profile has a `prefer`
    order; 0 is the highest code, len(order) holds none. Other subjects are absent."""
    orders = {p.id: p.prefer for p in template.profiles if p.prefer}
    wanted = {code: orders[profile] for code, profile in subjects if profile in orders}
    if not wanted:
        return {}
    out = {code: len(order) for code, order in wanted.items()}
    # Armed forces' equivalents count as the title they stand for (SEED-PLANS.md).
    alias = {v: k for k, v in cat.ARMED_EQUIVALENTS.items()}
    all_codes = {c for order in wanted.values() for c in order}
    all_codes |= {cat.ARMED_EQUIVALENTS[c] for c in all_codes if c in cat.ARMED_EQUIVALENTS}
    codes = list(wanted)
    for i in range(0, len(codes), 5000):
        rows = Achievement.objects.filter(
            subject__code__in=codes[i:i + 5000], code__in=all_codes,
            year__gte=template.start, year__lte=year,
        ).values_list("subject__code", "code").distinct()
        for subject, code in rows:
            order = wanted[subject]
            code = code if code in order else alias.get(code, code)
            if code in order:
                out[subject] = min(out[subject], order.index(code))
    return out
