"""Charts drawn on the server as PNG (matplotlib, no browser library, no CDN): the same
image goes into the DOCX report and onto the dashboards, where the numbers it shows are
also printed as a table for screen readers.

The Agg backend draws without a display; DejaVu Sans, shipped with matplotlib, has the
Vietnamese letters. Images are deterministic (no date in the metadata), so the same
figures give the same bytes.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

COLOURS = ["#1f5f8b", "#c0392b", "#2e8b57", "#b8860b", "#6a5acd", "#708090"]


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return out.getvalue()


def _wrap(label: str, width: int = 18) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def bars(title: str, labels: list[str], series: list[tuple[str, list[int]]],
         horizontal: bool = False) -> bytes:
    """Grouped bars: one group per label, one bar per series."""
    n = max(len(labels), 1)
    size = (7.5, max(2.5, 0.45 * n * max(1, len(series)) + 1)) if horizontal else \
        (max(6.0, 0.9 * n * max(1, len(series)) + 2), 4.2)
    fig = Figure(figsize=size)
    ax = fig.subplots()
    width = 0.8 / max(1, len(series))
    positions = list(range(len(labels)))
    for i, (name, values) in enumerate(series):
        shifted = [p + (i - (len(series) - 1) / 2) * width for p in positions]
        draw = ax.barh if horizontal else ax.bar
        bars_ = draw(shifted, values, width, label=name, color=COLOURS[i % len(COLOURS)])
        ax.bar_label(bars_, fontsize=7, padding=2)
    wrapped = [_wrap(x) for x in labels]
    if horizontal:
        ax.set_yticks(positions, wrapped, fontsize=8)
        ax.invert_yaxis()
    else:
        ax.set_xticks(positions, wrapped, fontsize=8, rotation=0)
    ax.set_title(title, fontsize=11)
    if len(series) > 1:
        ax.legend(fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def funnel(title: str, stages: list[tuple[str, int]]) -> bytes:
    """The pipeline discovered → replicated as horizontal bars, widest first."""
    return bars(title, [s for s, _ in stages], [("Số lượng", [v for _, v in stages])],
                horizontal=True)
