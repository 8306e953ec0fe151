"""The session store (core.sessions): Django's database sessions, read with one plain
statement — what was saved is read back, an expired or unknown key reads as empty and
is dropped, as with Django's own store."""

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from dienhinh.core.sessions import SessionStore


def test_saved_data_is_read_back_as_django_reads_it(db):
    store = SessionStore()
    store["điển hình"] = {"năm": 2025}
    store.save()
    again = SessionStore(store.session_key)
    assert again["điển hình"] == {"năm": 2025}
    assert again.load() == DjangoStore(store.session_key).load()


def test_expired_and_unknown_keys_read_as_empty(db):
    store = SessionStore()
    store["x"] = 1
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {} and expired.session_key is None
    unknown = SessionStore("k" * 32)
    assert unknown.load() == {} and unknown.session_key is None
    assert SessionStore().load() == {}


def test_a_login_lasts_across_requests_and_logout_ends_it(client, django_user_model):
    user = django_user_model.objects.create_user("canbo", password="mật-khẩu-dài-123")
    client.force_login(user)
    assert client.get("/notifications/").status_code == 200
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.logout()
    assert client.get("/notifications/").status_code == 302
