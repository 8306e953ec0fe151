"""The contract's catalogue: present with its ranks, protected; agencies add their own."""

import pytest
from django.core.exceptions import ValidationError

from dienhinh.catalogue import codes
from dienhinh.catalogue.models import AchievementCode, InitiativeLevel, Issuer


@pytest.mark.django_db
def test_every_contract_code_is_installed_with_its_kind_and_rank():
    stored = {c.code: c for c in AchievementCode.objects.all()}
    for code, (kind, name, _en, rank, _type) in codes.ACHIEVEMENT_CODES.items():
        assert stored[code].kind == kind and stored[code].rank == rank
        assert stored[code].name == name and stored[code].builtin
    assert [c.code for c in AchievementCode.objects.filter(kind="rating").order_by("-rank")] == [
        "HTXSNV", "HTTNV", "HTNV", "KHTNV"]
    assert stored["HUAN_CHUONG"].rank > stored["BANG_KHEN_TTG"].rank > stored["BANG_KHEN"].rank
    assert set(Issuer.objects.values_list("code", flat=True)) == set(codes.ISSUERS)
    assert list(InitiativeLevel.objects.values_list("code", flat=True)) == [
        "co_so", "tinh", "toan_quoc"]


@pytest.mark.django_db
def test_contract_codes_cannot_be_changed_or_removed():
    code = AchievementCode.objects.get(code="LDTT")
    code.name = "Đổi tên"
    with pytest.raises(ValidationError):
        code.save()
    with pytest.raises(ValidationError):
        AchievementCode.objects.get(code="LDTT").delete()
    with pytest.raises(ValidationError):
        Issuer.objects.get(code="UBND_TINH").delete()
    assert AchievementCode.objects.get(code="LDTT").name == "Lao động tiên tiến"


@pytest.mark.django_db
def test_an_agency_adds_changes_and_removes_its_own_code():
    own = AchievementCode.objects.create(code="GK_CONG_DOAN", kind="commendation",
                                         name="Giấy khen Công đoàn ngành", rank=1)
    own.name = "Giấy khen của Công đoàn ngành"
    own.save()
    assert not own.builtin
    own.delete()
    assert not AchievementCode.objects.filter(code="GK_CONG_DOAN").exists()


@pytest.mark.django_db
def test_admin_offers_no_change_or_delete_of_contract_codes(client, make_user):
    admin = make_user("quantri", is_staff=True, is_superuser=True)
    client.force_login(admin)
    builtin = AchievementCode.objects.get(code="CSTDCS")
    page = client.get(f"/admin/catalogue/achievementcode/{builtin.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content  # read-only view
    assert client.post(f"/admin/catalogue/achievementcode/{builtin.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    response = client.post("/admin/catalogue/achievementcode/add/", {
        "code": "SANG_KIEN_NGANH", "kind": "initiative", "name": "Sáng kiến cấp ngành",
        "name_en": "", "rank": 0, "subject_type": "", "order": 99})
    assert response.status_code == 302
    assert AchievementCode.objects.get(code="SANG_KIEN_NGANH").builtin is False
