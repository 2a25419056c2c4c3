"""The clock board: every regulatory deadline the breach started, side by side, as rows.

Counsel reads it to know what is due when and why: each clock runs from its own trigger
(awareness, the materiality determination, the DORA classification …), names its source, and
closes when its checklist item is ticked. Triggers are rows too: ``t`` sets the highlighted one
(or the highlighted clock's first unset one) to a typed time, ``n`` to now, ``w``
records why it is at its time; the store keeps who set it and the timeline records it. ``f``
ticks the checklist item that closes a clock. ``p``/``r`` pause clocks for a lawful delay and
end the pause, ``x`` adds a day EDGAR is closed (``ClockActions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from warroom.domain.clock import format_utc, parse_when
from warroom.domain.clocks import ClockState, ClockStatus, RegulatoryPrep, resolve_triggers
from warroom.service import RoomView
from warroom.service.clocks import default_rules, effective_prep
from warroom.ui.screens.clock_actions import ClockActions
from warroom.ui.screens.form_dialog import Field
from warroom.ui.screens.store_screen import StoreScreen
from warroom.ui.styles import CLOCK_STYLES
from warroom.ui.widgets.clock_rows import clock_rows, trigger_rows, triggers_of, worst_state
from warroom.ui.widgets.row_list import Row, RowList

__all__ = ["ClockBoardScreen", "board_rows"]

TICK_SECONDS = 1.0
"""Countdowns move every second; the store is read at most this often."""


@dataclass(frozen=True)
class Board:
    """What the board shows at one moment."""

    rows: list[Row]
    statuses: tuple[ClockStatus, ...]
    subtitle: str


def board_rows(view: RoomView, now: datetime) -> Board:
    """Build the board for a view of the room (triggers first, then the clocks)."""
    rules = default_rules()
    room, state = view.room, view.regulatory
    prep = effective_prep(room.incident, state.triggers, state.pauses, state.closures, state.counts)
    if prep is None:
        message = Row.of(
            None,
            ("The incident file has no regulatory section: no clocks are tracked. ", "warning"),
            ("Add one (see `warroom new-incident`) and re-import.", "muted"),
        )
        return Board([message], (), "no regulatory section")
    statuses = view.clocks(now)
    resolved = resolve_triggers(prep, room.ticks, room.incident.detected_at, rules)
    who = {
        name: f"set by {stored.operator} at {format_utc(stored.set_at, with_date=True)}"
        if stored.at is not None
        else f"cleared by {stored.operator} at {format_utc(stored.set_at, with_date=True)}"
        for name, stored in state.triggers.items()
    }
    titles = {item.id: item.title for item in room.incident.checklist}
    rows = [Row.of(None, ("Triggers — what starts the clocks", "heading"))]
    rows += trigger_rows(prep, statuses, rules, resolved, who)
    rows.append(Row.of(None, ("Clocks — most urgent first", "heading")))
    rows += clock_rows(statuses, rules, resolved, titles, prep)
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status.state.text] = counts.get(status.state.text, 0) + 1
    order = [s.text for s in ClockState]
    subtitle = " · ".join(f"{counts[t]} {t}" for t in order if t in counts)
    return Board(rows, statuses, subtitle)


class ClockBoardScreen(ClockActions, StoreScreen):
    """All regulatory clocks; escape goes back to the dashboard."""

    CSS_PATH = CLOCK_STYLES

    BINDINGS = [
        Binding(
            "t,enter",
            "set_trigger",
            "Set trigger",
            tooltip="Set the trigger to a time you type",
            id="clock-set-trigger",
        ),
        Binding(
            "n",
            "trigger_now",
            "Trigger now",
            tooltip="The highlighted trigger happened now",
            id="clock-trigger-now",
        ),
        Binding(
            "f",
            "filed",
            "Filed",
            tooltip="Tick the checklist item that closes the clock",
            id="clock-filed",
        ),
        Binding(
            "w",
            "trigger_reason",
            "Why",
            tooltip="Record why the highlighted trigger is at its time",
            id="clock-trigger-reason",
        ),
        Binding(
            "p",
            "pause_clocks",
            "Pause",
            tooltip="A lawful delay (law enforcement, the DOJ) stops clocks",
            id="clock-pause",
        ),
        Binding(
            "r",
            "resume_clocks",
            "Resume",
            tooltip="The delay is over: its clocks run again",
            id="clock-resume",
        ),
        Binding(
            "x",
            "add_closure",
            "Closure",
            tooltip="A day EDGAR is closed by executive order",
            id="clock-closure",
        ),
        Binding("escape,q,C", "close", "Back", tooltip="Back to the dashboard", id="clock-close"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="clock-board")
        self.view: RoomView | None = None
        self.board: Board | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="clock-board"):
            yield Static(Content(""), id="clock-now", markup=False)
            yield RowList(empty_text="Loading the clocks…", id="clock-list")
            yield Static(Content(""), id="clock-detail", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        box = self.query_one("#clock-board")
        box.border_title = "Regulatory clocks"
        self.query_one(RowList).focus()
        await self.refresh_board()
        self.set_interval(TICK_SECONDS, self.refresh_board, name="clock-board")

    async def refresh_board(self) -> None:
        """Read the snapshot and stored triggers, and redraw every countdown."""

        view = await self.store(lambda service: service.view(drafts=False))
        if view is not None:
            self.show_view(view)

    def show_view(self, view: RoomView) -> None:
        """Show the room as it stands (after a read, or a change made anywhere here)."""
        self.view = view
        if self.is_attached:
            self.show_board()

    def show_board(self) -> None:
        """Redraw from the last read at the app's current time."""
        if self.view is None:
            return
        now = self.now()
        board = board_rows(self.view, now)
        self.board = board
        listing = self.query_one(RowList)
        listing.set_rows(board.rows)
        box = self.query_one("#clock-board")
        box.border_subtitle = board.subtitle
        worst = worst_state(board.statuses)
        for shade in (ClockState.AMBER, ClockState.RED, ClockState.OVERDUE):
            self.set_class(worst is shade, f"-{shade.value}")
        self.query_one("#clock-now", Static).update(
            Content(
                f"Now {format_utc(now, with_date=True)} · detected "
                f"{format_utc(self.view.room.incident.detected_at, with_date=True)}"
            )
        )
        self._show_detail(listing.highlighted)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self._show_detail(event.row)

    def _show_detail(self, row: Row | None) -> None:
        text = (row.detail or row.plain) if row else ""
        self.query_one("#clock-detail", Static).update(Content(text))

    # ------------------------------------------------------------------ which trigger
    def _prep(self) -> RegulatoryPrep | None:
        if self.view is None:
            return None
        regulatory = self.view.regulatory
        return effective_prep(
            self.view.room.incident,
            regulatory.triggers,
            regulatory.pauses,
            regulatory.closures,
            regulatory.counts,
        )

    def _target_trigger(self) -> str | None:
        """The highlighted trigger, or the highlighted clock's first trigger not yet set."""
        row = self.query_one(RowList).highlighted
        if row is None or row.key is None:
            return None
        kind, _, name = row.key.partition(":")
        if kind == "trigger":
            return name
        status = self._status(name)
        prep = self._prep()
        if status is None or prep is None:
            return None
        names = triggers_of(status, default_rules())
        return next((n for n in names if n not in prep.triggers), names[0] if names else None)

    def _status(self, rule_id: str) -> ClockStatus | None:
        statuses = self.board.statuses if self.board else ()
        return next((s for s in statuses if s.id == rule_id), None)

    def _highlighted_clock(self) -> ClockStatus | None:
        """The highlighted clock's status (``None`` on a trigger, a heading or nothing)."""
        row = self.query_one(RowList).highlighted
        if row is None or not (row.key or "").startswith("clock:"):
            return None
        return self._status((row.key or "").partition(":")[2])

    # ------------------------------------------------------------------ actions
    async def _set(self, name: str, text: str, why: str = "") -> None:
        at = None if text.strip().lower() == "clear" else parse_when(text, self.now())
        done = await self.change(lambda service: service.set_trigger(name, at, why=why.strip()))
        if done:
            self.notify(done, title="Clock board", markup=False)

    def action_set_trigger(self) -> None:
        """Ask when the highlighted trigger happened (``clear`` removes it)."""
        chosen = self._chosen_trigger()
        if chosen is None:
            return
        name, label = chosen
        now = self.now()

        def validate(values: list[str]) -> str | None:
            clear = values[0].strip().lower() == "clear"
            return None if clear else self._when_problem(values[0])

        async def answered(values: list[str]) -> None:
            await self._set(name, values[0])

        self.ask(
            f"When was it: {label}?",
            [
                Field(
                    "When (UTC)",
                    placeholder=f"now · -15m · -2h · HH:MM · ISO · clear ({format_utc(now)})",
                )
            ],
            answered,
            validate=validate,
            hint="Its clocks run from this time; the timeline records who set it (w: why).",
        )

    async def action_trigger_now(self) -> None:
        """The highlighted trigger happened now (e.g. "materiality determined now")."""
        name = self._target_trigger()
        if name is None:
            self.notify("Highlight a trigger or a clock first.", markup=False)
            return
        await self._set(name, "now")

    async def action_filed(self) -> None:
        """Tick the checklist item that closes the highlighted clock."""
        status = self._highlighted_clock()
        if status is None:
            self.notify("Highlight a clock first.", markup=False)
            return
        if not status.item_id:
            self.notify(
                "No checklist item closes this clock (see regulatory.closes).", markup=False
            )
            return
        clock_id, name = status.id, status.rule.name
        if status.state is not ClockState.OVERDUE:
            await self.change_with_reason(
                lambda service, reason: service.file_clock(clock_id, reason=reason)
            )
            return

        async def answered(values: list[str]) -> None:
            late = values[0].strip()
            await self.change_with_reason(
                lambda service, reason: service.file_clock(
                    clock_id, late_reasons=late, reason=reason
                )
            )

        # A late report must say why (GDPR Art. 33(1)); the reasons go in the record with it.
        self.ask(
            f"{name} is overdue: why was it late?",
            [Field("Reasons for the delay", required=True)],
            answered,
            hint="Kept in the timeline beside the filing, for the regulator and the review.",
        )

    def action_close(self) -> None:
        """Back to the dashboard."""
        self.dismiss(None)
