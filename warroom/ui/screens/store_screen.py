"""A screen that reads and changes the room through the app's service, on its store thread.

Every screen shares this (dashboard, wall, clock board, review, drafting): the app's clock,
refusals told to the operator instead of raised, a reason asked for where the service wants
one (a gated tick, an untick of "sent", a late filing), and changes refused in wall
(read-only) mode. A change's result comes back with the new view of the room, which is
handed to every open screen as a ``RoomChanged`` message, so the change and its reload are
one trip and no screen imports another to refresh it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textual.app import SystemCommand
from textual.message import Message
from textual.screen import Screen

from warroom.domain.presence import Presence, presence_words
from warroom.service import (
    READ_ONLY_TEXT,
    Changed,
    GateBlocked,
    ReasonRequired,
    RoomView,
    SaveConflict,
    StoreError,
    WarRoomService,
)
from warroom.ui.screens.form_field import Field
from warroom.ui.widgets.incident_header import IncidentHeader

if TYPE_CHECKING:
    from warroom.domain.clock import Clock
    from warroom.service import StoreGateway
    from warroom.service.feeds import FeedService

__all__ = ["StoreScreen", "READ_ONLY_TEXT", "RoomChanged", "RoomApp"]

T = TypeVar("T")


class RoomApp(Protocol):
    """What screens use of the app (a protocol, so screens never import the app module)."""

    gateway: StoreGateway
    operator: str
    clock: Clock
    read_only: bool
    polls_feeds: bool
    layout: str
    auto_advance: bool
    on_layout_change: Callable[[str], None] | None
    editing: str
    """The draft this dashboard edits now ("" when none): sent with every heartbeat."""

    @property
    def feeds(self) -> FeedService | None:
        """This process's feed poller, built on first use (``None``: it does not poll)."""

    async def beat(self) -> None:
        """Send a heartbeat now and show everyone who is in."""


@dataclass
class RoomChanged(Message):
    """The room changed through this process; ``view`` is how it stands now."""

    view: RoomView
    origin: StoreScreen | None = None
    """The screen that made the change (it has shown the view already)."""


class StoreScreen(Screen[None]):
    """Base of every warroom screen that reads or changes the room."""

    @property
    def warroom_app(self) -> RoomApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def now(self) -> datetime:
        """The current time from the app's clock (fixed in tests and snapshots)."""
        return self.warroom_app.clock()

    async def store(self, work: Callable[[WarRoomService], T]) -> T | None:
        """Run work on the store thread; a refusal or store error is told, not raised.

        Returns ``None`` too when the screen was closed while the store worked (an operator
        typing fast can leave a screen before its data arrives): the work is done, but there
        is nothing left to show it on.
        """
        try:
            result = await self.warroom_app.gateway.call(work)
        except (StoreError, ValueError) as error:
            self.notify(str(error), title="Not done", severity="error", markup=False, timeout=8)
            return None
        return result if self.is_open else None

    @property
    def is_open(self) -> bool:
        """True while this screen is on the app's stack (a closed one may still be attached
        while Textual removes its widgets, and querying them then fails)."""
        return self.is_attached and self in self.app.screen_stack

    def may_change(self) -> bool:
        """False (and says why) when this dashboard is read-only."""
        if self.warroom_app.read_only:
            self.notify(READ_ONLY_TEXT, severity="warning", markup=False)
            return False
        return True

    async def change(
        self,
        work: Callable[[WarRoomService], Changed[T]],
        *,
        on_conflict: Callable[[SaveConflict], object] | None = None,
    ) -> T | None:
        """Carry out an operator's intent; every open screen is shown the room after it.

        A save that raced another operator's (``SaveConflict``) goes to ``on_conflict``,
        which shows both changes and offers merge, save on top, or discard.
        """
        return await self.change_with_reason(
            lambda service, _reason: work(service), on_conflict=on_conflict
        )

    async def change_with_reason(
        self,
        work: Callable[[WarRoomService, str], Changed[T]],
        *,
        reason: str = "",
        on_conflict: Callable[[SaveConflict], object] | None = None,
    ) -> T | None:
        """Carry out an intent that the service may refuse until given a reason.

        The first try passes no reason; when the service answers with a gate or asks why,
        the operator is shown why and asked for a reason, and the intent is tried again with
        it (the service records it with the action). An empty answer leaves things as they
        were.
        """
        if not self.may_change():
            return None
        try:
            changed = await self.warroom_app.gateway.call(lambda service: work(service, reason))
        except (GateBlocked, ReasonRequired) as refusal:
            if reason:  # refused even with a reason: say so rather than ask again
                self.notify(str(refusal), title="Not done", severity="error", markup=False)
                return None
            self.ask_reason(refusal, work)
            return None
        except SaveConflict as conflict:
            if on_conflict is None:
                self.notify(str(conflict), title="Not saved", severity="error", markup=False)
            else:
                on_conflict(conflict)
            return None
        except (StoreError, ValueError) as error:
            self.notify(str(error), title="Not done", severity="error", markup=False, timeout=8)
            return None
        if self.is_open:
            self.show_view(changed.view)  # at once: what the operator does next sees it
        self.app.post_message(RoomChanged(changed.view, self))
        return changed.value

    def ask_reason(
        self, refusal: GateBlocked | ReasonRequired, work: Callable[[WarRoomService, str], Any]
    ) -> None:
        """Show why the service refused and ask for a reason to go ahead anyway."""
        if isinstance(refusal, GateBlocked):
            problems = refusal.problems
            listed = "\n".join(f"✗ {p}" for p in problems[:6])
            if len(problems) > 6:
                listed += f"\n… and {len(problems) - 6} more"
            title = f"Not ready: {len(problems)} problem(s) before you {refusal.action}"
            hint = f"{listed}\nFix them (d: messages), or give a reason: the timeline keeps it."
            label = "Reason to go ahead anyway (empty: cancel)"
        else:
            title = f"Before you {refusal.action}"
            hint = f"{refusal.question[:1].upper()}{refusal.question[1:]}. The timeline keeps it."
            label = "Reason (empty: cancel)"

        async def answered(values: list[str] | None) -> None:
            given = (values or [""])[0].strip()
            if not given:
                self.notify("Not done: no reason given.", markup=False)
                return
            await self.change_with_reason(work, reason=given)

        from warroom.ui.screens.form_dialog import FormDialog  # built when first shown

        self.app.push_screen(
            FormDialog(
                title, [Field(label, placeholder="e.g. legal approved the wording")], hint=hint
            ),
            answered,
        )

    def ask(
        self,
        title: str,
        fields: list[Field],
        then: Callable[[list[str]], Awaitable[None]],
        *,
        validate: Callable[[list[str]], str | None] | None = None,
        hint: str = "",
    ) -> None:
        """Open a form; when the operator submits it, run ``then`` with the values."""

        async def answered(values: list[str] | None) -> None:
            if values is not None:
                await then(values)

        from warroom.ui.screens.form_dialog import FormDialog  # built when first shown

        self.app.push_screen(FormDialog(title, fields, validate=validate, hint=hint), answered)

    def show_view(self, view: RoomView) -> None:
        """Show the room as it stands after a change (screens that show the room override)."""

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's actions for the command palette (screens with actions override)."""
        return ()

    def show_presence(self, presence: tuple[Presence, ...]) -> None:
        """Show who is in: the header when there is one (the app hands every heartbeat round).

        A dashboard alone shows nothing; the wall, which is nobody, shows everyone.
        """
        me = "" if self.warroom_app.read_only else self.warroom_app.operator
        others = any(p.operator != me for p in presence)
        words = presence_words(presence, me) if others else ""
        for header in self.query(IncidentHeader):
            header.show_presence(words)

    def unsaved_work(self) -> str:
        """What quitting now would lose ("" when nothing: the editor overrides)."""
        return ""
