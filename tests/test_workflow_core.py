"""The one workflow core (`dienhinh.workflow`).

Every action URL of the screens and of the API refuses a missing, a garbage and a stale
version with 400/400/409 — never a 500 — and writes nothing; every transition writes
its audit entry and notifies whoever acts next; the workflow lists cost the same number
of queries for 3 rows as for 30."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from dienhinh import policy, workflow
from dienhinh.audit.models import AuditEntry
from dienhinh.council import services as council
from dienhinh.council.models import Ballot, Meeting
from dienhinh.decisions import services as decisions
from dienhinh.decisions.models import Decision
from dienhinh.exemplars import services as exemplars
from dienhinh.exemplars.models import Nomination
from dienhinh.notifications import services as notes
from dienhinh.notifications.models import Notification
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from dienhinh.plans import plan_services
from tests.factories.council import PASSPHRASE, accepted
from tests.factories.decisions import passed_setup

ON = dt.date(2025, 1, 8)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# -- the version, parsed once ----------------------------------------------------------------
@pytest.mark.parametrize("value, error", [
    (None, workflow.VersionMissing), ("", workflow.VersionMissing),
    ("  ", workflow.VersionMissing), ("abc", workflow.BadVersion),
    ("1.5", workflow.BadVersion), ("-1", workflow.BadVersion), ("٣", workflow.BadVersion),
    (True, workflow.BadVersion), (2**31, workflow.BadVersion), ("9" * 40, workflow.BadVersion),
])
def test_parse_version_refuses_missing_and_garbage(value, error):
    with pytest.raises(error) as info:
        workflow.parse_version(value)
    assert info.value.status == 400 and str(info.value)


def test_parse_version_accepts_integers_and_their_text():
    assert workflow.parse_version("7") == 7 == workflow.parse_version(7)
    assert workflow.parse_version(" 12 ") == 12


# -- one world with an object in every state an action starts from ------------------------
@pytest.fixture
def world(db, make_user):
    s = passed_setup()
    office, head = s["office"], s["head"]
    officer = make_user("canbo_wf", role=Role.UNIT_OFFICER, unit=s["so"])
    with override_settings(EXEMPLARS_TODAY="2024-01-12"):
        reg, _checks = exemplars.register(officer, s["plan"], 2024, s["btxh"],
                                          s["mai"].subject, on=dt.date(2024, 1, 10))
        reg2, _checks = exemplars.register(officer, s["plan"], 2024, s["vp"],
                                           s["tuan"].subject, on=dt.date(2024, 1, 10))
    clist = exemplars.compile_list(office, s["plan"], 2024)
    fp = exemplars.create_fostering(officer, reg)
    draft = exemplars.create_nomination(officer, s["plan"], 2024, s["btxh"], s["mai"].subject,
                                        "agency", "Tóm tắt")
    submitted = exemplars.create_nomination(officer, s["plan"], 2024, s["vp"],
                                            s["tuan"].subject, "agency", "Tóm tắt")
    # Submitted (its dossier upload is tested elsewhere): set the state directly.
    Nomination.objects.filter(pk=submitted.pk).update(status=Nomination.SUBMITTED)
    submitted.refresh_from_db()
    # A planned meeting with one item and a candidate left, and one being voted.
    planned = council.create_meeting(office, s["council"], "Họp lần 2", s["meeting"].held_on,
                                     "agency", plan=s["plan"])
    council.add_item(office, planned, accepted(s, s["vp"].subject, unit=s["so"]))
    accepted(s, s["btxh"].subject, unit=s["so"])
    voting = council.create_meeting(office, s["council"], "Họp lần 3", s["meeting"].held_on,
                                    "agency", plan=s["plan"])
    council.add_item(office, voting, accepted(s, s["dung"].subject))
    voting.refresh_from_db()
    voting = council.set_attendance(office, voting, voting.version, s["members"])
    council.open_ballot(office, voting, voting.version, Ballot.ELECTRONIC, PASSPHRASE)
    draft_decision = decisions.draft_decision(head, s["so"], [s["item_hoa"]], "Dự thảo")
    issued = decisions.approve(head, [s["item_ldvl"]], "Đã ký", ON)
    feedback = notes.send_feedback(officer, s["ldvl"], "Vướng mắc", "Nội dung")
    from dienhinh.decisions import proposals
    proposal = proposals.create_proposal(office, s["plan"], 2024)
    return {**s, "officer": officer, "reg": reg, "reg2": reg2, "clist": clist, "fp": fp,
            "draft": draft, "submitted": submitted, "planned": Meeting.objects.get(
                pk=planned.pk), "voting": Meeting.objects.get(pk=voting.pk),
            "decision": draft_decision, "issued": issued, "feedback": feedback,
            "proposal": proposal}


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# (name, who acts, object key, URL, the rest of the form)
WEB = [
    ("withdraw", "officer", "reg2", "/exemplars/registrations/{pk}/withdraw/", {}),
    ("list send", "office", "clist", "/exemplars/plans/{plan}/2024/list/send/",
     {"sent_to": "UBND tỉnh", "confirm": "on"}),
    ("list compile", "office", "clist", "/exemplars/plans/{plan}/2024/list/compile/", {}),
    ("fostering update", "officer", "fp", "/exemplars/fostering/{pk}/update/", {"goal": "x"}),
    ("fostering refresh", "officer", "fp", "/exemplars/fostering/{pk}/refresh/", {}),
    ("fostering close", "officer", "fp", "/exemplars/fostering/{pk}/close/", {}),
    ("nomination update", "officer", "draft", "/exemplars/nominations/{pk}/update/",
     {"level": "agency", "summary": "x"}),
    ("nomination refresh", "officer", "draft", "/exemplars/nominations/{pk}/refresh/", {}),
    ("nomination submit", "officer", "draft", "/exemplars/nominations/{pk}/submit/", {}),
    ("nomination upload", "officer", "draft", "/exemplars/nominations/{pk}/upload/",
     {"kind": "attachment", "file": PDF}),
    ("nomination appraise", "office", "submitted", "/exemplars/nominations/{pk}/appraise/",
     {"comments": "x"}),
    ("nomination accept", "office", "submitted", "/exemplars/nominations/{pk}/accept/", {}),
    ("nomination return", "office", "submitted", "/exemplars/nominations/{pk}/return/",
     {"comments": "Bổ sung"}),
    ("nomination reject", "office", "submitted", "/exemplars/nominations/{pk}/reject/",
     {"comments": "Không đạt"}),
    ("item add", "office", "planned", "/council/meetings/{pk}/items/add/",
     {"nomination": "{candidate}"}),
    ("item remove", "office", "planned", "/council/meetings/{pk}/items/remove/",
     {"item": "{item}"}),
    ("attendance", "office", "planned", "/council/meetings/{pk}/attendance/", {}),
    ("rule", "office", "planned", "/council/meetings/{pk}/rule/",
     {"denominator": "all", "num": 1, "den": 2}),
    ("ballot open", "office", "planned", "/council/meetings/{pk}/open/",
     {"mode": "electronic", "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE}),
    ("ballot close", "office", "voting", "/council/meetings/{pk}/close/",
     {"confirm": "on", "passphrase": PASSPHRASE}),
    ("plan close", "office", "plan", "/plans/{pk}/close/", {}),
    ("decision issue", "head", "decision", "/decisions/{pk}/issue/",
     {"signed_on": "08/01/2025", "confirm": "on"}),
    ("decision publish", "office", "issued", "/decisions/{pk}/publish/", {}),
    ("decision scan", "office", "issued", "/decisions/{pk}/scan/", {"scan": PDF}),
    ("proposal select", "office", "proposal", "/decisions/proposals/{pk}/select/", {}),
    ("proposal send", "office", "proposal", "/decisions/proposals/{pk}/send/", {}),
    ("feedback close", "office", "feedback", "/feedback/{pk}/close/", {}),
    ("feedback answer", "office", "feedback", "/feedback/{pk}/answer/", {"body": "Trả lời"}),
]


def _url_and_data(w, url, obj, extra):
    candidate = Nomination.objects.get(subject=w["btxh"].subject, status=Nomination.ACCEPTED)
    url = url.format(pk=obj.pk, plan=w["plan"].pk)
    data = {}
    for key, value in extra.items():
        if value == PDF:
            value = SimpleUploadedFile("tai-lieu.pdf", PDF, content_type="application/pdf")
        elif value == "{candidate}":
            value = candidate.pk
        elif value == "{item}":
            value = w["planned"].items.get().pk
        data[key] = value
    return url, data


def _state(obj):
    fresh = _fresh(obj)
    return fresh.version, getattr(fresh, "status", None)


@pytest.mark.parametrize("name, who, key, url, extra", WEB, ids=[row[0] for row in WEB])
def test_every_screen_action_refuses_a_missing_garbage_or_stale_version(
        client, world, name, who, key, url, extra):
    w = world
    obj = w[key]
    client.force_login(w[who])
    before, audits, sent = _state(obj), AuditEntry.objects.count(), Notification.objects.count()
    for version, status in ((None, 400), ("abc", 400), ("1e3", 400), (_fresh(obj).version + 7,
                                                                        409)):
        target, data = _url_and_data(w, url, obj, extra)
        if version is not None:
            data["version"] = version
        response = client.post(target, data)
        assert response.status_code == status, (name, version, response.content[:400])
        body = response.content.decode()
        assert "phiên bản" in body.lower() or "Phiên bản" in body, (name, version)
        assert _state(obj) == before, name
    assert AuditEntry.objects.count() == audits and Notification.objects.count() == sent


API = [
    ("withdraw", "officer", "reg2", "/api/registrations/{pk}/withdraw/", {}),
    ("list send", "office", "clist", "/api/compiled-lists/{pk}/send/", {"sent_to": "UBND"}),
    ("fostering refresh", "officer", "fp", "/api/fostering-plans/{pk}/refresh-gaps/", {}),
    ("fostering close", "officer", "fp", "/api/fostering-plans/{pk}/close/", {}),
    ("nomination edit", "officer", "draft", "/api/nominations/{pk}/edit/",
     {"summary": "x", "level": "agency"}),
    ("nomination refresh", "officer", "draft", "/api/nominations/{pk}/refresh-snapshot/", {}),
    ("nomination submit", "officer", "draft", "/api/nominations/{pk}/submit/", {}),
    ("nomination appraise", "office", "submitted", "/api/nominations/{pk}/appraise/",
     {"checklist": {"complete": True}}),
    ("nomination accept", "office", "submitted", "/api/nominations/{pk}/accept/", {}),
    ("nomination return", "office", "submitted", "/api/nominations/{pk}/return/",
     {"comments": "x"}),
    ("nomination reject", "office", "submitted", "/api/nominations/{pk}/reject/",
     {"comments": "x"}),
    ("ballot open", "office", "planned", "/api/council/meetings/{pk}/open/",
     {"mode": "electronic", "passphrase": PASSPHRASE}),
    ("ballot close", "office", "voting", "/api/council/meetings/{pk}/close/",
     {"confirm": True, "passphrase": PASSPHRASE}),
    ("plan close", "office", "plan", "/api/plans/{pk}/close/", {}),
]


@pytest.mark.parametrize("name, who, key, url, extra", API, ids=[row[0] for row in API])
def test_every_api_action_refuses_a_missing_garbage_or_stale_version(
        world, name, who, key, url, extra):
    w = world
    obj = w[key]
    api = APIClient()
    api.force_authenticate(w[who])
    before, audits = _state(obj), AuditEntry.objects.count()
    target = url.format(pk=obj.pk)
    for version, status in ((None, 400), ("abc", 400), (_fresh(obj).version + 7, 409)):
        data = dict(extra)
        if version is not None:
            data["version"] = version
        response = api.post(target, data, format="json")
        assert response.status_code == status, (name, version, response.content[:400])
        assert response.json(), name
        assert _state(obj) == before, name
    assert AuditEntry.objects.count() == audits


def test_a_service_called_without_the_version_the_user_saw_is_refused(world):
    """The drift the core removed: a missing version no longer skips the check."""
    w = world
    for call in (lambda: council.close_ballot(w["office"], w["voting"].ballot, None),
                 lambda: council.add_item(w["office"], w["planned"], w["draft"], None),
                 lambda: decisions.issue_decision(w["head"], w["decision"], ON, version=None),
                 lambda: decisions.publish_decision(w["office"], w["issued"], None)):
        with pytest.raises(workflow.VersionMissing):
            call()
    assert Ballot.objects.get(meeting=w["voting"]).status == Ballot.OPEN
    assert _fresh(w["decision"]).status == Decision.DRAFT


# -- each transition: its audit entry and the next actor told --------------------------------
def _told(user, since):
    return Notification.objects.filter(user=user, pk__gt=since).exists()


def test_each_transition_writes_its_audit_entry_and_notifies_the_next_actor(world, make_user):
    w = world
    office, officer, head = w["office"], w["officer"], w["head"]
    unit_officer = make_user("canbo_btxh", role=Role.UNIT_OFFICER, unit=w["btxh"])
    steps = [
        ("exemplars.registration.withdraw", office,
         lambda: exemplars.withdraw(officer, w["reg2"], _fresh(w["reg2"]).version)),
        ("exemplars.fostering.close", office,
         lambda: exemplars.close_fostering(officer, w["fp"], _fresh(w["fp"]).version)),
        ("exemplars.compiled_list.send", unit_officer,
         lambda: exemplars.send_list(office, w["clist"], _fresh(w["clist"]).version, "UBND")),
        ("exemplars.nomination.return", officer,
         lambda: exemplars.return_nomination(office, w["submitted"],
                                             _fresh(w["submitted"]).version, "Bổ sung")),
        ("council.ballot.close", w["members"][0].user,
         lambda: council.close_ballot(office, w["voting"].ballot, _fresh(w["voting"]).version,
                                     PASSPHRASE)),
        ("decision.issue", head,
         lambda: decisions.issue_decision(head, w["decision"], ON,
                                          version=_fresh(w["decision"]).version)),
        ("feedback.answer", officer,
         lambda: notes.answer_feedback(office, w["feedback"], "Trả lời",
                                       _fresh(w["feedback"]).version)),
    ]
    for action, next_actor, run in steps:
        last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        audits = AuditEntry.objects.filter(action=action).count()
        run()
        assert AuditEntry.objects.filter(action=action).count() == audits + 1, action
        assert _told(next_actor, last), action


def test_putting_a_plan_in_force_tells_the_responsible_units(world, make_user):
    w = world
    plan = plan_services.adopt(w["office"], w["plan"].template, w["so"], "16/KH-SLĐTBXH",
                               dt.date(2024, 1, 5), "Kế hoạch thử")
    responsible = {u for task in plan.tasks.all() for u in task.responsible_units.all()}
    assert responsible
    told = make_user("canbo_trach_nhiem", role=Role.UNIT_OFFICER, unit=next(iter(responsible)))
    audits = AuditEntry.objects.filter(action="plan.put_in_force").count()
    plan_services.put_in_force(w["office"], plan, plan.version)
    assert AuditEntry.objects.filter(action="plan.put_in_force").count() == audits + 1
    assert Notification.objects.filter(user=told, subject__contains="16/KH-SLĐTBXH").exists()


# -- permissions in policy ------------------------------------------------------------------
def test_council_management_and_template_editing_are_policy_actions(world, make_user):
    w = world
    chair, plain = w["members"][0].user, w["members"][2].user
    outsider = make_user("vp_khac", role=Role.STANDING_OFFICE, unit=w["other"])
    assert policy.can(w["office"], "manage_council", w["council"])
    assert policy.can(chair, "manage_council", w["planned"])  # the chair runs meetings
    assert not policy.can(plain, "manage_council", w["planned"])
    assert not policy.can(outsider, "manage_council", w["council"])
    assert policy.can(w["office"], "edit_template") and policy.can(outsider, "edit_template")
    assert not policy.can(w["officer"], "edit_template")
    assert not policy.can(w["head"], "edit_template")


# -- query counts of the workflow lists ------------------------------------------------------
def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _same_for_3_and_30(client, url, add):
    add(0, 3)
    few = _count(client, url)
    add(3, 30)
    many = _count(client, url)
    assert many == few, (url, few, many)


@pytest.fixture
def agency(db, make_user):
    from tests.factories.exemplars import lao_cai

    lc = lao_cai()
    return {**lc, "office": make_user("vp_dem", role=Role.STANDING_OFFICE, unit=lc["so"])}


def _people(lc, start, end):
    return [orgs.create_person(f"Q{i:03d}", f"Người thứ {i}", lc["ldvl"], "staff")
            for i in range(start, end)]


def test_registrations_list_queries_do_not_grow(client, agency):
    lc = agency
    client.force_login(lc["office"])

    def add(start, end):
        with override_settings(EXEMPLARS_TODAY="2024-01-12"):
            for person in _people(lc, start, end):
                exemplars.register(lc["office"], lc["plan"], 2024, lc["ldvl"], person.subject,
                                   on=dt.date(2024, 1, 10))

    with override_settings(EXEMPLARS_TODAY="2024-01-12"):
        _same_for_3_and_30(client, f"/exemplars/plans/{lc['plan'].pk}/2024/registrations/",
                           add)


def test_nominations_list_queries_do_not_grow(client, agency):
    lc = agency
    client.force_login(lc["office"])

    def add(start, end):
        for person in _people(lc, start, end):
            exemplars.create_nomination(lc["office"], lc["plan"], 2024, lc["ldvl"],
                                        person.subject, "agency")

    _same_for_3_and_30(client, "/exemplars/nominations/", add)


def test_meetings_list_queries_do_not_grow(client, db):
    s = passed_setup(members=3)
    client.force_login(s["office"])

    def add(start, end):
        for i in range(start, end):
            council.create_meeting(s["office"], s["council"], f"Họp {i}", s["meeting"].held_on,
                                   "agency", plan=s["plan"])

    _same_for_3_and_30(client, f"/council/{s['council'].pk}/", add)
    _same_for_3_and_30(client, "/council/", lambda a, b: None)


def test_decisions_list_queries_do_not_grow(client, db):
    s = passed_setup(members=3)
    client.force_login(s["head"])

    def add(start, end):
        for i in range(start, end):
            decisions.draft_decision(s["head"], s["so"], [s["item_hoa"]], f"Dự thảo {i}")

    _same_for_3_and_30(client, "/decisions/", add)


# -- a draft looks like a draft, dated in Việt Nam ------------------------------------------
def test_a_draft_decision_reads_as_a_draft_dated_in_viet_nam(client, db):
    import io

    from docx import Document

    from dienhinh.decisions import documents

    s = passed_setup(members=3)
    d = decisions.draft_decision(s["head"], s["so"], [s["item_hoa"]], "Dự thảo")
    # 18:30 UTC on the 5th is 01:30 on the 6th in Việt Nam.
    Decision.objects.filter(pk=d.pk).update(
        created_at=dt.datetime(2025, 1, 5, 18, 30, tzinfo=dt.UTC))
    d.refresh_from_db()
    doc = Document(io.BytesIO(documents.decision_docx(d)))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert paragraphs[0] == "DỰ THẢO"
    assert any("ngày 06 tháng 01 năm 2025" in c for c in cells), cells
    # No number on a draft: the symbol waits for it (the layout's draft=True).
    assert any("Số:        /QĐ-SLĐTBXH" in c for c in cells), cells
    assert not any(re.search(r"Số: *\d", c) for c in cells), cells
    # Its total is computed on the draft already, and its rows never read "Còn hiệu lực".
    total = decisions.totals(d)["bonus"]
    assert total > 0
    client.force_login(s["head"])
    page = client.get(f"/decisions/{d.pk}/").content.decode()
    assert "Còn hiệu lực" not in page and 'id="decision-status">Dự thảo' in page
    shown = page.split('id="decision-total">')[1].split("<")[0].strip()
    assert shown != "0 đ" and shown.endswith(" đ")
