"""``warroom export notice|faq|social|banner|briefings --format md|txt|html|eml --out DIR``.

Writes the drafts as they would go out now (latest saved source, rendered from the current
facts), through the service, so the same gates hold as on the dashboard: a gated export of a
draft that was never saved or still has blocking problems is refused with exit status 2 and
one line per problem, unless ``--override "REASON"`` is given, which the timeline records.
Non-blocking problems and stale drafts are printed as warnings.
"""

from __future__ import annotations

import sys
from pathlib import Path

from warroom.domain.clock import Clock
from warroom.service import GateBlocked, IntentRefused, StoreError, WarRoomService
from warroom.service.exports import FORMATS, WHATS, ExportError
from warroom.store.rehearsal import room_clock
from warroom.store.repository import WarRoomRepository

__all__ = ["run_export", "WHATS", "FORMATS", "ExportError"]


def run_export(
    db_path: Path,
    what: str,
    fmt: str,
    out_dir: Path,
    operator: str,
    *,
    override: str = "",
    clock: Clock | None = None,
) -> int:
    """Run the export command; errors and refusals go to stderr with exit status 2.

    Returns:
        0 when the files were written (warnings may have been printed), 2 otherwise.
    """
    try:
        repo = WarRoomRepository.open(db_path)
    except StoreError as error:
        print(f"warroom export: {error}", file=sys.stderr)
        return 2
    try:
        service = WarRoomService(repo, operator=operator, clock=clock or room_clock(repo))
        written, warnings = service.export_drafts(what, fmt, Path(out_dir), reason=override).value
    except GateBlocked as refusal:
        print(
            f"warroom export: {what} not exported: {len(refusal.problems)} problem(s); fix "
            'them, or export anyway with --override "REASON" (recorded in the timeline)',
            file=sys.stderr,
        )
        for problem in refusal.problems:
            print(f"warroom export: blocking: {problem}", file=sys.stderr)
        return 2
    except (IntentRefused, StoreError, ValueError) as error:
        print(f"warroom export: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"warroom export: cannot write to {out_dir}: {error.strerror}", file=sys.stderr)
        return 2
    finally:
        repo.close()
    for warning in warnings:
        print(f"warroom export: warning: {warning}", file=sys.stderr)
    for path in written:
        print(path)
    return 0
