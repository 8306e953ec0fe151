"""A council with members and accepted nominations, for tests and demonstrations.

`council_setup(members=5)` builds the Lào Cai agency of `tests.factories.exemplars.lao_cai`,
its standing office user (`vanphong`), a council whose members are users `tv1`…`tvN`
(tv1 chair, tv2 secretary, the rest members; each linked to a person of the Văn phòng),
accepted agency-level nominations of Nguyễn Thị Hoa (LC001) and of the
Phòng Lao động – Việc làm (LC_LDVL, led by Lê Văn Dũng, LC002), and a meeting on the
Lào Cai plan. The seed plan sets no passing share, so the council carries the agency's
own (`COUNCIL_RULE_SOURCE`: more than 1/2 of all members) and the meeting takes it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from dienhinh.council import services
from dienhinh.exemplars.models import Nomination
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role, RoleAssignment
from tests.factories.exemplars import lao_cai

PASSWORD = "mat-khau-an-toan-2025"
# The tellers' passphrase of the ballots opened in tests.
PASSPHRASE = "ban kiểm phiếu họp năm 2025"
HELD_ON = dt.date(2025, 1, 6)


def user(username: str, role: str | None = None, unit=None, **extra):
    account = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                   **extra)
    if role:
        RoleAssignment.objects.create(user=account, role=role, unit=unit)
    return account


def accepted(lc, subject, level: str = "agency", unit=None, year: int = 2024) -> Nomination:
    return Nomination.objects.create(plan=lc["plan"], year=year, unit=unit or lc["ldvl"],
                                     subject=subject, level=level, status=Nomination.ACCEPTED,
                                     summary="Hoàn thành xuất sắc nhiệm vụ năm 2024")


COUNCIL_RULE_SOURCE = "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng Sở, Điều 8"


def council_setup(members: int = 5, level: str = "agency", held_on: dt.date = HELD_ON,
                  people: dict | None = None) -> dict:
    """`people` maps a member number to a Person to link instead of a new one."""
    lc = lao_cai()
    office = user("vanphong", Role.STANDING_OFFICE, lc["so"])
    council = services.create_council(office, lc["so"],
                                      "Hội đồng Thi đua – Khen thưởng Sở LĐTBXH")
    # The seed plan sets no share: the agency's own (a test regulation) applies.
    council = services.set_council_rule(office, council, council.version, "all", 1, 2, True,
                                        True, COUNCIL_RULE_SOURCE)
    seats = []
    for n in range(1, members + 1):
        account = user(f"tv{n}", Role.COUNCIL_MEMBER, lc["so"], first_name=f"Thành viên {n}")
        person = (people or {}).get(n) or orgs.create_person(
            f"LCM{n:02d}", f"Trần Văn Thành {n}", lc["vp"], "staff")
        role = {1: "chair", 2: "secretary"}.get(n, "member")
        seats.append(services.add_member(office, council, account, role, dt.date(2021, 1, 1),
                                         person=person))
    noms = {"hoa": accepted(lc, lc["hoa"].subject, level),
            "ldvl": accepted(lc, lc["ldvl"].subject, level, unit=lc["so"])}
    meeting = services.create_meeting(office, council, "Họp xét công nhận điển hình tiên tiến "
                                      "năm 2024", held_on, level, "Lào Cai", plan=lc["plan"])
    return {**lc, "office": office, "council": council, "members": seats,
            "noms": noms, "meeting": meeting}
