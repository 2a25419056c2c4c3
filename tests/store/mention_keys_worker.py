"""A poller that never stops: ``python mention_keys_worker.py DB``, killed with ``kill -9``.

Adds batches of 70 mentions (so shards fill and new ones start) through ``MentionShards``,
printing the last mention number stored after each batch, until it is killed.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from warroom.domain.mentions import Mention  # noqa: E402
from warroom.store.mention_shards import MentionShards  # noqa: E402

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def mention(n: int) -> Mention:
    """Mention ``n``: its own id, entry id and URL."""
    return Mention(
        f"m-{n}", "f", f"post {n}", f"https://example.com/{n}", NOW, NOW, entry_id=f"e-{n}"
    )


def main(db: str) -> None:
    shards = MentionShards(Path(db))
    n = 0
    while True:
        shards.add_new(mention(i) for i in range(n, n + 70))  # a restart re-adds: no-op
        n += 70
        print(n, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
