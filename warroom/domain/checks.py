"""Checks a regulator or a customer would make on a draft, driven by rules kept as data.

``warroom/data/notice_rules.json`` holds one table per source (the playbook, consistency,
plain language …) and one per jurisdiction profile (California, GDPR, HIPAA, Massachusetts).
Each rule names a check function (in ``warroom/domain/notice_checks/``) and its parameters,
its kind (``legal``: a statute or regulator requires it, and it blocks "first notice sent";
``house``: our playbook or style, a warning unless the incident file promotes it), a one-line
reason and its citation. Tables listed under ``always`` apply to every draft; profile tables
apply when the incident file's ``drafting.profiles`` (or a variant's profile) selects them. A
profile table may ``suppress`` rule ids whose demand contradicts it (Massachusetts forbids
stating what happened).

The text checked is the *rendered* draft; line numbers count from 1 in that text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from warroom.domain.clock import utc
from warroom.domain.drafts import DEFAULT_PREP, DraftingPrep, DraftKind
from warroom.domain.incident import Facts
from warroom.domain.notice_checks.registry import CHECKS, Draft, registered_checks
from warroom.domain.notice_checks.rulebook import (
    Problem,
    Rule,
    RuleBook,
    RuleKind,
    RulesError,
    RuleTable,
    Severity,
    load_rulebook,
    parse_rulebook,
)
from warroom.domain.notice_checks.text import reading_grade

__all__ = [
    "Severity",
    "RuleKind",
    "Problem",
    "Rule",
    "RuleTable",
    "RuleBook",
    "RulesError",
    "load_rulebook",
    "parse_rulebook",
    "check_draft",
    "has_blocking",
    "reading_grade",
    "CHECKS",
]


def check_draft(
    kind: DraftKind | str,
    text: str,
    facts: Facts,
    profile_ids: Sequence[str],
    now: datetime,
    *,
    prep: DraftingPrep | None = None,
    rules: RuleBook | None = None,
) -> list[Problem]:
    """Run every applicable rule on a rendered draft; blocking problems first, then by line.

    Args:
        kind: The kind of message (the rules say which apply to which kind).
        text: The rendered draft (for a notice, with its ``Subject:`` line).
        facts: The current sheet of facts.
        profile_ids: Jurisdiction profiles selected (usually ``prep.profiles``).
        now: The current time (dates in the future are problems).
        prep: The incident file's drafting section (limits, internal names, channels).
        rules: The rule book (the packaged one by default).
    """
    draft = Draft(DraftKind(kind), text, facts, utc(now), prep or DEFAULT_PREP)
    book = rules or load_rulebook()
    checks = registered_checks()
    problems = []
    promoted = draft.prep.promote
    for rule in book.applicable(draft.kind, profile_ids):
        severity = rule.severity_for(promoted)
        for message, line in checks[rule.check](draft, rule.params):
            full = rule.message if not message else f"{rule.message}: {message}"
            problems.append(
                Problem(rule.id, severity, full, rule.reason, rule.source, line, rule.kind)
            )
    problems += _conflicts(book, draft.kind, profile_ids)
    order = {Severity.BLOCKING: 0, Severity.WARNING: 1}
    problems.sort(key=lambda pr: (order[pr.severity], pr.line or 0))
    return problems


def has_blocking(problems: Iterable[Problem]) -> bool:
    """True when any problem blocks sending."""
    return any(p.severity is Severity.BLOCKING for p in problems)


def _conflicts(book: RuleBook, kind: DraftKind, profile_ids: Sequence[str]) -> list[Problem]:
    """One blocking problem per pair of profiles that one notice cannot satisfy together."""
    if kind is not DraftKind.NOTICE:
        return []
    problems = []
    for forbidding, requiring, fact in book.conflicts(profile_ids):
        a, b = book.tables[forbidding], book.tables[requiring]
        problems.append(
            Problem(
                "profiles.conflict",
                Severity.BLOCKING,
                f"{a.title} forbids {fact.replace('_', ' ')}, which {b.title} requires: "
                f"write a {forbidding} variant (drafting.variants) instead of one letter",
                "No single letter can meet both laws; each variant is checked against its own.",
                f"{a.title}; {b.title}",
                None,
                RuleKind.LEGAL,
            )
        )
    return problems
