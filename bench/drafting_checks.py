"""How long the live preview costs per keystroke: render + every check on the sample notice.

Prints medians of render alone, checks alone (all four profiles), and the ratio; run from the
project root: ``python bench/drafting_checks.py``.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from warroom.domain.checks import check_draft
from warroom.domain.drafts import DraftKind, render
from warroom.incident_file.loader import parse_incident

ROOT = Path(__file__).resolve().parents[1]


def median_ms(fn: object, runs: int = 200) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    data = json.loads((ROOT / "sample_incident.json").read_text("utf-8"))
    data["drafting"] = json.loads((ROOT / "warroom/data/sample_drafting.json").read_text("utf-8"))
    incident = parse_incident("sample", data)
    prep = incident.extras["drafting"]
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    source = prep.template(DraftKind.NOTICE)  # type: ignore[attr-defined]
    text = render(source, incident.facts).text
    profiles = ("california", "gdpr", "hipaa", "massachusetts")
    r = median_ms(lambda: render(source, incident.facts))
    c = median_ms(lambda: check_draft("notice", text, incident.facts, profiles, now, prep=prep))
    big = text * 10
    b = median_ms(lambda: check_draft("notice", big, incident.facts, profiles, now, prep=prep), 30)
    print(f"notice: {len(text)} chars; render {r:.2f} ms; checks {c:.2f} ms ({c / r:.0f}x render)")
    print(f"10x notice ({len(big)} chars): checks {b:.2f} ms ({b / c:.1f}x the 1x checks)")


if __name__ == "__main__":
    main()
