"""Who may confer what, dated: Luật Thi đua, khen thưởng 2003 (amended 2005, 2013)
with Nghị định 91/2017 until 31/12/2023; Luật 2022, Điều 80, from 01/01/2024; the
two-level local government from 01/07/2025 (no district level; the commune chairman
takes its powers). Each row cites its source."""

import datetime as dt

import pytest

from dienhinh.decisions import services
from dienhinh.decisions.models import Authority

pytestmark = pytest.mark.django_db
D = dt.date
DATES = [D(2023, 6, 30), D(2023, 7, 1), D(2023, 12, 31), D(2024, 1, 1), D(2024, 6, 30),
         D(2024, 7, 1), D(2025, 6, 30), D(2025, 7, 1)]
ALWAYS, NEVER = [True] * 8, [False] * 8
UNTIL_REFORM = [True] * 7 + [False]   # the district level ends on 30/06/2025
FROM_REFORM = [False] * 7 + [True]    # the commune chairman's new powers

# (issuer, code, one answer per date of DATES)
MATRIX = [
    ("UBND_XA", "CSTDCS", FROM_REFORM),
    ("UBND_XA", "TTLDTT", FROM_REFORM),
    ("UBND_XA", "KDC_VH", FROM_REFORM),
    ("UBND_XA", "LDTT", ALWAYS),
    ("UBND_XA", "GIAY_KHEN", ALWAYS),
    ("UBND_XA", "GDVH", ALWAYS),
    ("UBND_XA", "BANG_KHEN", NEVER),
    ("UBND_HUYEN", "KDC_VH", UNTIL_REFORM),
    ("UBND_HUYEN", "CSTDCS", UNTIL_REFORM),
    ("UBND_HUYEN", "GIAY_KHEN", UNTIL_REFORM),
    ("SO", "CSTDCS", ALWAYS),
    ("SO", "TTLDTT", ALWAYS),
    ("SO", "GIAY_KHEN", ALWAYS),
    ("SO", "BANG_KHEN", NEVER),
    ("SO", "CSTD_TINH", NEVER),
    ("UBND_TINH", "BANG_KHEN", ALWAYS),
    ("UBND_TINH", "CSTD_TINH", ALWAYS),
    ("UBND_TINH", "TTLDXS", ALWAYS),
    ("UBND_TINH", "CO_THI_DUA_TINH", ALWAYS),
    ("UBND_TINH", "CSTD_TQ", NEVER),
    ("TW", "CSTD_TQ", ALWAYS),
    ("TW", "BANG_KHEN_TTG", ALWAYS),
    ("QUAN_SU_TINH", "CSTT", ALWAYS),
    ("QUAN_SU_TINH", "DVTT", ALWAYS),
    ("QUAN_SU_TINH", "BANG_KHEN", NEVER),
    ("BIEN_PHONG_TINH", "CSTT", ALWAYS),
    ("CONG_AN_TINH", "DVTT", ALWAYS),
    ("CONG_AN_TINH", "GIAY_KHEN", ALWAYS),
]


@pytest.mark.parametrize("issuer,code,expected", MATRIX)
def test_authority_matrix(issuer, code, expected):
    got = [services.may_confer(issuer, code, on) for on in DATES]
    assert got == expected, list(zip(DATES, got))


@pytest.mark.parametrize("issuer,code,on,needle", [
    ("UBND_XA", "LDTT", D(2023, 12, 31), "Luật Thi đua, khen thưởng 2003"),
    ("UBND_XA", "LDTT", D(2023, 12, 31), "Nghị định 91/2017/NĐ-CP, Điều 43"),
    ("UBND_XA", "LDTT", D(2024, 1, 1), "Luật số 06/2022/QH15), Điều 80 khoản 3"),
    ("UBND_HUYEN", "KDC_VH", D(2024, 1, 1), "Điều 80 khoản 2"),
    ("SO", "CSTDCS", D(2024, 7, 1), "Điều 80 khoản 1"),
    ("UBND_XA", "CSTDCS", D(2025, 7, 1), "Nghị định 129/2025/NĐ-CP"),
    ("QUAN_SU_TINH", "DVTT", D(2025, 7, 1), "Điều 80 khoản 5"),
])
def test_each_row_cites_its_source(issuer, code, on, needle):
    assert needle in services.authority_on(issuer, code, on).basis


def test_no_row_cites_the_unconfirmed_2025_amendment():
    assert Authority.objects.exists()
    assert not Authority.objects.filter(basis__contains="sửa đổi 2025").exists()
    assert not Authority.objects.filter(basis="").exists()


def test_the_refusal_names_the_issuer_and_award_not_their_codes():
    with pytest.raises(services.NotAuthorised) as exc:
        services.check_authority("UBND_XA", "CSTDCS", D(2025, 6, 30))
    message = str(exc.value)
    assert "Chủ tịch UBND cấp xã" in message and "“Chiến sĩ thi đua cơ sở”" in message
    assert "30/06/2025" in message and "UBND_XA" not in message and "CSTDCS" not in message
