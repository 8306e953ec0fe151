"""Who signs for each demo unit: a dated head and a deputy for every unit that can issue
a document (agencies, communes, divisions, service units, schools, armed units,
associations, residential areas …; not households), so that every document the demo
generates names its signer (Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần II, mục 7).

The head and deputy are the unit's leaders on the staff list when it has them (the
`Leadership` row links the `Person`), else invented Vietnamese names from the demo's
seeded name generator. They hold office from the start of the demo's history until
the unit closes, so a unit closed by a reorganisation stops signing on that day. Idempotent: a unit that already has leaders is
left as it is.
"""

from __future__ import annotations

import datetime as dt
import random

from dienhinh.orgs.models import LEADER_POSITIONS, Leadership, Person, Unit

from .names import NameMaker

SEED = 20250307
START = dt.date(2019, 1, 1)  # the demo's ledger starts in 2019
NOT_SIGNING = ("household",)  # a household issues no document

# The head's and the deputy's titles, by how the unit's name begins (longest first).
_BY_NAME = [
    ("Văn phòng Đăng ký", ("Giám đốc", "Phó Giám đốc")),
    ("Văn phòng", ("Chánh Văn phòng", "Phó Chánh Văn phòng")),
    ("Thanh tra", ("Chánh Thanh tra", "Phó Chánh Thanh tra")),
    ("Phòng", ("Trưởng phòng", "Phó Trưởng phòng")),
    ("Chi cục", ("Chi cục trưởng", "Phó Chi cục trưởng")),
    ("Sở", ("Giám đốc", "Phó Giám đốc")),
    ("UBND", ("Chủ tịch", "Phó Chủ tịch")),
    ("Ủy ban", ("Chủ tịch", "Phó Chủ tịch")),
    ("Công an tỉnh", ("Giám đốc", "Phó Giám đốc")),
    ("Công an", ("Trưởng Công an", "Phó Trưởng Công an")),
    ("Bộ Chỉ huy", ("Chỉ huy trưởng", "Phó Chỉ huy trưởng")),
    ("Ban Chỉ huy", ("Chỉ huy trưởng", "Phó Chỉ huy trưởng")),
    ("Đồn", ("Đồn trưởng", "Phó Đồn trưởng")),
    ("Trung đội", ("Trung đội trưởng", "Phó Trung đội trưởng")),
    ("Công đoàn", ("Chủ tịch Công đoàn", "Phó Chủ tịch Công đoàn")),
    ("Hội", ("Chủ tịch Hội", "Phó Chủ tịch Hội")),
    ("Thị đoàn", ("Bí thư", "Phó Bí thư")),
    ("Đoàn", ("Bí thư", "Phó Bí thư")),
    ("Trạm", ("Trạm trưởng", "Phó Trạm trưởng")),
    ("Trường", ("Hiệu trưởng", "Phó Hiệu trưởng")),
    ("Khóm", ("Trưởng khóm", "Phó Trưởng khóm")),
    ("Ấp", ("Trưởng ấp", "Phó Trưởng ấp")),
    ("Thôn", ("Trưởng thôn", "Phó Trưởng thôn")),
    ("Bản", ("Trưởng bản", "Phó Trưởng bản")),
    ("Tổ dân phố", ("Tổ trưởng", "Tổ phó")),
]
_BY_KIND = {"commune": ("Chủ tịch", "Phó Chủ tịch")}
_DEFAULT = ("Giám đốc", "Phó Giám đốc")  # centres, facilities, cooperatives, companies


def titles(unit: Unit) -> tuple[str, str]:
    """The head's and the deputy's titles for `unit` ("Trưởng phòng", "Phó Trưởng
    phòng"); a commune's People's Committee is led by its Chủ tịch."""
    if unit.kind in _BY_KIND:
        return _BY_KIND[unit.kind]
    name = unit.name
    for prefix, pair in _BY_NAME:
        if name == prefix or name.startswith(prefix + " "):
            return pair
    return _DEFAULT


def _region(code: str) -> str:
    """Northern family names north of Huế (commune codes below 19000 in the national
    numbering, the demo's Lào Cai and Hà Tĩnh groups), southern ones elsewhere."""
    from .build import REGION

    prefix = code.split("-")[0]
    if prefix in REGION:
        return REGION[prefix]
    digits = "".join(ch for ch in code if ch.isdigit())
    return "north" if digits and int(digits) < 19000 else "south"


def record(units=None, seed: int = SEED) -> int:
    """Give every signing unit in `units` (all units by default) without leaders a head
    and a deputy; returns the number of rows written."""
    rng = random.Random(seed)
    names = NameMaker(rng)
    units = (units if units is not None else Unit.objects.all())
    led = set(Leadership.objects.values_list("unit_id", flat=True).distinct())
    wanted = [u for u in (units.exclude(kind__in=NOT_SIGNING).exclude(parent__isnull=True)
                          .select_related("subject").order_by("subject__code"))
              if u.pk not in led]
    staff: dict[int, list[tuple[int, str]]] = {}
    rows = (Person.objects.filter(unit__in=[u.pk for u in wanted],
                                  position__in=LEADER_POSITIONS)
            .order_by("unit_id", "position", "subject__sort_key")
            .values_list("unit_id", "pk", "subject__name"))
    for unit_id, pk, name in rows.iterator():
        staff.setdefault(unit_id, []).append((pk, name))
    out = []
    for unit in wanted:
        head_title, deputy_title = titles(unit)
        # From the start of the demo's history, even for a unit the 2025 reorganisation
        # created: the demo's plans of 2021–2025 are kept by their successor agencies,
        # which issue that cycle's documents (a decision of January 2025 included).
        start = min(START, unit.valid_to) if unit.valid_to else START
        leaders = staff.get(unit.pk, [])[:2]
        while len(leaders) < 2:
            leaders.append((None, names.person(_region(unit.subject.code))[0]))
        for (person, name), role, title in zip(leaders, (Leadership.HEAD, Leadership.DEPUTY),
                                              (head_title, deputy_title)):
            out.append(Leadership(unit=unit, role=role, full_name=name, title=title,
                                  person_id=person, valid_from=start, valid_to=unit.valid_to))
    Leadership.objects.bulk_create(out, batch_size=2000)
    return len(out)
