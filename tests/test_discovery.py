import io

import pytest
from openpyxl import load_workbook

from dienhinh.orgs import services as org
from dienhinh.orgs.models import Person, Role

from .discovery_helpers import PLAN, YEAR, add, build

URL = "/discovery/"


@pytest.fixture
def ledger(tree):
    return build(tree)


@pytest.fixture
def office(client, make_user, ledger):
    client_user = make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"])
    client.force_login(client_user)
    return client


def codes(response):
    return [row.code for row in response.context["page"].object_list]


def params(**extra):
    return {"plan": PLAN, "scope": "SCT", "year": YEAR, **extra}


def test_lists_passes_then_near_misses_with_explanations(office):
    response = office.get(URL, params())
    assert response.status_code == 200
    rows = {r.code: r for r in response.context["page"].object_list}
    assert set(rows) == {"P001", "SCT_VP", "P002", "P004", "SCT_QLCN"}
    # Passes first, then near misses; collectives before people; people by given name
    # (Trần Văn An before Lê Thị Cúc).
    assert codes(response) == ["SCT_VP", "P001", "SCT_QLCN", "P002", "P004"]
    assert rows["P001"].quantitative == "pass" and not rows["P001"].near_miss
    assert rows["P002"].near_miss and rows["SCT_QLCN"].near_miss
    assert any("kỷ luật" in line for line in rows["SCT_QLCN"].unmet)
    assert any("còn thiếu 1" in line for line in rows["P004"].unmet)
    body = response.content.decode()
    assert "Gần đạt" in body and "Nguyễn Thị Hồng" in body
    assert response.context["passes"] == 2 and response.context["near"] == 3


def test_show_all_and_pass_only(office):
    every = codes(office.get(URL, params(show="all")))
    assert set(every) == {"SCT", "SCT_VP", "SCT_QLCN", "P001", "P002", "P004", "P005"}
    assert set(codes(office.get(URL, params(show="pass")))) == {"P001", "SCT_VP"}
    assert set(codes(office.get(URL, params(show="near")))) == {"P002", "P004", "SCT_QLCN"}


def test_filters_by_unit_and_profile(office):
    assert set(codes(office.get(URL, params(unit="SCT_QLCN")))) == {"P002", "SCT_QLCN"}
    assert set(codes(office.get(URL, params(profile="staff")))) == {"P001", "P004"}
    response = office.get(URL, params(profile="khong_co"))
    assert response.status_code == 400
    assert "Không có nhóm tiêu chí" in response.context["error"]


def test_bad_input_gives_vietnamese_messages_not_500(office):
    response = office.get(URL, params(plan="khong-co-ke-hoach"))
    assert response.status_code == 400
    assert "Không có kế hoạch" in response.context["error"]
    response = office.get(URL, params(year=2030))
    assert response.status_code == 400
    assert "ngoài giai đoạn 2021–2025" in response.context["error"]
    response = office.get(URL, params(scope="KHONG_CO"))
    assert response.status_code == 404
    assert "Không tìm thấy đơn vị" in response.context["error"]
    response = office.get(URL, params(year="hai-nghin"))
    assert response.status_code == 400
    assert "Năm phải là số" in response.content.decode()
    assert office.get(URL).status_code == 200  # the empty form


def test_paginates(office, ledger):
    for i in range(55):
        person = org.create_person(f"X{i:03d}", f"Người Thứ {i}", ledger["vp"], "staff")
        add(person, 2021, "BANG_KHEN", "commendation", "UBND_TINH")
    first = office.get(URL, params())
    assert first.context["total"] == 60
    assert len(first.context["page"].object_list) == 50
    second = office.get(URL, params(page=2))
    assert len(second.context["page"].object_list) == 10


def test_permissions(client, make_user, ledger):
    client_user = make_user("canbo", role=Role.UNIT_OFFICER, unit=ledger["sct"])
    client.force_login(client_user)
    assert client.get(URL, params()).status_code == 403
    assert client.get(URL + "export.xlsx", params()).status_code == 403
    client.logout()
    # The standing office of another agency: SCT is out of its scope.
    client_user = make_user("snv", role=Role.STANDING_OFFICE, unit=ledger["other"])
    client.force_login(client_user)
    assert client.get(URL, params()).status_code == 404
    assert client.get(URL + "export.xlsx", params()).status_code == 404
    assert client.get(f"/discovery/{PLAN}/{YEAR}/P001/explain/").status_code == 404
    client.logout()
    client_user = make_user("giamdoc", role=Role.HEAD, unit=ledger["sct"])
    client.force_login(client_user)
    assert client.get(URL, params()).status_code == 200
    client.logout()
    assert client.get(URL, params()).status_code == 302  # to the login page


def test_explain_row_shows_met_unmet_pending(office):
    response = office.get(f"/discovery/{PLAN}/{YEAR}/P001/explain/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "explain-met" in body and "căn cứ" in body  # evidence from the explain engine
    assert body.count("Chờ xác nhận") >= 2
    assert "Chưa đủ điều kiện" in body
    near = office.get(f"/discovery/{PLAN}/{YEAR}/SCT_QLCN/explain/").content.decode()
    assert "Chưa đạt" in near and "kỷ luật" in near
    assert office.get(f"/discovery/{PLAN}/2030/P001/explain/").status_code == 404
    assert office.get(f"/discovery/khong-co/{YEAR}/P001/explain/").status_code == 404


def test_export_xlsx(office, ledger):
    org.create_person("P009", "=HYPERLINK(\"http://x\") Nguyễn", ledger["vp"], "staff")
    add(Person.objects.get(subject__code="P009"), 2021, "CSTD_TINH", "title")
    add(Person.objects.get(subject__code="P009"), 2022, "BANG_KHEN", "commendation", "UBND_TINH")
    response = office.get(URL + "export.xlsx", params())
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header_at = next(i for i, row in enumerate(values) if row[0] == "STT")
    header = values[header_at]
    assert header[:3] == ["STT", "Mã", "Họ tên / Tên đơn vị"]
    assert "Tiêu chí chưa đạt" in header and "Đủ điều kiện" in header
    rows = {row[1]: row for row in values[header_at + 1:]}
    assert set(rows) == {"P001", "SCT_VP", "P002", "P004", "SCT_QLCN", "P009"}
    assert rows["P001"][6] == "Đạt"
    assert rows["P002"][7] == "Có"  # near miss
    assert "Chờ xác nhận" in rows["P001"][11]
    # A name that looks like a formula stays text.
    assert rows["P009"][2].startswith("'=HYPERLINK")
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    assert "Hà Tĩnh" in values[0][0] or "điển hình" in values[0][0]


def test_menu_shows_discovery_and_templates_to_the_office_only(client, make_user, ledger):
    client.force_login(make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"]))
    page = client.get("/people/").content.decode()
    assert 'href="/discovery/"' in page and 'href="/plans/templates/"' in page
    client.force_login(make_user("canbo", role=Role.UNIT_OFFICER, unit=ledger["sct"]))
    page = client.get("/people/").content.decode()
    assert 'href="/discovery/"' not in page and 'href="/plans/templates/"' not in page


def test_query_count_does_not_grow_with_rows(office, ledger, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as few:
        office.get(URL, params(show="all"))
    for i in range(40):
        person = org.create_person(f"Y{i:03d}", f"Người Mới {i}", ledger["qlcn"], "staff")
        add(person, 2021, "BANG_KHEN", "commendation", "UBND_TINH")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = office.get(URL, params(show="all"))
    assert response.context["total"] == 47


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_row_has_its_badges_and_buttons_in_the_language(office, language):
    """The rows' texts are translated once a page (discovery.html): every row still
    carries its own, in the reader's language."""
    import re

    from django.utils import translation

    office.cookies["django_language"] = language
    response = office.get(URL, params())
    body = response.content.decode()
    rows = {r.code: r for r in response.context["page"].object_list}
    with translation.override(language):
        met, near = translation.gettext("Đạt"), translation.gettext("Gần đạt")
        explain = translation.gettext("Giải thích")
    assert (met != "Đạt") == (language == "en")
    for code, row in rows.items():
        html = re.search(rf'<tr class="discovery-row" data-code="{code}">(.*?)</tr>',
                         body, re.S).group(1)
        colour, text = ("success", met) if row.quantitative == "pass" else ("warning", near)
        assert f'<span class="badge text-bg-{colour}">{text}</span>' in html
        assert f">{explain}</button>" in html
