"""The part every intent shares: one repository, one operator, one clock, one rule for changes.

An intent runs on the store thread (the UI's ``StoreGateway``) or directly (the CLI), as one
transaction that writes its own timeline entry, and returns the new ``RoomView`` with its
result, so a change and the reload that shows it are one trip.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from warroom.domain.clock import Clock, system_clock
from warroom.domain.draft_kinds import DraftKind, DraftRef
from warroom.domain.gates import Gates
from warroom.incident_file.gates import gates_for
from warroom.service.errors import ReadOnlyError
from warroom.service.ledger_data import ledger_data
from warroom.service.view import Changed, RoomView
from warroom.store.drafts import DraftStore
from warroom.store.regulatory import RegulatoryStore
from warroom.store.repository import WarRoomRepository

if TYPE_CHECKING:  # loaded by the first gated action
    from warroom.domain.gate_problems import GateProblem

__all__ = ["ServiceCore", "READ_ONLY_TEXT"]

T = TypeVar("T")

READ_ONLY_TEXT = "Wall mode is read-only: changes are made from an operator's dashboard."


class ServiceCore:
    """Repository, operator and clock; reading the view; the read-only rule; gates."""

    def __init__(
        self,
        repository: WarRoomRepository,
        *,
        operator: str,
        clock: Clock = system_clock,
        read_only: bool = False,
    ) -> None:
        self.repo = repository
        self.operator = operator
        self.clock = clock
        self.read_only = read_only

    # ------------------------------------------------------------------ reading
    def view(self, *, drafts: bool = True, scan_mentions: bool = True) -> RoomView:
        """The room as it stands (rebuilt only when a file of the family changed).

        Args:
            drafts: Count stale drafts too (the first frame leaves it out: it needs the
                drafting rules loaded, and the panes should not wait for a header badge).
            scan_mentions: Look for new mention shards first; the view an intent returns
                skips it (the shards were scanned when the screen last read).
        """
        if scan_mentions:
            self.repo.snapshot()
        with self.repo.mentions_held():
            room = self.repo.snapshot()
            stale = len(DraftStore(self.repo).stale_drafts()) if drafts else 0
            return RoomView(
                room,
                tuple(self.repo.ignore_rules()),
                RegulatoryStore(self.repo).state(),
                stale,
                self.gates(),
                ledger_data(self.repo),
            )

    def refresh(self) -> RoomView | None:
        """The new view when another process changed a file since the last look, else None.

        The look just taken stands while the view is built: reading the snapshot again would
        list the folder and check every shard's record once more (at 200 shards, most of a
        refresh's cost beyond parsing the main file)."""
        if not self.repo.refresh_if_changed():
            return None
        with self.repo.mentions_held():
            return self.view()

    @property
    def rehearsal(self) -> bool:
        """True on a rehearsal's database: its exports and screens say so."""
        return self.repo.snapshot().rehearsal is not None

    def set_aside(self) -> tuple[str, ...]:
        """Database documents set aside as unreadable (left in the file), in words."""
        self.repo.snapshot()
        return self.repo.quarantined()

    def gates(self) -> Gates:
        """The gates in force for this incident (declared, or the defaults)."""
        incident = self.repo.snapshot().incident
        return gates_for(incident.extras.get("gates"), (item.id for item in incident.checklist))

    # ------------------------------------------------------------------ helpers for intents
    def writable(self) -> None:
        """Refuse a change on a read-only dashboard."""
        if self.read_only:
            raise ReadOnlyError(READ_ONLY_TEXT)

    def changed(self, value: T) -> Changed[T]:
        """Wrap an intent's result with the room as it stands after it."""
        return Changed(value, self.view(scan_mentions=False))

    def draft_problems(self, kinds: Iterable[str]) -> list[GateProblem]:
        """Why the given drafts are not ready to go out now (read inside the transaction)."""
        # The sign-off rules load with the first gate checked, not with every process.
        from warroom.domain.checks import Severity
        from warroom.domain.gate_problems import DraftReadiness, gate_problems
        from warroom.service.signoff_state import draft_approval_state

        store = DraftStore(self.repo)
        now = self.clock()
        readiness: dict[str, DraftReadiness] = {}
        for kind in kinds:
            draft_kind = DraftKind(kind)
            blocking = tuple(
                p.message
                for p in store.problems(draft_kind, now=now)
                if p.severity is Severity.BLOCKING
            )
            saved = store.draft(draft_kind).latest is not None
            signed = draft_approval_state(store, DraftRef(draft_kind), now)
            readiness[kind] = DraftReadiness(
                kind,
                draft_kind.label,
                saved,
                blocking,
                tuple(r.name for r in signed.approved),
                tuple(r.words.removeprefix("✗ ") for r in signed.missing),
            )
        return gate_problems(list(readiness), readiness)
