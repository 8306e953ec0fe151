"""The feedback channel: a unit sends a difficulty to the standing office of its
agency, gets answers; status open → answered → (open) → closed; scoped by policy."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dienhinh.audit.models import AuditEntry
from dienhinh.notifications import services
from dienhinh.notifications.models import Feedback, Notification
from dienhinh.orgs.models import Role

COVERING, OTHER_AGENCY, READ_ONLY = "covering", "other_agency", "read_only"


@pytest.fixture
def world(tree, make_user):
    officer = make_user("canbo_qlcn", Role.UNIT_OFFICER, tree["qlcn"], email="qlcn@sct.gov.vn")
    users = {
        COVERING: make_user("vanphong_sct", Role.STANDING_OFFICE, tree["sct"]),
        OTHER_AGENCY: make_user("vanphong_snv", Role.STANDING_OFFICE, tree["other"]),
        READ_ONLY: make_user("hoidong_sct", Role.COUNCIL_MEMBER, tree["sct"]),
    }
    feedback = services.send_feedback(officer, tree["qlcn"], "Vướng mắc về hồ sơ",
                                      "Chưa rõ mẫu báo cáo thành tích cho tập thể.")
    return {**tree, "officer": officer, "users": users, "feedback": feedback}


def test_send_goes_to_the_standing_office_of_the_agency(world):
    f = world["feedback"]
    assert f.office_unit == world["sct"] and f.status == Feedback.OPEN
    assert list(f.messages.values_list("body", flat=True)) == [
        "Chưa rõ mẫu báo cáo thành tích cho tập thể."]
    assert Notification.objects.filter(user=world["users"][COVERING],
                                       subject__contains="Vướng mắc về hồ sơ").exists()
    assert not Notification.objects.filter(user=world["users"][OTHER_AGENCY]).exists()
    assert AuditEntry.objects.filter(action="feedback.send", target_id=str(f.pk)).exists()


def test_answer_reply_close_cycle(world):
    office, officer, f = world["users"][COVERING], world["officer"], world["feedback"]
    services.answer_feedback(office, f, "Dùng mẫu số 02 của Nghị định 98/2023.", f.version)
    assert f.status == Feedback.ANSWERED
    assert Notification.objects.filter(user=officer, subject__startswith="Thường trực đã trả lời")
    services.reply_feedback(officer, f, "Mẫu 02 có phần chỉ tiêu doanh thu không?", f.version)
    assert f.status == Feedback.OPEN
    services.close_feedback(officer, f, f.version)
    assert f.status == Feedback.CLOSED
    assert list(AuditEntry.objects.filter(target_id=str(f.pk), target_type="notifications.feedback")
                .values_list("action", flat=True)) == [
        "feedback.send", "feedback.answer", "feedback.reply", "feedback.close"]
    assert [m.from_office for m in f.messages.all()] == [False, True, False]


def test_closed_feedback_refuses_answers_and_changes_nothing(world):
    office, f = world["users"][COVERING], world["feedback"]
    services.close_feedback(office, f, f.version)
    for call in (lambda: services.answer_feedback(office, f, "Muộn", f.version),
                 lambda: services.reply_feedback(world["officer"], f, "Thêm", f.version),
                 lambda: services.close_feedback(office, f, f.version)):
        with pytest.raises(services.FeedbackError, match="đóng"):
            call()
    f.refresh_from_db()
    assert f.status == Feedback.CLOSED and f.messages.count() == 1


def test_stale_answer_is_told(world, make_user):
    f, office = world["feedback"], world["users"][COVERING]
    second = make_user("vanphong_sct_2", Role.STANDING_OFFICE, world["sct"])
    seen = f.version
    services.answer_feedback(office, f, "Trả lời thứ nhất", seen)
    with pytest.raises(services.StaleFeedback, match="người khác thay đổi"):
        services.answer_feedback(second, Feedback.objects.get(pk=f.pk), "Thứ hai", seen)
    assert f.messages.count() == 2


def test_read_only_and_other_agency_cannot_answer(world):
    f = world["feedback"]
    for key in (OTHER_AGENCY, READ_ONLY):
        with pytest.raises(PermissionDenied):
            services.answer_feedback(world["users"][key], f, "x", f.version)
    with pytest.raises(PermissionDenied):
        services.send_feedback(world["users"][READ_ONLY], world["qlcn"], "x", "y")
    with pytest.raises(services.FeedbackError):
        services.send_feedback(world["officer"], world["qlcn"], " ", "nội dung")


# (view, method, data, expected for covering / other agency / read-only)
CASES = [
    ("feedback_list", "get", None, (200, 200, 200)),
    ("feedback_new", "get", None, (200, 200, 403)),
    ("feedback_detail", "get", None, (200, 404, 200)),
    ("feedback_answer", "post", {"body": "Trả lời"}, (302, 404, 403)),
    ("feedback_close", "post", {}, (302, 404, 403)),
]


@pytest.mark.parametrize("name, method, data, expected", CASES)
def test_screen_permissions(client, world, name, method, data, expected):
    f = world["feedback"]
    for who, status in zip((COVERING, OTHER_AGENCY, READ_ONLY), expected):
        f.refresh_from_db()
        if f.status == Feedback.CLOSED:
            Feedback.objects.filter(pk=f.pk).update(status=Feedback.OPEN)
            f.refresh_from_db()
        client.force_login(world["users"][who])
        if name in ("feedback_list", "feedback_new"):
            url = reverse(name)
        else:
            url = reverse(name, args=[f.pk])
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, {**data, "version": f.version})
        assert response.status_code == status, (name, who, response.status_code)


def test_list_is_scoped(client, world):
    client.force_login(world["users"][OTHER_AGENCY])
    assert "Vướng mắc về hồ sơ" not in client.get(reverse("feedback_list")).content.decode()
    client.force_login(world["users"][COVERING])
    body = client.get(reverse("feedback_list"), {"status": "open"}).content.decode()
    assert "Vướng mắc về hồ sơ" in body and "Chờ trả lời" in body
    body = client.get(reverse("feedback_list"), {"status": "closed"}).content.decode()
    assert "Vướng mắc về hồ sơ" not in body


def test_send_on_screen_and_conflict_keeps_text(client, world):
    client.force_login(world["officer"])
    response = client.post(reverse("feedback_new"), {
        "unit": world["qlcn"].pk, "subject": "Khó khăn về chỉ tiêu",
        "body": "Chỉ tiêu 02 điển hình mỗi quý quá cao."})
    f = Feedback.objects.get(subject="Khó khăn về chỉ tiêu")
    assert response.status_code == 302
    # a unit officer cannot send for a unit outside its scope
    response = client.post(reverse("feedback_new"), {
        "unit": world["other"].pk, "subject": "x", "body": "y"})
    assert response.status_code == 400
    client.force_login(world["users"][COVERING])
    old = f.version
    services.answer_feedback(world["users"][COVERING], f, "Đã trả lời trước", old)
    response = client.post(reverse("feedback_answer", args=[f.pk]),
                           {"body": "Câu trả lời của tôi", "version": old})
    body = response.content.decode()
    assert response.status_code == 409
    assert "người khác thay đổi" in body and "Câu trả lời của tôi" in body
    assert "Đã trả lời trước" in body
