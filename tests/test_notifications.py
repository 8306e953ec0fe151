"""The notifications inbox: notify() with e-mail after commit, the unread badge,
mark read, and nobody sees another user's notification."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from dienhinh.notifications import services
from dienhinh.notifications.models import Notification
from dienhinh.orgs.models import Role


@pytest.fixture
def users(tree, make_user):
    return {
        "an": make_user("an", Role.UNIT_OFFICER, tree["qlcn"], email="an@sct.gov.vn"),
        "binh": make_user("binh", Role.UNIT_OFFICER, tree["vp"], email=""),
        "ghost": make_user("ghost", is_active=False, email="ghost@sct.gov.vn"),
    }


def test_notify_creates_inbox_entries_and_mails_after_commit(users,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.notify([users["an"], users["binh"], users["an"], users["ghost"]],
                               "Hạn đăng ký điển hình", "Trước ngày 20/01/2025", "/calendar/")
    assert sorted(n.user.username for n in rows) == ["an", "binh"]
    assert [m.to for m in mail.outbox] == [["an@sct.gov.vn"]]
    assert mail.outbox[0].subject == "Hạn đăng ký điển hình"
    assert "Trước ngày 20/01/2025" in mail.outbox[0].body and "/calendar/" in mail.outbox[0].body


def test_no_mail_when_the_transaction_rolls_back(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.notify([users["an"]], "Không gửi", "")
                raise RuntimeError
        except RuntimeError:
            pass
    assert mail.outbox == [] and not Notification.objects.exists()


def test_unread_badge_mark_read_and_mark_all(client, users):
    services.notify([users["an"]], "Thứ nhất", email=False)
    services.notify([users["an"]], "Thứ hai", email=False)
    services.notify([users["binh"]], "Của Bình", email=False)
    client.force_login(users["an"])
    page = client.get(reverse("notification_inbox")).content.decode()
    assert 'id="unread-badge">2<' in page and "Của Bình" not in page
    first = Notification.objects.get(subject="Thứ nhất")
    response = client.post(reverse("notification_read", args=[first.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "list-group-item-warning" not in response.content.decode()
    assert services.unread_count(users["an"]) == 1
    client.post(reverse("notification_read_all"))
    assert services.unread_count(users["an"]) == 0
    assert services.unread_count(users["binh"]) == 1
    page = client.get(reverse("notification_inbox")).content.decode()
    assert 'id="unread-badge"' not in page


def test_open_marks_read_and_follows_only_local_links(client, users):
    local = services.notify([users["an"]], "Mở", url="/calendar/", email=False)[0]
    foreign = services.notify([users["an"]], "Lạ", url="https://evil.example/x", email=False)[0]
    client.force_login(users["an"])
    response = client.get(reverse("notification_open", args=[local.pk]))
    assert response.status_code == 302 and response["Location"] == "/calendar/"
    local.refresh_from_db()
    assert local.read_at is not None
    response = client.get(reverse("notification_open", args=[foreign.pk]))
    assert response["Location"] == reverse("notification_inbox")


def test_another_users_notification_is_not_found(client, users):
    note = services.notify([users["binh"]], "Riêng", email=False)[0]
    client.force_login(users["an"])
    assert client.get(reverse("notification_open", args=[note.pk])).status_code == 404
    assert client.post(reverse("notification_read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_inbox_requires_login(client, users):
    response = client.get(reverse("notification_inbox"))
    assert response.status_code == 302 and "/login/" in response["Location"]
