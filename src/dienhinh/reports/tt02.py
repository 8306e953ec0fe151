"""The yearly statistics forms 0601.N, 0602.N and 0603.N (Thông tư 02/2023/TT-BNV),
filled from the plans, the ledger and the decisions, rolled up over the unit tree.

    compute(scope, year) -> Result       every cell of the three forms, for the scope
                                         and for each unit directly under it
    write_forms(result, out)             the XLSX: one sheet per form, headed as the
                                         form, with the reporting unit, the year and
                                         the signer block
    run(scope=, year=, output=)          what `dienhinh report tt02` calls
    ReportError                          a refusal the user can act on (exit 2, 400)

The layout (rows, columns, their numbers) is data in `tt02_forms`, with its source.

**What is counted.** 0601: the plans (kế hoạch) adopted by agencies in the scope whose
period includes the year, each an emulation movement by theme, and the emulation blocks
and clusters (khối, cụm) of the scope's agencies active in the year, each a yearly
movement; the level that leads it is the agency's level in the tree (the nation, a
province or ministry, or any agency below). 0602 and 0603: the titles and commendations of the ledger, of subjects in the
scope, whose decision was signed in the reporting period — from 1 December of the year
before to 30 November of the year (`tt02_forms.PERIOD_START`, with its source; a record
without a decision date counts in its own year); the decisions issued through the system write their awards into the
ledger, so reading the ledger counts each award once. An award given through a plan's
recognition decision (or proposed upward from one) is "chuyên đề", any other
"thường xuyên".

**Levels.** Today's tree is nation (depth 0) → province or ministry (depth 1) → its
departments, districts and communes (depth 2) → … A person's row under "Cá nhân": the
leader (`agency_leader`) of an enterprise or cooperative is a businessperson, of a depth
0–1 unit a province-level leader, of a depth-2 agency a department-level leader;
other agency leaders and every `division_leader` are "other leaders"; staff, workers,
soldiers and citizens work directly. The unit that sent a State award to the Prime
Minister (0602 rows 2–3) is the subject's depth-1 ancestor: a ministry when its name
begins with "Bộ" or "Ban", a province otherwise.

**Roll-up.** Every cell is computed for the scope's own subjects and for each unit
directly under it (everything at or below that unit); the scope's figure is their sum,
so a province's form is the sum of its departments' and communes' forms.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core import vietnamese
from dienhinh.reports import tt02_forms as forms

FORM_KEYS = ("0601", "0602", "0603")
OWN = "own"  # the bucket of the scope's own subjects (not under any child)


class ReportError(Exception):
    """Bad input: an unknown unit, a year out of range, a wrong file name."""

    status = 400


Cells = Counter  # (row key, column key) -> count


@dataclass
class Result:
    scope: object                       # the Unit
    year: int
    receiver: str
    cells: dict[str, Cells]             # form key -> cells of the scope (the roll-up)
    children: list = field(default_factory=list)   # [(Unit, {form key: Cells})]
    own: dict[str, Cells] = field(default_factory=dict)

    def value(self, form_key: str, row_key: str, col_key: str,
              cells: Cells | None = None) -> int | None:
        """The figure of one cell, or None where the form asks what the ledger does not
        record (left blank)."""
        form = form_of(form_key)
        row, col = form.row(row_key), form.column(col_key)
        if row.heading or not row.tracked or not col.tracked:
            return None
        return (self.cells[form_key] if cells is None else cells)[(row_key, col_key)]

    def table(self, form_key: str, cells: Cells | None = None) -> list[dict]:
        """The form as rows of values, for the screen and the JSON answer."""
        form = form_of(form_key)
        return [{"key": r.key, "number": r.number, "label": r.label, "unit": r.unit,
                 "heading": r.heading,
                 "values": {c.key: self.value(form_key, r.key, c.key, cells)
                            for c in form.columns}}
                for r in form.rows]

    def as_json(self) -> dict:
        def totals(cells_by_form):
            return {k: cells_by_form[k][("total", "total")] for k in FORM_KEYS}

        return {
            "scope": self.scope.code, "scope_name": self.scope.name, "year": self.year,
            "receiver": self.receiver, "source": forms.SOURCE,
            "forms": {k: {"code": form_of(k).code, "title": form_of(k).title,
                          "columns": [{"key": c.key, "label": c.label, "group": c.group,
                                       "number": c.number} for c in form_of(k).columns],
                          "rows": self.table(k)} for k in FORM_KEYS},
            "by_unit": [{"unit": u.code, "name": u.name, "totals": totals(c)}
                        for u, c in self.children]
                       + [{"unit": self.scope.code, "name": self.scope.name, "own": True,
                           "totals": totals(self.own)}],
        }


def form_of(key: str) -> forms.Form:
    return {"0601": forms.F0601, "0602": forms.F0602, "0603": forms.F0603}[key]


# -- input ------------------------------------------------------------------------------
def parse_year(value) -> int:
    """A year from 1945 to this year (Việt Nam's date): the forms count what was done."""
    from dienhinh.ledger.models import YEAR_MIN

    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit():
        raise ReportError(_("Năm báo cáo không hợp lệ: “%(v)s” (cần một năm, ví dụ 2025).")
                          % {"v": value})
    year = int(text)
    this_year = timezone.localdate().year
    if not YEAR_MIN <= year <= this_year:
        raise ReportError(_("Năm báo cáo %(y)s nằm ngoài khoảng %(a)s–%(b)s.")
                          % {"y": year, "a": YEAR_MIN, "b": this_year})
    return year


def resolve_scope(code):
    from dienhinh.orgs.models import Unit

    unit = (Unit.objects.select_related("subject", "parent__subject")
            .filter(subject__code=str(code or "").strip()).first())
    if unit is None:
        raise ReportError(_("Không có đơn vị mã “%(c)s”.") % {"c": code})
    return unit


# -- levels -----------------------------------------------------------------------------
def _ids(path: str) -> list[str]:
    return [p for p in path.strip("/").split("/") if p]


def depth(path: str) -> int:
    return len(_ids(path)) - 1


def _bucket(path: str, scope_depth: int) -> str:
    ids = _ids(path)
    return ids[scope_depth + 1] if len(ids) > scope_depth + 1 else OWN


def _level_column(agency_path: str) -> str:
    d = depth(agency_path)
    return "central" if d <= 0 else "province" if d == 1 else "agency"


def _scope_row(agency_path: str) -> str:
    d = depth(agency_path)
    return "scope_national" if d <= 0 else "scope_province" if d == 1 else "scope_agency"


def _length_row(years: int) -> str:
    if years < 1:
        return "len_under1"
    if years == 1:
        return "len_1"
    if years < 3:
        return "len_1to3"
    return "len_3to5" if years < 5 else "len_5plus"


def person_row(position: str, unit_kind: str, unit_path: str) -> str | None:
    """The row under "Cá nhân" a person counts in (see the module's docstring)."""
    if position == "agency_leader":
        if unit_kind in forms.BUSINESS_KINDS:
            return "businessperson"
        d = depth(unit_path)
        if d <= 1:
            return "leader_province"
        if d == 2 and unit_kind == "agency":
            return "leader_department"
        return "leader_other"
    if position == "division_leader":
        return "leader_other"
    if position in forms.DIRECT_POSITIONS:
        return "direct"
    return None


def is_ministry(name: str) -> bool:
    folded = vietnamese.fold(name)
    return folded.startswith("bo ") or folded.startswith("ban ")


# -- computing --------------------------------------------------------------------------
def _movements(scope, year: int, scope_depth: int) -> dict[str, Cells]:
    from dienhinh.plans.models import Plan
    from dienhinh.scoring.models import GroupYear

    buckets: dict[str, Cells] = defaultdict(Counter)
    plans = (Plan.objects.filter(agency__path__startswith=scope.path,
                                 status__in=[Plan.IN_FORCE, Plan.CLOSED],
                                 start_year__lte=year, end_year__gte=year)
             .values_list("agency__path", "start_year", "end_year"))
    rows = [(path, ("total", _scope_row(path), _length_row(end - start + 1),
                    "method_theme")) for path, start, end in plans]
    # A block or cluster (khối, cụm thi đua) emulating in the year: a yearly movement
    # organised by its agency.
    groups = GroupYear.objects.filter(year=year, group__agency__path__startswith=scope.path)
    rows += [(path, ("total", "scope_cluster", "len_1", "method_regular"))
             for path in groups.values_list("group__agency__path", flat=True)]
    for path, keys in rows:
        cells = buckets[_bucket(path, scope_depth)]
        col = _level_column(path)
        for row in keys:
            cells[(row, col)] += 1
            cells[(row, "total")] += 1
    return buckets


def award_records(scope, year: int):
    """The titles and commendations the forms 0602 and 0603 count, of the scope's
    subjects, decided in `year`: tuples (id, code, subject type, path, unit kind,
    position, person's unit kind, person's unit path)."""
    from dienhinh.ledger.models import Achievement
    from dienhinh.orgs.models import SubjectScope

    codes = sorted({c for table in forms.AWARD_COLUMNS.values() for c in table})
    in_scope = SubjectScope.objects.filter(path__startswith=scope.path).values("subject_id")
    start, end = period(year)
    return (Achievement.objects
            .filter(Q(decision_date__gte=start, decision_date__lte=end)
                    | Q(decision_date__isnull=True, year=year),
                    code_id__in=codes, subject_id__in=in_scope)
            .values_list("id", "code_id", "subject__type", "subject__scope__path",
                         "subject__unit__kind", "subject__person__position",
                         "subject__person__unit__kind", "subject__person__unit__path"))


def period(year: int) -> tuple[dt.date, dt.date]:
    """The reporting period of `year`: 01/12 of the year before to 30/11 of the year."""
    (m1, d1), (m2, d2) = forms.PERIOD_START, forms.PERIOD_END
    return dt.date(year - 1, m1, d1), dt.date(year, m2, d2)


def themed_ids(ids) -> set[int]:
    """Achievements written by a recognition decision of a plan, or recorded as the
    higher level's answer to a proposal: awards given through an emulation plan."""
    from dienhinh.decisions.models import ProposalItem, Recognition

    ids = list(ids)
    found: set[int] = set()
    for start in range(0, len(ids), 900):  # stay under SQLite's bound-parameter limit
        chunk = ids[start:start + 900]
        found.update(Recognition.objects.filter(achievement_id__in=chunk,
                                                decision__plan__isnull=False)
                     .values_list("achievement_id", flat=True))
        found.update(ProposalItem.objects.filter(achievement_id__in=chunk)
                     .values_list("achievement_id", flat=True))
    return found


def _awards(scope, year: int, scope_depth: int) -> dict[str, dict[str, Cells]]:
    from dienhinh.orgs.models import Unit

    records = list(award_records(scope, year))
    themed = themed_ids(r[0] for r in records)
    province_ids = {_ids(r[3])[1] for r in records if len(_ids(r[3])) > 1}
    ministries = {str(pk) for pk, name in Unit.objects.filter(pk__in=province_ids)
                  .values_list("pk", "subject__name") if is_ministry(name)}
    out: dict[str, dict[str, Cells]] = {k: defaultdict(Counter) for k in ("0602", "0603")}
    for (pk, code, stype, path, unit_kind, position, p_kind, p_path) in records:
        for form_key, table in forms.AWARD_COLUMNS.items():
            col = table.get(code, {}).get(stype)
            if col is None:
                continue
            rows = ["total", "method_theme" if pk in themed else "method_regular"]
            if stype == "collective":
                if unit_kind == "household":
                    rows.append("household")
                else:
                    rows.append("collective")
                    if unit_kind == "enterprise":
                        rows.append("enterprise")
            else:
                rows.append("individual")
                sub = person_row(position, p_kind, p_path or "")
                if sub:
                    rows.append(sub)
            if form_key == "0602":
                ids = _ids(path)
                if len(ids) > 1:
                    rows.append("proposer_ministry" if ids[1] in ministries
                                else "proposer_province")
            cells = out[form_key][_bucket(path, scope_depth)]
            for row in rows:
                cells[(row, col)] += 1
                cells[(row, "total")] += 1
    return out


def compute(scope, year: int) -> Result:
    """Every cell of the three forms for `scope` (a Unit) and `year`."""
    from dienhinh.orgs.models import Unit

    scope_depth = depth(scope.path)
    per_form = {"0601": _movements(scope, year, scope_depth), **_awards(scope, year,
                                                                          scope_depth)}
    # The units directly under the scope in today's tree (`path`): its children, and
    # dissolved units that hang under it as successor; a unit whose parent is the
    # scope but whose path now leads elsewhere is counted where its path leads.
    keys = {b for f in FORM_KEYS for b in per_form[f]} - {OWN}
    children = [u for u in Unit.objects.filter(Q(parent=scope) | Q(pk__in=keys))
                .select_related("subject").order_by("subject__sort_key", "pk")
                if u.path == f"{scope.path}{u.pk}/"]
    child_cells = []
    for child in children:
        key = str(child.pk)
        child_cells.append((child, {k: Counter(per_form[k].get(key, Counter()))
                                    for k in FORM_KEYS}))
    own = {k: Counter(per_form[k].get(OWN, Counter())) for k in FORM_KEYS}
    total = {k: sum(per_form[k].values(), Counter()) for k in FORM_KEYS}
    return Result(scope=scope, year=year, receiver=receiver_of(scope), cells=total,
                  children=child_cells, own=own)


def receiver_of(scope) -> str:
    """Who receives the forms: the Ministry of Home Affairs for a province or ministry
    (and for the nation), the unit above otherwise."""
    if depth(scope.path) <= 1 or scope.parent_id is None:
        return "Bộ Nội vụ"
    return scope.parent.name


# -- writing ----------------------------------------------------------------------------
def _signer(scope, on) -> tuple[str, str, str]:
    """(place, head's title, head's name) of the reporting agency: the leader in office on
    `on` (orgs.leaders), else the profile its decisions are signed with; the blanks of
    the form when there is neither."""
    from dienhinh.decisions.models import AgencyProfile
    from dienhinh.orgs.leaders import signer_on
    from dienhinh.orgs.places import place_of

    profile = AgencyProfile.objects.filter(agency=scope).first()
    place = profile.place if profile is not None else place_of(scope)
    signer = signer_on(scope, on)
    if signer is not None:
        return place, "\n".join(signer.lines()), signer.name
    if profile is None:
        return place, "THỦ TRƯỞNG ĐƠN VỊ", ""
    return place, profile.signer_title.upper(), profile.signer_name


def write_forms(result: Result, out) -> None:
    """The three forms as one XLSX workbook written to `out` (a path or a binary file)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from dienhinh.core.documents import place_date, workbook_bytes

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold, italic = Font(name="Times New Roman", bold=True), Font(name="Times New Roman",
                                                                 italic=True)
    plain = Font(name="Times New Roman")
    wrap_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap_left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    today = timezone.localdate()
    place, head_title, head_name = _signer(result.scope, today)

    wb = Workbook()
    wb.remove(wb.active)
    for key in FORM_KEYS:
        form = form_of(key)
        ws = wb.create_sheet(form.sheet[:31])
        has_unit = key != "0601"
        lead = 3 if has_unit else 2          # label, mã số, (đơn vị tính)
        ncols = lead + len(form.columns)
        last = get_column_letter(ncols)
        ws.column_dimensions["A"].width = 48
        ws.column_dimensions["B"].width = 8
        if has_unit:
            ws.column_dimensions["C"].width = 12
        for i in range(len(form.columns)):
            ws.column_dimensions[get_column_letter(lead + 1 + i)].width = 14
        half = max(ncols // 2, 1)

        def put(row, col, value, font=plain, align=wrap_left, border=None, ws=ws):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font, cell.alignment = font, align
            if border:
                cell.border = border
            return cell

        put(1, 1, f"Biểu số: {form.code}", bold)
        put(1, half + 1, f"Đơn vị báo cáo: {result.scope.name}", bold)
        put(2, 1, f"Ban hành theo {forms.SOURCE}", italic)
        put(2, half + 1, f"Đơn vị nhận báo cáo: {result.receiver}", bold)
        put(3, 1, f"Ngày nhận báo cáo: {forms.DUE_TEXT}", italic)
        for r in (1, 2):
            ws.merge_cells(start_row=r, start_column=half + 1, end_row=r, end_column=ncols)
        ws.merge_cells(f"A5:{last}5")
        put(5, 1, form.title, Font(name="Times New Roman", bold=True, size=13), wrap_center)
        ws.row_dimensions[5].height = 34
        ws.merge_cells(f"A6:{last}6")
        start, end = period(result.year)
        put(6, 1, f"Năm {result.year} (kỳ báo cáo từ ngày {start:%d/%m/%Y} đến ngày "
                  f"{end:%d/%m/%Y})", italic, wrap_center)
        if form.measure:
            ws.merge_cells(f"A7:{last}7")
            put(7, 1, form.measure, italic, Alignment(horizontal="right"))

        # Header: group row, label row, numbering row.
        top = 9
        heads = ["", "Mã số"] + (["Đơn vị tính"] if has_unit else [])
        for i, text in enumerate(heads, start=1):
            ws.merge_cells(start_row=top, start_column=i, end_row=top + 1, end_column=i)
            put(top, i, text, bold, wrap_center, box)
            put(top + 1, i, None, bold, wrap_center, box)
        col = lead + 1
        columns = list(form.columns)
        i = 0
        while i < len(columns):
            c = columns[i]
            span = 1
            while c.group and i + span < len(columns) and columns[i + span].group == c.group:
                span += 1
            if c.group:
                ws.merge_cells(start_row=top, start_column=col, end_row=top,
                               end_column=col + span - 1)
                put(top, col, c.group, bold, wrap_center, box)
                for j in range(span):
                    put(top + 1, col + j, columns[i + j].label, bold, wrap_center, box)
                    if j:
                        put(top, col + j, None, bold, wrap_center, box)
            else:
                ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
                put(top, col, c.label, bold, wrap_center, box)
                put(top + 1, col, None, bold, wrap_center, box)
            col += span
            i += span
        ws.row_dimensions[top].height = 48
        ws.row_dimensions[top + 1].height = 96
        numbers = ["A", "B"] + (["C"] if has_unit else []) + [c.number for c in columns]
        for j, text in enumerate(numbers, start=1):
            put(top + 2, j, text, bold, wrap_center, box)

        r = top + 3
        for row in form.rows:
            put(r, 1, row.label, bold if row.bold else plain, wrap_left, box)
            put(r, 2, row.number or None, plain, wrap_center, box)
            if has_unit:
                put(r, 3, row.unit or None, plain, wrap_center, box)
            for j, c in enumerate(columns):
                put(r, lead + 1 + j, result.value(key, row.key, c.key),
                    bold if row.bold else plain, Alignment(horizontal="center"), box)
            r += 1

        r += 1
        blanks = any(not r.tracked for r in form.rows) or any(not c.tracked
                                                               for c in form.columns)
        tail = (_("Ô để trống: nội dung sổ thành tích chưa ghi nhận; đơn vị tự điền."),)
        for note in form.notes + (tail if blanks else ()):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            put(r, 1, note, italic)
            ws.row_dimensions[r].height = 30
            r += 1

        # Signer block: the preparer on the left, the head on the right.
        r += 1
        right = half + 1
        put(r, right, place_date(place, today), italic, wrap_center)
        ws.merge_cells(start_row=r, start_column=right, end_row=r, end_column=ncols)
        r += 1
        put(r, 1, "NGƯỜI LẬP BIỂU", bold, wrap_center)
        put(r, right, head_title, bold, wrap_center)
        ws.merge_cells(start_row=r, start_column=right, end_row=r, end_column=ncols)
        r += 1
        put(r, 1, "(Ký, họ tên)", italic, wrap_center)
        put(r, right, "(Ký, họ tên, đóng dấu)", italic, wrap_center)
        ws.merge_cells(start_row=r, start_column=right, end_row=r, end_column=ncols)
        r += 4
        if head_name:
            put(r, right, head_name, bold, wrap_center)
            ws.merge_cells(start_row=r, start_column=right, end_row=r, end_column=ncols)
        r += 2

        # The roll-up, unit by unit: what the form above adds up.
        if result.children or result.own[key][("total", "total")]:
            put(r, 1, "Số liệu chia theo đơn vị trực thuộc (đã cộng vào biểu trên)", bold)
            r += 1
            put(r, 1, "Đơn vị", bold, wrap_center, box)
            put(r, 2, "Tổng số", bold, wrap_center, box)
            r += 1
            for unit, cells in result.children:
                put(r, 1, unit.name, plain, wrap_left, box)
                put(r, 2, cells[key][("total", "total")], plain,
                    Alignment(horizontal="center"), box)
                r += 1
            put(r, 1, f"{result.scope.name} (trực tiếp)", plain, wrap_left, box)
            put(r, 2, result.own[key][("total", "total")], plain,
                Alignment(horizontal="center"), box)
        ws.sheet_view.showGridLines = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.freeze_panes = ws.cell(row=top + 3, column=lead + 1)

    data = workbook_bytes(wb, today)
    if hasattr(out, "write"):
        out.write(data)
    else:
        Path(out).write_bytes(data)


def xlsx_bytes(result: Result) -> bytes:
    import io

    buffer = io.BytesIO()
    write_forms(result, buffer)
    return buffer.getvalue()


def filename(result: Result) -> str:
    return f"bieu-tt02-{result.scope.code}-{result.year}.xlsx"


def run(*, scope, year, output) -> Result:
    """`dienhinh report tt02 --scope UNIT --year YEAR --output FILE.xlsx`."""
    if not str(output or "").lower().endswith(".xlsx"):
        raise ReportError(_("Tệp kết quả phải có đuôi .xlsx: “%(f)s”.") % {"f": output})
    year = parse_year(year)
    unit = resolve_scope(scope)
    result = compute(unit, year)
    try:
        write_forms(result, output)
    except OSError as exc:
        raise ReportError(_("Không ghi được tệp “%(f)s”: %(e)s") % {"f": output,
                                                                   "e": exc.strerror}) from exc
    return result


def due_date(year: int) -> dt.date:
    month, day = forms.DUE
    return dt.date(year, month, day)
