"""Diacritic-free search of subjects by name or code, served by an index on both
databases: pg_trgm GIN indexes on PostgreSQL (migration 0002), an FTS5 trigram index
on SQLite (migration 0005). Both answer "the folded name holds this text" from
trigrams, so a search costs in proportion to the matches, not to the province."""

from django.db import connections, router
from django.db.models import Q
from django.db.models.expressions import RawSQL

from dienhinh.core import vietnamese

from .models import Subject

# Trigrams: a shorter text has none, and is matched by a plain scan of the names.
MIN_INDEXED = 3
FTS_IDS = "SELECT rowid FROM orgs_subject_fts WHERE orgs_subject_fts MATCH %s"


def _vendor() -> str:
    return connections[router.db_for_read(Subject)].vendor


def _phrase(text: str) -> str:
    # An FTS5 string: double quotes doubled inside; the trigram tokenizer then matches
    # it as a substring.
    return '"' + text.replace('"', '""') + '"'


def matching(q: str, prefix: str = "", every_word: bool = True) -> Q:
    """The condition "the folded name holds every word of `q` (or, with
    `every_word=False`, the whole folded text), or the code holds `q`", case and
    diacritics ignored ('dang' finds 'Đặng'). `prefix` leads to the Subject from the
    queryset's model ("subject__" from a unit or person)."""
    q = vietnamese.clean_text(q or "")
    folded = vietnamese.fold(q)
    words = folded.split() if every_word else ([folded] if folded else [])
    if not words:
        return Q(pk__in=[])
    name, code = f"{prefix}search_name", f"{prefix}code"
    if _vendor() != "sqlite":
        condition = Q()
        for word in words:
            condition &= Q(**{f"{name}__contains": word})
        return condition | Q(**{f"{code}__icontains": q})
    indexed = [w for w in words if len(w) >= MIN_INDEXED]
    short = [w for w in words if len(w) < MIN_INDEXED]
    parts = []
    if indexed:
        parts.append("search_name : (" + " AND ".join(_phrase(w) for w in indexed) + ")")
    if len(q) >= MIN_INDEXED and not short:
        parts.append("code : " + _phrase(q))
    ids = f"{prefix}id__in"
    if not short:
        # One lookup in the index for both the name and the code.
        return Q(**{ids: RawSQL(FTS_IDS, [" OR ".join(parts)])})
    name_q = Q()
    for word in short:
        name_q &= Q(**{f"{name}__contains": word})
    if indexed:
        name_q &= Q(**{ids: RawSQL(FTS_IDS, [parts[0]])})
    code_q = (Q(**{ids: RawSQL(FTS_IDS, ["code : " + _phrase(q)])})
              if len(q) >= MIN_INDEXED else Q(**{f"{code}__icontains": q}))
    return name_q | code_q
