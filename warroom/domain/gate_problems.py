"""Why a gate refuses: each required draft as the gate sees it, and the problems it finds.

Apart from ``gates`` (what the incident file requires), which is read with every stored
incident before the dashboard's first frame: these are needed by the first gated action.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["DraftReadiness", "GateProblem", "gate_problems", "describe_problems"]


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


def describe_problems(problems: Sequence[GateProblem], *, most: int = 5) -> str:
    """The problems in one line, for the timeline entry that records an override."""
    listed = "; ".join(str(p) for p in problems[:most])
    return listed + ("; …" if len(problems) > most else "")
