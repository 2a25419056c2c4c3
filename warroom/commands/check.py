"""``warroom check FILE``: how ready is a prepared incident file, before anything happens?

Preparedness decides how well a company comes through a breach. This reads the file the way the
war room will need it and lists, in words, what is ready and what is not: teams with a briefing
item and their own Q&A, a hotline, feeds that answer (a HEAD, then a GET, with a short timeout
per step, 30 s for all), templates that render without gaps, and regulatory clocks configured
with a checklist item to close each. Exit status: 0 ready, 2 gaps found or the file cannot be
read (1 is kept for a bug in warroom, README "Exit codes").
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import httpx

from warroom.domain.checks import Severity, check_draft
from warroom.domain.clocks import RegulatoryPrep, unclosable_clocks
from warroom.domain.drafts import DEFAULT_PREP, DraftingPrep, DraftKind, render
from warroom.domain.incident import FeedSource, Incident
from warroom.domain.text import inert
from warroom.feeds.pinned import Resolver, pinned_transport
from warroom.incident_file import IncidentFileError, load_incident
from warroom.incident_file.regulatory import default_rules

__all__ = ["Finding", "readiness", "probe_feed", "run_check"]

FEED_TIMEOUT = 5.0
"""Each step of a probe (resolving the host, connecting, each read) gets this many seconds."""

PROBE_DEADLINE = 2 * FEED_TIMEOUT
"""One probe (a HEAD, then a GET where HEAD is refused) ends within this many seconds."""

CHECK_DEADLINE = 30.0
"""All feeds together are probed within this many seconds; the rest are reported unprobed."""

CHECK_CONCURRENCY = 8
"""Feeds probed at once."""


def _probe_all(
    feeds: Sequence[FeedSource], *, deadline: float, resolve: Resolver | None = None
) -> list[Finding]:
    """Probe the feeds, ``CHECK_CONCURRENCY`` at a time, all within ``deadline`` seconds.

    Every step is bounded, so the deadline is the command's: the host-name lookup runs in a
    daemon thread waited for with a timeout (``feeds/pinned.py``), connects and reads have
    timeouts, each probe has ``PROBE_DEADLINE``, and probes still running at the deadline are
    cancelled (threads of the earlier version ran on to their own timeouts: ~10 s more).
    """
    if not feeds:
        return []
    problems = asyncio.run(_probe_within(feeds, deadline, resolve))
    return [
        Finding(
            f"feed {feed.name}",
            problems.get(n) == "",
            (problems[n] or "answers") if n in problems else f"not probed within {deadline:g} s",
        )
        for n, feed in enumerate(feeds)
    ]


async def _probe_within(
    feeds: Sequence[FeedSource], deadline: float, resolve: Resolver | None
) -> dict[int, str]:
    limits = httpx.Limits(
        max_connections=CHECK_CONCURRENCY, max_keepalive_connections=CHECK_CONCURRENCY
    )
    problems: dict[int, str] = {}
    gate = asyncio.Semaphore(CHECK_CONCURRENCY)
    # Redirects are not followed: a 3xx answers, and the poller follows it under the redirect
    # policy (feeds/fetch.py); ``check`` never reaches a host the feed URL does not name.
    client = httpx.AsyncClient(
        transport=pinned_transport(verify=True, limits=limits, resolve=resolve),
        timeout=FEED_TIMEOUT,
        follow_redirects=False,
    )

    async def probe(n: int, feed: FeedSource) -> None:
        async with gate:
            problems[n] = await probe_feed(feed, client)

    tasks = [asyncio.create_task(probe(n, feed)) for n, feed in enumerate(feeds)]
    try:
        _, pending = await asyncio.wait(tasks, timeout=deadline)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=FEED_TIMEOUT)  # cancelled: they end at once
    finally:
        with contextlib.suppress(Exception):  # connections of cancelled probes, best effort
            async with asyncio.timeout(FEED_TIMEOUT):
                await client.aclose()
    return problems


_PLACEHOLDER = re.compile(r"TODO|TBD|XXX|\{\{|example\.invalid", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One line of the readiness report."""

    area: str
    ok: bool
    text: str

    def __str__(self) -> str:
        return f"{'✔' if self.ok else '✖'} {self.area}: {self.text}"


async def probe_feed(feed: FeedSource, client: httpx.AsyncClient) -> str:
    """Return ``""`` when the feed answers, else what went wrong in words."""
    try:
        async with asyncio.timeout(PROBE_DEADLINE):
            response = await client.head(feed.url)
            if response.status_code in (405, 501) or response.status_code >= 400:
                async with client.stream("GET", feed.url) as streamed:  # some servers refuse HEAD
                    response = streamed
    except TimeoutError:
        return f"no answer within {PROBE_DEADLINE:g} s"
    except httpx.TimeoutException:
        return f"no answer within {FEED_TIMEOUT:g} s"
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        return f"cannot be reached ({type(error).__name__}: {inert(str(error), limit=160)})"
    if response.status_code >= 400:
        return f"answered HTTP {response.status_code}"
    return ""


def _teams(incident: Incident) -> list[Finding]:
    found = []
    if not incident.teams:
        found.append(Finding("teams", False, "no customer-facing teams listed"))
    for team in incident.teams:
        briefing = [i for i in incident.checklist if i.team == team.id]
        gaps = []
        if not briefing:
            gaps.append("no checklist item to brief them")
        # An answer of "TODO" is a gap with a tick beside it: only real answers count.
        answered = [
            qa for qa in team.qa if qa.answer.strip() and not _PLACEHOLDER.search(qa.answer)
        ]
        if not team.qa:
            gaps.append("no Q&A of their own")
        elif len(answered) < len(team.qa):
            gaps.append(f"{len(team.qa) - len(answered)} Q&A answer(s) still TODO/TBD or empty")
        text = "; ".join(gaps) if gaps else f"briefing item and {len(team.qa)} Q&A entries"
        found.append(Finding(f"team {team.name}", not gaps, text))
    return found


def _hotline(incident: Incident) -> Finding:
    hotline = incident.facts.hotline
    digits = sum(ch.isdigit() for ch in hotline)
    if digits < 7 or _PLACEHOLDER.search(hotline):
        return Finding("hotline", False, f"{hotline!r} is not a real phone number yet")
    return Finding("hotline", True, hotline)


def _templates(incident: Incident) -> list[Finding]:
    prep = incident.extras.get("drafting")
    drafting = prep if isinstance(prep, DraftingPrep) else DEFAULT_PREP
    found = []
    team = incident.teams[0] if incident.teams else None
    for kind in DraftKind:
        # The FAQ's stamp is filled when a version is rendered, so check with one stand-in.
        rendered = render(
            drafting.template(kind), incident.facts, team=team, last_updated=incident.detected_at
        )
        gaps = [*rendered.missing, *rendered.unknown]
        if _PLACEHOLDER.search(rendered.text):
            gaps.append("placeholder text (TODO/TBD)")
        # The notice linter, as the editor runs it: what would block sending blocks readiness.
        problems = check_draft(
            kind, rendered.text, incident.facts, drafting.profiles, incident.detected_at,
            prep=drafting,
        )  # fmt: skip
        gaps += [f"{p.message} ({p.source})" for p in problems if p.severity is Severity.BLOCKING]
        text = "renders" if not gaps else "gaps: " + ", ".join(sorted(set(gaps)))
        found.append(Finding(f"template {kind.value}", not gaps, text))
    return found


def _clocks(incident: Incident) -> list[Finding]:
    prep = incident.extras.get("regulatory")
    if not isinstance(prep, RegulatoryPrep):
        return [Finding("clocks", False, "no regulatory section: no deadline will be tracked")]
    rules = default_rules()
    found = []
    if not prep.regimes:
        found.append(Finding("clocks", False, "no regimes listed"))
    applying = [r.regime for r in prep.regimes if r.applies]
    found.append(
        Finding("clocks", bool(applying), "regimes applying: " + (", ".join(applying) or "none"))
    )
    missing = unclosable_clocks(
        prep, (i.id for i in incident.checklist), rules, incident.detected_at
    )
    found += [
        Finding(
            f"clock {rule_id}",
            False,
            "no checklist item closes it (add one and map it under regulatory.closes)",
        )
        for rule_id in missing
    ]
    if not missing:
        found.append(Finding("clocks", True, "every applicable clock has an item that closes it"))
    return found


def readiness(incident: Incident, *, resolve: Resolver | None = None) -> list[Finding]:
    """Everything ``warroom check`` reports, in order."""
    found = _teams(incident)
    found.append(_hotline(incident))
    if _PLACEHOLDER.search(incident.facts.what_happened):
        found.append(Finding("facts", False, "what happened still holds placeholder text"))
    if not incident.feeds:
        found.append(Finding("feeds", False, "no feeds to monitor"))
    found += _probe_all(incident.feeds, deadline=CHECK_DEADLINE, resolve=resolve)
    found += _templates(incident)
    found += _clocks(incident)
    return found


def run_check(path: Path, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Print the readiness report of the incident file at ``path``; return the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        incident = load_incident(path)
    except IncidentFileError as error:
        print(f"warroom check: {error}", file=err)
        return 2
    findings = readiness(incident)
    for finding in findings:
        print(finding, file=out)
    gaps: Sequence[Finding] = [f for f in findings if not f.ok]
    print(
        f"\n{len(findings) - len(gaps)} of {len(findings)} ready"
        + (f"; {len(gaps)} to fix before the breach." if gaps else "."),
        file=out,
    )
    return 2 if gaps else 0  # not ready: the operator has work to do (never 1, a bug)
