"""`demo --size province`: a whole province's worth of data for benchmarks.

Adds, under UBND tỉnh Hà Tĩnh (VN-P42) and its communes, the provincial
departments with their divisions, and in every commune a school, a health station
and villages (thôn), then people up to 100,000 in all and about ten ledger records
each for 2019–2025 (about 1,000,000). Written with `bulk_create` in batches and
streamed, so memory stays flat. Codes start with `PV-`. Ledger rows skip the ORM
(a million model instances cost more than the database does): `COPY` on
PostgreSQL, `executemany` on SQLite.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import connection, transaction
from django.utils import timezone

from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Assignment, Person, Subject, SubjectScope, Unit, UnitVersion

from . import leaders as demo_leaders
from .names import NameMaker

SEED = 42_2025
TARGET_PEOPLE = 100_000
MARKER_CODE = "PV-SO01"
BATCH = 5000
DEPARTMENTS = [
    "Sở Tài chính", "Sở Tư pháp", "Sở Xây dựng", "Sở Giáo dục và Đào tạo", "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường",
    "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ", "Thanh tra tỉnh", "Văn phòng UBND tỉnh",
]
DIVISIONS = ["Văn phòng", "Phòng Kế hoạch - Tài chính", "Phòng Tổ chức cán bộ",
             "Phòng Quản lý chuyên ngành", "Phòng Pháp chế", "Trung tâm Dịch vụ công"]
RATING_WEIGHTS = ([("HTXSNV", 15), ("HTTNV", 64), ("HTNV", 17), ("KHTNV", 4)])


def exists() -> bool:
    return Subject.objects.filter(code=MARKER_CODE).exists()


def _units(specs: list[tuple[str, str, str, Unit]]) -> list[Unit]:
    subjects = []
    for code, name, _kind, _parent in specs:
        subject = Subject(code=code, type=Subject.COLLECTIVE)
        subject.set_name(name)
        subjects.append(subject)
    Subject.objects.bulk_create(subjects, batch_size=BATCH)
    units = [Unit(subject=s, kind=kind, parent=parent, path=f"{parent.path}{s.pk}/")
             for s, (_c, _n, kind, parent) in zip(subjects, specs)]
    Unit.objects.bulk_create(units, batch_size=BATCH)
    UnitVersion.objects.bulk_create(
        [UnitVersion(unit=u, name=u.subject.name, kind=u.kind, parent=u.parent) for u in units],
        batch_size=BATCH,
    )
    return units


def _organisation(rng: random.Random) -> list[tuple[Unit, str, int]]:
    """Units that receive people: (unit, position mix, weight)."""
    province = Unit.objects.get(subject__code="VN-P42")
    communes = list(Unit.objects.filter(parent=province, kind="commune").order_by("subject__code"))
    departments = _units([(f"PV-SO{n + 1:02d}", f"{name} tỉnh Hà Tĩnh", "agency", province)
                          for n, name in enumerate(DEPARTMENTS)])
    divisions = _units([(f"{d.subject.code}-{n + 1}", name,
                         "service_unit" if name.startswith("Trung tâm") else "division", d)
                        for d in departments for n, name in enumerate(DIVISIONS)])
    local = []
    for c in communes:
        code = c.subject.code.replace("VN-W", "PV-")
        short = c.subject.name.split(" ", 1)[1]
        local += [(f"{code}-TH", f"Trường Tiểu học {short}", "school", c),
                  (f"{code}-TYT", f"Trạm Y tế {short}", "health_facility", c)]
        local += [(f"{code}-T{n}", f"Thôn {n}", "residential_area", c) for n in range(1, 9)]
    local_units = _units(local)
    receivers = [(d, "leaders", 1) for d in departments]
    receivers += [(d, "office", 12) for d in divisions]
    receivers += [(c, "commune", 10) for c in communes]
    for unit in local_units:
        kind = unit.kind
        receivers.append((unit, "village" if kind == "residential_area" else "office",
                          9 if kind == "residential_area" else 6))
    return receivers


def _positions(mix: str, rng: random.Random) -> str:
    roll = rng.random()
    if mix == "leaders":
        return "agency_leader" if roll < 0.5 else "division_leader"
    if mix == "commune":
        return "agency_leader" if roll < 0.04 else "staff"
    if mix == "village":
        return "citizen" if roll < 0.25 else "worker"
    return "division_leader" if roll < 0.06 else ("worker" if roll < 0.15 else "staff")


COLUMNS = ("subject_id", "year", "kind", "code", "issuer", "level", "decision_no",
           "decision_date", "value", "note", "version", "created_at", "updated_at")


def _row(subject_id, year, kind, code, issuer="", level="", decision_no="", decision_date=None):
    return (subject_id, year, kind, code, issuer, level, decision_no, decision_date)


def _insert(rows: list[tuple], now) -> None:
    """Append ledger rows; the constant columns are added here."""
    table = Achievement._meta.db_table
    full = [row + (None, "", 1, now, now) for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in full:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(COLUMNS)}) "
                f"VALUES ({', '.join(['%s'] * len(COLUMNS))})",
                [r[:7] + (r[7].isoformat() if r[7] else None,) + r[8:11]
                 + (r[11].isoformat(), r[12].isoformat()) for r in full],
            )


def _records(person_subject_id: int, position: str, unit_key: str, rng: random.Random):
    if position == "citizen":
        for year in range(2019, 2026):
            if rng.random() < 0.1:
                yield _row(person_subject_id, year, "commendation", "GIAY_KHEN", issuer="UBND_XA",
                           decision_no=f"{rng.randint(1, 400)}/QĐ-UBND")
        return
    codes_, weights = zip(*RATING_WEIGHTS)
    for year in range(2019, 2026):
        rating = rng.choices(codes_, weights)[0]
        decided = dt.date(year, 12, 20)
        yield _row(person_subject_id, year, "rating", rating,
                   decision_no=f"{unit_key}/{year}/XL", decision_date=decided)
        if rating in {"HTXSNV", "HTTNV"} and rng.random() < 0.85:
            title = "CSTDCS" if rating == "HTXSNV" and rng.random() < 0.35 else "LDTT"
            yield _row(person_subject_id, year, "title", title,
                       decision_no=f"{unit_key}/{year}/TĐ", decision_date=decided)
        roll = rng.random()
        if roll < 0.08:
            yield _row(person_subject_id, year, "commendation", "GIAY_KHEN", issuer="SO",
                       decision_no=f"{rng.randint(1, 900)}/QĐ-SO")
        elif roll < 0.1:
            yield _row(person_subject_id, year, "commendation", "BANG_KHEN", issuer="UBND_TINH",
                       decision_no=f"{rng.randint(1, 3000)}/QĐ-UBND")
        elif roll < 0.15:
            yield _row(person_subject_id, year, "initiative", "SANG_KIEN", level="co_so",
                       decision_no=f"{rng.randint(1, 900)}/QĐ-SK")


@transaction.atomic
def build(log=print) -> tuple[int, int]:
    """Add people up to TARGET_PEOPLE and their ledger; returns (people, records)."""
    rng = random.Random(SEED)
    names = NameMaker(rng)
    if connection.vendor == "sqlite":
        # A million rows over five indexes thrash SQLite's default 2 MB page cache.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -524288")  # 512 MB, this connection only
    started = time.perf_counter()
    now = timezone.now()
    receivers = _organisation(rng)
    log(f"  … {len(receivers):,} đơn vị nhận người "
        f"({time.perf_counter() - started:.1f} s)")
    wanted = max(0, TARGET_PEOPLE - Person.objects.count())
    units, weights = zip(*[(r[:2], r[2]) for r in receivers])
    people = records = 0
    while people < wanted:
        chunk = min(BATCH, wanted - people)
        subjects, specs = [], []
        for n in range(chunk):
            unit, mix = rng.choices(units, weights)[0]
            position = _positions(mix, rng)
            name, gender = names.person("north")
            subject = Subject(code=f"PV-CN{people + n + 1:06d}", type=Subject.INDIVIDUAL)
            subject.set_name(name)
            subjects.append(subject)
            specs.append((unit, position, gender, names.birth_date(1960, 2003)))
        Subject.objects.bulk_create(subjects, batch_size=BATCH)
        persons = [Person(subject=s, unit=u, position=p, gender=g, birth_date=b)
                   for s, (u, p, g, b) in zip(subjects, specs)]
        Person.objects.bulk_create(persons, batch_size=BATCH)
        Assignment.objects.bulk_create(
            [Assignment(person=p, unit=p.unit, position=p.position) for p in persons],
            batch_size=BATCH,
        )
        rows = []
        for person in persons:
            rows.extend(_records(person.pk, person.position, str(person.unit_id), rng))
        _insert(rows, now)
        people += chunk
        records += len(rows)
        if people % 20000 == 0 or people == wanted:
            log(f"  … {people:,} người, {records:,} thành tích "
                f"({time.perf_counter() - started:.1f} s)")
    # Planner statistics: without them PostgreSQL picks nested loops over a million
    # fresh rows and a scope evaluation runs for minutes instead of seconds.
    with connection.cursor() as cursor:
        # The scope table too: its statistics from the migration say "empty", and the
        # home page's recent changes then walked a million records (6.5 s) instead of
        # the updated_at index (docs/performance.md, "Load").
        for model in (Subject, Unit, Person, Achievement, SubjectScope):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    # The departments, divisions, schools, health stations and villages added here
    # sign their documents too: their leaders from the staff list just made.
    demo_leaders.record()
    _province_office()
    return people, records


def settle(log=print) -> None:
    """VACUUM (ANALYZE) the big tables once everything is written (PostgreSQL; outside
    any transaction). Rows inserted into a table with a GIN index wait in the index's
    pending list until a vacuum: searched linearly on every lookup, the 4 MB of it made
    the trigram search of a name spend 13 ms scanning the code index for nothing. A
    server vacuums on its own in time (autovacuum), the demo database is measured at
    once; the visibility map set here is what the server would have too."""
    if connection.vendor != "postgresql":
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (Subject, SubjectScope, Unit, Person, Achievement):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
    log(f"  … VACUUM ANALYZE ({time.perf_counter() - started:.1f} s)")


PROVINCE_OFFICE = "demo_bantdkt_ht"


def _province_office() -> None:
    """A standing-office login whose scope is the whole province (Ban Thi đua – Khen
    thưởng tỉnh), the heaviest scope a province's pages are asked for."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from dienhinh.orgs.models import Role, RoleAssignment

    from .build import PASSWORD

    user, created = get_user_model().objects.get_or_create(
        username=PROVINCE_OFFICE,
        defaults={"password": make_password(PASSWORD), "first_name": "Ban Thi đua",
                  "last_name": "– Khen thưởng tỉnh"},
    )
    if created:
        RoleAssignment.objects.create(user=user, role=Role.STANDING_OFFICE,
                                      unit=Unit.objects.get(subject__code="VN-P42"))
