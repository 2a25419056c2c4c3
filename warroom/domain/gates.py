"""Gates: which actions need which drafts ready (and signed off), the same way on every path.

A "first notice sent" tick, a "banner up" tick or an export of the notice says that words went
out. The incident file declares which drafts each of those actions needs saved and free of
blocking problems; the service evaluates the gate with these pure functions whether the action
comes from the dashboard, the clock board, the palette, the browser view or the CLI. The war
room decides, not the tool: a refused action can still be taken with a reason, which is
recorded with the action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "Gates",
    "DraftReadiness",
    "GateProblem",
    "DEFAULT_GATES",
    "gate_problems",
    "item_gate",
    "export_gate",
    "says_sent",
    "describe_problems",
]


@dataclass(frozen=True)
class Gates:
    """What the incident file requires: action → the draft kinds that must be ready."""

    items: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Checklist item id → draft kinds (``notice``, ``faq``, ``social``, ``banner``)."""
    exports: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Export target (``notice``, ``faq`` …) → draft kinds."""
    declared: bool = False
    """True when the incident file has a ``gates`` section (else these are the defaults)."""


DEFAULT_GATES = Gates(
    items={
        "notify-individuals": ("notice",),
        "social-posts": ("social",),
        "homepage-banner": ("banner",),
        "faq-published": ("faq",),
    },
    exports={"notice": ("notice",), "faq": ("faq",), "social": ("social",), "banner": ("banner",)},
)
"""Used when an incident file declares no gates: the four public messages of the playbook."""


@dataclass(frozen=True)
class DraftReadiness:
    """One draft as a gate sees it: saved at all, its blocking problems as it would go out,
    and the sign-offs the incident file requires (given for these words, or missing)."""

    kind: str
    label: str
    saved: bool
    blocking: tuple[str, ...] = ()
    approved: tuple[str, ...] = ()
    """Required roles whose approval holds for the words as they would go out now."""
    missing_approvals: tuple[str, ...] = ()
    """Required roles still to approve, each with why (``Legal: approved v3; v4 unapproved``)."""


@dataclass(frozen=True)
class GateProblem:
    """One reason a gated action may not go ahead."""

    draft: str
    message: str

    def __str__(self) -> str:
        return f"{self.draft}: {self.message}"


def gate_problems(
    required: Sequence[str], readiness: Mapping[str, DraftReadiness]
) -> list[GateProblem]:
    """Every reason the required drafts are not ready (empty: the action may go ahead)."""
    problems: list[GateProblem] = []
    for kind in required:
        draft = readiness.get(kind)
        if draft is None:
            problems.append(GateProblem(kind, "this incident has no such draft"))
            continue
        if not draft.saved:
            problems.append(GateProblem(draft.label, "never saved: write and save it first"))
        problems.extend(GateProblem(draft.label, message) for message in draft.blocking)
        problems.extend(
            GateProblem(draft.label, f"needs sign-off: {missing}")
            for missing in draft.missing_approvals
        )
    return problems


def item_gate(gates: Gates, item_id: str) -> tuple[str, ...]:
    """The draft kinds a tick of ``item_id`` needs (empty: not gated)."""
    return tuple(gates.items.get(item_id, ()))


def export_gate(gates: Gates, what: str) -> tuple[str, ...]:
    """The draft kinds an export of ``what`` needs (empty: not gated)."""
    return tuple(gates.exports.get(what, ()))


def says_sent(gates: Gates, item_id: str, clock_items: Iterable[str]) -> bool:
    """True when ticking the item says something went out or was filed.

    Unticking such an item rewrites the record of what the company told people or regulators,
    so it asks for a reason; other items untick freely.
    """
    return item_id in gates.items or item_id in set(clock_items)


def describe_problems(problems: Sequence[GateProblem], *, most: int = 5) -> str:
    """The problems in one line, for the timeline entry that records an override."""
    listed = "; ".join(str(p) for p in problems[:most])
    return listed + ("; …" if len(problems) > most else "")
