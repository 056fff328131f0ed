"""The timeline chart: statements per topic over time, one mark per outlet (PNG, SVG, or an HTML page).

Needs matplotlib (``pip install 'onrecord[chart]'``); everything else in onrecord works without it.
Undated statements get a column of their own at the right edge, so nothing silently drops out.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from onrecord.errors import MissingExtraError

if TYPE_CHECKING:
    from onrecord.store.timeline import TimelineRow

WIDTH_IN, HEIGHT_IN, DPI = 10.0, 5.0, 100
"""Every chart is 1000 x 500 pixels: a size a README or a report page shows whole."""
MARKERS = "osD^vP*Xh<>p"
UNKNOWN = "(outlet unknown)"


def _pyplot():  # type: ignore[no-untyped-def]
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display needed; set before pyplot is imported
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise MissingExtraError("matplotlib", "chart") from exc
    return plt


def _topic(row: TimelineRow) -> str:
    user = [t for t in row.topics if not t.startswith("auto: ")]
    if user:
        return user[0]
    return row.topics[0][len("auto: ") :] if row.topics else "(no topic)"


def draw(rows: Sequence[TimelineRow], fmt: str, title: str = "") -> bytes:
    """The chart as ``png`` or ``svg`` bytes: x = date, y = topic, marker = outlet; one mark per
    statement group and outlet (a statement three outlets carried is three marks on one line)."""
    plt = _pyplot()
    marks: dict[tuple[str, str, str | None], TimelineRow] = {}
    for row in rows:
        marks.setdefault((row.group, row.outlet or UNKNOWN, row.date), row)
    topics = sorted({_topic(r) for r in marks.values()})
    outlets = sorted({r.outlet or UNKNOWN for r in marks.values()})
    dated = [date.fromisoformat(r.date[:10]) for r in marks.values() if r.date]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    try:
        lo = min(dated) if dated else date.today()
        hi = max(dated) if dated else lo
        span = max((hi - lo).days, 30)
        undated_x = hi + timedelta(days=round(span * 0.12) + 1)
        for index, outlet in enumerate(outlets):
            xs, ys = [], []
            for r in marks.values():
                if (r.outlet or UNKNOWN) != outlet:
                    continue
                xs.append(date.fromisoformat(r.date[:10]) if r.date else undated_x)
                # Spread outlets a little around the topic's line so coinciding marks stay visible.
                ys.append(topics.index(_topic(r)) + (index - (len(outlets) - 1) / 2) * 0.12)
            ax.scatter(xs, ys, marker=MARKERS[index % len(MARKERS)], s=60, label=outlet, alpha=0.85)
        if any(not r.date for r in marks.values()):
            ax.axvline(hi + timedelta(days=round(span * 0.06) + 1), color="grey", linestyle=":", linewidth=1)
            ax.annotate("undated", (undated_x, len(topics) - 0.5), ha="center", va="bottom", fontsize=8, color="grey")
        ax.set_yticks(range(len(topics)))
        ax.set_yticklabels([t if len(t) <= 28 else t[:27] + "…" for t in topics], fontsize=8)
        ax.set_ylim(-0.7, len(topics) - 0.3 + 0.4)
        ax.set_xlim(lo - timedelta(days=round(span * 0.05) + 1), undated_x + timedelta(days=round(span * 0.06) + 1))
        ax.grid(axis="x", linestyle=":", linewidth=0.5)
        ax.set_title(title or "statements per topic over time", fontsize=10)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="outlet", title_fontsize=8)
        fig.autofmt_xdate()
        fig.subplots_adjust(left=0.22, right=0.82, top=0.92, bottom=0.15)
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=DPI)
        return buf.getvalue()
    finally:
        plt.close(fig)


def html_page(rows: Sequence[TimelineRow], title: str) -> str:
    """A self-contained page: the chart (inline SVG) and every statement with outlets, cue and sentence."""
    svg = draw(rows, "svg", title).decode("utf-8")
    svg = svg[svg.find("<svg") :]
    out = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}td{vertical-align:top;padding:4px 8px;"
        "border-bottom:1px solid #ddd}th{text-align:left}.undated{color:#a00}.q{font-style:italic}</style>",
        f"</head><body><h1>{html.escape(title)}</h1>",
        svg,
        "<table><tr><th>date</th><th>statement</th><th>outlets</th><th>cue</th><th>source sentence</th></tr>",
    ]
    for r in rows:
        when = html.escape(r.date or "undated") + (
            f"<br><small>({html.escape(r.date_basis)})</small>" if r.date_basis != "said_on" else ""
        )
        out.append(
            f"<tr><td class='{'undated' if not r.date else ''}'>{when}</td>"
            f"<td class='q'>{html.escape(r.text)}<br><small>group {html.escape(r.group)}"
            f"{'' if r.group_first else ' (repeat)'}; {html.escape(', '.join(r.topics))}</small></td>"
            f"<td>{html.escape(r.outlet or '?')}<br><small>carried by {html.escape(', '.join(r.group_outlets))}"
            "</small></td>"
            f"<td>{html.escape(r.cue_lemma or '')} ({html.escape(r.kind)})</td>"
            f"<td>{html.escape(r.sentence)}</td></tr>"
        )
    out.append("</table></body></html>")
    return "\n".join(out)
