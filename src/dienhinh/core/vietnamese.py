"""Vietnamese text rules: search folding, collation keys, numbers and dates.

Collation keys are strings of digits only, so that SQLite's binary order and any
PostgreSQL locale order agree with the Vietnamese alphabet
(a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y) and with the dictionary
order of tones (ngang, huyền, hỏi, ngã, sắc, nặng), syllable by syllable: ba, bà, bả, bã, bá, bạ, bác.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_DIGITS = "0123456789"
# Two-digit code per base character; 00 ends a word.
_CODES = {ch: f"{i + 1:02d}" for i, ch in enumerate(_DIGITS + ALPHABET)}
# Combining marks that make a distinct letter (kept in the primary level).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
# Tone marks, in dictionary order (no mark = 0).
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def clean_text(text: str) -> str:
    """NFC-normalised, trimmed, single-spaced text."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """Lowercase text without diacritics: 'Nguyễn Thị Hồng' -> 'nguyen thi hong'."""
    decomposed = unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.replace("Đ", "d")).strip()


def _word_key(word: str) -> str:
    """Letters, an end mark, then tones: syllable by syllable as in dictionaries."""
    primary, tones = [], []
    for cluster in _clusters(unicodedata.normalize("NFD", word.lower())):
        base = unicodedata.normalize("NFC", cluster[0] + "".join(m for m in cluster[1:] if m in _LETTER_MARKS))
        tone = next((_TONES[m] for m in cluster[1:] if m in _TONES), "0")
        code = _CODES.get(base)
        if code is None:
            continue
        primary.append(code)
        tones.append(tone)
    return "".join(primary) + "00" + "".join(tones)


def _clusters(decomposed: str):
    cluster = ""
    for ch in decomposed:
        if unicodedata.combining(ch) and cluster:
            cluster += ch
        else:
            if cluster:
                yield cluster
            cluster = ch
    if cluster:
        yield cluster


def collation_key(words: list[str], max_length: int = 400) -> str:
    return "".join(_word_key(word) for word in words)[:max_length]


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name."""
    words = clean_text(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def person_sort_key(full_name: str) -> str:
    """By given name, then family name, then middle names."""
    family, middle, given = split_name(full_name)
    words = [given] + ([family] if family else []) + (middle.split(" ") if middle else [])
    return collation_key(words)


def text_sort_key(text: str) -> str:
    return collation_key(clean_text(text).split(" "))


def format_number(value, decimals: int = 0) -> str:
    """1234567 -> '1.234.567'; 1234.5 with decimals=1 -> '1.234,5'."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    sign = "-" if number < 0 else ""
    number = abs(number)
    quantised = f"{number:.{decimals}f}"
    whole, _, frac = quantised.partition(".")
    grouped = ".".join(reversed([whole[max(i - 3, 0):i] for i in range(len(whole), 0, -3)]))
    return sign + grouped + ("," + frac if frac else "")


def format_money(value) -> str:
    """Amounts in đồng: '1.234.567 đ'."""
    if value is None or value == "":
        return ""
    return f"{format_number(value)} đ"


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_SCALES = ["", "nghìn", "triệu", "tỷ"]


def _triple(n: int, leading: bool) -> list[str]:
    """Words of 0–999; a group after the first reads its hundreds ("không trăm") and a
    lone unit after a hundred with "linh" (105: "một trăm linh năm")."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    words = []
    if h or not leading:
        words += [_DIGITS[h], "trăm"]
    if t == 0:
        if u:
            words += (["linh"] if words else []) + [_DIGITS[u]]
        return words
    words += ["mười"] if t == 1 else [_DIGITS[t], "mươi"]
    if u == 1 and t > 1:
        words.append("mốt")
    elif u == 5:
        words.append("lăm")
    elif u:
        words.append(_DIGITS[u])
    return words


def number_words(n: int) -> str:
    """A whole number in Vietnamese words: 2120000 → "hai triệu một trăm hai mươi nghìn".
    Groups of three from the highest; a group of zeros is not read; after "tỷ" the
    scales start again ("một nghìn tỷ")."""
    if n < 0:
        return "âm " + number_words(-n)
    if n == 0:
        return _DIGITS[0]
    if n >= 10**9:
        high, low = divmod(n, 10**9)
        rest = _groups(low, leading=False) if low else []
        return " ".join([number_words(high), "tỷ", *rest])
    return " ".join(_groups(n, leading=True))


def _groups(n: int, leading: bool) -> list[str]:
    groups = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    words: list[str] = []
    top = len(groups) - 1
    for i in range(top, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        words += _triple(g, leading=leading and i == top)
        if _SCALES[i]:
            words.append(_SCALES[i])
    return words


def money_in_words(amount: int) -> str:
    """"Hai triệu một trăm hai mươi nghìn đồng": the amount as written after "Bằng chữ"."""
    text = f"{number_words(amount)} đồng"
    return text[:1].upper() + text[1:]
