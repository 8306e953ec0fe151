"""Signers from the organisation (issue 16, item 4): the leaders of an agency as dated
data, the signature block of the person in office on a document's date, the screen
the standing office keeps them with, and a missing signer said, never left blank."""

import datetime as dt

import pytest
from django.test import Client

from dienhinh.decisions import services
from dienhinh.orgs import leaders
from dienhinh.orgs.models import CollectiveBody, Leadership, Role
from tests.factories.council import user
from tests.factories.decisions import passed_setup
from tests.factories.exemplars import lao_cai

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 1, 8)


def test_the_head_in_office_on_the_date_signs_in_their_own_name():
    so = lao_cai()["so"]
    before = leaders.signature_block(so, dt.date(2024, 12, 31))
    after = leaders.signature_block(so, ON)
    assert (before.lines(), before.name) == (["GIÁM ĐỐC"], "Phạm Văn Minh")
    assert (after.lines(), after.name) == (["GIÁM ĐỐC"], "Hoàng Thị Lan")


def test_deputy_signs_for_the_head_acting_head_with_q_chief_by_order():
    so = lao_cai()["so"]
    deputy = leaders.signature_block(so, ON, name="Đỗ Văn Nam")
    assert deputy.lines() == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] and deputy.name == "Đỗ Văn Nam"
    assert deputy.head_title == "Giám đốc"
    Leadership.objects.create(unit=so, role="by_order", full_name="Lý Thị Thu",
                              title="Chánh Văn phòng", valid_from=dt.date(2022, 1, 1))
    chief = leaders.signature_block(so, ON, role="by_order")
    assert chief.lines() == ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]
    # The head leaves; an acting head is named from 01/03/2025, and signs "Q.".
    Leadership.objects.filter(full_name="Hoàng Thị Lan").update(valid_to=dt.date(2025, 2, 28))
    Leadership.objects.create(unit=so, role="acting", full_name="Vũ Đức Anh",
                              title="Giám đốc", valid_from=dt.date(2025, 3, 1))
    acting = leaders.signature_block(so, dt.date(2025, 3, 5))
    assert (acting.lines(), acting.name) == (["Q. GIÁM ĐỐC"], "Vũ Đức Anh")
    assert acting.head_title == "Giám đốc"
    # A deputy signing while the post is held by an acting head still signs for the head.
    assert leaders.signature_block(so, dt.date(2025, 3, 5), name="Đỗ Văn Nam").lines() == [
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


def test_a_collective_body_signs_on_behalf():
    so = lao_cai()["so"]
    CollectiveBody.objects.create(unit=so, name="Ủy ban nhân dân")
    Leadership.objects.filter(unit=so).update(title="Chủ tịch")
    Leadership.objects.filter(unit=so, role="deputy").update(title="Phó Chủ tịch")
    assert leaders.signature_block(so, ON, name="Đỗ Văn Nam").lines() == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert leaders.signature_block(so, ON).lines() == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_nobody_in_office_is_a_message_not_a_blank():
    so = lao_cai()["so"]
    with pytest.raises(leaders.MissingSigner) as exc:
        leaders.signature_block(so, dt.date(2019, 6, 1))
    assert "Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai" in str(exc.value)
    assert "01/06/2019" in str(exc.value) and "Lãnh đạo cơ quan" in str(exc.value)
    assert leaders.signer_on(so, dt.date(2019, 6, 1)) is None


def test_a_decision_is_not_issued_without_a_signer_on_its_date():
    s = passed_setup()
    Leadership.objects.filter(unit=s["so"]).delete()
    draft = services.draft_decision(s["office"], s["so"], [s["item_hoa"]], "Không người ký")
    with pytest.raises(services.DecisionError) as exc:
        services.issue_decision(s["head"], draft, ON)
    assert "08/01/2025" in str(exc.value)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.number == ""
    # The preview says so before the head tries.
    client = Client()
    client.force_login(s["head"])
    page = client.get(f"/decisions/{draft.pk}/issue/", {"signed_on": "08/01/2025"})
    assert page.status_code == 200
    assert 'id="preview-signer"' in page.content.decode()


def test_the_standing_office_keeps_the_leaders_on_a_screen():
    s = lao_cai()
    so = s["so"]
    office = user("vanphong", Role.STANDING_OFFICE, so)
    client = Client()
    client.force_login(office)
    page = client.get(f"/units/{so.code}/leaders/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hoàng Thị Lan" in text and "Cấp phó, ký thay người đứng đầu (KT.)" in text
    assert 'id="leader-add"' in text
    added = client.post(f"/units/{so.code}/leaders/add/", {
        "role": "by_order", "full_name": "  Lý Thị   Thu ", "title": "Chánh Văn phòng",
        "valid_from": "01/01/2025"})
    assert added.status_code == 302
    row = Leadership.objects.get(full_name="Lý Thị Thu")
    assert (row.role, row.valid_from, row.version) == ("by_order", dt.date(2025, 1, 1), 1)
    # A second head over the same days is refused, with the one in office named.
    clash = client.post(f"/units/{so.code}/leaders/add/", {
        "role": "head", "full_name": "Người Thứ Hai", "title": "Giám đốc",
        "valid_from": "01/06/2025"})
    assert clash.status_code == 400 and "Hoàng Thị Lan" in clash.content.decode()
    assert not Leadership.objects.filter(full_name="Người Thứ Hai").exists()
    bad = client.post(f"/units/{so.code}/leaders/add/", {
        "role": "head", "full_name": "X", "title": "Giám đốc", "valid_from": "2025-13-45"})
    assert bad.status_code == 400 and "dd/mm/yyyy" in bad.content.decode()
    # Correcting at the version seen; a stale version is refused.
    head = Leadership.objects.get(full_name="Hoàng Thị Lan")
    fields = {"role": "head", "full_name": "Hoàng Thị Lan", "title": "Giám đốc",
              "valid_from": "01/01/2025", "valid_to": "31/05/2025"}
    assert client.post(f"/units/{so.code}/leaders/{head.pk}/edit/",
                       {**fields, "version": head.version}).status_code == 302
    head.refresh_from_db()
    assert head.valid_to == dt.date(2025, 5, 31) and head.version == 2
    stale = client.post(f"/units/{so.code}/leaders/{head.pk}/edit/", {**fields, "version": 1})
    assert stale.status_code == 409
    missing = client.post(f"/units/{so.code}/leaders/{head.pk}/edit/", fields)
    assert missing.status_code == 400
    # Now the second head fits after the first.
    assert client.post(f"/units/{so.code}/leaders/add/", {
        "role": "head", "full_name": "Người Thứ Hai", "title": "Giám đốc",
        "valid_from": "01/06/2025"}).status_code == 302
    assert leaders.signature_block(so, dt.date(2025, 6, 2)).name == "Người Thứ Hai"


def test_others_may_read_but_not_change_and_out_of_scope_is_not_found():
    s = lao_cai()
    so = s["so"]
    officer = user("donvi", Role.UNIT_OFFICER, so)
    client = Client()
    client.force_login(officer)
    page = client.get(f"/units/{so.code}/leaders/")
    assert page.status_code == 200 and 'id="leader-add"' not in page.content.decode()
    refused = client.post(f"/units/{so.code}/leaders/add/", {
        "role": "deputy", "full_name": "Không Được", "title": "Phó Giám đốc",
        "valid_from": "01/01/2025"})
    assert refused.status_code == 403
    assert not Leadership.objects.filter(full_name="Không Được").exists()
    other = user("khac", Role.STANDING_OFFICE, s["other"])
    client.force_login(other)
    assert client.get(f"/units/{so.code}/leaders/").status_code == 404
    assert client.post(f"/units/{so.code}/leaders/add/", {}).status_code == 404


def test_a_document_without_a_signer_is_a_message_not_a_blank_name():
    from dienhinh.orgs.models import Person
    from tests.factories.council import council_setup

    s = council_setup()
    nomination = s["noms"]["hoa"]
    client = Client()
    client.force_login(s["office"])
    url = f"/exemplars/nominations/{nomination.pk}/report.docx"
    ok = client.get(url)
    assert ok.status_code == 200 and ok["Content-Type"].startswith(
        "application/vnd.openxmlformats")
    # Nobody leads Hoa's division any more, and no leader is recorded for it.
    Person.objects.filter(unit=s["ldvl"], position="division_leader").update(position="staff")
    refused = client.get(url, HTTP_REFERER="/exemplars/")
    text = refused.content.decode()
    assert refused.status_code == 409
    assert "Chưa có lãnh đạo của Phòng Lao động – Việc làm" in text
    assert 'id="refusal-back"' in text


def test_the_admin_refuses_a_second_head_over_the_same_days():
    from django.core.exceptions import ValidationError

    so = lao_cai()["so"]
    second = Leadership(unit=so, role="acting", full_name="Người Khác", title="Giám đốc",
                        valid_from=dt.date(2024, 6, 1), valid_to=dt.date(2024, 7, 1))
    with pytest.raises(ValidationError) as exc:
        second.full_clean()
    assert "Phạm Văn Minh" in str(exc.value)
    second.role = "deputy"
    second.title = "Phó Giám đốc"
    second.full_clean()  # deputies may be several
