"""The shared cache from CACHE_URL: the database's cache table by default, Redis when
named; both store and return a discovery-sized value."""

import socket
import uuid
import zlib

import pytest
from django.core.cache import caches
from django.test import override_settings

from dienhinh.settings import _caches

VALUE = zlib.compress(b"ket qua " * 200_000)  # a compressed province result's order


def test_default_is_the_database_table():
    config = _caches("")["default"]
    assert config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert config["LOCATION"] == "dienhinh_cache"
    assert _caches("redis://127.0.0.1:6379/3")["default"]["BACKEND"].endswith("RedisCache")
    assert _caches("locmem://")["default"]["BACKEND"].endswith("LocMemCache")


@pytest.mark.django_db
def test_the_cache_table_is_created_by_migrate_and_shared():
    with override_settings(CACHES=_caches("")):
        cache = caches.create_connection("default")
        cache.set("k", VALUE)
        assert cache.get("k") == VALUE
        cache.delete("k")


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def test_redis_when_cache_url_names_it():
    # The machines this project runs on start Redis on 127.0.0.1:6379.
    assert _redis_up(), "Redis is expected on 127.0.0.1:6379"
    with override_settings(CACHES=_caches("redis://127.0.0.1:6379/3")):
        cache = caches.create_connection("default")
        # A key of its own: the SQLite and PostgreSQL suites run at the same time on CI.
        key = f"k-{uuid.uuid4().hex}"
        cache.set(key, VALUE, 30)
        assert cache.get(key) == VALUE
        cache.delete(key)
