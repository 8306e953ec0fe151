"""The quotas of all five seed plans, read from their templates, against registrations."""

import datetime as dt

import pytest

from dienhinh.exemplars import services
from dienhinh.exemplars.models import CompiledList
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from dienhinh.plans.models import PlanTemplate
from tests.factories.exemplars import adopt

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    return make_user("quantri", is_superuser=True)


def people(unit, n, prefix):
    return [orgs.create_person(f"{prefix}{i}", f"Nguyễn Văn {chr(65 + i)}", unit, "staff")
            for i in range(n)]


def test_every_seed_plan_is_covered():
    assert set(PlanTemplate.objects.filter(builtin=True).values_list("template_id", flat=True)) \
        == {"binh-phuoc-sldtbxh-2021-2025", "khanh-hoa-stnmt-2021-2025",
            "nga-nam-ubnd-2021-2025", "lao-cai-sldtbxh-qpan-2022-2025", "ha-tinh-sct-2021-2025"}


def test_lao_cai_two_per_year_with_both_types(admin):
    """"Các đơn vị trực thuộc … mỗi đơn vị lựa chọn ít nhất 02 điển hình" (mục III.1):
    the units directly under the Sở, not its phòng nor the units below them."""
    so = orgs.create_unit("S", "Sở LĐTBXH", "agency")
    div = orgs.create_unit("D", "Trung tâm Dịch vụ việc làm", "service_unit", so)
    phong = orgs.create_unit("PH", "Phòng Lao động", "division", so)
    below = orgs.create_unit("DB", "Trạm dịch vụ việc làm huyện", "service_unit", div)
    plan = adopt("lao-cai-sldtbxh-qpan-2022-2025", so)
    assert services.check_quotas(plan, 2023, phong) == []
    assert services.check_quotas(plan, 2023, below) == []
    a, b = people(div, 2, "P")
    services.register(admin, plan, 2023, div, a.subject, on=dt.date(2023, 1, 5))
    _, [check] = services.register(admin, plan, 2023, div, b.subject, on=dt.date(2023, 1, 6))
    assert check.count == 2 and not check.ok and "chưa có tập thể nào" in check.message
    _, [check] = services.register(admin, plan, 2023, div, div.subject, on=dt.date(2023, 1, 7))
    assert check.ok
    # The quota is yearly: 2024 starts from zero.
    [check] = services.check_quotas(plan, 2024, div)
    assert check.count == 0 and "còn thiếu 2" in check.message
    # The agency itself is not a unit under it: the unit quota does not apply to it.
    assert services.check_quotas(plan, 2024, so) == []


def test_ha_tinh_one_or_two_per_division_for_the_period_then_four_to_five(admin):
    so = orgs.create_unit("S", "Sở Công Thương", "agency")
    divs = [orgs.create_unit(f"D{i}", f"Phòng {i}", "division", so) for i in range(3)]
    plan = adopt("ha-tinh-sct-2021-2025", so)
    [check] = services.check_quotas(plan, 2021, divs[0])
    assert not check.ok and "cần ít nhất 1" in check.message and check.period == "2021–2025"
    staff = people(divs[0], 3, "A")
    services.register(admin, plan, 2021, divs[0], staff[0].subject, on=dt.date(2021, 3, 1))
    _, [check] = services.register(admin, plan, 2021, divs[0], staff[1].subject,
                                   on=dt.date(2021, 3, 2))
    assert check.ok and check.count == 2
    # A third is refused: "01 hoặc 02" per division for the whole period.
    with pytest.raises(services.QuotaExceeded, match="đã đủ 2"):
        services.register(admin, plan, 2022, divs[0], staff[2].subject, on=dt.date(2022, 3, 2))
    late, _ = services.register(admin, plan, 2021, divs[1], divs[1].subject,
                                on=dt.date(2021, 3, 25))
    assert late.late  # before 25/3/2021
    clist = services.compile_list(admin, plan, 2021)
    [plan_check] = services.check_list_quotas(clist)
    assert not plan_check.ok and "còn thiếu 1" in plan_check.message  # 3 of 4–5
    services.register(admin, plan, 2021, divs[2], divs[2].subject, on=dt.date(2021, 3, 3))
    clist = services.compile_list(admin, plan, 2021, version=clist.version)
    assert services.check_list_quotas(clist)[0].ok
    assert CompiledList.objects.get(pk=clist.pk).entries.count() == 4


def test_nga_nam_quarterly_two_and_one_for_armed_units(admin):
    town = orgs.create_unit("NN", "UBND thị xã Ngã Năm", "agency")
    commune = orgs.create_unit("NN_X1", "UBND phường 1", "commune", town)
    armed = orgs.create_unit("NN_QS", "Ban Chỉ huy Quân sự thị xã", "armed_unit", town)
    plan = adopt("nga-nam-ubnd-2021-2025", town)
    a, b, c = people(commune, 3, "C")
    services.register(admin, plan, 2023, commune, a.subject, on=dt.date(2023, 2, 1))
    services.register(admin, plan, 2023, commune, b.subject, on=dt.date(2023, 3, 1))
    third, checks = services.register(admin, plan, 2023, commune, c.subject,
                                      on=dt.date(2023, 5, 1))
    assert third.quarter == 2 and not third.late
    by_period = {q.period: q for q in checks}
    assert by_period["Quý 1/2023"].ok and by_period["Quý 1/2023"].count == 2
    assert not by_period["Quý 2/2023"].ok and "còn thiếu 1" in by_period["Quý 2/2023"].message
    assert "còn thiếu 2" in by_period["Quý 3/2023"].message
    soldier = orgs.create_person("QS1", "Lý Văn Hùng", armed, "soldier")
    _, checks = services.register(admin, plan, 2023, armed, soldier.subject,
                                  on=dt.date(2023, 8, 1))
    by_period = {q.period: q for q in checks}
    assert by_period["Quý 3/2023"].ok and not by_period["Quý 1/2023"].ok
    assert all(q.quota == "quarterly_armed" for q in checks)
    # A 2023 introduction made in 2024 is after the last quarter's end: late.
    d = people(commune, 4, "L")[3]
    late, _ = services.register(admin, plan, 2023, commune, d.subject, on=dt.date(2024, 1, 3))
    assert late.late and late.quarter == 4


@pytest.mark.parametrize("template_id", ["binh-phuoc-sldtbxh-2021-2025",
                                         "khanh-hoa-stnmt-2021-2025"])
def test_plans_without_quotas_say_so_and_never_refuse(admin, template_id):
    so = orgs.create_unit("S", "Sở", "agency")
    div = orgs.create_unit("D", "Phòng", "division", so)
    plan = adopt(template_id, so)
    for p in people(div, 4, "K"):
        _, checks = services.register(admin, plan, 2022, div, p.subject, on=dt.date(2022, 6, 1))
        assert checks == []
    clist = services.compile_list(admin, plan, 2022)
    assert services.check_list_quotas(clist) == []
    # No deadline for registration in these plans: nothing is late.
    assert not clist.entries.filter(late=True).exists()


def test_officer_sees_quota_panel_and_registers_through_the_screen(client, make_user):
    so = orgs.create_unit("S", "Sở LĐTBXH", "agency")
    div = orgs.create_unit("D", "Trung tâm Công tác xã hội", "service_unit", so)
    plan = adopt("lao-cai-sldtbxh-qpan-2022-2025", so)
    person = people(div, 1, "P")[0]
    client.force_login(make_user("cb", role=Role.UNIT_OFFICER, unit=div))
    from django.test import override_settings

    with override_settings(EXEMPLARS_TODAY="2024-01-15"):
        url = f"/exemplars/plans/{plan.pk}/2024/registrations/"
        page = client.get(url)
        assert "trước ngày 20/01/2024" in page.content.decode()
        response = client.post(url, {"unit": "D", "subject": person.code, "source": "manual"},
                               follow=True)
        body = response.content.decode()
        assert "Đã đăng ký Nguyễn Văn A." in body
        assert "chưa có tập thể nào" in body
        panel = client.get(f"/exemplars/plans/{plan.pk}/2024/quotas/?unit=D").content.decode()
        assert "còn thiếu 1" in panel
        again = client.post(url, {"unit": "D", "subject": person.code, "source": "manual"},
                            follow=True)
        assert "đã được Trung tâm Công tác xã hội đăng ký" in again.content.decode()
