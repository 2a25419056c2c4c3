"""When the cyclic garbage collector may run: not while the dashboard starts, and never over
the long-lived snapshots it shows.

Start-up allocates a few million objects (Textual and warroom's modules, the stored incident,
the newest shard) and almost none of them is garbage: the collections that walked them were
6% of the dashboard's first frame (60 ms of its 1 s CPU on the bench's 1,000-mention database).
``warroom open`` pauses the collector before it loads anything; the first snapshot shown
freezes everything alive and turns it back on. What start-up left as cyclic garbage (about
1,800 objects, once) is frozen with the rest and never freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["freeze_long_lived", "collection_paused"]


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection inside the block until ``freeze_long_lived`` turns it back on;
    on leaving the block it is on again whatever happened (an error before the screen)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_long_lived() -> None:
    """Move everything alive now out of the cyclic garbage collector's sight, and let it run.

    A snapshot of 10,000 mentions is a large, long-lived, acyclic heap; every full collection
    walked all of it and froze the screen for 80-90 ms (measured by bench/ui_latency.py).
    Frozen objects are still freed by reference counting when a newer snapshot replaces them,
    which is how snapshots go (they hold no cycles), so nothing piles up.
    """
    gc.freeze()
    gc.enable()
