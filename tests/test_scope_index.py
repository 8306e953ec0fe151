"""The scope of every list is read from `SubjectScope`, which database triggers keep
equal to the tree whatever writes it; the main pages' scoped queries are answered
from indexes, not by scanning the people, subjects or records of the province."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dienhinh import policy
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import reorganise
from dienhinh.orgs import services as org
from dienhinh.orgs.models import Person, Role, Subject, SubjectScope, Unit


def truth() -> dict[int, str]:
    paths = dict(Unit.objects.values_list("subject_id", "path"))
    for subject_id, unit_id in Person.objects.values_list("subject_id", "unit_id"):
        paths[subject_id] = paths[unit_id]
    return paths


def stored() -> dict[int, str]:
    return dict(SubjectScope.objects.values_list("subject_id", "path"))


@pytest.mark.django_db(transaction=True)
def test_scope_follows_every_write_path(tree):
    assert stored() == truth()
    # A person moved by the service, and by a bulk update that sends no signal.
    org.move_person(tree["hong"], tree["qlcn"], "staff", dt.date(2024, 1, 1))
    assert stored() == truth()
    Person.objects.filter(pk=tree["an"].pk).update(unit=tree["vp"])
    assert stored() == truth()
    # A unit moved under another agency: its own path and its members' change.
    reorganise.move(tree["qlcn"], tree["other"], dt.date(2025, 7, 1))
    assert stored() == truth()
    assert SubjectScope.objects.get(subject=tree["hong"].subject).path.startswith(
        Unit.objects.get(pk=tree["other"].pk).path)
    # Bulk-created people, as imports and the province demo write them.
    subjects = Subject.objects.bulk_create(
        [Subject(code=f"B{n}", type="individual", name=f"Người {n}", search_name=f"nguoi {n}",
                 sort_key=str(n)) for n in range(5)])
    Person.objects.bulk_create([Person(subject=s, unit=tree["vp"], position="staff")
                                for s in subjects])
    assert stored() == truth()
    # Deleted people leave no scope behind.
    Person.objects.filter(subject__code__startswith="B").delete()
    assert stored() == truth()


def test_scoped_querysets_match_the_tree(tree, make_user):
    officer = make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["vp"])
    assert set(policy.subjects(officer).values_list("code", flat=True)) == {"SCT_VP", "P001"}
    Achievement.objects.create(subject=tree["hong"].subject, year=2024, kind="rating",
                               code_id="HTXSNV")
    Achievement.objects.create(subject=tree["outsider"].subject, year=2024, kind="rating",
                               code_id="HTXSNV")
    mine = policy.filter_by_subject(officer, Achievement.objects.all())
    assert list(mine.values_list("subject__code", flat=True)) == ["P001"]


# --------------------------------------------------------------------------- EXPLAIN

DEPARTMENTS, DIVISIONS = 40, 8
WATCHED = ("orgs_person", "orgs_subject", "orgs_subjectscope", "ledger_achievement")


@pytest.fixture
def province(db):
    """A province of 40 departments and 320 divisions with, on PostgreSQL, the province
    demo's size (100,000 people, 500,000 records, written in SQL in a few seconds) so
    that the planner chooses as it does in production; on SQLite, whose plans do not
    depend on the size, 3,840 people. Planner statistics are gathered on both."""
    root = org.create_unit("TINH", "UBND tỉnh", "agency")
    departments = [org.create_unit(f"SO{d:02d}", f"Sở {d}", "agency", root)
                   for d in range(DEPARTMENTS)]
    divisions = [org.create_unit(f"SO{d:02d}-{v}", f"Phòng {v} Sở {d}", "division", dep)
                 for d, dep in enumerate(departments) for v in range(DIVISIONS)]
    people = 100_000 if connection.vendor == "postgresql" else 3_840
    ids = ",".join(str(u.pk) for u in divisions)
    given = "(ARRAY['An','Bình','Cúc','Dũng'])[1 + g % 4]" if connection.vendor == "postgresql" \
        else "CASE g % 4 WHEN 0 THEN 'An' WHEN 1 THEN 'Bình' WHEN 2 THEN 'Cúc' ELSE 'Dũng' END"
    folded = given.replace("Bình", "Binh").replace("Cúc", "Cuc").replace("Dũng", "Dung")
    series = (f"generate_series(1, {people}) AS t(g)" if connection.vendor == "postgresql"
              else "(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s "
                   f"WHERE g < {people}) SELECT g FROM s)")
    pick = (f"(ARRAY[{ids}])[1 + g % {len(divisions)}]"
            if connection.vendor == "postgresql" else None)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO orgs_subject (code, type, name, search_name, sort_key) "
            f"SELECT 'CN' || g, 'individual', 'Nguyễn Văn ' || {given} || ' ' || g, "
            f"'nguyen van ' || lower({folded}) || ' ' || g, substr('0000000' || g, -8, 8) "
            f"FROM {series}")
        if pick is None:  # SQLite: the division by position in the list
            cases = " ".join(f"WHEN {n} THEN {u.pk}" for n, u in enumerate(divisions))
            pick = f"CASE CAST(substr(code, 3) AS INTEGER) % {len(divisions)} {cases} END"
        else:
            pick = pick.replace("g %", "CAST(substr(code, 3) AS INTEGER) %")
        cursor.execute(
            "INSERT INTO orgs_person (subject_id, unit_id, position, gender, version) "
            f"SELECT id, {pick}, 'staff', '', 1 FROM orgs_subject WHERE code LIKE 'CN%'")
        records = [("HTXSNV", "rating"), ("HTTNV", "rating"), ("LDTT", "title"),
                   ("CSTDCS", "title"), ("HTNV", "rating")]
        for r, (code, kind) in enumerate(records):
            cursor.execute(
                "INSERT INTO ledger_achievement (subject_id, year, kind, code, issuer, level, "
                "decision_no, note, version, created_at, updated_at) "
                f"SELECT subject_id, {2020 + r}, '{kind}', '{code}', '', '', "
                f"subject_id || '-{r}', '', 1, %s, %s FROM orgs_person",
                [timezone.now(), timezone.now()])
        if connection.vendor == "postgresql":
            # Statistics from every row, not a random sample: the plans (and so this
            # test) must not depend on which rows ANALYZE happened to read.
            cursor.execute("SET default_statistics_target = 1000")
        for table in WATCHED + ("orgs_unit",):
            cursor.execute(f"ANALYZE {table}")
        if connection.vendor == "postgresql":
            cursor.execute("RESET default_statistics_target")
    return {"root": root, "department": departments[7], "division": divisions[61]}


def _plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


def _rows_read(sql: str) -> dict[str, int]:
    """PostgreSQL: rows each watched table gave up while the query ran (kept and
    filtered out, times the loops), from EXPLAIN ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"]
    read: dict[str, int] = {}
    for node in _plan_nodes(plan):
        table = node.get("Relation Name")
        if table in WATCHED:
            rows = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
                    + node.get("Rows Removed by Index Recheck", 0))
            read[table] = read.get(table, 0) + int(rows * node.get("Actual Loops", 1))
    return read


def _full_scans(sql: str) -> list[str]:
    """SQLite: tables the plan reads whole ("SCAN t" without an index)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    return [t for t in WATCHED if re.search(rf"\bSCAN {t}\b(?! USING (COVERING )?INDEX)", plan)]


PAGES = ["/", "/people/", "/people/?page=2", "/search/?q=nguyen+van+an", "/search/?q=CN2",
         "/exemplars/nominations/", "/decisions/", "/units/"]


def _in_scope(unit) -> int:
    subjects = SubjectScope.objects.filter(path__startswith=unit.path)
    records = Achievement.objects.filter(subject__in=subjects.values("subject_id"))
    return subjects.count() + records.count()


def test_main_pages_read_rows_in_proportion_to_the_scope(client, make_user, province):
    """Each query of the main pages reads at most a few times the rows in the user's
    scope (plus a constant for the small tables), not the province's."""
    # A division (1/320 of the province) and its unit officer. A department is 1/40: at
    # that share PostgreSQL may rightly prefer one hash join over the table for a page
    # ordered by name, and whether it does depends on its statistics, so the test holds
    # where the choice is not in doubt. The former scope filter read the whole province
    # for the division too.
    officer = make_user("phong", role=Role.UNIT_OFFICER, unit=province["division"])
    postgres = connection.vendor == "postgresql"
    too_many = {}
    for user, unit in ((officer, province["division"]),):
        bound = 4 * _in_scope(unit) + 300
        client.force_login(user)
        for url in PAGES:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, url
            for query in ctx.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                if postgres:
                    read = _rows_read(sql)
                    if sum(read.values()) > bound:
                        too_many.setdefault(f"{user.username} {url}", []).append(
                            (read, bound, sql[:300]))
                elif tables := _full_scans(sql):
                    too_many.setdefault(f"{user.username} {url}", []).append((tables, sql[:300]))
    assert too_many == {}, "\n".join(f"{u}: {t}" for u, items in too_many.items() for t in items)
