"""Importing people: `code`, `full_name`, `birth_date`, `gender`, `unit_code`, `position`.

Streamed in two passes; a change of unit or position goes through
`orgs.services.move_person`, so the person's assignment history is kept.
"""

from __future__ import annotations

from dienhinh.catalogue import codes
from dienhinh.core import vietnamese
from dienhinh.core.i18n import text as _
from dienhinh.orgs.models import Assignment, Person, Subject, Unit
from dienhinh.orgs.services import move_person

from .base import OUT_OF_SCOPE, PROGRESS_EVERY, TableImport
from .fields import Invalid, parse_date
from .headers import did_you_mean
from .units import check_code, check_name

BATCH = 2000


class PersonImport(TableImport):
    table = "people"
    columns = ("code", "full_name", "birth_date", "gender", "unit_code", "position")
    required = columns

    def _load(self) -> None:
        self.unit_ids = dict(Unit.objects.values_list("subject__code", "pk"))

    def parse(self, number: int, rec: dict, report: bool):
        """The row as model values, or None (errors reported when `report`)."""
        result = self.result
        errors, bad = [], False
        code = rec["code"]
        name = vietnamese.clean_text(rec["full_name"])
        if report:
            if not check_code(result, number, "code", code):
                bad = True
            elif code in self.unit_ids:
                errors.append(("code", code, _(
                    "Mã đã dùng cho một đơn vị.")))
            if not check_name(result, number, "full_name", name):
                bad = True
        try:
            birth = parse_date(rec["birth_date"])
        except Invalid as exc:
            errors.append(("birth_date", rec["birth_date"], exc.args[0]))
            birth = None
        gender = rec["gender"].lower()
        if gender not in ("", *codes.GENDERS):
            errors.append(("gender", rec["gender"], _(
                "Giới tính phải là “nam”, “nu” hoặc để trống.")
                + did_you_mean(gender, codes.GENDERS)))
        unit_id = self.unit_ids.get(rec["unit_code"])
        if unit_id is None:
            errors.append(("unit_code", rec["unit_code"], _(
                "Không có đơn vị với mã này.") if rec["unit_code"] else _(
                "Thiếu mã đơn vị.")))
        elif not self.scope.has_unit(unit_id):
            errors.append(("unit_code", rec["unit_code"], _(OUT_OF_SCOPE)))
        if rec["position"] not in codes.POSITIONS:
            errors.append(("position", rec["position"], _(
                "Chức vụ, vị trí không có trong danh mục.")
                + did_you_mean(rec["position"], codes.POSITIONS)))
        if errors or bad:
            if report:
                for error in errors:
                    result.add_error(number, *error)
            return None
        return {"code": code, "name": name, "birth_date": birth, "gender": gender,
                "unit_id": unit_id, "position": rec["position"]}

    def validate(self) -> None:
        self._load()
        result = self.result
        seen: dict[str, int] = {}
        batch = []
        for number, rec in self.records():
            result.total += 1
            self.note_preview(rec)
            code = rec["code"]
            if code and code in seen:
                result.add_error(number, "code", code, _(
                    "Mã đã dùng ở dòng %(row)s của tệp."
                ) % {"row": seen[code]})
            elif code:
                seen[code] = number
            row = self.parse(number, rec, report=True)
            if row is not None:
                batch.append((number, row))
            if len(batch) >= BATCH:
                self._check_existing(batch)
                batch = []
            if result.total % PROGRESS_EVERY == 0:
                self.progress("validate", result.total, 0)
        self._check_existing(batch)

    def _check_existing(self, batch) -> None:
        """Someone already in the database may only be changed within the user's scope."""
        if self.scope.everywhere or not batch:
            return
        current = dict(
            Person.objects.filter(subject__code__in=[r["code"] for _n, r in batch])
            .values_list("subject__code", "unit_id")
        )
        for number, row in batch:
            if row["code"] in current and not self.scope.has_unit(current[row["code"]]):
                self.result.add_error(number, "code", row["code"], _(OUT_OF_SCOPE))

    def write(self) -> None:
        self._load()
        batch, done = [], 0
        for number, rec in self.records():
            batch.append(self.parse(number, rec, report=False))
            if len(batch) >= BATCH:
                self._write_batch(batch)
                done += len(batch)
                batch = []
                self.progress("write", done, self.result.total)
        self._write_batch(batch)
        self.progress("write", self.result.total, self.result.total)

    def _write_batch(self, rows: list[dict]) -> None:
        if not rows:
            return
        result = self.result
        existing = {
            p.subject.code: p
            for p in Person.objects.select_related("subject").filter(
                subject__code__in=[r["code"] for r in rows])
        }
        new = [r for r in rows if r["code"] not in existing]
        subjects = []
        for r in new:
            subject = Subject(code=r["code"], type=Subject.INDIVIDUAL)
            subject.set_name(r["name"])
            subjects.append(subject)
        Subject.objects.bulk_create(subjects)
        people = [
            Person(subject_id=s.pk, birth_date=r["birth_date"], gender=r["gender"],
                   unit_id=r["unit_id"], position=r["position"])
            for s, r in zip(subjects, new)
        ]
        Person.objects.bulk_create(people)
        Assignment.objects.bulk_create([
            Assignment(person_id=p.pk, unit_id=p.unit_id, position=p.position) for p in people
        ])
        result.created += len(people)

        for r in rows:
            person = existing.get(r["code"])
            if person is None:
                continue
            changed = False
            if person.subject.name != r["name"]:
                person.subject.set_name(r["name"])
                person.subject.save(update_fields=["name", "search_name", "sort_key"])
                changed = True
            if (person.birth_date, person.gender) != (r["birth_date"], r["gender"]):
                person.birth_date, person.gender = r["birth_date"], r["gender"]
                person.version += 1
                person.save(update_fields=["birth_date", "gender", "version"])
                changed = True
            if (person.unit_id, person.position) != (r["unit_id"], r["position"]):
                move_person(person, Unit(pk=r["unit_id"]), r["position"])
                changed = True
            if changed:
                result.updated += 1
            else:
                result.unchanged += 1
