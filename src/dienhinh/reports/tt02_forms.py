"""The three yearly statistics forms of emulation and commendation, as data.

Thông tư 02/2023/TT-BNV (23/3/2023) of the Ministry of Home Affairs, Phụ lục: biểu
0601.N/BNV-TĐKT "Số phong trào thi đua", 0602.N/BNV-TĐKT "Số lượng khen thưởng cấp
Nhà nước", 0603.N/BNV-TĐKT "Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung
ương và tỉnh, thành phố trực thuộc Trung ương"; "Ngày nhận báo cáo: Ngày 15 tháng 12
năm báo cáo" is printed in each form's head.

Source checked: the official text was not found in the stored public pages; the rows,
their numbers (mã số), the units of measure and the columns below were checked one by
one against the forms as a public code repository lays them out:
github.com/lifephongphanmem/thiduakhenthuong, resources/views/BaoCao/TT022023/
Mau0601.blade.php, Mau0602.blade.php, Mau0603.blade.php (commit a2b76e9a). Where that
layout leaves a doubt, the row or column says so in `doubt` (shown nowhere to users,
kept for the next person who can read the Thông tư itself):

- 0602 numbers its rows 1, 2, 3, then 6 … 21: rows 4 and 5 are absent from that layout.
  We keep the numbers as given rather than invent two rows.
- 0603's method block is headed "3." although it is the second block; kept as given.

What the system cannot know is not invented: a cell is `None` (left blank in the XLSX,
"—" on screen) when the ledger records nothing that could fill it — medals (Huy
chương), the Hồ Chí Minh and State prizes, State honorary titles, commemorative
medals (Kỷ niệm chương), and the methods "đột xuất, đối ngoại, cống hiến, niên hạn,
kháng chiến", which the ledger does not record. The office fills those by hand.

This module is plain data: no Django import, so it can be read and tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SOURCE = "Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ Nội vụ"
DUE = (12, 15)  # (month, day): "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo"
DUE_TEXT = "Ngày 15 tháng 12 năm báo cáo"
# The reporting period of emulation and commendation statistics: 01/12 of the year
# before to 30/11 of the year reported (the other fields of the Thông tư count the
# calendar year). Source: Sở Nội vụ Hưng Yên's summary of the Thông tư,
# sonv.hungyen.gov.vn/portal/pages/print.aspx?p=10987: "kỳ báo cáo thống kê lĩnh vực
# thi đua, khen thưởng được tính từ ngày 01/12 năm trước đến ngày 30/11 năm sau; kỳ báo
# cáo thống kê năm các lĩnh vực còn lại … từ ngày 01/01 … đến ngày 31/12", in force
# from 10/5/2023 — the article's number is not in that summary and was not verified.
# Thông tư 18/2025/TT-BNV (Bộ Nội vụ, 08/10/2025, "Quy định chế độ báo cáo thống kê
# ngành Nội vụ"; luatvietnam.vn, văn bản 414360) regulates the same reporting since; its
# text and forms were not among the sources available (checked 12/2026), so whether it
# renumbers 0601–0603 or moves the period or the 15 December date is not known. Until
# its forms are checked, the forms below are 02/2023's and say so in their head.
PERIOD_START = (12, 1)   # of the year before
PERIOD_END = (11, 30)    # of the year reported
LAYOUT_SOURCE = ("github.com/lifephongphanmem/thiduakhenthuong, "
                 "resources/views/BaoCao/TT022023/Mau0601-0603.blade.php")


@dataclass(frozen=True)
class Column:
    key: str
    label: str                 # the column's own heading
    group: str = ""            # the heading above it (merged over the group)
    number: str = ""           # the column's number in the form (1, 2, …)
    subject: str = ""          # "collective" | "individual" | "" (both)
    tracked: bool = True       # False: the ledger cannot fill it (left blank)
    doubt: str = ""


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    number: str = ""           # mã số; "" for a heading row
    unit: str = ""             # đơn vị tính (0602, 0603)
    heading: bool = False      # a block heading: no figures
    bold: bool = False
    tracked: bool = True
    doubt: str = ""


@dataclass(frozen=True)
class Form:
    code: str                  # "0601.N/BNV-TĐKT"
    sheet: str                 # the XLSX sheet name (starts with the form number)
    title: str
    measure: str               # "Đơn vị tính: …" under the title, if any
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total_column: str = "total"
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    @property
    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.heading]


# -- 0601.N: emulation movements --------------------------------------------------------
F0601 = Form(
    code="0601.N/BNV-TĐKT",
    sheet="0601.N Phong trào thi đua",
    title="SỐ PHONG TRÀO THI ĐUA",
    measure="Đơn vị tính: Phong trào",
    columns=(
        Column("total", "Tổng số", number="1=(2+3+4)"),
        Column("central", "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)",
               group="Số phong trào thi đua chia theo cấp chủ trì phát động thi đua",
               number="2"),
        Column("province", "Cấp bộ, ban ngành đoàn thể trung ương, tỉnh, thành phố trực "
               "thuộc Trung ương",
               group="Số phong trào thi đua chia theo cấp chủ trì phát động thi đua",
               number="3"),
        Column("agency", "Cơ quan, tổ chức, đơn vị",
               group="Số phong trào thi đua chia theo cấp chủ trì phát động thi đua",
               number="4"),
    ),
    rows=(
        Row("total", "Tổng số", "01", bold=True),
        Row("h_scope", "1. Chia theo phạm vi tổ chức thi đua", heading=True, bold=True),
        Row("scope_national", "- Toàn quốc", "02"),
        Row("scope_province", "- Bộ, ban, ngành đoàn thể, địa phương", "03"),
        Row("scope_cluster", "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp "
            "tổ chức", "04"),
        Row("scope_agency", "- Cơ quan, tổ chức, đơn vị", "05"),
        Row("h_length", "2. Chia theo thời hạn thi đua", heading=True, bold=True),
        Row("len_under1", "- Dưới 1 năm", "06"),
        Row("len_1", "- 1 năm", "07"),
        Row("len_1to3", "- Từ 1 năm đến dưới 3 năm", "08"),
        Row("len_3to5", "- Từ 3 năm đến dưới 5 năm", "09"),
        Row("len_5plus", "- Từ 5 năm trở lên", "10"),
        Row("h_method", "3. Chia theo phương thức tổ chức phong trào thi đua", heading=True,
            bold=True),
        Row("method_theme", "- Thi đua theo chuyên đề", "11"),
        Row("method_regular", "- Thi đua thường xuyên hàng năm", "12"),
    ),
    notes=(
        "Phong trào thi đua gồm: các kế hoạch đã ban hành của cơ quan, đơn vị trong phạm "
        "vi báo cáo có thời gian thực hiện bao gồm năm báo cáo, mỗi kế hoạch phát hiện, bồi "
        "dưỡng, nhân rộng điển hình tiên tiến là một phong trào thi đua theo chuyên đề; "
        "và các khối, cụm thi đua hoạt động trong năm, mỗi khối, cụm là một phong trào thi "
        "đua thường xuyên một năm. Phong trào thi đua thường xuyên khác chưa được ghi nhận "
        "trong hệ thống; đơn vị cộng thêm nếu có.",
        "Cấp chủ trì: cơ quan ban hành kế hoạch ở cấp Trung ương, cấp tỉnh (hoặc bộ, "
        "ngành), hoặc cơ quan, tổ chức, đơn vị cấp dưới.",
    ),
)

# -- 0602.N: State-level awards --------------------------------------------------------
_MEDALS = "Các loại huân chương, huy chương (mỗi hình thức khen thưởng ghi riêng một cột)"
_HONOURS = "Danh hiệu vinh dự nhà nước (mỗi hình thức khen thưởng ghi riêng một cột)"
_OTHER = "Các hình thức khen thưởng khác (mỗi hình thức khen thưởng ghi riêng một cột)"
F0602 = Form(
    code="0602.N/BNV-TĐKT",
    sheet="0602.N Khen thưởng cấp Nhà nước",
    title="SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
    measure="",
    columns=(
        Column("total", "Tổng số", number="1"),
        Column("huan_chuong_t", "Huân chương — Tập thể", group=_MEDALS, number="2",
               subject="collective"),
        Column("huan_chuong_c", "Huân chương — Cá nhân", group=_MEDALS, number="2",
               subject="individual"),
        Column("huy_chuong_t", "Huy chương — Tập thể", group=_MEDALS, number="2",
               subject="collective", tracked=False),
        Column("huy_chuong_c", "Huy chương — Cá nhân", group=_MEDALS, number="2",
               subject="individual", tracked=False),
        Column("giai_thuong_hcm", "Giải thưởng Hồ Chí Minh — Cá nhân", number="3",
               subject="individual", tracked=False),
        Column("giai_thuong_nn", "Giải thưởng Nhà nước — Cá nhân", number="4",
               subject="individual", tracked=False),
        Column("vinh_du_t", "Tập thể", group=_HONOURS, number="5", subject="collective",
               tracked=False),
        Column("vinh_du_c", "Cá nhân", group=_HONOURS, number="5", subject="individual",
               tracked=False),
        Column("co_cp", "Cờ thi đua của Chính phủ — Tập thể", number="6",
               subject="collective"),
        Column("bk_ttg_t", "Bằng khen của Thủ tướng Chính phủ — Tập thể", number="7",
               subject="collective"),
        Column("bk_ttg_c", "Bằng khen của Thủ tướng Chính phủ — Cá nhân", number="7",
               subject="individual"),
        Column("cstd_tq", "Danh hiệu “Chiến sĩ thi đua toàn quốc” — Cá nhân", number="8",
               subject="individual"),
        Column("khac_t", "Tập thể", group=_OTHER, number="9", subject="collective",
               tracked=False),
        Column("khac_c", "Cá nhân", group=_OTHER, number="9", subject="individual",
               tracked=False),
    ),
    rows=(
        Row("total", "Tổng số", "1", bold=True),
        Row("h_proposer", "1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về "
            "khen thưởng", heading=True, bold=True),
        Row("proposer_ministry", "- Bộ, ban, ngành, đoàn thể Trung ương", "2", "Bộ, ngành"),
        Row("proposer_province", "- Tỉnh, thành phố trực thuộc Trung ương", "3", "Tỉnh, TP",
            doubt="rows 4 and 5 are absent from the public layout (numbers jump 3 → 6)"),
        Row("h_subject", "2. Chia theo đối tượng khen thưởng", heading=True, bold=True),
        Row("collective", "- Tập thể", "6", "Tập thể"),
        Row("enterprise", "Trong đó: Doanh nghiệp", "7", "Doanh nghiệp"),
        Row("household", "- Hộ gia đình", "8", "Hộ"),
        Row("individual", "- Cá nhân", "9", "Người"),
        Row("leader_province", "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "10",
            "Người"),
        Row("leader_department", "+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "11", "Người"),
        Row("businessperson", "+ Doanh nhân", "12", "Người"),
        Row("leader_other", "+ Các cấp lãnh đạo khác từ phó phòng trở lên", "13", "Người"),
        Row("direct", "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ "
            "chiến đấu (công nhân, nông dân,...)", "14", "Người"),
        Row("h_method", "3. Chia theo phương thức khen thưởng", heading=True, bold=True),
        Row("method_regular", "- Thường xuyên", "15"),
        Row("method_theme", "- Chuyên đề", "16"),
        Row("method_sudden", "- Đột xuất", "17", tracked=False),
        Row("method_foreign", "- Đối ngoại", "18", tracked=False),
        Row("method_dedication", "- Cống hiến", "19", tracked=False),
        Row("method_seniority", "- Niên hạn", "20", tracked=False),
        Row("method_resistance", "- Kháng chiến", "21", tracked=False),
    ),
    notes=(
        "Số liệu lấy từ sổ thành tích và các quyết định khen thưởng: khen thưởng có quyết "
        "định ký trong kỳ báo cáo, từ ngày 01/12 năm trước đến ngày 30/11 năm báo cáo "
        "(khen thưởng chưa ghi ngày quyết định được tính theo năm thành tích), của tập "
        "thể, cá nhân thuộc phạm vi báo cáo.",
        "Phương thức: khen thưởng theo quyết định công nhận của một kế hoạch (chuyên đề) "
        "được tính là chuyên đề, các khen thưởng khác là thường xuyên.",
    ),
)

# -- 0603.N: ministry- and province-level awards ----------------------------------------
F0603 = Form(
    code="0603.N/BNV-TĐKT",
    sheet="0603.N Khen thưởng cấp bộ, tỉnh",
    title="SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ "
          "TRỰC THUỘC TRUNG ƯƠNG",
    measure="",
    columns=(
        Column("total", "Tổng số", number="1"),
        Column("bang_khen", "Bằng khen", group="Chia ra", number="2"),
        Column("cstd_tinh", "Chiến sĩ thi đua cấp bộ, cấp tỉnh", group="Chia ra", number="3",
               subject="individual"),
        Column("co_tinh", "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành "
               "phố trực thuộc Trung ương", group="Chia ra", number="4", subject="collective"),
        Column("ky_niem_chuong", "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể "
               "Trung ương, tỉnh, thành phố trực thuộc Trung ương", group="Chia ra",
               number="5", tracked=False),
    ),
    rows=(
        Row("total", "Tổng số", "01", bold=True),
        Row("h_subject", "1. Chia theo đối tượng khen thưởng", heading=True, bold=True),
        Row("collective", "- Tập thể", "02", "Tập thể"),
        Row("enterprise", "Trong đó: Doanh nghiệp", "03", "Doanh nghiệp"),
        Row("household", "- Hộ gia đình", "04", "Hộ"),
        Row("individual", "- Cá nhân", "05", "Người"),
        Row("leader_province", "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "06",
            "Người"),
        Row("leader_department", "+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "07", "Người"),
        Row("businessperson", "+ Doanh nhân", "08", "Người"),
        Row("leader_other", "+ Các cấp lãnh đạo khác từ phó phòng trở lên", "09", "Người"),
        Row("direct", "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ "
            "chiến đấu (công nhân, nông dân,...)", "10", "Người"),
        Row("h_method", "3. Chia theo phương thức khen thưởng", heading=True, bold=True,
            doubt="headed 3. in the public layout although it is the second block"),
        Row("method_regular", "- Thường xuyên", "11"),
        Row("method_theme", "- Chuyên đề", "12"),
        Row("method_sudden", "- Đột xuất", "13", tracked=False),
        Row("method_foreign", "- Đối ngoại", "14", tracked=False),
        Row("method_dedication", "- Cống hiến", "15", tracked=False),
        Row("method_seniority", "- Niên hạn", "16", tracked=False),
        Row("method_resistance", "- Kháng chiến", "17", tracked=False),
    ),
    notes=F0602.notes,
)

FORMS: tuple[Form, ...] = (F0601, F0602, F0603)

# Which ledger code fills which column (CONTRACT §1 codes). Collective and individual
# awards of the same form go to their own column where the form splits them.
AWARD_COLUMNS: dict[str, dict[str, dict[str, str]]] = {
    "0602": {
        "HUAN_CHUONG": {"collective": "huan_chuong_t", "individual": "huan_chuong_c"},
        "CO_THI_DUA_CP": {"collective": "co_cp"},
        "BANG_KHEN_TTG": {"collective": "bk_ttg_t", "individual": "bk_ttg_c"},
        "CSTD_TQ": {"individual": "cstd_tq"},
    },
    "0603": {
        # BANG_KHEN is by definition the ministry's or the province's (CONTRACT §1).
        "BANG_KHEN": {"collective": "bang_khen", "individual": "bang_khen"},
        "CSTD_TINH": {"individual": "cstd_tinh"},
        "CO_THI_DUA_TINH": {"collective": "co_tinh"},
    },
}

# The rows of "2. Chia theo đối tượng" that are parts of "Cá nhân" (by position).
INDIVIDUAL_ROWS = ("leader_province", "leader_department", "businessperson", "leader_other",
                   "direct")
# Positions (CONTRACT §1) of people who work, study or fight directly (row 14 / 10).
DIRECT_POSITIONS = ("staff", "worker", "soldier", "citizen")
# Unit kinds whose leader is a businessperson (doanh nhân).
BUSINESS_KINDS = ("enterprise", "cooperative")
