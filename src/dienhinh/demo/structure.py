"""The demo's organisation: the five seed plans' agencies as they stood before the
2025 reform, and the reform itself.

Unit names follow the agencies' real organisation; the exact pairing of Ngã Năm's
old wards and communes with the new ones, and the 2022–2023 changes inside Sở Công
Thương Hà Tĩnh, are illustrative.

A tree node is (code suffix, name, kind, children). Codes are the agency's prefix
plus the suffix, e.g. `HT-SCT-VP`.
"""

import datetime as dt

MARCH = dt.date(2025, 3, 1)  # the departments' merger (Nghị định 45/2025/NĐ-CP)
JULY = dt.date(2025, 7, 1)  # provinces merged, districts abolished

# Old provinces (before 1 July 2025), by their old official code, and where they went.
OLD_PROVINCES = {
    "VN-OLD-P70": ("UBND tỉnh Bình Phước", "VN-P75"),
    "VN-OLD-P94": ("UBND tỉnh Sóc Trăng", "VN-P92"),
    "VN-OLD-P93": ("UBND tỉnh Hậu Giang", "VN-P92"),
    "VN-OLD-P15": ("UBND tỉnh Yên Bái", "VN-P15"),
    "VN-OLD-P58": ("UBND tỉnh Ninh Thuận", "VN-P56"),
}

_LDTBXH_DIVISIONS = [
    ("VP", "Văn phòng Sở", "division", []),
    ("TTRA", "Thanh tra Sở", "division", []),
    ("KHTC", "Phòng Kế hoạch - Tài chính", "division", []),
    ("LDVL", "Phòng Lao động - Việc làm - Giáo dục nghề nghiệp", "division", []),
    ("NCC", "Phòng Người có công", "division", []),
]

# prefix: (parent code, agency code suffix, agency name, region, children)
AGENCIES = {
    "BP": ("VN-OLD-P70", "SLDTBXH", "Sở Lao động - Thương binh và Xã hội tỉnh Bình Phước",
           "south", _LDTBXH_DIVISIONS + [
               ("BTXH", "Phòng Bảo trợ xã hội - Trẻ em - Bình đẳng giới", "division", []),
               ("DVVL", "Trung tâm Dịch vụ việc làm tỉnh Bình Phước", "service_unit", []),
               ("TTBTXH", "Trung tâm Bảo trợ xã hội tỉnh Bình Phước", "service_unit", []),
               ("CSCN", "Cơ sở Cai nghiện ma túy tỉnh Bình Phước", "service_unit", []),
               ("TC", "Trường Trung cấp Kinh tế - Kỹ thuật Bình Phước", "school", []),
               ("CD", "Công đoàn cơ sở Sở Lao động - Thương binh và Xã hội", "association", []),
           ]),
    "KH": ("VN-P56", "STNMT", "Sở Tài nguyên và Môi trường tỉnh Khánh Hòa", "south", [
        ("VP", "Văn phòng Sở", "division", []),
        ("TTRA", "Thanh tra Sở", "division", []),
        ("KHTC", "Phòng Kế hoạch - Tài chính", "division", []),
        ("QLDD", "Phòng Quản lý đất đai", "division", []),
        ("TNN", "Phòng Tài nguyên nước - Khoáng sản - Khí tượng thủy văn", "division", []),
        ("BVMT", "Phòng Bảo vệ môi trường", "division", []),
        ("BHD", "Chi cục Biển và Hải đảo", "division", []),
        ("CNTT", "Trung tâm Công nghệ thông tin Tài nguyên và Môi trường", "service_unit", []),
        ("VPDK", "Văn phòng Đăng ký đất đai", "service_unit", []),
        ("QT", "Trung tâm Quan trắc tài nguyên và môi trường", "service_unit", []),
        ("PTQD", "Trung tâm Phát triển quỹ đất", "service_unit", []),
    ]),
    "NN": ("VN-OLD-P94", "UBND", "UBND thị xã Ngã Năm", "khmer", [
        ("VP", "Văn phòng HĐND và UBND thị xã", "division", []),
        ("PNV", "Phòng Nội vụ", "division", []),
        ("PTCKH", "Phòng Tài chính - Kế hoạch", "division", []),
        ("PKT", "Phòng Kinh tế", "division", []),
        ("PLDTBXH", "Phòng Lao động - Thương binh và Xã hội", "division", []),
        ("PGD", "Phòng Giáo dục và Đào tạo", "division", [
            ("THCS1", "Trường THCS Phường 1", "school", []),
            ("THVQ", "Trường Tiểu học Vĩnh Quới", "school", []),
            ("MNHS", "Trường Mầm non Hoa Sen", "school", []),
        ]),
        ("PVH", "Phòng Văn hóa và Thông tin", "division", []),
        ("TTVH", "Trung tâm Văn hóa, Thể thao và Truyền thanh thị xã", "service_unit", []),
        ("TTYT", "Trung tâm Y tế thị xã Ngã Năm", "health_facility", [
            ("TYT1", "Trạm Y tế Phường 1", "health_facility", []),
        ]),
        ("BCHQS", "Ban Chỉ huy Quân sự thị xã Ngã Năm", "armed_unit", []),
        ("CA", "Công an thị xã Ngã Năm", "armed_unit", []),
        ("MTTQ", "Ủy ban MTTQ Việt Nam thị xã Ngã Năm", "association", [
            ("HLHPN", "Hội Liên hiệp Phụ nữ thị xã", "association", []),
            ("HND", "Hội Nông dân thị xã", "association", []),
            ("TD", "Thị đoàn Ngã Năm", "association", []),
            ("HCCB", "Hội Cựu chiến binh thị xã", "association", []),
        ]),
        ("DNNS", "Công ty TNHH MTV Nông sản Ngã Năm", "enterprise", []),
        ("DNTS", "Công ty Cổ phần Thủy sản Phú Lộc", "enterprise", []),
        ("DNVT", "Doanh nghiệp tư nhân Vận tải Kênh Xáng", "enterprise", []),
        ("P1", "Phường 1", "commune", [
            ("K1", "Khóm 1", "residential_area", []), ("K2", "Khóm 2", "residential_area", []),
        ]),
        ("P2", "Phường 2", "commune", [
            ("K3", "Khóm 3", "residential_area", []), ("K4", "Khóm 4", "residential_area", []),
        ]),
        ("P3", "Phường 3", "commune", [
            ("K5", "Khóm Vĩnh Mỹ", "residential_area", []),
        ]),
        ("XVQ", "Xã Vĩnh Quới", "commune", [
            ("AVQ", "Ấp Vĩnh Thành", "residential_area", []),
            ("AVT", "Ấp Vĩnh Tiền", "residential_area", []),
        ]),
        ("XMQ", "Xã Mỹ Quới", "commune", [
            ("AMH", "Ấp Mỹ Hòa", "residential_area", []),
            ("HTXMQ", "Hợp tác xã Nông nghiệp Mỹ Quới", "cooperative", []),
        ]),
        ("XMB", "Xã Mỹ Bình", "commune", [
            ("AMT", "Ấp Mỹ Thành", "residential_area", []),
            ("HTXMB", "Hợp tác xã Dịch vụ nông nghiệp Mỹ Bình", "cooperative", []),
        ]),
        ("XTL", "Xã Tân Long", "commune", [
            ("ATL", "Ấp Tân Lộc", "residential_area", []),
            ("ATH", "Ấp Tân Hòa", "residential_area", []),
        ]),
        ("XLB", "Xã Long Bình", "commune", [
            ("ALB", "Ấp Long Thạnh", "residential_area", []),
        ]),
    ]),
    "LC": ("VN-P15", "SLDTBXH", "Sở Lao động - Thương binh và Xã hội tỉnh Lào Cai",
           "highland", _LDTBXH_DIVISIONS + [
               ("BTXH", "Phòng Bảo trợ xã hội và Phòng, chống tệ nạn xã hội", "division", []),
               ("TE", "Phòng Trẻ em và Bình đẳng giới", "division", []),
               ("DVVL", "Trung tâm Dịch vụ việc làm tỉnh Lào Cai", "service_unit", []),
               ("CTXH", "Trung tâm Công tác xã hội tỉnh Lào Cai", "service_unit", []),
               ("DD", "Trung tâm Điều dưỡng người có công", "health_facility", []),
               ("CSCN", "Cơ sở Cai nghiện ma túy số 1", "service_unit", []),
               ("TV", "Trung đội tự vệ cơ quan Sở", "armed_unit", []),
           ]),
    "HT": ("VN-P42", "SCT", "Sở Công Thương tỉnh Hà Tĩnh", "north", [
        ("VP", "Văn phòng Sở", "division", []),
        ("TTRA", "Thanh tra Sở", "division", []),
        ("KHTC", "Phòng Kế hoạch - Tài chính - Tổng hợp", "division", []),
        ("QLCN", "Phòng Quản lý Công nghiệp", "division", []),
        ("QLTM", "Phòng Quản lý Thương mại", "division", []),
        ("QLNL", "Phòng Quản lý Năng lượng", "division", []),
        ("KTAT", "Phòng Kỹ thuật an toàn - Môi trường", "division", []),
        ("KC", "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp", "service_unit", []),
        ("XTTM", "Trung tâm Xúc tiến thương mại", "service_unit", []),
    ]),
}

# Other bodies the reform or the ledger needs: (code, name, kind, parent code).
OTHER_UNITS = [
    ("BP-SNV", "Sở Nội vụ tỉnh Bình Phước", "agency", "VN-OLD-P70"),
    ("DN-SNV", "Sở Nội vụ tỉnh Đồng Nai", "agency", "VN-P75"),
    ("KH-SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Khánh Hòa", "agency", "VN-P56"),
    ("KH-SNNPTNT-VP", "Văn phòng Sở", "division", "KH-SNNPTNT"),
    ("KH-SNNPTNT-KL", "Chi cục Kiểm lâm", "division", "KH-SNNPTNT"),
    ("KH-SNNPTNT-KN", "Trung tâm Khuyến nông", "service_unit", "KH-SNNPTNT"),
    ("NT-STNMT", "Sở Tài nguyên và Môi trường tỉnh Ninh Thuận", "agency", "VN-OLD-P58"),
    ("LC-SNV", "Sở Nội vụ tỉnh Lào Cai", "agency", "VN-P15"),
    ("YB-SNV", "Sở Nội vụ tỉnh Yên Bái", "agency", "VN-OLD-P15"),
    ("LC-CA", "Công an tỉnh Lào Cai", "armed_unit", "VN-P15"),
    ("LC-QS", "Bộ Chỉ huy Quân sự tỉnh Lào Cai", "armed_unit", "VN-P15"),
    ("LC-BP", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai", "armed_unit", "VN-P15"),
    ("LC-BP-DBP", "Đồn Biên phòng cửa khẩu quốc tế Lào Cai", "armed_unit", "LC-BP"),
    ("HT-SNV", "Sở Nội vụ tỉnh Hà Tĩnh", "agency", "VN-P42"),
]

# Plan group of the other units: where their subjects are evaluated today. The
# provincial police, military and border guard commands stand outside every scope.
_GROUP_OF_PREFIX = {"BP": "BP", "DN": "BP", "KH": "KH", "NT": "KH", "LC": "LC", "YB": "LC"}
_OUTSIDE = {"LC-CA", "LC-QS", "LC-BP", "LC-BP-DBP"}


def plan_group(code: str) -> str:
    if code in _OUTSIDE:
        return ""
    return _GROUP_OF_PREFIX.get(code.split("-")[0], "")


# Ngã Năm's old wards and communes -> the new ones (official codes of 2025).
NGA_NAM_SUCCESSORS = {
    "VN-W31732": ["NN-UBND-P1", "NN-UBND-P2", "NN-UBND-XVQ"],  # Phường Ngã Năm
    "VN-W31753": ["NN-UBND-P3", "NN-UBND-XMQ", "NN-UBND-XMB"],  # Phường Mỹ Quới
    "VN-W31741": ["NN-UBND-XTL", "NN-UBND-XLB"],  # Xã Tân Long
}

# Where each plan's subjects are today, for the evaluate command and the demo users.
PLAN_SCOPES = {
    "binh-phuoc-sldtbxh-2021-2025": "DN-SNV",
    "khanh-hoa-stnmt-2021-2025": "KH-SNNMT",
    "nga-nam-ubnd-2021-2025": "VN-W31732",
    "lao-cai-sldtbxh-qpan-2022-2025": "LC-SNV",
    "ha-tinh-sct-2021-2025": "HT-SCT",
}
PLAN_OF_PREFIX = {
    "BP": "binh-phuoc-sldtbxh-2021-2025",
    "KH": "khanh-hoa-stnmt-2021-2025",
    "NN": "nga-nam-ubnd-2021-2025",
    "LC": "lao-cai-sldtbxh-qpan-2022-2025",
    "HT": "ha-tinh-sct-2021-2025",
}
