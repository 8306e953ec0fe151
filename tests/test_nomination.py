"""Nominations and dossiers: every transition allowed and forbidden, uploads checked by
content and size, the version counter, the achievement report DOCX, public comment."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from docx import Document

from dienhinh.audit.models import AuditEntry
from dienhinh.exemplars import documents, services
from dienhinh.exemplars.models import Nomination, PublicComment
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role
from tests.factories.exemplars import lao_cai

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"1 0 obj <<>> endobj\n" * 10 + b"%%EOF\n"


def docx_bytes(text="Báo cáo thành tích"):
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def setup(make_user):
    lc = lao_cai()
    Achievement.objects.create(subject=lc["hoa"].subject, year=2024, kind="rating",
                               code_id="HTXSNV", decision_no="12/QĐ")
    for year in (2023, 2024):
        Achievement.objects.create(subject=lc["hoa"].subject, year=year, kind="title",
                                   code_id="CSTDCS", decision_no=f"{year}/QĐ-SLĐ")
    officer = make_user("cb", role=Role.UNIT_OFFICER, unit=lc["ldvl"])
    office = make_user("vp", role=Role.STANDING_OFFICE, unit=lc["so"])
    nom = services.create_nomination(officer, lc["plan"], 2024, lc["ldvl"], lc["hoa"].subject,
                                     "agency", "Hoàn thành xuất sắc nhiệm vụ")
    return lc, officer, office, nom


def complete(officer, nom):
    nom = services.add_file(officer, nom, nom.version, "report",
                            upload("bao-cao.docx", docx_bytes())).nomination
    nom = Nomination.objects.get(pk=nom.pk)
    services.add_file(officer, nom, nom.version, "minutes", upload("bien-ban.pdf", PDF))
    return Nomination.objects.get(pk=nom.pk)


ALL_CHECKED = {key: True for key, _label in services.CHECKLIST}


def test_snapshot_is_frozen_with_result_and_date(setup):
    lc, officer, _office, nom = setup
    result = nom.snapshot["result"]
    assert result["subject"] == "LC001" and result["quantitative"] == "pass"
    assert nom.snapshot["plan"] == "lao-cai-sldtbxh-qpan-2022-2025" and nom.snapshot["taken_on"]
    assert result["pending"] and nom.snapshot["attested"] == []
    Achievement.objects.filter(subject=lc["hoa"].subject, code_id="HTXSNV").delete()
    nom.refresh_from_db()
    assert nom.snapshot["result"]["quantitative"] == "pass"  # frozen
    nom = services.refresh_snapshot(officer, nom, nom.version)
    assert nom.snapshot["result"]["quantitative"] == "fail"


def test_full_path_draft_returned_submitted_accepted(setup):
    _lc, officer, office, nom = setup
    with pytest.raises(services.WorkflowError, match="Hồ sơ còn thiếu"):
        services.submit(officer, nom, nom.version)
    nom = complete(officer, nom)
    nom = services.submit(officer, nom, nom.version)
    assert nom.status == Nomination.SUBMITTED and nom.submitted_on
    with pytest.raises(services.ForbiddenTransition):
        services.submit(officer, nom, nom.version)
    with pytest.raises(services.ForbiddenTransition):  # submitted dossiers are read-only
        services.update_nomination(officer, nom, nom.version, "sửa", "agency")
    with pytest.raises(services.PermissionDenied):
        services.accept(officer, nom, nom.version)  # the unit cannot accept its own
    with pytest.raises(services.WorkflowError, match="ý kiến"):
        services.return_nomination(office, nom, nom.version, "  ")
    nom = services.return_nomination(office, nom, nom.version, "Bổ sung biên bản họp có chữ ký")
    assert nom.status == Nomination.RETURNED
    nom = services.update_nomination(officer, nom, nom.version, "Đã bổ sung", "province")
    nom = services.submit(officer, nom, nom.version)
    with pytest.raises(services.WorkflowError, match="Chưa đạt yêu cầu thẩm định"):
        services.accept(office, nom, nom.version)
    nom = services.appraise(office, nom, nom.version, ALL_CHECKED, "Đủ điều kiện")
    # The subject was never registered and fostered: accepting needs a written reason.
    for reason in ("", "   "):
        with pytest.raises(services.WorkflowError, match="chưa được đăng ký và bồi dưỡng"):
            services.accept(office, nom, nom.version, reason)
    assert Nomination.objects.get(pk=nom.pk).status == Nomination.SUBMITTED
    nom = services.accept(office, nom, nom.version, "Nhân tố mới phát hiện trong năm")
    assert nom.status == Nomination.ACCEPTED and nom.decided_on
    assert nom.override_reason == "Nhân tố mới phát hiện trong năm"
    assert nom.override_by == office and len(nom.override_issues) == 1
    # Accepting twice, or any other move from accepted, is refused and changes nothing.
    for fn, args in [(services.accept, ()), (services.reject, ("x",)),
                     (services.return_nomination, ("x",)), (services.submit, ())]:
        with pytest.raises(services.ForbiddenTransition):
            fn(office if fn is not services.submit else officer, nom, nom.version, *args)
    with pytest.raises(services.ForbiddenTransition):
        services.appraise(office, nom, nom.version, {})
    stored = Nomination.objects.get(pk=nom.pk)
    assert stored.status == Nomination.ACCEPTED and stored.version == nom.version
    actions = list(AuditEntry.objects.filter(target_type="exemplars.nomination",
                                             target_id=str(nom.pk)).values_list("action",
                                                                                flat=True))
    assert actions.count("exemplars.nomination.submit") == 2
    assert "exemplars.nomination.return" in actions and "exemplars.nomination.accept" in actions


def test_reject_needs_reason_and_allows_a_new_nomination(setup):
    lc, officer, office, nom = setup
    nom = complete(officer, nom)
    nom = services.submit(officer, nom, nom.version)
    nom = services.reject(office, nom, nom.version, "Chưa đủ tiêu chuẩn")
    assert nom.status == Nomination.REJECTED
    with pytest.raises(services.ForbiddenTransition):
        services.reject(office, nom, nom.version, "lần hai")
    again = services.create_nomination(officer, lc["plan"], 2024, lc["ldvl"],
                                       lc["hoa"].subject, "agency")
    assert again.status == Nomination.DRAFT
    with pytest.raises(services.WorkflowError, match="đã có hồ sơ"):
        services.create_nomination(officer, lc["plan"], 2024, lc["ldvl"], lc["hoa"].subject,
                                   "agency")


def test_uploads_are_checked_by_content_size_and_kind(setup):
    _lc, officer, _office, nom = setup
    refusals = [
        ("report", upload("bao-cao.docx", b"this is plain text, not a docx"), "Loại tệp"),
        ("attachment", upload("anh.png", b"%PDF-1.4 but named png" + b"0" * 20), None),
        ("attachment", upload("rong.pdf", b""), "rỗng"),
        ("report", upload("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40), "Loại tệp"),
    ]
    # A PDF renamed .png is accepted as what it is: a PDF (the name never decides).
    kind, uploaded, message = refusals.pop(1)
    doc = services.add_file(officer, nom, nom.version, kind, uploaded)
    assert doc.content_type == "application/pdf" and doc.file.name.endswith(".pdf")
    nom.refresh_from_db()
    for kind, uploaded, message in refusals:
        with pytest.raises(services.WorkflowError, match=message):
            services.add_file(officer, nom, nom.version, kind, uploaded)
    with pytest.raises(services.WorkflowError, match="quá lớn"):
        big = upload("lon.pdf", PDF + b"0" * services.DOSSIER_MAX_BYTES)
        services.add_file(officer, nom, nom.version, "attachment", big)
    assert nom.files.count() == 1


def test_two_officers_on_one_dossier(setup, make_user):
    lc, officer, _office, nom = setup
    colleague = make_user("cb2", role=Role.UNIT_OFFICER, unit=lc["ldvl"])
    read = nom.version
    services.update_nomination(officer, nom, read, "Bản của người thứ nhất", "agency")
    with pytest.raises(services.StaleVersion):
        services.update_nomination(colleague, nom, read, "Bản của người thứ hai", "province")
    with pytest.raises(services.StaleVersion):
        services.add_file(colleague, nom, read, "report", upload("b.docx", docx_bytes()))
    stored = Nomination.objects.get(pk=nom.pk)
    assert stored.summary == "Bản của người thứ nhất" and stored.level == "agency"
    assert stored.files.count() == 0


def test_achievement_report_docx_prefilled_from_the_ledger(setup):
    _lc, _officer, _office, nom = setup
    doc = Document(io.BytesIO(documents.achievement_report_docx(nom, dt.date(2024, 12, 1))))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [p.text for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert "Đề nghị công nhận điển hình tiên tiến cấp cơ quan năm 2024" in text
    assert "Họ và tên: Nguyễn Thị Hoa" in text and "Đơn vị công tác: Phòng Lao động – Việc làm" in text
    assert "Chiến sĩ thi đua cơ sở" in cells and "2023/QĐ-SLĐ" in cells
    assert "Lào Cai, ngày 01 tháng 12 năm 2024" in cells
    assert "IV. ĐỐI CHIẾU TIÊU CHÍ CỦA KẾ HOẠCH" in text


def test_public_comment_period_and_moderation(setup, client):
    lc, officer, office, nom = setup
    with pytest.raises(services.WorkflowError, match="Chưa có hồ sơ nào được chấp nhận"):
        services.publish_for_comment(office, lc["plan"], 2024, dt.date(2024, 12, 1),
                                     dt.date(2024, 12, 10))
    nom = complete(officer, nom)
    nom = services.submit(officer, nom, nom.version)
    nom = services.appraise(office, nom, nom.version, ALL_CHECKED)
    services.accept(office, nom, nom.version, "Chưa bồi dưỡng nhưng đủ tiêu chí")
    with pytest.raises(services.PermissionDenied):
        services.publish_for_comment(officer, lc["plan"], 2024, dt.date(2024, 12, 1),
                                     dt.date(2024, 12, 10))
    period = services.publish_for_comment(office, lc["plan"], 2024, dt.date(2024, 12, 1),
                                          dt.date(2024, 12, 10))
    with override_settings(EXEMPLARS_TODAY="2024-12-05"):
        page = client.get(f"/public/nominees/{period.pk}/")  # no login
        assert page.status_code == 200 and "Nguyễn Thị Hoa" in page.content.decode()
        client.post(f"/public/nominees/{period.pk}/",
                    {"name": "Trần Văn Dân", "text": "Đồng ý, chị Hoa rất tận tụy.",
                     "nomination": nom.pk})
    comment = PublicComment.objects.get()
    assert comment.status == PublicComment.PENDING and comment.nomination_id == nom.pk
    assert "rất tận tụy" not in client.get(f"/public/nominees/{period.pk}/").content.decode()
    services.moderate(office, comment, PublicComment.APPROVED)
    with override_settings(EXEMPLARS_TODAY="2024-12-11"):
        body = client.get(f"/public/nominees/{period.pk}/").content.decode()
        assert "rất tận tụy" in body and "đã kết thúc" in body
        with pytest.raises(services.WorkflowError, match="đã kết thúc"):
            services.add_public_comment(period, "A", "B")
    assert PublicComment.objects.count() == 1


def test_notifications_reach_the_office_and_the_unit(setup):
    from dienhinh.notifications.models import Notification

    _lc, officer, office, nom = setup
    nom = complete(officer, nom)
    nom = services.submit(officer, nom, nom.version)
    assert Notification.objects.filter(user=office, subject__contains="chờ thẩm định").exists()
    services.return_nomination(office, nom, nom.version, "Thiếu chữ ký")
    note = Notification.objects.get(user=officer)
    assert "Trả lại" in note.subject and note.body == "Thiếu chữ ký"


def test_nomination_list_pages_instead_of_cutting_off(setup, client):
    """More nominations than a page: every one is reachable, none silently dropped."""
    from dienhinh.orgs import services as org

    lc, officer, office, nom = setup
    people = [org.create_person(f"LCX{i:03d}", f"Người thử {i}", lc["ldvl"], "staff")
              for i in range(60)]
    Nomination.objects.bulk_create(
        Nomination(plan=lc["plan"], year=2024, unit=lc["ldvl"], subject=p.subject,
                   level="agency") for p in people)
    client.force_login(office)
    first = client.get("/exemplars/nominations/").content.decode()
    second = client.get("/exemplars/nominations/?page=2").content.decode()
    assert first.count('class="nomination-row"') == 50
    assert second.count('class="nomination-row"') == 11
    assert "Trang 1/2" in first and "page=2" in first
    pending = client.get("/exemplars/nominations/?status=draft").content.decode()
    assert "status=draft&amp;page=2" in pending
