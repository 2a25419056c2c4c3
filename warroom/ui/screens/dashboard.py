"""The dashboard: header and four panes; it coordinates, the panes show, the store remembers.

Panes post what the operator wants; this screen asks the store (on its own thread), then shows
the new snapshot. A timer notices other processes' changes, so every open dashboard converges
within a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Grid
from textual.content import Content
from textual.widgets import Footer, Static

from warroom.domain.cadence import nearest
from warroom.domain.clock import WhenError, format_utc, parse_when
from warroom.domain.mention_trends import mention_spikes
from warroom.domain.text import inert
from warroom.domain.warroom import WarRoom
from warroom.service import RoomView, freeze_long_lived
from warroom.ui.screens.dashboard_layout import LAYOUT_BINDINGS, PaneLayout, PaneSplit
from warroom.ui.screens.dashboard_palette import dashboard_commands
from warroom.ui.screens.form_dialog import Field
from warroom.ui.screens.help import HelpScreen, describe_bindings
from warroom.ui.screens.mention_intents import MentionIntents
from warroom.ui.screens.store_screen import RoomChanged, StoreScreen
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.clock_rows import header_deadline
from warroom.ui.widgets.incident_header import IncidentHeader
from warroom.ui.widgets.inquiry_pane import InquiryPane, room_trends
from warroom.ui.widgets.mention_pane import MentionPane
from warroom.ui.widgets.pane import Pane
from warroom.ui.widgets.row_list import RowList
from warroom.ui.widgets.timeline_pane import TimelinePane

__all__ = ["DashboardScreen"]

REFRESH_SECONDS = 0.5
"""How often to look for other processes' changes (a stat per file: cheap)."""

NARROW_WIDTH, NARROW_HEIGHT = 100, 30
"""Below this size one pane is shown at a time, switched with tab."""


class DashboardScreen(PaneLayout, MentionIntents, StoreScreen):
    """Header, timeline, checklist, inquiries and mentions."""

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
            tooltip="Maximise or restore the pane",
            id="maximize",
        ),
        Binding("question_mark", "help", "Help", tooltip="Show every key", id="help"),
        Binding("R", "poll_feeds", "Poll", tooltip="Poll every feed now", id="poll"),
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
            tooltip="Post-incident review: measures and the four questions",
            id="review",
        ),
        Binding("tab", "next_pane(1)", "Next pane", show=False, tooltip="Move to the next pane"),
        Binding("shift+tab", "next_pane(-1)", "Previous pane", show=False, tooltip="Previous pane"),
        *LAYOUT_BINDINGS,
    ]

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
        with Grid(id="panes"):
            yield TimelinePane()
            yield ChecklistPane()
            yield InquiryPane()
            yield MentionPane()
        yield Footer()

    async def on_mount(self) -> None:
        self.apply_split(PaneSplit.parse(self.warroom_app.layout))
        first = await self.store(lambda service: service.view(drafts=False))
        if first is not None:
            self.show_view(first)
        self.call_after_refresh(self.reload)  # then the rest: the stale-draft count
        self.query_one(MentionPane).auto_advance = self.warroom_app.auto_advance
        self.query_one(ChecklistPane).focus_list()
        self.set_interval(REFRESH_SECONDS, self.check_for_changes, name="refresh")
        self.set_interval(1.0, self.tick_clock, name="clock")
        if self.warroom_app.feeds is not None:
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

    # ------------------------------------------------------------------ pane intents
    @on(ChecklistPane.ToggleRequested)
    async def toggle_item(self, event: ChecklistPane.ToggleRequested) -> None:
        """Tick or untick; the service applies the gates and asks for a reason where due."""
        item_id, done = event.item_id, event.done
        await self.change_with_reason(
            lambda service, reason: service.tick(item_id, done, reason=reason)
        )

    @on(InquiryPane.CountRequested)
    async def count_on_channel(self, event: InquiryPane.CountRequested) -> None:
        await self.count_inquiry(event.channel_id)

    @on(InquiryPane.TopicCountRequested)
    def count_with_topic(self, event: InquiryPane.TopicCountRequested) -> None:
        """Ask for the topic, then count one inquiry on the channel with it."""
        channel = self.room.incident.channel(event.channel_id) if self.room else None
        if channel is None:
            return
        recent = sorted({e.topic for e in self.room.inquiries if e.topic})[:6] if self.room else []

        async def answered(values: list[str]) -> None:
            topic = values[0].strip()
            await self.change(lambda service: service.count(event.channel_id, topic=topic))

        self.ask(
            f"Count one inquiry on {channel.name}, about…",
            [Field("Topic (a few words: e.g. password reset, refund)", required=True)],
            answered,
            hint="Topics used so far: "
            + (", ".join(recent) or "none")
            + ". A topic that keeps coming back prompts a FAQ entry.",
        )

    @on(InquiryPane.TakeBackRequested)
    async def take_back(self, event: InquiryPane.TakeBackRequested) -> None:
        channel_id = event.channel_id
        taken = await self.change(lambda service: service.take_back(channel_id))
        if taken is False:
            self.notify("That channel's count is already zero.", markup=False)

    async def count_inquiry(self, channel_id: str) -> None:
        """Count one inquiry on a channel."""
        await self.change(lambda service: service.count(channel_id))

    async def on_key(self, event: events.Key) -> None:
        """A channel's key counts an inquiry on it, from any pane."""
        if self.room is None or event.character is None:
            return
        channel = next((c for c in self.room.incident.channels if c.key == event.character), None)
        if channel is not None:
            event.stop()
            await self.count_inquiry(channel.id)

    # ------------------------------------------------------------------ actions
    def action_add_note(self) -> None:
        """Add a timeline note, optionally back-dated."""
        now = self.now()

        def validate(values: list[str]) -> str | None:
            try:
                parse_when(values[1], self.now())
            except WhenError as error:
                return str(error)
            return None

        async def answered(values: list[str]) -> None:
            text, when = values
            at = parse_when(when, self.now())
            await self.change(lambda service: service.note(text, at=at))

        self.ask(
            "Add a timeline note",
            [
                Field("What happened", required=True),
                Field(
                    "When (UTC)",
                    placeholder=f"now · -15m · -2h · HH:MM · ISO (now {format_utc(now)})",
                ),
            ],
            answered,
            validate=validate,
        )

    def action_toggle_maximize(self) -> None:
        """Maximise the focused pane, or restore the grid."""
        if self.maximized is not None:
            self.minimize()
            return
        pane = self._focused_pane()
        if pane is not None:
            self.maximize(pane, container=False)

    def action_facts(self) -> None:
        """Open the sheet of facts; the header's stale count is refreshed on the way back."""
        from warroom.ui.screens.facts import FactsScreen

        self.app.push_screen(FactsScreen(), self._reload_after)

    def action_drafts(self) -> None:
        """Open the messages: notice, FAQ, social post, banner, team briefings."""
        from warroom.ui.screens.drafts import DraftsScreen

        self.app.push_screen(DraftsScreen(), self._reload_after)

    async def _reload_after(self, _result: object) -> None:
        """Back from a drafting screen: show what changed there (facts, stale drafts)."""
        await self.reload()

    def action_help(self) -> None:
        """Show every key binding."""
        groups: list[tuple[str, Iterable[Any]]] = [
            ("Everywhere", [*self.BINDINGS, *self.app.BINDINGS]),
            ("Inquiry channels (from any pane)", self._channel_bindings()),
            ("Lists (every pane)", RowList.BINDINGS),
            ("Checklist", ChecklistPane.BINDINGS),
            ("Inquiries", InquiryPane.BINDINGS),
            ("Mentions", MentionPane.BINDINGS),
        ]
        self.app.push_screen(HelpScreen(describe_bindings(groups)))

    def _channel_bindings(self) -> list[Binding]:
        if self.room is None:
            return []
        return [
            Binding(c.key, f"count('{c.id}')", f"Count one inquiry on {inert(c.name, limit=60)}")
            for c in self.room.incident.channels
        ]

    def action_clocks(self) -> None:
        """Open the regulatory clock board."""
        from warroom.ui.screens.clock_board import ClockBoardScreen

        self.app.push_screen(ClockBoardScreen())

    def action_ledger(self) -> None:
        """Open the notification ledger (also the affected counts and update promises)."""
        from warroom.ui.screens.ledger import LedgerScreen

        self.app.push_screen(LedgerScreen())

    def action_review(self) -> None:
        """Open the post-incident review."""
        from warroom.ui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    # ------------------------------------------------------------------ layout
    def _focused_pane(self) -> Pane | None:
        node = self.focused
        while node is not None and not isinstance(node, Pane):
            node = node.parent  # type: ignore[assignment]
        return node

    def on_resize(self, event: events.Resize) -> None:
        self._apply_size(event.size.width, event.size.height)

    def _apply_size(self, width: int, height: int) -> None:
        narrow = width < NARROW_WIDTH or height < NARROW_HEIGHT
        self.set_class(narrow, "-narrow")
        self._show_tabs()

    def on_descendant_focus(self) -> None:
        pane = self._focused_pane()
        if pane is not None:
            for other in self.query(Pane):
                other.set_class(other is pane, "-current")
        self._show_tabs()

    def action_next_pane(self, step: int) -> None:
        """Move to the next (or previous) pane; on a small terminal it replaces the one shown.

        Focus moves pane to pane, not widget to widget: a hidden pane cannot take focus, so
        on a small terminal the target pane is shown first and focused once it is laid out.
        """
        panes = list(self.query(Pane))
        # The pane chosen last (focus may still be on its way there when keys come fast).
        current = next((p for p in panes if p.has_class("-current")), self._focused_pane())
        index = panes.index(current) if current in panes else -1
        target = panes[(index + step) % len(panes)]
        for pane in panes:
            pane.set_class(pane is target, "-current")
        self.call_after_refresh(target.focus_list)

    def _show_tabs(self) -> None:
        focused = self._focused_pane()
        names = []
        for pane in self.query(Pane):
            title = str(pane.PANE_TITLE)
            if isinstance(pane, MentionPane) and pane.unseen:
                title += f" ({pane.unseen} new)"  # news in a hidden pane must not go unnoticed
            names.append(f"▶ {title} ◀" if pane is focused else f"  {title}  ")
        self.query_one("#pane-tabs", Static).update(Content("│".join(names) + "   tab: next pane"))

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Every dashboard action, for the command palette."""
        return dashboard_commands(self, self)
