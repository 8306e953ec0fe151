"""Search served by an index on both databases (issue 14, Deliver 3): an FTS5 trigram
index on SQLite kept by triggers on every write, pg_trgm on PostgreSQL; the same
answers as a plain scan; a pager that says "more" past a bound instead of counting."""

import functools

import pytest
from django.db import connection
from django.urls import reverse

from dienhinh.core import paging
from dienhinh.orgs import search, services, views
from dienhinh.orgs.models import Person, Role, Subject

pytestmark = pytest.mark.django_db

FTS_TRIGGERS = {"orgs_subject_fts_insert", "orgs_subject_fts_delete", "orgs_subject_fts_update"}


@pytest.fixture
def office(client, make_user, tree):
    client.force_login(make_user("vanphong", Role.STANDING_OFFICE, tree["sct"]))
    return client


def found(client, q, **params):
    response = client.get(reverse("search"), {"q": q, **params})
    assert response.status_code == 200
    return {s.code for s in response.context["page"].object_list}


def scanned(q):
    """What the former plain scan found: every word in the folded name, or the code."""
    from dienhinh.core import vietnamese

    words = vietnamese.fold(q).split()
    return {s.code for s in Subject.objects.all()
            if all(w in s.search_name for w in words) or q.lower() in s.code.lower()}


def test_the_index_and_its_triggers_exist_after_every_migration():
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                        "AND tbl_name = 'orgs_subject'")
            # A later migration rebuilding orgs_subject on SQLite would drop these.
            assert FTS_TRIGGERS <= {row[0] for row in cur.fetchall()}
            cur.execute("SELECT count(*) FROM sqlite_master WHERE name = 'orgs_subject_fts'")
            assert cur.fetchone()[0] == 1
    else:
        with connection.cursor() as cur:
            cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'orgs_subject'")
            names = {row[0] for row in cur.fetchall()}
        assert {"orgs_subject_search_trgm", "orgs_subject_code_upper_trgm"} <= names


@pytest.mark.parametrize("q", [
    "nguyen thi", "hong nguyen", "NGUYỄN", "dang", "an", "tran an", "van", "p00", "sct_vp",
    "Phòng quản lý", "q", "ly cong",
])
def test_same_answers_as_a_scan_diacritics_and_case_ignored(client, make_user, tree, q):
    client.force_login(make_user("admin", is_superuser=True))
    assert found(client, q) == scanned(q)


def test_search_finds_without_diacritics_within_the_scope(office):
    assert found(office, "nguyen thi hong") == {"P001"}
    assert found(office, "tran van an") == {"P002"}
    # Đặng Văn Bình works at Sở Nội vụ, outside the Sở Công Thương's scope.
    assert found(office, "dang van binh") == set()
    assert found(office, "sct_qlcn") == {"SCT_QLCN"}


def test_the_index_follows_every_write(office, tree):
    person = services.create_person("P010", "Vũ Thị Xuân", tree["vp"], "staff")
    assert found(office, "vu thi xuan") == {"P010"}
    subject = person.subject
    subject.set_name("Vũ Thị Thu")
    subject.save()
    assert found(office, "vu thi xuan") == set()
    assert found(office, "vu thi thu") == {"P010"}
    # A write that passes by the ORM's save (update(), as imports do) is indexed too.
    Subject.objects.filter(pk=subject.pk).update(search_name="vu thi ha", code="P011")
    assert found(office, "vu thi ha") == {"P011"}
    assert found(office, "p010") == set()
    Person.objects.filter(pk=subject.pk).delete()
    Subject.objects.filter(pk=subject.pk).delete()
    assert found(office, "vu thi") == set()


def test_search_reads_the_index_not_every_subject(tree, make_user):
    # A province-wide user: no scope to narrow the subjects first, only the index.
    user = make_user("admin", is_superuser=True)
    sql, params = views.search_subjects(user, "nguyen thi").query.sql_with_params()
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " | ".join(row[-1] for row in cur.fetchall())
            assert "orgs_subject_fts VIRTUAL TABLE INDEX" in plan, plan
            assert "SCAN orgs_subject " not in plan + " ", plan
        else:
            # At this size PostgreSQL rightly scans; with scans priced out the trigram
            # index must be able to answer (test_scope_index checks a province's plans).
            cur.execute("SET LOCAL enable_seqscan = off")
            # (and a walk of the whole primary key with a filter, a scan by another name)
            cur.execute("SET LOCAL enable_indexscan = off")
            cur.execute("EXPLAIN " + sql, params)
            plan = " | ".join(row[0] for row in cur.fetchall())
            assert "orgs_subject_search_trgm" in plan, plan


def test_short_texts_still_match_by_scan():
    q = search.matching("an")
    # Two letters have no trigram: a plain LIKE on the folded name (and the code).
    assert "search_name__contains" in str(q) and "code__icontains" in str(q)


def test_pager_says_more_past_the_bound_instead_of_counting(office, tree, monkeypatch):
    for i in range(12):
        services.create_person(f"N{i:03}", f"Nguyễn Văn Nam {i}", tree["vp"], "staff")
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    monkeypatch.setattr(views, "bounded_page", functools.partial(paging.bounded_page, bound=5))
    response = office.get(reverse("search"), {"q": "nguyen van nam"})
    page = response.context["page"]
    assert page.paginator.more and page.paginator.count == 10
    text = response.content.decode()
    assert "Hơn 10 kết quả" in text and "Trang 1/" not in text
    # The last page is reached by walking on: counted exactly once within the bound.
    response = office.get(reverse("search"), {"q": "nguyen van nam", "page": 3})
    page = response.context["page"]
    assert not page.paginator.more and page.paginator.count == 12
    assert len(page.object_list) == 2
    assert "12 kết quả" in response.content.decode()
