"""Rendering a draft's source from the facts: placeholders replaced, and which facts were read
(see ``warroom.domain.drafts`` for the placeholders)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from warroom.domain.clock import format_utc, utc
from warroom.domain.fact_sheet import FACT_FIELDS, FACT_FIELDS_BY_NAME, fact_snapshot
from warroom.domain.incident import Facts, QuestionAnswer, Team

__all__ = ["format_date", "natural_join", "FACT_PLACEHOLDERS", "Rendered", "render"]


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(moment: datetime) -> str:
    """A date as customers read it, locale-independent: ``November 27, 2026``."""
    moment = utc(moment)
    return f"{_MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


def natural_join(items: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    listed = [i for i in items if i]
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def _breach_dates(facts: Facts) -> str:
    start, end = facts.breach_started, facts.breach_ended
    if start is None:
        return "not yet known"
    if end is not None and format_date(end) != format_date(start):
        prefix = "between about" if facts.breach_date_estimated else "between"
        return f"{prefix} {format_date(start)} and {format_date(end)}"
    return ("on or about " if facts.breach_date_estimated else "on ") + format_date(start)


def _plain(name: str) -> Callable[[Facts], str]:
    def get(facts: Facts) -> str:
        value = getattr(facts, name)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, datetime):
            return format_date(value)
        if isinstance(value, tuple):
            return natural_join(value)
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    return get


_DERIVED: dict[str, tuple[tuple[str, ...], Callable[[Facts], str]]] = {
    "data_affected_list": (
        ("data_affected",),
        lambda f: "\n".join(f"- {d}" for d in f.data_affected),
    ),
    "breach_dates": (("breach_started", "breach_ended", "breach_date_estimated"), _breach_dates),
    "discovered_on": (("discovered_at",), _plain("discovered_at")),
    "notice_on": (("notice_date",), _plain("notice_date")),
    "law_enforcement_statement": (
        ("law_enforcement_delay",),
        lambda f: (
            "A law enforcement investigation delayed this notice."
            if f.law_enforcement_delay
            else "This notice was not delayed by a law enforcement investigation."
        ),
    ),
    "when_happened": (
        ("when_happened", "breach_started", "breach_ended", "breach_date_estimated"),
        lambda f: f.when_happened or _breach_dates(f),
    ),
}
"""Placeholders computed from several facts: (the facts they read, how to word them)."""

FACT_PLACEHOLDERS: tuple[str, ...] = tuple(f.name for f in FACT_FIELDS) + tuple(
    n for n in _DERIVED if n not in FACT_FIELDS_BY_NAME
)
"""Every ``{facts.…}`` name a template may use (for the editor's help)."""

_PLACEHOLDER = re.compile(r"\{(facts|team|draft)\.([a-z_]+)\}")


@dataclass(frozen=True)
class Rendered:
    """A source rendered from the facts, and what it read."""

    text: str
    facts_used: Mapping[str, str]
    """Fact name → canonical value read (see ``fact_snapshot``), including empty facts."""
    missing: tuple[str, ...] = ()
    """Placeholders left as they are because their value is empty."""
    unknown: tuple[str, ...] = ()
    """Placeholders that name nothing (a typo, or a team placeholder outside a briefing)."""


def _team_qa(qa: Iterable[QuestionAnswer]) -> str:
    return "\n\n".join(f"### {item.question}\n{item.answer}" for item in qa)


def render(
    source: str,
    facts: Facts,
    *,
    team: Team | None = None,
    last_updated: datetime | None = None,
) -> Rendered:
    """Replace the placeholders in ``source`` and record which facts were read.

    Args:
        source: The draft as the operator wrote it.
        facts: The current sheet of facts.
        team: The team a briefing is for (enables ``{team.…}``).
        last_updated: The FAQ's stamp (enables ``{draft.last_updated}``).
    """
    snapshot = fact_snapshot(facts)
    used: dict[str, str] = {}
    missing: list[str] = []
    unknown: list[str] = []

    def value_of(match: re.Match[str]) -> str:
        scope, name = match.group(1), match.group(2)
        text: str | None = None
        if scope == "facts":
            if name in _DERIVED:
                reads, word = _DERIVED[name]
            elif name in FACT_FIELDS_BY_NAME:
                reads, word = (name,), _plain(name)
            else:
                unknown.append(match.group(0))
                return match.group(0)
            for read in reads:
                used[read] = snapshot[read]
            # Flags ("no") and breach dates ("not yet known") always have an answer; any
            # other empty fact leaves its placeholder visible for the check to flag.
            text = word(facts)
        elif scope == "team" and team is not None and name in ("name", "lead", "qa"):
            text = {"name": team.name, "lead": team.lead, "qa": _team_qa(team.qa)}[name]
        elif scope == "draft" and name == "last_updated" and last_updated is not None:
            text = format_utc(last_updated, with_date=True).replace("Z", " UTC")
        else:
            unknown.append(match.group(0))
            return match.group(0)
        if not text:
            missing.append(match.group(0))
            return match.group(0)
        return text

    rendered = _PLACEHOLDER.sub(value_of, source)
    return Rendered(rendered, used, tuple(dict.fromkeys(missing)), tuple(dict.fromkeys(unknown)))
