"""Cost of the inquiry pane's trends and of the clock board as the record grows.

Prints milliseconds per call of ``inquiry_trends`` (6 channels, 37 h of events) and of
``evaluate_clocks`` (the sample's regimes), against the floor of one pass that only sums the
events' deltas, measured in the same run. Run from the project root:
``PYTHONPATH=. python bench/clocks_trends.py``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from warroom.domain.clocks import RegimeApplicability, RegulatoryPrep, evaluate_clocks
from warroom.domain.incident import Channel
from warroom.domain.inquiries import InquiryEvent
from warroom.domain.trends import inquiry_trends
from warroom.incident_file.regulatory import default_rules


def best_ms(fn: Callable[[], object], repeat: int = 5) -> float:
    """Best of ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    detected = now - timedelta(hours=37)
    channels = [Channel(f"c{i}", f"Channel {i}", str(i)) for i in range(6)]
    rng = random.Random(1)
    for n in (1_000, 10_000, 50_000):
        events = [
            InquiryEvent(
                str(i),
                f"c{rng.randrange(6)}",
                detected + timedelta(seconds=rng.randrange(37 * 3600)),
                "op",
                1,
                rng.choice(["", "card", "password"]),
            )
            for i in range(n)
        ]
        floor = best_ms(lambda events=events: sum(e.delta for e in events))
        cost = best_ms(lambda events=events: inquiry_trends(channels, events, detected, now))
        print(f"inquiry_trends {n:>6} events: {cost:8.2f} ms  ({cost / floor:5.1f}x one sum pass)")
    rules = default_rules()
    prep = RegulatoryPrep(
        regimes=tuple(RegimeApplicability(r, True) for r in rules.regimes),
        residents={"CA": 1900, "NY": 2400, "TX": 310},
    )
    cost = best_ms(lambda: evaluate_clocks(prep, {}, detected, now, rules), repeat=50)
    print(f"evaluate_clocks, {len(rules.rules)} rules: {cost:.3f} ms")


if __name__ == "__main__":
    main()
