"""Labels the project ships (catalogue names, choices, report headings and periods) read
in the reader's language, and a short word with two meanings is translated by its
context, so an English reader meets no stray Vietnamese label and no wrong word."""

import polib
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from dienhinh.catalogue.models import AchievementCode, Issuer
from dienhinh.ledger.models import Achievement, ImportJob
from dienhinh.orgs.models import Person, Unit
from dienhinh.reports import figures
from dienhinh.reports.periods import FINAL, YEAR, Period

from .test_i18n import PO

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, make_user, tree):
    user = make_user("officer", role="unit_officer", unit=tree["sct"])
    client.force_login(user)
    return user


def in_english(client):
    client.post(reverse("set_language"), {"language": "en"})


def test_catalogue_names_and_choices_follow_the_reader(client, officer, tree):
    record = Achievement.objects.create(subject=tree["hong"].subject, year=2024,
                                        kind="commendation", code_id="BANG_KHEN",
                                        issuer="UBND_TINH", decision_no="12/QĐ-UBND")
    person = reverse("person_detail", args=[tree["hong"].code])
    vietnamese = client.get(person).content.decode()
    assert "Chủ tịch UBND tỉnh" in vietnamese and "Hình thức khen thưởng" in vietnamese
    in_english(client)
    english = client.get(person).content.decode()
    assert "Chair of the provincial People&#x27;s Committee" in english
    assert "Commendation" in english
    assert "Chủ tịch UBND tỉnh" not in english and "Hình thức khen thưởng" not in english
    form = client.get(reverse("achievement_edit", args=[record.pk])).content.decode()
    assert "Chair of the provincial People&#x27;s Committee" in form and "Grassroots" in form
    assert "Cấp cơ sở" not in form


def test_model_choices_are_read_when_shown_not_when_loaded(tree):
    person = Person.objects.get(pk=tree["hong"].pk)
    unit = Unit.objects.get(pk=tree["vp"].pk)
    with translation.override("en"):
        assert (person.get_position_display(), unit.get_kind_display()) == ("Staff", "Division")
        assert str(AchievementCode.objects.get(code="LDTT")) == "Advanced worker"
    with translation.override("vi"):
        assert person.get_position_display() == "Cán bộ, công chức, viên chức"
        assert unit.get_kind_display() == "Phòng, ban thuộc cơ quan"
        assert str(Issuer.objects.get(code="SO")) == "Giám đốc Sở và tương đương"


def test_report_headings_and_periods_follow_the_reader():
    with translation.override("en"):
        assert dict(figures.columns())["fostered"] == "Fostered"
        assert Period(FINAL, 2021, 2025).label == "final review 2021–2025"
        assert Period(YEAR, 2024, 2024).label == "year 2024"
    with translation.override("vi"):
        assert dict(figures.columns())["fostered"] == "Được bồi dưỡng"
        assert Period(FINAL, 2021, 2025).label == "tổng kết giai đoạn 2021–2025"


@pytest.mark.parametrize("context, msgid, english", [
    ("plan period", "Giai đoạn", "Period"),
    ("workflow stage", "Giai đoạn", "Stage"),
    ("ballot mode", "Hình thức", "Method"),
    ("award", "Hình thức", "Form of award"),
    ("before a change", "Trước", "Before"),
    ("after a change", "Sau", "After"),
    ("text body", "Nội dung", "Content"),
    ("ballot result", "Đạt", "Passed"),
    ("import status", "Đã nhập", "Imported"),
    ("paper ballot", "Đã nhập", "Entered"),
    ("pipeline", "Đăng ký", "Registered"),
])
def test_a_word_with_two_meanings_is_translated_by_its_context(context, msgid, english):
    with translation.override("en"):
        assert translation.pgettext(context, msgid) == english
    entries = polib.pofile(str(PO))
    assert entries.find(msgid, msgctxt=context).msgstr == english


def test_the_changes_table_says_before_and_after_and_pages_say_previous_and_next():
    with translation.override("en"):
        changes = render_to_string("plans/_template_changes.html", {
            "changes": [{"what": "x", "before": "1", "after": "2"}]})
        assert "Before" in changes and "After" in changes and "Previous" not in changes
        assert translation.gettext("Trước") == "Previous"  # the pages of a list


def test_an_import_done_is_imported_in_english(officer):
    job = ImportJob(user=officer, table="units", status=ImportJob.DONE)
    with translation.override("en"):
        assert job.get_status_display() == "Imported"
    with translation.override("vi"):
        assert job.get_status_display() == "Đã nhập"


def test_one_dossier_awaits_in_the_singular():
    message = "%(n)s hồ sơ chờ phiếu của đồng chí — %(c)s"
    with translation.override("en"):
        one = translation.ngettext(message, message, 1) % {"n": 1, "c": "Hội đồng"}
        two = translation.ngettext(message, message, 2) % {"n": 2, "c": "Hội đồng"}
    assert (one, two) == ("1 dossier awaits your vote — Hội đồng",
                          "2 dossiers await your vote — Hội đồng")


def test_the_reports_own_row_words_follow_the_reader_even_in_a_stored_report():
    stored = figures.Figures.from_dict({
        "plan": 1, "scope": 1, "period": {"kind": "year", "start": 2024, "end": 2024},
        "by_unit": [{"label": "Sở Công Thương (cơ quan, đơn vị trực tiếp)", "key": "self",
                     "values": {}},
                    {"label": "Văn phòng Sở", "key": "u7", "values": {}}],
        "by_field": [], "total": {"label": "Tổng cộng", "key": "total", "values": {}}})
    with translation.override("en"):
        assert [figures.shown_label(r) for r in stored.by_unit] == [
            "Sở Công Thương (the agency and its direct units)", "Văn phòng Sở"]
        assert figures.shown_label(stored.total) == "Total"
    with translation.override("vi"):
        assert figures.shown_label(stored.total) == "Tổng cộng"


def test_numbers_and_money_take_the_readers_marks():
    from dienhinh.core.templatetags.vn import vn_number, vnd

    with translation.override("vi"):
        assert (vn_number(1234567), vn_number(1234.5, 1), vnd(1234567)) == (
            "1.234.567", "1.234,5", "1.234.567 đ")
    with translation.override("en"):
        assert (vn_number(1234567), vn_number(1234.5, 1), vnd(1234567)) == (
            "1,234,567", "1,234.5", "1,234,567 đ")
