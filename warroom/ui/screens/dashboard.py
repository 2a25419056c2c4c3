"""The dashboard: header and four panes; it coordinates, the panes show, the store remembers.

Panes post what the operator wants; this screen asks the store (on its own thread), then shows
the new snapshot. A timer notices other processes' changes, so every open dashboard converges
within a second.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Grid
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from warroom.domain.clock import WhenError, format_utc, parse_when
from warroom.domain.ignore_rules import IgnoreRuleError, parse_rule
from warroom.domain.mentions import Priority, Triage
from warroom.domain.warroom import WarRoom
from warroom.store.errors import StoreError
from warroom.store.regulatory import RegulatoryState, RegulatoryStore, room_clocks
from warroom.store.repository import WarRoomRepository
from warroom.ui.messages import RoomChanged
from warroom.ui.screens.drafts import stale_count
from warroom.ui.screens.form_dialog import Field, FormDialog
from warroom.ui.screens.help import HelpScreen, describe_bindings
from warroom.ui.screens.notice_gate import FIRST_NOTICE_ITEM, ask_override, notice_blocked
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.clock_rows import header_deadline
from warroom.ui.widgets.incident_header import IncidentHeader
from warroom.ui.widgets.inquiry_pane import InquiryPane, room_trends
from warroom.ui.widgets.mention_pane import MentionFilter, MentionPane
from warroom.ui.widgets.pane import Pane
from warroom.ui.widgets.row_list import RowList
from warroom.ui.widgets.timeline_pane import TimelinePane

if TYPE_CHECKING:
    from warroom.ui.app import WarRoomApp

__all__ = ["DashboardScreen"]

T = TypeVar("T")

REFRESH_SECONDS = 0.5
"""How often to look for other processes' changes (a stat per file: cheap)."""

NARROW_WIDTH, NARROW_HEIGHT = 100, 30
"""Below this size one pane is shown at a time, switched with tab."""


class DashboardScreen(Screen[None]):
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
        ),  # fmt: skip
        Binding(
            "d",
            "drafts",
            "Messages",
            tooltip="Draft the notice, FAQ, post, banner, briefings",
            id="drafts",
        ),  # fmt: skip
        Binding(
            "F", "feed_health", "Feeds", show=False, tooltip="Each feed's health and next poll"
        ),
        Binding(
            "I", "ignore_rules", "Ignore rules", show=False, tooltip="Add or remove ignore rules"
        ),
        Binding("C", "clocks", "Clocks", tooltip="Every regulatory deadline; set triggers",
                id="clocks"),  # fmt: skip
        Binding("V", "review", "Review", tooltip="Post-incident review: measures and the four "
                "questions", id="review"),  # fmt: skip
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.room: WarRoom | None = None
        self.rules: list[str] = []
        self._failing_feeds: set[str] = set()
        self.stale_drafts = 0
        """How many drafts a fact change has made stale (the header shows it)."""
        self.regulatory = RegulatoryState({}, {})
        """Operator-set triggers and review answers (the header's countdown needs the triggers)."""
        self._spiking: set[str] = set()
        self._inquiry_minute = -1

    @property
    def warroom_app(self) -> WarRoomApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def now(self) -> datetime:
        """The current time from the app's clock."""
        return self.warroom_app.clock()

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
        await self.reload()
        self.query_one(ChecklistPane).focus_list()
        self.set_interval(REFRESH_SECONDS, self.check_for_changes, name="refresh")
        self.set_interval(1.0, self.tick_clock, name="clock")
        if self.warroom_app.feeds is not None:
            self.set_interval(2.0, self.poll_due_feeds, name="feeds")
            self.call_after_refresh(self.poll_due_feeds)
        self._apply_size(self.size.width, self.size.height)

    # ------------------------------------------------------------------ store and showing
    async def store(self, work: Callable[[WarRoomRepository], T]) -> T | None:
        """Run work on the store thread; a store error is told to the operator, not raised."""
        try:
            return await self.warroom_app.gateway.call(work)
        except (StoreError, ValueError) as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False, timeout=8)
            return None

    async def reload(self) -> None:
        """Fetch a fresh snapshot and show it."""
        read_only, operator, now = self.warroom_app.read_only, self.warroom_app.operator, self.now()

        def read(repo: WarRoomRepository) -> tuple[WarRoom, list[str], int, RegulatoryState]:
            regulatory = RegulatoryStore(repo)
            if not read_only:  # a spike goes into the timeline once, from an operator's dashboard
                regulatory.record_current_spikes(operator, now)
            return repo.snapshot(), repo.ignore_rules(), stale_count(repo), regulatory.state()

        result = await self.store(read)
        if result is not None:
            room, rules, self.stale_drafts, self.regulatory = result
            self.show_room(room, rules)

    async def check_for_changes(self) -> None:
        """Show another process's change as soon as its file lands."""
        changed = await self.store(lambda repo: repo.refresh_if_changed())
        if changed:
            await self.reload()

    def show_room(self, room: WarRoom, rules: list[str]) -> None:
        """Show a snapshot in every pane."""
        self.room, self.rules = room, rules
        now = self.now()
        self.query_one(IncidentHeader).show(room, now, stale_drafts=self.stale_drafts)
        self.query_one(TimelinePane).show(room)
        self.query_one(ChecklistPane).show(room, now)
        self.show_inquiries(room, now)
        self.query_one(MentionPane).show(room, rules)
        self.show_deadline(room, now)
        self.post_message(RoomChanged(room, rules))

    def tick_clock(self) -> None:
        if self.room is not None:
            now = self.now()
            self.query_one(IncidentHeader).tick(self.room, now)
            self.show_deadline(self.room, now)
            if now.minute != self._inquiry_minute:  # last hour's counts move with the clock
                self.show_inquiries(self.room, now)

    def show_deadline(self, room: WarRoom, now: datetime) -> None:
        """The header's countdown to the next regulatory deadline (0.15 ms to evaluate)."""
        text, state = header_deadline(room_clocks(room, self.regulatory.triggers, now))
        self.query_one(IncidentHeader).show_deadline(text, state.value if state else "")

    def show_inquiries(self, room: WarRoom, now: datetime) -> None:
        """Counts, trends and prompts; a channel that starts spiking is announced once."""
        self._inquiry_minute = now.minute
        trends = room_trends(room, now)
        self.query_one(InquiryPane).show(room, now, trends)
        spiking = {spike.channel_id for spike in trends.spikes}
        for spike in trends.spikes:
            if spike.channel_id not in self._spiking:
                self.notify(spike.text, title=f"⚡ Inquiry spike: {spike.channel_name}",
                            severity="warning", markup=False, timeout=12)  # fmt: skip
        self._spiking = spiking

    async def change(self, work: Callable[[WarRoomRepository], Any]) -> bool:
        """Make an operator's change, unless this dashboard is read-only; then show the result."""
        if self.warroom_app.read_only:
            self.notify("Wall mode is read-only: changes are made from an operator's dashboard.",
                        severity="warning", markup=False)  # fmt: skip
            return False
        outcome = await self.store(work)
        await self.reload()
        return outcome is not None

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

        self.app.push_screen(FormDialog(title, fields, validate=validate, hint=hint), answered)

    # ------------------------------------------------------------------ pane intents
    @on(ChecklistPane.ToggleRequested)
    async def toggle_item(self, event: ChecklistPane.ToggleRequested) -> None:
        operator, now = self.warroom_app.operator, self.now()
        if event.done and event.item_id == FIRST_NOTICE_ITEM and not self.warroom_app.read_only:
            blocked = await self.store(lambda repo: notice_blocked(repo, now))
            if blocked:  # the notice may not go out by accident: ask for a reason
                ask_override(self, event.item_id, blocked)
                return
        await self.change(lambda repo: repo.set_tick(event.item_id, event.done, operator, now))

    @on(InquiryPane.CountRequested)
    async def count_on_channel(self, event: InquiryPane.CountRequested) -> None:
        await self.count_inquiry(event.channel_id)

    @on(InquiryPane.TopicCountRequested)
    def count_with_topic(self, event: InquiryPane.TopicCountRequested) -> None:
        """Ask for the topic, then count one inquiry on the channel with it."""
        operator = self.warroom_app.operator
        channel = self.room.incident.channel(event.channel_id) if self.room else None
        if channel is None:
            return
        recent = sorted({e.topic for e in self.room.inquiries if e.topic})[:6] if self.room else []

        async def answered(values: list[str]) -> None:
            topic, now = values[0].strip(), self.now()
            await self.change(
                lambda repo: repo.count_inquiry(event.channel_id, operator, now, topic=topic)
            )

        self.ask(
            f"Count one inquiry on {channel.name}, about…",
            [Field("Topic (a few words: e.g. password reset, refund)", required=True)],
            answered,
            hint="Topics used so far: " + (", ".join(recent) or "none")
            + ". A topic that keeps coming back prompts a FAQ entry.",
        )

    @on(InquiryPane.TakeBackRequested)
    async def take_back(self, event: InquiryPane.TakeBackRequested) -> None:
        operator, now = self.warroom_app.operator, self.now()
        taken: list[bool] = []

        def work(repo: WarRoomRepository) -> None:
            taken.append(repo.take_back_inquiry(event.channel_id, operator, now))

        if await self.change(work) and taken and not taken[0]:
            self.notify("That channel's count is already zero.", markup=False)

    async def count_inquiry(self, channel_id: str) -> None:
        """Count one inquiry on a channel."""
        operator, now = self.warroom_app.operator, self.now()
        await self.change(lambda repo: repo.count_inquiry(channel_id, operator, now))

    async def on_key(self, event: events.Key) -> None:
        """A channel's key counts an inquiry on it, from any pane."""
        if self.room is None or event.character is None:
            return
        channel = next((c for c in self.room.incident.channels if c.key == event.character), None)
        if channel is not None:
            event.stop()
            await self.count_inquiry(channel.id)

    @on(MentionPane.TriageRequested)
    def triage(self, event: MentionPane.TriageRequested) -> None:
        operator = self.warroom_app.operator
        if event.state is Triage.RESPOND:

            async def replied(values: list[str]) -> None:
                reply, where = values
                now = self.now()
                await self.change(
                    lambda repo: repo.set_triage(event.mention_id, operator, now,
                                                 state=Triage.RESPONDED, reply=reply, reply_where=where)
                )  # fmt: skip

            self.ask(
                "Respond: what was replied, and where?",
                [Field("Reply (what we said)", required=True),
                 Field("Where (channel, post URL, ticket)", placeholder="e.g. X reply, ticket 4411")],
                replied,
                hint="The mention becomes ‘responded’; the reply is kept with it and in the timeline.",
            )  # fmt: skip
            return
        now = self.now()
        self.run_worker(
            self.change(
                lambda repo: repo.set_triage(event.mention_id, operator, now, state=event.state)
            ),
            group="triage",
        )

    @on(MentionPane.EditRequested)
    async def edit_mention(self, event: MentionPane.EditRequested) -> None:
        room, operator = self.room, self.warroom_app.operator
        if room is None:
            return
        mention = next((m for m in room.mentions if m.id == event.mention_id), None)
        record = room.triage.get(event.mention_id)
        if mention is None:
            return
        if event.what == "copy":
            self.app.copy_to_clipboard(mention.url)
            self.notify(f"Copied {mention.url[:80]}", title="Link copied", markup=False)
            return
        if event.what == "priority":
            order = list(Priority)
            current = record.priority if record else Priority.NORMAL
            new = order[(order.index(current) + 1) % len(order)]
            now = self.now()
            await self.change(lambda repo: repo.set_triage(mention.id, operator, now, priority=new))
            return
        label, attribute = {"assign": ("Assign to (operator name)", "assignee"),
                            "note": ("Note on this mention", "note")}[event.what]  # fmt: skip
        current_text = getattr(record, attribute) if record else ""

        async def answered(values: list[str]) -> None:
            now = self.now()
            await self.change(
                lambda repo: repo.set_triage(mention.id, operator, now, **{attribute: values[0]})
            )

        self.ask(label, [Field(label, value=current_text)], answered)

    @on(MentionPane.FilterRequested)
    def ask_filter(self, event: MentionPane.FilterRequested) -> None:
        pane = self.query_one(MentionPane)

        async def answered(values: list[str]) -> None:
            pane.filter = MentionFilter(values[0].strip(), pane.filter.state)

        self.ask(
            "Filter mentions", [Field("Text (empty shows all)", value=event.current)], answered
        )

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
            operator, recorded = self.warroom_app.operator, self.now()
            await self.change(lambda repo: repo.add_note(text, operator, recorded, at=at))

        self.ask(
            "Add a timeline note",
            [Field("What happened", required=True),
             Field("When (UTC)", placeholder=f"now · -15m · -2h · HH:MM · ISO (now {format_utc(now)})")],
            answered,
            validate=validate,
        )  # fmt: skip

    def action_ignore_rules(self) -> None:
        """Add an ignore rule, or remove one by typing it with a leading minus."""

        def validate(values: list[str]) -> str | None:
            text = values[0].strip()
            if text.startswith("-") and text[1:].strip() in self.rules:
                return None
            try:
                parse_rule(text)
            except IgnoreRuleError as error:
                return str(error)
            return None

        async def answered(values: list[str]) -> None:
            text, operator, now = values[0].strip(), self.warroom_app.operator, self.now()
            if text.startswith("-") and text[1:].strip() in self.rules:
                await self.change(
                    lambda repo: repo.remove_ignore_rule(text[1:].strip(), operator, now)
                )
            else:
                await self.change(lambda repo: repo.add_ignore_rule(text, operator, now))

        current = ", ".join(self.rules) if self.rules else "none"
        self.ask(
            "Ignore rule (hides matching mentions)",
            [Field("Word, phrase, re:regex or /regex/; -rule removes it", required=True)],
            answered,
            validate=validate,
            hint=f"Rules now: {current}",
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
            Binding(c.key, f"count('{c.id}')", f"Count one inquiry on {c.name}")
            for c in self.room.incident.channels
        ]

    def action_poll_feeds(self) -> None:
        """Poll every feed now."""
        if self.warroom_app.feeds is None:
            self.notify("This dashboard does not poll feeds (wall mode, --no-poll, or `warroom poll` "
                        "runs elsewhere).", markup=False)  # fmt: skip
            return
        self.poll_feeds(force=True)

    def poll_due_feeds(self) -> None:
        """Timer: poll the feeds whose interval has passed."""
        if self.warroom_app.feeds is not None and not self.warroom_app.feeds.running:
            self.poll_feeds(force=False)

    @work(exclusive=True, group="feeds", exit_on_error=False)
    async def poll_feeds(self, force: bool) -> None:
        """Fetch, parse and store; show progress while it runs and what failed after."""
        service, room = self.warroom_app.feeds, self.room
        if service is None or room is None or not room.incident.feeds:
            return
        pane = self.query_one(MentionPane)

        def progress(done: int, total: int) -> None:
            pane.poll_progress = f"polling {done}/{total}" if done < total else ""

        outcome = await service.poll(room.incident.feeds, room.incident.keywords, force=force,
                                     progress=progress)  # fmt: skip
        pane.poll_progress = ""
        if outcome is None:
            return
        result, added = outcome
        failed = [o for o in result.outcomes if o.error]
        for failure in failed:
            if failure.feed_id not in self._failing_feeds:
                self.notify(f"{failure.feed_id}: {failure.error}", title="Feed failing",
                            severity="warning", markup=False)  # fmt: skip
        self._failing_feeds = {o.feed_id for o in failed}
        pane.set_class(bool(failed), "-stale")
        if force:
            self.notify(f"{result.summary()}; {len(added)} new", title="Feeds polled", markup=False)
        await self.reload()

    def action_clocks(self) -> None:
        """Open the regulatory clock board."""
        from warroom.ui.screens.clock_board import ClockBoardScreen

        self.app.push_screen(ClockBoardScreen())

    def action_review(self) -> None:
        """Open the post-incident review."""
        from warroom.ui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    def action_feed_health(self) -> None:
        """Show each feed's health: last success, last error, next poll."""
        from warroom.ui.screens.feed_health import FeedHealthScreen

        async def open_screen() -> None:
            states = await self.store(lambda repo: repo.feed_states())
            if self.room is not None and states is not None:
                sources = self.room.incident.feeds
                if self.warroom_app.feeds is not None:
                    sources = tuple(self.warroom_app.feeds.sources(sources))
                self.app.push_screen(FeedHealthScreen(sources, states, self.now()))

        self.run_worker(open_screen(), group="feed-health")

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
        self._show_tabs()

    def _show_tabs(self) -> None:
        focused = self._focused_pane()
        names = []
        for pane in self.query(Pane):
            title = str(pane.border_title or pane.id)
            names.append(f"▶ {title} ◀" if pane is focused else f"  {title}  ")
        self.query_one("#pane-tabs", Static).update(Content("│".join(names) + "   tab: next pane"))

    # ------------------------------------------------------------------ palette
    def palette_commands(self) -> Iterable[SystemCommand]:
        """Every dashboard action, for the command palette."""
        yield SystemCommand("Add timeline note", "Add a note to the timeline, possibly back-dated",
                            self.action_add_note)  # fmt: skip
        yield SystemCommand("Maximise or restore pane", "Toggle the focused pane full screen",
                            self.action_toggle_maximize)  # fmt: skip
        yield SystemCommand("Show keys", "Every key binding", self.action_help)
        yield SystemCommand("Sheet of facts", "Edit the facts every message is written from",
                            self.action_facts)  # fmt: skip
        yield SystemCommand("Messages (drafts)", "Notice, FAQ, social post, banner, briefings",
                            self.action_drafts)  # fmt: skip
        yield SystemCommand("Poll feeds now", "Fetch every feed now", self.action_poll_feeds)
        yield SystemCommand("Regulatory clocks", "Every legal deadline; set a trigger (key C)",
                            self.action_clocks)  # fmt: skip
        yield SystemCommand("Post-incident review", "Measures, charts, the four questions (V)",
                            self.action_review)  # fmt: skip
        yield SystemCommand("Feed health", "Last success, last error and next poll of each feed",
                            self.action_feed_health)  # fmt: skip
        yield SystemCommand(
            "Ignore rules", "Add or remove mention ignore rules", self.action_ignore_rules
        )
        for pane_type, verb in ((TimelinePane, "timeline"), (ChecklistPane, "checklist"),
                                (InquiryPane, "inquiries"), (MentionPane, "mentions")):  # fmt: skip
            pane = self.query_one(pane_type)
            yield SystemCommand(
                f"Go to {verb}", f"Move the keyboard to the {verb} pane", pane.focus_list
            )
        checklist = self.query_one(ChecklistPane)
        yield SystemCommand("Tick or untick highlighted item", "Checklist", checklist.action_toggle)
        mentions = self.query_one(MentionPane)
        for state in (Triage.IGNORE, Triage.MONITOR, Triage.RESPOND, Triage.NEW):
            yield SystemCommand(f"Mention: mark {state.value}", "Triage the highlighted mention",
                                _bind(mentions.action_triage, state.value))  # fmt: skip
        yield SystemCommand("Mention: cycle priority", "Triage", mentions.action_priority)
        yield SystemCommand("Mention: assign", "Assign to an operator", mentions.action_assign)
        yield SystemCommand(
            "Mention: add note", "Note on the highlighted mention", mentions.action_note
        )
        yield SystemCommand(
            "Mention: copy link", "Copy the link (OSC 52)", mentions.action_copy_link
        )
        yield SystemCommand(
            "Mention: filter by text", "Filter the mention feed", mentions.action_filter
        )
        yield SystemCommand("Mention: cycle state filter", "Show one triage state at a time",
                            mentions.action_cycle_state)  # fmt: skip
        if self.room is not None:
            for channel in self.room.incident.channels:
                yield SystemCommand(f"Count inquiry: {channel.name}", f"Key {channel.key}",
                                    _bind_async(self, self.count_inquiry, channel.id))  # fmt: skip
                yield SystemCommand(
                    f"Take back a count: {channel.name}", "For a mistaken count",
                    _bind_async(self, self.take_back, InquiryPane.TakeBackRequested(channel.id)),
                )  # fmt: skip


def _bind(function: Callable[[str], None], value: str) -> Callable[[], None]:
    return lambda: function(value)


def _bind_async(
    screen: Screen[Any], function: Callable[[Any], Awaitable[None]], value: Any
) -> Callable[[], None]:
    return lambda: screen.run_worker(function(value), group="palette")  # type: ignore[return-value]
