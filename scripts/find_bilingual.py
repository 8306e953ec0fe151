#!/usr/bin/env python3
"""Find texts that hold both languages ("Vietnamese / English") in code and templates.

The interface speaks one language at a time: Vietnamese is the source text and
English comes from the .po catalogue. A string that carries both is a leftover of
the time before the catalogue and reads badly in either language.

    python scripts/find_bilingual.py [PATH ...]     # default: src/, bench/, scripts/

prints `file:line: text` for every suspect and exits 1 when there is any. Only the
standard library is used, so it runs before the project is installed. Docstrings
and comments are not read (no person sees them); string literals of Python files,
and the text and {% translate %} strings of templates are.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

# Letters that Vietnamese uses and English does not.
VI_LETTERS = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)
# English words that are not also Vietnamese words written without their marks
# ("an", "can", "do", "in", "to", "no", "con" are Vietnamese too, so they do not count).
ENGLISH = set(
    "the is are was were be been of not this that these with for may must has have had "
    "and or your you only from by it its will cannot already should there than any "
    "which who what when where does did into please must about after before under "
    "unknown invalid required missing file files row rows column value reason plan "
    "plans unit units year years date name list lists ballot vote votes decision "
    "nomination dossier registration council member members template templates "
    "exported imported removed rejected written more rows errors error found "
    "number page pages user users people person none done saved sent signed".split()
)
EXTRA = {"save", "cancel", "more", "back", "delete", "edit", "search", "send", "days",
         "sign", "open", "close", "yes", "entry", "entries", "audit", "pending", "window",
         "units", "records", "row", "column", "value", "reason", "invalid", "unknown",
         # single English words once written after a Vietnamese one in API docs, command
         # output, benches and the Makefile ("Không có quyền / forbidden")
         "forbidden", "issuers", "decisions", "registrations", "nominations", "withdraw",
         "submit", "accept", "reject", "note", "position", "ledger", "reorganisations",
         "machine", "summary", "database", "scope", "serving", "building", "concurrent"}
# Vietnamese written without marks in codes and slugs ("co_so", "ha-tinh"): not English.
WITHOUT_MARKS = ("co_so", "tinh", "toan_quoc", "nam", "nu")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
ASCII_WORD = re.compile(r"^[A-Za-z]+$")
PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdfr]|%[sdfr]|\{[^{}]*\}")


def has_vietnamese(text: str) -> bool:
    return any(ch in VI_LETTERS for ch in text.lower())


def _english_run(words: list[str]) -> bool:
    """Three or more plain ASCII words in a row, two of them English function words,
    or two or more words of which one is English after a slash."""
    run: list[str] = []
    for word in words + [""]:
        if word and ASCII_WORD.match(word) and (len(word) == 1 or not word.isupper()):
            # SQL keywords and codes are upper case: not prose
            run.append(word.lower())
            continue
        if len(run) >= 3 and sum(w in ENGLISH for w in run) >= 2:
            return True
        run = []
    return False


def _slash_pair(text: str) -> bool:
    """Vietnamese on one side of a slash and an English word on the other:
    "dòng/row", "Lưu / Save", "… lỗi khác / more"."""
    # "A / B" splits the text in two halves; "a/b" pairs the words beside the slash.
    spaced = re.split(r"\s+/\s+", text)
    halves = [(" / ".join(spaced[:i]), " / ".join(spaced[i:])) for i in range(1, len(spaced))]
    parts = [p.strip() for p in re.split(r"\s*/\s*", text)]
    for left, right in halves + list(zip(parts, parts[1:])):
        lw, rw = WORD.findall(left), WORD.findall(right)
        if not lw or not rw:
            continue
        if not (has_vietnamese(lw[-1]) or has_vietnamese(left) and " / " in text):
            continue
        first = rw[0]
        if first.lower() in ENGLISH or first.lower() in EXTRA:
            return True
        # two plain ASCII words open the other side: "window outside …", "Method not …"
        if len(rw) >= 2 and all(ASCII_WORD.match(w) for w in rw[:2]) \
                and any(len(w) == 1 or not w.isupper() for w in rw[:2]) \
                and not right.startswith(tuple(WITHOUT_MARKS)):
            return True
    return False


def is_bilingual(text: str) -> bool:
    """True when `text` holds Vietnamese and a clause of English."""
    if not has_vietnamese(text):
        return False
    plain = PLACEHOLDER.sub(" ", text)
    if _slash_pair(plain):
        return True
    return _english_run(WORD.findall(plain))


# --- Python -----------------------------------------------------------------------

def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def python_strings(source: str):
    """(line, text) of every string literal but docstrings; f-strings with {} holes."""
    tree = ast.parse(source)
    skip = _docstring_nodes(tree)
    inner = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for value in node.values:
                inner.add(id(value))
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in inner:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if not _is_code(node.value):
                yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            yield node.lineno, text


def _is_code(value: str) -> bool:
    """A program held in a string (a script a bench hands to a subprocess) is code, not
    text a person reads."""
    if value.count("\n") < 2:
        return False
    try:
        return len(ast.parse(value).body) >= 2
    except SyntaxError:
        return False


# --- Templates --------------------------------------------------------------------

COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)
TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|<[^>]*>", re.S)
QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'")


def template_strings(source: str):
    """(line, text): quoted strings inside tags and the text between tags."""
    source = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), source)
    position = 0
    for match in TAG.finditer(source):
        text = source[position:match.start()]
        if text.strip():
            yield source.count("\n", 0, position) + 1, " ".join(text.split())
        for quoted in QUOTED.finditer(match.group(0)):
            value = quoted.group(1) or quoted.group(2) or ""
            if value.strip():
                yield source.count("\n", 0, match.start()) + 1, value
        position = match.end()
    text = source[position:]
    if text.strip():
        yield source.count("\n", 0, position) + 1, " ".join(text.split())


# --- Walk -------------------------------------------------------------------------

TEMPLATE_SUFFIXES = {".html", ".txt", ".xml", ".svg"}
SKIP_PARTS = {"migrations", "locale", "static", "__pycache__"}


def files(paths):
    for path in paths:
        path = Path(path)
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in candidates:
            if not file.is_file() or SKIP_PARTS & set(file.parts):
                continue
            if file.suffix == ".py" or file.suffix in TEMPLATE_SUFFIXES:
                yield file


def findings(paths):
    """(file, line, text) of every text holding both languages."""
    for file in files(paths):
        source = file.read_text(encoding="utf-8")
        strings = python_strings(source) if file.suffix == ".py" else template_strings(source)
        for line, text in strings:
            if is_bilingual(text):
                yield file, line, text


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    paths = argv or [root / "src", root / "bench", root / "scripts"]
    found = list(findings(paths))
    for file, line, text in found:
        print(f"{file}:{line}: {' '.join(text.split())[:160]}")
    if found:
        print(f"{len(found)} chuỗi chứa cả hai ngôn ngữ.", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
