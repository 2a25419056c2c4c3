"""Holding statements (``h`` on the messages screen): words approved in peacetime, ready now.

Each row shows the statement rendered from the facts as they are, its lint result like any
draft's, and whether its approval still holds (the text unchanged, not older than the incident
file allows). ``enter`` saves it as the next version of its draft, through the service, which
records where the version came from and whether it counts as approved.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Label, Static

from warroom.domain.checks import Severity
from warroom.domain.clock import format_utc
from warroom.service.drafting_views import HoldingStatus
from warroom.ui.screens.drafting_common import DraftingScreen
from warroom.ui.widgets.row_list import Row, RowList

__all__ = ["HoldingScreen", "holding_rows"]


def holding_rows(statuses: list[HoldingStatus]) -> list[Row]:
    """One row per statement: scenario, kind, approval, problems; the text in the detail."""
    rows = [Row.of(None, ("Scenario · message · approval · problems", "heading"))]
    for status in statuses:
        statement = status.statement
        blocking = sum(1 for p in status.problems if p.severity is Severity.BLOCKING)
        if status.approval_problem:
            approval = (f"✗ not approved: {status.approval_problem}", "warning")
        else:
            when = (
                format_utc(statement.approved_at, with_date=True) if statement.approved_at else ""
            )
            approval = (f"☑ approved by {statement.approved_by} {when}", "success")
        problems = (f"✗ {blocking} blocking", "error") if blocking else ("✓ 0 blocking", "success")
        detail = status.text
        if status.problems:
            detail += "\n" + "; ".join(p.message for p in status.problems[:3])
        rows.append(
            Row.of(
                statement.id,
                (f"{statement.scenario}: {statement.title}", ""),
                (f"  [{statement.kind}]  ", "muted"),
                approval,
                ("  ", ""),
                problems,
                detail=detail,
            )
        )
    return rows


class HoldingScreen(DraftingScreen):
    """Pick a holding statement; escape goes back to the messages."""

    BINDINGS = [
        Binding(
            "enter,u",
            "use",
            "Use it",
            tooltip="Save it as the next version of its draft",
            id="use-holding",
        ),
        Binding("escape,q", "close", "Back", tooltip="Back to the messages", id="close-holding"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="drafting-screen")
        self.statuses: list[HoldingStatus] = []

    def compose(self) -> ComposeResult:
        yield Label(
            "Holding statements · approved before anything happened",
            classes="drafting-title",
            markup=False,
        )
        with Vertical(id="holding-box", classes="drafting-box"):
            yield RowList(empty_text="No holding statements in the incident file.")
            yield Static(Content(""), id="holding-detail", classes="drafting-detail", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#holding-box").border_title = "Holding statements"
        self.query_one(RowList).focus()
        statuses = await self.store(lambda service: service.holding_statements())
        if statuses is not None:
            self.statuses = statuses
            self.query_one(RowList).set_rows(holding_rows(statuses))
            self._detail(self.query_one(RowList).highlighted)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self._detail(event.row)

    def _detail(self, row: Row | None) -> None:
        self.query_one("#holding-detail", Static).update(Content(row.detail if row else ""))

    async def action_use(self) -> None:
        """Save the highlighted statement as its draft's next version."""
        row = self.query_one(RowList).highlighted
        status = next((s for s in self.statuses if row and s.statement.id == row.key), None)
        if status is None:
            self.notify("Highlight a statement first.", markup=False)
            return
        statement_id = status.statement.id
        version = await self.change(lambda service: service.use_holding_statement(statement_id))
        if version is None:
            self.notify("Nothing saved: the draft already says this.", markup=False)
            return
        approved = "counts as approved" if not status.approval_problem else "NOT approved"
        self.notify(
            f"Saved {status.statement.kind} v{version} from “{status.statement.title}” "
            f"({approved}).",
            markup=False,
        )
        self.dismiss(None)

    def action_close(self) -> None:
        """Back to the messages."""
        self.dismiss(None)
