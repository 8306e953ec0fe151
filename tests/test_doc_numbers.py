"""A document number a person types ("Số, ký hiệu" of a plan, a compiled list, an
invitation) is read by one rule (core.doc_numbers) and stored as the system writes its
own numbers: a leading zero below 10, the symbol in capitals ("05/DS-SLĐTBXH",
Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần II, mục 3). A bad one is refused with a
Vietnamese message on the screen and in the API, and nothing is written."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from dienhinh.core import doc_numbers
from dienhinh.exemplars.models import CompiledList
from dienhinh.orgs.models import Role
from dienhinh.plans import plan_services
from dienhinh.replication.models import Conference
from tests.factories.exemplars import lao_cai
from tests.factories.replication import replication_setup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed, kind, stored", [
    ("5/DS-SLĐTBXH", "DS", "05/DS-SLĐTBXH"),
    ("Số: 5 / ds - slđtbxh", "DS", "05/DS-SLĐTBXH"),
    ("005/DS-SLĐTBXH", "DS", "05/DS-SLĐTBXH"),
    ("12/DS-SLĐTBXH", "DS", "12/DS-SLĐTBXH"),
    ("123/gm-ubnd-vp", "GM", "123/GM-UBND-VP"),
    ("3/KH-UBND", "KH", "03/KH-UBND"),
    ("  ", "DS", ""),
])
def test_typed_numbers_read_as_the_system_writes_its_own(typed, kind, stored):
    assert doc_numbers.normalise(typed, kind) == stored


@pytest.mark.parametrize("typed, kind, reason", [
    ("05/QĐ-SLĐTBXH", "DS", "không đúng dạng <số>/DS-"),  # another kind's symbol
    ("DS-SLĐTBXH", "DS", "không đúng dạng"),
    ("05/DS", "DS", "không đúng dạng"),
    ("năm/DS-SLĐTBXH", "DS", "không đúng dạng"),
    ("0/GM-SLĐTBXH", "GM", "bắt đầu từ 01"),
])
def test_bad_numbers_are_refused_with_the_reason(typed, kind, reason):
    with pytest.raises(doc_numbers.NumberError, match=reason):
        doc_numbers.normalise(typed, kind)


def test_a_plan_number_takes_its_leading_zero_and_is_required():
    assert plan_services.normalise_number("số: 4/kh-slđtbxh") == "04/KH-SLĐTBXH"
    with pytest.raises(plan_services.PlanError, match="Hãy ghi số"):
        plan_services.normalise_number("")


def _web(client, user):
    client.force_login(user)
    return client


def test_compiled_list_form_stores_the_normalised_number_and_refuses_a_bad_one(
        client, make_user):
    lc = lao_cai()
    office = _web(client, make_user("vp", role=Role.STANDING_OFFICE, unit=lc["so"]))
    url = reverse("exemplars_list_compile", args=[lc["plan"].pk, 2024])
    bad = office.post(url, {"number": "năm/DS"})
    assert bad.status_code == 400
    assert "không đúng dạng &lt;số&gt;/DS-" in bad.content.decode()
    assert not CompiledList.objects.exists()
    assert office.post(url, {"number": "5/ds-slđtbxh"}).status_code == 302
    clist = CompiledList.objects.get()
    assert clist.number == "05/DS-SLĐTBXH"
    # A bad number on the next compile changes nothing (the whole change is refused).
    again = office.post(url, {"number": "05/BC-SLĐTBXH", "version": clist.version,
                              "place": "Sa Pa"})
    assert again.status_code == 400
    clist.refresh_from_db()
    assert (clist.number, clist.place) == ("05/DS-SLĐTBXH", "")


def test_compiled_list_api_stores_the_normalised_number_and_refuses_a_bad_one(make_user):
    lc = lao_cai()
    api = APIClient()
    api.force_authenticate(make_user("vp", role=Role.STANDING_OFFICE, unit=lc["so"]))
    body = {"plan": lc["plan"].pk, "year": 2024}
    bad = api.post("/api/compiled-lists/compile/", {**body, "number": "DS-5"}, format="json")
    assert bad.status_code == 400 and "không đúng dạng" in str(bad.json())
    assert not CompiledList.objects.exists()
    ok = api.post("/api/compiled-lists/compile/", {**body, "number": "Số: 7/DS-SLĐTBXH"},
                  format="json")
    assert ok.status_code == 200 and ok.json()["number"] == "07/DS-SLĐTBXH"


def test_invitation_number_form_and_api():
    s = replication_setup()
    fields = {"agency": s["so"].code, "kind": "mid_term", "title": "Hội nghị sơ kết",
              "held_on": "15/05/2025", "starts_at": "08:00", "venue": "Hội trường Sở"}
    from django.test import Client

    web = _web(Client(), s["office"])
    bad = web.post(reverse("conference_new"), {**fields, "number": "25/QĐ-SLĐTBXH"})
    assert bad.status_code == 400 and "không đúng dạng &lt;số&gt;/GM-" in bad.content.decode()
    assert not Conference.objects.exists()
    assert web.post(reverse("conference_new"), {**fields, "number": "9/gm-slđtbxh"}
                    ).status_code == 302
    assert Conference.objects.get().number == "09/GM-SLĐTBXH"
    api = APIClient()
    api.force_authenticate(s["office"])
    body = {**fields, "held_on": "2025-05-16"}
    bad = api.post("/api/replication/conferences/", {**body, "number": "GM 25"}, format="json")
    assert bad.status_code == 400 and "không đúng dạng" in str(bad.json())
    ok = api.post("/api/replication/conferences/", {**body, "number": "25/GM-SLĐTBXH"},
                  format="json")
    assert ok.status_code == 201 and ok.json()["number"] == "25/GM-SLĐTBXH"
