"""Browsing screens: search, Vietnamese order, unit tree, unit and person pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dienhinh.ledger import services as ledger
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import reorganise, services
from dienhinh.orgs.models import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def record(subject, year, code, kind, **extra):
    return Achievement.objects.create(
        subject=subject.subject, year=year, code_id=code, kind=kind, **extra
    )


def body(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def admin_client(client, make_user, tree):
    """An administrator of both agencies, so everything in the tree is in scope."""
    user = make_user("quantri", Role.ADMINISTRATOR, tree["sct"])
    from dienhinh.orgs.models import RoleAssignment

    RoleAssignment.objects.create(user=user, role=Role.ADMINISTRATOR, unit=tree["other"])
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(client, make_user, tree):
    client.force_login(make_user("canbo", Role.UNIT_OFFICER, tree["sct"]))
    return client


# ---------------------------------------------------------------- search

@pytest.mark.parametrize("query", ["nguyen thi hong", "Nguyễn Thị Hồng", "HONG", "hồng nguyễn"])
def test_search_ignores_diacritics_and_case(admin_client, query):
    page = body(admin_client.get(reverse("search"), {"q": query}))
    assert "Nguyễn Thị Hồng" in page
    assert "Trần Văn An" not in page


@pytest.mark.parametrize("query", ["dang", "ĐẶNG", "Đặng", "đang"])
def test_search_folds_d_with_stroke(admin_client, query):
    page = body(admin_client.get(reverse("search"), {"q": query}))
    assert "Đặng Văn Bình" in page


def test_search_finds_units_and_codes(admin_client):
    page = body(admin_client.get(reverse("search"), {"q": "so cong thuong"}))
    assert "Sở Công Thương" in page
    page = body(admin_client.get(reverse("search"), {"q": "p002"}))
    assert "Trần Văn An" in page and "Nguyễn Thị Hồng" not in page


def test_search_is_limited_to_scope(officer_client):
    page = body(officer_client.get(reverse("search"), {"q": "dang"}))
    assert "Đặng Văn Bình" not in page  # Sở Nội vụ is another agency
    page = body(officer_client.get(reverse("search"), {"q": "van"}))
    assert "Trần Văn An" in page and "Đặng Văn Bình" not in page


def test_search_results_in_vietnamese_order(admin_client, tree):
    for code, name in [("P010", "Lê Thị Ánh"), ("P011", "Phạm Văn Ba"), ("P012", "Võ Thị Bà")]:
        services.create_person(code, name, tree["vp"], "staff")
    page = body(admin_client.get(reverse("search"), {"q": "thi"}))
    # Given name first: Ánh < Bà < Hồng (a < b < h; tone of "Ánh" after plain "An").
    assert page.index("Lê Thị Ánh") < page.index("Võ Thị Bà") < page.index("Nguyễn Thị Hồng")


def test_search_paginates(admin_client, tree):
    for i in range(55):
        services.create_person(f"Q{i:03d}", f"Nguyễn Văn Mẫu {i:03d}", tree["vp"], "staff")
    first = body(admin_client.get(reverse("search"), {"q": "mau"}))
    assert "Trang 1/2" in first
    second = body(admin_client.get(reverse("search"), {"q": "mau", "page": 2}))
    assert second.count("Nguyễn Văn Mẫu") == 5


# ---------------------------------------------------------------- person list

def test_person_list_sorted_the_vietnamese_way(officer_client, tree):
    names = ["Đỗ Văn Đức", "Lê Thị Dung", "Trần Văn Ân", "Phạm Thị Ẩn", "Ngô Văn Anh"]
    for i, name in enumerate(names):
        services.create_person(f"S{i}", name, tree["vp"], "staff")
    page = body(officer_client.get(reverse("person_list")))
    expected = [
        "Trần Văn An", "Ngô Văn Anh", "Trần Văn Ân", "Phạm Thị Ẩn", "Lê Thị Dung",
        "Đỗ Văn Đức", "Nguyễn Thị Hồng",
    ]
    positions = [page.index(name) for name in expected]
    assert positions == sorted(positions)
    assert "Đặng Văn Bình" not in page


def test_person_list_filters_by_unit_and_position(officer_client, tree):
    page = body(officer_client.get(reverse("person_list"), {"unit": "SCT_VP"}))
    assert "Nguyễn Thị Hồng" in page and "Trần Văn An" not in page
    page = body(officer_client.get(reverse("person_list"), {"position": "division_leader"}))
    assert "Trần Văn An" in page and "Nguyễn Thị Hồng" not in page
    # A unit out of scope filters to nothing, not to everything, and says so.
    response = officer_client.get(reverse("person_list"), {"unit": "SNV"})
    page = response.content.decode()
    assert response.status_code == 400 and "Không tìm thấy đơn vị “SNV”" in page
    assert "Nguyễn Thị Hồng" not in page and "Đặng Văn Bình" not in page



def test_person_list_row_shows_what_the_model_shows(officer_client, tree):
    """The rows are read as values (orgs.views.PersonRow): each cell is what the
    person's model gives, links included, in both languages."""
    from django.template.defaultfilters import escape
    from django.utils import translation

    from dienhinh.core import vietnamese
    from dienhinh.orgs.models import Person

    def row(person):
        return (f'<tr><td><a href="{reverse("person_detail", args=[person.code])}">'
                f'{escape(person.full_name)}</a></td><td>{escape(person.code)}</td>'
                f'<td>{vietnamese.format_date(person.birth_date)}</td>'
                f'<td><a href="{reverse("unit_detail", args=[person.unit.code])}">'
                f'{escape(person.unit.name)}</a></td>'
                f'<td>{escape(person.get_position_display())}</td></tr>')

    Person.objects.filter(pk=tree["hong"].pk).update(birth_date=dt.date(1985, 3, 9))
    services.create_person("P<9>", "Lê & <Thử>", tree["qlcn"], "worker")
    people = Person.objects.filter(subject__code__in=["P001", "P002", "P<9>"])
    labels = {}
    for language in ("vi", "en"):
        officer_client.cookies["django_language"] = language
        page = body(officer_client.get(reverse("person_list")))
        with translation.override(language):
            for person in people:
                assert row(person) in page, (language, person.code)
            labels[language] = str(people.get(subject__code="P<9>").get_position_display())
        assert "09/03/1985" in page and "Lê &amp; &lt;Thử&gt;" in page
    assert labels["vi"] != labels["en"]


# ---------------------------------------------------------------- unit tree

def test_unit_tree_starts_at_the_users_unit(officer_client):
    page = body(officer_client.get(reverse("unit_tree")))
    assert "Sở Công Thương" in page
    assert "Sở Nội vụ" not in page
    assert 'hx-get="/units/SCT/children/"' in page


def test_unit_children_shows_history_greyed_with_dates(officer_client, tree):
    old = services.create_unit(
        "SCT_KH", "Phòng Kế hoạch", "division", tree["sct"], valid_from=dt.date(2010, 1, 1)
    )
    reorganise.merge([old], into=tree["vp"], date=dt.date(2025, 7, 1))
    page = body(officer_client.get(reverse("unit_children", args=["SCT"])))
    assert "Văn phòng Sở" in page and "Phòng Quản lý công nghiệp" in page
    assert "Phòng Kế hoạch" not in page  # it now hangs under its successor
    page = body(officer_client.get(reverse("unit_children", args=["SCT_VP"])))
    assert "Phòng Kế hoạch" in page
    assert 'class="dissolved"' in page
    assert "01/01/2010 – 30/06/2025" in page


def test_unit_tree_for_superuser_starts_at_roots(client, make_user, tree):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    page = body(client.get(reverse("unit_tree")))
    assert "Sở Công Thương" in page and "Sở Nội vụ" in page
    assert "Văn phòng Sở" not in page  # children load lazily


# ---------------------------------------------------------------- unit page

def test_unit_page_shows_members_sub_units_and_history(officer_client, tree):
    reorganise.rename(tree["vp"], "Văn phòng Sở Công Thương", dt.date(2024, 1, 1), "12/QĐ-UBND")
    page = body(officer_client.get(reverse("unit_detail", args=["SCT_VP"])))
    assert "Văn phòng Sở Công Thương" in page
    assert "Nguyễn Thị Hồng" in page
    assert "31/12/2023" in page and "01/01/2024" in page  # the two versions
    page = body(officer_client.get(reverse("unit_detail", args=["SCT"])))
    assert "Phòng Quản lý công nghiệp" in page
    assert "Cơ quan (Sở, UBND, cơ quan cấp tỉnh/xã)" in page


def test_merged_units_2022_record_shows_its_old_name(officer_client, tree):
    old = services.create_unit("SCT_KH", "Phòng Kế hoạch", "division", tree["sct"])
    record(old, 2022, "TTLDXS", "title")
    record(tree["vp"], 2024, "TTLDTT", "title")
    reorganise.merge([old], into=tree["vp"], date=dt.date(2025, 7, 1), decision_no="5/NQ-HĐND")
    page = body(officer_client.get(reverse("unit_detail", args=["SCT_VP"])))
    assert "Tập thể lao động xuất sắc" in page
    year_2022 = page[page.index('id="year-2022"'):]
    assert "Phòng Kế hoạch" in year_2022
    assert "5/NQ-HĐND" in page  # the reorganisation, among the predecessors
    # The old unit's own page keeps the record too, under the name it bore.
    page = body(officer_client.get(reverse("unit_detail", args=["SCT_KH"])))
    assert "Tập thể lao động xuất sắc" in page and "Đã giải thể/sáp nhập" in page


def test_renamed_units_record_shows_the_name_of_that_year(officer_client, tree):
    record(tree["qlcn"], 2022, "TTLDTT", "title")
    record(tree["qlcn"], 2025, "TTLDXS", "title")
    reorganise.rename(tree["qlcn"], "Phòng Công nghiệp", dt.date(2024, 1, 1))
    page = body(officer_client.get(reverse("unit_detail", args=["SCT_QLCN"])))
    year_2022 = page[page.index('id="year-2022"'):]
    year_2025 = page[page.index('id="year-2025"'):page.index('id="year-2022"')]
    assert "Phòng Quản lý công nghiệp" in year_2022
    assert "Đơn vị lúc đó" not in year_2025  # today's name: no note needed


def test_unit_members_paginate_in_vietnamese_order(officer_client, tree):
    for i in range(52):
        services.create_person(f"M{i:02d}", f"Lý Xuân {i:02d} Yến", tree["qlcn"], "staff")
    page = body(officer_client.get(reverse("unit_detail", args=["SCT_QLCN"])))
    assert "Trang 1/2" in page
    assert page.index("Trần Văn An") < page.index("Lý Xuân 00 Yến")


# ---------------------------------------------------------------- person page

def test_person_timeline_newest_first_with_vietnamese_formats(officer_client, tree, make_user):
    hong = tree["hong"]
    services.move_person(hong, tree["qlcn"], "division_leader", dt.date(2023, 2, 1))
    hong.birth_date = dt.date(1985, 7, 9)
    hong.save()
    record(hong, 2022, "LDTT", "title")
    commendation = record(
        hong, 2024, "BANG_KHEN", "commendation", issuer="UBND_TINH",
        decision_no="123/QĐ-UBND", decision_date=dt.date(2024, 3, 5), note="Hoàn thành xuất sắc",
    )
    record(hong, 2023, "SANG_KIEN", "initiative", level="tinh", value=Decimal("1234567"))
    ledger.add_evidence(commendation, SimpleUploadedFile("quyet-dinh.pdf", PDF))
    page = body(officer_client.get(reverse("person_detail", args=["P001"])))
    assert page.index('id="year-2024"') < page.index('id="year-2023"') < page.index(
        'id="year-2022"'
    )
    assert "09/07/1985" in page
    assert "Bằng khen cấp bộ, ban, ngành, tỉnh" in page
    assert "Chủ tịch UBND tỉnh" in page  # issuer's Vietnamese label
    assert "Cấp tỉnh" in page
    assert "1.234.567 đ" in page
    assert "123/QĐ-UBND" in page and "05/03/2024" in page
    assert "Hoàn thành xuất sắc" in page
    assert "quyet-dinh.pdf" in page
    assert "01/02/2023" in page  # the assignment history
    assert "Phòng Quản lý công nghiệp" in page and "Văn phòng Sở" in page


def test_unit_indicator_shows_amount_in_dong(officer_client, tree):
    record(tree["qlcn"], 2024, "DOANH_THU", "indicator", value=Decimal("1234567"))
    page = body(officer_client.get(reverse("unit_detail", args=["SCT_QLCN"])))
    assert "1.234.567 đ" in page


# ---------------------------------------------------------------- home page

@pytest.mark.parametrize(
    "role, import_link",
    [(Role.UNIT_OFFICER, True), (Role.STANDING_OFFICE, True), (Role.COUNCIL_MEMBER, False),
     (Role.HEAD, False), (Role.EDITOR, False), (Role.ADMINISTRATOR, True)],
)
def test_home_page_per_role(client, make_user, tree, role, import_link):
    record(tree["hong"], 2024, "LDTT", "title")
    record(tree["outsider"], 2024, "CSTDCS", "title")
    client.force_login(make_user("u", role, tree["sct"]))
    page = body(client.get(reverse("home")))
    assert str(Role(role).label) in page
    assert (reverse("import_start") in page) is import_link
    assert "Nguyễn Thị Hồng" in page  # recent ledger change in scope
    assert "Đặng Văn Bình" not in page  # out of scope


def test_home_counts_are_scoped(client, make_user, tree):
    client.force_login(make_user("u", Role.UNIT_OFFICER, tree["vp"]))
    page = body(client.get(reverse("home")))
    assert 'id="home-counts"' in page
    counts = page[page.index('id="home-counts"'):]
    assert '<div class="fs-3">1</div>' in counts  # one unit, one person


def test_home_for_user_without_roles(client, make_user, tree):
    client.force_login(make_user("norole"))
    page = body(client.get(reverse("home")))
    assert "chưa được phân quyền" in page


def test_many_children_arrive_in_pages(officer_client, tree, monkeypatch):
    from dienhinh.orgs import views

    monkeypatch.setattr(views, "CHILDREN_PAGE_SIZE", 2)
    services.create_unit("SCT_X", "Phòng Xúc tiến", "division", tree["sct"])
    first = body(officer_client.get(reverse("unit_children", args=["SCT"])))
    assert "Phòng Quản lý công nghiệp" in first and "Phòng Xúc tiến" in first
    assert "Văn phòng Sở" not in first  # Vietnamese order: P… before V…
    assert "Đã hiện 2/3 đơn vị — xem thêm" in first
    assert 'hx-get="/units/SCT/children/?page=2"' in first
    second = body(officer_client.get(reverse("unit_children", args=["SCT"]), {"page": 2}))
    assert "Văn phòng Sở" in second and "<ul" not in second and "xem thêm" not in second
    page = body(officer_client.get(reverse("unit_detail", args=["SCT"])))
    assert "Đã hiện 2/3 đơn vị — xem thêm" in page
