"""The yearly statistics forms 0601.N, 0602.N, 0603.N (Thông tư 02/2023/TT-BNV): every
filled cell of the XLSX equals a count made independently with the ORM on the demo, the
scope's figures are the sum of its units', and bad input is refused."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import openpyxl
import pytest
from django.core.management import call_command
from django.db.models import F, Q

from dienhinh.decisions.models import ProposalItem, Recognition
from dienhinh.demo import build
from dienhinh.demo import stages as demo_stages
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import SubjectScope, Unit
from dienhinh.plans.models import Plan
from dienhinh.reports import tt02
from dienhinh.scoring.models import EmulationGroup, GroupYear

pytestmark = pytest.mark.django_db

SCOPES = ("VN", "VN-P42", "HT-SCT")   # the nation, Hà Tĩnh, its Sở Công Thương
YEARS = (2024, 2025)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build.DemoBuilder().build()
        demo_stages.build("decided", log=lambda _: None)
        yield
        # build.reset() knows the organisation and the ledger, not the stages' plans,
        # ballots and decisions: empty every table, as a transactional test does (the
        # built-in rows come back through post_migrate, see test_builtin_rows).
        call_command("flush", interactive=False, verbosity=0)


def unit(code: str) -> Unit:
    return Unit.objects.select_related("subject", "parent__subject").get(subject__code=code)


# -- the independent count: ORM filters written from the forms' words -------------------
# Depth in today's tree (where a dissolved unit hangs under its successor), matched by
# the database's regular expressions on the path rather than the report's parsing.
DEPTH_0 = Q(path__regex=r"^/[0-9]+/$")
DEPTH_1 = Q(path__regex=r"^/[0-9]+/[0-9]+/$")
DEPTH_LE_1 = DEPTH_0 | DEPTH_1
DEPTH_2 = Q(path__regex=r"^/[0-9]+/[0-9]+/[0-9]+/$")


def _prefixed(q: Q, prefix: str) -> Q:
    """Q on Unit fields, moved under `prefix` (e.g. subject__person__unit__)."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    out.children = [(_prefixed(c, prefix) if isinstance(c, Q) else (prefix + c[0], c[1]))
                    for c in q.children]
    return out


def _award_base(scope: Unit, year: int):
    # The period of the forms: 01/12 of the year before to 30/11 of the year.
    return Achievement.objects.filter(
        Q(decision_date__range=(dt.date(year - 1, 12, 1), dt.date(year, 11, 30)))
        | Q(decision_date__isnull=True, year=year),
        subject__in=SubjectScope.objects.filter(path__startswith=scope.path)
        .values("subject_id"))


def _award_row_q(row: str) -> Q:
    pu = "subject__person__unit__"
    leader = Q(subject__person__position="agency_leader")
    business = Q(subject__person__unit__kind__in=["enterprise", "cooperative"])
    province_level = _prefixed(DEPTH_LE_1, pu)
    department = Q(subject__person__unit__kind="agency") & _prefixed(DEPTH_2, pu)
    # (NULLs kept out of the subqueries: NOT IN over a NULL is never true)
    themed = (Q(pk__in=Recognition.objects.filter(decision__plan__isnull=False)
                .exclude(achievement=None).values("achievement_id"))
              | Q(pk__in=ProposalItem.objects.exclude(achievement=None)
                  .values("achievement_id")))
    return {
        "total": Q(),
        "collective": Q(subject__type="collective") & ~Q(subject__unit__kind="household"),
        "enterprise": Q(subject__unit__kind="enterprise"),
        "household": Q(subject__unit__kind="household"),
        "individual": Q(subject__type="individual"),
        "leader_province": leader & ~business & province_level,
        "leader_department": leader & ~business & ~province_level & department,
        "businessperson": leader & business,
        "leader_other": (leader & ~business & ~province_level & ~department)
        | Q(subject__person__position="division_leader"),
        "direct": Q(subject__person__position__in=["staff", "worker", "soldier", "citizen"]),
        "method_theme": themed,
        "method_regular": ~themed,
    }[row]


def _proposer_count(qs, ministry: bool) -> int:
    provinces = Unit.objects.filter(DEPTH_1)
    total = 0
    for p in provinces.select_related("subject"):
        if p.subject.name.startswith(("Bộ ", "Ban ")) != ministry:
            continue
        total += qs.filter(subject__in=SubjectScope.objects.filter(
            path__startswith=p.path).values("subject_id")).count()
    return total


AWARD_CODES = {  # column -> (code, subject type or None) from the forms' headings
    "huan_chuong_t": ("HUAN_CHUONG", "collective"), "huan_chuong_c": ("HUAN_CHUONG",
                                                                      "individual"),
    "co_cp": ("CO_THI_DUA_CP", "collective"),
    "bk_ttg_t": ("BANG_KHEN_TTG", "collective"), "bk_ttg_c": ("BANG_KHEN_TTG", "individual"),
    "cstd_tq": ("CSTD_TQ", "individual"),
    "bang_khen": ("BANG_KHEN", None), "cstd_tinh": ("CSTD_TINH", "individual"),
    "co_tinh": ("CO_THI_DUA_TINH", "collective"),
}


def award_count(form: str, scope: Unit, year: int, row: str, col: str) -> int:
    base = _award_base(scope, year)
    if col == "total":
        keys = [c.key for c in tt02.form_of(form).columns if c.key in AWARD_CODES]
        return sum(award_count(form, scope, year, row, k) for k in keys)
    code, stype = AWARD_CODES[col]
    qs = base.filter(code_id=code)
    if stype:
        qs = qs.filter(subject__type=stype)
    if row in ("proposer_ministry", "proposer_province"):
        return _proposer_count(qs, row == "proposer_ministry")
    return qs.filter(_award_row_q(row)).count()


def movement_count(scope: Unit, year: int, row: str, col: str) -> int:
    qs = Plan.objects.filter(
        status__in=["in_force", "closed"], start_year__lte=year, end_year__gte=year,
        agency__in=SubjectScope.objects.filter(path__startswith=scope.path)
        .values("subject_id")).annotate(years=F("end_year") - F("start_year") + 1)
    central = _prefixed(DEPTH_0, "agency__")
    province = _prefixed(DEPTH_1, "agency__")
    below = ~central & ~province
    qs = qs.filter({"total": Q(), "central": central, "province": province,
                    "agency": below}[col])
    return qs.filter({
        "total": Q(), "scope_national": central, "scope_province": province,
        "scope_agency": below, "len_under1": Q(years__lt=1), "len_1": Q(years=1),
        "len_1to3": Q(years__gt=1, years__lt=3), "len_3to5": Q(years__gte=3, years__lt=5),
        "len_5plus": Q(years__gte=5), "method_theme": Q(), "scope_cluster": Q(pk__in=[]),
        "method_regular": Q(pk__in=[]),
    }[row]).count() + group_count(scope, year, row, col)


def group_count(scope: Unit, year: int, row: str, col: str) -> int:
    """Blocks and clusters emulating in the year: yearly movements of their agency."""
    if row not in ("total", "scope_cluster", "len_1", "method_regular"):
        return 0
    qs = GroupYear.objects.filter(year=year, group__agency__in=SubjectScope.objects.filter(
        path__startswith=scope.path).values("subject_id"))
    central = _prefixed(DEPTH_0, "group__agency__")
    province = _prefixed(DEPTH_1, "group__agency__")
    return qs.filter({"total": Q(), "central": central, "province": province,
                      "agency": ~central & ~province}[col]).count()


def expected(form_key: str, scope: Unit, year: int, row, col) -> int | None:
    if row.heading or not row.tracked or not col.tracked:
        return None
    if form_key == "0601":
        return movement_count(scope, year, row.key, col.key)
    return award_count(form_key, scope, year, row.key, col.key)


def sheet_cells(ws, form_key: str) -> dict[tuple[str, str], object]:
    """(row key, column key) -> the value in the sheet, found by the row's label and
    number (columns A, B) and the columns' order after the leading ones."""
    form = tt02.form_of(form_key)
    lead = 2 if form_key == "0601" else 3
    by_label = {(r.label, r.number or None): r for r in form.rows}
    found = {}
    for values in ws.iter_rows(values_only=True):
        row = by_label.get((values[0], values[1]))
        if row is None:
            continue
        for j, col in enumerate(form.columns):
            found[(row.key, col.key)] = values[lead + j]
    return found


# -- the tests --------------------------------------------------------------------------
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("code", SCOPES)
def test_every_cell_of_the_xlsx_equals_an_independent_count(code, year, tmp_path):
    scope = unit(code)
    out = tmp_path / "tt02.xlsx"
    tt02.run(scope=code, year=str(year), output=str(out))
    wb = openpyxl.load_workbook(out)
    assert [name[:4] for name in wb.sheetnames] == ["0601", "0602", "0603"]
    filled = 0
    for key, ws in zip(tt02.FORM_KEYS, wb.worksheets, strict=True):
        form = tt02.form_of(key)
        cells = sheet_cells(ws, key)
        assert len(cells) == len(form.rows) * len(form.columns)
        for row in form.rows:
            for col in form.columns:
                want = expected(key, scope, year, row, col)
                assert cells[(row.key, col.key)] == want, (key, row.key, col.key)
                filled += want is not None
    assert filled > 100


def test_the_demo_fills_every_tracked_column_somewhere():
    """The checks above are not all zeros: on the demo, over the years, each tracked
    column of each award form and each movement row has a figure above 0."""
    nation = unit("VN")
    seen: Counter = Counter()
    for year in range(2019, 2027):
        result = tt02.compute(nation, year)
        for key in tt02.FORM_KEYS:
            for (_row, col), n in result.cells[key].items():
                seen[(key, col)] += n
    for key in ("0602", "0603"):
        by_code: Counter = Counter()
        for col in tt02.form_of(key).columns:
            if col.tracked and col.key != "total":
                by_code[AWARD_CODES[col.key][0]] += seen[(key, col.key)]
        assert len(by_code) >= 3 and all(by_code.values()), (key, by_code)
    assert seen[("0601", "agency")] > 0


@pytest.mark.parametrize("code", ("VN", "VN-P42", "HT-SCT"))
def test_the_scope_is_the_sum_of_its_units_and_each_unit_its_own_form(code):
    scope = unit(code)
    result = tt02.compute(scope, 2024)
    # the units directly under the scope in today's tree, with figures or without
    below = [u for u in Unit.objects.filter(path__startswith=scope.path).exclude(pk=scope.pk)
             if u.path.count("/") == scope.path.count("/") + 1]
    listed = [c for c, _ in result.children]
    assert set(listed) <= set(below)
    assert {u for u in below if u.parent_id == scope.pk} <= set(listed)
    for key in tt02.FORM_KEYS:
        summed = sum((cells[key] for _, cells in result.children), Counter()) + result.own[key]
        assert +result.cells[key] == +summed
    # each unit's slice is what the unit's own form says (a few, with figures and without)
    busy = [c for c, cells in result.children if cells["0603"][("total", "total")]][:3]
    quiet = [c for c, cells in result.children if not cells["0603"][("total", "total")]][:2]
    for child in busy + quiet:
        alone = tt02.compute(child, 2024)
        mine = dict(result.children)[child]
        for key in tt02.FORM_KEYS:
            assert +alone.cells[key] == +mine[key], (child.code, key)


def test_the_xlsx_heads_each_form_with_unit_receiver_year_and_signer(tmp_path):
    out = tmp_path / "f.xlsx"
    call_command("report", "tt02", "--scope", "HT-SCT", "--year", "2025", "--output", str(out),
                 stdout=io.StringIO())
    wb = openpyxl.load_workbook(out)
    for key, ws in zip(tt02.FORM_KEYS, wb.worksheets, strict=True):
        text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row
                         if v is not None)
        form = tt02.form_of(key)
        assert f"Biểu số: {form.code}" in text
        assert "Đơn vị báo cáo: Sở Công Thương tỉnh Hà Tĩnh" in text
        assert "Đơn vị nhận báo cáo: UBND tỉnh Hà Tĩnh" in text
        assert "Thông tư số 02/2023/TT-BNV" in text and "Ngày 15 tháng 12" in text
        assert form.title in text and "Năm 2025" in text
        assert "kỳ báo cáo từ ngày 01/12/2024 đến ngày 30/11/2025" in text
        assert "NGƯỜI LẬP BIỂU" in text and "(Ký, họ tên, đóng dấu)" in text
        assert "HT-SCT" not in text and "BANG_KHEN" not in text  # names, never codes


def test_a_province_reports_to_the_ministry():
    assert tt02.compute(unit("VN-P42"), 2024).receiver == "Bộ Nội vụ"


@pytest.mark.parametrize("args, message", [
    (["--scope", "KHONG-CO", "--year", "2024"], "Không có đơn vị"),
    (["--scope", "HT-SCT", "--year", "hai nghìn"], "Năm báo cáo không hợp lệ"),
    (["--scope", "HT-SCT", "--year", "1900"], "nằm ngoài khoảng"),
    (["--scope", "HT-SCT", "--year", str(dt.date.today().year + 2)], "nằm ngoài khoảng"),
])
def test_the_command_exits_2_with_a_message(args, message, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    with pytest.raises(SystemExit) as exit_:
        call_command("report", "tt02", *args, "--output", str(out))
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_the_command_wants_an_xlsx_file(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("report", "tt02", "--scope", "HT-SCT", "--year", "2024", "--output",
                     str(tmp_path / "x.docx"))
    assert exit_.value.code == 2 and ".xlsx" in capsys.readouterr().err


def test_the_command_writes_the_file_and_exits_0(tmp_path):
    out = tmp_path / "bieu.xlsx"
    stdout = io.StringIO()
    call_command("report", "tt02", "--scope", "VN-P42", "--year", "2024", "--output", str(out),
                 stdout=stdout)
    assert out.stat().st_size > 0 and "UBND tỉnh Hà Tĩnh" in stdout.getvalue()


def test_awards_count_in_the_year_of_their_decision_and_by_method():
    """A 2024 award decided in January 2025 is in the 2025 forms, one decided on
    1 December 2024 too (the period runs from 01/12 to 30/11), one decided on 30/11/2024
    in the 2024 forms; an award without a decision date in its own year; an award written by a plan's recognition decision
    is "chuyên đề", the others "thường xuyên"."""
    from dienhinh.decisions.models import Decision
    from dienhinh.orgs import services as orgs
    from tests.factories.exemplars import adopt

    nation = orgs.create_unit("T-ROOT", "Nhà nước thử nghiệm", "other")
    root = orgs.create_unit("T-BO", "Bộ Thử nghiệm", "agency", nation)
    dept = orgs.create_unit("T-DEPT", "Cục Thử nghiệm", "agency", root)
    boss = orgs.create_person("T-P1", "Nguyễn Văn Cục", dept, "agency_leader")
    clerk = orgs.create_person("T-P2", "Lê Thị Chuyên", dept, "staff")
    late = Achievement.objects.create(subject=boss.subject, year=2024, kind="commendation",
                                      code_id="BANG_KHEN", issuer="BO", decision_no="1/QĐ",
                                      decision_date=dt.date(2025, 1, 10))
    Achievement.objects.create(subject=clerk.subject, year=2024, kind="title",
                               code_id="CSTD_TINH")
    for day, no in ((dt.date(2024, 12, 1), "2/QĐ"), (dt.date(2024, 11, 30), "3/QĐ")):
        Achievement.objects.create(subject=clerk.subject, year=2024, kind="commendation",
                                   code_id="BANG_KHEN", issuer="BO", decision_no=no,
                                   decision_date=day)
    plan = adopt("ha-tinh-sct-2021-2025", dept)
    decision = Decision.objects.create(agency=dept, plan=plan, year=2024, title="Công nhận",
                                       status=Decision.ISSUED, seq=1, number_year=2025,
                                       number="1/QĐ", signed_on=dt.date(2025, 1, 10))
    Recognition.objects.create(decision=decision, subject=boss.subject, achievement=late)

    y2024 = tt02.compute(root, 2024)
    y2025 = tt02.compute(root, 2025)
    assert y2024.value("0603", "total", "bang_khen") == 1       # 30/11/2024
    assert y2024.value("0603", "total", "cstd_tinh") == 1
    assert y2024.value("0603", "direct", "cstd_tinh") == 1
    assert y2024.value("0603", "method_regular", "total") == 2
    assert y2025.value("0603", "total", "bang_khen") == 2       # 01/12/2024, 10/01/2025
    assert y2025.value("0603", "leader_department", "bang_khen") == 1
    assert y2025.value("0603", "direct", "bang_khen") == 1
    assert y2025.value("0603", "method_theme", "bang_khen") == 1
    assert y2025.value("0603", "method_regular", "total") == 1
    assert y2025.value("0603", "total", "cstd_tinh") == 0
    # a State award proposed by a ministry (its name begins with "Bộ")
    Achievement.objects.create(subject=clerk.subject, year=2025, kind="title",
                               code_id="CSTD_TQ")
    assert tt02.compute(nation, 2025).value("0602", "proposer_ministry", "cstd_tq") == 1
    assert tt02.compute(nation, 2025).value("0602", "proposer_province", "cstd_tq") == 0
    # the Cục's plan is a movement of the year led by an agency below the ministry
    assert y2024.value("0601", "total", "total") == 1
    assert y2024.value("0601", "scope_agency", "agency") == 1
    assert y2024.value("0601", "method_theme", "total") == 1
    assert y2024.value("0601", "method_regular", "total") == 0
    # a cluster of the ministry emulating in 2024: a yearly movement led at its level
    cluster = EmulationGroup.objects.create(kind="cluster", name="Cụm thi đua số 1",
                                            agency=root)
    GroupYear.objects.create(group=cluster, year=2024, lead=dept)
    y2024 = tt02.compute(nation, 2024)
    assert y2024.value("0601", "scope_cluster", "province") == 1
    assert y2024.value("0601", "method_regular", "total") == 1
    assert y2024.value("0601", "len_1", "total") == 1
    assert y2024.value("0601", "total", "total") == 2
    assert tt02.compute(nation, 2025).value("0601", "scope_cluster", "total") == 0


# -- screen, download, API, home task ---------------------------------------------------
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def office(make_user):
    from dienhinh.orgs.models import Role

    return make_user("tt02_vanphong", role=Role.STANDING_OFFICE, unit=unit("HT-SCT"))


def test_the_page_shows_the_forms_of_a_unit_in_reach(client, office):
    client.force_login(office)
    response = client.get("/reports/tt02/", {"scope": "HT-SCT", "year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    result = tt02.compute(unit("HT-SCT"), 2025)
    assert "Sở Công Thương tỉnh Hà Tĩnh — năm 2025" in html
    assert "Kỳ báo cáo: từ 01/12/2024 đến 30/11/2025" in html
    for key in tt02.FORM_KEYS:
        assert f"Biểu số {tt02.form_of(key).code}" in html
        assert f'id="form-{key}"' in html
    # the first figure of each form is the form's total
    for key in tt02.FORM_KEYS:
        section = html.split(f'id="form-{key}"')[1].split("</section>")[0]
        first_row = section.split("<tbody>")[1].split("</tr>")[0]
        assert f'<td class="text-end">{result.cells[key][("total", "total")]}</td>' in first_row
    assert "/reports/tt02/download/?scope=HT-SCT&amp;year=2025" in html
    for code in ("BANG_KHEN", "CSTD_TINH", "HUAN_CHUONG"):
        assert code not in html


def test_the_page_opens_on_the_users_own_unit(client, office):
    client.force_login(office)
    html = client.get("/reports/tt02/").content.decode()
    assert 'value="HT-SCT"' in html and "Sở Công Thương tỉnh Hà Tĩnh" in html


def test_a_unit_out_of_reach_is_refused_in_vietnamese(client, office):
    client.force_login(office)
    for path in ("/reports/tt02/", "/reports/tt02/download/"):
        response = client.get(path, {"scope": "VN-P42", "year": 2025})
        assert response.status_code == 403
        assert "nằm ngoài phạm vi phân quyền" in response.content.decode()


def test_bad_input_on_the_page_is_a_form_error(client, office):
    client.force_login(office)
    response = client.get("/reports/tt02/", {"scope": "KHONG-CO", "year": "abc"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không có đơn vị mã" in html and "Năm báo cáo không hợp lệ" in html
    response = client.get("/reports/tt02/download/", {"scope": "HT-SCT", "year": "1800"})
    assert response.status_code == 400 and "nằm ngoài khoảng" in response.content.decode()


def test_roles_without_the_forms_are_refused(client, make_user):
    from dienhinh.orgs.models import Role

    client.force_login(make_user("tt02_canbo", role=Role.UNIT_OFFICER, unit=unit("HT-SCT")))
    assert client.get("/reports/tt02/").status_code == 403
    assert client.get("/reports/tt02/download/", {"scope": "HT-SCT", "year": 2025}
                      ).status_code == 403
    client.logout()
    assert client.get("/reports/tt02/").status_code == 302  # to the login page


def test_the_download_is_the_xlsx_of_the_forms(client, office):
    client.force_login(office)
    response = client.get("/reports/tt02/download/", {"scope": "HT-SCT", "year": 2025})
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert "bieu-tt02-HT-SCT-2025.xlsx" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [n[:4] for n in wb.sheetnames] == ["0601", "0602", "0603"]
    cells = sheet_cells(wb.worksheets[2], "0603")
    result = tt02.compute(unit("HT-SCT"), 2025)
    assert cells[("total", "total")] == result.cells["0603"][("total", "total")]


def test_the_api_gives_the_figures_or_the_xlsx(client, office):
    client.force_login(office)
    response = client.get("/api/reports/tt02/", {"scope": "VN-P42", "year": 2025})
    assert response.status_code == 403
    response = client.get("/api/reports/tt02/", {"scope": "HT-SCT", "year": 2025,
                                                 "format": "json"})
    assert response.status_code == 200
    data = response.json()
    scope = unit("HT-SCT")
    result = tt02.compute(scope, 2025)
    assert data["scope"] == "HT-SCT" and data["year"] == 2025
    for key in tt02.FORM_KEYS:
        form = tt02.form_of(key)
        rows = {r["key"]: r for r in data["forms"][key]["rows"]}
        for row in form.rows:
            for col in form.columns:
                assert rows[row.key]["values"][col.key] == expected(key, scope, 2025, row, col)
    by_unit = {u["unit"]: u["totals"] for u in data["by_unit"]}
    assert sum(t["0603"] for t in by_unit.values()) == result.cells["0603"][("total", "total")]
    response = client.get("/api/reports/tt02/", {"scope": "HT-SCT", "year": 2025})
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0][:4] == "0601"


def test_the_api_refuses_bad_input(client, office):
    client.force_login(office)
    for params in ({"scope": "HT-SCT"}, {"year": 2025}, {"scope": "KHONG-CO", "year": 2025},
                   {"scope": "HT-SCT", "year": "2025.5"}, {"scope": "HT-SCT", "year": 3000},
                   {"scope": "HT-SCT", "year": 2025, "format": "pdf"}):
        response = client.get("/api/reports/tt02/", params)
        assert response.status_code == 400, params
    client.logout()
    assert client.get("/api/reports/tt02/", {"scope": "HT-SCT", "year": 2025}
                      ).status_code == 401


def test_the_home_page_reminds_the_standing_office_before_15_december(office, make_user):
    from dienhinh.home import home_tasks
    from dienhinh.orgs.models import Role

    def forms_tasks(user, day):
        return [t for t in home_tasks.tasks(user, day) if t.kind == "statistics"]

    assert forms_tasks(office, dt.date(2026, 11, 10)) == []
    [task] = forms_tasks(office, dt.date(2026, 11, 20))
    assert task.due == dt.date(2026, 12, 15) and not task.urgent
    assert "Sở Công Thương tỉnh Hà Tĩnh" in task.title and "2026" in task.title
    assert "15/12/2026" in task.detail and "01/12/2025" in task.detail
    assert task.url == "/reports/tt02/?scope=HT-SCT&year=2026"
    assert forms_tasks(office, dt.date(2026, 12, 10))[0].urgent
    assert forms_tasks(office, dt.date(2026, 12, 16)) == []
    officer = make_user("tt02_canbo2", role=Role.UNIT_OFFICER, unit=unit("HT-SCT"))
    assert forms_tasks(officer, dt.date(2026, 12, 10)) == []
    # an office of two agencies: one task each, by the tree's order, each sent to the
    # unit above it (the province's to the Ministry)
    from dienhinh.orgs.models import RoleAssignment

    sct = unit("HT-SCT")
    RoleAssignment.objects.create(user=office, role=Role.STANDING_OFFICE, unit=sct.parent)
    office = type(office).objects.get(pk=office.pk)  # a new request's user
    found = forms_tasks(office, dt.date(2026, 12, 10))
    assert [t.url for t in found] == [f"/reports/tt02/?scope={sct.parent.code}&year=2026",
                                      "/reports/tt02/?scope=HT-SCT&year=2026"]
    assert "gửi Bộ Nội vụ trước ngày" in found[0].detail
    assert f"gửi {sct.parent.name} trước ngày" in found[1].detail
