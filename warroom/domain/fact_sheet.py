"""The sheet of facts every message is written from: its fields, what an operator may type
in each, and the one canonical way each value reads in a message."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from warroom.domain.clock import utc
from warroom.domain.incident import Facts

__all__ = [
    "FACT_FIELDS_BY_NAME",
    "FactKind",
    "FactField",
    "FACT_FIELDS",
    "FactError",
    "fact_field",
    "parse_fact",
    "format_fact",
    "fact_snapshot",
    "with_fact",
    "changed_facts",
]


class FactKind(StrEnum):
    """How a fact is typed in and shown."""

    TEXT = "text"
    MULTILINE = "multiline"
    LIST = "list"
    COUNT = "count"
    DATETIME = "datetime"
    FLAG = "flag"


@dataclass(frozen=True)
class FactField:
    """One line of the facts screen."""

    name: str
    label: str
    kind: FactKind
    help: str = ""


FACT_FIELDS: tuple[FactField, ...] = (
    FactField(
        "what_happened",
        "What happened",
        FactKind.MULTILINE,
        "A short, honest summary in plain words.",
    ),
    FactField(
        "when_happened",
        "When it happened (as worded)",
        FactKind.TEXT,
        "Free wording; leave empty to use the breach dates below.",
    ),
    FactField(
        "breach_started",
        "Breach started",
        FactKind.DATETIME,
        "Date or ISO time (UTC); empty = not yet known.",
    ),
    FactField(
        "breach_ended",
        "Breach ended",
        FactKind.DATETIME,
        "End of the range; empty for a single date.",
    ),
    FactField("breach_date_estimated", "Breach dates are an estimate", FactKind.FLAG, "yes/no"),
    FactField("discovered_at", "Discovered", FactKind.DATETIME, "Date or ISO time (UTC)."),
    FactField("notice_date", "Notice date", FactKind.DATETIME, "When the first notice goes out."),
    FactField(
        "data_affected",
        "Data affected",
        FactKind.LIST,
        "One concrete category per line (e.g. postal addresses).",
    ),
    FactField(
        "customers_affected",
        "Customers affected",
        FactKind.COUNT,
        "A whole number; empty = not yet known.",
    ),
    FactField(
        "likely_consequences",
        "Likely consequences",
        FactKind.MULTILINE,
        "What could happen to people because of it (GDPR asks for this).",
    ),
    FactField("what_customers_should_do", "What customers should do", FactKind.MULTILINE),
    FactField("what_company_is_doing", "What we are doing", FactKind.MULTILINE),
    FactField("how_security_will_improve", "How security will improve", FactKind.MULTILINE),
    FactField(
        "law_enforcement_delay", "Law enforcement delayed the notice", FactKind.FLAG, "yes/no"
    ),
    FactField("hotline", "Hotline", FactKind.TEXT, "The toll-free number customers call."),
    FactField("faq_url", "FAQ URL", FactKind.TEXT),
    FactField("support_email", "Support e-mail", FactKind.TEXT),
    FactField("postal_address", "Postal address", FactKind.TEXT),
    FactField(
        "sender_address",
        "Sender",
        FactKind.TEXT,
        'The From of the notice, e.g. "Northwind Outfitters <notice@example.com>".',
    ),
    FactField(
        "data_protection_contact",
        "Data-protection contact",
        FactKind.TEXT,
        "The DPO or contact point (name and e-mail).",
    ),
)
"""Every fact, in the order the facts screen lists them."""

FACT_FIELDS_BY_NAME = {f.name: f for f in FACT_FIELDS}
"""Each fact's field by its name (rendering reads placeholders by it)."""


class FactError(ValueError):
    """What the operator typed cannot be that fact."""


def fact_field(name: str) -> FactField:
    """Return the description of the fact called ``name`` (``FactError`` if there is none)."""
    try:
        return FACT_FIELDS_BY_NAME[name]
    except KeyError:
        raise FactError(f"{name!r} is not a fact") from None


_TRUE = {"yes", "y", "true", "1", "on"}
_FALSE = {"no", "n", "false", "0", "off", ""}


def parse_fact(name: str, text: str) -> object:
    """Turn what an operator typed for fact ``name`` into its value.

    Lists take one item per line (or ``;``); counts accept ``48,200``; dates accept
    ``2026-11-27`` (midnight UTC) or ISO date-times; an empty date or count means not yet known.
    """
    kind = fact_field(name).kind
    value = text.strip()
    if kind in (FactKind.TEXT, FactKind.MULTILINE):
        return value
    if kind is FactKind.LIST:
        parts = re.split(r"[\n;]", value)
        return tuple(p.strip().lstrip("-•* ").strip() for p in parts if p.strip().lstrip("-•* "))
    if kind is FactKind.COUNT:
        if not value:
            return None
        digits = value.replace(",", "").replace("_", "").replace(" ", "")
        if not digits.isdigit():
            raise FactError(f"{text!r} is not a whole number")
        return int(digits)
    if kind is FactKind.FLAG:
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise FactError(f"{text!r}: answer yes or no")
    if not value:
        return None
    try:
        return utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        raise FactError(f"{text!r} is not a date (use 2026-11-27 or 2026-11-27T09:30Z)") from None


def format_fact(name: str, value: object) -> str:
    """Show a fact's value the way the facts screen edits it (the inverse of ``parse_fact``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        moment = utc(value)
        if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
            return moment.date().isoformat()
        return moment.strftime("%Y-%m-%dT%H:%MZ")
    if isinstance(value, tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def fact_snapshot(facts: Facts) -> dict[str, str]:
    """Every fact as a canonical string: what staleness compares."""
    return {f.name: format_fact(f.name, getattr(facts, f.name)) for f in FACT_FIELDS}


def with_fact(facts: Facts, name: str, value: object) -> Facts:
    """Return ``facts`` with one fact replaced."""
    fact_field(name)
    changes: dict[str, Any] = {name: value}
    return dataclasses.replace(facts, **changes)


def changed_facts(old: Facts, new: Facts) -> tuple[str, ...]:
    """Names of the facts whose value differs between two sheets, in sheet order."""
    before, after = fact_snapshot(old), fact_snapshot(new)
    return tuple(name for name in before if before[name] != after[name])
