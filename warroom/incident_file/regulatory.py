"""The incident file's ``regulatory`` section, and the clock rules file it refers to.

The section says which regimes apply (and why not, when they do not), the trigger times known
so far, how many residents of each US state are affected, which checklist item closes each
clock, and which items mark the milestones the post-incident review times. Names are checked
against ``warroom/data/clock_rules.json`` so a misspelt trigger or clock id is an error at
load time, not a clock that silently never starts.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, time, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

from warroom.domain.clocks import (
    ClockRule,
    ClockRules,
    Condition,
    EndOfDay,
    Limit,
    Offset,
    RegimeApplicability,
    RegulatoryPrep,
    Thresholds,
    TriggerDef,
)
from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.fields import Fields, child_path

__all__ = [
    "RULES_FILE",
    "MILESTONES",
    "parse_regulatory",
    "parse_clock_rules",
    "load_clock_rules",
    "default_rules",
    "milestones_of",
]

RULES_FILE = "clock_rules.json"
"""The rules file's name inside the ``warroom.data`` package."""

MILESTONES = ("first_notice", "faq_published", "first_public_response", "review_written")
"""Review milestones a checklist item can mark (team briefings come from items' ``team``)."""

_STATE = re.compile(r"^[A-Z]{2}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_OFFSET_KINDS = ("hours", "days", "business_days", "months")


def _offset(fields: Fields) -> Offset:
    values = {kind: fields.integer(kind, required=False, minimum=1) for kind in _OFFSET_KINDS}
    given = {kind: value for kind, value in values.items() if value is not None}
    fields.done()
    if len(given) != 1:
        raise fields.error(None, "give exactly one of: " + ", ".join(_OFFSET_KINDS))
    return Offset(**given)


def _end_of_day(fields: Fields) -> EndOfDay:
    zone = fields.string("zone")
    text = fields.string("time")
    try:
        at = time.fromisoformat(text)
    except ValueError:
        raise fields.error("time", f"{text!r} is not a time of day such as 17:30") from None
    fields.done()
    return EndOfDay(zone, at)


def _condition(fields: Fields) -> Condition:
    where = fields.string("residents_in")
    if where != "total" and not _STATE.match(where):
        raise fields.error("residents_in", f"{where!r}: use a two-letter state code or total")
    at_least = fields.integer("at_least", required=False, minimum=0)
    more_than = fields.integer("more_than", required=False, minimum=0)
    fields.done()
    if (at_least is None) == (more_than is None):
        raise fields.error(None, "give exactly one of at_least, more_than")
    return Condition(where, at_least if at_least is not None else (more_than or 0) + 1)


def parse_clock_rules(source: str, data: Any) -> ClockRules:
    """Validate the rules file's JSON; every error names the JSON path."""
    root = Fields(source, "$", data)
    root.integer("schema_version", minimum=1)
    root.string("about", required=False)
    thresholds = Thresholds()
    if (limits := root.object("thresholds", required=False)) is not None:
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
        thresholds = Thresholds(shades[0][0], shades[0][1], shades[1][0], shades[1][1])
    regimes_fields = root.object("regimes")
    assert regimes_fields is not None
    regimes = {name: regimes_fields.string(name) for name in list(regimes_fields.data)}
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
    rules: list[ClockRule] = []
    for rule in root.objects("rules", required=True):
        rule_id = rule.string("id")
        if not _ID.match(rule_id) or any(r.id == rule_id for r in rules):
            raise rule.error("id", f"{rule_id!r} must be a unique lowercase id")
        regime = rule.string("regime")
        if regime not in regimes:
            raise rule.error("regime", f"{regime!r} is not one of: {', '.join(regimes)}")
        limit_list: list[Limit] = []
        for limit in rule.objects("limits", required=True):
            trigger = limit.string("trigger")
            if trigger not in triggers:
                raise limit.error("trigger", f"{trigger!r} is not one of: {', '.join(triggers)}")
            offset_fields = limit.object("offset")
            assert offset_fields is not None
            end = limit.object("end_of_day", required=False)
            limit_list.append(
                Limit(trigger, _offset(offset_fields), _end_of_day(end) if end else None)
            )
            limit.done()
        if not limit_list:
            raise rule.error("limits", "must list at least one limit")
        rules.append(
            ClockRule(
                id=rule_id,
                regime=regime,
                name=rule.string("name"),
                limits=tuple(limit_list),
                source=rule.string("source"),
                note=rule.string("note", required=False),
                outer_limit=rule.boolean("outer_limit"),
                conditions=tuple(_condition(c) for c in rule.objects("conditions")),
            )
        )
        rule.done()
    root.done()
    rule_ids = {r.id for r in rules}
    for name, definition in triggers.items():
        if definition.set_by_clock and definition.set_by_clock not in rule_ids:
            raise IncidentFileError(
                source,
                child_path(child_path("$.triggers", name), "set_by_clock"),
                f"{definition.set_by_clock!r} is not a rule id",
            )
    return ClockRules(tuple(rules), triggers, regimes, thresholds)


def load_clock_rules(text: str, source: str = RULES_FILE) -> ClockRules:
    """Parse rules from JSON text (a counsel's edited copy, or the packaged file)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise IncidentFileError(
            source, "$", f"is not valid JSON: {error.msg} at line {error.lineno}"
        ) from None
    return parse_clock_rules(source, data)


@cache
def default_rules() -> ClockRules:
    """The packaged rules (``warroom/data/clock_rules.json``), read once."""
    text = files("warroom.data").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return load_clock_rules(text)


def parse_regulatory(source: str, raw: object, rules: ClockRules | None = None) -> RegulatoryPrep:
    """Validate the incident file's ``regulatory`` section (JSON path root ``$.regulatory``)."""
    rules = rules or default_rules()
    root = Fields(source, "$.regulatory", raw)
    regimes: list[RegimeApplicability] = []
    regimes_fields = root.object("regimes")
    assert regimes_fields is not None
    for name in list(regimes_fields.data):
        if name not in rules.regimes:
            raise regimes_fields.error(name, f"unknown regime (known: {', '.join(rules.regimes)})")
        entry = regimes_fields.object(name)
        assert entry is not None
        applies = entry.boolean("applies", required=True)
        why = entry.string("why", required=not applies)
        entry.done()
        regimes.append(RegimeApplicability(name, applies, why))
    regimes_fields.done()
    triggers: dict[str, datetime] = {}
    if (triggers_fields := root.object("triggers", required=False)) is not None:
        for name in list(triggers_fields.data):
            if name not in rules.triggers:
                raise triggers_fields.error(
                    name, f"unknown trigger (known: {', '.join(rules.triggers)})"
                )
            at = triggers_fields.datetime(name, required=False)  # null: not yet
            if at is not None:
                triggers[name] = at
        triggers_fields.done()
    residents: dict[str, int] = {}
    if (residents_fields := root.object("residents", required=False)) is not None:
        for state in list(residents_fields.data):
            if not _STATE.match(state):
                raise residents_fields.error(state, "use a two-letter US state code such as CA")
            count = residents_fields.integer(state, minimum=0)
            residents[state] = count or 0
        residents_fields.done()
    affected_total = root.integer("affected_total", required=False, minimum=0)
    closes = _id_map(root, "closes", {r.id for r in rules.rules}, "clock id")
    milestones = _id_map(root, "milestones", set(MILESTONES), "milestone")
    notes = root.string("notes", required=False)
    root.done()
    return RegulatoryPrep(
        tuple(regimes), triggers, residents, affected_total, closes, milestones, notes
    )


def _id_map(root: Fields, key: str, allowed: set[str], what: str) -> dict[str, str]:
    result: dict[str, str] = {}
    fields = root.object(key, required=False)
    if fields is None:
        return result
    for name in list(fields.data):
        if name not in allowed:
            raise fields.error(name, f"unknown {what} (known: {', '.join(sorted(allowed))})")
        value = fields.string(name)
        if not _ID.match(value):
            raise fields.error(name, f"{value!r} is not a checklist item id")
        result[name] = value
    fields.done()
    return result


def milestones_of(prep: RegulatoryPrep | None) -> dict[str, str]:
    """Return the review milestone → checklist item id map, defaults filled in."""
    defaults = {
        "first_notice": "notify-individuals",
        "faq_published": "faq-published",
        "first_public_response": "first-public-response",
        "review_written": "review-written",
    }
    return {**defaults, **(dict(prep.milestones) if prep is not None else {})}
