"""Registration: deadlines and late marking, quotas of every seed plan, duplicates,
the compiled list (DOCX/XLSX, sent = frozen), forbidden transitions."""

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from dienhinh.audit.models import AuditEntry
from dienhinh.exemplars import documents, services
from dienhinh.exemplars.models import CompiledList, Registration
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from tests.factories.exemplars import lao_cai

pytestmark = pytest.mark.django_db


@pytest.fixture
def lc(db):
    return lao_cai()


@pytest.fixture
def officer(make_user, lc):
    return make_user("canbo_ldvl", role=Role.UNIT_OFFICER, unit=lc["ldvl"])


@pytest.fixture
def office(make_user, lc):
    return make_user("vanphong_lc", role=Role.STANDING_OFFICE, unit=lc["so"])


def reg(user, lc, subject, on, unit=None, year=2024):
    return services.register(user, lc["plan"], year, unit or lc["ldvl"], subject.subject,
                             on=on)


def test_register_before_deadline_checks_quota_step_by_step(lc, officer, office):
    # "Các đơn vị trực thuộc … mỗi đơn vị lựa chọn ít nhất 02" (mục III.1): the units
    # under the Sở (a Trung tâm), not its phòng.
    tt = orgs.create_unit("LC_DVVL", "Trung tâm Dịch vụ việc làm", "service_unit", lc["so"])
    lan = orgs.create_person("LC010", "Vũ Thị Lan", tt, "staff")
    first, checks = reg(office, lc, tt, dt.date(2024, 1, 10), unit=tt)
    assert not first.late and first.quarter == 1
    [check] = checks
    assert not check.ok
    assert "còn thiếu 1" in check.message and "chưa có cá nhân nào" in check.message
    second, checks = reg(office, lc, lan, dt.date(2024, 1, 19), unit=tt)
    assert not second.late
    assert checks[0].ok and "đạt (2)" in checks[0].message
    _, checks = reg(officer, lc, lc["hoa"], dt.date(2024, 1, 19))
    assert checks == []  # Phòng Lao động – Việc làm has no minimum
    assert AuditEntry.objects.filter(action="exemplars.registration.register").count() == 3


def test_late_entries_are_marked_and_2022_exception(lc, officer):
    on_deadline, _ = reg(officer, lc, lc["hoa"], dt.date(2024, 1, 20))
    assert on_deadline.late  # "trước ngày 20/01": the 20th itself is late
    early_2022, _ = reg(officer, lc, lc["dung"], dt.date(2022, 3, 4), year=2022)
    assert not early_2022.late  # 2022: before 5 March instead of 20 January
    late_2022, _ = reg(officer, lc, lc["ldvl"], dt.date(2022, 3, 5), year=2022)
    assert late_2022.late


def test_duplicate_by_same_or_other_unit_is_caught(lc, officer, make_user):
    reg(officer, lc, lc["hoa"], dt.date(2024, 1, 5))
    with pytest.raises(services.DuplicateRegistration, match="Phòng Lao động – Việc làm"):
        reg(officer, lc, lc["hoa"], dt.date(2024, 1, 6))
    # The standing office, above both divisions, registers her through another unit.
    office = make_user("vp2", role=Role.STANDING_OFFICE, unit=lc["so"])
    with pytest.raises(services.DuplicateRegistration):
        services.register(office, lc["plan"], 2024, lc["so"], lc["hoa"].subject,
                          on=dt.date(2024, 1, 6))
    assert Registration.objects.filter(subject=lc["hoa"].subject).count() == 1
    # Another year is another registration.
    reg(officer, lc, lc["hoa"], dt.date(2025, 1, 6), year=2025)


def test_registering_outside_the_period_or_scope_changes_nothing(lc, officer):
    with pytest.raises(services.WorkflowError, match="ngoài thời gian"):
        reg(officer, lc, lc["hoa"], dt.date(2021, 1, 5), year=2021)
    with pytest.raises(services.WorkflowError, match="hết thời gian"):
        reg(officer, lc, lc["hoa"], dt.date(2026, 1, 5), year=2025)
    with pytest.raises(services.WorkflowError, match="không thuộc đơn vị"):
        reg(officer, lc, lc["mai"], dt.date(2024, 1, 5))  # of another division
    with pytest.raises(services.PermissionDenied):
        reg(officer, lc, lc["mai"], dt.date(2024, 1, 5), unit=lc["btxh"])
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="exemplars").exists()


def test_withdraw_then_register_again(lc, officer):
    first, _ = reg(officer, lc, lc["hoa"], dt.date(2024, 1, 5))
    services.withdraw(officer, first, first.version)
    with pytest.raises(services.ForbiddenTransition):
        services.withdraw(officer, first, first.version + 1)
    again, _ = reg(officer, lc, lc["hoa"], dt.date(2024, 1, 6))
    assert again.pk != first.pk


def test_stale_version_is_refused(lc, officer):
    first, _ = reg(officer, lc, lc["hoa"], dt.date(2024, 1, 5))
    with pytest.raises(services.StaleVersion):
        services.withdraw(officer, first, first.version + 5)
    first.refresh_from_db()
    assert first.status == Registration.REGISTERED


def test_compile_send_and_frozen_list(lc, officer, office):
    a, _ = reg(officer, lc, lc["ldvl"], dt.date(2024, 1, 10))
    b, _ = reg(officer, lc, lc["hoa"], dt.date(2024, 1, 21))
    with pytest.raises(services.PermissionDenied):
        services.compile_list(officer, lc["plan"], 2024)
    clist = services.compile_list(office, lc["plan"], 2024, number="05/DS-SLĐTBXH",
                                  place="Lào Cai", signer_title="KT. Giám đốc",
                                  signer_name="Nguyễn Văn Nam")
    assert set(clist.entries.values_list("pk", flat=True)) == {a.pk, b.pk}
    sent = services.send_list(office, clist, clist.version, "Công an tỉnh Lào Cai",
                              dt.date(2024, 1, 24))
    assert sent.status == CompiledList.SENT and sent.sent_on == dt.date(2024, 1, 24)
    # A sent list can no longer be edited: not recompiled, not resent, entries kept.
    with pytest.raises(services.ForbiddenTransition, match="đã gửi"):
        services.compile_list(office, lc["plan"], 2024, number="06/DS")
    with pytest.raises(services.ForbiddenTransition):
        services.send_list(office, sent, sent.version, "Công an tỉnh")
    with pytest.raises(services.ForbiddenTransition, match="đã gửi"):
        services.withdraw(officer, Registration.objects.get(pk=a.pk), a.version)
    sent.refresh_from_db()
    assert sent.number == "05/DS-SLĐTBXH" and sent.entries.count() == 2


def test_send_refuses_an_empty_list(lc, office):
    clist = services.compile_list(office, lc["plan"], 2024)
    with pytest.raises(services.WorkflowError, match="chưa có đối tượng"):
        services.send_list(office, clist, clist.version, "Công an tỉnh")


def test_list_docx_and_xlsx_carry_the_vietnamese_text(lc, officer, office):
    reg(officer, lc, lc["ldvl"], dt.date(2024, 1, 10))
    reg(officer, lc, lc["hoa"], dt.date(2024, 1, 22))
    clist = services.compile_list(office, lc["plan"], 2024, number="05/DS-SLĐTBXH",
                                  place="Lào Cai", signer_title="KT. Giám đốc",
                                  signer_name="Nguyễn Văn Nam")
    doc = Document(io.BytesIO(documents.compiled_list_docx(clist, dt.date(2024, 1, 23))))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells
             for p in c.paragraphs]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Độc lập - Tự do - Hạnh phúc" in cells
    assert "Lào Cai, ngày 23 tháng 01 năm 2024" in cells
    assert "Số: 05/DS-SLĐTBXH" in cells
    # Too long for one line of the head: broken before the province, not inside it.
    assert "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI\nTỈNH LÀO CAI" in cells
    assert "DANH SÁCH" in text and "Đăng ký xây dựng điển hình tiên tiến năm 2024" in text
    assert "Nguyễn Thị Hoa" in cells and "Phòng Lao động – Việc làm" in cells
    assert "Đăng ký muộn" in cells  # Hoa registered on 22/01
    assert "Tổng số: 2 điển hình (1 tập thể, 1 cá nhân)." in text
    assert "Nơi nhận:" in cells and "KT. GIÁM ĐỐC" in cells and "Nguyễn Văn Nam" in cells
    assert doc.styles["Normal"].font.name == "Times New Roman"
    ws = load_workbook(io.BytesIO(documents.compiled_list_xlsx(clist))).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][0] == "DANH SÁCH ĐĂNG KÝ XÂY DỰNG ĐIỂN HÌNH TIÊN TIẾN NĂM 2024"
    assert rows[3] == documents.LIST_HEADER
    assert {r[1] for r in rows[4:]} == {"Phòng Lao động – Việc làm", "Nguyễn Thị Hoa"}


def test_transition_table_is_the_only_way():
    # Every transition names only states of its model (a typo would make it unreachable).
    from dienhinh.exemplars import models

    states = {
        "registration": dict(models.Registration.STATUS_CHOICES),
        "compiled_list": dict(models.CompiledList.STATUS_CHOICES),
        "fostering": dict(models.FosteringPlan.STATUS_CHOICES),
        "fostering_report": dict(models.FosteringReport.STATUS_CHOICES),
        "nomination": dict(models.Nomination.STATUS_CHOICES),
    }
    for kind, table in services.TRANSITIONS.items():
        for name, (starts, end) in table.items():
            assert end in states[kind], (kind, name)
            assert all(s is None or s in states[kind] for s in starts), (kind, name)


def test_register_from_the_discovery_list(lc, officer, client):
    from dienhinh.ledger.models import Achievement

    for year, code, kind in [(2024, "HTXSNV", "rating"), (2023, "CSTDCS", "title"),
                             (2024, "CSTDCS", "title")]:
        Achievement.objects.create(subject=lc["hoa"].subject, year=year, kind=kind,
                                   code_id=code, decision_no=f"{code}{year}")
    # Dũng has one CSTĐCS of the two consecutive years and his rating: one missing.
    for year, code, kind in [(2024, "HTXSNV", "rating"), (2024, "CSTDCS", "title")]:
        Achievement.objects.create(subject=lc["dung"].subject, year=year, kind=kind,
                                   code_id=code, decision_no=f"d{code}{year}")
    found = {c.code: c for c in services.discovery_candidates(lc["plan"], 2024, lc["ldvl"])}
    assert set(found) == {"LC001", "LC002"}  # the unit itself misses two criteria
    assert found["LC001"].quantitative == "pass" and found["LC002"].near_miss
    client.force_login(officer)
    panel = client.get(f"/exemplars/plans/{lc['plan'].pk}/2024/candidates/?unit=LC_LDVL")
    assert "Nguyễn Thị Hoa" in panel.content.decode() and "Gần đạt" in panel.content.decode()
    from django.test import override_settings

    with override_settings(EXEMPLARS_TODAY="2024-01-12"):
        client.post(f"/exemplars/plans/{lc['plan'].pk}/2024/registrations/",
                    {"unit": "LC_LDVL", "subject": "LC001", "source": "discovery"})
    assert Registration.objects.get().source == Registration.DISCOVERY
    left = services.discovery_candidates(lc["plan"], 2024, lc["ldvl"])
    assert [c.code for c in left] == ["LC002"]  # registered ones leave the list
    assert client.get(f"/exemplars/plans/{lc['plan'].pk}/2024/candidates/?unit=LC_BTXH"
                      ).status_code == 404
