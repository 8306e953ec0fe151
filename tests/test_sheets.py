"""Exports for people: the person list, the unit tree, a person's record sheet (trích
ngang), registrations and nominations as XLSX with names beside codes, scoped."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dienhinh.exemplars import services
from dienhinh.exemplars.models import Nomination
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role
from tests.factories.exemplars import lao_cai

pytestmark = pytest.mark.django_db


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    return [[c for c in row] for row in ws.iter_rows(values_only=True)]


def test_person_list_unit_tree_and_record_sheet_have_names_beside_codes(client, make_user,
                                                                        tree):
    Achievement.objects.create(subject=tree["hong"].subject, year=2024, kind="commendation",
                               code_id="GIAY_KHEN", issuer="SO", decision_no="5/QĐ-SCT",
                               decision_date=dt.date(2024, 12, 20))
    client.force_login(make_user("vp", role=Role.STANDING_OFFICE, unit=tree["sct"]))
    people = rows(client.get("/sheets/people.xlsx"))
    assert people[0][:3] == ["STT", "Mã", "Họ và tên"]
    hong = next(r for r in people if r[1] == "P001")
    assert hong[2] == "Nguyễn Thị Hồng" and hong[5] == "Văn phòng Sở"
    assert hong[7] == "Cán bộ, công chức, viên chức"  # the position by name
    assert "P003" not in {r[1] for r in people}  # another agency's person
    units = rows(client.get("/sheets/units.xlsx"))
    assert units[1][:3] == ["Sở Công Thương", "SCT", "Cơ quan (Sở, UBND, cơ quan cấp tỉnh/xã)"]
    assert units[2][0].startswith("    ")  # a division indented under its agency
    sheet = rows(client.get("/sheets/people/P001/trich-ngang.xlsx"))
    assert sheet[0][0] == "TRÍCH NGANG THÀNH TÍCH" and "Nguyễn Thị Hồng" in sheet[1][0]
    record = sheet[-1]
    assert record[2] == "Giấy khen" and record[3] == "GIAY_KHEN"
    assert record[4] == "Giám đốc Sở và tương đương" and record[7] == "20/12/2024"
    assert client.get("/sheets/people/P003/trich-ngang.xlsx").status_code == 404


def test_registrations_and_nominations_sheets(client, make_user):
    lc = lao_cai()
    officer = make_user("cb", role=Role.UNIT_OFFICER, unit=lc["ldvl"])
    services.register(officer, lc["plan"], 2024, lc["ldvl"], lc["hoa"].subject,
                      on=dt.date(2024, 1, 10))
    Nomination.objects.create(plan=lc["plan"], year=2024, unit=lc["ldvl"],
                              subject=lc["hoa"].subject, level="agency",
                              status=Nomination.SUBMITTED, summary="Tiêu biểu")
    client.force_login(officer)
    regs = rows(client.get(f"/sheets/plans/{lc['plan'].pk}/2024/registrations.xlsx"))
    assert "DANH SÁCH ĐĂNG KÝ" in regs[0][0] and lc["plan"].number in regs[1][0]
    entry = regs[-1]
    assert entry[1] == "Nguyễn Thị Hoa" and entry[3] == "Phòng Lao động – Việc làm"
    assert entry[5] == "10/01/2024" and entry[7] == "Đã đăng ký"
    noms = rows(client.get("/sheets/nominations.xlsx"))
    assert noms[1][2] == "Nguyễn Thị Hoa" and noms[1][5] == "Cấp cơ quan"
    assert noms[1][6] == "Đã gửi thẩm định" and noms[1][7].startswith("Kế hoạch số ")


def test_a_reader_of_english_gets_headings_and_names_in_english(client, make_user, tree):
    Achievement.objects.create(subject=tree["hong"].subject, year=2024, kind="commendation",
                               code_id="GIAY_KHEN", issuer="SO", decision_no="5/QĐ-SCT")
    client.force_login(make_user("vp", role=Role.STANDING_OFFICE, unit=tree["sct"]))
    client.post("/i18n/setlang/", {"language": "en"})
    people = rows(client.get("/sheets/people.xlsx"))
    hong = next(r for r in people if r[1] == "P001")
    assert people[0][2] == "Full name" and hong[7] == "Staff"
    record = rows(client.get("/sheets/people/P001/trich-ngang.xlsx"))[-1]
    assert record[1:5] == ["Commendation", "Certificate of merit", "GIAY_KHEN",
                           "Director of a department or equivalent"]
