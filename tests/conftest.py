import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from dienhinh.orgs import services
from dienhinh.orgs.models import RoleAssignment


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    # Django's LocaleMiddleware leaves a request's language active in the thread: a test
    # that browsed in English must not make the next one's service calls speak English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # argon2 is the production hasher (tested in test_security); tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    def make(username, role=None, unit=None, password="mat-khau-an-toan-2025", **extra):
        user = get_user_model().objects.create_user(username=username, password=password, **extra)
        if role:
            RoleAssignment.objects.create(user=user, role=role, unit=unit)
        return user

    return make


@pytest.fixture
def tree(db):
    """A small tree: province agency with two divisions, a second agency outside."""
    sct = services.create_unit("SCT", "Sở Công Thương", "agency")
    vp = services.create_unit("SCT_VP", "Văn phòng Sở", "division", sct)
    qlcn = services.create_unit("SCT_QLCN", "Phòng Quản lý công nghiệp", "division", sct)
    other = services.create_unit("SNV", "Sở Nội vụ", "agency")
    hong = services.create_person("P001", "Nguyễn Thị Hồng", vp, "staff")
    an = services.create_person("P002", "Trần Văn An", qlcn, "division_leader")
    outsider = services.create_person("P003", "Đặng Văn Bình", other, "staff")
    return {"sct": sct, "vp": vp, "qlcn": qlcn, "other": other,
            "hong": hong, "an": an, "outsider": outsider}
