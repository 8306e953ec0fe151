"""The conference's invitation and programme as DOCX, in the layout of Nghị định
30/2020/NĐ-CP (Phụ lục I; the invitation follows Phụ lục III, mẫu 1.3 "văn bản có tên
loại": the head, "GIẤY MỜI" and its summary, the body, Nơi nhận and the signer).

The programme is its own document "CHƯƠNG TRÌNH" attached to the invitation (it names
the invitation's number), with the honourees who speak in the order they speak."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dienhinh.core import documents as layout
from dienhinh.core.documents import Signer
from dienhinh.orgs import leaders
from dienhinh.orgs.places import place_of

from .models import Conference


def issued_on(conf: Conference) -> dt.date:
    """The documents' date: the day the conference was set up, never after the day it
    is held (a conference recorded afterwards has its papers dated on the day)."""
    return min(timezone.localdate(conf.created_at), conf.held_on)  # Việt Nam's date


def _mother(conf: Conference) -> str:
    parent = conf.agency.parent
    return parent.name if parent is not None else ""


def _when(conf: Conference) -> str:
    hour = f"{conf.starts_at:%H} giờ {conf.starts_at:%M}, " if conf.starts_at else ""
    return f"{hour}{layout.date_words(conf.held_on)}"


def _signer(conf: Conference, on: dt.date) -> Signer:
    """The signer typed on the conference, else the agency's head in office on `on`."""
    return leaders.signer_for(conf.agency, on, name=conf.signer_name, title=conf.signer_title)


def _place(conf: Conference) -> str:
    """The locality of the date line: the one typed, else the agency's province/commune."""
    return conf.place or place_of(conf.agency)


def _kind_words(conf: Conference) -> str:
    return "sơ kết" if conf.kind == Conference.Kind.MID_TERM else "tổng kết"


def invitation_docx(conf: Conference, on: dt.date | None = None) -> bytes:
    """Giấy mời: who is invited, to what, when and where; the honourees named."""
    on = on or issued_on(conf)
    doc = layout.document()
    layout.head(doc, _mother(conf), conf.agency.name, conf.number, _place(conf), on)
    layout.title(doc, "GIẤY MỜI", f"Dự {conf.title[0].lower()}{conf.title[1:]}"
                 if conf.title else "")
    invitees = list(conf.invitees.select_related("invited_unit__subject"))
    # The plan by its number and date, then its title (Nghị định 30/2020: a document
    # cited by kind, number, date and summary).
    # ("của Sở …" only when the plan is another agency's: the inviting agency does not
    # name itself twice in one sentence.)
    plan = (f" thực hiện Kế hoạch số {conf.plan.number} {layout.date_words(conf.plan.issued_on)}"
            + (f" của {conf.plan.agency.name}" if conf.plan.agency_id != conf.agency_id else "")
            if conf.plan_id else "")
    layout.body(doc, f"{conf.agency.name} tổ chức {conf.title}, {_kind_words(conf)} kết quả"
                f"{plan}, biểu dương các tập thể, cá nhân điển hình tiên tiến.")
    layout.body(doc, f"{conf.agency.name} trân trọng kính mời:", )
    for invitee in invitees:
        layout.body(doc, f"- {invitee.label};")
    if not invitees:
        layout.body(doc, "- ………………………………………………………;")
    layout.body(doc, _when(conf), lead="Thời gian:")
    layout.body(doc, conf.venue, lead="Địa điểm:")
    honourees = list(conf.honourees.select_related("recognition__subject",
                                                   "recognition__decision"))
    if honourees:
        layout.body(doc, "Hội nghị biểu dương các tập thể, cá nhân điển hình tiên tiến sau:",
                    lead="Nội dung:")
        for n, h in enumerate(honourees, 1):
            d = h.recognition.decision
            layout.body(doc, f"{n}. {h.recognition.subject.name} (Quyết định số {d.number} "
                        f"ngày {d.signed_on:%d/%m/%Y})"
                        + (f" — tham luận: {h.topic}" if h.speaks and h.topic else "") + ";")
    layout.body(doc, "Chương trình hội nghị gửi kèm theo Giấy mời này. Rất mong các đại "
                "biểu đến dự đúng thời gian./.")
    layout.signature(doc, _signer(conf, on), ["Như thành phần mời"])
    return layout.to_bytes(doc, on)


def programme_docx(conf: Conference, on: dt.date | None = None) -> bytes:
    """Chương trình hội nghị: time, item, who presents (a table)."""
    on = on or issued_on(conf)
    doc = layout.document()
    # The programme goes with the invitation and takes its number, not one of its own.
    layout.head(doc, _mother(conf), conf.agency.name, None, _place(conf), on)
    invitation = (f"Kèm theo Giấy mời số {conf.number} {layout.date_words(on)} của "
                  f"{conf.agency.name}" if conf.number
                  else f"Kèm theo Giấy mời {layout.date_words(on)} của {conf.agency.name}")
    layout.title(doc, "CHƯƠNG TRÌNH", conf.title)
    layout.paragraph(doc, f"({invitation})", italic=True, space_after=layout.SPACE_AFTER)
    layout.body(doc, _when(conf), lead="Thời gian:")
    layout.body(doc, conf.venue, lead="Địa điểm:")
    rows = []
    for item in conf.programme.select_related("honouree__recognition__subject"):
        presenter = item.presenter or (item.honouree.recognition.subject.name
                                       if item.honouree_id else "")
        rows.append([f"{item.starts_at:%H:%M}" if item.starts_at else "", item.title,
                     presenter])
    if rows:
        layout.table(doc, ["Thời gian", "Nội dung", "Người thực hiện"], rows)
    else:
        layout.body(doc, "Chương trình chi tiết sẽ được thông báo sau.")
    layout.signature(doc, _signer(conf, on), None)
    return layout.to_bytes(doc, on)
