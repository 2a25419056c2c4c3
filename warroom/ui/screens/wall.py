"""Wall mode: a read-only, glanceable board for the big screen everybody looks at.

It shows the four things a room needs from across the room — the next legal deadline, how far
the playbook has got, how fast inquiries arrive, and the newest mentions — refreshes as
operators change the file, and can cycle through the tiles full-screen on a timer. No key
changes data; pressing one says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Digits, Footer, Label, ProgressBar

from warroom.domain.cadence import nearest
from warroom.domain.clock import format_utc
from warroom.domain.clocks import format_countdown
from warroom.domain.ledger_rows import summarize
from warroom.domain.mention_trends import mention_spikes
from warroom.domain.mentions import Triage
from warroom.domain.text import inert
from warroom.domain.warroom import WarRoom
from warroom.service import RoomView, WarRoomService, freeze_long_lived
from warroom.ui.screens.store_screen import StoreScreen
from warroom.ui.styles import WALL_STYLES
from warroom.ui.widgets.incident_header import IncidentHeader
from warroom.ui.widgets.inquiry_pane import inquiry_rows
from warroom.ui.widgets.mention_pane import mention_row
from warroom.ui.widgets.row_list import RowList

if TYPE_CHECKING:
    pass

__all__ = ["WallScreen", "READ_ONLY_MESSAGE"]

READ_ONLY_MESSAGE = (
    "Wall mode is read-only: make changes from an operator's dashboard (warroom open)."
)
NEWEST_MENTIONS = 30
TILES = ("wall-clock", "wall-progress", "wall-inquiries", "wall-mentions")


class Tile(Vertical):
    """One tile of the wall; it may be shown full-screen."""

    ALLOW_MAXIMIZE = True


NARROW_WALL = 100
"""Below this width the wall's header keeps the title and drops status, "since detection" and
the progress (the tiles show them)."""


class WallScreen(StoreScreen):
    """Four large tiles; `space` starts or stops cycling through them full-screen."""

    CSS_PATH = WALL_STYLES

    BINDINGS = [
        Binding(
            "space",
            "toggle_cycle",
            "Cycle tiles",
            tooltip="Show each tile full-screen in turn",
            id="wall-cycle",
        ),
        Binding(
            "z", "next_tile", "Next tile", tooltip="Show the next tile full-screen", id="wall-next"
        ),
        Binding("escape", "grid", "All tiles", tooltip="Back to all four tiles", id="wall-grid"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(self, cycle_seconds: float = 0.0) -> None:
        super().__init__(classes="-wall")
        self.cycle_seconds = cycle_seconds
        self.view: RoomView | None = None
        self._tile = -1
        self._cycling = cycle_seconds > 0

    def compose(self) -> ComposeResult:
        yield IncidentHeader(self.warroom_app.operator, read_only=True)
        with Grid(id="wall"):
            with Tile(id="wall-clock", classes="tile"):
                yield Label("", id="wall-clock-name", markup=False)
                yield Digits("--:--", id="wall-countdown")
                yield Label("", id="wall-clock-state", markup=False)
                yield Label("", id="wall-clock-due", markup=False)
            with Tile(id="wall-progress", classes="tile"):
                yield Digits("0/0", id="wall-done")
                yield ProgressBar(total=1, show_eta=False, id="wall-bar")
                yield Label("", id="wall-overdue", markup=False)
                yield Label("", id="wall-signoff", markup=False)
                yield Label("", id="wall-ledger", markup=False)
                yield Label("", id="wall-cadence", markup=False)
            with Tile(id="wall-inquiries", classes="tile"):
                yield RowList(empty_text="No inquiry channels.", id="wall-inquiry-list")
            with Tile(id="wall-mentions", classes="tile"):
                yield RowList(empty_text="No mentions yet.", id="wall-mention-list")
        yield Footer()

    async def on_mount(self) -> None:
        titles = ("Next deadline", "Playbook progress", "Inquiries", "Newest mentions")
        for tile, title in zip(TILES, titles, strict=True):
            self.query_one(f"#{tile}").border_title = title
        await self.reload()
        self.set_interval(0.5, self.check_for_changes, name="refresh")
        self.set_interval(1.0, self.tick, name="clock")
        if self.cycle_seconds > 0:
            self.set_interval(self.cycle_seconds, self._cycle, name="cycle")

    def on_resize(self, event: events.Resize) -> None:
        """On a small terminal the header gives its words to the incident's title."""
        self.set_class(event.size.width < NARROW_WALL, "-narrow")
        if self.room is not None:  # the inquiry rows fit their width once it is laid out
            self.call_after_refresh(self.show_room)

    # ------------------------------------------------------------------ data
    @property
    def room(self) -> WarRoom | None:
        """The snapshot shown now."""
        return self.view.room if self.view is not None else None

    async def reload(self) -> None:
        loaded = await self.store(
            lambda service: (service.view(drafts=False), service.signoff_overview())
        )
        if loaded is not None:
            self.show_view(loaded[0])
            self.show_signoff(loaded[1])

    async def check_for_changes(self) -> None:
        def changed(service: WarRoomService) -> tuple[RoomView, str] | None:
            view = service.refresh()
            return None if view is None else (view, service.signoff_overview())

        loaded = await self.store(changed)
        if loaded is not None:
            self.show_view(loaded[0])
            self.show_signoff(loaded[1])

    def show_signoff(self, text: str) -> None:
        """Which messages are signed off for their words as they stand (hidden when none)."""
        label = self.query_one("#wall-signoff", Label)
        label.update(text)
        label.display = bool(text)
        label.set_class("✗" in text, "-missing")

    def show_view(self, view: RoomView) -> None:
        """Show the room (the same deadlines as the dashboard's: the service computes them)."""
        self.view = view
        if self.is_attached:
            self.show_room()
            freeze_long_lived()

    def tick(self) -> None:
        if self.room is not None:
            self.query_one(IncidentHeader).tick(self.room, self.warroom_app.clock())
            self._show_clock()
            self._show_cadence(self.warroom_app.clock())

    def show_room(self) -> None:
        room, now = self.room, self.warroom_app.clock()
        if room is None:
            return
        self.query_one(IncidentHeader).show(room, now)
        self._show_clock()
        done, total = room.checklist_progress()
        self.query_one("#wall-done", Digits).update(f"{done}/{total}")
        self.query_one("#wall-bar", ProgressBar).update(total=max(total, 1), progress=done)
        assert self.view is not None
        overdue = [item.title for item in self.view.overdue_items(now)]
        text = (
            f"[!] {len(overdue)} OVERDUE: " + " · ".join(overdue[:4])
            if overdue
            else "✓ nothing overdue"
        )
        self.query_one("#wall-overdue", Label).update(Content(inert(text, limit=400)))
        ledger = summarize(self.view.ledger_rows(now))
        self.query_one("#wall-ledger", Label).update(f"✉ Told: {ledger.text}")
        self._show_cadence(now)
        late = bool(overdue) or ledger.overdue > 0
        self.query_one("#wall-progress").set_class(late, "-overdue")
        listing = self.query_one("#wall-inquiry-list", RowList)
        rows, subtitle = inquiry_rows(room, now, width=listing.size.width)
        listing.set_rows(rows)
        self.query_one("#wall-inquiries").border_subtitle = subtitle
        newest = room.mentions[:NEWEST_MENTIONS]
        keywords = room.incident.keywords
        self.query_one("#wall-mention-list", RowList).set_rows(
            [mention_row(m, room.triage.get(m.id), keywords) for m in newest]
        )
        counts = room.mentions_by_state()
        spikes = mention_spikes(room.mentions, keywords, room.incident.detected_at, now)
        storm = f" · ⚡ {spikes[0].count} in the last hour" if spikes else ""
        self.query_one(
            "#wall-mentions"
        ).border_subtitle = f"{counts[Triage.NEW]} new · {len(room.mentions)} total{storm}"

    def _show_cadence(self, now: datetime) -> None:
        """The nearest update promise, counting down (a missed one says OVERDUE)."""
        promise = nearest(self.view.cadence(now)) if self.view else None
        label = self.query_one("#wall-cadence", Label)
        label.update(promise.summary if promise else "")
        label.set_class(bool(promise and promise.overdue), "-overdue")

    def _show_clock(self) -> None:
        now = self.warroom_app.clock()
        tile = self.query_one("#wall-clock")
        status = self.view.next_deadline(self.warroom_app.clock()) if self.view else None
        if status is None or status.due_at is None:
            self.query_one("#wall-clock-name", Label).update("No regulatory clock running")
            self.query_one("#wall-countdown", Digits).update("--:--")
            self.query_one("#wall-clock-state", Label).update("")
            self.query_one("#wall-clock-due", Label).update("")
            return
        remaining = status.due_at - now
        minutes = abs(int(remaining.total_seconds())) // 60
        sign = "-" if remaining.total_seconds() < 0 else ""
        self.query_one("#wall-clock-name", Label).update(status.rule.name)
        self.query_one("#wall-countdown", Digits).update(
            f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
        )
        self.query_one("#wall-clock-state", Label).update(
            f"{status.state.symbol} {status.state.text} · {format_countdown(remaining)}"
        )
        self.query_one("#wall-clock-due", Label).update(
            f"due {format_utc(status.due_at, with_date=True)} · {status.rule.source}"
        )
        for state in ("amber", "red", "overdue"):
            tile.set_class(status.state.value == state, f"-{state}")

    # ------------------------------------------------------------------ keys
    def _maximize_tile(self, index: int) -> None:
        self._tile = index % len(TILES)
        self.maximize(self.query_one(f"#{TILES[self._tile]}"), container=False)

    def _cycle(self) -> None:
        if self._cycling:
            self._maximize_tile(self._tile + 1)

    def action_toggle_cycle(self) -> None:
        """Start or stop cycling (every ``wall_cycle_seconds``, 10 s unless configured)."""
        self._cycling = not self._cycling
        if self._cycling and self.cycle_seconds <= 0:
            self.cycle_seconds = 10.0
            self.set_interval(self.cycle_seconds, self._cycle, name="cycle")
        if not self._cycling:
            self.minimize()
        self.notify("Cycling tiles" if self._cycling else "Cycling stopped", markup=False)

    def action_next_tile(self) -> None:
        self._maximize_tile(self._tile + 1)

    def action_grid(self) -> None:
        self._cycling = False
        self.minimize()

    def action_help(self) -> None:
        from warroom.ui.screens.help import HelpScreen, describe_bindings

        groups: list[tuple[str, Any]] = [
            ("Wall mode (read-only)", [*self.BINDINGS, *self.app.BINDINGS])
        ]
        self.app.push_screen(HelpScreen(describe_bindings(groups) + "\n\n" + READ_ONLY_MESSAGE))

    def on_key(self, event: events.Key) -> None:
        """Any other key would change data on an operator's dashboard: say why it does nothing."""
        if event.key in _bound_keys(self.BINDINGS, self.app.BINDINGS, RowList.BINDINGS):
            return
        if event.is_printable or event.key in {"enter", "backspace", "delete"}:
            event.stop()
            self.notify(READ_ONLY_MESSAGE, title="Read-only", severity="warning", markup=False)


def _bound_keys(*groups: Any) -> set[str]:
    """Every key named by these bindings (so only unbound keys are answered as read-only)."""
    keys: set[str] = set()
    for group in groups:
        for binding in group:
            if isinstance(binding, Binding):
                keys.update(key.strip() for key in binding.key.split(","))
    return keys
