"""Replication screens (issue 12, items 3–5): the media log, good models and where they
spread, adoptions with progress and evaluation, pledges to their review, study visits,
conferences with the invitation and programme as DOCX; scope and bad input."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from dienhinh.replication import services
from dienhinh.replication.models import Adoption, Conference, MediaItem, Pledge, StudyVisit
from tests.factories.replication import replication_setup

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def s():
    return replication_setup()


def _client(client, user):
    client.force_login(user)
    return client


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)


APRIL = D(2025, 4, 1)


def _adopt(s, unit, started=APRIL, user=None):
    return services.register_adoption(user or s["office"], model=s["model"], unit=unit,
                                      target="Giảm thời gian giải quyết hồ sơ",
                                      started_on=started)


# -- adoption's progress reaches the model's page and the counts ("Shown by") ------------------
def test_adoption_progress_reaches_the_model_page_and_the_counts(client, s):
    c = _client(client, s["officer_btxh"])
    r = c.post(reverse("model_adopt", args=[s["model"].pk]), {
        "unit": s["btxh"].code, "target": "Tư vấn việc làm tại một đầu mối",
        "target_value": "120", "target_measure": "lượt tư vấn", "started_on": "01/04/2025"})
    a = Adoption.objects.get(unit=s["btxh"])
    assert r.status_code == 302 and r["Location"] == reverse("adoption_detail", args=[a.pk])
    assert (a.learned_from, a.target_value) == (s["ldvl"].subject, 120)
    r = c.post(reverse("adoption_progress", args=[a.pk]),
               {"version": a.version, "on": "02/05/2025", "note": "Bố trí đầu mối",
                "percent": "40"})
    assert r.status_code == 302
    page = _client(client, s["office"]).get(reverse("model_detail", args=[s["model"].pk]))
    html = page.content.decode()
    assert "Phòng Bảo trợ xã hội" in html and "01/04/2025" in html
    assert "02/05/2025 — 40%" in html and "Đang triển khai" in html
    lst = client.get(reverse("model_list")).content.decode()
    assert ">2025</th>" in lst
    assert services.adoption_counts(s["so"]) == {s["model"].pk: {2025: 1}}
    # evaluation closes it; the page shows the result
    a.refresh_from_db()
    r = _client(client, s["officer_btxh"]).post(
        reverse("adoption_evaluate", args=[a.pk]),
        {"version": a.version, "rating": "effective", "result": "Giảm một nửa thời gian",
         "evaluated_on": "30/11/2025"})
    assert r.status_code == 302
    html = client.get(reverse("model_detail", args=[s["model"].pk])).content.decode()
    assert "Hiệu quả: Giảm một nửa thời gian (30/11/2025)" in html


def test_adoption_bad_input_is_refused_in_vietnamese(client, s):
    c = _client(client, s["office"])
    url = reverse("model_adopt", args=[s["model"].pk])
    base = {"unit": s["btxh"].code, "target": "Áp dụng", "started_on": "01/04/2025"}
    r = c.post(url, {**base, "target_value": "0"})
    assert r.status_code == 400 and "Chỉ tiêu phải lớn hơn 0" in r.content.decode()
    r = c.post(url, {**base, "unit": s["ldvl"].code})  # the model's own unit
    assert r.status_code == 400
    assert "Đơn vị chủ mô hình không tự đăng ký" in r.content.decode()
    r = c.post(url, {**base, "unit": s["other_div"].code})
    assert r.status_code == 400
    assert "không thuộc phạm vi bạn được thao tác" in r.content.decode()
    r = c.post(url, {**base, "started_on": "31/02/2025"})
    assert r.status_code == 400 and "dd/mm/yyyy" in r.content.decode()
    assert not Adoption.objects.exists()
    a = _adopt(s, s["btxh"])
    r = c.post(reverse("adoption_evaluate", args=[a.pk]),
               {"version": a.version, "rating": "effective", "result": "Tốt",
                "evaluated_on": "01/03/2025"})  # before it started
    assert r.status_code == 400 and "bắt đầu ngày 01/04/2025" in r.content.decode()
    r = c.post(reverse("adoption_progress", args=[a.pk]),
               {"version": a.version + 5, "on": "02/05/2025", "note": "Bước 1"})
    assert r.status_code == 409
    r = c.post(reverse("adoption_progress", args=[a.pk]),
               {"version": a.version, "on": "02/05/2025", "note": "Bước 1", "percent": "140"})
    assert r.status_code == 400 and "từ 0 đến 100%" in r.content.decode()
    assert not a.progress.exists()


def test_objects_out_of_scope_are_not_found(client, s):
    a = _adopt(s, s["btxh"])
    c = _client(client, s["outsider"])
    for name, pk in (("model_detail", s["model"].pk), ("adoption_detail", a.pk)):
        assert c.get(reverse(name, args=[pk])).status_code == 404
    assert s["model"].title not in c.get(reverse("model_list")).content.decode()
    r = c.post(reverse("adoption_progress", args=[a.pk]),
               {"version": a.version, "on": "02/05/2025", "note": "x"})
    assert r.status_code == 404
    # the unit officer of another division may read but not act
    other = _client(client, s["officer_btxh"])
    b = _adopt(s, s["vp"])
    assert other.get(reverse("adoption_detail", args=[b.pk])).status_code == 404


# -- media log -----------------------------------------------------------------------------------
def test_media_log_create_edit_and_list(client, s):
    c = _client(client, s["editor"])
    r = c.post(reverse("media_new"), {
        "agency": s["so"].code, "outlet_kind": "radio", "outlet_name": "Đài PT-TH Lào Cai",
        "published_on": "10/02/2025", "title": "Gương sáng tư vấn việc làm",
        "exemplars": [s["hoa"].subject.pk], "good_models": [s["model"].pk]})
    assert r.status_code == 302, r.content.decode()[:2000]
    item = MediaItem.objects.get()
    assert list(item.exemplars.all()) == [s["hoa"].subject]
    r = c.post(reverse("media_edit", args=[item.pk]), {
        "version": item.version, "outlet_kind": "press", "outlet_name": "Báo Lào Cai",
        "published_on": "11/02/2025", "title": "Gương sáng", "exemplars": [],
        "good_models": [s["model"].pk]})
    assert r.status_code == 302
    item.refresh_from_db()
    assert (item.outlet_kind, item.version, item.exemplars.count()) == ("press", 2, 0)
    r = c.post(reverse("media_edit", args=[item.pk]), {
        "version": 1, "outlet_kind": "tv", "outlet_name": "VTV", "published_on": "11/02/2025",
        "title": "Cũ"})
    assert r.status_code == 409 and "người khác thay đổi" in r.content.decode()
    html = c.get(reverse("media_list") + "?year=2025").content.decode()
    assert "Gương sáng" in html and "11/02/2025" in html and "Báo chí" in html
    counts = html[html.index('id="media-counts"'):html.index('id="media-table"')]
    # one row for 2025: radio 0, press 1, …, total 1 (the figures the reports count)
    assert "<td>2025</td><td class=\"text-end\">0</td><td class=\"text-end\">1</td>" in counts
    services.log_media(s["editor"], agency=s["so"], outlet_kind="radio", outlet_name="Đài",
                       published_on=D(2024, 5, 1), title="Theo kế hoạch", plan=s["plan"])
    html = c.get(reverse("media_list") + f"?plan={s['plan'].pk}").content.decode()
    assert "Theo kế hoạch" in html and "Gương sáng" not in html
    assert "<td>2024</td>" in html and "<td>2025</td>" not in html
    future = (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    r = c.post(reverse("media_new"), {"agency": s["so"].code, "outlet_kind": "radio",
                                      "outlet_name": "Đài", "published_on": future,
                                      "title": "Tin"})
    assert r.status_code == 400 and "còn ở tương lai" in r.content.decode()
    # a unit officer does not keep the media log
    assert _client(client, s["officer_btxh"]).get(reverse("media_new")).status_code == 403


# -- pledges -------------------------------------------------------------------------------------
def test_pledge_created_and_reviewed_through_the_screens(client, s):
    c = _client(client, s["officer_btxh"])
    r = c.post(reverse("pledge_new"), {
        "person": s["mai"].code, "exemplar": s["hoa"].subject.pk,
        "content": "Học tập cách tư vấn việc làm", "pledged_on": "01/04/2025",
        "review_due": "01/03/2025"})
    assert r.status_code == 400 and "Hạn đánh giá (01/03/2025) trước ngày đăng ký" in \
        r.content.decode()
    r = c.post(reverse("pledge_new"), {
        "person": s["mai"].code, "exemplar": s["hoa"].subject.pk,
        "content": "Học tập cách tư vấn việc làm", "pledged_on": "01/04/2025",
        "review_due": "31/12/2025"})
    p = Pledge.objects.get()
    assert r.status_code == 302 and p.unit == s["btxh"]
    # the pledging unit cannot review itself: no form, and a POST is refused
    page = c.get(reverse("pledge_detail", args=[p.pk])).content.decode()
    assert 'id="review-form"' not in page
    r = c.post(reverse("pledge_review", args=[p.pk]), {
        "version": p.version, "outcome": "achieved", "reviewed_on": "31/12/2025"})
    assert r.status_code == 403
    office = _client(client, s["office"])
    assert "Đến hạn đánh giá" in office.get(reverse("pledge_list")).content.decode()
    r = office.post(reverse("pledge_review", args=[p.pk]), {
        "version": p.version, "outcome": "achieved", "note": "Đạt",
        "reviewed_on": "31/12/2025"})
    p.refresh_from_db()
    assert r.status_code == 302 and p.status == Pledge.REVIEWED


# -- study visits --------------------------------------------------------------------------------
def test_study_visit_with_a_follow_up_adoption(client, s):
    c = _client(client, s["office"])
    r = c.post(reverse("visit_new"), {
        "agency": s["so"].code, "exemplar": s["ldvl"].subject.pk,
        "visiting_units": [s["btxh"].code, s["vp"].code, ""], "visited_on": "20/04/2025",
        "participants": "18", "lessons": "Một đầu mối"})
    assert r.status_code == 302, r.content.decode()[:3000]
    visit = StudyVisit.objects.get()
    assert set(visit.visiting_units.all()) == {s["btxh"], s["vp"]}
    r = c.post(reverse("model_adopt", args=[s["model"].pk]), {
        "unit": s["btxh"].code, "target": "Áp dụng quy trình", "started_on": "10/04/2025",
        "study_visit": visit.pk})
    assert r.status_code == 400 and "trước chuyến tham quan" in r.content.decode()
    r = c.post(reverse("model_adopt", args=[s["model"].pk]), {
        "unit": s["btxh"].code, "target": "Áp dụng quy trình", "started_on": "01/05/2025",
        "study_visit": visit.pk})
    assert r.status_code == 302
    html = c.get(reverse("visit_detail", args=[visit.pk])).content.decode()
    assert "Phòng Bảo trợ xã hội — Một cửa việc làm" in html
    r = c.post(reverse("visit_new"), {
        "agency": s["so"].code, "exemplar": s["ldvl"].subject.pk,
        "visiting_units": [s["other_div"].code], "visited_on": "20/04/2025",
        "participants": "0"})
    body = r.content.decode()
    assert r.status_code == 400 and "ít nhất là 1" in body and \
        "không thuộc phạm vi bạn được thao tác" in body


# -- conferences ---------------------------------------------------------------------------------
def test_conference_programme_honourees_attendance_and_documents(client, s):
    c = _client(client, s["office"])
    r = c.post(reverse("conference_new"), {
        "agency": s["so"].code, "kind": "mid_term", "plan": s["plan"].pk,
        "title": "Hội nghị điển hình tiên tiến sơ kết 3 năm", "held_on": "15/05/2025",
        "starts_at": "08:00", "venue": "Hội trường Sở", "number": "25/GM-SLĐTBXH",
        "place": "Lào Cai", "signer_title": "GIÁM ĐỐC", "signer_name": "Vũ Văn Thắng"})
    assert r.status_code == 302
    conf = Conference.objects.get()
    url = reverse("conference_honour", args=[conf.pk])
    r = c.post(url, {"version": conf.version, "exemplar": s["hoa"].subject.pk,
                     "speaks": "on", "topic": "Tư vấn việc làm cho lao động nông thôn"})
    assert r.status_code == 302
    conf.refresh_from_db()
    r = c.post(url, {"version": conf.version, "exemplar": s["mai"].subject.pk})
    assert r.status_code == 400  # never recognised: not a choice
    honouree = conf.honourees.get()
    for time, title in (("08:00", "Khai mạc"), ("08:30", "Tham luận của điển hình")):
        conf.refresh_from_db()
        assert c.post(reverse("conference_programme", args=[conf.pk]), {
            "version": conf.version, "starts_at": time, "title": title,
            "presenter": "" if title == "Khai mạc" else "Nguyễn Thị Hoa"}).status_code == 302
    conf.refresh_from_db()
    assert c.post(reverse("conference_invite", args=[conf.pk]), {
        "version": conf.version, "unit": s["btxh"].code}).status_code == 302
    conf.refresh_from_db()
    assert c.post(reverse("conference_invite", args=[conf.pk]), {
        "version": conf.version, "name": "Đại diện Liên đoàn Lao động tỉnh"}).status_code == 302
    conf.refresh_from_db()
    invited = list(conf.invitees.order_by("pk"))
    r = c.post(reverse("conference_outcome", args=[conf.pk]), {
        "version": conf.version, "attendance": "80", "conclusions": "Nhân rộng mô hình",
        "present": [invited[0].pk]})
    assert r.status_code == 302
    conf.refresh_from_db()
    assert conf.status == "held" and [i.attended for i in conf.invitees.order_by("pk")] == [
        True, False]
    html = c.get(reverse("conference_detail", args=[conf.pk])).content.decode()
    assert "Nguyễn Thị Hoa" in html and "80 đại biểu dự" in html

    r = c.get(reverse("conference_invitation_docx", args=[conf.pk]))
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.docx"')
    text = _docx_text(r.content)
    for expected in ("GIẤY MỜI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 25/GM-SLĐTBXH",
                     "Phòng Bảo trợ xã hội", "Đại diện Liên đoàn Lao động tỉnh",
                     "08 giờ 00, ngày 15 tháng 5 năm 2025", "Hội trường Sở",
                     "Nguyễn Thị Hoa (Quyết định số 1/QĐ-SLĐTBXH ngày 10/03/2025)",
                     "Nơi nhận:", "GIÁM ĐỐC", "Vũ Văn Thắng"):
        assert expected in text, expected
    text = _docx_text(c.get(reverse("conference_programme_docx", args=[conf.pk])).content)
    for expected in ("CHƯƠNG TRÌNH", "Kèm theo Giấy mời số 25/GM-SLĐTBXH", "08:30",
                     "Tham luận của điển hình", "Nguyễn Thị Hoa", "Khai mạc"):
        assert expected in text, expected
    assert honouree.recognition.decision == s["decision"]
    # outsiders get neither the page nor the documents
    out = _client(client, s["outsider"])
    assert out.get(reverse("conference_invitation_docx", args=[conf.pk])).status_code == 404


def test_every_list_page_answers_in_vietnamese(client, s):
    _adopt(s, s["btxh"])
    c = _client(client, s["office"])
    for name in ("replication_home", "media_list", "model_list", "pledge_list", "visit_list",
                 "conference_list", "model_new", "pledge_new", "visit_new", "conference_new",
                 "media_new"):
        r = c.get(reverse(name))
        assert r.status_code == 200, name
        assert "Unit" not in r.content.decode()  # one language
    home = c.get(reverse("home")).content.decode()
    assert reverse("replication_home") in home


def test_the_dashboard_shows_where_models_spread(client, s):
    _adopt(s, s["btxh"])
    _adopt(s, s["vp"], started=D(2024, 9, 1))
    html = _client(client, s["office"]).get(reverse("replication_home")).content.decode()
    table = html[html.index('id="spread-summary"'):]
    assert "Một cửa việc làm" in table and ">2024</th>" in table and ">2025</th>" in table
    start = table.index("Một cửa việc làm")
    row = table[start:table.index("</tr>", start)]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[2:5]] == ["2", "1", "1"]


def test_a_unit_learns_from_the_owner_or_from_a_unit_that_adopted(client, s):
    first = _adopt(s, s["vp"])
    c = _client(client, s["office"])
    url = reverse("model_adopt", args=[s["model"].pk])
    form = c.get(url).content.decode()
    assert "Văn phòng Sở" in form[form.index('name="learned_from"'):]
    r = c.post(url, {"unit": s["btxh"].code, "target": "Áp dụng", "started_on": "01/05/2025",
                     "learned_from": s["vp"].subject.pk})
    assert r.status_code == 302
    assert Adoption.objects.get(unit=s["btxh"]).learned_from == s["vp"].subject
    # someone who never had the model is not a choice of the form, and the service says why
    with pytest.raises(services.Refused, match="không phải chủ mô hình"):
        services.register_adoption(s["office"], model=s["model"], unit=s["btxh"], target="x",
                                   started_on=D(2025, 5, 1), learned_from=s["hoa"].subject)
    assert first.learned_from == s["ldvl"].subject


def add_replication_rows(s, k):
    """The k-th of each kind: media item, pledge, study visit, conference, model,
    adoption (also the list query counts' rows, tests/test_list_queries.py)."""
    units = [s["btxh"], s["vp"]]
    services.log_media(s["editor"], agency=s["so"], outlet_kind="radio",
                       outlet_name=f"Đài {k}", published_on=D(2025, 1, 1 + k),
                       title=f"Tin {k}", exemplars=[s["hoa"].subject, s["ldvl"].subject],
                       good_models=[s["model"]])
    services.create_pledge(s["office"], unit=None if k == 0 else units[k % 2],
                           person=s["mai"] if k == 0 else None,
                           exemplar=s["hoa"].subject, content=f"Đăng ký {k}",
                           pledged_on=D(2025, 2, 1), review_due=D(2025, 12, 31))
    services.record_visit(s["office"], agency=s["so"], host=s["ldvl"].subject,
                          visiting_units=units, visited_on=D(2025, 3, 1 + k),
                          participants=5)
    conf = services.create_conference(s["office"], agency=s["so"], kind="final",
                                      title=f"Hội nghị {k}", held_on=D(2025, 5, 1 + k),
                                      venue="Hội trường")
    services.add_honouree(conf, s["office"], conf.version, subject=s["hoa"].subject)
    model = services.create_model(s["office"], agency=s["so"], title=f"Mô hình {k}",
                                  owner=s["ldvl"].subject)
    services.register_adoption(s["office"], model=model, unit=units[k % 2],
                               target="Áp dụng", started_on=D(2025, 4, 1))


def _fill(s, n):
    """n of each kind of object, for the query counts."""
    for k in range(n):
        add_replication_rows(s, k)


LISTS = ("replication_home", "media_list", "model_list", "pledge_list", "visit_list",
         "conference_list")


def _queries(client, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(name)).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_query_per_row(client, s):
    c = _client(client, s["office"])
    _fill(s, 1)
    one = {name: _queries(c, name) for name in LISTS}
    _fill(s, 2)
    three = {name: _queries(c, name) for name in LISTS}
    assert three == one


# -- a conference being prepared is edited line by line; a visit's units and date --------------
def test_conference_lines_are_edited_and_removed_on_the_screen(client, s):
    conf = services.create_conference(s["office"], agency=s["so"], kind="mid_term",
                                      title="Hội nghị sơ kết", held_on=D(2025, 5, 15),
                                      venue="Hội trường Sở")
    for title in ("Khai mạc", "Tham luận"):
        services.add_programme_item(conf, s["office"], conf.version, title=title)
        conf.refresh_from_db()
    invitee = services.invite(conf, s["office"], conf.version, name="Đại diện Công đoàn")
    conf.refresh_from_db()
    c = _client(client, s["office"])
    page = c.get(reverse("conference_detail", args=[conf.pk])).content.decode()
    first = conf.programme.get(title="Khai mạc")
    assert reverse("conference_programme_edit", args=[conf.pk, first.pk]) in page
    assert reverse("conference_invitee_remove", args=[conf.pk, invitee.pk]) in page
    assert f'id="id_p{first.pk}_title"' in page  # each line's form has ids of its own
    r = c.post(reverse("conference_programme_edit", args=[conf.pk, first.pk]), {
        "version": conf.version, "title": "Khai mạc hội nghị", "starts_at": "07:30",
        "presenter": "Lãnh đạo Sở", "position": "2"})
    assert r.status_code == 302
    assert [i.title for i in conf.programme.all()] == ["Tham luận", "Khai mạc hội nghị"]
    # the page read before that change is stale now: 409 and a message, nothing written
    r = c.post(reverse("conference_invitee_remove", args=[conf.pk, invitee.pk]),
               {"version": conf.version})
    assert r.status_code == 409 and "đã được người khác thay đổi" in r.content.decode()
    conf.refresh_from_db()
    r = c.post(reverse("conference_invitee_edit", args=[conf.pk, invitee.pk]),
               {"version": conf.version, "unit": s["btxh"].code})
    assert r.status_code == 302 and conf.invitees.get().invited_unit == s["btxh"]
    conf.refresh_from_db()
    r = c.post(reverse("conference_invitee_edit", args=[conf.pk, invitee.pk]),
               {"version": conf.version, "unit": s["other_div"].code})
    assert r.status_code == 400 and "không thuộc phạm vi" in r.content.decode()
    r = c.post(reverse("conference_programme_remove", args=[conf.pk, first.pk]),
               {"version": "abc"})
    assert r.status_code == 400 and conf.programme.count() == 2
    r = c.post(reverse("conference_programme_remove", args=[conf.pk, first.pk]),
               {"version": conf.version})
    assert r.status_code == 302 and [i.title for i in conf.programme.all()] == ["Tham luận"]
    conf.refresh_from_db()
    r = c.post(reverse("conference_edit", args=[conf.pk]), {
        "version": conf.version, "kind": "final", "title": "Hội nghị tổng kết",
        "held_on": "02/06/2025", "starts_at": "08:00", "venue": "Hội trường tỉnh"})
    assert r.status_code == 302
    conf.refresh_from_db()
    assert (conf.title, conf.held_on) == ("Hội nghị tổng kết", D(2025, 6, 2))
    # out of scope: not found; an outsider's post changes nothing
    outsider = _client(type(client)(), s["outsider"])
    assert outsider.post(reverse("conference_programme_remove", args=[conf.pk, first.pk]),
                         {"version": conf.version}).status_code == 404
    # once held, the lines are the record: no edit forms, and a post is refused (409)
    conf = services.record_outcome(conf, s["office"], conf.version, attendance=30,
                                   conclusions="Nhân rộng")
    page = c.get(reverse("conference_detail", args=[conf.pk])).content.decode()
    assert reverse("conference_invitee_remove", args=[conf.pk, invitee.pk]) not in page
    assert "được giữ như đã diễn ra" in page
    r = c.post(reverse("conference_invitee_remove", args=[conf.pk, invitee.pk]),
               {"version": conf.version})
    assert r.status_code == 409 and "Đã tổ chức" in r.content.decode()


def test_study_visit_units_are_added_and_removed_on_the_screen(client, s):
    visit = services.record_visit(s["office"], agency=s["so"], host=s["ldvl"].subject,
                                  visiting_units=[s["btxh"]], visited_on=D(2025, 4, 20),
                                  participants=10)
    c = _client(client, s["office"])
    r = c.post(reverse("visit_unit_add", args=[visit.pk]),
               {"version": visit.version, "unit": s["vp"].code})
    assert r.status_code == 302
    visit.refresh_from_db()
    page = c.get(reverse("visit_detail", args=[visit.pk])).content.decode()
    assert reverse("visit_unit_remove", args=[visit.pk, s["vp"].pk]) in page
    r = c.post(reverse("visit_unit_remove", args=[visit.pk, s["vp"].pk]),
               {"version": visit.version})
    assert r.status_code == 302 and list(visit.visiting_units.all()) == [s["btxh"]]
    visit.refresh_from_db()
    r = c.post(reverse("visit_unit_remove", args=[visit.pk, s["btxh"].pk]),
               {"version": visit.version})
    assert r.status_code == 400 and "ít nhất một đơn vị" in r.content.decode()
    r = c.post(reverse("visit_update", args=[visit.pk]), {
        "version": visit.version, "participants": "12", "lessons": "Một đầu mối",
        "visited_on": "31/12/2099"})
    assert r.status_code == 400 and "tương lai" in r.content.decode()
    r = c.post(reverse("visit_update", args=[visit.pk]), {
        "version": visit.version, "participants": "12", "lessons": "Một đầu mối",
        "visited_on": "18/04/2025"})
    assert r.status_code == 302
    visit.refresh_from_db()
    assert (visit.visited_on, visit.participants) == (D(2025, 4, 18), 12)


def test_conference_page_reads_the_invitees_in_one_go(client, s):
    """The invitees' units (names on the page, codes in each line's form) come with the
    invitees: the page's queries do not grow with the list, while being prepared (a form
    per line) or after it was held (the attendance form)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dienhinh.orgs import services as orgs

    units = [orgs.create_unit(f"LC_X{k}", f"Phòng Thử {k}", "division", s["so"])
             for k in range(5)]
    c = _client(client, s["office"])

    def conference(invited):
        conf = services.create_conference(s["office"], agency=s["so"], kind="mid_term",
                                          title="Hội nghị sơ kết", held_on=D(2025, 5, 15),
                                          venue="Hội trường Sở")
        for unit in invited:
            conf.refresh_from_db()
            services.invite(conf, s["office"], conf.version, unit=unit)
        return conf

    def count(conf):
        with CaptureQueriesContext(connection) as ctx:
            page = c.get(reverse("conference_detail", args=[conf.pk]))
        assert page.status_code == 200
        return len(ctx.captured_queries), page.content.decode()

    one, five = conference(units[:1]), conference(units)
    (n_one, _), (n_five, page) = count(one), count(five)
    assert "Phòng Thử 4" in page and f'value="{units[4].code}"' in page
    assert n_five == n_one
    Conference.objects.filter(pk__in=[one.pk, five.pk]).update(status=Conference.Status.HELD)
    (n_one, _), (n_five, page) = count(one), count(five)
    assert "Phòng Thử 4" in page and n_five == n_one
