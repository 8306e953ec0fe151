"""Fostering plans: gaps frozen from the criteria engine and refreshed, actions, progress
notes with checked evidence, the yearly report (DOCX, sent once, late after 20/11)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from dienhinh.audit.models import AuditEntry
from dienhinh.exemplars import documents, services
from dienhinh.exemplars.models import FosteringPlan, FosteringReport
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role
from tests.factories.exemplars import lao_cai

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def add(subject, year, code, kind, issuer=""):
    return Achievement.objects.create(subject=subject.subject, year=year, kind=kind, code_id=code,
                                      issuer=issuer, decision_no=f"{code}-{year}")


@pytest.fixture
def setup(make_user):
    lc = lao_cai()
    officer = make_user("cb", role=Role.UNIT_OFFICER, unit=lc["ldvl"])
    add(lc["hoa"], 2024, "HTXSNV", "rating")
    add(lc["hoa"], 2023, "CSTDCS", "title")
    reg, _ = services.register(officer, lc["plan"], 2024, lc["ldvl"], lc["hoa"].subject,
                               on=dt.date(2024, 1, 10))
    return lc, officer, reg


def test_gaps_are_frozen_then_refreshed(setup):
    lc, officer, reg = setup
    fp = services.create_fostering(officer, reg, leader=lc["dung"], goal="Đạt CSTĐCS năm 2024")
    assert fp.gaps["quantitative"] == "fail"
    assert len(fp.gaps["unmet"]) == 1 and "Chiến sĩ thi đua cơ sở" in fp.gaps["unmet"][0]
    assert fp.gaps["pending"]  # Hồ Chí Minh's example, security work
    add(lc["hoa"], 2024, "CSTDCS", "title")
    fp.refresh_from_db()
    assert fp.gaps["unmet"]  # frozen: the new record does not change it by itself
    fp = services.refresh_gaps(officer, fp, fp.version)
    assert fp.gaps["quantitative"] == "pass" and fp.gaps["unmet"] == []
    assert AuditEntry.objects.filter(action="exemplars.fostering.refresh_gaps").count() == 1


def test_one_plan_per_candidate_and_closed_plans_are_read_only(setup):
    _lc, officer, reg = setup
    fp = services.create_fostering(officer, reg)
    with pytest.raises(services.ForbiddenTransition):
        services.create_fostering(officer, reg)
    fp = services.close_fostering(officer, fp, fp.version)
    with pytest.raises(services.ForbiddenTransition):
        services.close_fostering(officer, fp, fp.version)
    with pytest.raises(services.ForbiddenTransition):
        services.add_action(officer, fp, "Bồi dưỡng nghiệp vụ", dt.date(2024, 6, 1))
    with pytest.raises(services.ForbiddenTransition):
        services.refresh_gaps(officer, fp, fp.version)
    assert FosteringPlan.objects.get(pk=fp.pk).actions.count() == 0


def test_actions_notes_and_evidence_checks(setup):
    _lc, officer, reg = setup
    fp = services.create_fostering(officer, reg)
    action = services.add_action(officer, fp, "Tham gia lớp tập huấn", dt.date(2024, 6, 30))
    services.complete_action(officer, action, dt.date(2024, 6, 20))
    with pytest.raises(services.ForbiddenTransition):
        services.complete_action(officer, action)
    note = services.add_note(officer, fp, "Đã hoàn thành lớp tập huấn",
                             SimpleUploadedFile("anh.png", PNG))
    assert note.content_type == "image/png" and note.file.name.endswith(".png")
    for bad, code in [(SimpleUploadedFile("gia.pdf", b"MZ not a pdf at all"), "bad_type"),
                      (SimpleUploadedFile("rong.png", b""), "empty")]:
        with pytest.raises(ValidationError) as info:
            services.add_note(officer, fp, "x", bad)
        assert info.value.code == code
    assert fp.notes.count() == 1


def test_stale_edit_is_refused_and_nothing_lost(setup):
    lc, officer, reg = setup
    fp = services.create_fostering(officer, reg)
    read = fp.version
    services.update_fostering(officer, fp, read, lc["dung"], "Mục tiêu của người thứ nhất")
    with pytest.raises(services.StaleVersion, match="người khác"):
        services.update_fostering(officer, fp, read, None, "Mục tiêu của người thứ hai")
    fp.refresh_from_db()
    assert fp.goal == "Mục tiêu của người thứ nhất" and fp.leader == lc["dung"]


def test_yearly_report_docx_sent_once_and_late_after_20_november(setup):
    lc, officer, reg = setup
    fp = services.create_fostering(officer, reg, leader=lc["dung"], goal="Đạt CSTĐCS")
    services.add_action(officer, fp, "Tham gia lớp tập huấn", dt.date(2024, 6, 30))
    services.add_note(officer, fp, "Đã tham gia lớp tập huấn nghiệp vụ")
    content = documents.fostering_report_docx(lc["plan"], 2024, lc["ldvl"], [fp],
                                              "Các điển hình tiến bộ rõ.", dt.date(2024, 11, 15))
    doc = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "BÁO CÁO" in text and "Kết quả bồi dưỡng, nhân rộng điển hình tiên tiến năm 2024" in text
    assert "1. Nguyễn Thị Hoa (cá nhân)" in text and "Lãnh đạo phụ trách: Lê Văn Dũng" in text
    assert "Tham gia lớp tập huấn" in cells and "Đang thực hiện" in cells
    assert "Đã tham gia lớp tập huấn nghiệp vụ" in text
    report = services.send_fostering_report(officer, lc["plan"], 2024, lc["ldvl"], "Tốt",
                                            on=dt.date(2024, 11, 19))
    assert report.status == FosteringReport.SENT and not report.late
    with pytest.raises(services.ForbiddenTransition):
        services.send_fostering_report(officer, lc["plan"], 2024, lc["ldvl"], "Lần hai")
    other = services.send_fostering_report(
        officer, lc["plan"], 2023, lc["ldvl"], "", on=dt.date(2023, 11, 20))
    assert other.late


def test_fostering_screen_is_scoped(client, setup, make_user):
    lc, officer, reg = setup
    fp = services.create_fostering(officer, reg)
    client.force_login(officer)
    assert client.get(f"/exemplars/fostering/{fp.pk}/").status_code == 200
    client.force_login(make_user("khac", role=Role.UNIT_OFFICER, unit=lc["btxh"]))
    assert client.get(f"/exemplars/fostering/{fp.pk}/").status_code == 404
    response = client.post(f"/exemplars/fostering/{fp.pk}/actions/add/",
                           {"text": "x", "due_on": "01/06/2024"})
    assert response.status_code == 404 and fp.actions.count() == 0
