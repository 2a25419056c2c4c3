"""The dashboard: header and four panes; it coordinates, the panes show, the store remembers.

Panes post what the operator wants; this screen asks the store (on its own thread), then shows
the new snapshot. A timer notices other processes' changes, so every open dashboard converges
within a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from warroom.domain.cadence import nearest
from warroom.domain.mention_trends import mention_spikes
from warroom.domain.warroom import WarRoom
from warroom.service import RoomView, freeze_long_lived
from warroom.ui.screens.dashboard_intents import PaneIntents
from warroom.ui.screens.dashboard_layout import LAYOUT_BINDINGS, PaneLayout, PaneSplit
from warroom.ui.screens.dashboard_links import ScreenLinks
from warroom.ui.screens.dashboard_palette import dashboard_commands
from warroom.ui.screens.mention_intents import MentionIntents
from warroom.ui.screens.store_screen import RoomChanged, StoreScreen
from warroom.ui.styles import read_later_styles
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.clock_rows import header_deadline
from warroom.ui.widgets.fitting_footer import FittingFooter
from warroom.ui.widgets.incident_header import IncidentHeader
from warroom.ui.widgets.inquiry_pane import InquiryPane, room_trends
from warroom.ui.widgets.mention_pane import MentionPane
from warroom.ui.widgets.timeline_pane import TimelinePane

__all__ = ["DashboardScreen"]

REFRESH_SECONDS = 0.5
"""How often to look for other processes' changes (a stat per file: cheap)."""


class DashboardScreen(PaneLayout, PaneIntents, MentionIntents, ScreenLinks, StoreScreen):
    """Header, timeline, checklist, inquiries and mentions.

    What each pane's intents do is in the mixins: ``PaneIntents`` (ticks, counts, notes),
    ``MentionIntents`` (triage, feeds), ``ScreenLinks`` (the other screens, help) and
    ``PaneLayout`` (the split, the current pane, small terminals).
    """

    BINDINGS = [
        Binding(
            "n",
            "add_note",
            "Note",
            tooltip="Add a timeline note (can be back-dated)",
            id="add-note",
        ),
        Binding(
            "z",
            "toggle_maximize",
            "Maximise",
            show=False,
            tooltip="Maximise or restore the pane",
            id="maximize",
        ),
        Binding("question_mark", "help", "Help", tooltip="Show every key", id="help"),
        Binding("R", "poll_feeds", "Poll", show=False, tooltip="Poll every feed now", id="poll"),
        Binding(
            "s",
            "facts",
            "Facts",
            tooltip="Sheet of facts every message is written from",
            id="facts",
        ),
        Binding(
            "d",
            "drafts",
            "Messages",
            tooltip="Draft the notice, FAQ, post, banner, briefings",
            id="drafts",
        ),
        Binding(
            "F", "feed_health", "Feeds", show=False, tooltip="Each feed's health and next poll"
        ),
        Binding(
            "I", "ignore_rules", "Ignore rules", show=False, tooltip="Add or remove ignore rules"
        ),
        Binding(
            "C", "clocks", "Clocks", tooltip="Every regulatory deadline; set triggers", id="clocks"
        ),
        Binding(
            "L",
            "ledger",
            "Ledger",
            tooltip="Who has been told: the notification ledger",
            id="ledger",
        ),
        Binding(
            "V",
            "review",
            "Review",
            show=False,
            tooltip="Post-incident review: measures and the four questions",
            id="review",
        ),
        Binding("tab", "next_pane(1)", "Next pane", show=False, tooltip="Move to the next pane"),
        Binding("shift+tab", "next_pane(-1)", "Previous pane", show=False, tooltip="Previous pane"),
        *LAYOUT_BINDINGS,
    ]
    """Shown in the footer: what is used hour to hour. The rarer keys (maximise, poll now: feeds
    poll themselves, the review: after the incident) are only in ``?`` and ctrl+p; where the
    footer is too narrow for the rest, ``FittingFooter`` leaves out the screen's keys before the
    focused pane's, and always keeps ``? Help`` and ``q Quit``."""

    AUTO_FOCUS = ".pane.-current RowList"
    """Whenever nothing has the focus, the current pane's list takes it: at first the
    checklist's, so the first focus does not restyle the timeline pane on its way there."""

    def __init__(self) -> None:
        super().__init__()
        self.view: RoomView | None = None
        """The room as last read or changed (snapshot, rules, triggers, stale drafts)."""
        self._failing_feeds: set[str] = set()
        self._spiking: set[str] = set()
        self._mention_spiking: set[str] = set()
        self._inquiry_minute = -1
        self._missed_promise: tuple[str, datetime | None] | None = None
        self._kept_promises: set[str] | None = None

    def compose(self) -> ComposeResult:
        yield IncidentHeader(self.warroom_app.operator, read_only=self.warroom_app.read_only)
        yield Static(Content(""), id="pane-tabs", markup=False)
        # Two columns, so the inquiry pane's height follows its channels and the mentions
        # below it take every row it does not need (a grid row would be shared). The order
        # is the focus order: timeline, checklist, inquiries, mentions.
        with Horizontal(id="panes"):
            # The checklist starts current and focused (``AUTO_FOCUS``): marked so before it is
            # styled, so the first focus does not restyle the panes it moves through.
            with Vertical(id="left-panes", classes="pane-column -current"):
                yield TimelinePane()
                yield ChecklistPane().add_class("-current", update=False)
            with Vertical(id="right-panes", classes="pane-column"):
                yield InquiryPane()
                yield MentionPane()
        yield FittingFooter()

    async def on_mount(self) -> None:
        self.apply_split(PaneSplit.parse(self.warroom_app.layout))
        first = await self.store(lambda service: service.view(drafts=False))
        if first is not None:
            self.show_view(first)
        self.call_after_refresh(self.reload)  # then the rest: the stale-draft count
        self.call_after_refresh(read_later_styles, self.app)  # and the other screens' looks
        self.query_one(MentionPane).auto_advance = self.warroom_app.auto_advance
        self.query_one(ChecklistPane).focus_list()  # (already there: AUTO_FOCUS)
        self.set_interval(REFRESH_SECONDS, self.check_for_changes, name="refresh")
        self.set_interval(1.0, self.tick_clock, name="clock")
        if self.warroom_app.polls_feeds:  # the poller itself is built after the first frame
            self.set_interval(2.0, self.poll_due_feeds, name="feeds")
            self.call_after_refresh(self.poll_due_feeds)
        self._apply_size(self.size.width, self.size.height)

    # ------------------------------------------------------------------ store and showing
    @property
    def room(self) -> WarRoom | None:
        """The snapshot shown now."""
        return self.view.room if self.view is not None else None

    @property
    def rules(self) -> list[str]:
        """The mention ignore rules in force."""
        return list(self.view.ignore_rules) if self.view is not None else []

    @property
    def stale_drafts(self) -> int:
        """How many drafts a fact change has made stale (the header shows it)."""
        return self.view.stale_drafts if self.view is not None else 0

    async def reload(self) -> None:
        """Read the room afresh and show it."""
        view = await self.store(lambda service: service.view())
        if view is not None:
            self.show_view(view)

    async def check_for_changes(self) -> None:
        """Show another process's change as soon as its file lands (one trip to the store).

        Screens opened on top (the ledger, the clock board) are told too: this check is the
        one that notices, and the news would otherwise stop here.
        """
        view = await self.store(lambda service: service.refresh())
        if view is not None:
            self.show_view(view)
            self.app.post_message(RoomChanged(view, self))

    def show_view(self, view: RoomView) -> None:
        """Show the room in every pane (after a read, or after any change made here)."""
        if not self.is_attached:
            return
        self.view = view
        self.show_room(view.room, list(view.ignore_rules))
        self._offer_next_promise(view)
        freeze_long_lived()

    def _offer_next_promise(self, view: RoomView) -> None:
        """A promise just kept (a new FAQ version, say): offer to promise the next update."""
        kept = {s.channel: s.name for s in view.cadence(self.now()) if s.met_at is not None}
        if self._kept_promises is not None:
            for channel in kept.keys() - self._kept_promises:
                self.notify(
                    f"{kept[channel]} update promise kept. Promise the next one: L, then u.",
                    title="Update cadence",
                    markup=False,
                )
        self._kept_promises = set(kept)

    def show_room(self, room: WarRoom, rules: list[str]) -> None:
        """Show a snapshot in every pane."""
        now = self.now()
        self.query_one(IncidentHeader).show(room, now, stale_drafts=self.stale_drafts)
        self.query_one(TimelinePane).show(room)
        self.show_checklist(now)
        self.show_inquiries(room, now)
        self.query_one(MentionPane).show(room, rules)
        self.show_mention_spikes(room, now)
        self.show_deadline(room, now)
        self._show_tabs()

    def show_checklist(self, now: datetime) -> None:
        """The checklist with deadlines from the clocks (the same as every other screen's)."""
        if self.view is not None:
            self.query_one(ChecklistPane).show(self.view.room, self.view.checklist(now))

    def tick_clock(self) -> None:
        if self.room is not None:
            now = self.now()
            self.query_one(IncidentHeader).tick(self.room, now)
            self.show_deadline(self.room, now)
            if now.minute != self._inquiry_minute:  # last hour's counts move with the clock
                self.show_inquiries(self.room, now)
                self.show_checklist(now)  # and an item's clock may have become due

    def show_deadline(self, room: WarRoom, now: datetime) -> None:
        """The header's countdown to the next regulatory deadline (0.15 ms to evaluate)."""
        if self.view is None:
            return
        text, state = header_deadline(self.view.clocks(now))
        header = self.query_one(IncidentHeader)
        header.show_deadline(text, state.value if state else "")
        promise = nearest(self.view.cadence(now))
        header.show_cadence(
            promise.summary if promise else "", overdue=bool(promise and promise.overdue)
        )
        if promise and promise.overdue and not self.warroom_app.read_only:
            missed = (promise.channel, promise.next_due)
            if missed != self._missed_promise:
                # Into the timeline once, whichever dashboard saw it first (the service checks).
                self._missed_promise = missed
                self.run_worker(self.change(lambda service: service.record_missed_promises()))

    def show_inquiries(self, room: WarRoom, now: datetime) -> None:
        """Counts, trends and prompts; a channel that starts spiking is announced once."""
        self._inquiry_minute = now.minute
        trends = room_trends(room, now)
        self.query_one(InquiryPane).show(room, now, trends)
        spiking = {spike.channel_id for spike in trends.spikes}
        fresh = [spike for spike in trends.spikes if spike.channel_id not in self._spiking]
        if fresh and not self.warroom_app.read_only:
            # Into the timeline once, whichever dashboard saw it first (the service checks).
            self.run_worker(self.change(lambda service: service.record_spikes(fresh)))
        for spike in fresh:
            self.notify(
                spike.text,
                title=f"⚡ Inquiry spike: {spike.channel_name}",
                severity="warning",
                markup=False,
                timeout=12,
            )
        self._spiking = spiking

    def show_mention_spikes(self, room: WarRoom, now: datetime) -> None:
        """A mention storm raises the alarm like an inquiry spike: once, on every dashboard,
        into the timeline once, with the prompt to update the FAQ or holding statement."""
        spikes = mention_spikes(
            room.mentions, room.incident.keywords, room.incident.detected_at, now
        )
        pane = self.query_one(MentionPane)
        pane.spike = spikes[0].text if spikes else ""
        fresh = [spike for spike in spikes if spike.prefix not in self._mention_spiking]
        if fresh and not self.warroom_app.read_only:
            self.run_worker(self.change(lambda service: service.record_spikes(fresh)))
        for spike in fresh:
            self.notify(spike.text, title="⚡ Mention spike", severity="warning", timeout=12)
        self._mention_spiking = {spike.prefix for spike in spikes}

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Every dashboard action, for the command palette."""
        return dashboard_commands(self, self)
