from dienhinh.core import vietnamese as vn


def test_fold_removes_diacritics_and_d_stroke():
    assert vn.fold("Nguyễn Thị Hồng") == "nguyen thi hong"
    assert vn.fold("ĐẶNG  Văn Đức") == "dang van duc"


def test_people_sort_by_given_name_then_family_then_middle():
    names = ["Nguyễn Thị Hồng", "Trần Văn An", "Lê Văn An", "Lê Anh", "Đặng Thị Ánh",
             "Phạm Văn Ăn", "Hoàng Thị Ân", "Bùi Văn Đức", "Vũ Văn Dũng"]
    assert sorted(names, key=vn.person_sort_key) == [
        "Lê Văn An", "Trần Văn An", "Lê Anh", "Đặng Thị Ánh", "Phạm Văn Ăn",
        "Hoàng Thị Ân", "Vũ Văn Dũng", "Bùi Văn Đức", "Nguyễn Thị Hồng",
    ]


def test_alphabet_order_and_tones_syllable_by_syllable():
    letters = ["y", "đ", "d", "ư", "u", "ơ", "ô", "o", "ê", "e", "â", "ă", "a"]
    assert sorted(letters, key=vn.text_sort_key) == [
        "a", "ă", "â", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư", "y"]
    assert sorted(["bác", "ba", "bạ", "bà", "bá", "bả", "bã"], key=vn.text_sort_key) == [
        "ba", "bà", "bả", "bã", "bá", "bạ", "bác"]


def test_keys_are_digits_so_every_database_collation_agrees():
    assert vn.person_sort_key("Nguyễn Thị Hồng").isdigit()


def test_money_and_numbers():
    assert vn.format_money(1234567) == "1.234.567 đ"
    assert vn.format_money(0) == "0 đ"
    assert vn.format_number(-1234.5, 1) == "-1.234,5"
