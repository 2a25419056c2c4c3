"""The post-incident review, pre-filled from the record: the playbook's last step, learn.

Everything here is measured from what was recorded (ticks, triage records, inquiry events,
clock evaluations), so the first draft of the after-action report writes itself and the
team spends its meeting on the four questions, not on reconstructing times.

Milestones map to checklist items by data: ``RegulatoryPrep.milestones`` (the incident
file's ``regulatory.milestones``), with defaults ``notify-individuals`` (first notice),
``faq-published``, ``first-public-response`` and ``review-written``. A team counts as
briefed when every checklist item carrying its ``team`` id is ticked.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from warroom.domain.checklist import ItemStatus, item_status
from warroom.domain.clock import format_elapsed, utc
from warroom.domain.clocks import ClockState, ClockStatus, not_legal_advice
from warroom.domain.item_deadlines import clock_deadlines
from warroom.domain.ledger_rows import LedgerRow
from warroom.domain.mentions import Triage
from warroom.domain.timeline import TimelineEntry
from warroom.domain.trends import SpikeRule, clock_hours, spikes_in_series
from warroom.domain.warroom import WarRoom

__all__ = [
    "QUESTIONS",
    "DEFAULT_MILESTONES",
    "Milestone",
    "ChannelSummary",
    "HourSpike",
    "Review",
    "build_review",
    "compress",
]

QUESTIONS: tuple[tuple[str, str], ...] = (
    ("what_happened", "What happened, and how?"),
    ("went_right", "What went right?"),
    ("improve", "Where can we improve?"),
    ("next_time", "How do we do better next time?"),
)
"""The playbook's four questions (id, wording); the store keeps the answers by id."""

DEFAULT_MILESTONES: Mapping[str, str] = {
    "first_notice": "notify-individuals",
    "faq_published": "faq-published",
    "first_public_response": "first-public-response",
    "review_written": "review-written",
}

_MILESTONE_LABELS = {
    "first_notice": "First notice sent to customers",
    "faq_published": "FAQ published",
    "first_public_response": "First public response",
}


@dataclass(frozen=True)
class Milestone:
    """A moment the review times from detection (``at`` None: it never happened)."""

    label: str
    at: datetime | None
    detected_at: datetime
    item_id: str = ""
    late: bool = False

    @property
    def after_detection(self) -> timedelta | None:
        """Time from detection to the milestone."""
        return None if self.at is None else self.at - self.detected_at

    @property
    def elapsed_text(self) -> str:
        """``T+05:20`` or ``not done``."""
        delta = self.after_detection
        return "not done" if delta is None else format_elapsed(delta)


@dataclass(frozen=True)
class ChannelSummary:
    """Inquiries on one channel over the incident."""

    channel_id: str
    name: str
    total: int
    peak_hour: datetime | None
    peak_count: int


@dataclass(frozen=True)
class HourSpike:
    """An hour in which a channel spiked."""

    channel_id: str
    name: str
    hour: datetime
    count: int


@dataclass(frozen=True)
class Review:
    """The after-action report's facts and figures."""

    incident_id: str
    title: str
    summary: str
    detected_at: datetime
    generated_at: datetime
    milestones: tuple[Milestone, ...]
    team_briefings: tuple[Milestone, ...]
    filings: tuple[ClockStatus, ...]
    """Every applicable regulatory clock, closed or not."""
    inquiries: tuple[ChannelSummary, ...]
    inquiry_hours: tuple[tuple[datetime, int], ...]
    peak_hour: tuple[datetime, int] | None
    spikes: tuple[HourSpike, ...]
    mentions_by_state: Mapping[Triage, int]
    mention_hours: tuple[tuple[datetime, int], ...]
    median_to_triage: timedelta | None
    median_to_respond: timedelta | None
    checklist_done: int
    checklist_total: int
    overdue_items: tuple[ItemStatus, ...]
    late_items: tuple[ItemStatus, ...]
    timeline: tuple[TimelineEntry, ...]
    answers: tuple[tuple[str, str, str], ...] = field(default=())
    """(question id, question, answer) for the four questions; an answer may be empty."""
    ledger: tuple[LedgerRow, ...] = field(default=())
    """Every notification-ledger row, with its steps' times and references."""

    @property
    def legal_notice(self) -> str:
        """The not-legal-advice line, as of the oldest check of the rules these clocks use."""
        verified = [s.rule.last_verified for s in self.filings if s.rule.last_verified]
        return not_legal_advice(min(verified) if verified else None)

    @property
    def clocks_ran_over(self) -> tuple[ClockStatus, ...]:
        """Regulatory clocks whose deadline passed before they closed (or still open past it)."""
        return tuple(c for c in self.filings if c.ran_over)

    @property
    def inquiries_total(self) -> int:
        """All inquiries on all channels."""
        return sum(c.total for c in self.inquiries)

    @property
    def mentions_total(self) -> int:
        """All mentions, whatever their state."""
        return sum(self.mentions_by_state.values())


def _median(values: Sequence[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))


def compress(series: Sequence[int], width: int) -> list[int]:
    """Sum neighbouring values so at most ``width`` remain (for a readable sparkline)."""
    if width <= 0 or len(series) <= width:
        return list(series)
    size = -(-len(series) // width)
    return [sum(series[i : i + size]) for i in range(0, len(series), size)]


def build_review(
    room: WarRoom,
    now: datetime,
    *,
    clocks: Sequence[ClockStatus] = (),
    milestones: Mapping[str, str] | None = None,
    answers: Mapping[str, str] | None = None,
    first_decisions: Mapping[str, datetime] | None = None,
    spike_rule: SpikeRule | None = None,
) -> Review:
    """Measure the review from a snapshot and the clock evaluation at ``now``.

    Args:
        room: The war room's snapshot.
        now: The report's time (the end of every series).
        clocks: ``evaluate_clocks(...)`` at ``now``; not-applicable rows are left out.
        milestones: Milestone → checklist item id (``milestones_of(prep)``); defaults apply.
        answers: The team's answers to the four questions, by question id.
        first_decisions: Mention id → time of its first triage decision, if the store keeps
            it; otherwise the current triage record's time is used (the latest decision).
        spike_rule: What counts as a spike (default ``SpikeRule()``).
    """
    now = utc(now)
    incident = room.incident
    detected = incident.detected_at
    mapping = {**DEFAULT_MILESTONES, **(milestones or {})}
    deadlines = clock_deadlines(clocks)  # one truth: an item closed by a clock is due with it

    def tick_time(item_id: str) -> datetime | None:
        tick = room.ticks.get(item_id)
        return utc(tick.at) if tick is not None and tick.done else None

    def late(item_id: str, at: datetime | None) -> bool:
        item = incident.item(item_id)
        clock = deadlines.get(item_id)
        due = clock.due_at if clock is not None else (item.due_at(detected) if item else None)
        return at is not None and due is not None and at > due

    first_reply = min(
        (utc(r.at) for r in room.triage.values() if r.state is Triage.RESPONDED), default=None
    )
    marks = []
    for key, label in _MILESTONE_LABELS.items():
        item_id = mapping.get(key, "")
        at = tick_time(item_id)
        if key == "first_public_response" and first_reply is not None:
            at = min(at, first_reply) if at else first_reply
        marks.append(Milestone(label, at, detected, item_id, late(item_id, at)))

    briefings = []
    for team in incident.teams:
        items = [i for i in incident.checklist if i.team == team.id]
        times = [tick_time(i.id) for i in items]
        done = bool(items) and all(t is not None for t in times)
        at = max(t for t in times if t is not None) if done else None
        briefings.append(
            Milestone(
                f"{team.name} briefed",
                at,
                detected,
                items[0].id if items else "",
                any(late(i.id, t) for i, t in zip(items, times, strict=True)),
            )
        )

    hours = clock_hours(room.inquiries, detected, now)
    rule = spike_rule or SpikeRule()
    summaries, spikes = [], []
    totals = room.inquiry_totals()
    for channel in incident.channels:
        series = clock_hours(room.inquiries, detected, now, channel.id)
        peak = max(series, key=lambda h: h[1], default=None)
        summaries.append(
            ChannelSummary(
                channel.id,
                channel.name,
                totals.get(channel.id, 0),
                peak[0] if peak and peak[1] else None,
                peak[1] if peak else 0,
            )
        )
        counts = [count for _, count in series]
        spikes += [
            HourSpike(channel.id, channel.name, series[i][0], counts[i])
            for i in spikes_in_series(counts, rule)
        ]
    overall_peak = max(hours, key=lambda h: h[1], default=None)

    mention_counts: Counter[datetime] = Counter()
    for mention in room.mentions:
        moment = max(utc(mention.published), detected)
        mention_counts[moment.replace(minute=0, second=0, microsecond=0)] += 1
    mention_hours = tuple((hour, mention_counts[hour]) for hour, _ in hours)

    to_triage, to_respond = [], []
    fetched = {m.id: utc(m.fetched_at) for m in room.mentions}
    for mention_id, record in room.triage.items():
        if mention_id not in fetched or record.state is Triage.NEW:
            continue
        first = (first_decisions or {}).get(mention_id) or record.first_decided_at or record.at
        decided = utc(first)
        to_triage.append(max(decided - fetched[mention_id], timedelta(0)))
        if record.state is Triage.RESPONDED:
            replied = utc(record.responded_at or record.at)
            to_respond.append(max(replied - fetched[mention_id], timedelta(0)))

    statuses = [
        item_status(incident, item, room.ticks, now, deadlines) for item in incident.checklist
    ]
    late_items = tuple(
        s
        for s in statuses
        if s.done and s.due_at is not None and s.tick is not None and s.tick.at > s.due_at
    )
    done_count, total = room.checklist_progress()
    given = answers or {}
    return Review(
        incident_id=incident.id,
        title=incident.title,
        summary=incident.summary,
        detected_at=detected,
        generated_at=now,
        milestones=tuple(marks),
        team_briefings=tuple(briefings),
        filings=tuple(c for c in clocks if c.state is not ClockState.NOT_APPLICABLE),
        inquiries=tuple(summaries),
        inquiry_hours=tuple(hours),
        peak_hour=overall_peak if overall_peak and overall_peak[1] else None,
        spikes=tuple(spikes),
        mentions_by_state=dict(room.mentions_by_state()),
        mention_hours=mention_hours,
        median_to_triage=_median(to_triage),
        median_to_respond=_median(to_respond),
        checklist_done=done_count,
        checklist_total=total,
        overdue_items=tuple(s for s in statuses if s.overdue),
        late_items=late_items,
        timeline=tuple(room.timeline),
        answers=tuple((qid, question, given.get(qid, "")) for qid, question in QUESTIONS),
    )
