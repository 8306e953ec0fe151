"""The contract's catalogue (CONTRACT §1): stable public codes.

This module is plain data, importable without Django, so that the criteria engine,
the importers and the migrations read one source.
"""

SUBJECT_TYPES = {
    "individual": ("Cá nhân", "Individual"),
    "collective": ("Tập thể", "Collective"),
}

UNIT_KINDS = {
    "agency": ("Cơ quan (Sở, UBND, cơ quan cấp tỉnh/xã)", "Agency"),
    "division": ("Phòng, ban thuộc cơ quan", "Division"),
    "service_unit": ("Đơn vị sự nghiệp, Trung tâm", "Service unit"),
    "commune": ("Xã, phường, đặc khu", "Commune"),
    "armed_unit": ("Đơn vị lực lượng vũ trang", "Armed unit"),
    "enterprise": ("Doanh nghiệp", "Enterprise"),
    "cooperative": ("Hợp tác xã", "Cooperative"),
    "school": ("Trường, cơ sở giáo dục", "School"),
    "health_facility": ("Cơ sở y tế", "Health facility"),
    "association": ("Hội, đoàn thể, MTTQ", "Association"),
    "residential_area": ("Khu dân cư, khóm, ấp, thôn, tổ dân phố", "Residential area"),
    "household": ("Hộ gia đình", "Household"),
    "other": ("Khác", "Other"),
}

POSITIONS = {
    "agency_leader": ("Lãnh đạo cơ quan", "Agency leader"),
    "division_leader": ("Lãnh đạo cấp phòng, Trung tâm, đơn vị trực thuộc", "Division leader"),
    "staff": ("Cán bộ, công chức, viên chức", "Staff"),
    "worker": ("Người lao động", "Worker"),
    "soldier": ("Cán bộ, chiến sĩ lực lượng vũ trang", "Soldier"),
    "citizen": ("Người dân", "Citizen"),
    "religious_dignitary": ("Chức sắc tôn giáo", "Religious dignitary"),
}

GENDERS = {"nam": ("Nam", "Male"), "nu": ("Nữ", "Female")}

ACHIEVEMENT_KINDS = {
    "title": ("Danh hiệu thi đua", "Emulation title"),
    "commendation": ("Hình thức khen thưởng", "Commendation"),
    "initiative": ("Sáng kiến", "Initiative"),
    "rating": ("Xếp loại chất lượng", "Quality rating"),
    "discipline": ("Kỷ luật", "Discipline"),
    "indicator": ("Chỉ tiêu", "Indicator"),
}

# code: (kind, label_vi, label_en, rank, subject_type or None for both)
# rank: titles — order within their ladder; commendations — rank; ratings — 4 is best.
ACHIEVEMENT_CODES = {
    "LDTT": ("title", "Lao động tiên tiến", "Advanced worker", 1, "individual"),
    "CSTT": ("title", "Chiến sĩ tiên tiến", "Advanced soldier", 1, "individual"),
    "CSTDCS": ("title", "Chiến sĩ thi đua cơ sở", "Grassroots emulation fighter", 2, "individual"),
    "CSTD_TINH": (
        "title", "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        "Ministerial/provincial emulation fighter", 3, "individual",
    ),
    "CSTD_TQ": ("title", "Chiến sĩ thi đua toàn quốc", "National emulation fighter", 4, "individual"),
    "TTLDTT": ("title", "Tập thể lao động tiên tiến", "Advanced labour collective", 1, "collective"),
    "DVTT": ("title", "Đơn vị tiên tiến", "Advanced unit", 1, "collective"),
    "TTLDXS": ("title", "Tập thể lao động xuất sắc", "Excellent labour collective", 2, "collective"),
    "DVQT": ("title", "Đơn vị quyết thắng", "Determined-to-win unit", 2, "collective"),
    "CO_THI_DUA_TINH": (
        "title", "Cờ thi đua cấp bộ, ban, ngành, tỉnh",
        "Ministerial/provincial emulation flag", 3, "collective",
    ),
    "CO_THI_DUA_CP": ("title", "Cờ thi đua của Chính phủ", "Government emulation flag", 4, "collective"),
    "GDVH": ("title", "Gia đình văn hóa", "Cultural family", 1, "collective"),
    "KDC_VH": (
        "title", "Khu dân cư / thôn / ấp / khóm / tổ dân phố văn hóa",
        "Cultural residential area", 1, "collective",
    ),
    "GIAY_KHEN": ("commendation", "Giấy khen", "Certificate of merit", 1, None),
    "BANG_KHEN": (
        "commendation", "Bằng khen cấp bộ, ban, ngành, tỉnh",
        "Ministerial/provincial certificate of merit", 2, None,
    ),
    "BANG_KHEN_TTG": (
        "commendation", "Bằng khen của Thủ tướng Chính phủ",
        "Prime Minister's certificate of merit", 3, None,
    ),
    "HUAN_CHUONG": ("commendation", "Huân chương", "Order (any class)", 4, None),
    "SANG_KIEN": ("initiative", "Sáng kiến được công nhận", "Recognised initiative", 0, None),
    "HTXSNV": (
        "rating", "Hoàn thành xuất sắc nhiệm vụ", "Completed tasks excellently", 4, None,
    ),
    "HTTNV": ("rating", "Hoàn thành tốt nhiệm vụ", "Completed tasks well", 3, None),
    "HTNV": ("rating", "Hoàn thành nhiệm vụ", "Completed tasks", 2, None),
    "KHTNV": ("rating", "Không hoàn thành nhiệm vụ", "Did not complete tasks", 1, None),
    "KHIEN_TRACH": ("discipline", "Khiển trách", "Reprimand", 1, None),
    "CANH_CAO": ("discipline", "Cảnh cáo", "Warning", 2, None),
    "HA_BAC_LUONG": ("discipline", "Hạ bậc lương", "Salary downgrade", 3, None),
    "GIANG_CHUC": ("discipline", "Giáng chức", "Demotion", 4, None),
    "CACH_CHUC": ("discipline", "Cách chức", "Dismissal from post", 5, None),
    "BUOC_THOI_VIEC": ("discipline", "Buộc thôi việc", "Forced resignation", 6, None),
    "DOANH_THU": ("indicator", "Doanh thu", "Revenue", 0, "collective"),
    "NOP_NGAN_SACH": ("indicator", "Nộp ngân sách", "Budget contribution", 0, "collective"),
    "LOI_NHUAN": ("indicator", "Lợi nhuận", "Profit", 0, "collective"),
}

# "X or higher" ladders for titles (CONTRACT §1).
TITLE_LADDERS = [["CSTDCS", "CSTD_TINH", "CSTD_TQ"], ["TTLDTT", "TTLDXS"]]

# Armed forces' equivalents (SEED-PLANS common semantics).
ARMED_EQUIVALENTS = {"LDTT": "CSTT", "TTLDTT": "DVTT", "TTLDXS": "DVQT"}

# Commendations whose issuer is fixed by the contract.
FIXED_ISSUER = {"BANG_KHEN_TTG": "TW", "HUAN_CHUONG": "TW"}

# code: (label_vi, label_en, valid_until year or None)
ISSUERS = {
    "TW": ("Chủ tịch nước, Chính phủ, Thủ tướng", "President, Government, Prime Minister", None),
    "BO": ("Bộ, ban, ngành, đoàn thể trung ương", "Ministry or central body", None),
    "UBND_TINH": ("Chủ tịch UBND tỉnh", "Chair of the provincial People's Committee", None),
    "CONG_AN_TINH": ("Giám đốc Công an tỉnh", "Director of the provincial police", None),
    "QUAN_SU_TINH": ("Bộ Chỉ huy Quân sự tỉnh", "Provincial military command", None),
    "BIEN_PHONG_TINH": ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Provincial border guard command", None),
    "SO": ("Giám đốc Sở và tương đương", "Director of a department or equivalent", None),
    "UBND_HUYEN": ("Chủ tịch UBND cấp huyện", "Chair of the district People's Committee", 2025),
    "UBND_XA": ("Chủ tịch UBND cấp xã", "Chair of the commune People's Committee", None),
    "DON_VI": ("Thủ trưởng cơ quan, đơn vị", "Head of the agency or unit itself", None),
}

# code: (label_vi, label_en, order)
INITIATIVE_LEVELS = {
    "co_so": ("Cấp cơ sở", "Grassroots", 1),
    "tinh": ("Cấp tỉnh", "Provincial", 2),
    "toan_quoc": ("Toàn quốc", "National", 3),
}
