"""Gates: which actions need which drafts ready (and signed off), the same way on every path.

A "first notice sent" tick, a "banner up" tick or an export of the notice says that words went
out. The incident file declares which drafts each of those actions needs saved and free of
blocking problems; the service evaluates the gate with these pure functions whether the action
comes from the dashboard, the clock board, the palette, the browser view or the CLI. The war
room decides, not the tool: a refused action can still be taken with a reason, which is
recorded with the action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "Gates",
    "DEFAULT_GATES",
    "item_gate",
    "export_gate",
    "says_sent",
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
