"""The gate on "first notice sent": no ticking it while the notice has blocking problems.

A notice missing the hotline or still saying "TBD" must not go to 48,000 customers by
accident; but the war room decides, not the tool, so the operator may override with a reason,
and the timeline keeps that reason beside the tick (one transaction: never one without the other).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from warroom.domain.checks import Problem
from warroom.domain.timeline import EventKind
from warroom.store.drafts import DraftStore
from warroom.store.repository import WarRoomRepository
from warroom.ui.screens.form_dialog import Field

if TYPE_CHECKING:  # the dashboard imports this module lazily: no cycle at run time
    from warroom.ui.screens.dashboard import DashboardScreen

__all__ = ["FIRST_NOTICE_ITEM", "notice_blocked", "tick_with_override", "ask_override"]

FIRST_NOTICE_ITEM = "notify-individuals"
"""The checklist item ticked when the first notice to customers has gone out."""


def notice_blocked(repo: WarRoomRepository, now: datetime) -> list[Problem]:
    """The notice's blocking problems as it would go out now (runs on the store thread)."""
    return DraftStore(repo).notice_blocked(now)


def tick_with_override(
    repo: WarRoomRepository,
    item_id: str,
    reason: str,
    problems: list[Problem],
    operator: str,
    now: datetime,
) -> bool:
    """Tick the item and record the override and its reason, in one transaction."""
    listed = "; ".join(p.message for p in problems[:5]) + ("; …" if len(problems) > 5 else "")
    with repo.transaction():
        ticked = repo.set_tick(item_id, True, operator, now)
        repo.record(
            EventKind.NOTE,
            f"Override: first notice marked sent with {len(problems)} blocking problem(s) "
            f"({listed}). Reason: {reason}",
            operator,
            now,
        )
    return ticked


def ask_override(screen: DashboardScreen, item_id: str, problems: list[Problem]) -> None:
    """Show the blocking problems and ask for a reason; an empty reason leaves it unticked."""
    listed = "\n".join(f"✗ {p.message} ({p.source})" for p in problems[:6])
    if len(problems) > 6:
        listed += f"\n… and {len(problems) - 6} more"

    async def answered(values: list[str]) -> None:
        reason = values[0].strip()
        if not reason:
            screen.warroom_app.notify(
                "Not ticked: the notice still has blocking problems.", markup=False
            )
            return
        operator, now = screen.warroom_app.operator, screen.now()
        await screen.change(
            lambda repo: tick_with_override(repo, item_id, reason, problems, operator, now)
        )

    screen.ask(
        f"The notice has {len(problems)} blocking problem(s)",
        [
            Field(
                "Reason to mark it sent anyway (empty: cancel)",
                placeholder="e.g. legal approved the wording as sent",
            )
        ],
        answered,
        hint=f"{listed}\nFix them in the notice (d, then enter), or give a reason: "
        "the timeline keeps it.",
    )
