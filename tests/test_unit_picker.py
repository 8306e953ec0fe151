"""The searchable unit picker: the /pick/units/ endpoint (folded names, codes, scope,
action whitelist) and the screens that use it instead of a <select> capped at 500."""

import re

import pytest
import yaml
from django.urls import reverse

from dienhinh.orgs import picker, services
from dienhinh.orgs.models import Role, Subject, Unit
from tests.factories.exemplars import lao_cai

from .discovery_helpers import PLAN, YEAR, build

PICK = "/pick/units/"


def options(response):
    assert response.status_code == 200, response.content
    return re.findall(r'<option value="([^"]+)">([^<]*)</option>', response.content.decode())


def codes(response):
    return [code for code, _ in options(response)]


def many_units(parent, n, prefix="BULK", kind="division"):
    """`n` units below `parent`, created in two bulk inserts; returns them in path
    order (the order the old <select> took its first 500 from)."""
    subjects = []
    for i in range(n):
        subject = Subject(code=f"{prefix}{i:04d}", type=Subject.COLLECTIVE)
        subject.set_name(f"Tổ công tác số {i:04d}")
        subjects.append(subject)
    Subject.objects.bulk_create(subjects)
    created = Subject.objects.filter(code__startswith=prefix)
    Unit.objects.bulk_create(
        Unit(subject=s, kind=kind, parent=parent, path=f"{parent.path}{s.pk}/") for s in created
    )
    return list(Unit.objects.filter(subject__code__startswith=prefix)
                .select_related("subject").order_by("path"))


def beyond_500(user_units):
    """A unit that the old `order_by("path")[:500]` list did not reach."""
    assert user_units.count() > 501
    return user_units.select_related("subject").order_by("path")[520]


@pytest.fixture
def officer(client, make_user, tree):
    client.force_login(make_user("canbo", Role.UNIT_OFFICER, tree["sct"]))
    return client


# ---------------------------------------------------------------- endpoint

def test_folded_name_finds_the_unit(officer, tree):
    found = options(officer.get(PICK, {"q": "so cong thuong"}))
    assert found[0][0] == "SCT"
    # Typed without diacritics, the label also carries the folded name, so that the
    # browser's own datalist filter does not hide the suggestion.
    assert found[0][1].startswith("Sở Công Thương (SCT)") and "so cong thuong" in found[0][1]
    assert codes(officer.get(PICK, {"q": "Văn phòng"})) == ["SCT_VP"]
    assert codes(officer.get(PICK, {"q": "cong nghiep phong"})) == ["SCT_QLCN"]


def test_code_prefix_ranks_first(officer, tree):
    services.create_unit("QL_SCT", "Tổ quản lý SCT", "division", tree["qlcn"])
    found = codes(officer.get(PICK, {"q": "sct_"}))
    assert found[:2] == ["SCT_QLCN", "SCT_VP"]
    found = codes(officer.get(PICK, {"q": "SCT"}))
    assert found[0] == "SCT" and set(found) == {"SCT", "SCT_VP", "SCT_QLCN", "QL_SCT"}
    assert found[-1] == "QL_SCT"  # the code only contains it


def test_the_input_name_is_read_when_q_is_absent(officer, tree):
    # An input's hx-get sends its own name (here "unit"); `field` says which one.
    assert codes(officer.get(PICK, {"field": "unit", "unit": "van phong"})) == ["SCT_VP"]


def test_out_of_scope_units_never_appear(officer, tree):
    assert codes(officer.get(PICK, {"q": "so noi vu"})) == []
    assert codes(officer.get(PICK, {"q": "SNV"})) == []
    assert "SNV" not in codes(officer.get(PICK, {"q": "so"}))
    assert "SNV" not in codes(officer.get(PICK, {"q": ""}))
    # `under` narrows within the scope, it never widens it.
    assert codes(officer.get(PICK, {"q": "", "under": "SNV"})) == []
    assert codes(officer.get(PICK, {"q": "", "under": "SCT_VP"})) == ["SCT_VP"]


def test_scope_follows_the_action(client, make_user, tree):
    head = make_user("thutruong", Role.HEAD, tree["sct"])
    client.force_login(head)
    assert "SCT" in codes(client.get(PICK, {"q": "sct", "action": "view"}))
    assert "SCT" in codes(client.get(PICK, {"q": "sct", "action": "discover"}))
    # A head may not register: nothing to pick for that action.
    assert codes(client.get(PICK, {"q": "sct", "action": "register"})) == []


def test_kinds_and_current(officer, tree):
    services.create_unit("SCT_HO", "Hộ kinh doanh Công Thương", "household", tree["sct"])
    import datetime as dt

    services.create_unit("SCT_CU", "Phòng Công Thương cũ", "division", tree["sct"],
                         valid_from=dt.date(2000, 1, 1), valid_to=dt.date(2020, 1, 1))
    every = codes(officer.get(PICK, {"q": "cong thuong"}))
    assert set(every) == {"SCT", "SCT_HO", "SCT_CU"}
    assert every[-1] == "SCT_CU"  # dissolved units after today's ones
    assert codes(officer.get(PICK, {"q": "cong thuong", "kind": "agency,division",
                                    "current": "1"})) == ["SCT"]


def test_at_most_thirty(officer, tree):
    many_units(tree["sct"], 40)
    assert len(codes(officer.get(PICK, {"q": "to cong tac"}))) == picker.LIMIT == 30


def test_unauthenticated_is_sent_to_login(client, tree):
    response = client.get(PICK, {"q": "so"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_bad_action_or_kind_is_400(officer, tree):
    assert officer.get(PICK, {"q": "so", "action": "drop_tables"}).status_code == 400
    assert officer.get(PICK, {"q": "so", "action": "vote"}).status_code == 400
    assert officer.get(PICK, {"q": "so", "kind": "castle"}).status_code == 400


# ---------------------------------------------------------------- person list

def test_person_list_filters_by_a_unit_beyond_500(officer, tree):
    many_units(tree["sct"], 560)
    far = beyond_500(Unit.objects.filter(path__startswith=tree["sct"].path))
    services.create_person("FAR1", "Võ Thị Xa", far, "staff")
    response = officer.get(reverse("person_list"), {"unit": far.code})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Võ Thị Xa" in page and "Nguyễn Thị Hồng" not in page
    # The picker keeps the code and shows the unit's name beside it.
    assert f'name="unit" value="{far.code}"' in page
    assert f"<strong>{far.name}</strong> ({far.code})" in page
    assert 'hx-get="/pick/units/?action=view&amp;field=unit"' in page
    # The endpoint suggests it too.
    assert far.code in codes(officer.get(PICK, {"q": far.name}))


def test_person_list_unknown_or_out_of_scope_unit_is_an_error(officer, tree):
    for code in ["SNV", "KHONG_CO"]:
        response = officer.get(reverse("person_list"), {"unit": code})
        page = response.content.decode()
        assert response.status_code == 400
        assert f"Không tìm thấy đơn vị “{code}” trong phạm vi của bạn." in page
        assert "not found in your scope" not in page  # one language at a time
        assert "Nguyễn Thị Hồng" not in page and "Đặng Văn Bình" not in page


# ---------------------------------------------------------------- registrations

@pytest.fixture
def lc(db):
    return lao_cai()


def test_registrations_pick_a_unit_beyond_500(client, make_user, lc, settings):
    settings.EXEMPLARS_TODAY = "2024-03-01"  # inside the plan's period: registration open
    client.force_login(make_user("canbo_lc", Role.UNIT_OFFICER, lc["so"]))
    url = f"/exemplars/plans/{lc['plan'].pk}/2024/registrations/"
    page = client.get(url).content.decode()
    assert "<select" not in page.split('id="register-form"')[1].split("</form>")[0].split(
        'name="subject"')[0]
    assert 'hx-get="/pick/units/?action=register&amp;field=unit&amp;under=LC_SLD"' in page
    many_units(lc["ldvl"], 560)
    far = beyond_500(Unit.objects.filter(path__startswith=lc["so"].path))
    services.create_person("FAR1", "Võ Thị Xa", far, "staff")
    response = client.get(url, {"unit": far.code})
    page = response.content.decode()
    assert response.status_code == 200 and response.context["unit"] == far
    assert f"<strong>{far.name}</strong> ({far.code})" in page
    # The unit's people are offered to register by the subject picker, narrowed to the
    # unit the form's unit picker holds.
    assert "/pick/subjects/?action=register&amp;field=subject&amp;under=LC_SLD" in page
    assert 'hx-include="#id_unit"' in page
    found = options(client.get("/pick/subjects/", {
        "field": "subject", "subject": "vo thi xa", "action": "register", "under": "LC_SLD",
        "under_from": "unit", "unit": far.code}))
    assert found == [("FAR1", f"Võ Thị Xa (FAR1) · {far.name} · vo thi xa")]
    panel = client.get(f"/exemplars/plans/{lc['plan'].pk}/2024/quotas/", {"unit": far.code})
    assert panel.status_code == 200
    # Suggestions stay under the plan's agency and in the user's scope.
    found = codes(client.get(PICK, {"q": "van phong", "action": "register",
                                    "under": "LC_SLD"}))
    assert found == ["LC_VP"]


def test_registrations_unknown_unit_is_an_error(client, make_user, lc, settings):
    settings.EXEMPLARS_TODAY = "2024-03-01"  # inside the plan's period: registration open
    client.force_login(make_user("canbo_lc", Role.UNIT_OFFICER, lc["so"]))
    url = f"/exemplars/plans/{lc['plan'].pk}/2024/registrations/"
    for code in ["HT_VP", "KHONG_CO"]:  # another province's unit, no unit at all
        response = client.get(url, {"unit": code})
        assert response.status_code == 400 and response.context["unit"] is None
        assert f"Không tìm thấy đơn vị “{code}” trong phạm vi của bạn." in (
            response.content.decode())
    # Without a unit the first one is chosen, as before.
    assert client.get(url).context["unit"] == lc["so"]


# ---------------------------------------------------------------- template editor

def test_editor_what_if_scope_beyond_500(client, make_user, tree):
    ledger = build(tree)
    client.force_login(make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"]))
    new = "ha-tinh-sct-picker"
    assert client.post(f"/plans/templates/{PLAN}/copy/",
                       {"new_id": new, "name": "Bản sao để thử"}).status_code == 302
    page = client.get(f"/plans/templates/{new}/").content.decode()
    assert "/pick/units/?action=discover&amp;field=scope&amp;kind=" in page
    assert "current=1" in page and "household" not in page.split("/pick/units/")[1][:300]
    many_units(tree["sct"], 560)
    far = beyond_500(Unit.objects.filter(path__startswith=tree["sct"].path))
    text = client.get(f"/plans/templates/{new}/").context["form"]["text"].value()
    assert yaml.safe_load(text)["id"] == new
    response = client.post(f"/plans/templates/{new}/",
                           {"text": text, "action": "preview", "scope": far.code, "year": YEAR})
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response.context["what_if"]["scope"] == far
    assert f"<strong>{far.name}</strong> ({far.code})" in response.content.decode()
    # Out of scope, or a kind the picker leaves out: a clear message.
    services.create_unit("SCT_HO", "Hộ gia đình thử", "household", tree["sct"])
    for code in ["SNV", "SCT_HO"]:
        response = client.post(f"/plans/templates/{new}/",
                               {"text": text, "action": "preview", "scope": code, "year": YEAR})
        assert response.status_code == 400
        assert f"Không tìm thấy đơn vị “{code}” trong phạm vi của bạn." in \
            response.content.decode()
