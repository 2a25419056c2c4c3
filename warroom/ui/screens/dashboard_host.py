"""The base of the dashboard's mixins: what they may use of the screen they are mixed into.

At run time it is a plain ``object``; for the type checker it is a ``StoreScreen`` with the
dashboard's own ``room``, ``reload`` and ``ask``, so each mixin is checked against the screen it
will be part of without importing it (the dashboard imports the mixins).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["DashboardHost"]

if TYPE_CHECKING:
    from warroom.domain.warroom import WarRoom
    from warroom.ui.screens.store_screen import StoreScreen

    class DashboardHost(StoreScreen):
        """What ``DashboardScreen`` provides to its mixins."""

        @property
        def room(self) -> WarRoom | None: ...

        async def reload(self) -> None: ...


else:
    DashboardHost = object
