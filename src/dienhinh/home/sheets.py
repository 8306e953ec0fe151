"""The lists people print and pass on, as XLSX with names beside codes: the person list,
the unit tree, a person's record sheet (trích ngang), registrations and nominations.

The contract's import/export files (`ledger/export`) keep the bare codes that scripts
read; these sheets are for people, so every code has its name beside it, in the language
of the reader as the headings are, and dates are dd/mm/yyyy. Every list is scoped by `dienhinh.policy`.
"""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from dienhinh import policy
from dienhinh.catalogue import codes, labels
from dienhinh.core.vietnamese import format_date

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(title: str, headers: list[str], rows, heading: list[str] = ()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    for line in heading:
        ws.append([line])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    if heading:
        ws.append([])
    ws.append(headers)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = f"A{header_row + 1}"  # (ws.cell() would create an empty row)
    widths = [len(h) for h in headers]
    for row in rows:
        ws.append(row)
        widths = [max(w, len(str(v or ""))) for w, v in zip(widths, row)]
    for n, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = min(60, max(8, w + 2))
    # printed: A4 landscape, the header row on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"{header_row}:{header_row}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _name(table: dict, code: str, index: int = 0) -> str:
    """A code's name in the reader's language, as the sheet's headings are: `codes`
    keeps the Vietnamese name at `index` and the English one after it."""
    entry = table.get(code)
    return labels.pick(entry[index], entry[index + 1]) if entry else (code or "")


@login_required
def people_xlsx(request):
    people = (policy.people(request.user).select_related("subject", "unit__subject")
              .order_by("unit__path", "subject__sort_key", "pk"))
    unit_code = request.GET.get("unit", "").strip()
    if unit_code:
        from dienhinh.orgs import picker

        unit = picker.resolve(request.user, unit_code, "view")
        if unit is None:
            raise Http404(picker.not_found(unit_code))
        people = people.filter(unit__path__startswith=unit.path)
    rows = ([n, p.subject.code, p.subject.name, format_date(p.birth_date),
             _name(codes.GENDERS, p.gender), p.unit.subject.name, p.unit.subject.code,
             _name(codes.POSITIONS, p.position)]
            for n, p in enumerate(people.iterator(chunk_size=2000), start=1))
    return _response(workbook(_("Danh sách cá nhân"), [
        _("STT"), _("Mã"), _("Họ và tên"), _("Ngày sinh"), _("Giới tính"), _("Đơn vị"),
        _("Mã đơn vị"), _("Chức vụ, vị trí")], rows), "danh-sach-ca-nhan.xlsx")


@login_required
def units_xlsx(request):
    units = (policy.units(request.user).filter(valid_to__isnull=True)
             .select_related("subject", "parent__subject").order_by("path"))
    units = list(units)
    top = min((u.path.count("/") for u in units), default=0)
    rows = ([("    " * (u.path.count("/") - top)) + u.subject.name, u.subject.code,
             _name(codes.UNIT_KINDS, u.kind),
             u.parent.subject.name if u.parent_id else ""] for u in units)
    return _response(workbook(_("Cây đơn vị"), [
        _("Đơn vị"), _("Mã"), _("Loại đơn vị"), _("Đơn vị cấp trên")], rows),
        "cay-don-vi.xlsx")


@login_required
def record_sheet_xlsx(request, code: str):
    """Trích ngang: who the person is and every record of the ledger, by name."""
    from dienhinh.ledger.models import Achievement

    person = get_object_or_404(policy.people(request.user).select_related(
        "subject", "unit__subject"), subject__code=code)
    records = (Achievement.objects.filter(subject=person.subject)
               .order_by("year", "kind", "code_id"))
    heading = [
        _("TRÍCH NGANG THÀNH TÍCH"),
        _("Họ và tên: %(n)s — Mã: %(c)s") % {"n": person.subject.name, "c": code},
        _("Ngày sinh: %(d)s — Giới tính: %(g)s") % {
            "d": format_date(person.birth_date) or "—",
            "g": _name(codes.GENDERS, person.gender) or "—"},
        _("Đơn vị: %(u)s — Chức vụ: %(p)s") % {
            "u": person.unit.subject.name, "p": _name(codes.POSITIONS, person.position)},
    ]
    rows = ([r.year, _name(codes.ACHIEVEMENT_KINDS, r.kind),
             _name(codes.ACHIEVEMENT_CODES, r.code_id, 1), r.code_id,
             _name(codes.ISSUERS, r.issuer), _name(codes.INITIATIVE_LEVELS, r.level),
             r.decision_no, format_date(r.decision_date), r.note] for r in records)
    return _response(workbook(_("Trích ngang"), [
        _("Năm"), _("Loại"), _("Thành tích"), _("Mã"), _("Cấp khen"), _("Cấp sáng kiến"),
        _("Số quyết định"), _("Ngày quyết định"), _("Ghi chú")], rows, heading),
        f"trich-ngang-{code}.xlsx")


@login_required
def registrations_xlsx(request, plan_pk: int, year: int):
    from dienhinh.exemplars.models import Registration
    from dienhinh.exemplars.views import get_plan, scoped

    plan = get_plan(request.user, plan_pk)
    regs = (scoped(request.user, Registration.objects.filter(plan=plan, year=year))
            .select_related("subject", "unit__subject", "fostering")
            .order_by("unit__path", "subject__sort_key"))
    rows = ([n, r.subject.name, r.subject.code, r.unit.subject.name, r.unit.subject.code,
             format_date(r.registered_on), r.get_source_display(), r.get_status_display(),
             _("muộn") if r.late else "", r.note] for n, r in enumerate(regs, start=1))
    return _response(workbook(_("Đăng ký %(y)s") % {"y": year}, [
        _("STT"), _("Đối tượng"), _("Mã"), _("Đơn vị đăng ký"), _("Mã đơn vị"),
        _("Ngày đăng ký"), _("Nguồn"), _("Trạng thái"), _("Hạn"), _("Ghi chú")], rows, [
        _("DANH SÁCH ĐĂNG KÝ XÂY DỰNG ĐIỂN HÌNH NĂM %(y)s") % {"y": year},
        _("Kế hoạch số %(n)s — %(a)s") % {"n": plan.number, "a": plan.agency.name}]),
        f"dang-ky-{year}.xlsx")


@login_required
def nominations_xlsx(request):
    from dienhinh.exemplars.models import Nomination
    from dienhinh.exemplars.views import scoped

    noms = (scoped(request.user, Nomination.objects.all())
            .select_related("subject", "unit__subject", "plan__agency__subject")
            .order_by("-year", "plan__number", "subject__sort_key"))
    status = request.GET.get("status")
    if status in dict(Nomination.STATUS_CHOICES):
        noms = noms.filter(status=status)
    rows = ([n, x.year, x.subject.name, x.subject.code, x.unit.subject.name,
             x.get_level_display(), x.get_status_display(),
             _("Kế hoạch số %(n)s — %(a)s") % {"n": x.plan.number, "a": x.plan.agency.name},
             x.summary] for n, x in enumerate(noms, start=1))
    return _response(workbook(_("Hồ sơ đề nghị"), [
        _("STT"), _("Năm"), _("Đối tượng"), _("Mã"), _("Đơn vị đề nghị"), _("Cấp công nhận"),
        _("Trạng thái"), _("Kế hoạch"), _("Tóm tắt thành tích")], rows),
        "ho-so-de-nghi.xlsx")
