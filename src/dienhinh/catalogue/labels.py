"""Names of the contract's codes in the reader's language.

`codes.py` keeps each code's Vietnamese and English names as plain data (CONTRACT §1);
the choices of model and form fields built from it are lazy, so that a label is read in
the language of whoever sees it rather than fixed to Vietnamese when the module loads.
"""

from django.utils.functional import lazy
from django.utils.translation import get_language


def pick(vietnamese: str, english: str) -> str:
    """`english` for a reader of English (when there is one), else `vietnamese`."""
    language = get_language() or ""
    return english if english and language.startswith("en") else vietnamese


name = lazy(pick, str)


def choices(table: dict, vietnamese: int = 0, english: int = 1) -> list[tuple[str, str]]:
    """(code, name) pairs of a table of `codes`, each name in the reader's language."""
    return [(code, name(entry[vietnamese], entry[english])) for code, entry in table.items()]
