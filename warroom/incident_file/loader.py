"""Load an incident file strictly: the first problem found is reported with file, path and cause.

Nothing is imported from a file that has any problem, so a half-right preparation never
reaches the dashboard looking complete.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.fields import Fields, child_path

__all__ = ["load_incident", "parse_incident", "OPTIONAL_SECTIONS"]

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

    sections["gates"] = parse_gates
    from warroom.incident_file import ledger

    sections["stakeholders"] = ledger.parse_stakeholders
    sections["population"] = ledger.parse_population
    sections["holding_statements"] = ledger.parse_holding_statements
    return sections


OPTIONAL_SECTIONS = (
    "drafting",
    "regulatory",
    "gates",
    "stakeholders",
    "population",
    "holding_statements",
)


def load_incident(path: Path | str) -> Incident:
    """Read and validate an incident file.

    Raises:
        IncidentFileError: naming the file, the JSON path and the problem.
    """
    source = str(path)
    try:
        raw_bytes = Path(path).read_bytes()
    except FileNotFoundError:
        raise IncidentFileError(source, "$", "no such file") from None
    except IsADirectoryError:
        raise IncidentFileError(source, "$", "is a directory, not an incident file") from None
    except OSError as error:
        raise IncidentFileError(source, "$", f"cannot be read ({error.strerror})") from None
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        raise IncidentFileError(source, "$", f"is not UTF-8 text (byte {error.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise IncidentFileError(
            source,
            "$",
            f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
        ) from None
    except RecursionError:
        raise IncidentFileError(source, "$", "is JSON nested too deeply to read") from None
    return parse_incident(source, data)


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


def _facts(fields: Fields) -> Facts:
    facts = Facts(
        what_happened=fields.string("what_happened"),
        data_affected=fields.strings("data_affected", required=True),
        customers_affected=fields.integer("customers_affected", required=False, minimum=0),
        what_customers_should_do=fields.string("what_customers_should_do"),
        what_company_is_doing=fields.string("what_company_is_doing"),
        hotline=fields.string("hotline"),
        faq_url=fields.string("faq_url"),
        sender_address=fields.string("sender_address"),
        how_security_will_improve=fields.string("how_security_will_improve", required=False),
        when_happened=fields.string("when_happened", required=False),
        discovered_at=fields.datetime("discovered_at", required=False),
        support_email=fields.string("support_email", required=False),
        postal_address=fields.string("postal_address", required=False),
        data_protection_contact=fields.string("data_protection_contact", required=False),
        law_enforcement_delay=fields.boolean("law_enforcement_delay"),
        breach_started=fields.datetime("breach_started", required=False),
        breach_ended=fields.datetime("breach_ended", required=False),
        breach_date_estimated=fields.boolean("breach_date_estimated"),
        notice_date=fields.datetime("notice_date", required=False),
    )
    if not facts.data_affected:
        raise fields.error("data_affected", "must list at least one category of data")
    if not re.match(r"^https?://", facts.faq_url):
        raise fields.error("faq_url", f"{facts.faq_url!r} must be an http(s) URL")
    if "@" not in facts.sender_address:
        raise fields.error("sender_address", f"{facts.sender_address!r} is not an e-mail address")
    fields.done()
    return facts


def _teams(root: Fields) -> tuple[Team, ...]:
    teams = []
    for team in root.objects("teams"):
        qa = []
        for entry in team.objects("qa"):
            qa.append(QuestionAnswer(entry.string("question"), entry.string("answer")))
            entry.done()
        teams.append(
            Team(
                _ident(team, "id"),
                team.string("name"),
                team.string("lead", required=False),
                tuple(qa),
            )
        )
        team.done()
    _unique(root.source, "$.teams", [t.id for t in teams], "team id")
    return tuple(teams)


def _channels(root: Fields) -> tuple[Channel, ...]:
    channels = []
    for channel in root.objects("channels", required=True):
        key = channel.string("key")
        if len(key) != 1 or not key.isprintable() or key.isspace():
            raise channel.error("key", f"{key!r} must be one printable character")
        if key.isalpha():
            raise channel.error(
                "key", f"{key!r}: use a digit or symbol; letters are taken by commands"
            )
        channels.append(Channel(_ident(channel, "id"), channel.string("name"), key))
        channel.done()
    if not channels:
        raise root.error("channels", "must list at least one inquiry channel")
    _unique(root.source, "$.channels", [c.id for c in channels], "channel id")
    _unique(root.source, "$.channels", [c.key for c in channels], "channel key")
    return tuple(channels)


def _checklist(root: Fields, team_ids: set[str]) -> tuple[ChecklistItem, ...]:
    items = []
    for item in root.objects("checklist", required=True):
        team = item.string("team", required=False)
        if team and team not in team_ids:
            raise item.error("team", f"{team!r} is not one of the teams' ids")
        step = item.choice("step", PlaybookStep)
        assert step is not None
        items.append(
            ChecklistItem(
                _ident(item, "id"), step, item.string("title"), item.duration("due"), team
            )
        )
        item.done()
    if not items:
        raise root.error("checklist", "must list at least one item")
    _unique(root.source, "$.checklist", [i.id for i in items], "checklist item id")
    return tuple(items)


def _feeds(root: Fields) -> tuple[FeedSource, ...]:
    feeds = []
    for feed in root.objects("feeds"):
        url = feed.string("url")
        if not re.match(r"^https?://[^\s]+$", url):
            raise feed.error("url", f"{url!r} must be an http(s) URL")
        poll = feed.integer("poll_seconds", required=False, default=300, minimum=10)
        assert poll is not None
        feeds.append(FeedSource(_ident(feed, "id"), feed.string("name"), url, poll))
        feed.done()
    _unique(root.source, "$.feeds", [f.id for f in feeds], "feed id")
    return tuple(feeds)


def parse_incident(source: str, data: Any, *, sections: bool = True) -> Incident:
    """Validate already-decoded JSON as an incident file.

    With ``sections=False`` the optional sections (drafting, regulatory) are kept raw and not
    parsed: for callers that need only the core, such as ``warroom poll``, which would
    otherwise import the drafting checks and clock rules on every cron run.
    """
    root = Fields(source, "$", data)
    version = root.integer("format", required=False, default=1, minimum=1)
    if version != 1:
        raise root.error("format", f"version {version} is newer than this warroom understands (1)")
    root.string("$schema", required=False)
    head = root.object("incident")
    assert head is not None
    severity = head.choice("severity", Severity)
    status = head.choice("status", Status)
    detected_at = head.datetime("detected_at")
    assert severity is not None and status is not None and detected_at is not None
    incident_id = _ident(head, "id")
    title = head.string("title")
    summary = head.string("summary")
    head.done()
    facts_fields = root.object("facts")
    assert facts_fields is not None
    facts = _facts(facts_fields)
    if facts.discovered_at is not None and facts.discovered_at > detected_at:
        # Discovery is when the company learnt of it; detection cannot come before that.
        raise IncidentFileError(
            source, child_path("$.facts", "discovered_at"), "is later than $.incident.detected_at"
        )
    teams = _teams(root)
    channels = _channels(root)
    checklist = _checklist(root, {t.id for t in teams})
    feeds = _feeds(root)
    keywords = root.strings("keywords")
    extras: dict[str, object] = {}
    parsers = _optional_sections() if sections else {}
    for name in OPTIONAL_SECTIONS:
        raw = root.raw(name)
        if raw is None:
            continue
        parser = parsers.get(name)
        if parser is not None:
            extras[name] = parser(source, raw)
        elif sections:
            extras[name] = raw
        extras[f"{name}_raw"] = raw
    root.done()
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
