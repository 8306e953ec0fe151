"""Build plans in force and small agencies for tests and demonstrations.

`adopt(template_id, agency)` makes a plan in force from a seed template without the
plans app's adoption screens, so tests of the exemplar cycle stand on their own.
"""

from __future__ import annotations

import datetime as dt

from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Leadership
from dienhinh.plans.models import Plan, PlanTemplate


def adopt(template_id: str, agency, number: str = "", issued_on: dt.date | None = None) -> Plan:
    template = PlanTemplate.objects.get(template_id=template_id)
    return Plan.objects.create(
        template=template, template_text=template.text, agency=agency,
        number=number or f"{template.pk}/KH-{agency.code}",
        issued_on=issued_on or dt.date(template.start_year, 1, 2), title=template.name,
        start_year=template.start_year, end_year=template.end_year,
        distribution="Công an tỉnh\nCác phòng, đơn vị thuộc Sở", status=Plan.IN_FORCE,
    )


def leaders(so) -> None:
    """A head until the end of 2024, another from 2025, and a deputy throughout."""
    Leadership.objects.create(unit=so, role="head", full_name="Phạm Văn Minh",
                              title="Giám đốc", valid_from=dt.date(2020, 1, 1),
                              valid_to=dt.date(2024, 12, 31))
    Leadership.objects.create(unit=so, role="head", full_name="Hoàng Thị Lan",
                              title="Giám đốc", valid_from=dt.date(2025, 1, 1))
    Leadership.objects.create(unit=so, role="deputy", full_name="Đỗ Văn Nam",
                              title="Phó Giám đốc", valid_from=dt.date(2021, 1, 1))


def lao_cai():
    """Sở LĐTBXH Lào Cai with its office, two divisions, a service unit and people."""
    so = orgs.create_unit("LC_SLD", "Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai", "agency")
    vp = orgs.create_unit("LC_VP", "Văn phòng Sở", "division", so)
    ldvl = orgs.create_unit("LC_LDVL", "Phòng Lao động – Việc làm", "division", so)
    btxh = orgs.create_unit("LC_BTXH", "Phòng Bảo trợ xã hội", "division", so)
    other = orgs.create_unit("HT_SCT", "Sở Công Thương tỉnh Hà Tĩnh", "agency")
    other_div = orgs.create_unit("HT_VP", "Văn phòng Sở Công Thương", "division", other)
    people = {
        "hoa": orgs.create_person("LC001", "Nguyễn Thị Hoa", ldvl, "staff"),
        "dung": orgs.create_person("LC002", "Lê Văn Dũng", ldvl, "division_leader"),
        "mai": orgs.create_person("LC003", "Phạm Thị Mai", btxh, "staff"),
        "tuan": orgs.create_person("LC004", "Hoàng Anh Tuấn", vp, "staff"),
        "ha": orgs.create_person("HT001", "Trần Thị Hà", other_div, "staff"),
    }
    plan = adopt("lao-cai-sldtbxh-qpan-2022-2025", so, "15/KH-SLĐTBXH")
    leaders(so)
    return {"so": so, "vp": vp, "ldvl": ldvl, "btxh": btxh, "other": other,
            "other_div": other_div, "plan": plan, **people}
