"""Quitting never loses an editor's text without asking, and tells of set-aside records once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from warroom.ui.screens.store_screen import StoreScreen

__all__ = ["QuitGuard"]

if TYPE_CHECKING:
    from textual.app import App

    from warroom.service import StoreGateway

    class _Base(App[None]):
        gateway: StoreGateway

else:
    _Base = object


class QuitGuard(_Base):
    """A mixin of the App: ``q``, ``ctrl+q`` and a closed browser tab all come here."""

    async def action_quit(self) -> None:
        """Quit; with unsaved text in an editor (q, ctrl+q, a closed browser tab), ask first."""
        unsaved = [
            w for s in self.screen_stack if isinstance(s, StoreScreen) if (w := s.unsaved_work())
        ]
        if not unsaved:
            self.exit()
            return

        from warroom.ui.screens.confirm import ConfirmDialog  # with its buttons: rarely needed

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(
            ConfirmDialog(
                f"Unsaved changes to {', '.join(unsaved)}. Quit anyway? (They were autosaved "
                "a few seconds ago and are offered back when you reopen the draft.)",
                yes="Quit",
                no="Keep editing",
            ),
            answered,
        )
        self.run_worker(self._tell_set_aside(), exit_on_error=False)

    async def _tell_set_aside(self) -> None:
        """Tell the operator, once, of database documents set aside as unreadable."""
        lines = await self.gateway.call(lambda service: service.set_aside())
        if lines:
            self.notify(
                f"{len(lines)} unreadable record(s) set aside, left in the file: {lines[0]}",
                title="Database",
                severity="warning",
                timeout=20,
            )
