"""An officer imports an achievements file through the web and sees a person's history."""

import pytest

from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "subject_code,year,kind,code,issuer,level,value,decision_no,decision_date,note\n"


def test_officer_imports_achievements_and_sees_the_timeline(page, make_user, tree, tmp_path):
    make_user("canbo", role=Role.UNIT_OFFICER, unit=tree["sct"])
    bad = tmp_path / "thanh-tich-loi.csv"
    bad.write_text(HEADER + "P001,2024,title,LDTT,,,,12/QĐ-SCT,31/02/2024,\n", encoding="utf-8")
    good = tmp_path / "thanh-tich.csv"
    good.write_text(
        HEADER
        + "P001,2024,rating,HTXSNV,,,,45/QĐ-SCT,20/12/2024,\n"
        + "P001,2024,commendation,BANG_KHEN,UBND_TINH,,,1234/QĐ-UBND,15/01/2025,Có thành tích xuất sắc\n"
        + "P001,2023,title,CSTDCS,,,,88/QĐ-SCT,25/12/2023,\n",
        encoding="utf-8",
    )
    login(page, "canbo")
    page.wait_for_url(page.base_url + "/")
    page.click("#nav-ledger")  # the "Sổ thành tích" menu
    page.click("text=Nhập dữ liệu")

    # A file with an impossible date is refused with the row, the column and the reason.
    page.select_option("select[name=table]", "achievements")
    page.set_input_files("input[type=file]", str(bad))
    page.click("text=Tải lên và kiểm tra")
    errors = page.locator("#import-errors")
    errors.wait_for()
    assert "Ngày quyết định" in errors.inner_text()  # the column as the template heads it
    assert "31/02/2024" in errors.inner_text()
    assert page.locator("text=Xác nhận nhập").count() == 0
    assert Achievement.objects.count() == 0

    # A valid file: preview, confirm, written.
    page.click("text=Nhập tệp khác")
    page.select_option("select[name=table]", "achievements")
    page.set_input_files("input[type=file]", str(good))
    page.click("text=Tải lên và kiểm tra")
    page.locator("#import-preview").wait_for()
    assert "BANG_KHEN" in page.locator("#import-preview").inner_text()
    page.click("text=Xác nhận nhập 3 dòng")
    page.wait_for_selector("text=Đã nhập 3 dòng: 3 thêm mới")
    assert Achievement.objects.filter(subject__code="P001").count() == 3

    # The person's history shows the records by year, newest first, in Vietnamese.
    page.goto(page.base_url + "/people/P001/")
    body = page.locator("main").inner_text()
    assert "Nguyễn Thị Hồng" in body
    assert body.index("Năm 2024") < body.index("Năm 2023")
    assert "Hoàn thành xuất sắc nhiệm vụ" in body
    assert "Bằng khen cấp bộ, ban, ngành, tỉnh" in body
    assert "15/01/2025" in body
    assert "Chiến sĩ thi đua cơ sở" in body
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
