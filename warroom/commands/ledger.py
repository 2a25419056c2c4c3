"""``warroom ledger [--json | --format csv|md]``: who has been told, for scripts and records.

Also ``--import-population FILE.csv --reason "…"``: a revision of the affected counts from
forensics' CSV (``kind,key,count``), through the same service intent as the ledger screen, so
the clocks, the ledger rows and the drafts' staleness follow in the same write.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from warroom.domain.clock import Clock, system_clock
from warroom.exporters.ledger import ledger_csv, ledger_json, ledger_markdown
from warroom.service import IntentRefused, StoreError, WarRoomService
from warroom.store.repository import WarRoomRepository

__all__ = ["run_ledger"]


def run_ledger(
    db_path: Path,
    fmt: str,
    operator: str,
    *,
    population: Path | None = None,
    reason: str = "",
    clock: Clock = system_clock,
) -> int:
    """Print the ledger (after importing counts when asked); 2 on any refusal."""
    try:
        repo = WarRoomRepository.open(db_path)
    except StoreError as error:
        print(f"warroom ledger: {error}", file=sys.stderr)
        return 2
    try:
        service = WarRoomService(repo, operator=operator, clock=clock)
        if population is not None:
            try:
                text = population.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                print(f"warroom ledger: cannot read {population}: {error}", file=sys.stderr)
                return 2
            revision = service.import_population(text, population.name, reason).value
            print(f"population revision {revision.number} recorded", file=sys.stderr)
        rows = service.ledger()
        now = clock()
    except (IntentRefused, StoreError, ValueError) as error:
        print(f"warroom ledger: {error}", file=sys.stderr)
        return 2
    finally:
        repo.close()
    if fmt == "json":
        print(json.dumps(ledger_json(rows, now), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        sys.stdout.write(ledger_csv(rows))
    else:
        sys.stdout.write(ledger_markdown(rows, now))
    return 0
