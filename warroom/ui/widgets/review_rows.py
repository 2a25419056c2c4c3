"""The post-incident review as rows: the four questions, the measured facts, then the timeline.

Everything here comes from ``warroom.domain.review.build_review``; this module only lays it out
for a terminal, with sparklines standing in for the HTML export's charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from warroom.domain.clock import format_utc
from warroom.domain.mentions import Triage
from warroom.domain.review import Review, compress
from warroom.domain.trends import sparkline
from warroom.ui.widgets.clock_rows import STATE_ROLE
from warroom.ui.widgets.row_list import Row, fit

__all__ = ["review_rows", "duration_text", "CHART_WIDTH"]

CHART_WIDTH = 48
"""Hours are summed so a chart is at most this many characters wide."""


def duration_text(delta: timedelta | None) -> str:
    """``45 min``, ``5 h 20 min`` or ``–``."""
    if delta is None:
        return "–"
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _when(moment: datetime | None) -> str:
    return "–" if moment is None else format_utc(moment, with_date=True)


def _chart(values: Sequence[tuple[datetime, int]]) -> tuple[str, str]:
    """The sparkline and the span it covers (``per 2 h from …``)."""
    counts = [count for _, count in values]
    squeezed = compress(counts, CHART_WIDTH)
    per = -(-len(counts) // len(squeezed)) if squeezed else 1
    start = _when(values[0][0]) if values else "–"
    return sparkline(squeezed), f"one block per {per} h from {start}"


class _Rows:
    """Accumulates rows with unique keys (every row is selectable, so the cursor scrolls)."""

    def __init__(self) -> None:
        self.rows: list[Row] = []

    def heading(self, text: str) -> None:
        self.rows.append(Row.of(f"h{len(self.rows)}", (text, "heading")))

    def add(self, *fragments: tuple[str, str], key: str = "", detail: str = "") -> None:
        self.rows.append(Row.of(key or f"r{len(self.rows)}", *fragments, detail=detail))


def review_rows(review: Review) -> list[Row]:
    """Lay the review out; question rows have keys ``q:<question id>``."""
    out = _Rows()
    out.heading("The four questions — enter edits the highlighted answer")
    for index, (qid, question, answer) in enumerate(review.answers, start=1):
        first = answer.split("\n", 1)[0] if answer else ""
        shown = (first, "") if answer else ("— not answered yet —", "warning")
        out.add(
            (f"Q{index} {question:<32} ", "accent"),
            shown,
            key=f"q:{qid}",
            detail=f"{question}\n{answer or '(not answered yet: press enter to answer)'}",
        )

    out.heading("Times from detection")
    for mark in (*review.milestones, *review.team_briefings):
        late = "late" if mark.late else ""
        out.add(
            (f"{mark.elapsed_text:<16} ", "warning" if mark.at is None else "accent"),
            (f"{fit(mark.label, 40):<41} ", ""),
            (f"{_when(mark.at)} ", "muted"),
            (late, "warning"),
        )
    for clock in review.filings:
        after = (
            duration_text(clock.closed_at - review.detected_at) if clock.closed_at else "not filed"
        )
        out.add(
            (f"{clock.label:<16} ", STATE_ROLE[clock.state]),
            (f"{fit(clock.rule.name, 40):<41} ", ""),
            (f"filed {_when(clock.closed_at)} ({after})" if clock.closed_at else after, "muted"),
            detail=f"{clock.summary}\nSource: {clock.rule.source}",
        )

    out.heading("Regulatory clocks that ran over")
    over = review.clocks_ran_over
    if not over:
        out.add(("None.", "success"))
    for clock in over:
        # The summary starts with the label already: "✖ OVERDUE ✖ OVERDUE …" said it twice.
        rest = clock.summary.removeprefix(clock.label).lstrip(" ·")
        out.add((f"{clock.label} ", "error"), (rest, ""), detail=clock.rule.source)

    out.heading("Inquiries")
    peak = (
        f" · peak hour {_when(review.peak_hour[0])} with {review.peak_hour[1]}"
        if review.peak_hour
        else ""
    )
    out.add((f"{review.inquiries_total} inquiries in all{peak}", ""))
    chart, span = _chart(review.inquiry_hours)
    out.add(("All channels  ", "muted"), (chart, "accent"), (f"  {span}", "muted"))
    for channel in review.inquiries:
        peak_text = (
            f"peak {_when(channel.peak_hour)} ({channel.peak_count})" if channel.peak_hour else ""
        )
        out.add(
            (f"  {fit(channel.name, 28):<28} ", ""),
            (f"{channel.total:>6}  ", "heading"),
            (peak_text, "muted"),
        )
    for spike in review.spikes:
        out.add(
            ("  ⚡ SPIKE ", "error"),
            (f"{spike.name}: {spike.count} in the hour from {_when(spike.hour)}", ""),
        )

    out.heading("Mentions")
    states = " · ".join(f"{review.mentions_by_state.get(s, 0)} {s.value}" for s in Triage)
    out.add((f"{review.mentions_total} mentions: {states}", ""))
    out.add(
        (
            f"Median time to triage {duration_text(review.median_to_triage)}"
            f" · to respond {duration_text(review.median_to_respond)}",
            "muted",
        ),
        detail="Measured from when a mention was fetched to its latest triage decision and to"
        " the logged reply.",
    )
    chart, span = _chart(review.mention_hours)
    out.add(("Per hour      ", "muted"), (chart, "accent"), (f"  {span}", "muted"))

    out.heading("Checklist")
    out.add((f"{review.checklist_done}/{review.checklist_total} items done", ""))
    for status in review.overdue_items:
        out.add(("  ✖ OVERDUE ", "error"), (status.item.title, ""))
    for status in review.late_items:
        out.add(("  ▲ done late ", "warning"), (status.item.title, ""))

    out.heading(f"Who was told — {len(review.ledger)} audiences")
    for row in review.ledger:
        out.add(
            ("  ✖ OVERDUE " if row.overdue else "  ", "error"),
            (f"{row.state.label:<16}", "accent"),
            (row.name, ""),
            (f"  {row.reference}" if row.reference else "", "muted"),
            detail=f"{row.name}: {row.times_text or 'no step yet'}"
            + (f" · ref {row.reference}" if row.reference else "")
            + (f" · not required: {row.reason}" if row.reason else ""),
        )

    out.heading(f"Timeline — {len(review.timeline)} entries")
    for entry in review.timeline:
        first = entry.text.split("\n", 1)[0]
        out.add(
            (f"{format_utc(entry.at, with_date=True)} ", "muted"),
            (f"{entry.operator[:12]:<12} ", "accent"),
            (first, ""),
            detail=entry.text,
        )
    return out.rows
