"""The UI's single door to the service: one thread owns it, the event loop never blocks on it.

TinyDB is not thread-safe and a write ends in an fsync, so every intent runs on one dedicated
worker thread, in order, and the UI awaits the result. The event loop keeps drawing while the
disk works.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from warroom.domain.clock import Clock, system_clock
from warroom.service.collector import freeze_long_lived
from warroom.service.service import WarRoomService
from warroom.store.repository import WarRoomRepository

__all__ = ["StoreGateway", "freeze_long_lived"]

T = TypeVar("T")


class StoreGateway:
    """Runs service calls one at a time on a thread of their own."""

    def __init__(
        self,
        repository: WarRoomRepository,
        *,
        operator: str = "unknown",
        clock: Clock = system_clock,
        read_only: bool = False,
    ) -> None:
        self.service = WarRoomService(
            repository, operator=operator, clock=clock, read_only=read_only
        )
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warroom-store")

    def configure(self, *, operator: str, clock: Clock, read_only: bool) -> None:
        """Set who acts, on which clock, and whether changes are allowed (the app does)."""
        self.service.operator = operator
        self.service.clock = clock
        self.service.read_only = read_only

    async def call(self, work: Callable[[WarRoomService], T]) -> T:
        """Run ``work(service)`` on the store thread and return its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, work, self.service)

    def close(self) -> None:
        """Finish queued work, then close the repository."""
        self._executor.shutdown(wait=True)
        self.service.repo.close()
