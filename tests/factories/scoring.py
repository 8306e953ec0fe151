"""Ngã Năm's town with its communes, an armed unit, the plan in force and the users of
the scoring screens, for the scoring tests.

`scoring_setup()`: UBND thị xã Ngã Năm (agency) with four units under it (three wards
and the town's military command), Sở Công Thương Hà Tĩnh outside; the Ngã Năm plan in
force; users `office` (standing office of the town: Phòng Nội vụ), `officer_p1` (unit
officer of Phường 1), `officer_p2` and `outsider` (standing office of the other agency).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from dienhinh.exemplars import services as exemplars
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from tests.factories.council import user
from tests.factories.exemplars import adopt

YEAR = 2024
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    """A PDF by its content (the upload check reads the magic bytes, not the name)."""
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def scoring_setup() -> dict:
    town = orgs.create_unit("NN", "UBND thị xã Ngã Năm", "agency")
    p1 = orgs.create_unit("NN_P1", "UBND Phường 1", "commune", town)
    p2 = orgs.create_unit("NN_P2", "UBND Phường 2", "commune", town)
    p3 = orgs.create_unit("NN_P3", "UBND Phường 3", "commune", town)
    armed = orgs.create_unit("NN_QS", "Ban Chỉ huy Quân sự thị xã", "armed_unit", town)
    other = orgs.create_unit("HT_SCT", "Sở Công Thương tỉnh Hà Tĩnh", "agency")
    plan = adopt("nga-nam-ubnd-2021-2025", town)
    return {"town": town, "p1": p1, "p2": p2, "p3": p3, "armed": armed, "other": other,
            "plan": plan,
            "office": user("noivu", Role.STANDING_OFFICE, town),
            "officer_p1": user("canbo_p1", Role.UNIT_OFFICER, p1),
            "officer_p2": user("canbo_p2", Role.UNIT_OFFICER, p2),
            "outsider": user("ngoai", Role.STANDING_OFFICE, other)}


def introduce(s: dict, unit, quarters: dict[int, int], year: int = YEAR) -> None:
    """Register `n` introductions of people of `unit` in each quarter given."""
    n = 0
    for quarter, count in quarters.items():
        for _ in range(count):
            n += 1
            person = orgs.create_person(f"{unit.code}_{year}_{n}", f"Nguyễn Văn {unit.code} {n}",
                                        unit, "staff")
            exemplars.register(s["office"], s["plan"], year, unit, person.subject,
                               on=dt.date(year, 3 * quarter - 1, 10))
