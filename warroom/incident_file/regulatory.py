"""The incident file's ``regulatory`` section, and the clock rules file it refers to.

The section says which regimes apply (and why not, when they do not), the trigger times known
so far, how many residents of each US state are affected, which checklist item closes each
clock, and which items mark the milestones the post-incident review times. Names are checked
against ``warroom/data/clock_rules.json`` so a misspelt trigger or clock id is an error at
load time, not a clock that silently never starts.
"""

from __future__ import annotations

from datetime import datetime

from warroom.domain.clocks import (
    ClockRules,
    Pause,
    RegimeApplicability,
    RegulatoryPrep,
    RulesReview,
    TriggerNote,
    pause_problem,
)
from warroom.incident_file.clock_rules_file import (
    ID,
    RULES_FILE,
    STATE,
    default_rules,
    load_clock_rules,
    parse_clock_rules,
    parse_closures,
    time_zone,
)
from warroom.incident_file.fields import Fields

__all__ = [
    "RULES_FILE",
    "MILESTONES",
    "parse_regulatory",
    "parse_clock_rules",
    "load_clock_rules",
    "default_rules",
    "milestones_of",
]

MILESTONES = ("first_notice", "faq_published", "first_public_response", "review_written")
"""Review milestones a checklist item can mark (team briefings come from items' ``team``)."""


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
    triggers, notes = _triggers(root, rules)
    residents: dict[str, int] = {}
    if (residents_fields := root.object("residents", required=False)) is not None:
        for state in list(residents_fields.data):
            if not STATE.match(state):
                raise residents_fields.error(state, "use a two-letter US state code such as CA")
            count = residents_fields.integer(state, minimum=0)
            residents[state] = count or 0
        residents_fields.done()
    affected_total = root.integer("affected_total", required=False, minimum=0)
    closes = _id_map(root, "closes", {r.id for r in rules.rules}, "clock id")
    milestones = _id_map(root, "milestones", set(MILESTONES), "milestone")
    pauses = tuple(_pause(p, rules) for p in root.objects("pauses"))
    closures = parse_closures(root, "closures")
    review = _review(root)
    counts = _counts(root, rules)
    relief, zone = _weekend_relief(root)
    text = root.string("notes", required=False)
    root.done()
    return RegulatoryPrep(
        tuple(regimes),
        triggers,
        residents,
        affected_total,
        closes,
        milestones,
        text,
        notes,
        pauses,
        closures,
        review,
        counts,
        relief,
        zone,
    )


RELIEF = ("eligible", "final-only", "none")
"""What the file may say of DORA's weekend relief (Delegated Regulation (EU) 2025/301 Art. 5)."""


def _counts(root: Fields, rules: ClockRules) -> dict[str, int]:
    """Named counts the rules' conditions use (only those: a misspelt name is an error)."""
    known = {c.residents_in: c.label for r in rules.rules for c in r.conditions if c.label}
    counts: dict[str, int] = {}
    if (fields := root.object("counts", required=False)) is not None:
        for name in list(fields.data):
            if name not in known:
                raise fields.error(name, f"unknown count (known: {', '.join(sorted(known))})")
            counts[name] = fields.integer(name, minimum=0) or 0
        fields.done()
    return counts


def _weekend_relief(root: Fields) -> tuple[str, str]:
    """``{"status", "zone", "why"}``: whether the entity may use DORA's weekend relief."""
    fields = root.object("weekend_relief", required=False)
    if fields is None:
        return "", ""
    status = fields.string("status")
    if status not in RELIEF:
        raise fields.error("status", f"{status!r}: use one of {', '.join(RELIEF)}")
    zone = time_zone(fields, "zone") if status != "none" else fields.string("zone", required=False)
    fields.string("why", required=False)
    fields.done()
    return status, zone


def _triggers(
    root: Fields, rules: ClockRules
) -> tuple[dict[str, datetime], dict[str, TriggerNote]]:
    """Trigger times: a time (or null: not yet), or ``{"at", "set_by", "why"}``.

    Who set a trigger and why is kept because each is a legal judgement (the moment the
    company "became aware", the materiality determination) that counsel may have to defend.
    """
    triggers: dict[str, datetime] = {}
    notes: dict[str, TriggerNote] = {}
    fields = root.object("triggers", required=False)
    if fields is None:
        return triggers, notes
    for name in list(fields.data):
        if name not in rules.triggers:
            raise fields.error(name, f"unknown trigger (known: {', '.join(rules.triggers)})")
        if isinstance(fields.data[name], dict):
            entry = fields.object(name)
            assert entry is not None
            at = entry.datetime("at", required=False)
            notes[name] = TriggerNote(entry.string("set_by"), entry.string("why"))
            entry.done()
        else:
            at = fields.datetime(name, required=False)  # null: not yet
        if at is not None:
            triggers[name] = at
    fields.done()
    return triggers, notes


def _pause(fields: Fields, rules: ClockRules) -> Pause:
    kind = fields.string("kind")
    clocks = fields.strings("clocks", required=True)
    if problem := pause_problem(rules, kind, clocks):
        raise fields.error("kind" if kind not in rules.pause_kinds else "clocks", problem)
    start = fields.datetime("start")
    assert start is not None
    end = fields.datetime("end", required=False)
    if end is not None and end < start:
        raise fields.error("end", "must not be before start")
    pause = Pause(
        kind, clocks, start, end, fields.string("set_by"), fields.string("why", required=False)
    )
    fields.done()
    return pause


def _review(root: Fields) -> RulesReview | None:
    fields = root.object("rules_review", required=False)
    if fields is None:
        return None
    reviewed_on = fields.calendar_date("reviewed_on", required=True)
    assert reviewed_on is not None
    review = RulesReview(
        fields.string("counsel"), reviewed_on, fields.string("rules_sha256", required=False)
    )
    fields.done()
    return review


def _id_map(root: Fields, key: str, allowed: set[str], what: str) -> dict[str, str]:
    result: dict[str, str] = {}
    fields = root.object(key, required=False)
    if fields is None:
        return result
    for name in list(fields.data):
        if name not in allowed:
            raise fields.error(name, f"unknown {what} (known: {', '.join(sorted(allowed))})")
        value = fields.string(name)
        if not ID.match(value):
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
