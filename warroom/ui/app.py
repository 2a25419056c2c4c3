"""The App: wiring and lifetimes only. Screens coordinate; widgets show; the store remembers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from warroom.domain.clock import Clock, system_clock
from warroom.resources import styles_dir
from warroom.ui.gateway import StoreGateway
from warroom.ui.screens.dashboard import DashboardScreen

if TYPE_CHECKING:
    from warroom.ui.feed_service import FeedService

__all__ = ["WarRoomApp"]

_STYLES = styles_dir()


class WarRoomApp(App[None]):
    """warroom's terminal dashboard."""

    TITLE = "warroom"
    CSS_PATH = [
        _STYLES / "base.tcss",
        _STYLES / "dashboard.tcss",
        _STYLES / "dialogs.tcss",
        _STYLES / "drafting.tcss",
        _STYLES / "clocks.tcss",
    ]
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Quit warroom (everything is already saved)", id="quit"),
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
    ) -> None:
        super().__init__()
        self.gateway = gateway
        self.operator = operator
        self.clock = clock
        self.read_only = read_only
        self.feeds: FeedService | None = None
        """Polls the incident's feeds from this process (``None``: another process does)."""
        if poll_feeds:
            from warroom.ui.feed_service import FeedService

            self.feeds = FeedService(
                gateway, operator=operator, clock=clock, feed_urls=feed_urls, parse_mode=parse_mode
            )
        if theme:
            self.theme = theme
        if keymap:
            self.set_keymap(keymap)

    def get_default_screen(self) -> Screen[None]:
        return DashboardScreen()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, DashboardScreen):
            yield from screen.palette_commands()

    async def on_unmount(self) -> None:
        if self.feeds is not None:
            await self.feeds.close()
        self.gateway.close()
