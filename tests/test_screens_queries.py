"""Query counts: every list costs the same number of queries for 1 and for 3 items,
so an N+1 query (a query per row) fails here."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienhinh.ledger import services as ledger
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import reorganise, services
from dienhinh.orgs.models import Reorganisation, Role, RoleAssignment, Succession

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def count(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(queries)


def assert_same_for_one_and_three(client, django_assert_num_queries, url, add, data=None):
    """`add(i)` adds the i-th item (0, 1, 2) to the list shown at `url`."""
    add(0)
    one = count(client, url, data)
    add(1)
    add(2)
    with django_assert_num_queries(one):
        response = client.get(url, data or {})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def officer(client, make_user, tree):
    client.force_login(make_user("canbo", Role.UNIT_OFFICER, tree["sct"]))
    return client


@pytest.fixture
def superuser(client, make_user, tree):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    return client


def add_person(tree, prefix="N"):
    def add(i):
        services.create_person(f"{prefix}{i}", f"Lê Văn Thử {i}", tree["qlcn"], "staff")
    return add


def test_person_list(officer, tree, django_assert_num_queries):
    page = assert_same_for_one_and_three(
        officer, django_assert_num_queries, reverse("person_list"), add_person(tree)
    )
    assert "Lê Văn Thử 2" in page


def test_search(officer, tree, django_assert_num_queries):
    def add(i):
        services.create_person(f"T{i}", f"Hoàng Thử {i}", tree["qlcn"], "staff")
        services.create_unit(f"U{i}", f"Tổ Thử {i}", "division", tree["qlcn"])
    page = assert_same_for_one_and_three(
        officer, django_assert_num_queries, reverse("search"), add, {"q": "thu"}
    )
    assert "Hoàng Thử 2" in page and "Tổ Thử 2" in page


def test_unit_children(officer, tree, django_assert_num_queries):
    def add(i):
        unit = services.create_unit(f"C{i}", f"Tổ {i}", "division", tree["qlcn"])
        services.create_unit(f"C{i}X", f"Nhóm {i}", "division", unit)
        old = services.create_unit(f"C{i}OLD", f"Tổ cũ {i}", "division", tree["qlcn"])
        reorganise.merge([old], into=unit, date=dt.date(2025, 7, 1))
    page = assert_same_for_one_and_three(
        officer, django_assert_num_queries, reverse("unit_children", args=["SCT_QLCN"]), add
    )
    assert "Tổ 2" in page


def test_unit_tree_roots(superuser, tree, django_assert_num_queries):
    def add(i):
        services.create_unit(f"R{i}", f"Sở {i}", "agency")
    assert_same_for_one_and_three(superuser, django_assert_num_queries, reverse("unit_tree"), add)


def test_unit_detail_members_records_and_history(officer, tree, django_assert_num_queries):
    def add(i):
        services.create_person(f"D{i}", f"Vũ Thị Thử {i}", tree["qlcn"], "staff")
        services.create_unit(f"E{i}", f"Tổ {i}", "division", tree["qlcn"])
        Achievement.objects.create(subject=tree["qlcn"].subject, year=2020 + i,
                                   code_id="DOANH_THU", kind="indicator", value=Decimal(i + 1))
        old = services.create_unit(f"F{i}", f"Phòng cũ {i}", "division", tree["sct"])
        Achievement.objects.create(subject=old.subject, year=2022, code_id="TTLDTT", kind="title")
        reorganise.merge([old], into=tree["qlcn"], date=dt.date(2025, 7, 1) + dt.timedelta(days=i))
    page = assert_same_for_one_and_three(
        officer, django_assert_num_queries, reverse("unit_detail", args=["SCT_QLCN"]), add
    )
    assert "Phòng cũ 2" in page and "Vũ Thị Thử 2" in page


def test_person_detail_timeline(officer, tree, django_assert_num_queries):
    hong = tree["hong"]

    def add(i):
        record = Achievement.objects.create(
            subject=hong.subject, year=2020 + i, code_id="GIAY_KHEN", kind="commendation",
            issuer="SO",
        )
        ledger.add_evidence(record, SimpleUploadedFile(f"qd{i}.pdf", PDF))
        unit = tree["qlcn"] if i % 2 == 0 else tree["vp"]
        services.move_person(hong, unit, "staff", dt.date(2020 + i, 1, 1))
    page = assert_same_for_one_and_three(
        officer, django_assert_num_queries, reverse("person_detail", args=["P001"]), add
    )
    assert "qd2.pdf" in page


def test_home_recent_changes(officer, tree, django_assert_num_queries):
    def add(i):
        Achievement.objects.create(subject=tree["hong"].subject, year=2020 + i,
                                   code_id="LDTT", kind="title")
        # More roles too: the roles section lists each one.
        RoleAssignment.objects.create(
            user=get_user_model().objects.get(username="canbo"),
            role=[Role.HEAD, Role.EDITOR, Role.COUNCIL_MEMBER][i], unit=tree["sct"],
        )
    assert_same_for_one_and_three(officer, django_assert_num_queries, reverse("home"), add)


def test_notification_inbox(officer, tree, django_assert_num_queries):
    from dienhinh.notifications import services as notifications

    def add(i):
        notifications.notify([get_user_model().objects.get(username="canbo")],
                             f"Hồ sơ số {i} đã được thẩm định", url=reverse("home"),
                             email=False)
    page = assert_same_for_one_and_three(officer, django_assert_num_queries,
                                         reverse("notification_inbox"), add)
    assert "Hồ sơ số 2" in page and 'id="unread-badge">3<' in page


@pytest.mark.parametrize("model", [
    "orgs/subject", "orgs/unit", "orgs/unitversion", "orgs/person", "orgs/assignment",
    "orgs/roleassignment", "orgs/succession", "orgs/reorganisation",
    "ledger/achievement", "ledger/evidence",
])
def test_admin_lists(superuser, tree, django_assert_num_queries, model):
    def add(i):
        unit = services.create_unit(f"A{i}", f"Đơn vị {i}", "division", tree["sct"])
        person = services.create_person(f"AP{i}", f"Người {i}", unit, "staff")
        record = Achievement.objects.create(subject=person.subject, year=2024, code_id="LDTT",
                                            kind="title")
        ledger.add_evidence(record, SimpleUploadedFile(f"e{i}.pdf", PDF))
        RoleAssignment.objects.create(
            user=get_user_model().objects.get(username="root"),
            role=Role.HEAD, unit=unit,
        )
        old = services.create_unit(f"AO{i}", f"Cũ {i}", "division", tree["sct"])
        reorganise.merge([old], into=unit, date=dt.date(2025, 7, 1))
    assert_same_for_one_and_three(
        superuser, django_assert_num_queries, f"/admin/{model}/", add
    )
    assert Succession.objects.count() == 3 and Reorganisation.objects.count() == 3


def test_admin_search_ignores_diacritics(superuser, tree):
    page = superuser.get("/admin/orgs/person/", {"q": "dang van"}).content.decode()
    assert "Đặng Văn Bình" in page and "Nguyễn Thị Hồng" not in page
    page = superuser.get("/admin/orgs/person/", {"q": "Đặng"}).content.decode()
    assert "Đặng Văn Bình" in page
