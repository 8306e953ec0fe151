"""Vietnam's provinces and communes after the 2025 reform, from `vietnam-provinces`.

Code scheme (stable, so that imports and other systems can refer to them):
- `VN`           the root, "Việt Nam" (kind `other`): every province hangs under it;
- `VN-P<nn>`     a province or centrally-run city, by its official two-digit code
                 (e.g. `VN-P42` UBND tỉnh Hà Tĩnh), kind `agency`;
- `VN-W<nnnnn>`  a commune, ward or special zone, by its official five-digit code
                 (e.g. `VN-W31732` Phường Ngã Năm), kind `commune`, valid from
                 2025-07-01, under its province.
Loading is idempotent: existing codes are left as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from vietnam_provinces import Province, Ward
from vietnam_provinces.base import VietNamDivisionType

from dienhinh.orgs import services
from dienhinh.orgs.models import Subject, Unit, UnitVersion

ROOT_CODE = "VN"
ROOT_NAME = "Việt Nam"
REFORM_DATE = dt.date(2025, 7, 1)  # Nghị quyết 202/2025/QH15 and the commune resolutions


def province_code(code: int) -> str:
    return f"VN-P{int(code):02d}"


def ward_code(code: int) -> str:
    return f"VN-W{int(code):05d}"


def province_name(province: Province) -> str:
    if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG:
        # "Thành phố Hà Nội" -> "UBND thành phố Hà Nội"
        return "UBND thành phố " + province.name.removeprefix("Thành phố ").strip()
    return f"UBND tỉnh {province.name}"


def root() -> Unit:
    unit = Unit.objects.filter(subject__code=ROOT_CODE).first()
    return unit or services.create_unit(ROOT_CODE, ROOT_NAME, "other")


def _bulk_units(rows: list[tuple[str, str, str, Unit, dt.date | None]]) -> list[Unit]:
    """Create (code, name, kind, parent, valid_from) units in a few statements;
    the parents already exist and have their paths."""
    subjects = []
    for code, name, _kind, _parent, _from in rows:
        subject = Subject(code=code, type=Subject.COLLECTIVE)
        subject.set_name(name)
        subjects.append(subject)
    Subject.objects.bulk_create(subjects, batch_size=1000)
    units = [
        Unit(subject=subject, kind=kind, parent=parent, valid_from=valid_from)
        for subject, (_c, _n, kind, parent, valid_from) in zip(subjects, rows)
    ]
    for unit in units:
        unit.path = f"{unit.parent.path}{unit.subject_id}/"
    Unit.objects.bulk_create(units, batch_size=1000)
    UnitVersion.objects.bulk_create(
        [
            UnitVersion(unit=unit, name=unit.subject.name, kind=unit.kind, parent=unit.parent,
                        valid_from=unit.valid_from)
            for unit in units
        ],
        batch_size=1000,
    )
    return units


@transaction.atomic
def load_admin_units(province_codes: Iterable[int] | None = None) -> tuple[int, int]:
    """Create the missing provinces and communes; returns (provinces, communes) created."""
    wanted = {int(c) for c in province_codes} if province_codes else None
    provinces = [p for p in Province.iter_all() if wanted is None or int(p.code) in wanted]
    if wanted is not None:
        unknown = wanted - {int(p.code) for p in provinces}
        if unknown:
            raise ValueError(
                "Mã tỉnh không có trong danh mục: "
                + ", ".join(str(c) for c in sorted(unknown))
            )
    top = root()
    existing = set(
        Subject.objects.filter(code__startswith="VN-").values_list("code", flat=True)
    )
    new_provinces = _bulk_units([
        (province_code(p.code), province_name(p), "agency", top, None)
        for p in provinces if province_code(p.code) not in existing
    ])
    by_code = {
        u.subject.code: u
        for u in Unit.objects.filter(
            subject__code__in=[province_code(p.code) for p in provinces]
        ).select_related("subject")
    }
    codes = {int(p.code) for p in provinces}
    new_wards = _bulk_units([
        (ward_code(w.code), w.name, "commune", by_code[province_code(w.province_code)],
         REFORM_DATE)
        for w in Ward.iter_all()
        if int(w.province_code) in codes and ward_code(w.code) not in existing
    ])
    return len(new_provinces), len(new_wards)
