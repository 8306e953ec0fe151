"""Each role's home is its tasks: ballots for a member, drafts for the head, dossiers to
appraise and lists to compile for the standing office, registrations due with quota
gaps for a unit officer, deadlines of the next 30 days and overdue, a small chart."""

import datetime as dt

import pytest
from django.test import override_settings

from dienhinh.council import services as council
from dienhinh.council.models import Ballot
from dienhinh.criteria.template import load_template
from dienhinh.decisions import services as decisions
from dienhinh.exemplars.models import Nomination
from dienhinh.home import home_tasks
from dienhinh.notifications.models import Notification
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from dienhinh.plans import plan_services
from dienhinh.plans.models import PlanTask
from tests.factories.council import PASSPHRASE, council_setup, user
from tests.factories.decisions import passed_setup

pytestmark = pytest.mark.django_db


def home(client, account):
    client.force_login(account)
    with override_settings(EXEMPLARS_TODAY="2024-01-10"):
        response = client.get("/")
    assert response.status_code == 200
    return response


def tasks(response, kind=None):
    return [t for t in response.context["sections"][1]["data"]["tasks"]
            if kind is None or t.kind == kind]


def test_a_member_sees_the_open_ballot_until_voting(client):
    s = council_setup()
    meeting = s["meeting"]
    council.add_item(s["office"], meeting, s["noms"]["hoa"])
    meeting.refresh_from_db()
    meeting = council.set_attendance(s["office"], meeting, meeting.version, s["members"])
    ballot = council.open_ballot(s["office"], meeting, meeting.version, Ballot.ELECTRONIC,
                                 PASSPHRASE)
    member = s["members"][2]
    response = home(client, member.user)
    [task] = tasks(response, "ballot")
    assert task.url == f"/council/meetings/{meeting.pk}/vote/"
    assert f'href="/council/meetings/{meeting.pk}/vote/"' in response.content.decode()
    # the notification of the ballot links to the same page
    note = Notification.objects.filter(user=member.user).latest("pk")
    assert note.url == task.url
    item = council.voter_items(ballot, member)[0]
    council.cast_votes(member.user, ballot, {item.pk: "yes"})
    assert tasks(home(client, member.user), "ballot") == []


def test_the_head_sees_the_draft_waiting_for_the_signature(client):
    s = passed_setup()
    d = decisions.draft_decision(s["office"], s["so"], [s["item_hoa"]],
                                 "Về việc công nhận điển hình tiên tiến năm 2024")
    [task] = tasks(home(client, s["head"]), "sign")
    # the task opens the preview dated today: read, tick, sign
    assert task.url.startswith(f"/decisions/{d.pk}/issue/?signed_on=") and task.urgent
    # the head is told, and the notification opens the draft
    assert Notification.objects.get(user=s["head"]).url == f"/decisions/{d.pk}/"
    # a council member is not asked to sign
    assert tasks(home(client, s["members"][0].user), "sign") == []


def test_the_standing_office_sees_dossiers_to_appraise_and_a_chart(client):
    s = council_setup()
    nom = s["noms"]["hoa"]
    Nomination.objects.filter(pk=nom.pk).update(status=Nomination.SUBMITTED, year=2024)
    response = home(client, s["office"])
    [task] = tasks(response, "appraise")
    assert task.url == f"/exemplars/nominations/{nom.pk}/"
    html = response.content.decode()
    assert 'id="home-chart"' in html and "<svg" in html and 'id="home-chart-table"' in html
    assert "Hồ sơ chờ thẩm định" in html
    # outside the agency: nothing of it
    stranger = user("vp_ht", Role.STANDING_OFFICE, s["other"])
    assert tasks(home(client, stranger), "appraise") == []


def test_a_unit_officer_sees_registration_due_with_quota_gaps_and_deadlines(client):
    s = council_setup()
    plan = s["plan"]
    for step in load_template(plan.template_text).steps:  # tasks as adoption makes them
        task = PlanTask.objects.create(plan=plan, step_id=step["id"], label=step["label"])
        task.responsible_units.set(plan_services.default_responsible(plan.agency, step))
    plan_services.generate_deadlines(plan)
    officer = user("canbo", Role.UNIT_OFFICER, s["ldvl"])
    response = home(client, officer)
    [task] = tasks(response, "register")
    assert task.url == f"/exemplars/plans/{s['plan'].pk}/2024/registrations/?unit=LC_LDVL"
    assert task.due == dt.date(2024, 1, 20)  # Lào Cai: before 20 January each year
    # The plan asks its directly subordinate units, not the Sở's own divisions, for at
    # least two (mục III.1, IV.3): a division has no minimum to show ...
    assert "ít nhất" not in task.detail
    html = response.content.decode()
    assert 'id="home-deadlines"' in html and "20/01/2024" in html
    # an overdue deadline is shown as such
    with override_settings(EXEMPLARS_TODAY="2024-02-01"):
        later = client.get("/").content.decode()
    assert "Quá hạn" in later
    # ... but a centre under the Sở has, and its officer is told it is not met.
    centre = orgs.create_unit("LC_TTDVVL", "Trung tâm Dịch vụ việc làm", "service_unit",
                              s["so"])
    [centre_task] = tasks(home(client, user("canbo_tt", Role.UNIT_OFFICER, centre)),
                          "register")
    assert "ít nhất" in centre_task.detail


def test_the_fostering_report_notification_opens_the_report(client):
    from dienhinh.exemplars import services as exemplars

    s = council_setup()
    officer = user("canbo", Role.UNIT_OFFICER, s["ldvl"])
    exemplars.send_fostering_report(officer, s["plan"], 2024, s["ldvl"], "Đã bồi dưỡng")
    note = Notification.objects.filter(user=s["office"]).latest("pk")
    assert note.url == f"/exemplars/plans/{s['plan'].pk}/2024/fostering-report/?unit=LC_LDVL"
    client.force_login(s["office"])
    assert client.get(note.url).status_code == 200


def test_the_office_is_asked_to_compile_until_the_list_is_sent(client):
    """The plan's registrations of the year are counted (not another year's, nor a
    withdrawn one); a list sent up ends the task."""
    from dienhinh.exemplars.models import CompiledList, Registration

    s = council_setup()
    plan = s["plan"]
    assert tasks(home(client, s["office"]), "compile") == []  # nothing registered yet
    for i, (year, status) in enumerate([(2024, Registration.REGISTERED)] * 3
                                       + [(2023, Registration.REGISTERED),
                                          (2024, Registration.WITHDRAWN)]):
        person = orgs.create_person(f"DK{i}", f"Người Đăng Ký {i}", s["ldvl"], "staff")
        Registration.objects.create(plan=plan, year=year, unit=s["ldvl"], status=status,
                                    subject=person.subject, registered_on=dt.date(year, 1, 5),
                                    quarter=1)
    [task] = tasks(home(client, s["office"]), "compile")
    assert task.detail.endswith(": 3 đăng ký") and plan.number in task.detail
    assert task.url == f"/exemplars/plans/{plan.pk}/2024/list/"
    CompiledList.objects.create(plan=plan, year=2023, status=CompiledList.SENT)
    assert len(tasks(home(client, s["office"]), "compile")) == 1  # last year's list
    CompiledList.objects.create(plan=plan, year=2024, status=CompiledList.SENT)
    assert tasks(home(client, s["office"]), "compile") == []


def test_the_office_sees_the_first_dossiers_to_appraise_and_how_many_more(client):
    from dienhinh.home.home_tasks import LIMIT

    s = council_setup()
    Nomination.objects.all().delete()
    names = []
    for i in range(LIMIT + 2):
        person = orgs.create_person(f"TD{i}", f"Người Thẩm Định {i:02}", s["ldvl"], "staff")
        Nomination.objects.create(plan=s["plan"], year=2024, unit=s["ldvl"],
                                  subject=person.subject, level="agency",
                                  status=Nomination.SUBMITTED, summary="Xuất sắc",
                                  submitted_on=dt.datetime(2024, 1, 9, 9, tzinfo=dt.UTC)
                                  - dt.timedelta(days=i))
        names.append(person.subject.name)
    found = tasks(home(client, s["office"]), "appraise")
    # the earliest submitted first, then the rest counted
    assert [t.title for t in found[:LIMIT]] == [
        f"Thẩm định hồ sơ: {n}" for n in reversed(names[-LIMIT:])]
    assert all(f"Kế hoạch số {s['plan'].number}, năm 2024" in t.detail for t in found[:LIMIT])
    assert found[LIMIT].title == "Còn 2 hồ sơ chờ thẩm định" and len(found) == LIMIT + 1
    Nomination.objects.filter(subject__name=names[0]).update(status=Nomination.RETURNED)
    found = tasks(home(client, s["office"]), "appraise")
    assert len(found) == LIMIT + 1 and found[LIMIT].title == "Còn 1 hồ sơ chờ thẩm định"
    Nomination.objects.filter(subject__name=names[1]).update(status=Nomination.RETURNED)
    assert len(tasks(home(client, s["office"]), "appraise")) == LIMIT  # exactly LIMIT


def test_a_unit_officers_tasks_come_urgent_first_then_by_date_each_kind_in_its_order():
    """The lists asked together (one EXISTS statement) come out as each kind asked alone:
    the returned dossiers (urgent) first, the registration due, then the fostering plans
    by subject code (undated)."""
    from tests.test_home_queries import add_items

    s = council_setup()
    for i in (1, 0):
        add_items(s, i)
    officer = user("canbo", Role.UNIT_OFFICER, s["ldvl"])
    found = [(t.kind, t.title) for t in home_tasks.tasks(officer, dt.date(2024, 1, 10))]
    assert [kind for kind, _title in found] == ["returned", "returned", "register", "foster",
                                                "foster"]
    assert {title for kind, title in found if kind == "returned"} == {
        f"Hồ sơ bị trả lại: Vũ Văn Thử R {i}" for i in (0, 1)}
    assert [title for kind, title in found if kind == "foster"] == [
        "Bồi dưỡng: Đỗ Thị Thử 0", "Bồi dưỡng: Đỗ Thị Thử 1"]
    # none of them: nothing asked beyond the one statement, no task
    Nomination.objects.filter(status=Nomination.RETURNED).delete()
    assert [t.kind for t in home_tasks.tasks(officer, dt.date(2024, 1, 10))] == [
        "register", "foster", "foster"]
