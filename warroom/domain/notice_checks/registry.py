"""What a check is: a function from a draft and its rule's parameters to findings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from warroom.domain.draft_kinds import DraftKind
from warroom.domain.draft_prep import DraftingPrep
from warroom.domain.incident import Facts

__all__ = ["Finding", "Draft", "CheckFn", "CHECKS", "check", "registered_checks"]

Finding = tuple[str, int | None]


@dataclass(frozen=True)
class Draft:
    """What a check looks at."""

    kind: DraftKind
    text: str
    facts: Facts
    now: datetime
    prep: DraftingPrep


CheckFn = Callable[[Draft, Mapping[str, Any]], list[Finding]]
CHECKS: dict[str, CheckFn] = {}
"""Check functions by the name rules use for them."""


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        CHECKS[name] = fn
        return fn

    return register


def registered_checks() -> Mapping[str, CheckFn]:
    """Every check, its module loaded first: a check registers itself when its module is
    imported, and the dashboard loads the rule book without the drafting checks (a logged
    reply on a mention row), so a rule book validated against ``CHECKS`` as it happened to be
    would find none of them and refuse every rule."""
    from warroom.domain.notice_checks import channels, content, form  # noqa: F401

    return CHECKS
