"""Demo reports (issue 13): the units' yearly reports of 2024 on each seed plan — every
unit that must report has sent its report, except one, which is late — built at the
`propagated` stage through the reports' services, like a unit officer would.

Deterministic and idempotent: the late unit is the last one in name order (never a
unit a demo officer works in, so that officer can still be shown writing a report of
another year); reports already sent are left as they are.
"""

from __future__ import annotations

import datetime as dt

from dienhinh import workflow
from dienhinh.orgs.models import Role, RoleAssignment, Unit
from dienhinh.reports import services
from dienhinh.reports.models import UnitReport
from dienhinh.reports.periods import YEAR, Period

REPORT_YEAR = 2024
# Invented names of those who sign for units with no leader recorded.
SIGNERS = ["Lê Văn Tâm", "Nguyễn Thị Hạnh", "Trần Văn Phúc", "Phạm Thị Yến"]
SUBMITTED_ON = dt.date(2024, 12, 20)
TEXT = {
    "situation": ("Đơn vị đã quán triệt kế hoạch tới toàn thể cán bộ, công chức, viên chức; "
                  "lồng ghép việc xây dựng điển hình với phong trào thi đua của năm."),
    "results": ("Lựa chọn, đăng ký và bồi dưỡng các điển hình theo kế hoạch; kịp thời biểu "
                "dương những tập thể, cá nhân có thành tích tiêu biểu."),
    "shortcomings": ("Việc tuyên truyền, nhân rộng điển hình còn chưa thường xuyên; một số "
                     "mô hình mới chưa được tổng kết để học tập."),
    "proposals": ("Tiếp tục phát hiện, bồi dưỡng nhân tố mới; đề nghị cơ quan hỗ trợ tổ chức "
                  "tham quan, học tập kinh nghiệm tại các điển hình."),
}


def late_unit(units: list[Unit]) -> Unit | None:
    """The unit the demo leaves late: the last in name order without a demo officer."""
    with_officer = set(RoleAssignment.objects.filter(
        role=Role.UNIT_OFFICER, unit__in=units).values_list("unit_id", flat=True))
    candidates = [u for u in units if u.pk not in with_officer]
    return candidates[-1] if candidates else None


def build_reports(template_id: str, plan, agency: Unit, office) -> None:
    if office is None or not plan.start_year <= REPORT_YEAR <= plan.end_year:
        return
    period = Period(YEAR, REPORT_YEAR, REPORT_YEAR)
    units = services.required_units(plan, period)
    late = late_unit(units)
    for unit in units:
        if late is not None and unit.pk == late.pk:
            continue
        report = services.start(office, plan, unit, period)
        if report.status == UnitReport.SUBMITTED:
            continue
        fields = dict(TEXT)
        try:
            services.signer_of(report, SUBMITTED_ON)
        except workflow.GuardFailed:
            # No leader recorded (an ấp, a khu phố): the unit types who signs.
            fields |= {"signer_title": "Trưởng " + unit.name.split(" ")[0].lower(),
                       "signer_name": SIGNERS[unit.pk % len(SIGNERS)]}
        report = services.save(office, report, report.version, **fields)
        services.submit(office, report, report.version, today=SUBMITTED_ON)
