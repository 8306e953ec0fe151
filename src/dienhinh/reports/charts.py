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
from matplotlib.ticker import MaxNLocator  # noqa: E402

COLOURS = ["#1f5f8b", "#c0392b", "#2e8b57", "#b8860b", "#6a5acd", "#708090"]


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return out.getvalue()


def _wrap(label: str, width: int = 18) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def bars(title: str, labels: list[str], series: list[tuple[str, list[int]]],
         horizontal: bool = False, stacked: bool = False) -> bytes:
    """Grouped bars: one group per label, one bar per series (or the series stacked in
    one bar: parts of a whole, such as the quarters of a year)."""
    n = max(len(labels), 1)
    per = 1 if stacked else max(1, len(series))
    size = (7.5, max(2.5, 0.45 * n * per + 1)) if horizontal else \
        (max(6.0, 0.9 * n * per + 2), 4.2)
    fig = Figure(figsize=size)
    ax = fig.subplots()
    width = 0.8 / per
    positions = list(range(len(labels)))
    base = [0] * len(labels)
    for i, (name, values) in enumerate(series):
        shifted = positions if stacked else \
            [p + (i - (len(series) - 1) / 2) * width for p in positions]
        colour = COLOURS[i % len(COLOURS)]
        if horizontal:
            bars_ = ax.barh(shifted, values, width, left=base if stacked else None,
                            label=name, color=colour)
        else:
            bars_ = ax.bar(shifted, values, width, bottom=base if stacked else None,
                           label=name, color=colour)
        if stacked:
            base = [b + v for b, v in zip(base, values)]
            ax.bar_label(bars_, labels=[str(v) if v else "" for v in values], fontsize=7,
                         label_type="center", color="white")
        else:
            ax.bar_label(bars_, fontsize=7, padding=2)
    wrapped = [_wrap(x) for x in labels]
    if horizontal:
        ax.set_yticks(positions, wrapped, fontsize=8)
        ax.invert_yaxis()
    else:
        ax.set_xticks(positions, wrapped, fontsize=8, rotation=0)
    # Counts: whole-number ticks only, from 0 (all zero: 0 to 1, not −0.05 to 0.05).
    (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    top = max(base, default=0) if stacked else \
        max((max(v, default=0) for _, v in series), default=0)
    (ax.set_xlim if horizontal else ax.set_ylim)(0, max(top * 1.1, 1))
    ax.set_title(title, fontsize=11)
    if len(series) > 1:
        ax.legend(fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def funnel(title: str, stages: list[tuple[str, int]]) -> bytes:
    """The pipeline discovered → replicated as horizontal bars, widest first."""
    return bars(title, [s for s, _ in stages], [("Số lượng", [v for _, v in stages])],
                horizontal=True)
