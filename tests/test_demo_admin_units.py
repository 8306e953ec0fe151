from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dienhinh.orgs.models import Unit, UnitVersion


def test_load_one_province_then_all_idempotently(db):
    out = StringIO()
    call_command("load_admin_units", "--provinces", "42", stdout=out)
    assert "1 tỉnh" in out.getvalue() and "69" in out.getvalue()
    ha_tinh = Unit.objects.select_related("subject").get(subject__code="VN-P42")
    assert ha_tinh.subject.name == "UBND tỉnh Hà Tĩnh" and ha_tinh.kind == "agency"
    assert ha_tinh.parent.subject.code == "VN"
    communes = Unit.objects.filter(parent=ha_tinh)
    assert communes.count() == 69 and set(communes.values_list("kind", flat=True)) == {"commune"}
    commune = communes.select_related("subject").first()
    assert commune.path == f"{ha_tinh.path}{commune.pk}/"
    assert commune.valid_from.isoformat() == "2025-07-01"
    assert UnitVersion.objects.filter(unit=commune, name=commune.subject.name).exists()

    call_command("load_admin_units", stdout=StringIO())
    call_command("load_admin_units", stdout=StringIO())
    assert Unit.objects.filter(subject__code__startswith="VN-P").count() == 34
    assert Unit.objects.filter(subject__code__startswith="VN-W").count() == 3321
    hanoi = Unit.objects.get(subject__code="VN-P01")
    assert hanoi.subject.name == "UBND thành phố Hà Nội"
    ward = Unit.objects.select_related("subject", "parent__subject").get(
        subject__code="VN-W31732")
    assert ward.subject.name == "Phường Ngã Năm"
    assert ward.parent.subject.code == "VN-P92"


def test_unknown_province_is_refused(db):
    with pytest.raises(CommandError, match="99"):
        call_command("load_admin_units", "--provinces", "42,99")
    assert not Unit.objects.filter(subject__code__startswith="VN-P").exists()
