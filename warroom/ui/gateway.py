"""The UI's single door to the repository: one thread owns it, the event loop never blocks on it.

TinyDB is not thread-safe and a write ends in an fsync, so every repository call runs on one
dedicated worker thread, in order, and the UI awaits the result. The event loop keeps drawing
while the disk works.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from warroom.store.repository import WarRoomRepository

__all__ = ["StoreGateway"]

T = TypeVar("T")


class StoreGateway:
    """Runs repository calls one at a time on a thread of their own."""

    def __init__(self, repository: WarRoomRepository) -> None:
        self.repository = repository
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warroom-store")

    async def call(self, work: Callable[[WarRoomRepository], T]) -> T:
        """Run ``work(repository)`` on the store thread and return its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, work, self.repository)

    def close(self) -> None:
        """Finish queued work, then close the repository."""
        self._executor.shutdown(wait=True)
        self.repository.close()
