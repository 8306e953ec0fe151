"""Excel habits: the downloaded XLSX template (Vietnamese headers, drop-down lists of the
codes, a sheet of codes with their names) filled in Vietnamese imports as it is; the
contract's headers stay valid; a near-miss code or header gets its suggestion."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dienhinh.ledger.models import Achievement, ImportJob
from dienhinh.orgs.models import Person

from .import_helpers import ACH_HEADER, ach, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree, make_user, client):
    user = make_user("officer", role="unit_officer", unit=tree["sct"])
    client.force_login(user)
    return user


def download(client, table):
    response = client.get(reverse("import_template", args=[table]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(response.content))


def upload(client, path, table):
    with open(path, "rb") as fh:
        client.post(reverse("import_start"), {"table": table, "file": fh})
    return ImportJob.objects.latest("pk")


def test_the_template_has_vietnamese_headers_drop_downs_and_a_code_sheet(client, officer):
    wb = download(client, "achievements")
    data, codes = wb["Dữ liệu"], wb["Danh mục"]
    assert wb.sheetnames[0] == "Dữ liệu"  # the sheet the import reads
    assert [c.value for c in data[1]] == [
        "Mã đối tượng", "Năm", "Loại thành tích", "Mã thành tích", "Cấp khen",
        "Cấp sáng kiến", "Giá trị", "Số quyết định", "Ngày quyết định", "Ghi chú"]
    rules = {str(dv.sqref): dv.formula1 for dv in data.data_validations.dataValidation}
    assert rules["D2:D5000"].startswith("'Danh mục'!$")  # the achievement codes
    assert {"C2:C5000", "D2:D5000", "E2:E5000", "F2:F5000"} <= set(rules)
    pairs = {(r[i], r[i + 1]) for r in codes.iter_rows(min_row=2, values_only=True)
             for i in range(0, len(r) - 1, 3)}
    assert ("LDTT", "Lao động tiên tiến") in pairs and ("SO", "Giám đốc Sở và tương đương") in pairs
    # the list behind the code column holds exactly the catalogue's codes
    ref = rules["D2:D5000"].split("!")[1].replace("$", "")
    listed = [c.value for row in codes[ref] for c in row]
    assert "LDTT" in listed and "CSTD_TINH" in listed and len(listed) == len(set(listed))
    assert client.get(reverse("import_template", args=["khong-co"])).status_code == 404


def test_the_filled_template_imports_and_a_near_miss_code_gets_its_suggestion(
        client, officer, tmp_path):
    wb = download(client, "people")
    ws = wb["Dữ liệu"]
    ws.delete_rows(2, ws.max_row)  # the example row
    ws.append(["P900", "Trần Thị Ngọc Ánh", "02/09/1990", "nu", "SCT_VP", "staff"])
    ws.append(["P901", "Lê Văn Đức", "1988-03-15", "nam", "SCT_QLCN", "division_leader"])
    path = tmp_path / "ca-nhan.xlsx"
    wb.save(path)
    job = upload(client, path, "people")
    assert job.status == ImportJob.READY, job.errors if hasattr(job, "errors") else job.status
    client.post(reverse("import_confirm", args=[job.pk]))
    assert Person.objects.get(subject__code="P900").subject.name == "Trần Thị Ngọc Ánh"

    wb = download(client, "achievements")
    ws = wb["Dữ liệu"]
    ws.delete_rows(2, ws.max_row)
    ws.append(["P900", "2024", "title", "LDTT", "", "", "", "15/QĐ-SCT", "20/12/2024",
               "Hoàn thành xuất sắc nhiệm vụ năm 2024"])
    ws.append(["P901", "2024", "title", "LDT", "", "", "", "15/QĐ-SCT", "20/12/2024", ""])
    ws.append(["P901", "2024", "commendation", "GIAY_KHEN", "S0", "", "", "16/QĐ-SCT",
               "20/12/2024", ""])
    path = tmp_path / "thanh-tich.xlsx"
    wb.save(path)
    job = upload(client, path, "achievements")
    assert job.status == ImportJob.INVALID and job.error_count == 2
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "Có phải ý bạn là “LDTT”?" in page
    assert "Có phải ý bạn là “SO”?" in page
    assert not Achievement.objects.exists()  # all or nothing

    # corrected, it imports; the Vietnamese note is kept as written
    ws.delete_rows(3, 2)
    wb.save(path)
    job = upload(client, path, "achievements")
    assert job.status == ImportJob.READY
    client.post(reverse("import_confirm", args=[job.pk]))
    assert Achievement.objects.get().note == "Hoàn thành xuất sắc nhiệm vụ năm 2024"


def test_contract_headers_still_work_and_an_unknown_header_gets_a_suggestion(
        client, officer, tmp_path):
    path = write_csv(tmp_path / "a.csv", [
        ACH_HEADER[:-1] + ["ghi chu"], ach("P001", 2024, "title", "LDTT", note="Tốt")])
    job = upload(client, path, "achievements")
    assert job.status == ImportJob.READY  # "ghi chu" is the note column, diacritics aside
    path = write_csv(tmp_path / "b.csv", [
        ACH_HEADER + ["decison_no2"], ach("P001", 2024, "title", "LDTT") + [""]])
    job = upload(client, path, "achievements")
    assert job.status == ImportJob.READY
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "Có phải ý bạn là “decision_no”?" in page
