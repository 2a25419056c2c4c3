"""The demo's first two hours: what a war room has done by the time a visitor sits down.

A dashboard opened on a bare import shows one timeline event, every count at zero and nothing
triaged, which is not what anybody running one sees. ``seed_first_hours`` writes a believable
start instead, through the same repository calls the operators' keys make, stamped at the times
they would have happened: notes and decisions by four operators, ticks, a rising phone line,
triaged mentions (the feeds' own backstory, parsed as a poll would have), saved drafts of which
a fact change has left one stale, and the NIS2 early warning filed.

Everything is a pure function of the detection time, ``now`` and the seed, so tests can ask what
the first screen shows at any date.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from warroom.domain.clock import format_utc
from warroom.domain.drafts import DraftKind
from warroom.domain.mentions import Mention, Priority, Triage
from warroom.feeds.parse import parse_feed
from warroom.feeds.simulator import FEEDS, FeedSchedule, feed_body
from warroom.store.drafts import DraftStore
from warroom.store.repository import WarRoomRepository

__all__ = ["seed_first_hours", "Beat", "OPERATORS"]

OPERATORS = ("maya", "jonas", "priya", "leo")
"""Comms lead, legal, customer service lead, social lead: who typed the first two hours."""

POLL_STEP = timedelta(minutes=10)
"""How often the backstory's feeds were polled."""
TALLY = 300
"""Seconds between an agent's tallies of the calls taken."""


@dataclass(frozen=True)
class Beat:
    """One thing someone did, ``after`` detection."""

    after: timedelta
    operator: str
    act: Callable[[WarRoomRepository, DraftStore, str, datetime], object]


def _m(minutes: int) -> timedelta:
    return timedelta(minutes=minutes)


def _note(text: str) -> Callable[[WarRoomRepository, DraftStore, str, datetime], object]:
    return lambda repo, drafts, who, at: repo.add_note(text, who, at)


def _tick(item: str) -> Callable[[WarRoomRepository, DraftStore, str, datetime], object]:
    return lambda repo, drafts, who, at: repo.set_tick(item, True, who, at)


def _save(kind: DraftKind) -> Callable[[WarRoomRepository, DraftStore, str, datetime], object]:
    return lambda repo, drafts, who, at: drafts.save_version(kind, "", drafts.source(kind), who, at)


def _revise_count(repo: WarRoomRepository, drafts: DraftStore, who: str, at: datetime) -> None:
    """Forensics finds more accounts: every saved draft quoting the count goes stale."""
    drafts.set_fact("customers_affected", 51340, who, at)


def _resave_all_but_faq(
    repo: WarRoomRepository, drafts: DraftStore, who: str, at: datetime
) -> None:
    """The notice and the post are brought up to date; the FAQ is left stale for the demo."""
    for draft, _ in drafts.stale_drafts():
        if draft.ref.kind is not DraftKind.FAQ:
            drafts.save_version(
                draft.ref.kind, draft.ref.key, drafts.source(draft.ref.kind), who, at
            )


def _story(detected: datetime) -> list[Beat]:
    maya, jonas, priya, leo = OPERATORS
    aware = format_utc(detected)
    return [
        Beat(_m(1), maya, _note(f"War room open. SOC confirmed the intrusion at {aware}; "
                                "comms, legal, customer service and social on the bridge.")),
        Beat(_m(6), jonas, _note("GDPR and NIS2 clocks run from the SOC's confirmation. "
                                 "Materiality for the SEC is with the disclosure committee.")),
        Beat(_m(12), leo, _tick("monitoring-set-up")),
        Beat(_m(19), leo, _note("A forum post claims Northwind customer data is for sale: "
                                "the story is out before our notice.")),
        Beat(_m(24), leo, _tick("triage-rota")),
        Beat(_m(31), maya, _note("Decision: notify customers today, not after the forensic "
                                 "report. Holding statement goes on social now.")),
        Beat(_m(36), leo, _save(DraftKind.SOCIAL)),
        Beat(_m(42), maya, _tick("key-messages")),
        Beat(_m(51), maya, _save(DraftKind.NOTICE)),
        Beat(_m(58), priya, _save(DraftKind.FAQ)),
        Beat(_m(63), priya, _tick("hotline-staffed")),
        Beat(_m(68), priya, _tick("brief-customer-service")),
        Beat(_m(74), priya, _note("Hotline queue at 6 minutes; two more agents from the "
                                  "Portland desk.")),
        Beat(_m(80), jonas, _revise_count),
        Beat(_m(87), maya, _resave_all_but_faq),
        Beat(_m(91), jonas, _tick("notice-what-to-do")),
        Beat(_m(91), jonas, _tick("notice-what-happened")),
        Beat(_m(92), jonas, _tick("notice-hotline")),
        Beat(_m(97), jonas, _note("Decision: NIS2 early warning goes to the CSIRT now; the "
                                  "72-hour notification is drafted by tomorrow.")),
        Beat(_m(103), jonas, _tick("nis2-early-warning-sent")),
        Beat(_m(104), jonas, _note("Filed: NIS2 early warning to the national CSIRT, "
                                   "reference CSIRT-EW-4471.")),
        Beat(_m(112), maya, _note("Phone line climbing, mostly “is my card safe”. The FAQ "
                                  "needs the card answer at the top.")),
    ]  # fmt: skip


_INQUIRIES = {
    # channel: (first hour, second hour, topics)
    "phone": (5, 24, ("is my card safe", "is my card safe", "password reset")),
    "email": (3, 9, ("is this email real", "")),
    "social": (2, 7, ("is this email real", "")),
    "service": (1, 5, ("password reset", "")),
    "press": (1, 3, ("",)),
    "sales": (0, 2, ("",)),
}


def _inquiries(rng: random.Random, detected: datetime, now: datetime) -> list[Beat]:
    """Counts that rise: a trickle in the first hour, the phone line spiking in the last."""
    beats: list[Beat] = []
    last_hour = now - timedelta(hours=1)
    for channel, (first, second, topics) in _INQUIRIES.items():
        spans = ((detected + _m(15), last_hour, first), (last_hour, now - _m(1), second))
        for start, end, count in spans:
            seconds = max(60.0, (end - start).total_seconds())
            for _ in range(count):
                # Later minutes more likely: the rate rises through each hour too. Agents tally
                # between calls, every few minutes: presses come in bursts (one folded row).
                offset = seconds * rng.random() ** 0.6
                at = start + timedelta(seconds=offset // TALLY * TALLY + rng.randrange(40))
                topic = rng.choice(topics)
                who = "priya" if channel in ("phone", "service", "email") else "leo"

                def count_one(
                    repo: WarRoomRepository,
                    drafts: DraftStore,
                    operator: str,
                    when: datetime,
                    channel: str = channel,
                    topic: str = topic,
                ) -> None:
                    repo.count_inquiry(channel, operator, when, topic=topic)

                beats.append(Beat(at - detected, who, count_one))
    return beats


def _poll_backstory(
    repo: WarRoomRepository, seed: int, schedule: FeedSchedule, now: datetime
) -> list[Mention]:
    """Store the feeds' entries as polls every ``POLL_STEP`` would have found them."""
    incident = repo.incident(sections=False)
    sources = {feed.id: feed for feed in incident.feeds}
    found: list[Mention] = []
    moment = schedule.origin + POLL_STEP
    while True:
        moment = min(moment, now)
        for feed_id, name in FEEDS.items():
            body, _ = feed_body(name, seed, schedule, moment)
            parsed = parse_feed(body, {}, sources[feed_id], moment, incident.keywords)
            found += repo.add_new_mentions(parsed.mentions)
        if moment >= now:
            return found
        moment += POLL_STEP


def _triage(repo: WarRoomRepository, mentions: list[Mention], now: datetime) -> None:
    """Decide most of what came in, the way a rota does; the newest few stay new.

    Questions whether the notice is real are answered within minutes, except those of the last
    half hour, which wait on somebody's list; the rest is monitored or ignored.
    """
    ordered = sorted(mentions, key=lambda m: m.fetched_at)
    for index, mention in enumerate(ordered[: max(0, len(ordered) - 6)]):
        at = min(now, mention.fetched_at + _m(4 + index % 5))
        if not mention.respond_first:
            state, who = (Triage.MONITOR, "maya") if index % 3 == 0 else (Triage.IGNORE, "leo")
            repo.set_triage(mention.id, who, at, state=state)
            continue
        owner = "priya" if index % 2 else "leo"
        repo.set_triage(mention.id, "leo", at, state=Triage.RESPOND, priority=Priority.HIGH,
                        assignee=owner)  # fmt: skip
        if now - mention.fetched_at > _m(30):
            repo.set_triage(mention.id, owner, min(now, at + _m(6)), state=Triage.RESPONDED,
                            reply=_REPLY, reply_where=mention.domain)  # fmt: skip


_REPLY = "Yes, the e-mail is ours; the same notice is at example.com/security-update."


def seed_first_hours(
    repo: WarRoomRepository,
    detected: datetime,
    now: datetime,
    *,
    seed: int,
    schedule: FeedSchedule,
) -> None:
    """Write the first hours since ``detected`` into a freshly imported demo room.

    One transaction: the file is written once, and a crash half-way leaves no half story.
    """
    rng = random.Random(seed)
    drafts = DraftStore(repo)
    beats = sorted(_story(detected) + _inquiries(rng, detected, now), key=lambda b: b.after)
    with repo.transaction():
        for beat in beats:
            at = detected + beat.after
            if at <= now:
                beat.act(repo, drafts, beat.operator, at)
        _triage(repo, _poll_backstory(repo, seed, schedule, now), now)
