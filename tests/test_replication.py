"""Replication: good models, adoptions and their spread, pledges, media log, study
visits and conferences (issue 12, Deliver 3–5): services, screens and bad input."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from dienhinh import workflow
from dienhinh.replication import services
from dienhinh.replication.models import Adoption, Conference, MediaItem, Pledge
from tests.factories.replication import replication_setup

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def s():
    return replication_setup()


APRIL = D(2025, 4, 1)
YEAR_END = D(2025, 12, 31)


def _adopt(s, unit, started=APRIL, user=None):
    return services.register_adoption(user or s["office"], model=s["model"], unit=unit,
                                      target="Giảm thời gian giải quyết hồ sơ 30%",
                                      started_on=started)


# -- adoptions, their progress, the spread and the counts ----------------------------------------
def test_progress_reaches_the_spread_and_the_counts(s):
    a = _adopt(s, s["btxh"], user=s["officer_btxh"])
    assert a.learned_from == s["ldvl"].subject  # from whom: the model's owner by default
    a = services.record_progress(a, s["officer_btxh"], a.version, on=D(2025, 5, 2),
                                 note="Bố trí một đầu mối tiếp nhận", percent=40)
    assert a.status == Adoption.IN_PROGRESS
    rows = services.spread(s["model"])
    assert [(r.unit_name, r.since, r.status, r.last_percent, r.last_progress_on)
            for r in rows] == [("Phòng Bảo trợ xã hội", D(2025, 4, 1), "in_progress", 40,
                                D(2025, 5, 2))]
    b = _adopt(s, s["vp"], started=D(2024, 9, 1))
    services.evaluate_adoption(b, s["office"], b.version, rating="effective",
                               result="Rút ngắn 2 ngày", evaluated_on=D(2025, 2, 1))
    assert services.adoption_counts(s["so"]) == {s["model"].pk: {2024: 1, 2025: 1}}
    assert services.adoption_counts(s["so"], 2025) == {s["model"].pk: {2025: 1}}
    assert services.adoption_counts(s["other"]) == {}
    done = [r for r in services.spread(s["model"]) if r.status == "done"][0]
    assert (done.rating_label, done.result, done.evaluated_on) == (
        "Hiệu quả", "Rút ngắn 2 ngày", D(2025, 2, 1))


def test_abandoned_adoptions_are_not_counted_and_may_register_again(s):
    a = _adopt(s, s["btxh"])
    services.abandon_adoption(a, s["office"], a.version, reason="Đơn vị sáp nhập")
    assert services.adoption_counts(s["so"]) == {}
    again = _adopt(s, s["btxh"], started=D(2025, 6, 1))
    assert services.adoption_counts(s["so"]) == {s["model"].pk: {2025: 1}}
    with pytest.raises(workflow.GuardFailed, match="đã đăng ký"):
        _adopt(s, s["btxh"])
    assert again.status == Adoption.REGISTERED


def test_adoption_evaluated_before_it_started_is_refused(s):
    a = _adopt(s, s["btxh"])
    with pytest.raises(workflow.GuardFailed, match="bắt đầu ngày 01/04/2025"):
        services.evaluate_adoption(a, s["office"], a.version, rating="effective",
                                   result="Tốt", evaluated_on=D(2025, 3, 1))
    a.refresh_from_db()
    assert (a.status, a.evaluated_on, a.version) == (Adoption.REGISTERED, None, 1)
    # the database says so too, whatever path writes
    with pytest.raises(IntegrityError), transaction.atomic():
        Adoption.objects.filter(pk=a.pk).update(evaluated_on=D(2025, 1, 1))


def test_adoption_of_a_unit_out_of_scope_and_stale_versions(s):
    with pytest.raises(workflow.NotAllowed):
        _adopt(s, s["ldvl"], user=s["officer_btxh"])  # another division
    with pytest.raises(workflow.NotAllowed):
        _adopt(s, s["other_div"])
    a = _adopt(s, s["btxh"])
    services.record_progress(a, s["office"], 1, on=D(2025, 4, 5), note="Bước 1")
    with pytest.raises(workflow.StaleVersion):
        services.record_progress(a, s["office"], 1, on=D(2025, 4, 6), note="Bước 2")
    assert a.progress.count() == 1
    with pytest.raises(workflow.GuardFailed, match="chủ mô hình"):
        _adopt(s, s["ldvl"])


def test_evaluated_adoption_is_closed(s):
    a = _adopt(s, s["btxh"])
    a = services.evaluate_adoption(a, s["office"], a.version, rating="partly",
                                   result="Một phần", evaluated_on=D(2025, 6, 1))
    with pytest.raises(workflow.ForbiddenTransition):
        services.record_progress(a, s["office"], a.version, on=D(2025, 6, 2), note="Thêm")


# -- pledges -------------------------------------------------------------------------------------
def _pledge(s, user=None, unit=None, person=None, exemplar=None, due=YEAR_END):
    return services.create_pledge(user or s["office"], unit=unit, person=person,
                                  exemplar=exemplar or s["hoa"].subject,
                                  content="Học tập cách tư vấn việc làm",
                                  pledged_on=D(2025, 4, 1), review_due=due)


def test_pledges_are_tracked_to_their_review(s):
    p = _pledge(s, user=s["officer_btxh"], person=s["mai"])
    assert p.unit == s["btxh"] and p.recognition.decision == s["decision"]
    assert list(services.pledges_due(s["office"], D(2025, 12, 30))) == []
    assert list(services.pledges_due(s["office"], D(2025, 12, 31))) == [p]
    assert list(services.pledges_due(s["so"], D(2026, 1, 5))) == [p]
    assert list(services.pledges_due(s["outsider"], D(2026, 1, 5))) == []
    with pytest.raises(workflow.NotAllowed):  # the pledging unit does not review itself
        services.review_pledge(p, s["officer_btxh"], p.version, outcome="achieved",
                               reviewed_on=D(2025, 12, 31))
    p = services.review_pledge(p, s["office"], p.version, outcome="achieved",
                               note="Đạt", reviewed_on=D(2025, 12, 31))
    assert p.status == Pledge.REVIEWED
    assert list(services.pledges_due(s["office"], D(2026, 1, 5))) == []


def test_pledge_by_a_unit_out_of_scope_is_refused(s):
    with pytest.raises(workflow.NotAllowed, match="Văn phòng Sở Công Thương"):
        _pledge(s, user=s["office"], unit=s["other_div"])
    with pytest.raises(workflow.NotAllowed, match="Phòng Lao động"):
        _pledge(s, user=s["officer_btxh"], person=s["hoa"])
    assert not Pledge.objects.exists()


def test_pledge_to_follow_someone_never_recognised_is_refused(s):
    with pytest.raises(workflow.GuardFailed, match="Phạm Thị Mai.*chưa được công nhận"):
        _pledge(s, unit=s["vp"], exemplar=s["mai"].subject)
    with pytest.raises(workflow.GuardFailed, match="Hạn đánh giá"):
        _pledge(s, unit=s["vp"], due=D(2025, 3, 1))


# -- media log -----------------------------------------------------------------------------------
def test_media_counts_per_plan_and_period(s):
    for kind, day in (("radio", D(2024, 5, 1)), ("radio", D(2025, 1, 2)),
                      ("press", D(2025, 2, 3)), ("bulletin", D(2025, 3, 4))):
        services.log_media(s["editor"], agency=s["so"], outlet_kind=kind,
                           outlet_name="Đài PT-TH Lào Cai", published_on=day,
                           title="Gương sáng", plan=s["plan"], exemplars=[s["hoa"].subject],
                           good_models=[s["model"]])
    services.log_media(s["editor"], agency=s["so"], outlet_kind="tv", outlet_name="VTV",
                       published_on=D(2025, 1, 1), title="Không thuộc kế hoạch")
    counts = services.media_counts(s["office"], s["plan"], 2023, 2025)
    assert counts[2023]["total"] == 0
    assert (counts[2024]["radio"], counts[2024]["total"]) == (1, 1)
    assert (counts[2025]["radio"], counts[2025]["press"], counts[2025]["bulletin"],
            counts[2025]["tv"], counts[2025]["total"]) == (1, 1, 1, 0, 3)
    assert services.media_counts(s["office"], None, 2025, 2025)[2025]["total"] == 4
    assert services.media_counts(s["so"], s["plan"], 2025, 2025)[2025]["total"] == 3
    assert s["model"].media_items.count() == 4


def test_media_counts_are_scoped_to_the_reader(s):
    """Another agency's log is never counted, not even under a plan both cite."""
    services.log_media(s["editor"], agency=s["so"], outlet_kind="radio",
                       outlet_name="Đài PT-TH Lào Cai", published_on=D(2025, 1, 2),
                       title="Gương sáng", plan=s["plan"])
    elsewhere = services.log_media(s["outsider"], agency=s["other"], outlet_kind="press",
                                   outlet_name="Báo Hà Tĩnh", published_on=D(2025, 2, 3),
                                   title="Gương sáng Hà Tĩnh")
    MediaItem.objects.filter(pk=elsewhere.pk).update(plan=s["plan"])  # cites it anyway

    def total(scope, plan=s["plan"]):
        return services.media_counts(scope, plan, 2025, 2025)[2025]["total"]

    assert (total(s["office"]), total(s["so"])) == (1, 1)
    assert (total(s["outsider"]), total(s["other"])) == (1, 1)
    assert (total(s["office"], None), total(s["outsider"], None)) == (1, 1)
    assert total(s["officer_btxh"]) == 0  # a division reads its own log: none
    assert total(s["btxh"]) == 0


def test_media_item_refusals(s):
    with pytest.raises(workflow.NotAllowed):
        services.log_media(s["officer_btxh"], agency=s["so"], outlet_kind="radio",
                           outlet_name="Đài", published_on=D(2025, 1, 1), title="Tin")
    with pytest.raises(workflow.NotAllowed, match="Trần Thị Hà"):
        services.log_media(s["editor"], agency=s["so"], outlet_kind="radio",
                           outlet_name="Đài", published_on=D(2025, 1, 1), title="Tin",
                           exemplars=[s["ha"].subject])
    with pytest.raises(workflow.GuardFailed, match="Loại hình"):
        services.log_media(s["editor"], agency=s["so"], outlet_kind="tivi",
                           outlet_name="Đài", published_on=D(2025, 1, 1), title="Tin")
    assert not MediaItem.objects.exists()


# -- study visits and conferences ----------------------------------------------------------------
def test_study_visit_with_follow_up_adoption(s):
    visit = services.record_visit(s["office"], agency=s["so"], host=s["ldvl"].subject,
                                  visiting_units=[s["btxh"], s["vp"]], visited_on=D(2025, 4, 20),
                                  participants=18, lessons="Một đầu mối, một quy trình")
    a = services.register_adoption(s["officer_btxh"], model=s["model"], unit=s["btxh"],
                                   target="Áp dụng quy trình", started_on=D(2025, 5, 1),
                                   study_visit=visit)
    assert list(visit.follow_ups.all()) == [a]
    with pytest.raises(workflow.GuardFailed, match="ít nhất là 1"):
        services.record_visit(s["office"], agency=s["so"], host=s["ldvl"].subject,
                              visiting_units=[s["btxh"]], visited_on=D(2025, 4, 20),
                              participants=0)
    with pytest.raises(workflow.NotAllowed):
        services.record_visit(s["office"], agency=s["so"], host=s["ldvl"].subject,
                              visiting_units=[s["other_div"]], visited_on=D(2025, 4, 20),
                              participants=3)


def _conference(s):
    return services.create_conference(
        s["office"], agency=s["so"], plan=s["plan"], kind="mid_term",
        title="Hội nghị điển hình tiên tiến sơ kết 3 năm", held_on=D(2025, 5, 15),
        venue="Hội trường Sở", number="25/GM-SLĐTBXH", place="Lào Cai",
        signer_title="GIÁM ĐỐC", signer_name="Vũ Văn Thắng")


def test_conference_honourees_come_from_decisions(s):
    conf = _conference(s)
    h = services.add_honouree(conf, s["office"], conf.version, subject=s["hoa"].subject,
                              speaks=True, topic="Tư vấn việc làm cho lao động nông thôn")
    assert h.recognition.decision == s["decision"]
    conf.refresh_from_db()
    with pytest.raises(workflow.GuardFailed, match="Phạm Thị Mai.*không có trong quyết định"):
        services.add_honouree(conf, s["office"], conf.version, subject=s["mai"].subject)
    with pytest.raises(workflow.GuardFailed, match="đã có trong danh sách"):
        services.add_honouree(conf, s["office"], conf.version, subject=s["hoa"].subject)
    with pytest.raises(workflow.StaleVersion):
        services.add_honouree(conf, s["office"], 1, subject=s["ldvl"].subject)
    with pytest.raises(workflow.NotAllowed):
        services.add_honouree(conf, s["outsider"], conf.version, subject=s["ldvl"].subject)
    assert conf.honourees.count() == 1


def test_conference_attendance_and_conclusions(s):
    conf = _conference(s)
    a = services.invite(conf, s["office"], conf.version, unit=s["btxh"])
    conf.refresh_from_db()
    b = services.invite(conf, s["office"], conf.version, name="Đại diện Liên đoàn Lao động")
    conf.refresh_from_db()
    with pytest.raises(workflow.GuardFailed, match="kết luận"):
        services.record_outcome(conf, s["office"], conf.version, attendance=80, conclusions="",
                                present_ids=[a.pk])
    conf = services.record_outcome(conf, s["office"], conf.version, attendance=80,
                                   conclusions="Nhân rộng mô hình Một cửa việc làm",
                                   present_ids=[a.pk])
    assert conf.status == "held" and conf.attendance == 80
    assert {i.pk: i.attended for i in conf.invitees.all()} == {a.pk: True, b.pk: False}


# -- a conference being prepared is edited; once held it is the record ----------------------------
def _prepared(s):
    conf = _conference(s)
    for title in ("Khai mạc", "Tham luận", "Bế mạc"):
        services.add_programme_item(conf, s["office"], conf.version, title=title)
        conf.refresh_from_db()
    a = services.invite(conf, s["office"], conf.version, unit=s["btxh"])
    conf.refresh_from_db()
    b = services.invite(conf, s["office"], conf.version, name="Đại diện Liên đoàn Lao động")
    conf.refresh_from_db()
    return conf, a, b


def test_conference_programme_and_invitees_are_edited_and_removed(s):
    from dienhinh.audit.models import AuditEntry

    conf, a, b = _prepared(s)
    items = {i.title: i for i in conf.programme.all()}
    services.update_programme_item(conf, s["office"], conf.version, item=items["Bế mạc"].pk,
                                   title="Bế mạc hội nghị", starts_at=dt.time(11, 30),
                                   position=1)
    conf.refresh_from_db()
    assert [(i.position, i.title) for i in conf.programme.all()] == [
        (1, "Bế mạc hội nghị"), (2, "Khai mạc"), (3, "Tham luận")]
    services.remove_programme_item(conf, s["office"], conf.version, item=items["Khai mạc"].pk)
    conf.refresh_from_db()
    assert [(i.position, i.title) for i in conf.programme.all()] == [
        (1, "Bế mạc hội nghị"), (2, "Tham luận")]
    services.update_invitee(conf, s["office"], conf.version, invitee=b.pk, unit=s["vp"])
    conf.refresh_from_db()
    with pytest.raises(workflow.GuardFailed, match="đã có trong danh sách mời"):
        services.update_invitee(conf, s["office"], conf.version, invitee=a.pk, unit=s["vp"])
    services.remove_invitee(conf, s["office"], conf.version, invitee=a.pk)
    conf.refresh_from_db()
    assert [i.label for i in conf.invitees.all()] == ["Văn phòng Sở"]
    assert conf.version == 10  # each of the 9 changes a new version; the refusal none
    actions = list(AuditEntry.objects.filter(action__startswith="conference.")
                   .values_list("action", flat=True))
    for action in ("conference.programme_update", "conference.programme_remove",
                   "conference.invitee_update", "conference.invitee_remove"):
        assert action in actions


def test_conference_edits_are_versioned_scoped_and_closed_once_held(s):
    conf, a, b = _prepared(s)
    item = conf.programme.first()
    with pytest.raises(workflow.StaleVersion):
        services.remove_programme_item(conf, s["office"], conf.version - 1, item=item.pk)
    with pytest.raises(workflow.NotAllowed):
        services.remove_invitee(conf, s["outsider"], conf.version, invitee=a.pk)
    with pytest.raises(workflow.GuardFailed, match="không còn"):
        services.remove_invitee(conf, s["office"], conf.version, invitee=999_999)
    with pytest.raises(workflow.GuardFailed, match="Thứ tự phải từ 1 đến 3"):
        services.update_programme_item(conf, s["office"], conf.version, item=item.pk,
                                       title="X", position=9)
    with pytest.raises(workflow.GuardFailed, match="nội dung"):
        services.update_programme_item(conf, s["office"], conf.version, item=item.pk, title=" ")
    assert conf.programme.count() == 3 and conf.invitees.count() == 2
    assert Conference.objects.get(pk=conf.pk).version == conf.version  # nothing written
    conf = services.record_outcome(conf, s["office"], conf.version, attendance=40,
                                   conclusions="Nhân rộng", present_ids=[a.pk])
    with pytest.raises(workflow.ForbiddenTransition, match="Đã tổ chức"):
        services.remove_invitee(conf, s["office"], conf.version, invitee=a.pk)
    with pytest.raises(workflow.ForbiddenTransition, match="Đã tổ chức"):
        services.add_programme_item(conf, s["office"], conf.version, title="Thêm sau")
    assert conf.invitees.count() == 2


def test_conference_details_and_honourees_are_corrected(s):
    conf = _conference(s)
    h = services.add_honouree(conf, s["office"], conf.version, subject=s["hoa"].subject,
                              speaks=True, topic="Tư vấn việc làm")
    conf.refresh_from_db()
    services.add_programme_item(conf, s["office"], conf.version, title="Tham luận",
                                honouree=h)
    conf.refresh_from_db()
    with pytest.raises(workflow.GuardFailed, match="Nguyễn Thị Hoa.*Tham luận"):
        services.remove_honouree(conf, s["office"], conf.version, honouree=h.pk)
    with pytest.raises(workflow.GuardFailed, match="chủ đề"):
        services.update_honouree(conf, s["office"], conf.version, honouree=h.pk, speaks=True)
    h = services.update_honouree(conf, s["office"], conf.version, honouree=h.pk, speaks=False)
    assert (h.speaks, h.topic) == (False, "")
    conf.refresh_from_db()
    services.remove_programme_item(conf, s["office"], conf.version,
                                   item=conf.programme.get().pk)
    conf.refresh_from_db()
    services.remove_honouree(conf, s["office"], conf.version, honouree=h.pk)
    conf.refresh_from_db()
    assert not conf.honourees.exists()
    conf = services.update_conference(conf, s["office"], conf.version, kind="final",
                                      title="Hội nghị tổng kết", held_on=D(2025, 6, 2),
                                      venue="Hội trường tỉnh", starts_at=dt.time(7, 30))
    assert (conf.kind, conf.title, conf.held_on, conf.venue) == (
        "final", "Hội nghị tổng kết", D(2025, 6, 2), "Hội trường tỉnh")
    with pytest.raises(workflow.GuardFailed, match="tên hội nghị"):
        services.update_conference(conf, s["office"], conf.version, kind="final", title=" ",
                                   held_on=D(2025, 6, 2), venue="X")


def test_study_visit_units_and_date_are_corrected(s):
    visit = services.record_visit(s["office"], agency=s["so"], host=s["ldvl"].subject,
                                  visiting_units=[s["btxh"]], visited_on=D(2025, 4, 20),
                                  participants=10)
    visit = services.add_visiting_unit(visit, s["office"], visit.version, unit=s["vp"])
    with pytest.raises(workflow.GuardFailed, match="đã có"):
        services.add_visiting_unit(visit, s["office"], visit.version, unit=s["vp"])
    with pytest.raises(workflow.GuardFailed, match="đồng thời"):
        services.add_visiting_unit(visit, s["office"], visit.version, unit=s["ldvl"])
    with pytest.raises(workflow.NotAllowed):
        services.add_visiting_unit(visit, s["office"], visit.version, unit=s["other_div"])
    with pytest.raises(workflow.StaleVersion):
        services.add_visiting_unit(visit, s["office"], 1, unit=s["ldvl"])
    services.register_adoption(s["officer_btxh"], model=s["model"], unit=s["btxh"],
                               target="Áp dụng", started_on=D(2025, 5, 1), study_visit=visit)
    with pytest.raises(workflow.GuardFailed, match="đã đăng ký áp dụng"):
        services.remove_visiting_unit(visit, s["office"], visit.version, unit=s["btxh"])
    with pytest.raises(workflow.GuardFailed, match="sau ngày Phòng Bảo trợ xã hội"):
        services.update_visit(visit, s["office"], visit.version, lessons="", participants=10,
                              visited_on=D(2025, 5, 2))
    visit = services.remove_visiting_unit(visit, s["office"], visit.version, unit=s["vp"])
    with pytest.raises(workflow.GuardFailed, match="ít nhất một"):
        services.remove_visiting_unit(visit, s["office"], visit.version, unit=s["btxh"])
    visit = services.update_visit(visit, s["office"], visit.version, lessons="Một đầu mối",
                                  participants=12, visited_on=D(2025, 4, 18))
    assert (visit.visited_on, visit.participants, list(visit.visiting_units.all())) == (
        D(2025, 4, 18), 12, [s["btxh"]])
