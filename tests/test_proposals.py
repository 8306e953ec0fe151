"""Proposals to the higher level: selection within the plan's quota, the package
(documents and JSON), sending, and the higher level's decision entering the ledger."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from dienhinh.decisions import proposals, services
from dienhinh.decisions.models import Decision, Proposal, Recognition
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from tests.factories.council import user
from tests.factories.decisions import passed_setup
from tests.factories.exemplars import adopt

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 1, 8)


def test_package_send_and_higher_decision_enter_the_ledger(client):
    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"], s["item_ldvl"]], "Công nhận", ON)
    p = proposals.create_proposal(s["office"], s["plan"], 2024, "Ban Thi đua – Khen thưởng tỉnh")
    assert {r.subject.code for r in proposals.candidates(p)} == {"LC001", "LC_LDVL"}
    hoa = d.recognitions.get(subject__code="LC001")
    p = proposals.select(s["office"], p, [hoa.pk])
    data = zipfile.ZipFile(io.BytesIO(proposals.package(p)))
    assert sorted(data.namelist()) == ["bao-cao-thanh-tich-LC001.docx", "de-nghi.json",
                                       "quyet-dinh-01-QĐ-SLĐTBXH.docx"]
    package = json.loads(data.read("de-nghi.json"))
    assert package["plan"] == "lao-cai-sldtbxh-qpan-2022-2025" and package["year"] == 2024
    [subject] = package["subjects"]
    assert (subject["subject"], subject["name"], subject["decision_no"]) == (
        "LC001", "Nguyễn Thị Hoa", "01/QĐ-SLĐTBXH")
    assert subject["ballot"]["yes"] == 5 and subject["ballot"]["members_total"] == 5
    with pytest.raises(proposals.ProposalError):  # not sent yet
        proposals.record_higher_decision(s["office"], p, "99/QĐ-UBND", dt.date(2025, 3, 1))
    p = proposals.mark_sent(s["office"], p, dt.date(2025, 2, 20))
    assert p.status == Proposal.SENT and p.sent_on == dt.date(2025, 2, 20)
    with pytest.raises(proposals.ProposalError):  # the list is frozen once sent
        proposals.select(s["office"], p, [])
    with pytest.raises(services.NotAuthorised):  # a Sở does not give a Bằng khen
        proposals.record_higher_decision(s["office"], p, "99/QĐ-UBND", dt.date(2025, 3, 1),
                                         "BANG_KHEN", "SO")
    p = proposals.record_higher_decision(s["office"], p, "99/QĐ-UBND", dt.date(2025, 3, 1))
    ach = Achievement.objects.get(decision_no="99/QĐ-UBND")
    assert (ach.subject.code, ach.code_id, ach.issuer, ach.year) == (
        "LC001", "BANG_KHEN", "UBND_TINH", 2024)
    assert p.status == Proposal.DECIDED
    client.force_login(s["office"])
    page = client.get(f"/decisions/proposals/{p.pk}/").content.decode()
    assert "99/QĐ-UBND" in page and "Cấp trên đã quyết định" in page


@pytest.fixture
def ha_tinh():
    so = orgs.create_unit("HT_SCT", "Sở Công Thương tỉnh Hà Tĩnh", "agency")
    vp = orgs.create_unit("HT_VP", "Văn phòng Sở", "division", so)
    plan = adopt("ha-tinh-sct-2021-2025", so)
    office = user("vanphong", Role.STANDING_OFFICE, so)
    d = Decision.objects.create(agency=so, plan=plan, year=2024, title="Công nhận",
                                status=Decision.ISSUED, seq=1, number_year=2025,
                                number="01/QĐ-SCT", signed_on=ON)
    recs = [Recognition.objects.create(
        decision=d, position=n, subject=orgs.create_person(f"HT{n:03d}", f"Trần Văn {n}", vp,
                                                           "staff").subject)
        for n in range(1, 7)]
    return {"so": so, "plan": plan, "office": office, "recs": recs}


def test_selection_within_the_plans_quota_of_four_to_five(ha_tinh):
    assert proposals.quota(ha_tinh["plan"])["max"] == 5
    office, recs = ha_tinh["office"], ha_tinh["recs"]
    p = proposals.create_proposal(office, ha_tinh["plan"], 2024)
    with pytest.raises(proposals.ProposalError, match="tối đa 5"):
        proposals.select(office, p, [r.pk for r in recs])
    assert not p.items.exists()
    proposals.select(office, p, [r.pk for r in recs[:3]])
    with pytest.raises(proposals.ProposalError, match="cần ít nhất 4"):
        proposals.mark_sent(office, p)
    proposals.select(office, p, [r.pk for r in recs[:5]])
    assert proposals.mark_sent(office, p).status == Proposal.SENT
    assert p.items.count() == 5


def test_only_in_force_recognitions_and_only_the_standing_office(ha_tinh, make_user):
    office, recs = ha_tinh["office"], ha_tinh["recs"]
    p = proposals.create_proposal(office, ha_tinh["plan"], 2024)
    Recognition.objects.filter(pk=recs[0].pk).update(revoked_by=recs[0].decision)
    with pytest.raises(proposals.ProposalError):
        proposals.select(office, p, [recs[0].pk])
    assert recs[0].pk not in {r.pk for r in proposals.candidates(p)}
    with pytest.raises(PermissionDenied):
        proposals.select(make_user("ngoai"), p, [recs[1].pk])
