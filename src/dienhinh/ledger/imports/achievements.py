"""Importing achievements — the big table (a province: millions of rows).

Pass one validates row by row with dictionary look-ups (subject code → id, the
catalogue) and keeps only what cross-row rules need: a hash of each row's
identity, and the rating / indicator held per subject and year. Pass two reads
the file again and upserts in batches on the `achievement_identity` unique
constraint, with the fastest path each database offers: `executemany` of
`INSERT … ON CONFLICT DO UPDATE` on SQLite, `COPY` into a temporary table then
one `INSERT … SELECT … ON CONFLICT` on PostgreSQL. The `WHERE … IS DISTINCT FROM`
on the update leaves identical rows untouched, so a re-import reports them as
unchanged and bumps no version.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.catalogue import codes as contract
from dienhinh.catalogue.models import AchievementCode, InitiativeLevel, Issuer
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Subject

from .base import OUT_OF_SCOPE, PROGRESS_EVERY, TableImport
from .fields import Invalid, parse_amount, parse_date, parse_year

BATCH = 10_000
DECISION_NO_MAX = Achievement._meta.get_field("decision_no").max_length
# Column order of a parsed row; the first seven are the identity.
FIELDS = ("subject", "year", "kind", "code", "issuer", "level", "decision_no",
          "value", "decision_date", "note")
COLUMNS = [Achievement._meta.get_field(f).column for f in FIELDS]
IDENTITY = COLUMNS[:7]


class AchievementImport(TableImport):
    table = "achievements"
    columns = ("subject_code", "year", "kind", "code", "issuer", "level", "value",
               "decision_no", "decision_date", "note")
    required = ("subject_code", "year", "kind", "code")

    def _load(self) -> None:
        self.subjects = {
            code: (pk, kind)
            for pk, code, kind in Subject.objects.values_list("pk", "code", "type").iterator(5000)
        }
        self.codes = {c.code: (c.kind, c.subject_type) for c in AchievementCode.objects.all()}
        self.issuers = dict(Issuer.objects.values_list("code", "valid_until"))
        self.levels = set(InitiativeLevel.objects.values_list("code", flat=True))

    def parse(self, number: int, rec: dict, report: bool):
        """The row as a tuple in FIELDS order, or None (errors reported when `report`)."""
        errors = []
        subject = self.subjects.get(rec["subject_code"])
        if subject is None:
            errors.append(("subject_code", _(
                "Không có đơn vị hay cá nhân với mã này. / Unknown subject (unit or person)."
            ) if rec["subject_code"] else _("Thiếu mã đối tượng. / Subject code is required.")))
        elif not self.scope.has_subject(subject[0]):
            errors.append(("subject_code", _(OUT_OF_SCOPE)))
        try:
            year = parse_year(rec["year"])
        except Invalid as exc:
            errors.append(("year", str(exc)))
            year = None
        kind, code = rec["kind"], rec["code"]
        entry = self.codes.get(code)
        if kind not in contract.ACHIEVEMENT_KINDS:
            errors.append(("kind", _("Loại thành tích không có trong danh mục. / Unknown kind.")))
        if entry is None:
            errors.append(("code", _(
                "Mã thành tích không có trong danh mục. / Unknown achievement code.")))
        elif kind in contract.ACHIEVEMENT_KINDS and entry[0] != kind:
            errors.append(("kind", _(
                "Mã %(code)s thuộc loại “%(right)s”, không phải “%(kind)s”. "
                "/ Code %(code)s is of kind %(right)s, not %(kind)s."
            ) % {"code": code, "right": entry[0], "kind": kind}))
        elif subject is not None and entry[1] and entry[1] != subject[1]:
            errors.append(("code", _(
                "Mã %(code)s chỉ dành cho %(who)s. / Code %(code)s is only for %(type)s subjects."
            ) % {"code": code, "who": contract.SUBJECT_TYPES[entry[1]][0].lower(),
                 "type": entry[1]}))
        # Rules that hang on the kind only apply once kind and code agree.
        kind_ok = entry is not None and entry[0] == kind
        issuer, level = rec["issuer"], rec["level"]
        if issuer:
            if issuer not in self.issuers:
                errors.append(("issuer", _("Cấp khen không có trong danh mục. / Unknown issuer.")))
            elif year and self.issuers[issuer] and year > self.issuers[issuer]:
                errors.append(("issuer", _(
                    "Cấp khen %(issuer)s chỉ có đến năm %(until)s. / Issuer %(issuer)s ceased in "
                    "%(until)s.") % {"issuer": issuer, "until": self.issuers[issuer]}))
        elif kind_ok and kind == "commendation":
            errors.append(("issuer", _(
                "Hình thức khen thưởng phải có cấp khen. / A commendation needs an issuer.")))
        fixed = contract.FIXED_ISSUER.get(code)
        if fixed and issuer and issuer != fixed:
            errors.append(("issuer", _(
                "%(code)s chỉ do cấp %(fixed)s khen. / %(code)s is issued only by %(fixed)s."
            ) % {"code": code, "fixed": fixed}))
        if level and level not in self.levels:
            errors.append(("level", _(
                "Cấp sáng kiến không có trong danh mục. / Unknown initiative level.")))
        elif not level and kind_ok and kind == "initiative":
            errors.append(("level", _(
                "Sáng kiến phải có cấp (co_so, tinh, toan_quoc). / An initiative needs a level.")))
        try:
            value = parse_amount(rec["value"])
        except Invalid as exc:
            errors.append(("value", str(exc)))
            value = None
        else:
            if value is None and kind_ok and kind == "indicator":
                errors.append(("value", _("Chỉ tiêu phải có giá trị. / An indicator needs a value.")))
        try:
            decision_date = parse_date(rec["decision_date"])
        except Invalid as exc:
            errors.append(("decision_date", str(exc)))
            decision_date = None
        decision_no = rec["decision_no"]
        if len(decision_no) > DECISION_NO_MAX:
            errors.append(("decision_no", _("Số quyết định quá dài. / Decision number too long.")))
        if errors:
            if report:
                for column, reason in errors:
                    self.result.add_error(number, column, rec[column], reason)
            return None
        return (subject[0], year, kind, code, issuer, level, decision_no,
                value, decision_date, rec["note"])

    def validate(self) -> None:
        self._load()
        result = self.result
        seen: set[int] = set()
        once: dict[tuple, tuple] = {}  # rating / indicator slot -> (identity, row or 0 for DB)
        loaded = set()
        for number, rec in self.records():
            result.total += 1
            if result.total % PROGRESS_EVERY == 0:
                self.progress("validate", result.total, 0)
            self.note_preview(rec)
            row = self.parse(number, rec, report=True)
            if row is None:
                continue
            identity = row[:7]
            key = hash(identity)
            if key in seen:
                result.add_error(number, "code", row[3], _(
                    "Dòng trùng với một dòng trước trong tệp (cùng đối tượng, năm, loại, mã, "
                    "cấp khen, cấp sáng kiến, số quyết định). / Duplicates an earlier row."))
                continue
            seen.add(key)
            kind = row[2]
            if kind in ("rating", "indicator"):
                if kind not in loaded:
                    self._load_slots(kind, once)
                    loaded.add(kind)
                slot = (kind, row[0], row[1]) if kind == "rating" else (kind, row[0], row[1], row[3])
                held = once.get(slot)
                if held is None:
                    once[slot] = (identity, number)
                elif held[0] != identity:
                    if kind == "rating":
                        reason = _("Đã có xếp loại khác cho đối tượng trong năm này (%(where)s). "
                                   "/ A different rating already exists for this subject and year.")
                    else:
                        reason = _("Đã có giá trị chỉ tiêu này cho đối tượng trong năm (%(where)s). "
                                   "/ This indicator already has a value for this subject and year.")
                    where = (_("dòng %(row)s") % {"row": held[1]}) if held[1] else _("trong CSDL")
                    result.add_error(number, "code", row[3], reason % {"where": where})

    @staticmethod
    def _load_slots(kind: str, once: dict) -> None:
        rows = Achievement.objects.filter(kind=kind).values_list(
            "subject_id", "year", "kind", "code", "issuer", "level", "decision_no").iterator(5000)
        for identity in rows:
            slot = ((kind, identity[0], identity[1]) if kind == "rating"
                    else (kind, identity[0], identity[1], identity[3]))
            once[slot] = (identity, 0)

    def write(self) -> None:
        self._load()
        before = Achievement.objects.count()
        now = timezone.now()
        if connection.vendor == "postgresql":
            changed = self._write_postgresql(now)
        else:
            changed = self._write_executemany(now)
        result = self.result
        result.created = Achievement.objects.count() - before
        result.updated = changed - result.created
        result.unchanged = result.total - result.created - result.updated
        self.progress("write", result.total, result.total)

    def _rows(self):
        for number, rec in self.records():
            yield self.parse(number, rec, report=False)

    def _write_executemany(self, now) -> int:
        table = Achievement._meta.db_table
        cols = COLUMNS + ["version", "created_at", "updated_at"]
        sql = (
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))}) "
            f"ON CONFLICT ({', '.join(IDENTITY)}) DO UPDATE SET value = excluded.value, "
            "decision_date = excluded.decision_date, note = excluded.note, "
            f"version = {table}.version + 1, updated_at = excluded.updated_at "
            f"WHERE {table}.value IS NOT excluded.value "
            f"OR {table}.decision_date IS NOT excluded.decision_date "
            f"OR {table}.note IS NOT excluded.note"
        )
        stamp = connection.ops.adapt_datetimefield_value(now)
        changed, done, batch = 0, 0, []
        with connection.cursor() as cursor:
            # SQLite's default page cache (2 MB) thrashes on five indexes of a
            # million rows; give this connection room while it writes.
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
            for row in self._rows():
                value, day = row[7], row[8]
                batch.append(row[:7] + (
                    None if value is None else str(value),
                    None if day is None else day.isoformat(), row[9], 1, stamp, stamp))
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    changed += cursor.rowcount
                    done += len(batch)
                    batch = []
                    self.progress("write", done, self.result.total)
            if batch:
                cursor.executemany(sql, batch)
                changed += cursor.rowcount
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
        return changed

    def _write_postgresql(self, now) -> int:
        table = Achievement._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS import_achievement")
            cursor.execute(
                "CREATE TEMP TABLE import_achievement (subject_id bigint, year integer, "
                "kind text, code text, issuer text, level text, decision_no text, "
                "value numeric(22, 2), decision_date date, note text) ON COMMIT DROP"
            )
            done = 0
            with cursor.copy(f"COPY import_achievement ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in self._rows():
                    copy.write_row(row)
                    done += 1
                    if done % BATCH == 0:
                        # Rows copied; the upsert after the copy is the last step.
                        self.progress("write", done * 3 // 4, self.result.total)
            self.progress("write", done * 3 // 4, self.result.total)
            cols = ", ".join(COLUMNS)
            # In index order, inserts touch each index page once instead of at random.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(
                f"INSERT INTO {table} ({cols}, version, created_at, updated_at) "
                f"SELECT {cols}, 1, %s, %s FROM import_achievement "
                f"ORDER BY {', '.join(IDENTITY)} "
                f"ON CONFLICT ({', '.join(IDENTITY)}) DO UPDATE SET value = EXCLUDED.value, "
                "decision_date = EXCLUDED.decision_date, note = EXCLUDED.note, "
                f"version = {table}.version + 1, updated_at = EXCLUDED.updated_at "
                f"WHERE ({table}.value, {table}.decision_date, {table}.note) "
                "IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.decision_date, EXCLUDED.note)",
                [now, now],
            )
            changed = cursor.rowcount
            cursor.execute("DROP TABLE import_achievement")
        return changed
