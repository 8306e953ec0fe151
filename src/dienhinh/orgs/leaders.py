"""Who signs for an agency on a date, and how the signature block reads (Nghị định
30/2020/NĐ-CP, Phụ lục I, Phần II, mục 7):

- the head signs in their own name: "GIÁM ĐỐC";
- a deputy signs for the head: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC";
- an acting head: "Q. GIÁM ĐỐC";
- a chief signs by order of the head: "TL. GIÁM ĐỐC / CHÁNH VĂN PHÒNG";
- an agency run by a collective puts "TM. ỦY BAN NHÂN DÂN" above all of these.

The name under the block is the person in office on the document's date; an agency
with nobody recorded on that date gets `MissingSigner`, whose message tells the user
what to fill in, never a blank name.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from dienhinh.core import documents
from dienhinh.core.documents import Signer
from dienhinh.core.vietnamese import format_date

from .models import LEADER_POSITIONS, CollectiveBody, Leadership, Person

# The head first; a deputy in charge signs "KT." when no head is in office (mục 7.b).
_PRECEDENCE = [Leadership.HEAD, Leadership.ACTING, Leadership.DEPUTY, Leadership.BY_ORDER]


class MissingSigner(documents.MissingSigner):
    """No leader of the agency recorded for the document's date."""

    def __init__(self, unit, on: dt.date):
        self.unit, self.on = unit, on
        super().__init__(
            _("Chưa có lãnh đạo của %(unit)s trong thời gian giữ chức vụ vào ngày %(date)s "
              "để ký văn bản. Thường trực Hội đồng cập nhật mục \"Lãnh đạo cơ quan\" của "
              "đơn vị rồi thực hiện lại.") % {"unit": unit.name, "date": format_date(on)})


def leaders_on(unit, on: dt.date) -> list[Leadership]:
    """Those who may sign for `unit` on `on`: the head first, then acting, deputies and
    those signing by order, earliest in office first."""
    rows = (Leadership.objects.filter(unit=unit, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .order_by("valid_from", "id"))
    return sorted(rows, key=lambda x: _PRECEDENCE.index(x.role))


def _head_title(rows: list[Leadership], fallback: str) -> str:
    for role in (Leadership.HEAD, Leadership.ACTING):
        row = next((x for x in rows if x.role == role), None)
        if row is not None:
            return row.title
    return fallback


def signature_block(unit, on: dt.date, name: str = "", role: str = "",
                    head_title: str = "") -> Signer:
    """The signature block of a document of `unit` dated `on`: the leader called `name`
    if in office then, else the first in office with `role`, else the head (an acting
    head, a deputy in charge). Raises `MissingSigner` when nobody is recorded.
    `head_title` names the head's office when no head or acting head is recorded."""
    rows = leaders_on(unit, on)
    chosen = (next((x for x in rows if name and x.full_name == name), None)
              or next((x for x in rows if role and x.role == role), None)
              or next(iter(rows), None))
    if chosen is None:
        raise MissingSigner(unit, on)
    # "Phó Giám đốc" signs for a "Giám đốc" even when the head's post is vacant.
    over = _head_title(rows, head_title) or (
        chosen.title.removeprefix("Phó ") if chosen.title.startswith("Phó ") else "")
    body = CollectiveBody.objects.filter(unit=unit).values_list("name", flat=True).first()
    on_behalf = f"TM. {body}" if body else ""
    if chosen.role == Leadership.HEAD:
        return Signer(title=chosen.title, name=chosen.full_name, on_behalf=on_behalf)
    if chosen.role == Leadership.ACTING:
        return Signer(title=f"Q. {chosen.title}", name=chosen.full_name, on_behalf=on_behalf)
    prefix = "KT." if chosen.role == Leadership.DEPUTY else "TL."
    return Signer(title=chosen.title, name=chosen.full_name,
                  authority=f"{prefix} {over}" if over else "", on_behalf=on_behalf)


def signer_for(unit, on: dt.date, name: str = "", title: str = "",
               role: str = "") -> Signer:
    """The signature block of a document of `unit` dated `on`, for documents whose form
    lets the user name the signer: `signature_block` when the leaders recorded include
    `name` (or no name is typed); a typed name not among them is printed with its typed
    title; a unit with no leaders recorded (a division) is signed by its leader on the
    staff list. Raises `MissingSigner` when none of these gives a name."""
    try:
        found = signature_block(unit, on, name=name, role=role)
    except MissingSigner:
        found = None
    if found is not None and (not name or found.name == name):
        return found
    if name:
        return Signer(title=title or (found.title if found else ""), name=name)
    person = (Person.objects.filter(unit=unit, position__in=LEADER_POSITIONS)
              .select_related("subject").order_by("position", "subject__sort_key").first())
    if person is not None:
        return Signer(title=title or _("Thủ trưởng đơn vị"), name=person.full_name)
    raise MissingSigner(unit, on)


def signer_on(unit, on: dt.date, name: str = "", head_title: str = "") -> Signer | None:
    """`signature_block`, or None when nobody is recorded (the caller says so)."""
    try:
        return signature_block(unit, on, name=name, head_title=head_title)
    except MissingSigner:
        return None


# -- the standing office keeps the list -------------------------------------------------
class LeaderRefused(Exception):
    """A change of the leaders refused; the message is for the user, nothing written."""

    status = 400


class StaleLeader(LeaderRefused):
    status = 409


FIELDS = ("role", "full_name", "title", "valid_from", "valid_to")


def overlapping_head(unit, data: dict, row_id) -> Leadership | None:
    """Two heads (or acting heads) in office on one day would leave documents of that
    day without one signer: refused."""
    if data["role"] not in (Leadership.HEAD, Leadership.ACTING):
        return None
    qs = Leadership.objects.filter(unit=unit, role__in=[Leadership.HEAD, Leadership.ACTING])
    if data["valid_to"] is not None:
        qs = qs.filter(valid_from__lte=data["valid_to"])
    qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=data["valid_from"]))
    return qs.exclude(pk=row_id).first()


def save_leader(actor, unit, data: dict, row: Leadership | None = None,
                version: int | None = None) -> Leadership:
    """Add a leader of `unit` (row None) or correct one at the `version` the user saw."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction

    from dienhinh import policy
    from dienhinh.audit.services import record

    if not policy.can(actor, "manage_leaders", unit):
        raise PermissionDenied(_("Bạn không có quyền cập nhật lãnh đạo của đơn vị này."))
    with transaction.atomic():
        before = None
        if row is not None:
            row = Leadership.objects.select_for_update().get(pk=row.pk, unit=unit)
            if version is None or row.version != version:
                raise StaleLeader(_("Thông tin lãnh đạo đã được người khác sửa sau khi bạn "
                                    "mở trang; thay đổi của bạn chưa được lưu. Hãy tải lại "
                                    "trang rồi sửa lại."))
            before = {k: str(getattr(row, k) or "") for k in FIELDS}
        clash = overlapping_head(unit, data, row.pk if row else None)
        if clash is not None:
            raise LeaderRefused(
                _("Trong thời gian này %(unit)s đã có người đứng đầu: %(name)s (từ %(start)s"
                  "%(end)s). Hãy ghi ngày thôi giữ chức vụ của người trước.")
                % {"unit": unit.name, "name": f"{clash.title} {clash.full_name}",
                   "start": format_date(clash.valid_from),
                   "end": f" đến {format_date(clash.valid_to)}" if clash.valid_to else ""})
        row = row or Leadership(unit=unit)
        for key in FIELDS:
            setattr(row, key, data[key])
        if before is not None:
            row.version += 1
        row.save()
        record(actor, "leadership.change" if before else "leadership.add", row, before,
               {k: str(getattr(row, k) or "") for k in FIELDS})
    return row
