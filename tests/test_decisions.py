"""Decisions: only passed items, yearly numbering, no edit after issue, corrections and
revocations as new decisions, authority checks, ledger records and the DOCX."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document

from dienhinh.decisions import documents, services
from dienhinh.decisions.models import Decision, Recognition
from dienhinh.ledger.models import Achievement
from tests.factories.decisions import passed_setup

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 1, 8)


def test_abbreviation_from_the_agency_name():
    assert services.abbreviate("Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai") == "SLĐTBXH"
    assert services.abbreviate("Sở Công Thương tỉnh Hà Tĩnh") == "SCT"


def test_head_approves_passed_items_and_gets_the_first_number_of_the_year():
    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"]],
                         "Về việc công nhận điển hình tiên tiến năm 2024", ON)
    assert d.status == Decision.ISSUED and d.number == "01/QĐ-SLĐTBXH"
    hoa = d.recognitions.get()
    # Giấy khen of the Giám đốc Sở, 0.3 × 2,340,000 = 702,000 đ, rounded up to the ten
    # thousand: 710,000 đ for an individual (Nghị định 98/2023 in force on 08/01/2025).
    assert (hoa.subject.code, hoa.bonus) == ("LC001", 710_000)
    assert hoa.rule_set.startswith("Nghị định 98/2023/NĐ-CP, ") and not hoa.bonus_warning
    ach = Achievement.objects.get(pk=hoa.achievement_id)
    assert (ach.code_id, ach.issuer, ach.decision_no, ach.decision_date, ach.year) == (
        "GIAY_KHEN", "SO", "01/QĐ-SLĐTBXH", ON, 2024)
    second = services.approve(s["head"], [s["item_ldvl"]], "Lần hai", ON + dt.timedelta(days=1))
    assert second.number == "02/QĐ-SLĐTBXH"
    assert second.recognitions.get().bonus == 1_410_000  # the collective gets double
    next_year = services.approve(s["head"], [s["item_ldvl"]], "Năm sau", dt.date(2026, 1, 3))
    assert next_year.number == "01/QĐ-SLĐTBXH" and next_year.number_year == 2026


def test_a_decision_without_a_passed_ballot_is_refused():
    s = passed_setup(no_for=4)  # Hoa: 1 yes of 5 — fails; the unit passes
    with pytest.raises(services.NotPassed):
        services.approve(s["head"], [s["item_hoa"]], "Không được", ON)
    assert not Decision.objects.exists() and not Recognition.objects.exists()
    d = services.approve(s["head"], [s["item_ldvl"]], "Được", ON)
    assert d.number == "01/QĐ-SLĐTBXH"


def test_an_open_ballot_is_not_a_passed_ballot():
    s = passed_setup(close=False)
    with pytest.raises(services.NotPassed):
        services.draft_decision(s["office"], s["so"], [s["item_hoa"]], "Chưa kiểm phiếu")


def test_only_the_head_signs_and_an_issued_decision_cannot_be_edited():
    s = passed_setup()
    d = services.draft_decision(s["office"], s["so"], [s["item_hoa"]], "Dự thảo")
    d = services.update_draft(s["office"], d, d.version, title="Dự thảo đã sửa")
    with pytest.raises(PermissionDenied):
        services.issue_decision(s["office"], d, ON)
    d = services.issue_decision(s["head"], d, ON)
    with pytest.raises(services.AlreadyIssued):
        services.update_draft(s["office"], d, d.version, title="Sửa sau khi ký")
    with pytest.raises(services.AlreadyIssued):
        services.issue_decision(s["head"], d, ON)
    d.refresh_from_db()
    assert d.title == "Dự thảo đã sửa" and d.number == "01/QĐ-SLĐTBXH"


def test_authority_is_checked_before_a_draft():
    s = passed_setup()
    with pytest.raises(services.NotAuthorised):  # a Sở may not give a Bằng khen
        services.draft_decision(s["office"], s["so"], [s["item_hoa"]], "Bằng khen",
                                reward_code="BANG_KHEN", reward_issuer="SO", on=ON)
    with pytest.raises(services.NotAuthorised):  # no district level after 30/06/2025
        services.draft_decision(s["office"], s["so"], [s["item_hoa"]], "Huyện",
                                reward_code="GIAY_KHEN", reward_issuer="UBND_HUYEN",
                                on=dt.date(2025, 7, 1))
    d = services.draft_decision(s["office"], s["so"], [s["item_hoa"]], "Huyện",
                                reward_code="GIAY_KHEN", reward_issuer="UBND_HUYEN",
                                on=dt.date(2025, 6, 30))
    assert d.reward_issuer == "UBND_HUYEN"


def test_correction_supersedes_and_revocation_records_the_bonus_to_recover():
    s = passed_setup()
    old = services.approve(s["head"], [s["item_hoa"], s["item_ldvl"]], "Gốc", ON)
    fix = services.issue_decision(s["head"], services.draft_correction(s["office"], old), ON)
    assert fix.supersedes_id == old.pk and fix.number == "02/QĐ-SLĐTBXH"
    old.refresh_from_db()
    assert old.title == "Gốc" and old.status == Decision.ISSUED  # never edited
    in_force = services.in_force()
    assert set(in_force.values_list("decision_id", flat=True)) == {fix.pk}
    with pytest.raises(services.DecisionError):
        services.draft_correction(s["office"], old)  # already replaced
    cancel = services.issue_decision(s["head"], services.draft_revocation(s["office"], fix), ON)
    hoa = fix.recognitions.get(subject__code="LC001")
    assert hoa.revoked_by_id == cancel.pk and hoa.recover_amount == 710_000
    assert services.totals(fix)["recover"] == 710_000 + 1_410_000
    assert not services.in_force().exists()
    # History is kept: the ledger rows stay, marked.
    ach = Achievement.objects.get(pk=hoa.achievement_id)
    assert "Đã bị hủy bỏ bởi Quyết định 03/QĐ-SLĐTBXH" in ach.note
    assert Achievement.objects.filter(code_id="GIAY_KHEN").count() == 4


def test_decision_docx_follows_decree_30_with_the_list_and_diacritics():
    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"], s["item_ldvl"]],
                         "Về việc công nhận điển hình tiên tiến năm 2024", ON)
    doc = Document(io.BytesIO(documents.decision_docx(d)))
    text = "\n".join([p.text for p in doc.paragraphs] + [
        c.text for t in doc.tables for row in t.rows for c in row.cells])
    for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "Số: 01/QĐ-SLĐTBXH", "Lào Cai, ngày 08 tháng 01 năm 2025", "QUYẾT ĐỊNH:",
                   "Căn cứ Luật Thi đua, khen thưởng", "Điều 1.", "Điều 2.", "Điều 3.",
                   "Nguyễn Thị Hoa", "Phòng Lao động – Việc làm", "710.000", "Nơi nhận:",
                   "tổng cộng 2.120.000 đồng",
                   "GIÁM ĐỐC", "Nghị định số 98/2023/NĐ-CP"):
        assert needle in text, needle
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_the_signed_scan_is_checked_by_content():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"]], "Có bản ký", ON)
    with pytest.raises(ValidationError):
        services.attach_scan(s["office"], d, SimpleUploadedFile("scan.pdf", b"not a pdf"))
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    d = services.attach_scan(s["office"], d, SimpleUploadedFile("scan.pdf", pdf))
    assert d.scan.name.endswith(".pdf")


def test_screens_scope_and_approval_through_the_web(client, make_user):
    s = passed_setup()
    client.force_login(s["head"])
    page = client.get(f"/decisions/new/{s['meeting'].pk}/")
    assert page.status_code == 200 and "Nguyễn Thị Hoa" in page.content.decode()
    resp = client.post(f"/decisions/new/{s['meeting'].pk}/", {
        "items": [s["item_hoa"].pk], "title": "Về việc công nhận", "signed_on": "08/01/2025"})
    d = Decision.objects.get()
    # A draft first: the head reads the preview (number, date, total, text) before signing.
    assert resp.status_code == 302 and d.status == Decision.DRAFT and not d.number
    assert resp["Location"] == f"/decisions/{d.pk}/issue/?signed_on=08%2F01%2F2025"
    preview = client.get(resp["Location"]).content.decode()
    # 0,3 × 2.340.000 = 702.000 đ, rounded up to the ten thousand (rewards.py).
    assert 'id="preview-number">01/QĐ-SLĐTBXH<' in preview and "710.000 đ" in preview
    # The text is the draft's layout: DỰ THẢO, the symbol without the number.
    assert "DỰ THẢO" in preview and "Nguyễn Thị Hoa" in preview
    assert "Số:        /QĐ-SLĐTBXH" in preview and "Số: 1/" not in preview
    assert "Quyết định số      /QĐ-SLĐTBXH" in preview
    unconfirmed = client.post(f"/decisions/{d.pk}/issue/",
                              {"version": d.version, "signed_on": "08/01/2025"})
    assert unconfirmed.status_code == 400 and not Decision.objects.get().number
    resp = client.post(f"/decisions/{d.pk}/issue/",
                       {"version": d.version, "signed_on": "08/01/2025", "confirm": "on"})
    d = Decision.objects.get()
    assert resp.status_code == 302 and d.number == "01/QĐ-SLĐTBXH" and d.signed_on == ON
    detail = client.get(f"/decisions/{d.pk}/").content.decode()
    assert "01/QĐ-SLĐTBXH" in detail and "710.000 đ" in detail
    assert client.get(f"/decisions/{d.pk}/decision.docx").status_code == 200
    outsider = make_user("ngoai")
    client.force_login(outsider)
    assert client.get(f"/decisions/{d.pk}/").status_code == 404
    assert client.get(f"/decisions/{d.pk}/decision.docx").status_code == 404
