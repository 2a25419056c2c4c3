"""The notice rules as data (``warroom/data/notice_rules.json``): tables, rules, problems."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from warroom.domain.draft_kinds import DraftKind
from warroom.domain.notice_checks.registry import registered_checks
from warroom.domain.notice_checks.rule_names import rules_data

__all__ = [
    "Severity",
    "RuleKind",
    "Problem",
    "Rule",
    "RuleTable",
    "RuleBook",
    "RulesError",
    "parse_rulebook",
    "load_rulebook",
]


class Severity(StrEnum):
    """Blocking problems stop a notice going out; warnings advise."""

    BLOCKING = "blocking"
    WARNING = "warning"


class RuleKind(StrEnum):
    """Where a rule comes from: the law (it blocks by default) or the house (it warns)."""

    LEGAL = "legal"
    """A statute or regulator requires it: blocks "first notice sent" unless overridden."""
    HOUSE = "house"
    """Our playbook or style: a warning, unless the incident file promotes it to blocking."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a draft, as the problems list shows it."""

    rule_id: str
    severity: Severity
    message: str
    reason: str
    source: str
    line: int | None = None
    """1-based line of the rendered text, when the problem sits on one line."""
    kind: RuleKind = RuleKind.HOUSE

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return (
            f"[{self.severity.value}, {self.kind.value}] {where}{self.message} "
            f"({self.rule_id}; {self.source})"
        )


@dataclass(frozen=True)
class Rule:
    """One row of a rule table."""

    id: str
    check: str
    severity: Severity
    message: str
    reason: str
    source: str
    kinds: tuple[DraftKind, ...]
    params: Mapping[str, Any] = field(default_factory=dict)
    kind: RuleKind = RuleKind.HOUSE
    table: str = ""
    """The table the rule belongs to (an incident file may promote a whole table)."""

    @property
    def citation(self) -> str:
        """The citation (another name for ``source``)."""
        return self.source

    def severity_for(self, promoted: Iterable[str]) -> Severity:
        """Blocking when legal, or when the incident file promotes the rule or its table."""
        chosen = set(promoted)
        if self.kind is RuleKind.LEGAL or self.id in chosen or self.table in chosen:
            return Severity.BLOCKING
        return self.severity


@dataclass(frozen=True)
class RuleTable:
    """The rules of one source or jurisdiction."""

    id: str
    title: str
    rules: tuple[Rule, ...]
    suppresses: tuple[str, ...] = ()
    requires_facts: tuple[str, ...] = ()
    """Facts this jurisdiction's letter must state (California: what happened)."""
    forbids_facts: tuple[str, ...] = ()
    """Facts its letter must not state (Massachusetts: what happened, the count)."""


@dataclass(frozen=True)
class RuleBook:
    """All tables, and which apply to every draft."""

    tables: Mapping[str, RuleTable]
    always: tuple[str, ...]
    last_verified: date | None = None
    """When the legal rules were last checked against their sources (the audit date)."""

    @property
    def profiles(self) -> tuple[RuleTable, ...]:
        """The jurisdiction profiles an incident file may select (for help and validation)."""
        return tuple(t for t in self.tables.values() if t.id not in self.always)

    def conflicts(self, profile_ids: Iterable[str]) -> list[tuple[str, str, str]]:
        """``(forbidding, requiring, fact)`` for profiles no single letter can satisfy."""
        selected = [self.tables[p] for p in profile_ids if p in self.tables]
        return [
            (a.id, b.id, fact)
            for a in selected
            for b in selected
            if a is not b
            for fact in a.forbids_facts
            if fact in b.requires_facts
        ]

    def applicable(self, kind: DraftKind, profile_ids: Iterable[str]) -> list[Rule]:
        """The rules that apply to a draft of ``kind`` under the selected profiles."""
        selected = [self.tables[p] for p in profile_ids if p in self.tables]
        suppressed = {rule_id for table in selected for rule_id in table.suppresses}
        tables = [self.tables[t] for t in self.always if t in self.tables] + selected
        return [
            rule
            for table in tables
            for rule in table.rules
            if kind in rule.kinds and rule.id not in suppressed
        ]


class RulesError(ValueError):
    """The rules file is malformed (a packaging or editing mistake, caught by a test)."""


def parse_rulebook(data: Mapping[str, Any]) -> RuleBook:
    """Validate the rules data; a rule naming an unknown check or kind is an error."""
    tables: dict[str, RuleTable] = {}
    checks = registered_checks()
    try:
        for table_id, table in data["tables"].items():
            rules = []
            for raw in table["rules"]:
                if raw["check"] not in checks:
                    raise RulesError(f"rule {raw['id']}: unknown check {raw['check']!r}")
                kind = RuleKind(raw["kind"])
                default = Severity.BLOCKING if kind is RuleKind.LEGAL else Severity.WARNING
                rules.append(
                    Rule(
                        id=raw["id"],
                        check=raw["check"],
                        severity=Severity(raw.get("severity", default)),
                        message=raw["message"],
                        reason=raw["reason"],
                        source=raw["source"],
                        kinds=tuple(DraftKind(k) for k in raw["kinds"]),
                        params=dict(raw.get("params", {})),
                        kind=kind,
                        table=table_id,
                    )
                )
            tables[table_id] = RuleTable(
                table_id,
                table["title"],
                tuple(rules),
                tuple(table.get("suppresses", ())),
                tuple(table.get("requires_facts", ())),
                tuple(table.get("forbids_facts", ())),
            )
        always = tuple(data["always"])
        verified = data.get("last_verified")
        last_verified = date.fromisoformat(verified) if verified else None
    except (KeyError, TypeError, ValueError) as error:
        raise RulesError(f"notice rules: {error!r}") from None
    ids = [r.id for t in tables.values() for r in t.rules]
    if len(ids) != len(set(ids)):
        raise RulesError("notice rules: duplicate rule ids")
    for rule in (r for t in tables.values() for r in t.rules):
        if rule.kind is RuleKind.LEGAL and rule.severity is not Severity.BLOCKING:
            raise RulesError(f"rule {rule.id}: a legal rule blocks; make it a house rule")
    return RuleBook(tables, always, last_verified)


@lru_cache(maxsize=1)
def load_rulebook() -> RuleBook:
    """The packaged rules (``warroom/data/notice_rules.json``), read once."""
    return parse_rulebook(rules_data())
