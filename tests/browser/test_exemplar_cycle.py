"""The exemplar cycle in a browser: a unit officer of the Lào Cai plan registers a
collective and an individual before 20 January, the standing office compiles and sends
the list, and a nomination goes from draft through appraisal to accepted."""

import io

import pytest
from docx import Document

from dienhinh.exemplars.models import CompiledList, Nomination, Registration
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role
from tests.factories.exemplars import lao_cai

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n" + b"1 0 obj <<>> endobj\n" * 10 + b"%%EOF\n"


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migration filled.
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username)
    page.wait_for_url(page.base_url + "/")


def test_registration_list_and_nomination(page, make_user, settings, tmp_path):
    settings.EXEMPLARS_TODAY = "2024-01-15"
    lc = lao_cai()
    plan = lc["plan"]
    for year in (2023, 2024):
        Achievement.objects.create(subject=lc["hoa"].subject, year=year, kind="title",
                                   code_id="CSTDCS", decision_no=f"{year}/QĐ")
    Achievement.objects.create(subject=lc["hoa"].subject, year=2024, kind="rating",
                               code_id="HTXSNV", decision_no="7/QĐ")
    make_user("canbo", role=Role.UNIT_OFFICER, unit=lc["ldvl"])
    make_user("vanphong", role=Role.STANDING_OFFICE, unit=lc["so"])

    # 1. The unit officer registers a collective and an individual before 20 January.
    login(page, "canbo")
    page.wait_for_url(page.base_url + "/")
    page.click("#nav-exemplars")
    page.click(f"tr.plan-row[data-plan='{plan.pk}'] a:has-text('2024')")
    assert "trước ngày 20/01/2024" in page.locator("#deadline").inner_text()
    page.fill("#id_subject", "LC_LDVL")
    page.click("#register-submit")
    page.wait_for_selector("tr.registration-row[data-code='LC_LDVL']")
    # "mỗi đơn vị lựa chọn ít nhất 02" binds the units under the Sở, not its phòng
    # (mục III.1; tests/test_seed_demo.py): a phòng registers with no minimum.
    panel = page.locator("#quota-panel").inner_text()
    assert "không quy định số lượng đăng ký cho đơn vị này" in panel
    page.fill("#id_subject", "LC001")
    page.click("#register-submit")
    page.wait_for_selector("tr.registration-row[data-code='LC001']")
    assert page.locator("text=Muộn").count() == 0
    page.screenshot(path=str(tmp_path / "registrations.png"), full_page=True)
    assert Registration.objects.filter(plan=plan, year=2024, late=False).count() == 2

    # 2. The standing office compiles the list and records that it was sent.
    switch_user(page, "vanphong")
    page.goto(page.base_url + f"/exemplars/plans/{plan.pk}/2024/list/")
    page.fill("#id_number", "05/DS-SLĐTBXH")
    page.fill("#id_place", "Lào Cai")
    page.fill("#id_signer_title", "KT. Giám đốc")
    page.fill("#id_signer_name", "Nguyễn Văn Nam")
    page.click("#compile-submit")
    page.wait_for_selector("tr.list-row")
    assert page.locator("tr.list-row").count() == 2
    with page.expect_download() as info:
        page.click("#download-docx")
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    cells = [p.text for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert "Lào Cai, ngày 15 tháng 01 năm 2024" in cells and "Nguyễn Thị Hoa" in cells
    page.fill("#id_sent_to", "Công an tỉnh Lào Cai")
    page.click("#send-submit")
    # Sending asks again: the list cannot change once sent.
    assert "2 tập thể, cá nhân" in page.locator("#send-warning").inner_text()
    assert CompiledList.objects.get(plan=plan, year=2024).status == CompiledList.DRAFT
    page.check("#id_confirm")
    page.click("#send-confirm")
    page.wait_for_selector("text=Đã gửi cấp trên")
    assert "Công an tỉnh Lào Cai" in page.locator("#list-status").inner_text()
    assert page.locator("#compile-form").count() == 0  # a sent list is no longer editable
    page.screenshot(path=str(tmp_path / "list.png"), full_page=True)
    assert CompiledList.objects.get(plan=plan, year=2024).status == CompiledList.SENT

    # 3. The unit officer nominates Hoa and completes the dossier.
    switch_user(page, "canbo")
    page.goto(page.base_url + "/exemplars/nominations/")
    page.select_option("#id_plan", str(plan.pk))
    page.fill("#id_year", "2024")
    page.fill("#id_unit", "LC_LDVL")
    page.fill("#id_subject", "LC001")
    page.select_option("#id_level", "agency")
    page.click("#nomination-create")
    page.wait_for_selector("#nomination-status")
    assert "Dự thảo" in page.locator("#nomination-status").inner_text()
    assert "Đạt" in page.locator("#snapshot").inner_text()
    with page.expect_download() as info:
        page.click("#report-template")
    report = tmp_path / "bao-cao-thanh-tich.docx"
    report.write_bytes(open(info.value.path(), "rb").read())
    page.select_option("#id_kind", "report")
    page.set_input_files("#id_file", str(report))
    page.click("#upload-submit")
    page.wait_for_selector("#dossier-files >> text=bao-cao-thanh-tich.docx")
    minutes = tmp_path / "bien-ban-hop.pdf"
    minutes.write_bytes(PDF)
    page.select_option("#id_kind", "minutes")
    page.set_input_files("#id_file", str(minutes))
    page.click("#upload-submit")
    page.wait_for_selector("#dossier-files >> text=bien-ban-hop.pdf")
    page.click("#submit-dossier")
    page.wait_for_selector("#nomination-status >> text=Đã gửi thẩm định")

    # 4. The standing office appraises with the checklist and accepts.
    nomination = Nomination.objects.get()
    switch_user(page, "vanphong")
    page.goto(page.base_url + f"/exemplars/nominations/{nomination.pk}/")
    for box in page.locator("#appraise-form input[type=checkbox]").all():
        box.check()
    page.fill("#id_appraise_comments", "Hồ sơ đầy đủ, đạt tiêu chuẩn.")
    page.click("#appraise-submit")
    page.wait_for_selector("text=Đã lưu kết quả thẩm định.")
    # Hoa was registered but never fostered: accepting asks for a written reason.
    assert "bồi dưỡng" in page.locator("#acceptance-issues").inner_text()
    page.click("#accept-dossier")  # the empty reason is refused; nothing changes
    assert Nomination.objects.get().status == Nomination.SUBMITTED
    page.fill("#id_override_reason", "Nhân tố mới, bồi dưỡng trong năm sau")
    page.click("#accept-dossier")
    page.wait_for_selector("#nomination-status >> text=Được chấp nhận")
    assert Nomination.objects.get().status == Nomination.ACCEPTED
    assert "bồi dưỡng trong năm sau" in page.locator("#nomination-override").inner_text()
    page.screenshot(path=str(tmp_path / "accepted.png"), full_page=True)
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
