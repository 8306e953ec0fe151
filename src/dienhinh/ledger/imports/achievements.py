"""Importing achievements — the big table (a province: millions of rows).

The file is read once, row by row, with dictionary look-ups (subject code → id,
the catalogue); only what cross-row rules need is kept in memory: a hash of each
row's identity, and the rating / indicator held per subject and year. Valid rows
are staged in a temporary table as they are read (`COPY` on PostgreSQL,
`executemany` on SQLite). If any row is invalid the staging table is dropped and
nothing is written; otherwise one `INSERT … SELECT … ON CONFLICT DO UPDATE` on the
`achievement_identity` unique constraint moves them into the ledger inside the
import's transaction.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from dienhinh.catalogue import codes as contract
from dienhinh.catalogue.models import AchievementCode, InitiativeLevel, Issuer
from dienhinh.core.i18n import text as _
from dienhinh.ledger import rules
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Subject

from .base import OUT_OF_SCOPE, PROGRESS_EVERY, TableImport
from .fields import Invalid, parse_amount, parse_date, parse_year
from .headers import did_you_mean

BATCH = 10_000
DECISION_NO_MAX = Achievement._meta.get_field("decision_no").max_length
# Column order of a parsed row; the first seven are the identity.
FIELDS = ("subject", "year", "kind", "code", "issuer", "level", "decision_no",
          "value", "decision_date", "note")
COLUMNS = [Achievement._meta.get_field(f).column for f in FIELDS]
IDENTITY = COLUMNS[:7]
STAGE = "import_achievement_stage"


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
        self.on = rules.today()  # one "today" for every row of the file

    def parse(self, number: int, rec: dict, report: bool):
        """The row as a tuple in FIELDS order, or None (errors reported when `report`)."""
        errors = []
        subject = self.subjects.get(rec["subject_code"])
        if subject is None:
            errors.append(("subject_code", _(
                "Không có đơn vị hay cá nhân với mã này."
            ) if rec["subject_code"] else _("Thiếu mã đối tượng.")))
        elif not self.scope.has_subject(subject[0]):
            errors.append(("subject_code", _(OUT_OF_SCOPE)))
        try:
            year = parse_year(rec["year"])
        except Invalid as exc:
            errors.append(("year", exc.args[0]))
            year = None
        kind, code = rec["kind"], rec["code"]
        entry = self.codes.get(code)
        if kind not in contract.ACHIEVEMENT_KINDS:
            errors.append(("kind", _("Loại thành tích không có trong danh mục.")
                           + did_you_mean(kind, contract.ACHIEVEMENT_KINDS)))
        if entry is None:
            errors.append(("code", _(
                "Mã thành tích không có trong danh mục.")
                + did_you_mean(code, self.codes)))
        elif kind in contract.ACHIEVEMENT_KINDS and entry[0] != kind:
            errors.append(("kind", _(
                "Mã %(code)s thuộc loại “%(right)s”, không phải “%(kind)s”."
            ) % {"code": code, "right": entry[0], "kind": kind}))
        elif subject is not None and entry[1] and entry[1] != subject[1]:
            errors.append(("code", _(
                "Mã %(code)s chỉ dành cho %(who)s."
            ) % {"code": code, "type": entry[1],
                 "who": _("cá nhân") if entry[1] == "individual" else _("tập thể")}))
        # Rules that hang on the kind only apply once kind and code agree.
        kind_ok = entry is not None and entry[0] == kind
        issuer, level = rec["issuer"], rec["level"]
        if issuer:
            if issuer not in self.issuers:
                errors.append(("issuer", _("Cấp khen không có trong danh mục.")
                               + did_you_mean(issuer, self.issuers)))
            elif year and self.issuers[issuer] and year > self.issuers[issuer]:
                errors.append(("issuer", _(
                    "Cấp khen %(issuer)s chỉ có đến năm %(until)s.") % {"issuer": issuer, "until": self.issuers[issuer]}))
        elif kind_ok and kind == "commendation":
            errors.append(("issuer", _(
                "Hình thức khen thưởng phải có cấp khen.")))
        fixed = contract.FIXED_ISSUER.get(code)
        if fixed and issuer and issuer != fixed:
            errors.append(("issuer", _(
                "%(code)s chỉ do cấp %(fixed)s khen."
            ) % {"code": code, "fixed": fixed}))
        if level and level not in self.levels:
            errors.append(("level", _(
                "Cấp sáng kiến không có trong danh mục.")
                + did_you_mean(level, self.levels)))
        elif not level and kind_ok and kind == "initiative":
            errors.append(("level", _(
                "Sáng kiến phải có cấp (co_so, tinh, toan_quoc).")))
        try:
            value = parse_amount(rec["value"])
        except Invalid as exc:
            errors.append(("value", exc.args[0]))
            value = None
        else:
            if value is None and kind_ok and kind == "indicator":
                errors.append(("value", _("Chỉ tiêu phải có giá trị.")))
        try:
            decision_date = parse_date(rec["decision_date"])
        except Invalid as exc:
            errors.append(("decision_date", exc.args[0]))
            decision_date = None
        # The same year and date rules as the form and the API (ledger.rules).
        errors += [(e.field, e.message) for e in rules.year_errors(year, decision_date, self.on)]
        decision_no = rec["decision_no"]
        if len(decision_no) > DECISION_NO_MAX:
            errors.append(("decision_no", _("Số quyết định quá dài.")))
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
        staged: list[tuple] = []
        if self.staging:
            self._create_stage()
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
                    "Dòng trùng với một dòng trước trong tệp (cùng đối tượng, năm, loại, mã, cấp "
                    "khen, cấp sáng kiến, số quyết định)."))
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
                        reason = _("Đã có xếp loại khác cho đối tượng trong năm này (%(where)s).")
                    else:
                        reason = _("Đã có giá trị chỉ tiêu này cho đối tượng trong năm "
                                   "(%(where)s).")
                    where = (_("dòng %(row)s") % {"row": held[1]}) if held[1] else _("trong CSDL")
                    result.add_error(number, "code", row[3], reason % {"where": where})
                    continue
            # Once the file has an error nothing will be written: stop staging.
            if self.staging and not result.error_count:
                staged.append(row)
                if len(staged) >= BATCH:
                    self._stage(staged)
                    staged = []
        if self.staging and not result.error_count:
            self._stage(staged)

    @staticmethod
    def _load_slots(kind: str, once: dict) -> None:
        rows = Achievement.objects.filter(kind=kind).values_list(
            "subject_id", "year", "kind", "code", "issuer", "level", "decision_no").iterator(5000)
        for identity in rows:
            slot = ((kind, identity[0], identity[1]) if kind == "rating"
                    else (kind, identity[0], identity[1], identity[3]))
            once[slot] = (identity, 0)

    # The staging table: valid rows as read, without indexes (cheap to fill). It is
    # a session temporary table, so filling it takes no lock on the ledger; the
    # upsert from it runs inside the import's transaction.
    def _create_stage(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGE} (subject_id bigint, year integer, kind text, "
                "code text, issuer text, level text, decision_no text, value decimal(22, 2), "
                "decision_date date, note text)"
            )

    def _stage(self, rows: list[tuple]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {STAGE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                # Outside a transaction every row would be a transaction of its own;
                # a plain (deferred) BEGIN writing only to the temporary database
                # takes no lock on the ledger's file.
                own = not connection.in_atomic_block
                if own:
                    cursor.execute("BEGIN")
                cursor.executemany(
                    f"INSERT INTO {STAGE} ({', '.join(COLUMNS)}) VALUES "
                    f"({', '.join(['%s'] * len(COLUMNS))})",
                    [row[:7] + (None if row[7] is None else str(row[7]),
                                None if row[8] is None else row[8].isoformat(), row[9])
                     for row in rows],
                )
                if own:
                    cursor.execute("COMMIT")

    def cleanup(self) -> None:
        if self.staging:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")

    def write(self) -> None:
        """One `INSERT … SELECT … ON CONFLICT` from the staging table, in index order
        so that each index page is touched once rather than at random. The
        `WHERE … IS DISTINCT FROM` leaves identical rows alone: a re-import reports
        them unchanged and bumps no version."""
        table = Achievement._meta.db_table
        result = self.result
        before = Achievement.objects.count()
        now = timezone.now()
        cols = ", ".join(COLUMNS)
        if connection.vendor == "postgresql":
            changed_where = (f"({table}.value, {table}.decision_date, {table}.note) IS DISTINCT "
                             "FROM (excluded.value, excluded.decision_date, excluded.note)")
        else:
            changed_where = " OR ".join(f"{table}.{c} IS NOT excluded.{c}"
                                        for c in ("value", "decision_date", "note"))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL work_mem = '256MB'")
            else:
                # SQLite's default page cache (2 MB) thrashes on the ledger's indexes.
                cursor.execute("PRAGMA cache_size")
                cache_size = cursor.fetchone()[0]
                cursor.execute("PRAGMA cache_size = -131072")  # 128 MiB
            cursor.execute(
                f"INSERT INTO {table} ({cols}, version, created_at, updated_at) "
                f"SELECT {cols}, 1, %s, %s FROM {STAGE} WHERE true "
                f"ORDER BY {', '.join(IDENTITY)} "
                f"ON CONFLICT ({', '.join(IDENTITY)}) DO UPDATE SET value = excluded.value, "
                "decision_date = excluded.decision_date, note = excluded.note, "
                f"version = {table}.version + 1, updated_at = excluded.updated_at "
                f"WHERE {changed_where}",
                [now, now],
            )
            changed = cursor.rowcount
            if connection.vendor != "postgresql":
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
        result.created = Achievement.objects.count() - before
        result.updated = changed - result.created
        result.unchanged = result.total - result.created - result.updated
        self.progress("write", result.total, result.total)
