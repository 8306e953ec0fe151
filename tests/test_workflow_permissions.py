"""Every role × every exemplar action × in scope / out of scope, through the services, the
screens and the API. Objects of another agency, guessed by URL or id, are not found."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from dienhinh import policy
from dienhinh.exemplars import services
from dienhinh.exemplars.models import CompiledList, FosteringPlan, Nomination, Registration
from dienhinh.orgs.models import Role
from tests.factories.exemplars import lao_cai

pytestmark = pytest.mark.django_db

ROLES = list(Role.values)
ACTIONS = ["register", "compile_list", "foster", "nominate", "appraise"]
ALLOWED = {
    "register": {Role.ADMINISTRATOR, Role.STANDING_OFFICE, Role.UNIT_OFFICER},
    "compile_list": {Role.ADMINISTRATOR, Role.STANDING_OFFICE},
    "foster": {Role.ADMINISTRATOR, Role.STANDING_OFFICE, Role.UNIT_OFFICER},
    "nominate": {Role.ADMINISTRATOR, Role.STANDING_OFFICE, Role.UNIT_OFFICER},
    "appraise": {Role.ADMINISTRATOR, Role.STANDING_OFFICE},
}


@pytest.fixture
def world(make_user):
    lc = lao_cai()
    boss = make_user("sieu", is_superuser=True)
    reg, _ = services.register(boss, lc["plan"], 2024, lc["ldvl"], lc["hoa"].subject,
                               on=dt.date(2024, 1, 10))
    nom = services.create_nomination(boss, lc["plan"], 2024, lc["ldvl"], lc["ldvl"].subject,
                                     "agency")
    Nomination.objects.filter(pk=nom.pk).update(status=Nomination.SUBMITTED)
    nom.refresh_from_db()
    return {**lc, "reg": reg, "nom": nom}


def perform(action, user, w):
    """Do `action` as `user`; return a function telling whether it took effect."""
    if action == "register":
        services.register(user, w["plan"], 2024, w["ldvl"], w["dung"].subject,
                          on=dt.date(2024, 1, 11))
        return
    if action == "compile_list":
        services.compile_list(user, w["plan"], 2024)
        return
    if action == "foster":
        services.create_fostering(user, w["reg"])
        return
    if action == "nominate":
        services.create_nomination(user, w["plan"], 2024, w["ldvl"], w["hoa"].subject,
                                   "agency")
        return
    if action == "appraise":
        services.appraise(user, w["nom"], w["nom"].version, {"complete": True})
        return
    raise AssertionError(action)


def took_effect(action, w) -> bool:
    return {
        "register": lambda: Registration.objects.filter(subject=w["dung"].subject).exists(),
        "compile_list": lambda: CompiledList.objects.exists(),
        "foster": lambda: FosteringPlan.objects.exists(),
        "nominate": lambda: Nomination.objects.filter(subject=w["hoa"].subject).exists(),
        "appraise": lambda: Nomination.objects.get(pk=w["nom"].pk).checklist.get("complete")
        is True,
    }[action]()


@pytest.mark.parametrize("in_scope", [True, False], ids=["in_scope", "out_of_scope"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_role_action_scope(world, make_user, role, action, in_scope):
    unit = world["so"] if in_scope else world["other"]
    user = make_user(f"u_{role}", role=role, unit=unit)
    expected = in_scope and role in ALLOWED[action]
    assert policy.can(user, action, world["ldvl"]) is expected
    if expected:
        perform(action, user, world)
    else:
        with pytest.raises(PermissionDenied):
            perform(action, user, world)
    assert took_effect(action, world) is expected


def test_policy_table_matches_this_test():
    for action, roles in ALLOWED.items():
        assert policy.ACTIONS[action] == frozenset(roles)


@pytest.mark.parametrize("role", ROLES)
def test_guessed_urls_and_ids_of_another_agency_are_not_found(world, make_user, client, role):
    services.create_fostering(make_user("sieu2", is_superuser=True), world["reg"])
    fp = FosteringPlan.objects.get()
    plan, nom, reg = world["plan"], world["nom"], world["reg"]
    outsider = make_user(f"ngoai_{role}", role=role, unit=world["other"])
    client.force_login(outsider)
    pages = [f"/exemplars/plans/{plan.pk}/2024/registrations/",
             f"/exemplars/plans/{plan.pk}/2024/list/",
             f"/exemplars/plans/{plan.pk}/2024/list.docx",
             f"/exemplars/plans/{plan.pk}/2024/quotas/?unit=LC_LDVL",
             f"/exemplars/plans/{plan.pk}/2024/fostering-report/?unit=LC_LDVL",
             f"/exemplars/fostering/{fp.pk}/", f"/exemplars/nominations/{nom.pk}/",
             f"/exemplars/nominations/{nom.pk}/report.docx"]
    for url in pages:
        assert client.get(url).status_code == 404, url
    for url in [f"/exemplars/registrations/{reg.pk}/withdraw/",
                f"/exemplars/registrations/{reg.pk}/fostering/",
                f"/exemplars/nominations/{nom.pk}/submit/",
                f"/exemplars/nominations/{nom.pk}/accept/"]:
        assert client.post(url, {"version": 1}).status_code == 404, url
    assert nom.pk not in [n.pk for n in client.get("/exemplars/nominations/").context["items"]]
    api = APIClient()
    api.force_authenticate(outsider)
    for url in [f"/api/registrations/{reg.pk}/", f"/api/fostering-plans/{fp.pk}/",
                f"/api/nominations/{nom.pk}/"]:
        assert api.get(url).status_code == 404, url
    for url in [f"/api/nominations/{nom.pk}/accept/", f"/api/registrations/{reg.pk}/withdraw/",
                f"/api/fostering-plans/{fp.pk}/close/"]:
        assert api.post(url, {"version": 1}, format="json").status_code == 404, url
    for url in ["/api/registrations/", "/api/nominations/", "/api/fostering-plans/"]:
        assert api.get(url).json()["results"] == [], url
    assert Nomination.objects.get(pk=nom.pk).status == Nomination.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_insiders_see_what_they_may_and_are_refused_what_they_may_not(world, make_user,
                                                                       client, role):
    nom = world["nom"]
    user = make_user(f"trong_{role}", role=role, unit=world["so"])
    client.force_login(user)
    assert client.get(f"/exemplars/nominations/{nom.pk}/").status_code == 200
    response = client.post(f"/exemplars/nominations/{nom.pk}/accept/",
                           {"version": nom.version})
    stored = Nomination.objects.get(pk=nom.pk)
    assert stored.status == Nomination.SUBMITTED  # checklist empty or not allowed
    body = response.content.decode()
    if role in ALLOWED["appraise"]:
        assert response.status_code == 400 and "Chưa đạt yêu cầu thẩm định" in body
    else:
        assert response.status_code == 403 and "không có quyền" in body
    api = APIClient()
    api.force_authenticate(user)
    answer = api.post(f"/api/nominations/{nom.pk}/appraise/",
                      {"version": nom.version, "checklist": {"complete": True}}, format="json")
    assert answer.status_code == (200 if role in ALLOWED["appraise"] else 403)
