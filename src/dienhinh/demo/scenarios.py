"""Pass, near miss and fail for each seed plan (SEED-PLANS.md), read at 2025.

A near miss lacks exactly one element of its profile: one Bằng khen short, one year
without HTXSNV, a broken consecutive run, a member with a discipline record, an
own unit that falls short. The chosen subjects are listed in `Scenarios.labels`
({subject code: "plan: pass|near: why"}) so that tests and the demo's output can
say who should pass.
"""

from __future__ import annotations

import random

from .ledger import Item, Ledger

PERIOD = range(2021, 2026)
LC_PERIOD = range(2022, 2026)


def _title(code: str):
    return lambda r: r["kind"] == "title" and r["code"] == code


def _commendation(r) -> bool:
    return r["kind"] == "commendation"


class Scenarios:
    def __init__(self, rng: random.Random, ledger: Ledger, items: list[Item]):
        self.rng, self.ledger = rng, ledger
        self.items = items
        self.by_code = {i.code: i for i in items}
        self.labels: dict[str, str] = {}

    def pick(self, prefix: str, n: int, test) -> list[Item]:
        pool = [i for i in self.items if i.prefix == prefix and i.code not in self.labels
                and test(i)]
        return self.rng.sample(pool, min(n, len(pool)))

    def label(self, items, text: str) -> None:
        for item in items:
            self.labels[item.code] = text

    def every_year(self, item: Item, code: str, years=PERIOD) -> None:
        for year in years:
            self.ledger.add(item, year, code)

    def run(self) -> dict[str, str]:
        self.binh_phuoc()
        self.khanh_hoa()
        self.nga_nam()
        self.lao_cai()
        self.ha_tinh()
        return self.labels

    # 000: HTXSNV in year Y --------------------------------------------------
    def binh_phuoc(self):
        alive = lambda i: i.last_year == 2025 and i.kind not in {"other"}
        people = lambda i: not i.is_unit and alive(i)
        units = lambda i: i.is_unit and alive(i)
        for item in self.pick("BP", 10, people) + self.pick("BP", 2, units):
            self.every_year(item, "HTXSNV")
            self.labels[item.code] = "BP: pass"
        for item in self.pick("BP", 10, people) + self.pick("BP", 2, units):
            self.every_year(item, "HTXSNV", range(2021, 2024))
            self.every_year(item, "HTTNV", range(2024, 2026))
            self.labels[item.code] = "BP: near: HTTNV in 2024 and 2025"

    # 001: TTLDXS every year; staff: SANG_KIEN + HTXSNV and CSTDCS every year --------
    def khanh_hoa(self):
        L = self.ledger
        units = lambda i: i.is_unit and i.kind in {"division", "service_unit"} \
            and i.last_year == 2025
        good_units = self.pick("KH", 3, units)
        for item in good_units:
            self.every_year(item, "HTXSNV")
            self.every_year(item, "TTLDXS")
        self.label(good_units, "KH: pass")
        near_units = self.pick("KH", 3, units)
        for item in near_units:
            self.every_year(item, "TTLDXS")
            L.add(item, 2023, "TTLDTT")
        self.label(near_units, "KH: near: TTLDTT in 2023")

        def excellent(item):
            L.drop(item, lambda r: r["kind"] == "discipline")
            for year in PERIOD:
                L.add(item, year, "HTXSNV")
                L.add(item, year, "CSTDCS")
            if not L.has(item, lambda r: r["code"] == "SANG_KIEN"):
                L.add(item, 2022, "SANG_KIEN", level="co_so")

        staff = lambda i: i.position in {"staff", "worker"}
        for item in self.pick("KH", 8, staff):
            excellent(item)
            self.labels[item.code] = "KH: pass"
        for item in self.pick("KH", 4, staff):
            excellent(item)
            L.add(item, 2023, "HTTNV")
            L.add(item, 2023, "LDTT")
            self.labels[item.code] = "KH: near: HTTNV and LĐTT in 2023"
        for item in self.pick("KH", 4, staff):
            excellent(item)
            L.drop(item, lambda r: r["code"] == "SANG_KIEN")
            self.labels[item.code] = "KH: near: no initiative"
        good = {u.code for u in good_units}
        near = {u.code for u in near_units}
        leaders = lambda i: i.position == "division_leader"
        for item in self.pick("KH", 2, lambda i: leaders(i) and i.unit_code in good):
            excellent(item)
            self.labels[item.code] = "KH: pass"
        for item in self.pick("KH", 2, lambda i: leaders(i) and i.unit_code in near):
            excellent(item)
            self.labels[item.code] = "KH: near: own unit TTLĐTT in 2023"

    # 002: households, residential areas, businesses, officials, leaders ------------
    def nga_nam(self):
        L = self.ledger
        kind = lambda k: (lambda i: i.kind == k)
        for item in self.pick("NN", 8, kind("household")):
            self.every_year(item, "GDVH")
            self.labels[item.code] = "NN: pass"
        for item in self.pick("NN", 5, kind("household")):
            self.every_year(item, "GDVH")
            L.drop(item, lambda r: r["code"] == "GDVH" and r["year"] == 2023)
            self.labels[item.code] = "NN: near: no GĐVH in 2023"
        for item in self.pick("NN", 3, kind("residential_area")):
            self.every_year(item, "KDC_VH")
            self.labels[item.code] = "NN: pass"
        for item in self.pick("NN", 2, kind("residential_area")):
            self.every_year(item, "KDC_VH", range(2021, 2025))
            L.drop(item, lambda r: r["code"] == "KDC_VH" and r["year"] == 2025)
            self.labels[item.code] = "NN: near: no KDC văn hóa in 2025"
        business = lambda i: i.kind in {"enterprise", "cooperative"}
        for n, item in enumerate(self.pick("NN", 4, business)):
            revenue = (30 + 17 * n) * 1_000_000_000
            for year in PERIOD:
                revenue = revenue * 112 // 100 // 1_000_000 * 1_000_000
                L.indicators(item, year, revenue, 0.06, 0.09)
            if n < 2:
                self.labels[item.code] = "NN: pass"
            else:
                drop = [r for r in L.rows[item.code] if r["code"] == "LOI_NHUAN"
                        and r["year"] == 2023][0]
                drop["value"] = drop["value"] // 2 // 1_000_000 * 1_000_000
                self.labels[item.code] = "NN: near: profit fell in 2023"
        staff = lambda i: i.position == "staff"
        for item in self.pick("NN", 6, staff):
            self.every_year(item, "HTXSNV")
            self.labels[item.code] = "NN: pass"
        for item in self.pick("NN", 5, staff):
            self.every_year(item, "HTXSNV")
            L.add(item, 2022, "HTTNV")
            self.labels[item.code] = "NN: near: HTTNV in 2022"
        leaders = self.pick(
            "NN", 4, lambda i: i.position == "division_leader"
            and self.by_code[i.unit_code].kind in {"division", "service_unit"}
            and self.by_code[i.unit_code].code not in self.labels,
        )
        for n, item in enumerate(leaders):
            unit = self.by_code[item.unit_code]
            self.every_year(item, "HTXSNV")
            self.every_year(unit, "HTXSNV", range(2024, 2026))
            if n % 2:
                L.add(unit, 2025, "HTTNV")
                self.labels[item.code] = "NN: near: own unit HTTNV in 2025"
            else:
                self.labels[item.code] = "NN: pass"
            self.labels.setdefault(unit.code, "NN: unit of a leader")

    # 003: TTLDXS 2 consecutive + qualifying commendation; people HTXSNV + ... ----
    def lao_cai(self):
        L = self.ledger

        def qualifying(r):
            return r["kind"] == "commendation" and (
                r["code"] != "GIAY_KHEN"
                or r["issuer"] in {"CONG_AN_TINH", "BIEN_PHONG_TINH", "QUAN_SU_TINH",
                                   "UBND_HUYEN"})

        units = lambda i: i.is_unit and i.kind in {"division", "service_unit",
                                                    "health_facility"} and i.last_year == 2025
        for n, item in enumerate(self.pick("LC", 6, units)):
            L.drop(item, _commendation)
            titles = {0: "TTLDXS TTLDXS TTLDTT TTLDTT", 1: "TTLDTT TTLDXS TTLDXS TTLDTT"}.get(
                n % 3, "TTLDXS TTLDTT TTLDXS TTLDTT")
            for year, code in zip(LC_PERIOD, titles.split()):
                L.add(item, year, "HTXSNV" if code == "TTLDXS" else "HTTNV")
                L.add(item, year, code)
            if n % 3 == 2:
                L.add(item, 2023, "GIAY_KHEN", "CONG_AN_TINH")
                self.labels[item.code] = "LC: near: TTLDXS in 2022 and 2024, not in a row"
            elif n < 3:
                L.add(item, 2024, "GIAY_KHEN", "CONG_AN_TINH")
                self.labels[item.code] = "LC: pass"
            else:
                L.add(item, 2024, "GIAY_KHEN", "SO")
                self.labels[item.code] = "LC: near: only a GIAY_KHEN issued by SO"
        people = lambda i: i.position in {"staff", "division_leader", "soldier"}
        for n, item in enumerate(self.pick("LC", 12, people)):
            L.drop(item, qualifying)
            L.drop(item, lambda r: r["kind"] == "title")
            for year in LC_PERIOD:
                L.add(item, year, "HTXSNV")
                L.add(item, year, "CSTT" if item.position == "soldier" else "LDTT")
            if n < 4:
                L.add(item, 2023, "CSTDCS")
                L.add(item, 2024, "CSTDCS")
                self.labels[item.code] = "LC: pass"
            elif n < 6:
                L.add(item, 2023, "GIAY_KHEN", "CONG_AN_TINH")
                L.add(item, 2024, "BANG_KHEN", "UBND_TINH")
                self.labels[item.code] = "LC: pass"
            elif n < 9:
                L.add(item, 2022, "CSTDCS")
                L.add(item, 2024, "CSTDCS")
                L.add(item, 2023, "GIAY_KHEN", "CONG_AN_TINH")
                self.labels[item.code] = "LC: near: CSTĐCS in 2022 and 2024, one commendation"
            else:
                L.add(item, 2023, "CSTDCS")
                L.add(item, 2024, "CSTDCS")
                L.add(item, 2025, "HTTNV")
                self.labels[item.code] = "LC: near: HTTNV in 2025"

    # 004: collectives 2 Bằng khen UBND tỉnh, HTTNV+, no member discipline; leaders …
    def ha_tinh(self):
        L = self.ledger
        units = lambda i: i.is_unit and i.kind in {"division", "service_unit"} \
            and i.last_year == 2025 and i.members
        for n, item in enumerate(self.pick("HT", 6, units)):
            L.drop(item, lambda r: r["code"] == "BANG_KHEN")
            for year in item.years:
                if year >= 2021:
                    L.add(item, year, self.rng.choice(["HTXSNV", "HTTNV"]))
            for code in item.members:
                L.drop(self.by_code[code], lambda r: r["kind"] == "discipline")
            L.add(item, 2022, "BANG_KHEN", "UBND_TINH")
            if n == 3:
                self.labels[item.code] = "HT: near: one Bằng khen of UBND tỉnh"
                continue
            L.add(item, 2024, "BANG_KHEN", "UBND_TINH")
            if n < 3:
                self.labels[item.code] = "HT: pass"
            elif n == 4:
                member = self.by_code[sorted(item.members)[0]]
                L.add(member, 2023, "KHIEN_TRACH")
                self.labels[item.code] = "HT: near: a member reprimanded in 2023"
                self.labels[member.code] = "HT: member with discipline"
            else:
                L.add(item, 2022, "HTNV")
                self.labels[item.code] = "HT: near: HTNV in 2022"
        tinh = lambda r: r["code"] == "CSTD_TINH" or r["level"] in {"tinh", "toan_quoc"}
        for n, item in enumerate(self.pick("HT", 2, lambda i: i.position == "agency_leader")):
            L.drop(item, tinh)
            L.add(item, 2022, "CSTD_TINH")
            if n == 0:
                L.add(item, 2024, "CSTD_TINH")
                self.labels[item.code] = "HT: pass"
            else:
                L.add(item, 2023, "SANG_KIEN", level="tinh")
                self.labels[item.code] = "HT: near: one CSTĐ tỉnh and one provincial initiative"
        for n, item in enumerate(self.pick("HT", 6, lambda i: i.position == "division_leader")):
            L.drop(item, tinh)
            if n < 3:
                if n % 2:
                    L.add(item, 2023, "CSTD_TINH")
                else:
                    L.add(item, 2023, "SANG_KIEN", level="tinh")
                self.labels[item.code] = "HT: pass"
            else:
                L.add(item, 2023, "SANG_KIEN", level="co_so")
                self.labels[item.code] = "HT: near: initiative at grassroots level only"
        staff = lambda i: i.position == "staff"
        for n, item in enumerate(self.pick("HT", 8, staff)):
            L.drop(item, lambda r: r["code"] in {"BANG_KHEN", "CSTDCS", "CSTD_TINH"})
            if n == 0:
                L.add(item, 2022, "BANG_KHEN", "UBND_TINH")
                L.add(item, 2024, "BANG_KHEN", "UBND_TINH")
            elif n == 1:
                L.add(item, 2022, "BANG_KHEN", "UBND_TINH")
                L.add(item, 2023, "BANG_KHEN", "BO")
            elif n < 4:
                for year in (2021, 2022, 2023, 2024):
                    L.add(item, year, "HTXSNV")
                    L.add(item, year, "CSTDCS")
            if n < 4:
                self.labels[item.code] = "HT: pass"
            elif n < 6:
                for year in (2021, 2022, 2024):
                    L.add(item, year, "HTXSNV")
                    L.add(item, year, "CSTDCS")
                L.add(item, 2023, "HTTNV")
                L.add(item, 2023, "LDTT")
                self.labels[item.code] = "HT: near: three CSTĐCS, not four"
            else:
                L.add(item, 2023, "BANG_KHEN", "UBND_TINH")
                self.labels[item.code] = "HT: near: one Bằng khen of UBND tỉnh"
