"""The ballot's passing rule comes from the meeting's plan, per level: the template's
`ballot_rules` (validated with the path of each error), else the share the agency set
for its council with its source, else "do cơ quan quy định" — the standing office sets
it with its source before the ballot can open; adjustments before the ballot opens; the
source shown on the screens, the API and the minutes; agenda items of another plan
refused. The system invents no legal default."""

import datetime as dt
import io

import pytest
import yaml
from django.utils import translation
from docx import Document

from dienhinh.audit.models import AuditEntry
from dienhinh.council import documents, services
from dienhinh.council.models import ALL_MEMBERS, PRESENT, Ballot, Meeting
from dienhinh.criteria.template import validate_template
from dienhinh.plans.models import Plan, PlanTemplate
from dienhinh.plans.seeds import SEED_IDS, seed_text
from tests.factories.council import COUNCIL_RULE_SOURCE, PASSPHRASE, accepted, council_setup
from tests.factories.exemplars import adopt

pytestmark = pytest.mark.django_db

BASE = "lao-cai-sldtbxh-qpan-2022-2025"
RULED = "lao-cai-ty-le-rieng"
RULES = {
    "ministry": {"denominator": "all", "share": "9/10", "strict": False, "written": True,
                 "section": "mục III.2", "note": "Bộ xét chọn"},
    "province": {"denominator": "present", "share": "2/3", "strict": True, "written": False,
                 "section": "mục III.1"},
}


def ruled_template(rules=RULES, template_id=RULED) -> PlanTemplate:
    doc = yaml.safe_load(seed_text(BASE))
    doc["id"] = template_id
    doc["ballot_rules"] = rules
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    assert validate_template(text) == []
    base = PlanTemplate.objects.get(template_id=BASE)
    return PlanTemplate.objects.create(
        template_id=template_id, name=base.name, agency=base.agency,
        start_year=base.start_year, end_year=base.end_year, text=text)


def ruled_plan(s, number="20/KH-SLĐTBXH") -> Plan:
    ruled_template()
    return adopt(RULED, s["so"], number)


def meeting_on(s, plan, level, title="Họp xét theo kế hoạch riêng"):
    return services.create_meeting(s["office"], s["council"], title, s["meeting"].held_on,
                                   level, "Lào Cai", plan=plan)


def test_meetings_take_the_plans_rule_for_their_level():
    s = council_setup(members=3)
    plan = ruled_plan(s)
    ministry = meeting_on(s, plan, "ministry")
    assert services.rule_of(ministry) == {"denominator": ALL_MEMBERS, "num": 9, "den": 10,
                                          "strict": False, "written": True}
    assert ministry.plan == plan
    assert ministry.rule_source == "Kế hoạch số 20/KH-SLĐTBXH, mục III.2: Bộ xét chọn"
    province = meeting_on(s, plan, "province")
    assert services.rule_of(province) == {"denominator": PRESENT, "num": 2, "den": 3,
                                          "strict": True, "written": False}
    assert province.rule_source == "Kế hoạch số 20/KH-SLĐTBXH, mục III.1"
    assert services.rule_text(province) == "Trên 2/3 số thành viên có mặt"
    # The plan names no agency rule: the council's own share, with the agency's source.
    agency = meeting_on(s, plan, "agency")
    assert services.rule_of(agency) == {"denominator": ALL_MEMBERS, "num": 1, "den": 2,
                                        "strict": True, "written": True}
    assert agency.rule_source == COUNCIL_RULE_SOURCE and not agency.rule_pending
    entry = AuditEntry.objects.filter(action="council.meeting.create").last()
    assert entry.after["plan"] == "20/KH-SLĐTBXH" and "rule_source" in entry.after


def test_seed_templates_state_no_invented_share():
    for template_id in SEED_IDS:
        doc = yaml.safe_load(seed_text(template_id))
        assert "ballot_rules" not in doc
        assert "theo mặc định" not in seed_text(template_id)


def test_without_plan_or_agency_share_the_office_must_set_it_with_its_source(client):
    s = council_setup(members=3)
    office = s["office"]
    bare = services.create_council(office, s["so"], "Hội đồng chưa có quy chế")
    for seat in s["members"]:
        services.add_member(office, bare, seat.user, seat.role, dt.date(2021, 1, 1),
                            person=seat.person)
    meeting = services.create_meeting(office, bare, "Họp chưa có tỷ lệ", s["meeting"].held_on,
                                      "agency", "Lào Cai", plan=s["plan"])
    assert meeting.rule_pending
    assert services.rule_text(meeting) == "Do cơ quan quy định (thường trực chưa nhập tỷ lệ)"
    assert services.rule_source(meeting).startswith("Do cơ quan quy định")
    services.add_item(office, meeting, s["noms"]["hoa"])
    meeting.refresh_from_db()
    meeting = services.set_attendance(office, meeting, meeting.version, list(
        bare.members.all()))
    with pytest.raises(services.QuorumNotMet) as refused:
        services.open_ballot(office, meeting, meeting.version, Ballot.ELECTRONIC, PASSPHRASE)
    assert "Chưa có tỷ lệ phiếu" in str(refused.value)
    # The screen and the API say "do cơ quan quy định", never an invented share.
    client.force_login(office)
    page = client.get(f"/council/meetings/{meeting.pk}/").content.decode()
    assert "Do cơ quan quy định" in page and "1/2" not in page.split('id="rule"')[1][:300]
    data = client.get(f"/api/council/meetings/{meeting.pk}/").json()
    assert data["rule_source"].startswith("Do cơ quan quy định")
    # A share without its source is refused; with it, the ballot may open.
    with pytest.raises(services.CouncilError):
        services.set_rule(office, meeting, meeting.version, ALL_MEMBERS, 2, 3, False, True)
    response = client.post(f"/council/meetings/{meeting.pk}/rule/", {
        "version": meeting.version, "denominator": "all", "num": 2, "den": 3,
        "written": "on", "source": "Quy chế hoạt động của Hội đồng, Điều 9"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert not meeting.rule_pending and (meeting.rule_num, meeting.rule_den) == (2, 3)
    assert meeting.rule_source == "Quy chế hoạt động của Hội đồng, Điều 9"
    ballot = services.open_ballot(office, meeting, meeting.version, Ballot.ELECTRONIC,
                                  PASSPHRASE)
    assert (ballot.rule_num, ballot.rule_den, ballot.rule_strict) == (2, 3, False)


def test_the_agency_share_needs_its_source_and_applies_to_later_meetings():
    s = council_setup(members=3)
    council = s["council"]
    with pytest.raises(services.CouncilError):
        services.set_council_rule(s["office"], council, council.version, ALL_MEMBERS, 2, 3,
                                  False, True, "  ")
    with pytest.raises(services.CouncilError):
        services.set_council_rule(s["office"], council, council.version, ALL_MEMBERS, 4, 3,
                                  False, True, "Quy chế")
    council = services.set_council_rule(s["office"], council, council.version, PRESENT, 3, 4,
                                        False, False, "Quy chế hoạt động, Điều 10")
    s["council"] = council
    later = meeting_on(s, s["plan"], "province", title="Họp sau khi sửa quy chế")
    assert services.rule_of(later) == {"denominator": PRESENT, "num": 3, "den": 4,
                                       "strict": False, "written": False}
    assert later.rule_source == "Quy chế hoạt động, Điều 10"
    entry = AuditEntry.objects.filter(action="council.council.set_rule").last()
    assert entry.after["source"] == "Quy chế hoạt động, Điều 10"
    with pytest.raises(services.StaleVersion):
        services.set_council_rule(s["office"], council, council.version - 1, PRESENT, 1, 2,
                                  False, False, "Quy chế")


def test_plan_rule_decides_exactly_at_nine_tenths_of_all_members():
    s = council_setup(members=10, level="ministry")
    plan = ruled_plan(s)
    office = s["office"]
    results = []
    for n, yes in enumerate((9, 8)):
        nom = accepted(s, s["members"][n].person.subject, "ministry", unit=s["vp"])
        nom.plan = plan
        nom.save()
        meeting = meeting_on(s, plan, "ministry", title=f"Họp cấp Bộ {n}")
        services.add_item(office, meeting, nom)
        meeting.refresh_from_db()
        meeting = services.set_attendance(office, meeting, meeting.version, s["members"])
        ballot = services.open_ballot(office, meeting, meeting.version, Ballot.ELECTRONIC,
                                      PASSPHRASE)
        assert (ballot.rule_num, ballot.rule_den, ballot.rule_denominator) == (9, 10, "all")
        item = meeting.items.get()
        voters = [m for m in s["members"] if m.pk not in set(
            item.recusals.values_list("member_id", flat=True))]
        for i, seat in enumerate(voters[:9]):
            services.cast_votes(seat.user, ballot, {item.pk: "yes" if i < yes else "no"})
        services.close_ballot(office, ballot, passphrase=PASSPHRASE)
        result = services.item_result(item)
        results.append((result.yes, result.denominator, result.passed))
    # Exactly 9 of 10 members passes "at least 9/10"; 8 of 10 does not.
    assert results == [(9, 10, True), (8, 10, False)]


def test_meeting_requires_a_plan_in_force_of_the_councils_agency():
    s = council_setup(members=3)
    office, council, held_on = s["office"], s["council"], s["meeting"].held_on
    with pytest.raises(services.CouncilError, match="Hãy chọn kế hoạch"):
        services.create_meeting(office, council, "Họp", held_on, "agency", plan=None)
    other = adopt(BASE, s["other"], "01/KH-SCT")
    with pytest.raises(services.CouncilError, match="không phải kế hoạch đang thực hiện"):
        services.create_meeting(office, council, "Họp", held_on, "agency", plan=other)
    draft = adopt("ha-tinh-sct-2021-2025", s["so"], "02/KH-SLĐTBXH")
    draft.status = Plan.DRAFT
    draft.save()
    with pytest.raises(services.CouncilError, match="đang thực hiện"):
        services.create_meeting(office, council, "Họp", held_on, "agency", plan=draft)
    with pytest.raises(TypeError):
        services.create_meeting(office, council, "Họp", held_on, "agency")  # plan is required
    assert Meeting.objects.count() == 1


def test_agenda_refuses_a_nomination_of_another_plan():
    s = council_setup(members=3)
    plan = ruled_plan(s)
    meeting = meeting_on(s, plan, "agency")
    with pytest.raises(services.CouncilError, match="thuộc kế hoạch 15/KH-SLĐTBXH, không thuộc "
                                                    "kế hoạch 20/KH-SLĐTBXH") as refused:
        services.add_item(s["office"], meeting, s["noms"]["hoa"])
    assert " / " not in str(refused.value)  # one language at a time
    assert not meeting.items.exists()
    with translation.override("en"), pytest.raises(
            services.CouncilError, match="belongs to plan 15/KH-SLĐTBXH, not to the meeting's "
                                         "plan 20/KH-SLĐTBXH"):
        services.add_item(s["office"], meeting, s["noms"]["hoa"])
    # The original meeting is on the nominations' own plan: accepted.
    services.add_item(s["office"], s["meeting"], s["noms"]["hoa"])


def test_adjusting_the_rule_says_so_and_is_frozen_at_opening():
    s = council_setup(members=3)
    plan = ruled_plan(s)
    office = s["office"]
    meeting = meeting_on(s, plan, "province")
    meeting = services.set_rule(office, meeting, meeting.version, ALL_MEMBERS, 3, 4, False,
                                True)
    assert meeting.rule_source == ("Điều chỉnh cho cuộc họp này (quy tắc gốc: trên 2/3 số "
                                   "thành viên có mặt — Kế hoạch số 20/KH-SLĐTBXH, mục III.1)")
    # Back to the plan's rule: the plan is the source again.
    meeting = services.set_rule(office, meeting, meeting.version, PRESENT, 2, 3, True, False)
    assert meeting.rule_source == "Kế hoạch số 20/KH-SLĐTBXH, mục III.1"
    nom = accepted(s, s["tuan"].subject, "province", unit=s["vp"])
    nom.plan = plan
    nom.save()
    services.add_item(office, meeting, nom)
    meeting.refresh_from_db()
    meeting = services.set_attendance(office, meeting, meeting.version, s["members"])
    ballot = services.open_ballot(office, meeting, meeting.version, Ballot.ELECTRONIC,
                                      PASSPHRASE)
    meeting.refresh_from_db()
    with pytest.raises(services.ForbiddenTransition):
        services.set_rule(office, meeting, meeting.version, ALL_MEMBERS, 1, 2, True, True)
    for seat in s["members"]:
        services.cast_votes(seat.user, ballot, {meeting.items.get().pk: "yes"})
    services.close_ballot(office, ballot, passphrase=PASSPHRASE)
    ballot.refresh_from_db()
    doc = Document(io.BytesIO(documents.minutes_docx(ballot)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert ("Tỷ lệ phiếu để được công nhận: trên 2/3 số thành viên có mặt (căn cứ: Kế hoạch số "
            "20/KH-SLĐTBXH, mục III.1).") in text


def test_screens_create_a_meeting_on_a_plan_and_show_the_rule_source(client):
    s = council_setup(members=3)
    plan = ruled_plan(s)
    client.force_login(s["office"])
    page = client.get(f"/council/{s['council'].pk}/").content.decode()
    assert 'name="plan"' in page and "20/KH-SLĐTBXH" in page and "15/KH-SLĐTBXH" in page
    response = client.post(f"/council/{s['council'].pk}/meetings/new/", {
        "plan": plan.pk, "title": "Họp xét cấp Bộ", "held_on": "06/01/2025",
        "place": "Lào Cai", "level": "ministry"})
    meeting = Meeting.objects.get(title="Họp xét cấp Bộ")
    assert response.status_code == 302 and meeting.plan == plan
    page = client.get(f"/council/meetings/{meeting.pk}/").content.decode()
    assert "Từ 9/10 tổng số thành viên Hội đồng trở lên" in page
    assert "Kế hoạch số 20/KH-SLĐTBXH, mục III.2: Bộ xét chọn" in page
    # Without a plan, or with a plan of another agency, nothing is created.
    other = adopt(BASE, s["other"], "01/KH-SCT")
    for data in ({}, {"plan": other.pk}):
        response = client.post(f"/council/{s['council'].pk}/meetings/new/", {
            "title": "Họp không kế hoạch", "held_on": "06/01/2025",
            "level": "agency", **data})
        assert response.status_code == 400
        assert "Kế hoạch" in response.content.decode()
    assert not Meeting.objects.filter(title="Họp không kế hoạch").exists()
    # The API shows the plan and the source of the rule.
    data = client.get(f"/api/council/meetings/{meeting.pk}/").json()
    assert data["plan"] == "20/KH-SLĐTBXH"
    assert data["rule_source"] == "Kế hoạch số 20/KH-SLĐTBXH, mục III.2: Bộ xét chọn"


@pytest.mark.parametrize("rule,path,reason", [
    ({"denominator": "all", "share": "0/3"}, "$.ballot_rules.province.share", "lớn hơn 0"),
    ({"denominator": "all", "share": "4/3"}, "$.ballot_rules.province.share", "lớn hơn 1"),
    ({"denominator": "everyone", "share": "2/3"}, "$.ballot_rules.province.denominator",
     "everyone"),
    ({"denominator": "all", "share": "66%"}, "$.ballot_rules.province.share", "66%"),
    ({"denominator": "all", "share": "1/40000"}, "$.ballot_rules.province.share", "tối đa 1000"),
])
def test_invalid_rule_data_is_refused_with_its_path_and_nothing_saved(client, rule, path,
                                                                      reason):
    s = council_setup(members=3)
    template = ruled_template()
    # a template the agency's office made (and so may edit), not a built-in one
    PlanTemplate.objects.filter(pk=template.pk).update(owner=s["so"])
    before = template.text
    doc = yaml.safe_load(before)
    doc["ballot_rules"]["province"] = rule
    text = yaml.safe_dump(doc, allow_unicode=True)
    errors = validate_template(text)
    assert [e.path for e in errors] == [path] and reason in errors[0].reason
    # Through the template editor: refused with the path, the stored text unchanged.
    client.force_login(s["office"])  # the standing office edits templates
    response = client.post(f"/plans/templates/{RULED}/", {"text": text, "action": "save"})
    assert response.status_code == 400
    assert [e.path for e in response.context["errors"]] == [path]
    assert path in response.content.decode()
    assert PlanTemplate.objects.get(template_id=RULED).text == before
    assert not AuditEntry.objects.filter(action="plan_template.save").exists()


def test_old_meetings_without_a_plan_still_show_where_their_rule_came_from():
    s = council_setup(members=3)
    Meeting.objects.filter(pk=s["meeting"].pk).update(plan=None, rule_source="")
    meeting = Meeting.objects.get(pk=s["meeting"].pk)
    assert "lập trước khi" in services.rule_source(meeting)
    # Its agenda is not limited to one plan.
    services.add_item(s["office"], meeting, s["noms"]["hoa"])
    assert dt.date(2025, 1, 6) == meeting.held_on


def test_the_council_page_sets_the_agency_share_with_its_source(client):
    s = council_setup(members=3)
    council = s["council"]
    client.force_login(s["office"])
    page = client.get(f"/council/{council.pk}/").content.decode()
    assert 'id="council-rule-form"' in page and "Trên 1/2 tổng số thành viên" in page
    data = {"version": council.version, "denominator": "present",
            "num": 2, "den": 3, "written": "on"}
    refused = client.post(f"/council/{council.pk}/pass-rule/", data)  # no source
    assert refused.status_code == 400
    council.refresh_from_db()
    assert council.pass_den == 2
    client.post(f"/council/{council.pk}/pass-rule/", {**data, "source": "Quy chế, Điều 7"})
    council.refresh_from_db()
    assert (council.pass_denominator, council.pass_num, council.pass_den) == ("present", 2, 3)
    page = client.get(f"/council/{council.pk}/").content.decode()
    assert "Từ 2/3 số thành viên có mặt trở lên" in page and "Quy chế, Điều 7" in page


def test_the_rule_reads_in_the_readers_language_and_what_is_stored_stays_vietnamese():
    s = council_setup(members=3)
    plan = ruled_plan(s)
    office = s["office"]
    with translation.override("en"):  # a standing office that reads English
        meeting = meeting_on(s, plan, "province")
        assert services.rule_text(meeting) == "More than 2/3 of the members present"
        ministry = meeting_on(s, plan, "ministry")
        assert services.rule_text(ministry) == ("At least 9/10 of all members of the Council "
                                                "(counting the written votes of absent members)")
        ministry = services.set_rule(office, ministry, ministry.version, PRESENT, 1, 2, False,
                                     False, "Quy chế, Điều 8")
    # The source is stored once, in the system's language, whoever acted.
    assert meeting.rule_source == "Kế hoạch số 20/KH-SLĐTBXH, mục III.1"
    assert ministry.rule_source.startswith("Điều chỉnh cho cuộc họp này (Quy chế, Điều 8) "
                                           "(quy tắc gốc: từ 9/10 tổng số thành viên Hội đồng")
    assert services.rule_text(meeting) == "Trên 2/3 số thành viên có mặt"

    nom = accepted(s, s["tuan"].subject, "province", unit=s["vp"])
    nom.plan = plan
    nom.save()
    services.add_item(office, meeting, nom)
    meeting.refresh_from_db()
    meeting = services.set_attendance(office, meeting, meeting.version, s["members"])
    ballot = services.open_ballot(office, meeting, meeting.version, Ballot.ELECTRONIC,
                                  PASSPHRASE)
    for seat in s["members"]:
        services.cast_votes(seat.user, ballot, {meeting.items.get().pk: "yes"})
    services.close_ballot(office, ballot, passphrase=PASSPHRASE)
    ballot.refresh_from_db()
    with translation.override("en"):  # the minutes are Vietnamese whoever downloads them
        doc = Document(io.BytesIO(documents.minutes_docx(ballot)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "trên 2/3 số thành viên có mặt (căn cứ: Kế hoạch số 20/KH-SLĐTBXH" in text
    assert "members present" not in text and "electronic" not in text.lower()
