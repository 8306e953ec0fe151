"""Test settings: the one settings module, driven by the environment as in production,
with a throwaway data folder, no TLS redirect and tasks run inline."""

import os
import tempfile

os.environ.setdefault("DIENHINH_DATA_DIR", tempfile.mkdtemp(prefix="dienhinh-test-"))
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DIENHINH_SSL_REDIRECT", "false")
os.environ.setdefault("DIENHINH_SECURE_COOKIES", "false")
os.environ.setdefault("DIENHINH_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Per-process memory, so that tests without the database can clear it; the shared
# backends (the cache table, Redis) are tested in test_cache_backends.py.
os.environ.setdefault("CACHE_URL", "locmem://")
# The portal's page cache outlives a test's rolled-back data: off, except in the test
# of the cache itself (tests/test_portal.py).
os.environ.setdefault("PORTAL_PAGE_CACHE_SECONDS", "0")
# The tellers' passphrase is derived with Argon2id at every ballot open and close.
os.environ.setdefault("DIENHINH_BALLOT_KDF", "min")

from dienhinh.settings import *  # noqa: E402,F401,F403

# A second alias as a read replica would be: in tests a mirror of the default database
# (the same database through its own connection), used by tests/test_replica_router.py,
# which turns the router on with DIENHINH_READ_REPLICA; other tests read the primary.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
