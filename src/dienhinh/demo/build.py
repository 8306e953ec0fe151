"""Build the deterministic demo: Vietnam's units, the five seed plans' agencies
with their 2025 reorganisation, about 750 people, a 2019–2025 ledger and one
demo user per role.

Deterministic: one seeded generator, fixed dates, no dependency on primary keys or
on today's date, so two builds give the same codes, names and records
(`checksum()` proves it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import ProtectedError

from dienhinh.catalogue import codes
from dienhinh.ledger.models import Achievement, Evidence
from dienhinh.orgs import reorganise, services
from dienhinh.orgs.models import (
    Assignment,
    Person,
    Reorganisation,
    Role,
    RoleAssignment,
    Subject,
    Succession,
    Unit,
    UnitVersion,
)

from . import leaders as demo_leaders
from . import structure as S
from .admin_units import REFORM_DATE, load_admin_units
from .ledger import Item, Ledger
from .names import NameMaker
from .scenarios import Scenarios

SEED = 20250701
PASSWORD = "dienhinh-demo"
MARKER_CODE = "HT-SCT"  # the demo exists when this unit does

# How many people a unit of each kind gets: (position, low, high).
STAFFING = {
    "agency": [("agency_leader", 3, 3)],
    "division": [("division_leader", 1, 2), ("staff", 4, 8)],
    "service_unit": [("division_leader", 1, 2), ("staff", 4, 7), ("worker", 1, 3)],
    "school": [("division_leader", 1, 2), ("staff", 4, 6), ("worker", 1, 1)],
    "health_facility": [("division_leader", 1, 2), ("staff", 3, 6), ("worker", 1, 2)],
    "armed_unit": [("division_leader", 1, 2), ("soldier", 6, 12)],
    "association": [("division_leader", 1, 1), ("staff", 1, 3)],
    "enterprise": [("division_leader", 1, 1), ("worker", 3, 6)],
    "cooperative": [("division_leader", 1, 1), ("worker", 2, 4)],
    "commune": [("agency_leader", 1, 2), ("staff", 2, 4)],
    "residential_area": [("citizen", 1, 1)],
}
ARMED_ISSUER = {
    "LC-CA": "CONG_AN_TINH", "LC-QS": "QUAN_SU_TINH", "LC-BP": "BIEN_PHONG_TINH",
    "NN-UBND-CA": "CONG_AN_TINH", "NN-UBND-BCHQS": "QUAN_SU_TINH", "LC-SLDTBXH-TV": "QUAN_SU_TINH",
}
# Decision number suffixes of each group's own agency, before and after March 2025.
AGENCY_SUFFIX = {"BP": ("SLĐTBXH", "SNV"), "KH": ("STNMT", "SNNMT"), "NN": ("UBND", "UBND"),
                 "LC": ("SLĐTBXH", "SNV"), "HT": ("SCT", "SCT"), "": ("UBND", "UBND")}
MINISTRY = {"BP": "BLĐTBXH", "KH": "BTNMT", "NN": "BNV", "LC": "BLĐTBXH", "HT": "BCT", "": "BNV"}
PROVINCE_UNIT = {"BP": "VN-OLD-P70", "KH": "VN-P56", "NN": "VN-OLD-P94", "LC": "VN-P15",
                 "HT": "VN-P42"}
AGENCY_UNIT = {"BP": "BP-SLDTBXH", "KH": "KH-STNMT", "NN": "NN-UBND", "LC": "LC-SLDTBXH",
               "HT": "HT-SCT"}
REGION = {"BP": "south", "KH": "south", "NN": "khmer", "LC": "highland", "HT": "north"}


def exists() -> bool:
    return Subject.objects.filter(code=MARKER_CODE).exists()


class DemoBuilder:
    def __init__(self, seed: int = SEED, log=None):
        self.rng = random.Random(seed)
        self.names = NameMaker(self.rng)
        self.log = log or (lambda message: None)
        self.units: dict[str, Unit] = {}
        self.items: dict[str, Item] = {}
        self.parent_code: dict[str, str] = {}

    # -- organisation ----------------------------------------------------------
    def unit(self, code, name, kind, parent_code, prefix="", valid_from=None) -> Unit:
        unit = services.create_unit(
            code, name, kind, self.units[parent_code] if parent_code else None,
            valid_from=valid_from,
        )
        self.units[code] = unit
        self.parent_code[code] = parent_code
        first = valid_from.year if valid_from else 2019
        self.items[code] = Item(code, unit.pk, prefix, kind=kind, unit_code=parent_code,
                                first_year=first, armed_issuer=ARMED_ISSUER.get(code, ""))
        return unit

    def _tree(self, prefix, parent_code, nodes, code_prefix):
        for suffix, name, kind, children in nodes:
            code = f"{code_prefix}-{suffix}"
            self.unit(code, name, kind, parent_code, prefix)
            self._tree(prefix, code, children, code_prefix)

    def organisation(self) -> None:
        load_admin_units()
        self.units.update({
            u.subject.code: u
            for u in Unit.objects.filter(subject__code__startswith="VN").select_related("subject")
        })
        for code, unit in self.units.items():
            if code.startswith("VN-"):
                self.items[code] = Item(code, unit.pk, "", kind=unit.kind, unit_code="VN",
                                        first_year=2026)  # no ledger for the 3,355 new units
        for code in S.NGA_NAM_SUCCESSORS:
            self.items[code].first_year, self.items[code].prefix = 2025, "NN"
        for code in ("VN-P15", "VN-P42", "VN-P56", "VN-P75", "VN-P92"):
            self.items[code].first_year = 2019
        for code, (name, _successor) in S.OLD_PROVINCES.items():
            self.unit(code, name, "agency", "VN")
        for prefix, (parent, suffix, name, _region, children) in S.AGENCIES.items():
            code = f"{prefix}-{suffix}"
            self.unit(code, name, "agency", parent, prefix)
            self._tree(prefix, code, children, code)
        for code, name, kind, parent in S.OTHER_UNITS:
            self.unit(code, name, kind, parent, S.plan_group(code))

    # -- people --------------------------------------------------------------------
    def _prefix_of(self, code: str) -> str:
        return self.items[code].prefix or code.split("-")[0]

    def people(self) -> None:
        rows = []  # (unit code, position, name, gender, birth date)
        for code, item in list(self.items.items()):
            if not item.is_unit or code == "VN" or item.first_year == 2026:
                continue
            region = REGION.get(self._prefix_of(code), "south")
            for position, low, high in STAFFING.get(item.kind, []):
                for _ in range(self.rng.randint(low, high)):
                    name, gender = self.names.person(region)
                    oldest, youngest = {"soldier": (1975, 2004), "citizen": (1950, 2000),
                                        "worker": (1968, 2003)}.get(position, (1965, 1998))
                    rows.append((code, position, name, gender,
                                 self.names.birth_date(oldest, youngest)))
            if item.kind == "residential_area":
                rows += self._households(code, region)
        # A religious dignitary of Ngã Năm (a Khmer Theravada pagoda's abbot).
        rows.append(("NN-UBND-AMH", "religious_dignitary", "Thạch Sô Phanh", "nam",
                     dt.date(1962, 4, 14)))
        self._bulk_people(rows)

    def _households(self, area_code: str, region: str) -> list[tuple]:
        rows = []
        for n in range(1, 3):
            head, gender = self.names.person(region)
            code = f"{area_code}-HO{n}"
            title = "ông" if gender == "nam" else "bà"
            self.unit(code, f"Hộ {title} {head}", "household", area_code, "NN")
            rows.append((code, "citizen", head, gender, self.names.birth_date(1950, 1990)))
            spouse, other = self.names.person(region, "nu" if gender == "nam" else "nam")
            rows.append((code, "citizen", spouse, other, self.names.birth_date(1952, 1992)))
        return rows

    def _bulk_people(self, rows) -> None:
        counters: Counter = Counter()
        subjects, specs = [], []
        for unit_code, position, name, gender, birth in rows:
            prefix = self._prefix_of(unit_code)
            counters[prefix] += 1
            code = f"{prefix}-CN{counters[prefix]:04d}"
            subject = Subject(code=code, type=Subject.INDIVIDUAL)
            subject.set_name(name)
            subjects.append(subject)
            specs.append((code, unit_code, position, gender, birth, prefix))
        Subject.objects.bulk_create(subjects, batch_size=1000)
        persons = []
        for subject, (code, unit_code, position, gender, birth, _prefix) in zip(subjects, specs):
            unit = self.units[unit_code]
            persons.append(Person(subject=subject, unit=unit, position=position,
                                  gender=gender, birth_date=birth))
            self.items[code] = Item(code, subject.pk, self.items[unit_code].prefix,
                                    position=position, unit_code=unit_code,
                                    armed_issuer=ARMED_ISSUER.get(unit_code, ""))
            self.items[unit_code].members.append(code)
        Person.objects.bulk_create(persons, batch_size=1000)
        Assignment.objects.bulk_create(
            [Assignment(person=p, unit=p.unit, position=p.position,
                        valid_from=dt.date(max(2010, p.birth_date.year + 22), 1, 1))
             for p in persons],
            batch_size=1000,
        )
        # A collective's members are the people at or below it.
        for code, item in self.items.items():
            if not item.is_unit and item.unit_code:
                parent = self.parent_code.get(item.unit_code)
                while parent and parent in self.items:
                    self.items[parent].members.append(code)
                    parent = self.parent_code.get(parent)

    # -- the ledger --------------------------------------------------------------
    def ledger(self) -> dict[str, str]:
        # A unit that ceased to exist mid-year got no yearly record for that year.
        for unit in Unit.objects.filter(valid_to__isnull=False).select_related("subject"):
            item = self.items.get(unit.subject.code)
            if item is not None:
                end = unit.valid_to
                item.last_year = end.year if (end.month, end.day) == (12, 31) else end.year - 1
        ledger = Ledger(self.rng)
        items = [i for i in self.items.values() if i.first_year <= 2025]
        for item in items:
            ledger.base(item)
        self._labels = Scenarios(self.rng, ledger, items).run()
        self._showcase(ledger)
        self._check_coverage(ledger)
        self._write(ledger)
        return self._labels

    def _showcase(self, L: Ledger) -> None:
        """The rarer codes, issuers and levels, given to subjects no plan scenario uses."""
        it = self.items
        L.add(it["KH-STNMT-QLDD"], 2024, "CO_THI_DUA_TINH")
        L.add(it["LC-CA"], 2023, "CO_THI_DUA_TINH")
        L.add(it["LC-CA"], 2024, "CO_THI_DUA_CP")
        L.add(it["LC-BP-DBP"], 2022, "GIAY_KHEN", "BIEN_PHONG_TINH")
        L.add(it["NN-UBND"], 2022, "BANG_KHEN_TTG", "TW")
        L.add(it["NN-UBND-MTTQ"], 2023, "BANG_KHEN", "BO", note="Bằng khen của Ban Thường "
              "trực Ủy ban Trung ương MTTQ Việt Nam")
        L.add(it["VN-W31732"], 2025, "HTXSNV")
        L.add(it["VN-W31753"], 2025, "HTTNV")
        L.add(it["VN-W31741"], 2025, "HTNV")
        L.add(it["VN-OLD-P70"], 2024, "CO_THI_DUA_CP")
        free = lambda prefix, position: sorted(
            c for c, i in it.items()
            if i.prefix == prefix and i.position == position and c not in self.labels
        )
        L.add(it[free("BP", "agency_leader")[0]], 2023, "HUAN_CHUONG", "TW",
              note="Huân chương Lao động hạng Ba")
        L.add(it[free("HT", "staff")[0]], 2024, "CSTD_TQ")
        L.add(it[free("KH", "staff")[0]], 2024, "SANG_KIEN", level="toan_quoc")
        L.add(it[free("KH", "staff")[1]], 2023, "BANG_KHEN", "BO")
        L.add(it[free("NN", "citizen")[0]], 2024, "GIAY_KHEN", "UBND_XA")
        L.add(it[free("NN", "staff")[0]], 2023, "GIAY_KHEN", "UBND_HUYEN")
        L.add(it[free("BP", "staff")[0]], 2022, "GIAY_KHEN", "DON_VI")
        L.add(it[free("", "soldier")[0]], 2024, "GIAY_KHEN", "QUAN_SU_TINH")
        L.add(it[free("", "soldier")[1]], 2024, "GIAY_KHEN", "CONG_AN_TINH")
        L.add(it[free("KH", "staff")[2]], 2022, "KHTNV")
        disciplines = [c for c, v in codes.ACHIEVEMENT_CODES.items() if v[0] == "discipline"]
        for code, person in zip(disciplines, free("BP", "staff")[1:] + free("LC", "staff")):
            L.add(it[person], 2023, code)

    @property
    def labels(self) -> dict[str, str]:
        return getattr(self, "_labels", {})

    def _check_coverage(self, L: Ledger) -> None:
        used_codes, used_issuers, used_levels = set(), set(), set()
        for rows in L.rows.values():
            for r in rows:
                used_codes.add(r["code"])
                used_issuers.add(r["issuer"])
                used_levels.add(r["level"])
        missing = (set(codes.ACHIEVEMENT_CODES) - used_codes) | (
            set(codes.ISSUERS) - used_issuers) | (set(codes.INITIATIVE_LEVELS) - used_levels)
        if missing:  # the demo promises the whole catalogue: fail loudly if it drifts
            raise RuntimeError(f"demo ledger misses {sorted(missing)}")

    def _decision(self, prefix: str, year: int, r: dict, shared: dict, counters: Counter):
        code, issuer, kind = r["code"], r["issuer"], r["kind"]
        own = AGENCY_SUFFIX[prefix][0 if year < 2025 else 1]
        if kind == "indicator":
            return "", None
        if code in {"CSTD_TQ", "CO_THI_DUA_CP", "BANG_KHEN_TTG"}:
            suffix = "QĐ-TTg"
        elif code == "HUAN_CHUONG":
            suffix = "QĐ-CTN"
        elif code in {"CSTD_TINH", "CO_THI_DUA_TINH", "GDVH", "KDC_VH"} or (
                issuer in {"UBND_TINH", "UBND_HUYEN", "UBND_XA"}) or r["level"] == "tinh":
            suffix = "QĐ-UBND"
        elif issuer == "BO" or r["level"] == "toan_quoc":
            suffix = f"QĐ-{MINISTRY[prefix]}"
        elif issuer in {"CONG_AN_TINH", "QUAN_SU_TINH", "BIEN_PHONG_TINH"}:
            suffix = {"CONG_AN_TINH": "QĐ-CAT", "QUAN_SU_TINH": "QĐ-BCH",
                      "BIEN_PHONG_TINH": "QĐ-BĐBP"}[issuer]
        else:
            suffix = f"QĐ-{own}"
        if kind in {"title", "rating"}:
            # One decision lists every title (or rating) of a kind for the year.
            key = (prefix, year, code, suffix)
            if key not in shared:
                counters[(suffix, year)] += self.rng.randint(3, 40)
                shared[key] = (f"{counters[(suffix, year)]}/{suffix}",
                               dt.date(year, 12, self.rng.randint(15, 30)))
            return shared[key]
        counters[(suffix, year)] += self.rng.randint(1, 12)
        return (f"{counters[(suffix, year)]}/{suffix}",
                dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)))

    def _issuer_unit(self, prefix: str, item: Item, r: dict):
        issuer, code = r["issuer"], None
        if issuer == "UBND_TINH":
            code = PROVINCE_UNIT.get(prefix)
        elif issuer == "SO" and r["year"] < 2025:
            code = AGENCY_UNIT.get(prefix)
        elif issuer == "UBND_HUYEN":
            code = "NN-UBND"
        elif issuer in {"CONG_AN_TINH", "QUAN_SU_TINH", "BIEN_PHONG_TINH"} and prefix == "LC":
            code = {"CONG_AN_TINH": "LC-CA", "QUAN_SU_TINH": "LC-QS",
                    "BIEN_PHONG_TINH": "LC-BP"}[issuer]
        return self.units[code].pk if code else None

    def _write(self, L: Ledger) -> None:
        shared, counters, seen, rows = {}, Counter(), set(), []
        for code in sorted(L.rows):
            item = self.items[code]
            prefix = item.prefix
            for r in sorted(L.rows[code], key=lambda r: (r["year"], r["kind"], r["code"],
                                                          r["issuer"], r["level"])):
                decision_no, decision_date = self._decision(prefix, r["year"], r, shared,
                                                            counters)
                identity = (code, r["year"], r["kind"], r["code"], r["issuer"], r["level"],
                            decision_no)
                if identity in seen:
                    continue
                seen.add(identity)
                rows.append(Achievement(
                    subject_id=item.subject_id, year=r["year"], kind=r["kind"],
                    code_id=r["code"], issuer=r["issuer"], level=r["level"], value=r["value"],
                    decision_no=decision_no, decision_date=decision_date, note=r["note"],
                    issuer_unit_id=(self._issuer_unit(prefix, item, r)
                                    if r["kind"] == "commendation" else None),
                ))
        Achievement.objects.bulk_create(rows, batch_size=2000)

    # -- the 2025 reform and earlier changes ------------------------------------------
    def _fresh(self, code: str) -> Unit:
        return Unit.objects.select_related("subject").get(subject__code=code)

    def _new_unit(self, code: str, prefix: str, first_year: int) -> None:
        unit = self._fresh(code)
        self.units[code] = unit
        self.parent_code[code] = unit.parent.subject.code if unit.parent else ""
        self.items[code] = Item(code, unit.pk, prefix, kind=unit.kind,
                                unit_code=self.parent_code[code], first_year=first_year)

    def reform(self) -> None:
        f, D = self._fresh, dt.date
        # Hà Tĩnh: a rename and a merger of two centres (illustrative).
        reorganise.rename(f("HT-SCT-KHTC"), "Phòng Kế hoạch - Tài chính", D(2022, 7, 1),
                          "85/QĐ-SCT")
        reorganise.merge(
            [f("HT-SCT-KC"), f("HT-SCT-XTTM")], date=D(2023, 1, 1), decision_no="3915/QĐ-UBND",
            new_unit={"code": "HT-SCT-KCXT", "name": "Trung tâm Khuyến công và Xúc tiến "
                      "thương mại", "kind": "service_unit", "parent": f("HT-SCT")},
        )
        self._new_unit("HT-SCT-KCXT", "HT", 2023)
        # 1 March 2025: the departments' merger.
        reorganise.move(f("LC-SLDTBXH-CSCN"), f("LC-CA"), S.MARCH, "452/QĐ-UBND",
                        note="Chuyển cơ sở cai nghiện ma túy về Công an tỉnh")
        reorganise.merge([f("BP-SLDTBXH")], f("BP-SNV"), S.MARCH, "27/NQ-HĐND")
        reorganise.merge([f("LC-SLDTBXH")], f("LC-SNV"), S.MARCH, "12/NQ-HĐND")
        reorganise.merge(
            [f("KH-STNMT"), f("KH-SNNPTNT")], date=S.MARCH, decision_no="45/NQ-HĐND",
            new_unit={"code": "KH-SNNMT", "name": "Sở Nông nghiệp và Môi trường tỉnh Khánh "
                      "Hòa", "kind": "agency", "parent": f("VN-P56")},
        )
        self._new_unit("KH-SNNMT", "KH", 2025)
        reorganise.merge([f("KH-SNNPTNT-VP")], f("KH-STNMT-VP"), S.MARCH, "45/NQ-HĐND")
        reorganise.merge([f("NN-UBND-PLDTBXH")], f("NN-UBND-PNV"), S.MARCH, "08/QĐ-UBND")
        # 1 July 2025: provinces merged, district level abolished.
        reorganise.merge([f("BP-SNV")], f("DN-SNV"), S.JULY, "202/2025/QH15")
        reorganise.merge([f("YB-SNV")], f("LC-SNV"), S.JULY, "202/2025/QH15")
        reorganise.merge([f("NT-STNMT")], f("KH-SNNMT"), S.JULY, "202/2025/QH15")
        for new_code, olds in S.NGA_NAM_SUCCESSORS.items():
            reorganise.merge([f(c) for c in olds], f(new_code), S.JULY, "1668/NQ-UBTVQH15")
        reorganise.dissolve(
            f("NN-UBND"), S.JULY, [f(c) for c in S.NGA_NAM_SUCCESSORS], "1668/NQ-UBTVQH15",
            note="Không tổ chức chính quyền cấp huyện từ 01/07/2025",
        )
        for code, (_name, successor) in S.OLD_PROVINCES.items():
            reorganise.merge([f(code)], f(successor), REFORM_DATE, "202/2025/QH15")

    # -- users ---------------------------------------------------------------------
    USERS = [
        ("demo_admin", Role.ADMINISTRATOR, "VN", "Quản trị", "hệ thống"),
        ("demo_thuongtruc_ht", Role.STANDING_OFFICE, "HT-SCT", "Văn phòng", "Sở Công Thương"),
        ("demo_thuongtruc_kh", Role.STANDING_OFFICE, "KH-SNNMT", "Văn phòng", "Sở NN&MT"),
        ("demo_thuongtruc_bp", Role.STANDING_OFFICE, "DN-SNV", "Văn phòng", "Sở Nội vụ"),
        ("demo_thuongtruc_lc", Role.STANDING_OFFICE, "LC-SNV", "Văn phòng", "Sở Nội vụ"),
        ("demo_thuongtruc_nn", Role.STANDING_OFFICE, "VN-W31732", "Phòng Nội vụ", "Ngã Năm"),
        ("demo_canbo_ht", Role.UNIT_OFFICER, "HT-SCT-QLCN", "Cán bộ", "Phòng QLCN"),
        ("demo_canbo_lc", Role.UNIT_OFFICER, "LC-SLDTBXH-DVVL", "Cán bộ", "TT DVVL"),
        ("demo_hoidong_ht", Role.COUNCIL_MEMBER, "HT-SCT", "Hội đồng", "TĐKT Sở"),
        ("demo_giamdoc_ht", Role.HEAD, "HT-SCT", "Giám đốc", "Sở Công Thương"),
        ("demo_giamdoc_kh", Role.HEAD, "KH-SNNMT", "Giám đốc", "Sở NN&MT"),
        ("demo_bientap_kh", Role.EDITOR, "KH-STNMT-CNTT", "Biên tập", "TT CNTT"),
        ("demo_bientap_nn", Role.EDITOR, "NN-UBND-TTVH", "Biên tập", "Đài truyền thanh"),
    ]

    def users(self) -> None:
        User = get_user_model()
        # One hash for all: the password is published anyway, and hashing is slow on purpose.
        hashed = make_password(PASSWORD)
        for username, role, unit_code, first, last in self.USERS:
            admin = role == Role.ADMINISTRATOR
            user = User.objects.create(
                username=username, password=hashed, first_name=first, last_name=last,
                is_staff=admin, is_superuser=admin,
            )
            RoleAssignment.objects.create(user=user, role=role, unit=self.units[unit_code])

    # -- the whole build -------------------------------------------------------------
    @transaction.atomic
    def build(self) -> dict[str, str]:
        self.organisation()
        self.log("đơn vị")
        self.people()
        self.log("cá nhân")
        self.reform()
        self.log("sắp xếp tổ chức")
        self.ledger()
        self.log("sổ thành tích")
        demo_leaders.record()
        self.log("lãnh đạo ký văn bản")
        self.users()
        return self._labels


def reset() -> None:
    """Delete the organisation, the ledger and the demo users (a demo database only)."""
    with transaction.atomic():
        Evidence.objects.all().delete()
        Achievement.objects.all()._raw_delete(connection.alias)
        RoleAssignment.objects.all().delete()
        get_user_model().objects.filter(username__startswith="demo_").delete()
        Assignment.objects.all()._raw_delete(connection.alias)
        Person.objects.all().delete()
        Succession.objects.all().delete()
        Reorganisation.objects.all().delete()
        UnitVersion.objects.all()._raw_delete(connection.alias)
        Unit.objects.update(parent=None)
        Unit.objects.all().delete()
        Subject.objects.all().delete()


def checksum() -> str:
    """A digest of every subject's code and name and every ledger record."""
    digest = hashlib.sha256()
    for code, name in Subject.objects.order_by("code").values_list("code", "name"):
        digest.update(f"{code}\t{name}\n".encode())
    records = Achievement.objects.values_list(
        "subject__code", "year", "code", "issuer", "level", "decision_no", "value"
    ).order_by("subject__code", "year", "code", "issuer", "level", "decision_no")
    for row in records:
        digest.update("\t".join(str(v) for v in row).encode() + b"\n")
    return digest.hexdigest()


__all__ = ["PASSWORD", "DemoBuilder", "ProtectedError", "checksum", "exists", "reset"]
