"""Realistic Vietnamese names, birth dates and genders from a seeded generator.

Family names follow their approximate national frequencies (Nguyễn about 38 %,
Trần 11 %, Lê 9.5 % …), with the regional spellings of the south (Huỳnh, Võ) and
of the north (Hoàng, Vũ), and a few names of ethnic minorities where the demo's
agencies are (Khmer in Sóc Trăng, Hmong and Tày in Lào Cai).
"""

from __future__ import annotations

import datetime as dt
import random

_COMMON = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Phan", 45),
    ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10),
    ("Lý", 5), ("Đinh", 6), ("Trương", 6), ("Lâm", 4), ("Mai", 4), ("Cao", 3),
    ("Hà", 4), ("Lương", 3), ("Đoàn", 4), ("Tô", 2), ("Thái", 2), ("Châu", 2),
]
_REGIONAL = {
    "south": [("Huỳnh", 51), ("Võ", 39), ("Thạch", 0), ("Danh", 0)],
    "north": [("Hoàng", 51), ("Vũ", 39)],
    "khmer": [("Huỳnh", 45), ("Võ", 35), ("Thạch", 25), ("Danh", 10), ("Sơn", 8), ("Kim", 6)],
    "highland": [("Hoàng", 45), ("Vũ", 35), ("Lò", 12), ("Giàng", 10), ("Vàng", 8),
                 ("Sùng", 6), ("Nông", 6)],
}
_MIDDLE = {
    "nam": [("Văn", 40), ("Đức", 10), ("Minh", 12), ("Quốc", 8), ("Hữu", 8), ("Công", 6),
            ("Thanh", 6), ("Ngọc", 4), ("Xuân", 4), ("Anh", 4), ("Hoàng", 3), ("Trọng", 3)],
    "nu": [("Thị", 55), ("Ngọc", 10), ("Thanh", 7), ("Thu", 6), ("Kim", 5), ("Mỹ", 4),
           ("Bích", 3), ("Hồng", 4), ("Phương", 3), ("Minh", 3), ("Diệu", 2)],
}
_GIVEN = {
    "nam": ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh",
            "Khoa", "Long", "Lộc", "Minh", "Nam", "Phong", "Phúc", "Quang", "Sơn", "Tài",
            "Tâm", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Hòa", "Kiên",
            "Nghĩa", "Thịnh", "Tùng", "Hậu", "Duy", "Lâm", "Phát", "Tín", "Bảo", "Hưng"],
    "nu": ["Anh", "Chi", "Dung", "Diệp", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hồng",
           "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh",
           "Phương", "Quyên", "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Yến",
           "Huyền", "Lệ", "My", "Nhi", "Thư", "Trâm", "Vy", "Xuân", "Ánh", "Diễm", "Kiều"],
}


class NameMaker:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def _pick(self, weighted):
        names, weights = zip(*[(n, w) for n, w in weighted if w > 0])
        return self.rng.choices(names, weights)[0]

    def person(self, region: str = "south", gender: str | None = None) -> tuple[str, str]:
        """(full name, gender code) for a person of `region`."""
        gender = gender or self.rng.choice(["nam", "nu"])
        family = self._pick(_COMMON + _REGIONAL[region])
        middle = self._pick(_MIDDLE[gender])
        given = self.rng.choice(_GIVEN[gender])
        if given == middle:
            given = _GIVEN[gender][0]
        return f"{family} {middle} {given}", gender

    def birth_date(self, oldest: int, youngest: int) -> dt.date:
        year = self.rng.randint(oldest, youngest)
        return dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
