"""An agency with an issued recognition decision, a good model and the users of the
replication screens, for the replication tests.

`replication_setup()` builds `tests.factories.exemplars.lao_cai` (Sở LĐTBXH Lào Cai,
its divisions, Hà Tĩnh's Sở Công Thương outside), an issued decision of the Sở
recognising Nguyễn Thị Hoa and Phòng Lao động – Việc làm (decision items, no ballot:
the decisions app's own tests cover how a decision comes to be), the model "Một cửa
việc làm" owned by the division, and the users: `office` (standing office at the Sở),
`officer_btxh` (unit officer of Phòng Bảo trợ xã hội), `editor` (at the Sở) and
`outsider` (standing office of Hà Tĩnh's Sở)."""

from __future__ import annotations

import datetime as dt

from dienhinh.decisions.models import Decision, Recognition
from dienhinh.orgs.models import Role
from dienhinh.replication.models import GoodModel
from tests.factories.council import user
from tests.factories.exemplars import lao_cai

SIGNED_ON = dt.date(2025, 3, 10)


def issued_decision(agency, plan, subjects, signed_on=SIGNED_ON, seq: int = 1) -> Decision:
    decision = Decision.objects.create(
        agency=agency, plan=plan, year=signed_on.year - 1, status=Decision.ISSUED, seq=seq,
        number_year=signed_on.year, number=f"{seq}/QĐ-SLĐTBXH", signed_on=signed_on,
        title="Về việc công nhận điển hình tiên tiến", signer_title="GIÁM ĐỐC",
        signer_name="Vũ Văn Thắng")
    for position, subject in enumerate(subjects, 1):
        Recognition.objects.create(decision=decision, subject=subject, position=position,
                                   reason="Có mô hình hay được nhân rộng")
    return decision


def replication_setup() -> dict:
    lc = lao_cai()
    decision = issued_decision(lc["so"], lc["plan"], [lc["hoa"].subject, lc["ldvl"].subject])
    model = GoodModel.objects.create(
        agency=lc["so"], title="Một cửa việc làm", summary="Tư vấn, giới thiệu việc làm tại một "
        "đầu mối", owner=lc["ldvl"].subject, recognition=decision.recognitions.get(
            subject=lc["ldvl"].subject), field="Lao động – việc làm", plan=lc["plan"])
    return {**lc, "decision": decision, "model": model,
            "office": user("vanphong", Role.STANDING_OFFICE, lc["so"]),
            "officer_btxh": user("canbo_btxh", Role.UNIT_OFFICER, lc["btxh"]),
            "editor": user("bientap", Role.EDITOR, lc["so"]),
            "outsider": user("ngoai", Role.STANDING_OFFICE, lc["other"])}
