"""Checkpoints: the audit chain's head written outside the database.

A hash chain alone proves nothing against someone who can rewrite the database: they
can delete the last entries and reset the head, or recompute every hash. A
checkpoint — the sequence number and hash of the head at a moment — kept outside the
database (a line in `DATA_DIR/audit-checkpoints.jsonl`, and printed to be published
or sent to the higher level) anchors the chain: `audit verify` then requires the
entry of that sequence number to exist with that hash.

The file is append-only by use: one JSON object a line, never rewritten.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


class CheckpointError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def path() -> Path:
    configured = getattr(settings, "AUDIT_CHECKPOINT_FILE", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-checkpoints.jsonl"


@dataclass
class Marks:
    path: Path
    marks: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _valid(mark) -> bool:
    return (isinstance(mark, dict) and isinstance(mark.get("seq"), int)
            and not isinstance(mark.get("seq"), bool) and mark["seq"] >= 0
            and isinstance(mark.get("hash"), str) and len(mark["hash"]) == 64)


def read() -> Marks:
    """Every checkpoint in the file; a line that is not one is a problem, not skipped."""
    result = Marks(path())
    try:
        text = result.path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return result
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            mark = json.loads(line)
        except ValueError:
            mark = None
        if not _valid(mark):
            result.problems.append(_("Dòng %(n)s của %(file)s không phải điểm neo hợp lệ.")
                                   % {"n": number, "file": result.path.name})
            continue
        result.marks.append(mark)
    return result


def append(mark: dict) -> None:
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(mark, ensure_ascii=False, sort_keys=True) + "\n"
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())
