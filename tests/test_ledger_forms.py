"""Forms that add and correct ledger records and people: the contract's rules,
optimistic concurrency, evidence upload and deletion with confirmation."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from dienhinh.audit.models import AuditEntry
from dienhinh.core.uploads import check_upload
from dienhinh.ledger import services as ledger
from dienhinh.ledger.forms import AchievementForm
from dienhinh.ledger.models import Achievement, Evidence
from dienhinh.orgs.models import Assignment, Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def officer(client, make_user, tree):
    client.force_login(make_user("canbo", Role.UNIT_OFFICER, tree["sct"]))
    return client


VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def form_for(subject, **data):
    base = {"year": 2024, "code": "LDTT"}
    base.update(data)
    return AchievementForm(base, subject=subject.subject)


# ---------------------------------------------------------------- contract rules

@pytest.mark.parametrize("data, field, message", [
    ({"code": "GIAY_KHEN"}, "issuer", "phải có cấp khen"),
    ({"code": "BANG_KHEN_TTG", "issuer": "UBND_TINH"}, "issuer", "cấp Trung ương (TW)"),
    ({"code": "HUAN_CHUONG", "issuer": "SO"}, "issuer", "cấp Trung ương (TW)"),
    ({"code": "SANG_KIEN"}, "level", "phải có cấp công nhận"),
    ({"code": "DOANH_THU", "subject": "qlcn"}, "value", "phải có giá trị"),
    ({"year": 1944}, "year", "từ 1945 đến 2100"),
    ({"year": 2101}, "year", "từ 1945 đến 2100"),
    ({"year": ""}, "year", "Hãy nhập năm"),
    ({"code": "KHONG_CO"}, "code", "không có trong danh mục"),
    ({"code": "GIAY_KHEN", "issuer": "UBND_HUYEN", "year": 2026}, "issuer", "chỉ có đến năm 2025"),
    ({"code": "DOANH_THU", "value": "một triệu", "subject": "qlcn"}, "value", "phải là số"),
])
def test_each_contract_rule_has_a_vietnamese_message(tree, data, field, message):
    data = dict(data)
    who = tree[data.pop("subject", "hong")]
    form = form_for(who, **data)
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors
    assert all(" / " not in error for error in form.errors[field])  # one language
    with translation.override("en"):
        english = form_for(who, **data)
        assert not english.is_valid()
        messages = [str(m) for m in english.errors[field]]
    assert messages and not any(VIETNAMESE.search(m) for m in messages), messages


@pytest.mark.parametrize("data", [
    {"code": "GIAY_KHEN", "issuer": "SO"},
    {"code": "BANG_KHEN_TTG", "issuer": "TW"},
    {"code": "HUAN_CHUONG", "issuer": "TW"},
    {"code": "SANG_KIEN", "level": "co_so"},
    {"code": "DOANH_THU", "value": "1.234.567", "subject": "qlcn"},
    {"code": "HTXSNV"},
    {"code": "GIAY_KHEN", "issuer": "UBND_HUYEN", "year": 2025},
    {"code": "LDTT", "decision_date": "05/03/2024", "decision_no": "12/QĐ-SCT"},
])
def test_valid_records_pass(tree, data):
    data = dict(data)
    form = form_for(tree[data.pop("subject", "hong")], **data)
    assert form.is_valid(), form.errors


def test_kind_follows_the_code_and_amounts_are_read_the_vietnamese_way(officer, tree):
    response = officer.post(reverse("achievement_add", args=["SCT_QLCN"]), {
        "year": 2024, "code": "DOANH_THU", "value": "1.234.567,5", "kind": "title",
        "decision_date": "05/03/2024",
    })
    assert response.status_code == 302
    stored = Achievement.objects.get(subject=tree["qlcn"].subject)
    assert stored.kind == "indicator"
    assert stored.value == Decimal("1234567.5")
    assert stored.decision_date == dt.date(2024, 3, 5)
    assert stored.issuer == "" and stored.level == ""
    assert AuditEntry.objects.filter(action="ledger.add", target_id=str(stored.pk)).exists()


def test_codes_apply_to_their_kind_of_subject(tree):
    form = form_for(tree["hong"], code="TTLDTT")  # a collective's title, for a person
    assert not form.is_valid()
    assert "không áp dụng cho đối tượng này" in form.errors["code"][0]
    form = form_for(tree["qlcn"], code="LDTT")
    assert not form.is_valid()
    assert form_for(tree["qlcn"], code="TTLDTT").is_valid()
    assert form_for(tree["qlcn"], code="GIAY_KHEN", issuer="SO").is_valid()  # both kinds


def test_one_rating_per_subject_and_year(tree):
    Achievement.objects.create(subject=tree["hong"].subject, year=2024, code_id="HTTNV",
                               kind="rating")
    form = form_for(tree["hong"], code="HTXSNV")
    assert not form.is_valid()
    assert "đã có xếp loại chất lượng năm 2024" in form.errors["code"][0]
    assert form_for(tree["hong"], code="HTXSNV", year=2023).is_valid()
    assert form_for(tree["an"], code="HTXSNV").is_valid()


def test_one_indicator_per_subject_code_and_year(tree):
    Achievement.objects.create(subject=tree["qlcn"].subject, year=2024, code_id="DOANH_THU",
                               kind="indicator", value=1)
    form = form_for(tree["qlcn"], code="DOANH_THU", value="5", decision_no="khác")
    assert not form.is_valid()
    assert "đã có chỉ tiêu DOANH_THU năm 2024" in form.errors["code"][0]
    assert form_for(tree["qlcn"], code="LOI_NHUAN", value="5").is_valid()


def test_duplicate_record_is_refused(tree):
    Achievement.objects.create(subject=tree["hong"].subject, year=2024, code_id="LDTT",
                               kind="title")
    form = form_for(tree["hong"])
    assert not form.is_valid()
    assert "đã có trong sổ thành tích" in form.non_field_errors()[0]


def test_correcting_a_rating_does_not_collide_with_itself(officer, tree):
    rating = Achievement.objects.create(subject=tree["hong"].subject, year=2024,
                                        code_id="HTTNV", kind="rating")
    response = officer.post(reverse("achievement_edit", args=[rating.pk]), {
        "year": 2024, "code": "HTXSNV", "version": rating.version,
    })
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.code_id == "HTXSNV" and rating.version == 2


def test_edit_form_shows_dates_and_amounts_the_vietnamese_way(officer, tree):
    stored = Achievement.objects.create(
        subject=tree["qlcn"].subject, year=2024, code_id="DOANH_THU", kind="indicator",
        value=Decimal("1234567"), decision_date=dt.date(2024, 3, 5),
    )
    page = officer.get(reverse("achievement_edit", args=[stored.pk])).content.decode()
    assert 'value="1.234.567"' in page
    assert 'value="05/03/2024"' in page


# ---------------------------------------------------------------- concurrency

def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(officer, tree):
    stored = Achievement.objects.create(
        subject=tree["hong"].subject, year=2024, code_id="GIAY_KHEN", kind="commendation",
        issuer="SO", decision_no="1/QĐ-SCT",
    )
    url = reverse("achievement_edit", args=[stored.pk])
    # Both officers load the form: both carry version 1.
    first_page = officer.get(url).content.decode()
    assert 'name="version" value="1"' in first_page
    first = {"year": 2024, "code": "GIAY_KHEN", "issuer": "SO", "decision_no": "2/QĐ-SCT",
             "version": 1}
    second = {"year": 2024, "code": "GIAY_KHEN", "issuer": "UBND_TINH",
              "decision_no": "99/QĐ-UBND", "note": "Ghi chú của người thứ hai", "version": 1}
    assert officer.post(url, first).status_code == 302
    response = officer.post(url, second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "đã được người khác sửa" in page
    # The second officer's input is still on the page ...
    assert 'value="99/QĐ-UBND"' in page and "Ghi chú của người thứ hai" in page
    assert '<option value="UBND_TINH" selected>' in page
    # ... beside what is stored now; the database holds the first save.
    assert "2/QĐ-SCT" in page[page.index('id="current-record"'):]
    stored.refresh_from_db()
    assert stored.decision_no == "2/QĐ-SCT" and stored.issuer == "SO" and stored.version == 2


def test_service_refuses_a_stale_version(tree):
    stored = Achievement.objects.create(subject=tree["hong"].subject, year=2024,
                                        code_id="LDTT", kind="title")
    stored.note = "lần một"
    ledger.correct_achievement(stored, 1)
    stored.note = "lần hai"
    with pytest.raises(ledger.StaleRecord):
        ledger.correct_achievement(stored, 1)
    stored.refresh_from_db()
    assert stored.note == "lần một"


def test_saving_a_record_deleted_meanwhile_is_refused(officer, tree):
    stored = Achievement.objects.create(subject=tree["hong"].subject, year=2024,
                                        code_id="LDTT", kind="title")
    url = reverse("achievement_edit", args=[stored.pk])
    officer.get(url)
    Achievement.objects.filter(pk=stored.pk).delete()
    assert officer.post(url, {"year": 2024, "code": "LDTT", "version": 1}).status_code == 404


def test_delete_needs_confirmation_and_the_current_version(officer, tree):
    stored = Achievement.objects.create(subject=tree["hong"].subject, year=2024,
                                        code_id="LDTT", kind="title")
    evidence = ledger.add_evidence(stored, SimpleUploadedFile("qd.pdf", PDF))
    url = reverse("achievement_delete", args=[stored.pk])
    page = officer.get(url).content.decode()
    assert "Xóa thành tích?" in page and 'name="version" value="1"' in page
    assert Achievement.objects.filter(pk=stored.pk).exists()  # GET only asks
    Achievement.objects.filter(pk=stored.pk).update(version=2)  # someone corrected it
    response = officer.post(url, {"version": 1})
    assert response.status_code == 409
    assert Achievement.objects.filter(pk=stored.pk).exists()
    response = officer.post(url, {"version": 2})
    assert response.status_code == 302
    assert not Achievement.objects.filter(pk=stored.pk).exists()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


# ---------------------------------------------------------------- evidence

def xlsx_bytes():
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def docx_bytes():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, extension", [
    ("qd.pdf", PDF, "pdf"), ("anh.png", PNG, "png"),
    ("anh.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "jpg"),
    ("bang.xlsx", None, "xlsx"), ("bao-cao.docx", None, "docx"),
])
def test_check_upload_accepts_the_allowed_types_by_content(name, content, extension):
    if content is None:
        content = xlsx_bytes() if extension == "xlsx" else docx_bytes()
    kind = check_upload(SimpleUploadedFile(name, content))
    assert kind.extension == extension


@pytest.mark.parametrize("name, content, message", [
    ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60, "không được chấp nhận"),  # an .exe named .pdf
    ("ghi-chu.pdf", "Chỉ là văn bản".encode(), "không được chấp nhận"),
    ("rong.pdf", b"", "Tệp rỗng"),
])
def test_check_upload_refuses_by_content(name, content, message):
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, content))
    assert message in caught.value.messages[0]


def test_check_upload_refuses_large_files(settings):
    settings.MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile("to.pdf", PDF + b"0" * 200))
    assert "quá lớn" in caught.value.messages[0]
    assert check_upload(SimpleUploadedFile("to.pdf", PDF + b"0" * 200), max_bytes=1000)


def test_evidence_upload_and_download(officer, tree):
    stored = Achievement.objects.create(subject=tree["hong"].subject, year=2024,
                                        code_id="LDTT", kind="title")
    url = reverse("evidence_upload", args=[stored.pk])
    refused = officer.post(url, {"file": SimpleUploadedFile("qd.pdf", b"MZ" + b"\x00" * 80)})
    assert refused.status_code == 400
    assert "không được chấp nhận" in refused.content.decode()
    assert not Evidence.objects.exists()
    response = officer.post(url, {"file": SimpleUploadedFile("Quyết định.pdf", PDF)})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    download = officer.get(reverse("evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


# ---------------------------------------------------------------- person form

def person_data(person, **changes):
    data = {"full_name": person.subject.name, "birth_date": "", "gender": person.gender,
            "unit": person.unit_id, "position": person.position, "version": person.version}
    data.update(changes)
    return data


def test_person_correction_and_move(officer, tree):
    hong = tree["hong"]
    url = reverse("person_edit", args=["P001"])
    response = officer.post(url, person_data(
        hong, full_name="  Nguyễn  Thị Hồng Nhung ", birth_date="09/07/1985", gender="nu",
        unit=tree["qlcn"].pk, position="division_leader", moved_on="01/02/2025",
    ))
    assert response.status_code == 302
    hong.refresh_from_db()
    hong.subject.refresh_from_db()
    assert hong.subject.name == "Nguyễn Thị Hồng Nhung"
    assert hong.subject.search_name == "nguyen thi hong nhung"
    assert hong.birth_date == dt.date(1985, 7, 9) and hong.gender == "nu"
    assert hong.unit_id == tree["qlcn"].pk and hong.position == "division_leader"
    history = list(Assignment.objects.filter(person=hong).order_by("id"))
    assert history[0].valid_to == dt.date(2025, 2, 1)
    assert history[1].unit_id == tree["qlcn"].pk and history[1].valid_from == dt.date(2025, 2, 1)


def test_person_form_validates_dates(officer, tree):
    response = officer.post(reverse("person_edit", args=["P001"]),
                            person_data(tree["hong"], birth_date="1985/07/09"))
    assert response.status_code == 200
    assert "dd/mm/yyyy" in response.content.decode()


def test_second_concurrent_person_correction_is_refused(officer, tree):
    hong = tree["hong"]
    url = reverse("person_edit", args=["P001"])
    loaded = person_data(hong)
    assert officer.post(url, {**loaded, "birth_date": "01/01/1980"}).status_code == 302
    response = officer.post(url, {**loaded, "birth_date": "02/02/1990",
                                  "full_name": "Nguyễn Thị Hồng Hai"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "đã được người khác sửa" in page
    assert 'value="02/02/1990"' in page and 'value="Nguyễn Thị Hồng Hai"' in page
    hong.refresh_from_db()
    assert hong.birth_date == dt.date(1980, 1, 1)
    assert hong.subject.name == "Nguyễn Thị Hồng"


def test_too_large_upload_is_refused_before_it_is_read(officer, tree, settings):
    settings.MAX_UPLOAD_BYTES = 2000
    stored = Achievement.objects.create(subject=tree["hong"].subject, year=2024,
                                        code_id="LDTT", kind="title")
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * 5000)
    response = officer.post(reverse("evidence_upload", args=[stored.pk]), {"file": big})
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.content.decode()
    assert not Evidence.objects.exists()
    small = SimpleUploadedFile("nho.pdf", PDF)
    response = officer.post(reverse("evidence_upload", args=[stored.pk]), {"file": small})
    assert response.status_code == 302 and Evidence.objects.count() == 1
