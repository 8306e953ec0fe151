"""The council: members and terms, the agenda from accepted nominations, automatic
recusal, permissions (member, standing office, outsider), the screens and the API."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from docx import Document

from dienhinh.council import services
from dienhinh.council.models import AgendaItem, Ballot, Meeting, Recusal
from dienhinh.exemplars.models import DossierFile, Nomination
from dienhinh.orgs.models import Role
from tests.factories.council import PASSPHRASE, accepted, council_setup, user

pytestmark = pytest.mark.django_db


def login(client, account):
    client.force_login(account)
    return client


# -- members and agenda --------------------------------------------------------------------
def test_members_terms_and_who_may_change_them(make_user):
    s = council_setup(members=3)
    council, office = s["council"], s["office"]
    chair = s["members"][0].user
    newcomer = make_user("moi")
    with pytest.raises(services.PermissionDenied):
        services.add_member(chair, council, newcomer, "member", dt.date(2024, 1, 1))
    with pytest.raises(services.CouncilError, match="đã là thành viên"):
        services.add_member(office, council, chair, "member", dt.date(2024, 1, 1))
    with pytest.raises(services.CouncilError, match="Chức danh"):
        services.add_member(office, council, newcomer, "boss", dt.date(2024, 1, 1))
    seat = services.add_member(office, council, newcomer, "member", dt.date(2025, 2, 1))
    # Not yet in the term on the meeting's date (6 January 2025): not counted.
    assert services.member_of(newcomer, council, s["meeting"].held_on) is None
    assert services.member_of(newcomer, council, dt.date(2025, 2, 1)) == seat
    services.end_term(office, s["members"][2], dt.date(2024, 12, 31))
    assert services.active_members(council, s["meeting"].held_on).count() == 2
    other_office = make_user("vp2", role=Role.STANDING_OFFICE, unit=s["other"])
    with pytest.raises(services.PermissionDenied):
        services.create_council(other_office, s["so"], "Hội đồng khác")


def test_agenda_takes_only_accepted_nominations_of_the_agency_and_level():
    s = council_setup(members=3)
    meeting, office = s["meeting"], s["office"]
    draft = Nomination.objects.create(plan=s["plan"], year=2024, unit=s["btxh"],
                                      subject=s["mai"].subject, level="agency")
    with pytest.raises(services.CouncilError, match="đã được chấp nhận"):
        services.add_item(office, meeting, draft)
    provincial = accepted(s, s["tuan"].subject, level="province", unit=s["vp"])
    with pytest.raises(services.CouncilError, match="cấp khác"):
        services.add_item(office, meeting, provincial)
    services.add_item(office, meeting, s["noms"]["hoa"])
    with pytest.raises(services.CouncilError, match="đã có trong chương trình"):
        services.add_item(office, meeting, s["noms"]["hoa"])
    second = services.create_meeting(office, s["council"], "Họp khác", meeting.held_on,
                                     "agency", plan=s["plan"])
    with pytest.raises(services.CouncilError, match="đã có trong chương trình"):
        services.add_item(office, second, s["noms"]["hoa"])
    item = services.add_item(office, meeting, s["noms"]["ldvl"])
    assert item.position == 2
    services.remove_item(office, meeting.items.get(position=1))
    item.refresh_from_db()
    assert item.position == 1


def test_automatic_recusal_of_the_nominee_and_of_the_nominated_units_head():
    s = council_setup(members=4)
    office = s["office"]
    # Link member 3 to the nominee herself and member 4 to the head of the nominated unit.
    s["members"][2].person = s["hoa"]
    s["members"][2].save()
    s["members"][3].person = s["dung"]
    s["members"][3].save()
    hoa = services.add_item(office, s["meeting"], s["noms"]["hoa"])
    ldvl = services.add_item(office, s["meeting"], s["noms"]["ldvl"])
    assert list(Recusal.objects.filter(item=hoa).values_list("member_id", "kind")) == [
        (s["members"][2].pk, "auto")]
    assert list(Recusal.objects.filter(item=ldvl).values_list("member_id", "kind")) == [
        (s["members"][3].pk, "auto")]


# -- screens ------------------------------------------------------------------------------
def test_screens_meeting_flow_vote_receipt_minutes(client):
    s = council_setup(members=3)
    office, meeting = s["office"], s["meeting"]
    login(client, office)
    page = client.get("/council/").content.decode()
    assert s["council"].name in page
    page = client.get(f"/council/meetings/{meeting.pk}/").content.decode()
    assert "Nguyễn Thị Hoa (LC001)" in page and "Chưa đủ số thành viên có mặt" in page
    client.post(f"/council/meetings/{meeting.pk}/items/add/", {
        "version": meeting.version, "nomination": s["noms"]["hoa"].pk})
    meeting.refresh_from_db()
    client.post(f"/council/meetings/{meeting.pk}/attendance/", {
        "version": meeting.version,
        "present": [m.pk for m in s["members"]]})
    meeting.refresh_from_db()
    response = client.post(f"/council/meetings/{meeting.pk}/open/", {
        "version": meeting.version, "mode": "electronic",
        "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE + "x"})
    assert response.status_code == 400 and "không khớp" in response.content.decode()
    assert not Ballot.objects.exists()
    response = client.post(f"/council/meetings/{meeting.pk}/open/", {
        "version": meeting.version, "mode": "electronic",
        "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE}, follow=True)
    assert "Đã mở bỏ phiếu." in response.content.decode()
    item = meeting.items.get()

    login(client, s["members"][1].user)
    page = client.get(f"/council/meetings/{meeting.pk}/vote/").content.decode()
    assert f'name="item_{item.pk}"' in page and "Đồng ý" in page
    response = client.post(f"/council/meetings/{meeting.pk}/vote/", {f"item_{item.pk}": "yes"})
    code = response.content.decode().split('id="receipt-code">')[1].split("<")[0]
    assert services.verify_receipt(code)["counted"] is False
    response = client.post(f"/council/meetings/{meeting.pk}/vote/", {f"item_{item.pk}": "no"},
                           follow=True)
    assert "không có nội dung nào cần biểu quyết" in response.content.decode()
    # The meeting page while open shows turnout, no result.
    page = client.get(f"/council/meetings/{meeting.pk}/").content.decode()
    assert 'class="turnout">1<' in page and "Không đạt" not in page and 'class="result"' not in page
    assert client.get(f"/council/meetings/{meeting.pk}/minutes.docx").status_code == 404

    login(client, s["members"][1].user)  # the secretary closes
    meeting.refresh_from_db()
    # Two members have not voted: the secretary is asked again (the passphrase too, never
    # echoed back into the page), nothing is closed.
    response = client.post(f"/council/meetings/{meeting.pk}/close/",
                           {"version": meeting.version, "passphrase": PASSPHRASE})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Còn 2 thành viên chưa bỏ phiếu" in page
    assert 'name="passphrase"' in page and PASSPHRASE not in page
    assert Ballot.objects.get().status == Ballot.OPEN
    response = client.post(f"/council/meetings/{meeting.pk}/close/", {
        "version": meeting.version, "confirm": "on", "passphrase": "không phải cụm mật khẩu"})
    assert response.status_code == 400 and "không đúng" in response.content.decode()
    assert Ballot.objects.get().status == Ballot.OPEN
    response = client.post(f"/council/meetings/{meeting.pk}/close/", {
        "version": meeting.version, "confirm": "on", "passphrase": PASSPHRASE}, follow=True)
    assert "Đã kết thúc bỏ phiếu" in response.content.decode()
    response = client.get(f"/council/meetings/{meeting.pk}/minutes.docx")
    doc = Document(io.BytesIO(response.content))
    assert "BIÊN BẢN KIỂM PHIẾU" in "\n".join(p.text for p in doc.paragraphs)


def test_reading_room_and_dossier_files_by_council_membership(client, make_user):
    s = council_setup(members=3)
    meeting = s["meeting"]
    services.add_item(s["office"], meeting, s["noms"]["hoa"])
    item = meeting.items.get()
    doc = DossierFile(nomination=s["noms"]["hoa"], kind="report", file_name="bao-cao.pdf",
                      content_type="application/pdf", size=8)
    doc.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4"), save=True)
    url = f"/council/meetings/{meeting.pk}/items/{item.pk}/files/{doc.pk}/"
    login(client, s["members"][2].user)
    page = client.get(f"/council/meetings/{meeting.pk}/reading-room/").content.decode()
    assert "bao-cao.pdf" in page and "Nguyễn Thị Hoa" in page
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4"
    # A unit officer of the agency, an outsider of another agency: not found.
    officer = make_user("cbdv", role=Role.UNIT_OFFICER, unit=s["ldvl"])
    outsider = make_user("ngoai", role=Role.COUNCIL_MEMBER, unit=s["other"])
    for account in (officer, outsider):
        login(client, account)
        assert client.get(f"/council/meetings/{meeting.pk}/reading-room/").status_code == 404
        assert client.get(url).status_code == 404
        assert client.get(f"/council/meetings/{meeting.pk}/").status_code == 404
        assert client.get(f"/council/meetings/{meeting.pk}/vote/").status_code == 404
    # A member may not run the meeting: the manage operations are not found.
    login(client, s["members"][2].user)
    response = client.post(f"/council/meetings/{meeting.pk}/close/",
                           {"version": meeting.version})
    assert response.status_code == 404


def test_refusals_on_screens_are_vietnamese_messages(client):
    s = council_setup(members=3)
    meeting = s["meeting"]
    services.add_item(s["office"], meeting, s["noms"]["hoa"])
    meeting.refresh_from_db()
    login(client, s["office"])
    response = client.post(f"/council/meetings/{meeting.pk}/open/", {
        "version": meeting.version, "mode": "electronic",
        "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE})
    assert response.status_code == 400
    assert "Chưa đủ số thành viên có mặt: 0/3" in response.content.decode()
    assert not Ballot.objects.exists()


# -- API ----------------------------------------------------------------------------------
def test_api_vote_twice_conflict_results_only_after_close(client):
    s = council_setup(members=3)
    meeting = s["meeting"]
    services.add_item(s["office"], meeting, s["noms"]["hoa"])
    meeting.refresh_from_db()
    meeting = services.set_attendance(s["office"], meeting, meeting.version, s["members"])
    item = meeting.items.get()
    login(client, s["office"])
    base = f"/api/council/meetings/{meeting.pk}/"
    response = client.post(base + "open/", {"version": meeting.version, "mode": "electronic"},
                           content_type="application/json")
    assert response.status_code == 400 and "ít nhất 12 ký tự" in str(response.json())
    response = client.post(base + "open/", {"version": meeting.version, "mode": "electronic",
                                            "passphrase": PASSPHRASE},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "voting"
    assert PASSPHRASE not in response.content.decode()
    login(client, s["members"][0].user)
    response = client.post(base + "vote/", {"choices": {str(item.pk): "yes"}},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["receipt"].startswith(
        f"{meeting.ballot.pk}-")
    response = client.post(base + "vote/", {"choices": {str(item.pk): "no"}},
                           content_type="application/json")
    assert response.status_code == 409 and "đã bỏ phiếu" in response.json()["detail"]
    data = client.get(base).json()
    assert data["items"][0]["result"] is None and data["turnout"] == {str(item.pk): 1}
    version = client.get(base).json()["version"]
    for garbage in ({}, {"version": "abc"}):
        response = client.post(base + "close/", garbage, content_type="application/json")
        assert response.status_code == 400
    response = client.post(base + "close/", {"version": version, "passphrase": PASSPHRASE},
                           content_type="application/json")
    assert response.status_code == 409 and "Còn 2 thành viên chưa bỏ phiếu" in \
        response.json()["detail"]
    response = client.post(base + "close/", {"version": version, "confirm": True,
                                             "passphrase": "sai cụm mật khẩu rồi"},
                           content_type="application/json")
    assert response.status_code == 400 and "không đúng" in str(response.json())
    assert client.get(base).json()["status"] == "voting"
    response = client.post(base + "close/", {"version": version, "confirm": True,
                                             "passphrase": PASSPHRASE},
                           content_type="application/json")
    assert response.status_code == 200  # the chair closes
    data = client.get(base).json()
    assert data["items"][0]["result"]["yes"] == 1 and data["ballot"]["tally_hash"]
    assert data["items"][0]["result"]["passed"] is False  # 1 of 3 is not more than half


def test_api_outsider_sees_nothing_and_paper_counts_refused(client, make_user):
    s = council_setup(members=3)
    meeting = s["meeting"]
    outsider = make_user("ngoai", role=Role.STANDING_OFFICE, unit=s["other"])
    login(client, outsider)
    assert client.get(f"/api/council/meetings/{meeting.pk}/").status_code == 404
    assert client.get("/api/council/meetings/").json()["results"] == []
    services.add_item(s["office"], meeting, s["noms"]["hoa"])
    meeting.refresh_from_db()
    meeting = services.set_attendance(s["office"], meeting, meeting.version, s["members"])
    services.open_ballot(s["office"], meeting, meeting.version, "paper")
    item = AgendaItem.objects.get(meeting=meeting)
    login(client, s["office"])
    response = client.post(f"/api/council/meetings/{meeting.pk}/paper-count/",
                           {"item": item.pk, "issued": 3, "valid": 3, "yes": 1, "no": 1},
                           content_type="application/json")
    assert response.status_code == 400 and "không bằng số phiếu hợp lệ" in str(response.json())
    assert Meeting.objects.get(pk=meeting.pk).status == "voting"


def test_service_api_for_decisions_is_documented():
    doc = services.__doc__
    for name in ("item_result", "passed_items", "nomination_passed", "cast_votes",
                 "close_ballot"):
        assert name in doc and callable(getattr(services, name))


def test_navigation_shows_the_council_entry(client):
    s = council_setup(members=1)
    login(client, s["members"][0].user)
    assert 'id="nav-council"' in client.get("/").content.decode()
    login(client, user("khach"))
    assert 'id="nav-council"' not in client.get("/").content.decode()


def test_member_declares_recusal_on_the_vote_page(client):
    s = council_setup(members=3)
    meeting = s["meeting"]
    item = services.add_item(s["office"], meeting, s["noms"]["hoa"])
    login(client, s["members"][2].user)
    response = client.post(f"/council/meetings/{meeting.pk}/recuse/",
                           {"item": item.pk, "reason": "Là người thân"},
                           follow=True)
    page = response.content.decode()
    assert "bạn không tham gia biểu quyết nội dung này" in page
    assert 'id="my-recusals"' in page
    recusal = Recusal.objects.get(item=item)
    assert (recusal.member, recusal.kind, recusal.reason) == (s["members"][2], "declared",
                                                              "Là người thân")
