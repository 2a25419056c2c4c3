"""Mention spikes: a storm of coverage raises the same alarm as a storm of calls.

The inquiry pane has spike detection (``warroom.domain.trends``); mentions get the same rule,
per incident keyword and overall: the last hour against the trailing baseline, hours before
detection excluded. A spike is written to the timeline once (``unrecorded_spikes``) and shown on
the dashboard and the wall with a prompt to update the FAQ or the holding statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from warroom.domain.clock import format_utc, utc
from warroom.domain.mention_history import published_since
from warroom.domain.mentions import Mention
from warroom.domain.trends import HOUR, SpikeRule, hour_index, last_hour_spike, usable_from

__all__ = ["MentionSpike", "MENTION_SPIKE_PROMPT", "ALL_MENTIONS", "mention_spikes"]

MENTION_SPIKE_PROMPT = "update the FAQ or the holding statement"
ALL_MENTIONS = ""
"""The ``keyword`` of the overall spike (every mention, whatever it matched)."""


@dataclass(frozen=True)
class MentionSpike:
    """An hour of mentions well above the hours before it, for one keyword or all of them."""

    keyword: str
    start: datetime
    end: datetime
    count: int
    baseline: float
    """Mean mentions per hour over the baseline hours."""

    @property
    def prefix(self) -> str:
        """What this spike's timeline entries start with (how it is found again)."""
        if self.keyword == ALL_MENTIONS:
            return "Mention spike (all feeds):"
        return f"Mention spike on “{self.keyword}”:"

    @property
    def text(self) -> str:
        """The timeline line, also shown on the dashboard and the wall."""
        if self.baseline == 0:
            against = "none in the hours before"
        else:
            ratio = self.count / self.baseline
            against = f"{ratio:.1f}× the hours before, {self.baseline:.1f} an hour"
        return (
            f"{self.prefix} {self.count} in the hour to {format_utc(self.end)}"
            f" ({against}) — {MENTION_SPIKE_PROMPT}"
        )


def mention_spikes(
    mentions: Sequence[Mention],
    keywords: Sequence[str],
    detected_at: datetime,
    now: datetime,
    rule: SpikeRule | None = None,
) -> tuple[MentionSpike, ...]:
    """The spikes now: overall first, then per keyword in the incident's order.

    Counted by published time (a feed's first poll brings its history spread over real hours,
    not one burst); a mention counts for a keyword when its highlights hold it (any case).
    One pass over the mentions.
    """
    rule = rule or SpikeRule()
    now = utc(now)
    span = rule.baseline_hours + 1
    wanted = {k.casefold(): k for k in keywords if k.strip()}
    series: dict[str, list[int]] = {ALL_MENTIONS: [0] * span}
    for keyword in wanted.values():
        series[keyword] = [0] * span
    # Only the hours the rule looks at are read: a long history stays on disk.
    for mention in published_since(mentions, now - span * HOUR):
        index = hour_index(mention.published, now, span)
        if index is None:
            continue
        series[ALL_MENTIONS][index] += 1
        for term in {k.casefold() for k in mention.keywords} & wanted.keys():
            series[wanted[term]][index] += 1
    first_usable = usable_from(span, detected_at, now)
    found = []
    for keyword, counts in series.items():
        spiking, mean = last_hour_spike(counts, rule, first_usable)
        if spiking:
            found.append(MentionSpike(keyword, now - HOUR, now, counts[-1], mean))
    return tuple(found)
