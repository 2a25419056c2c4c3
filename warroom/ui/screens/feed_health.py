"""Each feed's health: when it last answered, what went wrong in words, when it is polled next."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from warroom.domain.clock import format_utc
from warroom.domain.feed_state import FeedState
from warroom.domain.incident import FeedSource
from warroom.ui.styles import DIALOG_STYLES
from warroom.ui.widgets.row_list import Row, RowList

__all__ = ["FeedHealthScreen", "feed_rows", "FeedReader"]

FeedReader = Callable[
    [], Awaitable[tuple[tuple[FeedSource, ...], dict[str, FeedState], datetime] | None]
]
"""Reads the feeds, their states and the time again, for a screen that stays open."""


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = int((now - moment).total_seconds())
    if seconds < 0:
        return f"in {-seconds}s" if -seconds < 120 else f"in {-seconds // 60}m"
    return f"{seconds}s ago" if seconds < 120 else f"{seconds // 60}m ago"


def feed_rows(
    sources: tuple[FeedSource, ...], states: dict[str, FeedState], now: datetime
) -> list[Row]:
    """One row per feed: a word and a symbol for its health, never colour alone."""
    rows = []
    for source in sources:
        state = states.get(source.id)
        if state is None or state.last_attempt is None:
            mark, role, word = "○", "muted", "not polled yet"
        elif state.consecutive_failures:
            mark, role, word = (
                "✗",
                "error",
                f"FAILING ×{state.consecutive_failures}: {state.last_error}",
            )
        else:
            mark, role, word = "✓", "success", "ok"
        last_ok = _ago(state.last_success if state else None, now)
        next_poll = _ago(state.next_poll_at if state else None, now)
        detail = (
            f"{source.name}\n{source.url}\nlast success {last_ok}"
            + (
                f" ({format_utc(state.last_success, with_date=True)})"
                if state and state.last_success
                else ""
            )
            + f" · next poll {next_poll} · every {source.poll_seconds}s"
            + (f"\nlast error: {state.last_error}" if state and state.last_error else "")
        )
        rows.append(
            Row.of(
                source.id,
                (f"{mark} ", role),
                (f"{source.name[:34]:<34} ", ""),
                (f"ok {last_ok:<9} next {next_poll:<9} ", "muted"),
                (word, role),
                detail=detail,
            )
        )
    return rows


FeedRequest = tuple[str, str]
"""What the operator asked for on closing: ("add", "") or ("remove", feed id)."""


class FeedHealthScreen(ModalScreen[FeedRequest | None]):
    """A list of the incident's feeds and their health; `a` adds a feed, `x` removes one."""

    CSS_PATH = DIALOG_STYLES

    BINDINGS = [
        Binding("escape,q,F", "close", "Close"),
        Binding("a", "add", "Add feed", tooltip="Monitor another feed (Google Alerts, RSS, Atom)"),
        Binding("x", "remove", "Remove feed", tooltip="Stop monitoring a feed added here"),
        # A modal screen does not pass keys on to the app's bindings: ask for the app's help.
        Binding("question_mark", "app.screen_help", "Help", tooltip="This screen's keys"),
    ]

    REFRESH_SECONDS = 2.0
    """The screen re-reads the feeds' health this often while open (polls keep running)."""

    def __init__(
        self,
        sources: tuple[FeedSource, ...],
        states: dict[str, FeedState],
        now: datetime,
        *,
        reread: FeedReader | None = None,
    ) -> None:
        super().__init__(classes="feed-health")
        self.rows = feed_rows(sources, states, now)
        self.reread = reread
        """Reads sources, states and the time afresh (``None``: the screen shows what it got)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="feed-health"):
            yield RowList(empty_text="No feeds yet: press a to add one.", id="feed-list")
            yield Static(Content(""), id="feed-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#feed-health")
        box.border_title = "Feeds"
        listing = self.query_one(RowList)
        listing.set_rows(self.rows)
        listing.focus()
        if self.reread is not None:
            self.set_interval(self.REFRESH_SECONDS, self.refresh_feeds, name="feed-health")

    async def refresh_feeds(self) -> None:
        """Show the feeds' health as it is now (the cursor stays on its feed)."""
        if self.reread is None:
            return
        fresh = await self.reread()
        if fresh is None or not self.is_attached:
            return
        rows = feed_rows(*fresh)
        if rows != self.rows:
            self.rows = rows
            listing = self.query_one(RowList)
            key = listing.highlighted.key if listing.highlighted else None
            listing.set_rows(rows)
            if key is not None:
                listing.select_key(key)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self.query_one("#feed-detail", Static).update(
            Content(event.row.detail if event.row else "")
        )

    def action_close(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        self.dismiss(("add", ""))

    def action_remove(self) -> None:
        row = self.query_one(RowList).highlighted
        if row is None or row.key is None:
            return
        if not row.key.startswith("ui-"):
            self.notify(
                "This feed comes from the incident file: change the file and run warroom init.",
                markup=False,
            )
            return
        self.dismiss(("remove", row.key))
