"""Who signs for an agency on a date: its head, or a deputy signing "KT." for the head
(Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần II, mục 7)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from dienhinh.core.documents import Signer

from .models import Leadership


def leaders_on(unit, on: dt.date):
    """The head first, then the deputies, in office on `on`."""
    return (Leadership.objects.filter(unit=unit, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .order_by("role", "valid_from", "id"))  # "deputy" < "head": reversed below


def signer_on(unit, on: dt.date, name: str = "", head_title: str = "") -> Signer | None:
    """The leader called `name` if one is in office on `on`, else the head; None when
    the agency has no leader recorded for that date."""
    rows = sorted(leaders_on(unit, on), key=lambda x: x.role != Leadership.HEAD)
    if not rows:
        return None
    chosen = next((x for x in rows if name and x.full_name == name), rows[0])
    head = next((x for x in rows if x.role == Leadership.HEAD), None)
    if chosen.role == Leadership.HEAD:
        return Signer(title=chosen.title, name=chosen.full_name)
    over = head.title if head else (head_title or chosen.title.replace("Phó ", "", 1))
    return Signer(title=chosen.title, name=chosen.full_name, authority=f"KT. {over}")
