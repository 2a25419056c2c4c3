"""Load an incident file strictly: every problem found is reported with file, path and cause.

Nothing is imported from a file that has any problem, so a half-right preparation never
reaches the dashboard looking complete. The file is read within bounds first (``bounded``):
a regular file of limited size, duplicate keys, huge numbers and over-long lists refused.
Each section and each list entry is checked on its own, so one run lists every bad entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from warroom.domain.feed_urls import feed_url_problem
from warroom.domain.gates import Gates
from warroom.domain.incident import (
    Channel,
    ChecklistItem,
    Facts,
    FeedSource,
    Incident,
    PlaybookStep,
    QuestionAnswer,
    Severity,
    Status,
    Team,
)
from warroom.incident_file.bounded import decode_strict, limit_problems, read_bounded
from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.fields import Fields, child_path

__all__ = ["load_incident", "load_incident_data", "parse_incident", "OPTIONAL_SECTIONS"]

T = TypeVar("T")


class _Problems:
    """Collects every section's and entry's errors instead of stopping at the first."""

    def __init__(self) -> None:
        self.found: list[IncidentFileError] = []

    def attempt(self, step: Callable[[], T]) -> T | None:
        """Run ``step``; on an incident-file error, keep it and return ``None``."""
        try:
            return step()
        except IncidentFileError as error:
            self.found.append(error)
            return None

    def each(self, fields: Fields, key: str, *, required: bool = False) -> Iterator[Fields]:
        """The entries of a list of objects, skipping (and keeping the error of) a non-object."""
        list_path = child_path(fields.path, key)
        items = self.attempt(lambda: fields.list(key, required=required)) or []
        for index, value in enumerate(items):
            entry = self.attempt(
                partial(Fields, fields.source, child_path(list_path, index), value)
            )
            if entry is not None:
                yield entry

    def raise_any(self) -> None:
        if self.found:
            raise IncidentFileError.combine(self.found)


_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

SectionParser = Callable[[str, object], object]


def _optional_sections() -> dict[str, SectionParser]:
    """Sections other layers own; each validates its own part and names its own paths."""
    sections: dict[str, SectionParser] = {}
    try:
        from warroom.incident_file.drafting import parse_drafting

        sections["drafting"] = parse_drafting
    except ImportError:  # pragma: no cover - section not built yet
        pass
    try:
        from warroom.incident_file.regulatory import parse_regulatory

        sections["regulatory"] = parse_regulatory
    except ImportError:  # pragma: no cover - section not built yet
        pass
    from warroom.incident_file.gates import parse_gates
    from warroom.incident_file.signals import parse_signals

    sections["gates"] = parse_gates
    sections["signals"] = parse_signals
    from warroom.incident_file import ledger
    from warroom.incident_file.signoff import parse_roles

    sections["roles"] = parse_roles
    sections["stakeholders"] = ledger.parse_stakeholders
    sections["population"] = ledger.parse_population
    sections["holding_statements"] = ledger.parse_holding_statements
    return sections


OPTIONAL_SECTIONS = (
    "drafting",
    "regulatory",
    "gates",
    "signals",
    "roles",
    "stakeholders",
    "population",
    "holding_statements",
)


def load_incident(path: Path | str) -> Incident:
    """Read and validate an incident file.

    Raises:
        IncidentFileError: naming the file, the JSON path and the problem.
    """
    return load_incident_data(path)[1]


def load_incident_data(path: Path | str) -> tuple[dict[str, Any], Incident]:
    """Read an incident file once, within bounds; return its JSON and the validated incident.

    Importing stores the JSON exactly as validated: reading the file a second time would let
    a file changed in between (or a FIFO) reach the database unchecked.

    Raises:
        IncidentFileError: naming the file, the JSON path and every problem.
    """
    source = str(path)
    data = decode_strict(source, read_bounded(path))
    incident = parse_incident(source, data)
    assert isinstance(data, dict)  # parse_incident refuses anything else
    return data, incident


def _head(
    root: Fields, problems: _Problems
) -> tuple[str, str, Severity, Status, datetime, str] | None:
    """The ``incident`` object: id, title, severity, status, detection time, summary."""
    head = root.object("incident")
    assert head is not None
    before = len(problems.found)
    severity = problems.attempt(lambda: head.choice("severity", Severity))
    status = problems.attempt(lambda: head.choice("status", Status))
    detected_at = problems.attempt(lambda: head.datetime("detected_at"))
    incident_id = problems.attempt(lambda: _ident(head, "id"))
    title = problems.attempt(lambda: head.string("title"))
    summary = problems.attempt(lambda: head.string("summary"))
    problems.attempt(head.done)
    if len(problems.found) > before:
        return None
    assert severity is not None and status is not None and detected_at is not None
    assert incident_id is not None and title is not None and summary is not None
    return incident_id, title, severity, status, detected_at, summary


def _ident(fields: Fields, key: str) -> str:
    value = fields.string(key)
    if not _ID.match(value):
        raise fields.error(key, f"{value!r} must be lowercase letters, digits, - or _ (max 64)")
    return value


def _unique(source: str, path: str, ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise IncidentFileError(source, f"{path}[{index}]", f"duplicate {what} {value!r}")
        seen.add(value)


_FACT_READERS: dict[str, Callable[[Fields, str], object]] = {
    "what_happened": lambda f, k: f.string(k),
    "data_affected": lambda f, k: f.strings(k, required=True),
    "customers_affected": lambda f, k: f.integer(k, required=False, minimum=0),
    "what_customers_should_do": lambda f, k: f.string(k),
    "what_company_is_doing": lambda f, k: f.string(k),
    "hotline": lambda f, k: f.string(k),
    "faq_url": lambda f, k: f.string(k),
    "sender_address": lambda f, k: f.string(k),
    "how_security_will_improve": lambda f, k: f.string(k, required=False),
    "when_happened": lambda f, k: f.string(k, required=False),
    "discovered_at": lambda f, k: f.datetime(k, required=False),
    "support_email": lambda f, k: f.string(k, required=False),
    "postal_address": lambda f, k: f.string(k, required=False),
    "data_protection_contact": lambda f, k: f.string(k, required=False),
    "law_enforcement_delay": lambda f, k: f.boolean(k),
    "breach_started": lambda f, k: f.datetime(k, required=False),
    "breach_ended": lambda f, k: f.datetime(k, required=False),
    "breach_date_estimated": lambda f, k: f.boolean(k),
    "notice_date": lambda f, k: f.datetime(k, required=False),
    "likely_consequences": lambda f, k: f.string(k, required=False),
}
"""How each fact is read; each is read on its own so one run reports every bad fact."""


def _facts(fields: Fields, problems: _Problems) -> Facts | None:
    before = len(problems.found)
    values: dict[str, Any] = {}
    for key, read in _FACT_READERS.items():
        values[key] = problems.attempt(partial(read, fields, key))
    checks = (
        ("data_affected", bool(values["data_affected"]), "must list at least one category of data"),
        (
            "faq_url",
            bool(re.match(r"^https?://", values["faq_url"] or "")),
            f"{values['faq_url']!r} must be an http(s) URL",
        ),
        (
            "sender_address",
            "@" in (values["sender_address"] or ""),
            f"{values['sender_address']!r} is not an e-mail address",
        ),
    )
    for key, holds, problem in checks:
        if values[key] is not None and not holds:
            problems.found.append(fields.error(key, problem))
    problems.attempt(fields.done)
    if len(problems.found) > before:
        return None
    return Facts(**values)


def _team(team: Fields, problems: _Problems) -> Team:
    qa = []
    for entry in problems.each(team, "qa"):

        def one(entry: Fields = entry) -> QuestionAnswer:
            pair = QuestionAnswer(entry.string("question"), entry.string("answer"))
            entry.done()
            return pair

        found = problems.attempt(one)
        if found is not None:
            qa.append(found)
    made = Team(
        _ident(team, "id"), team.string("name"), team.string("lead", required=False), tuple(qa)
    )
    team.done()
    return made


def _teams(root: Fields, problems: _Problems) -> tuple[Team, ...]:
    teams = _entries(root, "teams", problems, lambda team: _team(team, problems))
    _unique(root.source, "$.teams", [t.id for t in teams], "team id")
    return tuple(teams)


def _entries(
    root: Fields,
    key: str,
    problems: _Problems,
    build: Callable[[Fields], T],
    *,
    required: bool = False,
) -> list[T]:
    """Build every entry of a list of objects; a bad entry is reported and the rest still read."""
    built = []
    for entry in problems.each(root, key, required=required):
        made = problems.attempt(partial(build, entry))
        if made is not None:
            built.append(made)
    return built


def _channel(channel: Fields) -> Channel:
    key = channel.string("key")
    if len(key) != 1 or not key.isprintable() or key.isspace():
        raise channel.error("key", f"{key!r} must be one printable character")
    if key.isalpha():
        raise channel.error("key", f"{key!r}: use a digit or symbol; letters are taken by commands")
    made = Channel(_ident(channel, "id"), channel.string("name"), key)
    channel.done()
    return made


def _channels(root: Fields, problems: _Problems) -> tuple[Channel, ...]:
    channels = _entries(root, "channels", problems, _channel, required=True)
    if not channels and not problems.found:
        raise root.error("channels", "must list at least one inquiry channel")
    _unique(root.source, "$.channels", [c.id for c in channels], "channel id")
    _unique(root.source, "$.channels", [c.key for c in channels], "channel key")
    return tuple(channels)


def _checklist_item(item: Fields, team_ids: set[str]) -> ChecklistItem:
    team = item.string("team", required=False)
    if team and team not in team_ids:
        raise item.error("team", f"{team!r} is not one of the teams' ids")
    step = item.choice("step", PlaybookStep)
    assert step is not None
    made = ChecklistItem(_ident(item, "id"), step, item.string("title"), item.duration("due"), team)
    item.done()
    return made


def _checklist(root: Fields, team_ids: set[str], problems: _Problems) -> tuple[ChecklistItem, ...]:
    items = _entries(
        root, "checklist", problems, lambda item: _checklist_item(item, team_ids), required=True
    )
    if not items and not problems.found:
        raise root.error("checklist", "must list at least one item")
    _unique(root.source, "$.checklist", [i.id for i in items], "checklist item id")
    return tuple(items)


def _allowed_private_hosts(root: Fields) -> tuple[str, ...]:
    """``network.allow_private_hosts``: where a redirect may go although not public."""
    network = root.object("network", required=False)
    if network is None:
        return ()
    hosts = tuple(host.lower() for host in network.strings("allow_private_hosts"))
    network.done()
    return hosts


def _feed(feed: Fields) -> FeedSource:
    url = feed.string("url")
    problem = feed_url_problem(feed.data["url"])  # as written: a trailing newline is refused too
    if problem:
        raise feed.error("url", problem)
    poll = feed.integer("poll_seconds", required=False, default=300, minimum=10)
    assert poll is not None
    made = FeedSource(_ident(feed, "id"), feed.string("name"), url, poll)
    feed.done()
    return made


def _feeds(root: Fields, problems: _Problems) -> tuple[FeedSource, ...]:
    feeds = _entries(root, "feeds", problems, _feed)
    _unique(root.source, "$.feeds", [f.id for f in feeds], "feed id")
    return tuple(feeds)


def parse_incident(source: str, data: Any, *, sections: bool = True) -> Incident:
    """Validate already-decoded JSON as an incident file.

    With ``sections=False`` the optional sections (drafting, regulatory) are kept raw and not
    parsed: for callers that need only the core, such as ``warroom poll``, which would
    otherwise import the drafting checks and clock rules on every cron run.
    """
    bounds = limit_problems(source, data)
    if bounds:  # numbers, keys and sizes first: the fields cannot be read sensibly before
        raise IncidentFileError.combine(bounds)
    root = Fields(source, "$", data)
    problems = _Problems()
    version = problems.attempt(lambda: root.integer("format", required=False, default=1, minimum=1))
    if version is not None and version != 1:
        raise root.error("format", f"version {version} is newer than this warroom understands (1)")
    problems.attempt(lambda: root.string("$schema", required=False))
    head = problems.attempt(lambda: _head(root, problems))
    facts_fields = problems.attempt(lambda: root.object("facts"))
    facts = _facts(facts_fields, problems) if facts_fields is not None else None
    discovered = facts.discovered_at if facts is not None else None
    if head is not None and discovered is not None and discovered > head[4]:
        # Discovery is when the company learnt of it; detection cannot come before that.
        problems.found.append(
            IncidentFileError(
                source,
                child_path("$.facts", "discovered_at"),
                "is later than $.incident.detected_at",
            )
        )
    teams = problems.attempt(lambda: _teams(root, problems)) or ()
    channels = problems.attempt(lambda: _channels(root, problems)) or ()
    checklist = problems.attempt(lambda: _checklist(root, {t.id for t in teams}, problems)) or ()
    feeds = problems.attempt(lambda: _feeds(root, problems)) or ()
    keywords = problems.attempt(lambda: root.strings("keywords")) or ()
    extras: dict[str, object] = {}
    allowed = problems.attempt(lambda: _allowed_private_hosts(root))
    if allowed:
        extras["allow_private_hosts"] = allowed
    parsers = _optional_sections() if sections else {}
    for name in OPTIONAL_SECTIONS:
        raw = root.raw(name)
        if raw is None:
            continue
        parser = parsers.get(name)
        if parser is not None:
            parsed = problems.attempt(partial(parser, source, raw))
            if parsed is not None:
                extras[name] = parsed
        elif sections:
            extras[name] = raw
        extras[f"{name}_raw"] = raw
    problems.attempt(root.done)
    problems.raise_any()
    assert head is not None and facts is not None
    incident_id, title, severity, status, detected_at, summary = head
    if sections:
        from warroom.incident_file.ledger import check_population

        check_population(source, facts, extras)
    gates = extras.get("gates")
    if isinstance(gates, Gates):
        ids = {item.id for item in checklist}
        for item_id in gates.items:
            if item_id not in ids:
                raise IncidentFileError(
                    source, child_path("$.gates.items", item_id), "is not a checklist item id"
                )
    return Incident(
        id=incident_id,
        title=title,
        severity=severity,
        status=status,
        detected_at=detected_at,
        summary=summary,
        facts=facts,
        teams=teams,
        channels=channels,
        checklist=checklist,
        feeds=feeds,
        keywords=keywords,
        extras=extras,
    )
