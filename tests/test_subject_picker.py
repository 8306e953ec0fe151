"""The searchable subject picker (people and units together): the /pick/subjects/
endpoint (folded names, ranking, scope, `under`, `type`, whitelists) and the
registration screen, which used a datalist capped at 500 subjects."""

import re

import pytest
from django.test import override_settings
from django.utils import translation

from dienhinh.exemplars.models import Registration
from dienhinh.orgs import picker, services, subject_picker
from dienhinh.orgs.models import Person, Role, Subject
from tests.factories.exemplars import lao_cai

PICK = "/pick/subjects/"


def options(response):
    assert response.status_code == 200, response.content
    return re.findall(r'<option value="([^"]+)">([^<]*)</option>', response.content.decode())


def codes(response):
    return [code for code, _ in options(response)]


def many_people(unit, n, prefix="NV", name="Nguyễn Văn Tám"):
    """`n` people in `unit`, created in two bulk inserts."""
    subjects = []
    for i in range(n):
        subject = Subject(code=f"{prefix}{i:04d}", type=Subject.INDIVIDUAL)
        subject.set_name(f"{name} {i:04d}")
        subjects.append(subject)
    Subject.objects.bulk_create(subjects)
    Person.objects.bulk_create(
        Person(subject=s, unit=unit, position="staff")
        for s in Subject.objects.filter(code__startswith=prefix)
    )


@pytest.fixture
def officer(client, make_user, tree):
    services.create_person("P010", "Nguyễn Văn Cường", tree["qlcn"], "staff")
    services.create_person("P011", "Nguyễn Văn Đức", tree["other"], "staff")  # SNV
    client.force_login(make_user("canbo", Role.UNIT_OFFICER, tree["sct"]))
    return client


# ---------------------------------------------------------------- endpoint

def test_folded_name_finds_people_and_units(officer, tree):
    found = options(officer.get(PICK, {"q": "nguyen van"}))
    # Typed without diacritics, the label carries the folded name too (the browser
    # filters datalist options by the typed text).
    assert found == [("P010", "Nguyễn Văn Cường (P010) · Phòng Quản lý công nghiệp · "
                              "nguyen van cuong")]
    assert codes(officer.get(PICK, {"q": "Văn phòng"})) == ["SCT_VP"]
    assert options(officer.get(PICK, {"q": "Văn phòng"}))[0][1] == \
        "Văn phòng Sở (SCT_VP) · Sở Công Thương"
    # People and units together, in one code namespace.
    assert set(codes(officer.get(PICK, {"q": "van"}))) == {"SCT_VP", "P002", "P010"}


def test_ranking_exact_code_prefix_name_words(officer, tree):
    services.create_person("SCT_X", "Lê Thị Sáu", tree["vp"], "staff")
    services.create_person("P012", "Phạm SCT Văn", tree["vp"], "staff")
    found = codes(officer.get(PICK, {"q": "sct"}))
    assert found[0] == "SCT"  # the exact code
    assert set(found[1:4]) == {"SCT_VP", "SCT_QLCN", "SCT_X"}  # codes starting with it
    assert found[4:] == ["P012"]  # names holding it
    services.create_person("P013", "Cường Nguyễn Văn", tree["vp"], "staff")
    # The name starting with the words before the name holding them all.
    assert codes(officer.get(PICK, {"q": "nguyen van"})) == ["P010", "P013"]


def test_the_input_name_is_read_when_q_is_absent(officer, tree):
    assert codes(officer.get(PICK, {"field": "subject", "subject": "tran van"})) == ["P002"]


def test_another_agency_never_appears(officer, tree):
    assert codes(officer.get(PICK, {"q": "nguyen van duc"})) == []
    assert codes(officer.get(PICK, {"q": "P011"})) == []
    assert codes(officer.get(PICK, {"q": "dang van binh"})) == []
    assert codes(officer.get(PICK, {"q": "SNV"})) == []
    for q in ["", "van", "p0"]:
        found = codes(officer.get(PICK, {"q": q}))
        assert found and not {"P003", "P011", "SNV"} & set(found)
    # `under` narrows within the scope, it never widens it.
    assert codes(officer.get(PICK, {"q": "", "under": "SNV"})) == []


def test_under_keeps_subjects_at_or_below_the_unit(officer, tree):
    assert codes(officer.get(PICK, {"q": "", "under": "SCT_QLCN"})) == \
        ["SCT_QLCN", "P002", "P010"]  # units first, then people in Vietnamese order (An, Cường)
    assert codes(officer.get(PICK, {"q": "nguyen", "under": "SCT_VP"})) == ["P001"]
    # Several `under`, or one taken from another field, each narrow.
    assert codes(officer.get(PICK, {"q": "", "under": ["SCT", "SCT_VP"]})) == \
        ["SCT_VP", "P001"]
    assert codes(officer.get(PICK, {"q": "", "under": "SCT", "under_from": "unit",
                                    "unit": "SCT_VP"})) == ["SCT_VP", "P001"]
    # An empty field named by `under_from` is ignored; an unknown unit offers nothing.
    assert "P010" in codes(officer.get(PICK, {"q": "", "under_from": "unit", "unit": ""}))
    assert codes(officer.get(PICK, {"q": "", "under": "KHONG_CO"})) == []


def test_type_filter(officer, tree):
    assert set(codes(officer.get(PICK, {"q": "van", "type": "individual"}))) == \
        {"P002", "P010"}
    assert codes(officer.get(PICK, {"q": "van", "type": "collective"})) == ["SCT_VP"]


def test_scope_follows_the_action(client, make_user, tree):
    client.force_login(make_user("thutruong", Role.HEAD, tree["sct"]))
    assert "P001" in codes(client.get(PICK, {"q": "hong", "action": "view"}))
    assert codes(client.get(PICK, {"q": "hong", "action": "register"})) == []


def test_at_most_thirty(officer, tree):
    many_people(tree["vp"], 40)
    assert len(codes(officer.get(PICK, {"q": "nguyen van tam"}))) == picker.LIMIT == 30


def test_bad_action_or_type_is_400(officer, tree):
    assert officer.get(PICK, {"q": "so", "action": "drop_tables"}).status_code == 400
    assert officer.get(PICK, {"q": "so", "action": "vote"}).status_code == 400
    assert officer.get(PICK, {"q": "so", "type": "household"}).status_code == 400


def test_unauthenticated_is_sent_to_login(client, tree):
    response = client.get(PICK, {"q": "nguyen"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_resolve_accepts_what_is_offered(make_user, tree):
    user = make_user("canbo", Role.UNIT_OFFICER, tree["sct"])
    assert subject_picker.resolve(user, "P001", "register", under="SCT").code == "P001"
    assert subject_picker.resolve(user, "P003", "register") is None  # another agency
    assert subject_picker.resolve(user, "P001", "register", under="SCT_QLCN") is None
    assert subject_picker.resolve(user, "", "register") is None
    assert "Không tìm thấy đối tượng “X” trong phạm vi của bạn." == subject_picker.not_found("X")
    with translation.override("en"):
        assert subject_picker.not_found("X") == "Subject “X” not found in your scope."


# ---------------------------------------------------------------- registrations

@pytest.fixture
def lc(db):
    return lao_cai()


def test_registration_picks_a_person_beyond_500(client, make_user, lc, settings):
    settings.EXEMPLARS_TODAY = "2024-03-01"  # inside the plan's period: registration open
    client.force_login(make_user("canbo_lc", Role.UNIT_OFFICER, lc["so"]))
    many_people(lc["ldvl"], 520)
    services.create_person("LC999", "Vũ Thị Yến", lc["ldvl"], "staff")
    # The old datalist (collectives, then people by sort key, first 500) missed her.
    old = (Subject.objects.filter(person__unit__path__startswith=lc["ldvl"].path)
           .order_by("type", "sort_key").values_list("code", flat=True)[:500])
    assert "LC999" not in list(old)
    url = f"/exemplars/plans/{lc['plan'].pk}/2024/registrations/"
    page = client.get(url, {"unit": "LC_LDVL"}).content.decode()
    form = page.split('id="register-form"')[1].split("</form>")[0]
    subject_field = form.split('name="subject"')[1].split('id="id_source"')[0]
    assert "<option" not in subject_field  # nothing listed in the page any more
    assert 'hx-get="/pick/subjects/?action=register&amp;field=subject&amp;under=LC_SLD' \
           '&amp;under_from=unit"' in form
    found = options(client.get(PICK, {
        "field": "subject", "subject": "vu thi yen", "action": "register",
        "under": "LC_SLD", "under_from": "unit", "unit": "LC_LDVL"}))
    assert found[0] == ("LC999", "Vũ Thị Yến (LC999) · Phòng Lao động – Việc làm · vu thi yen")
    # Linked with ?subject=, the screen names her beside the field.
    page = client.get(url, {"unit": "LC_LDVL", "subject": "LC999"}).content.decode()
    assert "<strong>Vũ Thị Yến</strong> (LC999)" in page
    with override_settings(EXEMPLARS_TODAY="2024-01-12"):
        response = client.post(url, {"unit": "LC_LDVL", "subject": "LC999",
                                     "source": Registration.MANUAL}, follow=True)
    assert "Đã đăng ký Vũ Thị Yến." in response.content.decode()
    assert Registration.objects.get().subject.code == "LC999"


def test_registration_refuses_a_subject_the_picker_would_not_offer(client, make_user, lc, settings):
    settings.EXEMPLARS_TODAY = "2024-03-01"  # inside the plan's period: registration open
    client.force_login(make_user("canbo_lc", Role.UNIT_OFFICER, lc["so"]))
    url = f"/exemplars/plans/{lc['plan'].pk}/2024/registrations/"
    with override_settings(EXEMPLARS_TODAY="2024-01-12"):
        for code in ["HT001", "HT_VP", "KHONG_CO"]:  # another province; no such subject
            page = client.post(url, {"unit": "LC_LDVL", "subject": code, "source": "manual"},
                               follow=True).content.decode()
            assert f"Không tìm thấy đối tượng “{code}” trong phạm vi của bạn." in page
            assert "not found in your scope" not in page  # one language at a time
        # In the agency but not under the registering unit: the service's refusal.
        page = client.post(url, {"unit": "LC_LDVL", "subject": "LC003", "source": "manual"},
                           follow=True).content.decode()
        assert "Phạm Thị Mai không thuộc đơn vị Phòng Lao động – Việc làm." in page
    assert not Registration.objects.exists()
    # Linked with a subject outside the chosen unit: the message, not a name.
    page = client.get(url, {"unit": "LC_LDVL", "subject": "LC003"}).content.decode()
    assert "Không tìm thấy đối tượng “LC003” trong phạm vi của bạn." in page
