"""Every dashboard action for the command palette (ctrl+p)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Protocol

from textual.app import SystemCommand
from textual.screen import Screen

from warroom.domain.mentions import Triage
from warroom.domain.warroom import WarRoom
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.inquiry_pane import InquiryPane
from warroom.ui.widgets.mention_pane import MentionPane
from warroom.ui.widgets.timeline_pane import TimelinePane

__all__ = ["dashboard_commands", "PaletteHost"]


class PaletteHost(Protocol):
    """The dashboard's actions the palette offers (a protocol: no import of the dashboard)."""

    @property
    def room(self) -> WarRoom | None: ...

    def action_add_note(self) -> None: ...

    def action_toggle_maximize(self) -> None: ...

    def action_help(self) -> None: ...

    def action_facts(self) -> None: ...

    def action_drafts(self) -> None: ...

    def action_poll_feeds(self) -> None: ...

    def action_clocks(self) -> None: ...

    def action_ledger(self) -> None: ...

    def action_review(self) -> None: ...

    def action_feed_health(self) -> None: ...

    def action_ignore_rules(self) -> None: ...

    async def count_inquiry(self, channel_id: str) -> None: ...

    async def on_inquiry_pane_take_back_requested(
        self, event: InquiryPane.TakeBackRequested
    ) -> None: ...


def dashboard_commands(screen: Screen[Any], host: PaletteHost) -> Iterable[SystemCommand]:
    """Every dashboard action, for the command palette (``screen`` is ``host``, the dashboard).

    Ticks, counts and triage here post the same messages as the keys do, so they reach the
    same service intents, gates included.
    """
    yield SystemCommand(
        "Add timeline note",
        "Add a note to the timeline, possibly back-dated",
        host.action_add_note,
    )
    yield SystemCommand(
        "Maximise or restore pane",
        "Toggle the focused pane full screen",
        host.action_toggle_maximize,
    )
    yield SystemCommand("Show keys", "Every key binding", host.action_help)
    yield SystemCommand(
        "Sheet of facts", "Edit the facts every message is written from", host.action_facts
    )
    yield SystemCommand(
        "Messages (drafts)", "Notice, FAQ, social post, banner, briefings", host.action_drafts
    )
    yield SystemCommand("Poll feeds now", "Fetch every feed now", host.action_poll_feeds)
    yield SystemCommand(
        "Regulatory clocks", "Every legal deadline; set a trigger (key C)", host.action_clocks
    )
    yield SystemCommand(
        "Notification ledger",
        "Who has been told; affected counts; update promises (key L)",
        host.action_ledger,
    )
    yield SystemCommand(
        "Post-incident review", "Measures, charts, the four questions (V)", host.action_review
    )
    yield SystemCommand(
        "Feed health",
        "Last success, last error and next poll of each feed",
        host.action_feed_health,
    )
    yield SystemCommand(
        "Ignore rules", "Add or remove mention ignore rules", host.action_ignore_rules
    )
    for pane_type, verb in (
        (TimelinePane, "timeline"),
        (ChecklistPane, "checklist"),
        (InquiryPane, "inquiries"),
        (MentionPane, "mentions"),
    ):
        pane = screen.query_one(pane_type)
        yield SystemCommand(
            f"Go to {verb}", f"Move the keyboard to the {verb} pane", pane.focus_list
        )
    checklist = screen.query_one(ChecklistPane)
    yield SystemCommand(
        "Tick or untick highlighted item", "Checklist", checklist.action_toggle_item
    )
    mentions = screen.query_one(MentionPane)
    for state in (Triage.IGNORE, Triage.MONITOR, Triage.RESPOND, Triage.RESPONDED, Triage.NEW):
        yield SystemCommand(
            f"Mention: mark {state.value}",
            "Triage the highlighted mention",
            _bind(mentions.action_triage, state.value),
        )
    yield SystemCommand("Mention: cycle priority", "Triage", mentions.action_priority)
    yield SystemCommand("Mention: assign", "Assign to an operator", mentions.action_assign)
    yield SystemCommand(
        "Mention: add note", "Note on the highlighted mention", mentions.action_note
    )
    yield SystemCommand("Mention: copy link", "Copy the link (OSC 52)", mentions.action_copy_link)
    yield SystemCommand(
        "Mention: filter by text", "Filter the mention feed", mentions.action_filter
    )
    yield SystemCommand(
        "Mention: cycle state filter",
        "Show one triage state at a time",
        mentions.action_cycle_state,
    )
    if host.room is not None:
        for channel in host.room.incident.channels:
            yield SystemCommand(
                f"Count inquiry: {channel.name}",
                f"Key {channel.key}",
                _bind_async(screen, host.count_inquiry, channel.id),
            )
            yield SystemCommand(
                f"Take back a count: {channel.name}",
                "For a mistaken count",
                _bind_async(
                    screen,
                    host.on_inquiry_pane_take_back_requested,
                    InquiryPane.TakeBackRequested(channel.id),
                ),
            )


def _bind(function: Callable[[str], None], value: str) -> Callable[[], None]:
    return lambda: function(value)


def _bind_async(
    screen: Screen[Any], function: Callable[[Any], Awaitable[None]], value: Any
) -> Callable[[], None]:
    return lambda: screen.run_worker(function(value), group="palette")  # type: ignore[return-value]
