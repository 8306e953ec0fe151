"""The set-based engine: a whole scope in one DuckDB pass.

The ledger is scanned once per (template, year): one GROUP BY subject computes,
with FILTER clauses, every leaf's aggregate (records found, a bit mask of years,
indicator values by year). Each criterion then compiles to an SQL expression of
its *distance* (see `explain.py` for the definitions, which this mirrors);
members' conditions become one aggregate over a (unit, member) relation built
from the tree paths, and own-unit conditions one self-join. The result is one row
per subject in scope that matches a profile, with the profile, the quantitative
verdict, the total distance and every subject-level node's distance.

Tables expected in the connection (see `Store`):
  subjects(id, code, type, kind, position, unit_id, path)
  ledger(subject_id, year, code, issuer, level, value)
"""

from __future__ import annotations

import csv
import os
import tempfile

import duckdb

from .explain import consecutive_distance
from .template import Node, Template

SUBJECT_COLUMNS = {"id": "BIGINT", "code": "VARCHAR", "type": "VARCHAR", "kind": "VARCHAR",
                   "position": "VARCHAR", "unit_id": "BIGINT", "path": "VARCHAR"}
LEDGER_COLUMNS = {"subject_id": "BIGINT", "year": "INTEGER", "code": "VARCHAR",
                  "issuer": "VARCHAR", "level": "VARCHAR", "value": "DECIMAL(22,2)"}
# Empty CSV fields load as NULL: for issuer, level and position NULL and '' behave the
# same in every predicate (neither is in any list), so rows are written as they come.


class Store:
    """A DuckDB connection holding the scope's subjects and ledger."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None):
        self.con = con or duckdb.connect()

    @classmethod
    def from_rows(cls, subjects, records) -> Store:
        """From iterables of tuples in the column order above (or SubjectRow/Record)."""
        store = cls()
        with tempfile.TemporaryDirectory(prefix="dienhinh-eval-") as tmp:
            s_path, l_path = os.path.join(tmp, "s.csv"), os.path.join(tmp, "l.csv")
            write_csv(s_path, (tuple(s.__dict__.values()) if hasattr(s, "__dict__") else s
                               for s in subjects))
            write_csv(l_path, ((r.subject_id, r.year, r.code, r.issuer, r.level, r.value)
                               if hasattr(r, "subject_id") else r for r in records))
            store.load_csv(s_path, l_path)
        return store

    def load_csv(self, subjects_path: str, ledger_path: str) -> None:
        for table, path, columns in (("subjects", subjects_path, SUBJECT_COLUMNS),
                                     ("ledger", ledger_path, LEDGER_COLUMNS)):
            cols = ", ".join(f"'{k}': '{v}'" for k, v in columns.items())
            self.con.execute(
                f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv(?, header=false, "
                f"columns={{{cols}}}, quote='\"', escape='\"', delim=',', "
                "auto_detect=false)",
                [path],
            )


def write_csv(path: str, rows) -> None:
    """Rows straight from a DB cursor (the csv module's C loop; None is written empty)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def _lit(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in sorted(values))


class Compiler:
    def __init__(self, t: Template, year: int):
        self.t, self.year = t, year
        self.aggs: list[str] = []
        self.columns: dict[str, str] = {}  # aggregate expression -> its column
        self.alias: dict[int, str] = {}  # leaf node id -> its aggregate's column
        self.growth_aggs: list[str] = []
        self.codes: set[str] = set()
        self.growth_codes: set[str] = set()
        self.ctes: dict[int, str] = {}  # in the order they may refer to each other
        self.uses_members = False
        self.lo, self.hi = None, None

    # -- leaf aggregates -------------------------------------------------------------
    def pred(self, n: Node) -> str:
        ors = []
        for s in n.select:
            parts = [f"code IN ({_lit(s.codes)})"]
            if s.issuers is not None:
                parts.append(f"issuer IN ({_lit(s.issuers)})")
            if s.levels is not None:
                parts.append(f"level IN ({_lit(s.levels)})")
            ors.append("(" + " AND ".join(parts) + ")")
        return "(" + " OR ".join(ors) + ")"

    def aggregate(self, n: Node, prefix: str, expression: str) -> None:
        """One column per distinct aggregate: profiles often repeat a criterion (the
        same rating every year for staff and for leaders), and each column costs a
        pass of its filter over every record."""
        alias = self.columns.get(expression)
        if alias is None:
            alias = self.columns[expression] = f"{prefix}{n.nid}"
            self.aggs.append(f"{expression} AS {alias}")
        self.alias[n.nid] = alias

    def leaves(self):
        # Every leaf's window is within the span the aggregate reads (WHERE year BETWEEN
        # lo AND hi): a leaf whose window is that whole span needs no year test of its own.
        spans = [self.t.window(n, self.year) for n in self.t.nodes()
                 if n.type in ("count", "in_year", "every_year", "consecutive", "growth")]
        spans = [(a, b) for a, b in spans if a <= b]
        whole = (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None
        for n in self.t.nodes():
            if n.type in ("count", "in_year", "every_year", "consecutive", "growth"):
                w0, w1 = self.t.window(n, self.year)
                if w0 > w1:
                    continue
                self.lo = w0 if self.lo is None else min(self.lo, w0)
                self.hi = w1 if self.hi is None else max(self.hi, w1)
                within = "TRUE" if (w0, w1) == whole else f"year BETWEEN {w0} AND {w1}"
                if n.type != "growth":
                    for sel in n.select:
                        self.codes |= sel.codes
                if n.type in ("count", "in_year"):
                    self.aggregate(n, "n", f"count(*) FILTER (WHERE {self.pred(n)} AND {within})")
                elif n.type in ("every_year", "consecutive"):
                    # the shift is computed before FILTER applies: keep it in range
                    self.aggregate(n, "m", f"bit_or(CAST(1 AS BIGINT) << least(greatest(year - "
                                           f"{w0}, 0), 62)) FILTER (WHERE {self.pred(n)} AND "
                                           f"{within})")
                else:
                    # Indicators are few (enterprises only): their own narrow pass keeps
                    # these many columns off the main one.
                    self.growth_codes |= set(n.codes)
                    for code in n.codes:
                        for y in range(w0, w1 + 1):
                            self.growth_aggs.append(
                                f"max(value) FILTER (WHERE code = '{code}' AND year = {y}) "
                                f"AS g{n.nid}_{code}_{y}")

    # -- distances -------------------------------------------------------------------
    def dist(self, n: Node, a: str, joins: dict) -> str:
        w0, w1 = self.t.window(n, self.year)
        if n.type == "count":
            if w0 > w1:  # an empty window has no aggregate column: nothing found
                return str(n.min)
            return f"greatest({n.min} - coalesce({a}.{self.alias[n.nid]}, 0), 0)"
        if n.type == "in_year":
            if w0 > w1:
                return "1"
            return f"(CASE WHEN coalesce({a}.{self.alias[n.nid]}, 0) > 0 THEN 0 ELSE 1 END)"
        if n.type == "every_year":
            if w0 > w1:
                return "0"
            return f"({w1 - w0 + 1} - CAST(bit_count(coalesce({a}.{self.alias[n.nid]}, 0)) AS INTEGER))"
        if n.type == "consecutive":
            length = w1 - w0 + 1
            if length <= 0:
                return str(n.years)
            table = [consecutive_distance({w0 + i for i in range(length) if m >> i & 1},
                                          w0, w1, n.years) for m in range(1 << length)]
            return f"([{', '.join(map(str, table))}][coalesce({a}.{self.alias[n.nid]}, 0) + 1])"
        if n.type == "growth":
            terms = [f"(CASE WHEN {a}.g{n.nid}_{c}_{y} > {a}.g{n.nid}_{c}_{y - 1} THEN 0 ELSE 1 END)"
                     for y in range(w0 + 1, w1 + 1) for c in n.codes]
            return "(" + " + ".join(terms) + ")" if terms else "0"
        if n.type == "all":
            return "(" + " + ".join(self.dist(c, a, joins) for c in n.children) + ")"
        if n.type == "any":
            parts = [self.dist(c, a, joins) for c in n.children]
            return parts[0] if len(parts) == 1 else "least(" + ", ".join(parts) + ")"
        if n.type == "not":
            return f"(CASE WHEN {self.dist(n.children[0], a, joins)} = 0 THEN 1 ELSE 0 END)"
        if n.type == "members":
            self.members_cte(n)
            k = f"{a}_k{n.nid}"
            joins[k] = f"LEFT JOIN mem{n.nid} {k} ON {k}.unit_id = {a}.id"
            if n.quantifier == "none":
                return f"coalesce({k}.met, 0)"
            if n.quantifier == "all":  # the CTE holds only the members who fail
                return f"coalesce({k}.total, 0)"
            return f"(CASE WHEN coalesce({k}.met, 0) > 0 THEN 0 ELSE coalesce({k}.lo, 1) END)"
        if n.type == "own_unit":
            self.own_unit_cte(n)
            k = f"{a}_o{n.nid}"
            joins[k] = f"LEFT JOIN own{n.nid} {k} ON {k}.id = {a}.unit_id"
            return f"coalesce({k}.d, 1)"  # no such unit: not met
        raise ValueError(n.type)

    def own_unit_cte(self, n: Node) -> None:
        """Per unit, the distance of the own-unit condition. Judged once per unit (a
        few thousand rows) and joined to each subject by its unit, rather than
        joining every subject to the whole subjects table."""
        if n.nid in self.ctes:
            return
        joins: dict = {}
        if n.profile:
            crit = self.t.profile_by_id[n.profile].ledger_criteria
            d = "(" + " + ".join(self.dist(c, "u", joins) for c in crit) + ")" if crit else "0"
        else:
            d = self.dist(n.children[0], "u", joins)
        self.ctes[n.nid] = (f"own{n.nid} AS (SELECT u.id, {d} AS d FROM base u "
                            f"{' '.join(joins.values())} WHERE u.type = 'collective')")

    def members_cte(self, n: Node) -> None:
        """Per unit, its members' outcomes. A member belongs to every unit on its path.

        "none" counts the members who meet the criterion and "all" those who do not,
        so only those members' paths are expanded (disciplined people are few); "any"
        needs every member's distance.
        """
        if n.nid in self.ctes:
            return
        self.uses_members = True
        joins: dict = {}
        d = self.dist(n.children[0], "p", joins)
        only = {"none": "= 0", "all": "<> 0"}.get(n.quantifier)
        people = (f"SELECT p.path, ({d}) AS d FROM base p {' '.join(joins.values())} "
                  "WHERE p.type = 'individual'")
        if only:
            people = f"SELECT * FROM ({people}) WHERE d {only}"
        self.ctes[n.nid] = (
            f"mem{n.nid} AS (SELECT CAST(x AS BIGINT) AS unit_id, "
            "count(*) FILTER (WHERE d = 0) AS met, count(*) AS total, min(d) AS lo "
            f"FROM ({people}) m, unnest(string_split(trim(m.path, '/'), '/')) AS t(x) "
            "WHERE x <> '' GROUP BY 1)"
        )

    # -- the query -------------------------------------------------------------------
    def match(self, profile) -> str:
        parts = [f"b.type = '{profile.subject_type}'"] if profile.subject_type else ["FALSE"]
        if profile.unit_kinds is not None:
            parts.append(f"b.kind IN ({_lit(profile.unit_kinds)})")
        if profile.positions is not None:
            parts.append(f"b.position IN ({_lit(profile.positions)})")
        return " AND ".join(parts)

    def sql(self) -> tuple[str, list]:
        """The query and, per profile, the subject-level nodes whose distances it returns."""
        self.leaves()
        joins: dict = {}
        cols, layout = [], []
        case = " ".join(f"WHEN {self.match(p)} THEN {i}" for i, p in enumerate(self.t.profiles))
        quant, total, sig = [], [], []
        for i, profile in enumerate(self.t.profiles):
            nodes, parts = [], []
            for top in profile.ledger_criteria:
                nodes.extend(_subject_level(top))
            for node in nodes:
                cols.append(f"{self.dist(node, 'b', joins)} AS d{node.nid}")
                parts.append(f"d{node.nid}")
                w0, w1 = self.t.window(node, self.year)
                if node.type in ("count", "in_year"):
                    x = f"coalesce(b.{self.alias[node.nid]}, 0)" if w0 <= w1 else "0"
                    cols.append(f"{x} AS x{node.nid}")
                    parts.append(f"x{node.nid}")
                elif node.type in ("every_year", "consecutive"):
                    x = f"coalesce(b.{self.alias[node.nid]}, 0)" if w0 <= w1 else "0"
                    cols.append(f"{x} AS x{node.nid}")
                    parts.append(f"x{node.nid}")
            layout.append([(n, n.type in ("count", "in_year", "every_year", "consecutive"))
                           for n in nodes])
            sig.append(f"WHEN {i} THEN concat_ws(',', {', '.join(parts)})" if parts
                       else f"WHEN {i} THEN ''")
            tops = [f"d{n.nid}" for n in profile.ledger_criteria]
            total.append(f"WHEN {i} THEN {' + '.join(tops) if tops else '0'}")
            quant.append(f"WHEN {i} THEN " + (f"CASE WHEN {' + '.join(tops)} = 0 THEN 'pass' "
                                              "ELSE 'fail' END" if tops else "'none'"))
        lo, hi = (self.lo, self.hi) if self.lo is not None else (0, -1)
        ctes, picked, joined = [], ["s.*"], []
        for name, columns, wanted in (("agg", self.aggs, self.codes),
                                      ("grw", self.growth_aggs, self.growth_codes)):
            if not columns:
                continue
            # Only the records some criterion reads: the store may hold other plans' too.
            ctes.append(f"{name} AS (SELECT subject_id, {', '.join(columns)} FROM ledger "
                        f"WHERE year BETWEEN {lo} AND {hi} AND code IN ({_lit(wanted)}) "
                        "GROUP BY subject_id)")
            picked.append(f"{name}.* EXCLUDE (subject_id)")
            joined.append(f"LEFT JOIN {name} ON {name}.subject_id = s.id")
        # compile everything before emitting CTEs, so members CTEs are known
        inner_cols = ", ".join(["b.id", "b.code", "b.type", f"CASE {case} END AS profile"] + cols)
        if not self.uses_members:  # the paths are read only to find members
            picked[0] = "s.* EXCLUDE (path)"
        ctes.append(f"base AS (SELECT {', '.join(picked)} FROM subjects s {' '.join(joined)})")
        ctes.extend(self.ctes.values())
        scored = f"scored AS (SELECT {inner_cols} FROM base b {' '.join(joins.values())})"
        ctes.append(scored)
        query = (
            "WITH " + ", ".join(ctes) +
            # One string of every node's distance (and records found or year mask): the
            # reader decodes each distinct string once, many subjects share one.
            f" SELECT id, code, type, profile, CASE profile {' '.join(quant)} END AS quantitative, "
            f"CASE profile {' '.join(total)} END AS distance, "
            f"CASE profile {' '.join(sig)} END AS outcomes "
            "FROM scored WHERE profile IS NOT NULL"
        )
        return query, layout


def _subject_level(node: Node):
    """The node and its descendants through all/any/not (members and own_unit are
    summarised by their own node)."""
    yield node
    if node.type in ("all", "any", "not"):
        for child in node.children:
            yield from _subject_level(child)


def evaluate_relation(store: Store, t: Template, year: int):
    """The verdicts as a DuckDB relation (for counting or further SQL), and the layout."""
    query, layout = Compiler(t, year).sql()
    return store.con.sql(query), layout


def decode(layout_of_profile, text: str) -> dict:
    """The `outcomes` column back to {node id: (distance, extra)}."""
    values = iter(map(int, text.split(","))) if text else iter(())
    return {n.nid: (next(values), next(values) if has_x else None)
            for n, has_x in layout_of_profile}


def evaluate_rows(store: Store, t: Template, year: int, order: str = "code"):
    """(columns, rows iterator, layout): one row per subject matching a profile; columns
    id, code, type, profile, quantitative, distance, outcomes (see `decode`)."""
    query, layout = Compiler(t, year).sql()
    cur = store.con.execute(f"SELECT * FROM ({query}) ORDER BY {order}")
    columns = [d[0] for d in cur.description]

    def rows():
        while True:
            chunk = cur.fetchmany(50_000)
            if not chunk:
                return
            yield from chunk

    return columns, rows(), layout
