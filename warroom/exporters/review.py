"""The after-action report as Markdown and as one standalone HTML file.

Everything a person or a feed wrote (notes, titles, answers, names) goes through ``inert`` and
is HTML-escaped in both formats: Markdown viewers render raw HTML, so an operator's
``<script>`` must arrive as text there too. The HTML is self-contained (inline CSS, inline
SVG charts, no scripts, no external requests) and well-formed XML, so it can be mailed,
archived, or parsed by a script.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, timedelta

from warroom.domain.clock import format_elapsed, format_utc
from warroom.domain.mentions import Triage
from warroom.domain.review import Review, compress
from warroom.domain.text import inert
from warroom.domain.trends import sparkline

__all__ = ["review_markdown", "review_html", "FORMATS", "render_review"]

FORMATS = ("md", "html")


def _text(value: object, *, newlines: bool = False) -> str:
    """Outside text made inert and HTML-escaped (safe in Markdown and HTML alike)."""
    return html.escape(inert(value, limit=20000, keep_newlines=newlines))


def _cell(value: object) -> str:
    """A Markdown table cell: inert, escaped, pipes escaped, one line."""
    return _text(value).replace("|", "\\|")


def _duration(delta: timedelta | None) -> str:
    if delta is None:
        return "–"
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _when(moment: datetime | None) -> str:
    return "–" if moment is None else format_utc(moment, with_date=True)


def _milestone_rows(review: Review) -> list[tuple[str, str, str, str]]:
    rows = []
    for mark in (*review.milestones, *review.team_briefings):
        rows.append((mark.label, _when(mark.at), mark.elapsed_text, "late" if mark.late else ""))
    for clock in review.filings:
        after = (
            format_elapsed(clock.closed_at - review.detected_at) if clock.closed_at else "not done"
        )
        due = _when(clock.due_at)
        rows.append((clock.rule.name, _when(clock.closed_at), after, f"{clock.label}; due {due}"))
    return rows


_LEDGER_HEAD = ("Audience", "State", "Due", "Steps (UTC)", "Channel", "Reference")


def _ledger_rows(review: Review) -> list[tuple[str, ...]]:
    """Who was told, when and how: one row per ledger row, cells inert (not yet escaped)."""
    rows: list[tuple[str, ...]] = []
    for row in review.ledger:
        state = row.state.value + (" OVERDUE" if row.overdue else "")
        if row.reason:
            state += f" ({row.reason})"
        due = _when(row.due_at) if row.due_at else "–"
        steps = row.times_text or "–"
        rows.append((row.name, state, due, steps, row.channel or "–", row.reference or "–"))
    return rows


def _series(values: Sequence[tuple[datetime, int]]) -> list[int]:
    return [count for _, count in values]


def review_markdown(review: Review) -> str:
    """The report as Markdown (text sparklines stand in for charts)."""
    out: list[str] = [
        f"# Post-incident review: {_text(review.title)}",
        "",
        f"Incident `{_text(review.incident_id)}`, detected {_when(review.detected_at)}; "
        f"report drafted {_when(review.generated_at)} from the war-room record.",
        "",
        _text(review.summary),
        "",
        "## Times from detection",
        "",
        "| Milestone | When (UTC) | After detection | Note |",
        "| --- | --- | --- | --- |",
    ]
    out += [f"| {_cell(a)} | {b} | {c} | {_cell(d)} |" for a, b, c, d in _milestone_rows(review)]
    out += ["", "## Regulatory clocks that ran over", "", f"_{_text(review.legal_notice)}_", ""]
    over = review.clocks_ran_over
    out += [f"- {_cell(c.summary)} ({_cell(c.rule.source)})" for c in over] or ["- None."]
    out += ["", "## Inquiries", ""]
    out += [
        f"{review.inquiries_total} inquiries in all."
        + (
            f" Peak hour: {_when(review.peak_hour[0])} with {review.peak_hour[1]}."
            if review.peak_hour
            else ""
        ),
        "",
        f"All channels, per hour: `{sparkline(compress(_series(review.inquiry_hours), 48))}`",
        "",
        "| Channel | Total | Peak hour | Peak count |",
        "| --- | --- | --- | --- |",
    ]
    out += [
        f"| {_cell(c.name)} | {c.total} | {_when(c.peak_hour)} | {c.peak_count} |"
        for c in review.inquiries
    ]
    out += ["", "Spikes:", ""]
    out += [f"- {_cell(s.name)}: {s.count} in the hour from {_when(s.hour)}" for s in review.spikes]
    if not review.spikes:
        out.append("- None.")
    out += ["", "## Mentions", ""]
    out += [
        f"{review.mentions_total} mentions. Per hour: "
        f"`{sparkline(compress(_series(review.mention_hours), 48))}`",
        "",
    ]
    out += [f"- {state.value}: {review.mentions_by_state.get(state, 0)}" for state in Triage]
    out += [
        "",
        f"Median time to triage: {_duration(review.median_to_triage)}; "
        f"to respond: {_duration(review.median_to_respond)}.",
        "",
        "## Checklist",
        "",
        f"{review.checklist_done} of {review.checklist_total} items done.",
        "",
    ]
    for heading, items in (("Overdue", review.overdue_items), ("Done late", review.late_items)):
        out.append(f"{heading}:")
        out.append("")
        out += [f"- {_cell(s.item.title)} (due {_when(s.due_at)})" for s in items] or ["- None."]
        out.append("")
    out += ["## Who was told", ""]
    out += ["| " + " | ".join(_LEDGER_HEAD) + " |", "|" + " --- |" * len(_LEDGER_HEAD)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in _ledger_rows(review)]
    out += [""]
    out += ["## The four questions", ""]
    for _, question, answer in review.answers:
        out += [f"### {question}", "", _text(answer, newlines=True) or "_Not answered yet._", ""]
    out += ["## Timeline", "", "| When (UTC) | Who | What |", "| --- | --- | --- |"]
    out += [
        f"| {_when(e.at)} | {_cell(e.operator)} | {_cell(e.kind.value)}: {_cell(e.text)} |"
        for e in review.timeline
    ]
    return "\n".join(out) + "\n"


def _svg_chart(title: str, values: Sequence[tuple[datetime, int]]) -> str:
    """An inline SVG bar chart of counts per hour, with a title for screen readers."""
    width, height, pad = 640, 140, 24
    counts = _series(values)
    top = max(counts, default=0) or 1
    bar = (width - 2 * pad) / max(len(counts), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" aria-label="{html.escape(title)}">',
        f"<title>{html.escape(title)}</title>",
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}"'
        ' stroke="#555" stroke-width="1"/>',
    ]
    for index, (hour, count) in enumerate(values):
        h = (height - 2 * pad) * count / top
        x = pad + index * bar
        parts.append(
            f'<rect x="{x:.1f}" y="{height - pad - h:.1f}" width="{max(bar - 1, 1):.1f}"'
            f' height="{h:.1f}" fill="#3b6ea5"><title>{format_utc(hour, with_date=True)}:'
            f" {count}</title></rect>"
        )
    if values:
        parts.append(
            f'<text x="{pad}" y="{height - 6}" font-size="11">'
            f"{format_utc(values[0][0], with_date=True)}</text>"
        )
        parts.append(
            f'<text x="{width - pad}" y="{height - 6}" font-size="11" text-anchor="end">'
            f"{format_utc(values[-1][0], with_date=True)}</text>"
        )
    parts.append(f'<text x="{pad}" y="14" font-size="11">max {max(counts, default=0)}/h</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table; cells must already be escaped."""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45;color:#111}table{border-collapse:collapse;margin:.5rem 0 1rem}"
    "th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}"
    "th{background:#eee}"
    ".answer{white-space:pre-wrap;border-left:3px solid #999;padding-left:.75rem}"
    "@media print{svg{max-width:100%}}"
)


def review_html(review: Review) -> str:
    """The report as one standalone, well-formed HTML page with inline SVG charts."""
    milestone_rows = [tuple(_text(c) for c in row) for row in _milestone_rows(review)]
    over = review.clocks_ran_over
    peak = (
        f" Peak hour: {_when(review.peak_hour[0])} with {review.peak_hour[1]}."
        if review.peak_hour
        else ""
    )
    body = [
        f"<h1>Post-incident review: {_text(review.title)}</h1>",
        f"<p>Incident <code>{_text(review.incident_id)}</code>, detected "
        f"{_when(review.detected_at)}; report drafted {_when(review.generated_at)} from the "
        "war-room record.</p>",
        f"<p>{_text(review.summary)}</p>",
        "<h2>Times from detection</h2>",
        _table(["Milestone", "When (UTC)", "After detection", "Note"], milestone_rows),
        "<h2>Regulatory clocks that ran over</h2>",
        f"<p><em>{_text(review.legal_notice)}</em></p>",
        "<ul>"
        + (
            "".join(f"<li>{_text(c.summary)} ({_text(c.rule.source)})</li>" for c in over)
            or "<li>None.</li>"
        )
        + "</ul>",
        "<h2>Inquiries</h2>",
        f"<p>{review.inquiries_total} inquiries in all.{peak}</p>",
        _svg_chart("Inquiries per hour, all channels", review.inquiry_hours),
        _table(
            ["Channel", "Total", "Peak hour", "Peak count"],
            [
                (_text(c.name), str(c.total), _when(c.peak_hour), str(c.peak_count))
                for c in review.inquiries
            ],
        ),
        "<p>Spikes:</p><ul>"
        + (
            "".join(
                f"<li>{_text(s.name)}: {s.count} in the hour from {_when(s.hour)}</li>"
                for s in review.spikes
            )
            or "<li>None.</li>"
        )
        + "</ul>",
        "<h2>Mentions</h2>",
        f"<p>{review.mentions_total} mentions.</p>",
        _svg_chart("Mentions per hour", review.mention_hours),
        _table(
            ["Triage state", "Mentions"],
            [(s.value, str(review.mentions_by_state.get(s, 0))) for s in Triage],
        ),
        f"<p>Median time to triage: {_duration(review.median_to_triage)}; to respond: "
        f"{_duration(review.median_to_respond)}.</p>",
        "<h2>Checklist</h2>",
        f"<p>{review.checklist_done} of {review.checklist_total} items done.</p>",
    ]
    for heading, items in (("Overdue", review.overdue_items), ("Done late", review.late_items)):
        body.append(f"<p>{heading}:</p><ul>")
        body.append(
            "".join(f"<li>{_text(s.item.title)} (due {_when(s.due_at)})</li>" for s in items)
            or "<li>None.</li>"
        )
        body.append("</ul>")
    body.append("<h2>Who was told</h2>")
    body.append(
        _table(list(_LEDGER_HEAD), [tuple(_text(c) for c in row) for row in _ledger_rows(review)])
    )
    body.append("<h2>The four questions</h2>")
    for _, question, answer in review.answers:
        shown = _text(answer, newlines=True) or "<em>Not answered yet.</em>"
        body.append(f'<h3>{html.escape(question)}</h3><div class="answer">{shown}</div>')
    body.append("<h2>Timeline</h2>")
    body.append(
        _table(
            ["When (UTC)", "Who", "What"],
            [
                (_when(e.at), _text(e.operator), f"{_text(e.kind.value)}: {_text(e.text)}")
                for e in review.timeline
            ],
        )
    )
    title = _text(f"Post-incident review: {review.title}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
        f"<title>{title}</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def render_review(review: Review, fmt: str) -> str:
    """Render in ``md`` or ``html`` (what ``warroom export review --format`` calls)."""
    if fmt == "md":
        return review_markdown(review)
    if fmt == "html":
        return review_html(review)
    raise ValueError(f"unknown format {fmt!r} (use one of: {', '.join(FORMATS)})")
