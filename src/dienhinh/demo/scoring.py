"""The `propagated` stage's scoring part (issue 13, items 4–5), for Ngã Năm: a scored
year and a block with its ranking.

    scored year  2024, Ngã Năm's scheme (year-end scoring from the quarterly
                 introductions, mục III.1 and III.3): four units under the plan's agency
                 introduce exemplars every quarter (two of them fall one short in one
                 quarter), score themselves with evidence, the office verifies (one line
                 adjusted, with its reason), the ranking is published — scores that
                 differ, a tie the scheme's rule orders and a tie that shares a place
    block        "Khối các phòng, ban chuyên môn" for 2024: members, the rotating
                 lead, the signed pact with three targets, the general scheme, every
                 member's vote, the ranking and the unit proposed for the flag
    this year    2025's round open: sheets in draft (a unit's task on the home page) and
                 one submitted (the office's task)

Every write goes through `scoring.services` as the agency's standing office (which
scores for the units below it), so the demo has the audit entries and the checks of
real use. Deterministic (units by code, fixed scores and dates) and idempotent: each part
is built only when missing.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from dienhinh.exemplars.models import Registration
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Person, Unit
from dienhinh.scoring import services
from dienhinh.scoring.models import EmulationGroup, GroupYear, Round, ScoreSheet

TEMPLATE = "nga-nam-ubnd-2021-2025"
SCHEME = "nga-nam-gioi-thieu-dien-hinh"
GENERAL = "chung-khoi-cum-thi-dua"
YEAR = 2024
BLOCK = "Khối các phòng, ban chuyên môn"
# A minimal PDF: evidence is checked by its content.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The scored year's quarterly introductions (mục III.1), by place in the list of units:
# the quarter in which the unit introduced one exemplar fewer than its quota asks (None:
# it met every quarter). The auto criterion counts 10 points per quarter met, so the
# units start from 40, 30, 30 and 40 points.
SHORT_QUARTER = [None, 3, 4, None]
# Self-scores of the other lines, by the same place. With the office's adjustment of the
# first unit (98 → 92) the ranking is: the first unit (92, proposed for the Giấy khen,
# ≥ 90% of the maximum); the fourth (90, placed by the scheme's tie rule: more points for
# the quarterly introductions); the second and third (90 with the same introductions and
# yearly report: the same place, "đồng hạng").
OWN = [
    {"unit_plan": 20, "yearly_report": 20, "propagation": 18},
    {"unit_plan": 20, "yearly_report": 20, "propagation": 20},
    {"unit_plan": 20, "yearly_report": 20, "propagation": 20},
    {"unit_plan": 20, "yearly_report": 15, "propagation": 15},
]
# People introduced by units that have too few on their staff list (the Mặt trận's
# committee lists two people): family and given names of the demo, combined in order.
FAMILY = ["Trần", "Lê", "Nguyễn", "Huỳnh", "Phạm", "Lâm", "Thạch", "Võ"]
GIVEN = ["Thị Bích Ngọc", "Văn Phúc", "Thị Kim Thoa", "Văn Tâm", "Thị Diễm", "Văn Hậu",
         "Thị Sa Rinh", "Minh Luân"]
NEW_PEOPLE = [f"{f} {g}" for n in range(len(GIVEN)) for f, g in
              zip(FAMILY, GIVEN[n:] + GIVEN[:n], strict=True)]
INTRO_NOTE = "Giới thiệu gương điển hình tiên tiến quý %s/%s (Kế hoạch, mục III.1)"
# The office's adjustment (the first unit's "propagation"), with its reason.
ADJUST = ("propagation", 12, "Chỉ có tin bài đăng trên trang của đơn vị, chưa có chuyên mục "
          "riêng như đã tự chấm")
BLOCK_SCORES = [
    {"tasks": 38, "pact": 28, "emulation_work": 18, "solidarity": 10},
    {"tasks": 36, "pact": 30, "emulation_work": 20, "solidarity": 10},
    {"tasks": 35, "pact": 25, "emulation_work": 15, "solidarity": 9},
    {"tasks": 32, "pact": 24, "emulation_work": 16, "solidarity": 8},
]
TARGETS = [
    ("Hoàn thành 100% chỉ tiêu kinh tế – xã hội được giao trong năm", "100%"),
    ("Giới thiệu gương điển hình tiên tiến mỗi quý", "ít nhất 02 gương"),
    ("Giải quyết thủ tục hành chính đúng hạn", "trên 98%"),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# Not scored as the agency's "cơ quan, đơn vị": hamlets, households and businesses.
NOT_SCORED = ("residential_area", "household", "enterprise", "cooperative")


def _units(agency: Unit, count: int, kinds=None) -> list[Unit]:
    qs = Unit.objects.filter(parent=agency, valid_to__isnull=True).exclude(kind__in=NOT_SCORED)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return list(qs.select_related("subject").order_by("subject__code")[:count])


def _fill(office, sheet: ScoreSheet, scores: dict) -> ScoreSheet:
    sheet = services.save_self_scores(office, sheet, sheet.version,
                                      {c: (v, "") for c, v in scores.items()})
    for n, c in enumerate(sheet.round.scheme.criteria, 1):
        if c.evidence_required:
            sheet.refresh_from_db()
            services.add_evidence(office, sheet, sheet.version, c.id,
                                  _pdf(f"minh-chung-tieu-chi-{n}.pdf"))
    sheet.refresh_from_db()
    return services.submit_sheet(office, sheet, sheet.version)


def _verify(office, sheet: ScoreSheet, adjust=None) -> None:
    scores = {ln.criterion: (ln.self_score, "") for ln in sheet.lines.all()}
    if adjust:
        criterion, points, reason = adjust
        scores[criterion] = (points, reason)
    services.verify_sheet(office, sheet, sheet.version, scores)


def _quota_min(plan, unit: Unit) -> int:
    """The number of exemplars a quarter the plan's quarterly quota asks of `unit`."""
    from dienhinh.exemplars.services import check_quotas
    from dienhinh.plans.services import plan_template

    minimum = {q["id"]: q["min"] for q in plan_template(plan).quotas
               if q["every"] == "quarter"}
    found = [minimum[c.quota] for c in check_quotas(plan, YEAR, unit) if c.quota in minimum]
    return max(found, default=0)


def _introduce(plan, office, units: list[Unit]) -> None:
    """Each unit's introductions of the scored year, quarter by quarter, on the 10th of
    the quarter's second month. Written as the history they are (the plan is closed
    now), like the other registrations of the demo's past years."""
    if Registration.objects.filter(plan=plan, year=YEAR, note__startswith=INTRO_NOTE[:20]
                                   ).exists():
        return
    taken = set(Registration.objects.filter(plan=plan, year=YEAR)
                .values_list("subject_id", flat=True))
    fresh = iter(NEW_PEOPLE)
    for n, unit in enumerate(units):
        need = _quota_min(plan, unit)
        if not need:
            continue
        wanted = sum(need - (q == SHORT_QUARTER[n % len(SHORT_QUARTER)])
                     for q in range(1, 5))
        people = [p.subject for p in Person.objects.filter(unit=unit).select_related("subject")
                  .order_by("subject__code") if p.subject_id not in taken][:wanted]
        while len(people) < wanted:
            person = orgs.create_person(f"{unit.code}-GT{len(people) + 1:02d}", next(fresh),
                                        unit, "staff")
            people.append(person.subject)
        people = iter(people)
        for q in range(1, 5):
            for _ in range(need - (q == SHORT_QUARTER[n % len(SHORT_QUARTER)])):
                Registration.objects.create(
                    plan=plan, year=YEAR, unit=unit, subject=next(people),
                    registered_on=dt.date(YEAR, 3 * q - 1, 10), quarter=q,
                    note=INTRO_NOTE % (q, YEAR), by=office)


def _scored_year(plan, agency: Unit, office, units: list[Unit]) -> None:
    if Round.objects.filter(agency=agency, scheme_id=SCHEME, year=YEAR, group=None).exists():
        return
    _introduce(plan, office, units)
    rnd = services.open_round(office, agency=agency, scheme_id=SCHEME, year=YEAR, units=units,
                              plan=plan, due_on=dt.date(YEAR, 12, 10))
    for n, unit in enumerate(units):
        sheet = rnd.sheets.get(unit=unit)
        intro = sheet.lines.get(criterion="quarterly_introductions").self_score or 0
        sheet = _fill(office, sheet, {"quarterly_introductions": intro, **OWN[n % len(OWN)]})
        _verify(office, sheet, ADJUST if n == 0 else None)
    rnd.refresh_from_db()
    services.close_round(office, rnd, rnd.version)


def _block(agency: Unit, office, units: list[Unit]) -> None:
    group = EmulationGroup.objects.filter(agency=agency, name=BLOCK).first()
    if group is None:
        group = services.create_group(
            office, agency=agency, kind=EmulationGroup.Kind.BLOCK, name=BLOCK,
            note="Các khối thi đua của thị xã (Kế hoạch của UBND thị xã Ngã Năm, mục II.1)")
    if not group.memberships.filter(year=YEAR).exists():
        group = services.set_members(office, group, group.version, YEAR, units)
    gy = GroupYear.objects.filter(group=group, year=YEAR).first() or \
        services.set_lead(office, group, group.version, YEAR, deputy=units[1])
    if gy.pact_signed_on is None:
        services.record_pact(office, gy, gy.version, signed_on=dt.date(YEAR, 2, 26),
                             targets=TARGETS, uploaded=_pdf("giao-uoc-thi-dua-2024.pdf"))
    if Round.objects.filter(group=group, year=YEAR).exists():
        return
    rnd = services.open_round(office, agency=agency, scheme_id=GENERAL, year=YEAR, group=group,
                              name=f"Chấm điểm, bình xét {BLOCK.lower()} năm {YEAR}")
    for n, unit in enumerate(units):
        _verify(office, _fill(office, rnd.sheets.get(unit=unit), BLOCK_SCORES[n]))
    # Every member votes; the second unit (95 points) gets most votes and the flag.
    for n, unit in enumerate(units):
        services.cast_vote(office, rnd, unit, [units[0] if n == 1 else units[1]])
    # (with three members: two of three votes, still more than half)
    rnd.refresh_from_db()
    services.close_round(office, rnd, rnd.version)


def _this_year(plan, agency: Unit, office, units: list[Unit]) -> None:
    year = plan.end_year
    if Round.objects.filter(agency=agency, scheme_id=SCHEME, year=year, group=None).exists():
        return
    rnd = services.open_round(office, agency=agency, scheme_id=SCHEME, year=year, units=units,
                              plan=plan, due_on=dt.date(year, 12, 10))
    first = rnd.sheets.get(unit=units[0])
    intro = first.lines.get(criterion="quarterly_introductions").self_score or 0
    _fill(office, first, {"quarterly_introductions": intro, **OWN[0]})


def build(template_id: str, plan, agency: Unit, office) -> None:
    if template_id != TEMPLATE or office is None:
        return
    units = _units(agency, 4)
    if len(units) < 3:
        return
    _scored_year(plan, agency, office, units)
    divisions = _units(agency, 4, kinds=("division",))
    _block(agency, office, divisions if len(divisions) >= 3 else units)
    _this_year(plan, agency, office, units)
