"""Importing units: `code`, `name`, `parent_code`, `kind`.

A unit tree is small (thousands of rows, not millions), and a parent may be
defined further down the same file, so the validated rows are kept in memory.
"""

from __future__ import annotations

from django.utils import timezone

from dienhinh.catalogue import codes
from dienhinh.core import vietnamese
from dienhinh.core.i18n import text as _
from dienhinh.orgs.models import Subject, Unit, UnitVersion
from dienhinh.orgs.services import rebuild_paths

from .base import OUT_OF_SCOPE, PROGRESS_EVERY, TableImport
from .headers import did_you_mean

CODE_MAX = Subject._meta.get_field("code").max_length
NAME_MAX = Subject._meta.get_field("name").max_length


def check_code(result, number: int, column: str, code: str) -> bool:
    if not code:
        result.add_error(number, column, code, _("Thiếu mã."))
        return False
    if len(code) > CODE_MAX or any(ch.isspace() for ch in code):
        result.add_error(number, column, code, _(
            "Mã không được chứa khoảng trắng và dài tối đa %(n)s ký tự."
        ) % {"n": CODE_MAX})
        return False
    return True


def check_name(result, number: int, column: str, name: str) -> bool:
    if not name:
        result.add_error(number, column, name, _("Thiếu tên."))
        return False
    if len(name) > NAME_MAX:
        result.add_error(number, column, name, _("Tên quá dài."))
        return False
    return True


class UnitImport(TableImport):
    table = "units"
    columns = ("code", "name", "parent_code", "kind")
    required = columns

    def validate(self) -> None:
        result = self.result
        self.rows: dict[str, dict] = {}  # code -> parsed row
        # Today's tree and the subject namespace, as code -> facts.
        db_units = {
            code: (pk, parent_code)
            for pk, code, parent_code in Unit.objects.values_list(
                "pk", "subject__code", "parent__subject__code"
            )
        }
        individuals = set(
            Subject.objects.filter(type=Subject.INDIVIDUAL).values_list("code", flat=True)
        )
        for number, rec in self.records():
            result.total += 1
            self.note_preview(rec)
            code, name = rec["code"], vietnamese.clean_text(rec["name"])
            parent_code, kind = rec["parent_code"], rec["kind"]
            good = check_code(result, number, "code", code)
            if good and code in self.rows:
                result.add_error(number, "code", code, _(
                    "Mã đã dùng ở dòng %(row)s của tệp."
                ) % {"row": self.rows[code]["row"]})
                good = False
            elif good and code in individuals:
                result.add_error(number, "code", code, _(
                    "Mã đã dùng cho một cá nhân."
                ))
                good = False
            good &= check_name(result, number, "name", name)
            if kind not in codes.UNIT_KINDS:
                result.add_error(number, "kind", kind, _(
                    "Loại đơn vị không có trong danh mục."
                ) + did_you_mean(kind, codes.UNIT_KINDS))
                good = False
            if parent_code == code and code:
                result.add_error(number, "parent_code", parent_code, _(
                    "Đơn vị không thể là cấp trên của chính nó."
                ))
                good = False
            if code and code not in self.rows:
                self.rows[code] = {"row": number, "code": code, "name": name,
                                   "parent_code": parent_code, "kind": kind, "good": good}
            if result.total % PROGRESS_EVERY == 0:
                self.progress("validate", result.total, 0)

        # Parents can be defined later in the file: check them once all rows are read.
        parents = {code: parent for code, (_pk, parent) in db_units.items()}
        parents.update({code: row["parent_code"] or None for code, row in self.rows.items()})
        for code, row in self.rows.items():
            parent_code = row["parent_code"]
            if parent_code and parent_code not in self.rows and parent_code not in db_units:
                reason = (
                    _("Mã cấp trên là một cá nhân, không phải đơn vị.")
                    if parent_code in individuals
                    else _("Không có đơn vị cấp trên với mã này.")
                )
                result.add_error(row["row"], "parent_code", parent_code, reason)
                row["good"] = False
            elif parent_code and parent_code != code and self._cycles(code, parents):
                result.add_error(row["row"], "parent_code", parent_code, _(
                    "Đơn vị sẽ trở thành cấp trên của chính nó (vòng lặp)."
                ))
                row["good"] = False
        self.db_units = db_units
        if not self.scope.everywhere:
            self._check_scope(db_units)

    @staticmethod
    def _cycles(code: str, parents: dict[str, str | None]) -> bool:
        seen = {code}
        node = parents.get(code)
        while node is not None:
            if node in seen:
                return node == code
            seen.add(node)
            node = parents.get(node)
        return False

    def _check_scope(self, db_units) -> None:
        """A unit officer may change units under their unit and add units below it."""
        memo: dict[str, bool] = {}

        def within(code: str | None, depth: int = 0) -> bool:
            if not code or depth > len(self.rows) + 1:
                return False
            if code in memo:
                return memo[code]
            row = self.rows.get(code)
            if code in db_units:
                answer = self.scope.has_unit(db_units[code][0])
                if answer and row is not None and not keeps_parent(code, row):
                    answer = within(row["parent_code"], depth + 1)
            else:
                answer = row is not None and within(row["parent_code"], depth + 1)
            memo[code] = answer
            return answer

        def keeps_parent(code: str, row: dict) -> bool:
            return (db_units[code][1] or "") == row["parent_code"]

        for code, row in self.rows.items():
            if code in db_units and not self.scope.has_unit(db_units[code][0]):
                self.result.add_error(row["row"], "code", code, _(OUT_OF_SCOPE))
            elif code in db_units and keeps_parent(code, row):
                continue
            elif not within(row["parent_code"]):
                self.result.add_error(row["row"], "parent_code", row["parent_code"], _(OUT_OF_SCOPE))

    def write(self) -> None:
        result = self.result
        existing = {
            u.subject.code: u
            for u in Unit.objects.select_related("subject").filter(subject__code__in=list(self.rows))
        }
        new_codes = [c for c in self.rows if c not in existing]
        subjects = [Subject(code=c, type=Subject.COLLECTIVE) for c in new_codes]
        for subject in subjects:
            subject.set_name(self.rows[subject.code]["name"])
        Subject.objects.bulk_create(subjects, batch_size=1000)
        pk_of = {code: pk for code, (pk, _parent) in self.db_units.items()}
        pk_of.update({s.code: s.pk for s in subjects})

        ordered = self._parents_first(new_codes)
        units = [
            Unit(subject_id=pk_of[c], kind=self.rows[c]["kind"],
                 parent_id=pk_of.get(self.rows[c]["parent_code"]))
            for c in ordered
        ]
        Unit.objects.bulk_create(units, batch_size=1000)
        UnitVersion.objects.bulk_create(
            [UnitVersion(unit_id=u.pk, name=self.rows[code]["name"], kind=u.kind,
                         parent_id=u.parent_id)
             for u, code in zip(units, ordered)],
            batch_size=1000,
        )
        result.created = len(units)

        today = timezone.localdate()
        for code, unit in existing.items():
            row = self.rows[code]
            parent_id = pk_of.get(row["parent_code"])
            if (unit.subject.name, unit.kind, unit.parent_id) == (row["name"], row["kind"], parent_id):
                result.unchanged += 1
                continue
            # The unit's history keeps what it was: close the current version, open a new one.
            unit.subject.set_name(row["name"])
            unit.subject.save(update_fields=["name", "search_name", "sort_key"])
            unit.kind, unit.parent_id, unit.version = row["kind"], parent_id, unit.version + 1
            unit.save(update_fields=["kind", "parent", "version"])
            UnitVersion.objects.filter(unit=unit, valid_to__isnull=True).update(valid_to=today)
            UnitVersion.objects.create(unit=unit, name=unit.subject.name, kind=unit.kind,
                                       parent_id=parent_id, valid_from=today)
            result.updated += 1
        if result.created or result.updated:
            rebuild_paths()
        self.progress("write", result.total, result.total)

    def _parents_first(self, new_codes: list[str]) -> list[str]:
        wanted, ordered, placed = set(new_codes), [], set()

        def place(code: str) -> None:
            if code in placed:
                return
            placed.add(code)
            parent = self.rows[code]["parent_code"]
            if parent in wanted:
                place(parent)
            ordered.append(code)

        for code in new_codes:
            place(code)
        return ordered
