"""Unit reports rolled up (filled in by the unit reports' services)."""

from __future__ import annotations


def rollup(plan, scope, period) -> dict:
    return {}
