"""The demo: deterministic, complete, and with the 2025 reform kept as history.

The demo is built twice once for the whole module (a build takes a few seconds) and
removed afterwards.
"""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from dienhinh.catalogue import codes
from dienhinh.demo import build, province
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import history
from dienhinh.orgs.models import Person, Role, RoleAssignment, Subject, Succession, Unit


def _counts():
    return (Unit.objects.count(), Person.objects.count(), Achievement.objects.count())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build.DemoBuilder().build()
        first = (_counts(), build.checksum())
        build.reset()
        assert Subject.objects.count() == 0
        builder = build.DemoBuilder()
        labels = builder.build()
        second = (_counts(), build.checksum())
        yield {"first": first, "second": second, "labels": labels}
        build.reset()
        get_user_model().objects.filter(username__startswith="demo_").delete()


def unit(code):
    return Unit.objects.select_related("subject").get(subject__code=code)


def test_two_builds_are_identical(demo, db):
    assert demo["first"] == demo["second"]
    assert demo["second"][0] == _counts()
    assert build.checksum() == demo["second"][1]


def test_command_leaves_existing_demo_alone(demo, db):
    out = StringIO()
    call_command("demo", "--stage", "voting", stdout=out)
    text = out.getvalue()
    assert "đã có" in text and "không thay đổi gì" in text
    assert "ha-tinh-sct-2021-2025: voting" in text  # the stage is built (demo.stages)
    assert build.checksum() == demo["second"][1]
    with pytest.raises(CommandError):
        call_command("demo", "--stage", "published")


def test_size_and_realistic_people(demo, db):
    assert Person.objects.count() >= 600
    families = [name.split()[0] for name in Subject.objects.filter(
        type="individual").values_list("name", flat=True)]
    assert families.count("Nguyễn") / len(families) > 0.2  # the commonest family name
    assert Person.objects.filter(birth_date__isnull=True).count() == 0
    assert set(Person.objects.values_list("gender", flat=True)) == {"nam", "nu"}


def test_every_kind_position_code_issuer_and_level(demo, db):
    assert set(Unit.objects.values_list("kind", flat=True)) == set(codes.UNIT_KINDS)
    assert set(Person.objects.values_list("position", flat=True)) == set(codes.POSITIONS)
    records = Achievement.objects.all()
    assert set(records.values_list("code", flat=True)) == set(codes.ACHIEVEMENT_CODES)
    assert set(records.values_list("kind", flat=True)) == set(codes.ACHIEVEMENT_KINDS)
    assert set(records.exclude(issuer="").values_list("issuer", flat=True)) == set(codes.ISSUERS)
    assert set(records.exclude(level="").values_list("level", flat=True)) == set(
        codes.INITIATIVE_LEVELS)
    assert set(records.values_list("year", flat=True)) == set(range(2019, 2026))
    assert records.filter(decision_no__regex=r"^[0-9]+/QĐ-UBND$").exists()


def test_the_2025_reform_is_history(demo, db):
    assert Unit.objects.filter(subject__code__startswith="VN-P", valid_to__isnull=True,
                               parent__subject__code="VN").count() == 34
    assert Unit.objects.filter(subject__code__startswith="VN-W").count() == 3321
    bp = unit("VN-OLD-P70")
    assert bp.valid_to == dt.date(2025, 6, 30)
    assert history.current_successor(bp) == unit("VN-P75")
    # Sở LĐTBXH Bình Phước → Sở Nội vụ Bình Phước → Sở Nội vụ Đồng Nai.
    sld = unit("BP-SLDTBXH")
    assert [u.subject.code for u in history.successors_chain(sld)] == ["BP-SNV", "DN-SNV"]
    assert history.unit_as_of(sld, dt.date(2022, 6, 1)).parent == bp
    assert history.unit_name_in_year(sld, 2022).startswith("Sở Lao động")
    # Its 2022 records roll up under today's successor.
    scope = unit("DN-SNV").path
    old = Achievement.objects.filter(subject=sld.subject, year=2022)
    assert old.exists()
    assert Achievement.objects.filter(subject__unit__path__startswith=scope, year=2022,
                                      subject__code="BP-SLDTBXH").count() == old.count()
    assert Person.objects.filter(unit__path__startswith=scope).count() > 50
    # Awards given by bodies that no longer exist stay findable.
    assert Achievement.objects.filter(issuer_unit__valid_to__isnull=False).exists()
    # Ngã Năm: the town is dissolved into three new wards and communes.
    nn = unit("NN-UBND")
    assert nn.valid_to == dt.date(2025, 6, 30)
    assert {u.subject.code for u in history.successors_chain(nn)} >= {
        "VN-W31732", "VN-W31753", "VN-W31741"}
    assert Succession.objects.filter(predecessor=unit("NN-UBND-P1"),
                                     successor=unit("VN-W31732")).exists()
    # Khánh Hòa: Sở TN&MT merged into the new Sở Nông nghiệp và Môi trường.
    assert history.current_successor(unit("KH-STNMT")) == unit("KH-SNNMT")
    # Hà Tĩnh's department is unchanged, one of its divisions renamed in 2022.
    assert unit("HT-SCT").valid_to is None
    khtc = unit("HT-SCT-KHTC")
    assert history.unit_name_in_year(khtc, 2021) == "Phòng Kế hoạch - Tài chính - Tổng hợp"
    assert khtc.subject.name == "Phòng Kế hoạch - Tài chính"


def test_each_plan_has_passes_near_misses_and_failures(demo, db):
    labels = demo["labels"]
    for group in ("BP", "KH", "NN", "LC", "HT"):
        passes = [c for c, t in labels.items() if t == f"{group}: pass"]
        near = [c for c, t in labels.items() if t.startswith(f"{group}: near")]
        assert len(passes) >= 2 and len(near) >= 2, group
        group_people = Person.objects.filter(subject__code__startswith=f"{group}-").count()
        assert group_people > len(passes) + len(near), group


def test_near_misses_lack_exactly_what_they_say(demo, db):
    labels = demo["labels"]

    def records(subject_code, /, **filters):
        return Achievement.objects.filter(subject__code=subject_code, year__gte=2021, **filters)

    for code, text in labels.items():
        if text == "HT: near: one Bằng khen of UBND tỉnh":
            assert records(code, code="BANG_KHEN", issuer="UBND_TINH").count() == 1
        elif text == "HT: pass" and Subject.objects.get(code=code).type == "collective":
            assert records(code, code="BANG_KHEN", issuer="UBND_TINH").count() >= 2
            members = Person.objects.filter(unit__path__startswith=unit(code).path)
            assert not Achievement.objects.filter(
                subject__person__in=members, kind="discipline", year__gte=2021).exists()
        elif text == "HT: near: three CSTĐCS, not four":
            assert records(code, code="CSTDCS").count() == 3
        elif text == "LC: near: TTLDXS in 2022 and 2024, not in a row":
            assert sorted(records(code, code="TTLDXS").values_list("year", flat=True)) == [
                2022, 2024]
        elif text == "KH: near: HTTNV and LĐTT in 2023":
            assert set(records(code, kind="rating").values_list("code", flat=True)) == {
                "HTXSNV", "HTTNV"}
            assert records(code, code="SANG_KIEN").exists()
        elif text == "NN: near: no GĐVH in 2023":
            assert sorted(records(code, code="GDVH").values_list("year", flat=True)) == [
                2021, 2022, 2024, 2025]
        elif text == "BP: pass":
            assert records(code, code="HTXSNV", year=2025).exists()


def test_one_demo_user_per_role(demo, db, settings):
    # The module's demo was built outside the per-test fast-hasher setting.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    roles = set(RoleAssignment.objects.filter(
        user__username__startswith="demo_").values_list("role", flat=True))
    assert roles == set(Role.values)
    admin = get_user_model().objects.get(username="demo_admin")
    assert admin.is_staff and admin.is_superuser and admin.check_password(build.PASSWORD)
    assert RoleAssignment.objects.get(user=admin).unit.subject.code == "VN"
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "demo_giamdoc_ht" in out.getvalue() and "Thủ trưởng" in out.getvalue()
    assert "Sở Công Thương tỉnh Hà Tĩnh (HT-SCT)" in out.getvalue()


def test_province_size_in_small(demo, db, monkeypatch):
    before = Person.objects.count()
    monkeypatch.setattr(province, "TARGET_PEOPLE", before + 300)
    monkeypatch.setattr(province, "BATCH", 100)
    people, records = province.build(log=lambda message: None)
    assert people == 300 and Person.objects.count() == before + 300
    assert Achievement.objects.filter(subject__code__startswith="PV-CN").count() == records
    assert records > 300 * 5
    assert province.exists()
    scope = unit("VN-P42").path
    assert Person.objects.filter(subject__code__startswith="PV-CN",
                                 unit__path__startswith=scope).count() == 300
    # The departments, divisions, schools, health stations and villages it adds sign
    # their documents too: each has a head (issue 16).
    from dienhinh.orgs.leaders import signature_block
    from dienhinh.orgs.models import Leadership, Unit

    added = Unit.objects.filter(subject__code__startswith="PV-")
    assert added.count() > 100
    assert not added.exclude(pk__in=Leadership.objects.filter(role="head").values("unit")
                             ).exists()
    village = added.filter(kind="residential_area").first()
    assert signature_block(village, dt.date(2025, 6, 1)).title == "Trưởng thôn"
