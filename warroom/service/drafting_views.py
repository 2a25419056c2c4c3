"""What the drafting screens are handed: a draft's status, the editor's data, a holding
statement's, an autosaved buffer to offer back.

Plain data, built by the intents in ``drafting``, ``holding`` and ``autosave`` when a drafting
screen asks, and kept apart from them: every process builds ``WarRoomService`` with those
intents, and the dashboard's first frame has no use for these classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from warroom.domain.draft_kinds import DraftRef
from warroom.domain.draft_prep import DraftingPrep
from warroom.domain.draft_versions import Draft, DraftVersion
from warroom.domain.holding import HoldingStatement
from warroom.domain.incident import Facts, Team
from warroom.store.autosave import Autosaved

if TYPE_CHECKING:
    from warroom.domain.approvals import ApprovalState
    from warroom.domain.checks import Problem

__all__ = ["DraftStatus", "EditorData", "HoldingStatus", "Restorable"]


@dataclass(frozen=True)
class DraftStatus:
    """One draft as the messages list shows it."""

    ref: DraftRef
    title: str
    draft: Draft
    stale: tuple[str, ...]
    problems: tuple[Problem, ...]
    approvals: ApprovalState | None = None
    """What the required roles approved of its words as they stand (None: not read)."""
    editors: tuple[str, ...] = ()
    """Operators editing it now (from presence; filled by the screen)."""

    @property
    def blocking(self) -> int:
        """How many problems block sending."""
        from warroom.domain.checks import Severity

        return sum(1 for p in self.problems if p.severity is Severity.BLOCKING)


@dataclass(frozen=True)
class EditorData:
    """What the editor needs, read at once on the store thread."""

    ref: DraftRef
    title: str
    source: str
    facts: Facts
    prep: DraftingPrep
    team: Team | None
    latest: DraftVersion | None
    stale: tuple[str, ...]
    approvals: ApprovalState | None = None
    """What the required roles approved of the saved version's words (None: not read)."""


@dataclass(frozen=True)
class HoldingStatus:
    """A holding statement as the messages screen offers it: rendered, linted, approved?"""

    statement: HoldingStatement
    text: str
    problems: tuple[Problem, ...]
    approval_problem: str
    """Why its approval does not hold now ("": it does, the statement counts as approved)."""


@dataclass(frozen=True)
class Restorable:
    """An autosaved buffer that differs from what is saved, and how."""

    autosaved: Autosaved
    saved_source: str
    """The latest saved source (or the template when nothing is saved)."""
    latest_version: int
    diff: str
    """The saved source against the autosaved buffer, as a unified diff."""

    @property
    def saved_since(self) -> bool:
        """True when a version was saved after the buffer's base (restoring may conflict)."""
        return self.latest_version != self.autosaved.base_version
