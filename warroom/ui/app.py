"""The App: wiring and lifetimes only. Screens coordinate; widgets show; the store remembers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from warroom.domain.clock import Clock, system_clock
from warroom.domain.presence import BEAT_SECONDS
from warroom.domain.text import inert
from warroom.service import StoreGateway
from warroom.ui.quit_guard import QuitGuard
from warroom.ui.room_fanout import RoomFanout
from warroom.ui.screens.dashboard import DashboardScreen
from warroom.ui.screens.store_screen import StoreScreen
from warroom.ui.styles import FIRST_FRAME_STYLES, WALL_STYLES
from warroom.ui.themes import WARROOM_THEMES

if TYPE_CHECKING:
    from warroom.service.feeds import FeedService

__all__ = ["WarRoomApp"]


class WarRoomApp(QuitGuard, RoomFanout, App[None]):
    """warroom's terminal dashboard."""

    TITLE = "warroom"
    CSS_PATH = FIRST_FRAME_STYLES
    """The other screens' sheets come with them (``warroom.ui.styles``)."""
    BINDINGS = [
        Binding(
            "q", "quit", "Quit", tooltip="Quit warroom (everything is already saved)", id="quit"
        ),
        Binding("question_mark", "screen_help", "Help", tooltip="This screen's keys", id="keys"),
    ]

    def __init__(
        self,
        gateway: StoreGateway,
        *,
        operator: str,
        clock: Clock = system_clock,
        read_only: bool = False,
        theme: str | None = None,
        poll_feeds: bool = False,
        feed_urls: dict[str, str] | None = None,
        keymap: dict[str, str] | None = None,
        parse_mode: str = "process",
        wall_cycle_seconds: float = 0.0,
        feed_poll_seconds: int | None = None,
        on_theme_change: Callable[[str], None] | None = None,
        auto_advance: bool = True,
        layout: str = "",
        on_layout_change: Callable[[str], None] | None = None,
    ) -> None:
        # Textual reads a screen's own sheet when it is pushed, not for the default screen.
        super().__init__(css_path=FIRST_FRAME_STYLES + ([WALL_STYLES] if read_only else []))
        for extra in WARROOM_THEMES:
            self.register_theme(extra)
        self.gateway = gateway
        gateway.configure(operator=operator, clock=clock, read_only=read_only)
        self.operator = operator
        self.auto_advance = auto_advance
        """After a triage the mention cursor moves to the next new mention."""
        self.clock = clock
        self.read_only = read_only
        self.wall_cycle_seconds = wall_cycle_seconds
        self.on_theme_change = on_theme_change
        """Called with the theme's name when the operator picks one (to remember it)."""
        self.editing = ""
        """The draft being edited here ("" when none): sent with every heartbeat."""
        self.layout = layout
        """The operator's pane split as last left (see ``dashboard_layout``)."""
        self.on_layout_change = on_layout_change
        """Called with the new split when the operator moves a divider (to remember it)."""
        self.polls_feeds = poll_feeds
        """This process polls the incident's feeds (``False``: another process does)."""
        self._feed_options = (feed_urls, parse_mode, feed_poll_seconds)
        self._feeds: FeedService | None = None
        if theme:
            if theme not in self.available_themes:
                raise ValueError(
                    f"unknown theme {theme!r}; choose one of "
                    + ", ".join(sorted(self.available_themes))
                )
            self.theme = theme
        if keymap:
            self.set_keymap(keymap)

    @property
    def feeds(self) -> FeedService | None:
        """The poller of this process's feeds (``None``: another process polls them).

        Built on first use, which the dashboard makes after its first frame: the HTTP and
        feed-parsing libraries behind it take 0.15-0.2 s to import.
        """
        if self._feeds is None and self.polls_feeds:
            from warroom.service.feeds import FeedService

            feed_urls, parse_mode, poll_seconds = self._feed_options
            self._feeds = FeedService(
                self.gateway.call,
                clock=self.clock,
                feed_urls=feed_urls,
                parse_mode=parse_mode,
                poll_seconds=poll_seconds,
            )
        return self._feeds

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast, from every screen, shows inert plain text (URLs, errors, titles)."""
        super().notify(
            inert(message, limit=600, keep_newlines=True),
            title=inert(title, limit=80),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.set_interval(BEAT_SECONDS, self.beat, name="presence")
        self.call_after_refresh(self.beat)

    def get_default_screen(self) -> Screen[None]:
        if self.read_only:
            from warroom.ui.screens.wall import WallScreen

            return WallScreen(self.wall_cycle_seconds)
        return DashboardScreen()

    def action_screen_help(self) -> None:
        """``?`` on a screen without a help of its own: the keys that work on it."""
        from warroom.ui.screens.help import HelpScreen, screen_keys

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(screen_keys(self.screen)))

    def _remember_theme(self, theme: Theme) -> None:
        """Keep the operator's theme choice for next time (a failure to save is only logged)."""
        if self.on_theme_change is not None:
            self.on_theme_change(theme.name)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, StoreScreen):  # the dashboard's and the clock board's actions
            yield from screen.palette_commands()

    async def on_unmount(self) -> None:
        if self._feeds is not None:
            await self._feeds.close()
        await self.gateway.call(lambda service: service.leave())
        self.gateway.close()
