"""The demo ledger, 2019–2025: a plausible base for every subject, then, for each
seed plan, some subjects that pass, some that miss by exactly one element and
many that fail, then the rarer codes so that the ledger uses every kind, code,
issuer and level of the catalogue.

Everything here works on plain `Item`s and dicts; `build.py` writes the rows.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

from dienhinh.catalogue import codes

YEARS = range(2019, 2026)
RATINGS = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
GOOD = {"HTXSNV", "HTTNV"}
CYCLE_TITLES = {"GDVH", "KDC_VH"}


@dataclass
class Item:
    """A subject as the ledger generator sees it."""

    code: str
    subject_id: int
    prefix: str  # the plan's agency group: BP, KH, NN, LC, HT (or "" for others)
    kind: str = ""  # unit kind, for collectives
    position: str = ""  # for individuals
    unit_code: str = ""  # a person's unit, a unit's parent
    first_year: int = 2019
    last_year: int = 2025
    armed_issuer: str = ""  # the issuer of an armed unit's commendations
    members: list[str] = field(default_factory=list)  # people at or below a unit

    @property
    def is_unit(self) -> bool:
        return bool(self.kind)

    @property
    def years(self):
        return range(max(self.first_year, 2019), min(self.last_year, 2025) + 1)


class Ledger:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rows: dict[str, list[dict]] = defaultdict(list)

    # -- writing -----------------------------------------------------------
    def add(self, item: Item, year: int, code: str, issuer: str = "", level: str = "",
            value=None, note: str = "") -> None:
        kind = codes.ACHIEVEMENT_CODES[code][0]
        if kind == "rating":
            self.drop(item, lambda r: r["year"] == year and r["kind"] == "rating")
        if kind == "title" and code not in CYCLE_TITLES:
            self.drop(item, lambda r: r["year"] == year and r["kind"] == "title"
                      and r["code"] not in CYCLE_TITLES)
        if kind == "indicator":
            self.drop(item, lambda r: r["year"] == year and r["code"] == code)
        issuer = codes.FIXED_ISSUER.get(code, issuer)
        self.rows[item.code].append({
            "year": year, "kind": kind, "code": code, "issuer": issuer, "level": level,
            "value": value, "note": note,
        })

    def drop(self, item: Item, predicate) -> None:
        self.rows[item.code] = [r for r in self.rows[item.code] if not predicate(r)]

    def has(self, item: Item, predicate) -> bool:
        return any(predicate(r) for r in self.rows[item.code])

    # -- the plausible base ---------------------------------------------------
    def base(self, item: Item) -> None:
        if item.is_unit:
            self._base_unit(item)
        else:
            self._base_person(item)

    def _pick_rating(self, weights) -> str:
        return self.rng.choices(RATINGS, weights)[0]

    def _giay_khen_issuer(self, item: Item, year: int) -> str:
        if item.armed_issuer:
            return item.armed_issuer
        if item.prefix == "NN":
            if item.position == "citizen" or item.kind in {"household", "residential_area"}:
                return "UBND_XA"
            return "UBND_HUYEN" if year < 2025 else "UBND_XA"
        return self.rng.choice(["SO", "SO", "DON_VI"])

    def _base_person(self, item: Item) -> None:
        rng = self.rng
        armed = item.position == "soldier"
        for year in item.years:
            if item.position in {"citizen", "religious_dignitary"}:
                if rng.random() < 0.06:
                    self.add(item, year, "GIAY_KHEN", self._giay_khen_issuer(item, year))
                continue
            rating = self._pick_rating([15, 64, 17, 4])
            self.add(item, year, rating)
            if rating in GOOD and rng.random() < 0.85:
                self.add(item, year, "CSTT" if armed else "LDTT")
                if rating == "HTXSNV" and rng.random() < 0.35:
                    self.add(item, year, "CSTDCS")
            if rng.random() < 0.07:
                self.add(item, year, "GIAY_KHEN", self._giay_khen_issuer(item, year))
            if rng.random() < 0.015:
                self.add(item, year, "BANG_KHEN", "UBND_TINH")
            if rng.random() < 0.05:
                self.add(item, year, "SANG_KIEN", level="co_so")
            if rng.random() < 0.005:
                self.add(item, year, rng.choice(["KHIEN_TRACH", "CANH_CAO"]))

    def _base_unit(self, item: Item) -> None:
        rng = self.rng
        if item.kind == "other":
            return
        if item.kind == "household":
            for year in item.years:
                if rng.random() < 0.7:
                    self.add(item, year, "GDVH")
            return
        if item.kind == "residential_area":
            for year in item.years:
                if rng.random() < 0.6:
                    self.add(item, year, "KDC_VH")
            return
        if item.kind in {"enterprise", "cooperative"}:
            revenue = rng.randrange(8, 240) * 1_000_000_000
            for year in item.years:
                revenue = int(revenue * rng.uniform(0.9, 1.22)) // 1_000_000 * 1_000_000
                self.indicators(item, year, revenue, rng.uniform(0.04, 0.08),
                                rng.uniform(0.05, 0.12))
            return
        armed = item.kind == "armed_unit"
        for year in item.years:
            rating = self._pick_rating([20, 65, 13, 2])
            self.add(item, year, rating)
            if rating in GOOD and rng.random() < 0.8:
                excellent = rating == "HTXSNV" and rng.random() < 0.5
                self.add(item, year, ("DVQT" if excellent else "DVTT") if armed
                         else ("TTLDXS" if excellent else "TTLDTT"))
            if rng.random() < 0.05:
                self.add(item, year, "GIAY_KHEN", self._giay_khen_issuer(item, year))
            if rng.random() < 0.025:
                self.add(item, year, "BANG_KHEN", "UBND_TINH")

    def indicators(self, item: Item, year: int, revenue: int, budget: float, profit: float):
        self.add(item, year, "DOANH_THU", value=revenue)
        self.add(item, year, "NOP_NGAN_SACH", value=int(revenue * budget) // 1_000_000 * 1_000_000)
        self.add(item, year, "LOI_NHUAN", value=int(revenue * profit) // 1_000_000 * 1_000_000)
