"""The clock rules file (``warroom/data/clock_rules.json``) and the calendars file beside it.

Strict like the incident file: every error names the file and the JSON path, so counsel's
edited copy fails at load time rather than giving a clock that silently never starts. A rule
naming a time zone the machine lacks is refused here too: counting an Eastern deadline in UTC
can make it a day late (``warroom.domain.clocks.MissingTimeZoneError``).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from warroom.data import packaged_text
from warroom.domain.business_days import CALENDARS, BusinessCalendar
from warroom.domain.clock_rules import (
    RECIPIENTS,
    ClockRule,
    ClockRules,
    Condition,
    EndOfDay,
    Limit,
    Offset,
    PauseKind,
    Relief,
    Thresholds,
    TriggerDef,
)
from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.fields import Fields, child_path

__all__ = [
    "RULES_FILE",
    "CALENDARS_FILE",
    "parse_clock_rules",
    "parse_calendars",
    "load_clock_rules",
    "default_rules",
    "rules_digest",
    "parse_condition",
]

RULES_FILE = "clock_rules.json"
"""The rules file's name inside the ``warroom.data`` package."""
CALENDARS_FILE = "calendars.json"
"""Closures of regulators' offices (executive orders), inside ``warroom.data``."""

STATE = re.compile(r"^[A-Z]{2}$")
COUNT = re.compile(r"^[a-z][a-z0-9_]{2,63}$")
"""A named count a condition may use (``hipaa_contact_insufficient``), given in the file's
``regulatory.counts``."""
ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_OFFSET_KINDS = ("hours", "days", "business_days", "months", "days_after_year_end")


def _offset(fields: Fields) -> Offset:
    values = {kind: fields.integer(kind, required=False, minimum=1) for kind in _OFFSET_KINDS}
    given = {kind: value for kind, value in values.items() if value is not None}
    fields.done()
    if len(given) != 1:
        raise fields.error(None, "give exactly one of: " + ", ".join(_OFFSET_KINDS))
    return Offset(**given)


def time_zone(fields: Fields, key: str) -> str:
    """A time-zone name the machine has (refused loudly: counting in UTC can be a day late)."""
    zone = fields.string(key)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise fields.error(
            key,
            f"time zone {zone!r} is not available: install tzdata (a warroom dependency); "
            "a deadline counted in UTC instead can be a day late",
        ) from None
    return zone


def _time_of_day(fields: Fields, key: str, default: str | None = None) -> time:
    text = fields.string(key, required=default is None, default=default or "")
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise fields.error(key, f"{text!r} is not a time of day such as 17:30") from None


def _end_of_day(fields: Fields) -> EndOfDay:
    zone = time_zone(fields, "zone")
    at = _time_of_day(fields, "time")
    fields.done()
    return EndOfDay(zone, at)


def _relief(fields: Fields, calendars: set[str]) -> Relief:
    applies_to = fields.string("applies_to")
    if applies_to not in ("all", "eligible"):
        raise fields.error("applies_to", f"{applies_to!r}: use all or eligible")
    calendar = fields.string("calendar", required=False, default="eu-working-days")
    if calendar not in calendars:
        raise fields.error("calendar", f"{calendar!r} is not one of: {', '.join(calendars)}")
    relief = Relief(
        applies_to, _time_of_day(fields, "until", "12:00"), calendar, fields.string("source")
    )
    fields.done()
    return relief


def parse_condition(fields: Fields) -> Condition:
    """A condition on a count: ``at_least``/``more_than`` and/or ``fewer_than``/``at_most``."""
    where = fields.string("residents_in")
    named = where not in ("total", "any_state") and not STATE.match(where)
    if named and not COUNT.match(where):
        raise fields.error(
            "residents_in",
            f"{where!r}: use a two-letter state code, total, any_state or a named count",
        )
    label = fields.string("label", required=named)  # a named count says what it counts
    at_least = fields.integer("at_least", required=False, minimum=0)
    more_than = fields.integer("more_than", required=False, minimum=0)
    fewer_than = fields.integer("fewer_than", required=False, minimum=1)
    at_most = fields.integer("at_most", required=False, minimum=0)
    fields.done()
    if at_least is not None and more_than is not None:
        raise fields.error(None, "give at most one of at_least, more_than")
    if fewer_than is not None and at_most is not None:
        raise fields.error(None, "give at most one of fewer_than, at_most")
    low = at_least if at_least is not None else (more_than + 1 if more_than is not None else None)
    high = fewer_than if fewer_than is not None else (at_most + 1 if at_most is not None else None)
    if low is None and high is None:
        raise fields.error(None, "give at_least, more_than, fewer_than or at_most")
    return Condition(where, low or 0, high, label)


def _thresholds(root: Fields) -> Thresholds:
    limits = root.object("thresholds", required=False)
    if limits is None:
        return Thresholds()
    limits.string("about", required=False)
    shades = []
    for shade in ("amber", "red"):
        part = limits.object(shade)
        assert part is not None
        fraction = part.raw("fraction")
        if (
            not isinstance(fraction, int | float)
            or isinstance(fraction, bool)
            or not (0 < fraction < 1)
        ):
            raise part.error("fraction", "must be a number between 0 and 1")
        hours = part.integer("at_most_hours", minimum=0)
        part.done()
        shades.append((float(fraction), timedelta(hours=hours or 0)))
    limits.done()
    return Thresholds(shades[0][0], shades[0][1], shades[1][0], shades[1][1])


def _triggers(root: Fields) -> dict[str, TriggerDef]:
    triggers: dict[str, TriggerDef] = {}
    triggers_fields = root.object("triggers")
    assert triggers_fields is not None
    for name in list(triggers_fields.data):
        entry = triggers_fields.object(name)
        assert entry is not None
        triggers[name] = TriggerDef(
            name,
            entry.string("label"),
            entry.string("about", required=False),
            entry.boolean("defaults_to_detection"),
            entry.string("set_by_clock", required=False),
        )
        entry.done()
    return triggers


def _pause_kinds(root: Fields) -> dict[str, PauseKind]:
    kinds: dict[str, PauseKind] = {}
    fields = root.object("pause_kinds", required=False)
    if fields is None:
        return kinds
    for name in list(fields.data):
        entry = fields.object(name)
        assert entry is not None
        extensions = []
        for index, value in enumerate(entry.list("extensions_days")):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise IncidentFileError(
                    entry.source,
                    child_path(child_path(entry.path, "extensions_days"), index),
                    "expected a whole number of days",
                )
            extensions.append(value)
        kinds[name] = PauseKind(
            name,
            entry.string("label"),
            entry.string("source"),
            entry.string("source_url", required=False, empty=True),
            entry.integer("max_days", required=False, minimum=1),
            tuple(extensions),
        )
        entry.done()
    fields.done()
    return kinds


def _names(
    fields: Fields, key: str, known: dict[str, Any] | set[str], what: str
) -> tuple[str, ...]:
    names = fields.strings(key)
    for name in names:
        if name not in known:
            raise fields.error(key, f"{name!r} is not a {what} (known: {', '.join(sorted(known))})")
    return names


def _limit(limit: Fields, triggers: dict[str, TriggerDef], calendars: set[str]) -> Limit:
    trigger = limit.string("trigger")
    if trigger not in triggers:
        raise limit.error("trigger", f"{trigger!r} is not one of: {', '.join(triggers)}")
    offset_fields = limit.object("offset")
    assert offset_fields is not None
    end = limit.object("end_of_day", required=False)
    calendar = limit.string("calendar", required=False, default="us-federal")
    if calendar not in calendars:
        raise limit.error("calendar", f"{calendar!r} is not one of: {', '.join(calendars)}")
    lapses = limit.string("lapses_unless_by", required=False)
    if lapses and lapses not in triggers:
        raise limit.error("lapses_unless_by", f"{lapses!r} is not a trigger")
    relief = limit.object("relief", required=False)
    result = Limit(
        trigger,
        _offset(offset_fields),
        _end_of_day(end) if end else None,
        calendar,
        _names(limit, "restarts_on", triggers, "trigger"),
        lapses,
        _relief(relief, calendars) if relief else None,
    )
    limit.done()
    return result


def _rule(
    rule: Fields,
    regimes: dict[str, str],
    triggers: dict[str, TriggerDef],
    calendars: set[str],
    kinds: dict[str, PauseKind],
) -> ClockRule:
    rule_id = rule.string("id")
    if not ID.match(rule_id):
        raise rule.error("id", f"{rule_id!r} must be a lowercase id")
    regime = rule.string("regime")
    if regime not in regimes:
        raise rule.error("regime", f"{regime!r} is not one of: {', '.join(regimes)}")
    recipient = rule.string("recipient", required=False, default="regulator")
    if recipient not in RECIPIENTS:
        raise rule.error("recipient", f"{recipient!r} is not one of: {', '.join(RECIPIENTS)}")
    effective_on = rule.string("effective_on", required=False, default="became_aware")
    if effective_on not in triggers:
        raise rule.error("effective_on", f"{effective_on!r} is not a trigger")
    no_days = rule.boolean("no_fixed_deadline")
    if rule.has("limits") == no_days:
        raise rule.error("limits", "list the limits, or say no_fixed_deadline: true (not both)")
    result = ClockRule(
        id=rule_id,
        regime=regime,
        name=rule.string("name"),
        limits=tuple(_limit(lim, triggers, calendars) for lim in rule.objects("limits")),
        source=rule.string("source"),
        note=rule.string("note", required=False),
        outer_limit=rule.boolean("outer_limit"),
        conditions=tuple(parse_condition(c) for c in rule.objects("conditions")),
        source_url=rule.string("source_url", required=False, empty=True),
        primary=rule.boolean("primary"),
        effective_from=rule.calendar_date("effective_from"),
        effective_to=rule.calendar_date("effective_to"),
        effective_on=effective_on,
        last_verified=rule.calendar_date("last_verified"),
        verified_by=rule.string("verified_by", required=False),
        recipient=recipient,
        pauses=_names(rule, "pauses", kinds, "pause kind"),
        timing=rule.string("timing", required=False),
    )
    rule.done()
    return result


def parse_clock_rules(
    source: str,
    data: Any,
    calendars: dict[str, BusinessCalendar] | None = None,
    digest: str = "",
) -> ClockRules:
    """Validate the rules file's JSON; every error names the JSON path."""
    calendars = dict(calendars or CALENDARS)
    root = Fields(source, "$", data)
    root.integer("schema_version", minimum=1)
    root.string("about", required=False)
    thresholds = _thresholds(root)
    regimes_fields = root.object("regimes")
    assert regimes_fields is not None
    regimes = {name: regimes_fields.string(name) for name in list(regimes_fields.data)}
    triggers = _triggers(root)
    kinds = _pause_kinds(root)
    rules: list[ClockRule] = []
    rule_ids: set[str] = set()
    calendar_names = set(calendars)
    for entry in root.objects("rules", required=True):
        rule = _rule(entry, regimes, triggers, calendar_names, kinds)
        if rule.id in rule_ids:
            raise entry.error("id", f"{rule.id!r} is used twice")
        rules.append(rule)
        rule_ids.add(rule.id)
    root.done()
    for name, definition in triggers.items():
        if definition.set_by_clock and definition.set_by_clock not in rule_ids:
            raise IncidentFileError(
                source,
                child_path(child_path("$.triggers", name), "set_by_clock"),
                f"{definition.set_by_clock!r} is not a rule id",
            )
    verified = [r.last_verified for r in rules if r.last_verified is not None]
    return ClockRules(
        tuple(rules),
        triggers,
        regimes,
        thresholds,
        calendars,
        kinds,
        min(verified) if verified else None,
        digest,
    )


def parse_closures(fields: Fields, key: str) -> dict[str, dict[date, str]]:
    """``[{"calendar", "date", "why"}]`` → calendar name → closed day → why."""
    closures: dict[str, dict[date, str]] = {}
    for entry in fields.objects(key):
        name = entry.string("calendar")
        if name not in CALENDARS:
            raise entry.error("calendar", f"{name!r} is not one of: {', '.join(CALENDARS)}")
        day = entry.calendar_date("date", required=True)
        assert day is not None
        closures.setdefault(name, {})[day] = entry.string("why")
        entry.string("source_url", required=False, empty=True)
        entry.done()
    return closures


def parse_calendars(source: str, data: Any) -> dict[str, BusinessCalendar]:
    """The calendars file: the built-in calendars with the closures it lists."""
    root = Fields(source, "$", data)
    root.integer("schema_version", minimum=1)
    root.string("about", required=False)
    closures = parse_closures(root, "closures")
    root.done()
    return {
        name: calendar.with_closures(closures.get(name, {})) for name, calendar in CALENDARS.items()
    }


def _json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise IncidentFileError(
            source, "$", f"is not valid JSON: {error.msg} at line {error.lineno}"
        ) from None


def load_clock_rules(
    text: str, source: str = RULES_FILE, calendars: dict[str, BusinessCalendar] | None = None
) -> ClockRules:
    """Parse rules from JSON text (a counsel's edited copy, or the packaged file)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return parse_clock_rules(source, _json(text, source), calendars, digest)


def rules_digest() -> str:
    """SHA-256 of the packaged rules file: what counsel's review in the incident file names."""
    return hashlib.sha256(packaged_text(RULES_FILE).encode("utf-8")).hexdigest()


@cache
def default_rules() -> ClockRules:
    """The packaged rules and calendars (``warroom/data/``), read once."""
    calendars = parse_calendars(
        CALENDARS_FILE, _json(packaged_text(CALENDARS_FILE), CALENDARS_FILE)
    )
    return load_clock_rules(packaged_text(RULES_FILE), RULES_FILE, calendars)
