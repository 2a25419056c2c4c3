"""The notification ledger (``L``): who must be told, who has been, and what is overdue.

Rows come from the clock board (one per regulator clock that applies), the incident file's
stakeholders and rows added here. ``enter`` moves the highlighted row one step on (to draft →
drafted → approved → sent → acknowledged); "sent" asks for the channel and reference, and for
a regulator row it files the clock through the same service path as the clock board's ``f``.
The screen also holds the affected-population ledger (``p`` revise, ``i`` import CSV) and the
update promises of public channels (``u`` promise, ``U`` updated now).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from warroom.domain.cadence import PUBLIC_CHANNELS, PromiseError, parse_promise
from warroom.domain.clock import format_utc
from warroom.domain.ledger import Audience, LedgerState
from warroom.domain.ledger_rows import LedgerRow
from warroom.domain.population import Counts, PopulationError, format_pairs, parse_pairs
from warroom.service import RoomView
from warroom.ui.screens.form_dialog import Field, FormDialog
from warroom.ui.screens.store_screen import StoreScreen
from warroom.ui.styles import CLOCK_STYLES
from warroom.ui.widgets.ledger_rows import (
    cadence_rows,
    ledger_rows,
    population_rows,
    subtitle,
)
from warroom.ui.widgets.row_list import Row, RowList

__all__ = ["LedgerScreen", "NEXT_STATE"]

NEXT_STATE = {
    LedgerState.TO_DRAFT: LedgerState.DRAFTED,
    LedgerState.DRAFTED: LedgerState.APPROVED,
    LedgerState.APPROVED: LedgerState.SENT,
    LedgerState.SENT: LedgerState.ACKNOWLEDGED,
}
"""Where ``enter`` moves a row (acknowledged and not required rows stay)."""


class LedgerScreen(StoreScreen):
    """The ledger, the counts and the promises; escape goes back to the dashboard."""

    CSS_PATH = CLOCK_STYLES

    BINDINGS = [
        Binding(
            "enter", "advance", "Next step", tooltip="Move the row one step on", id="ledger-next"
        ),
        Binding("x", "not_required", "Not required", tooltip="Mark it not required, with why"),
        Binding("b", "back", "Step back", tooltip="Move it back a step (asks why)"),
        Binding("e", "details", "Details", tooltip="Channel, reference, recipients, note"),
        Binding("a", "add_row", "Add row", tooltip="Add an audience to tell"),
        Binding("p", "revise", "Revise counts", tooltip="A new revision of the affected counts"),
        Binding("i", "import_counts", "Import CSV", show=False, tooltip="Counts from a CSV file"),
        Binding("u", "promise", "Promise update", tooltip="Promise a public channel's next update"),
        Binding("U", "updated", "Updated", show=False, tooltip="A public channel was updated now"),
        Binding("escape,q,L", "close", "Back", tooltip="Back to the dashboard", id="ledger-close"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="ledger")
        self.view: RoomView | None = None
        self.rows: dict[str, LedgerRow] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="ledger"):
            yield RowList(empty_text="Loading the ledger…", id="ledger-list")
            yield Static(Content(""), id="ledger-detail", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#ledger").border_title = "Who has been told"
        self.query_one(RowList).focus()
        view = await self.store(lambda service: service.view(drafts=False))
        if view is not None:
            self.show_view(view)
        self.set_interval(30, self.redraw, name="ledger-clock")  # overdue moves with time
        # Another operator's step arrives as a RoomChanged from the dashboard's check.

    def show_view(self, view: RoomView) -> None:
        """Show the room as it stands (after a read, or a change made anywhere)."""
        self.view = view
        if self.is_attached:
            self.redraw()

    def redraw(self) -> None:
        """Rebuild the rows at the app's current time."""
        if self.view is None:
            return
        now = self.now()
        ledger = self.view.ledger_rows(now)
        self.rows = {row.id: row for row in ledger}
        # Promises and counts first (a few lines, read at a glance), then every audience.
        shown: list[Row] = cadence_rows(self.view.cadence(now))
        shown += population_rows(self.view.ledger.revisions)
        shown += ledger_rows(ledger)
        listing = self.query_one(RowList)
        listing.set_rows(shown)
        self.query_one("#ledger").border_subtitle = subtitle(ledger)
        self._detail(listing.highlighted)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self._detail(event.row)

    def _detail(self, row: Row | None) -> None:
        text = (row.detail or row.plain) if row else ""
        self.query_one("#ledger-detail", Static).update(Content(text))

    # ------------------------------------------------------------------ helpers
    def _highlighted(self) -> LedgerRow | None:
        row = self.query_one(RowList).highlighted
        found = self.rows.get(row.key or "") if row else None
        if found is None:
            self.notify("Highlight a ledger row first.", markup=False)
        return found

    def _ask(
        self,
        title: str,
        fields: list[Field],
        then: Callable[[list[str]], Awaitable[None]],
        hint: str = "",
    ) -> None:
        async def answered(values: list[str] | None) -> None:
            if values is not None:
                await then(values)

        self.app.push_screen(FormDialog(title, fields, hint=hint), answered)

    async def _step(
        self,
        row: LedgerRow,
        state: LedgerState,
        channel: str = "",
        reference: str = "",
        late: str = "",
    ) -> None:
        row_id = row.id
        await self.change_with_reason(
            lambda service, reason: service.ledger_step(
                row_id,
                state,
                reason=reason,
                channel=channel,
                reference=reference,
                late_reasons=late,
            )
        )

    # ------------------------------------------------------------------ row actions
    async def action_advance(self) -> None:
        """Move the highlighted row one step on ("sent" asks how and under which reference)."""
        row = self._highlighted()
        if row is None:
            return
        state = NEXT_STATE.get(row.state)
        if state is None:
            self.notify(f"“{row.name}” is {row.state.value}: nothing further.", markup=False)
            return
        if state is not LedgerState.SENT:
            await self._step(row, state)
            return
        late = row.is_regulator_clock and row.overdue
        fields = [Field("Channel", row.channel), Field("Reference or case number", row.reference)]
        if late:  # a late report must say why (GDPR Art. 33(1)); kept beside the filing
            fields.append(Field("Reasons for the delay", required=True))

        async def sent(values: list[str]) -> None:
            reasons = values[2] if late else ""
            await self._step(row, LedgerState.SENT, values[0], values[1], reasons)

        hint = "Files its clock too: one action, one record." if row.is_regulator_clock else ""
        self._ask(f"Sent: {row.name}", fields, sent, hint)

    async def action_not_required(self) -> None:
        """Mark the row not required; the service asks why."""
        row = self._highlighted()
        if row is not None:
            await self._step(row, LedgerState.NOT_REQUIRED)

    async def action_back(self) -> None:
        """Move the row back one step (from not required: back to draft); asks why."""
        row = self._highlighted()
        if row is None:
            return
        back = {v: k for k, v in NEXT_STATE.items()}.get(row.state, LedgerState.TO_DRAFT)
        if row.state is LedgerState.TO_DRAFT:
            self.notify("Already at the first step.", markup=False)
            return
        await self._step(row, back)

    def action_details(self) -> None:
        """Edit the row's channel, reference, recipients and note."""
        row = self._highlighted()
        if row is None:
            return
        row_id = row.id

        async def then(values: list[str]) -> None:
            count = values[2].replace(",", "").strip()
            if count and not count.isdigit():
                self.notify("Recipients must be a whole number.", severity="error", markup=False)
                return
            await self.change(
                lambda service: service.ledger_details(
                    row_id,
                    channel=values[0],
                    reference=values[1],
                    recipients=int(count) if count else None,
                    note=values[3],
                )
            )

        recipients = "" if row.recipients is None else str(row.recipients)
        self._ask(
            f"Details: {row.name}",
            [
                Field("Channel", row.channel),
                Field("Reference or case number", row.reference),
                Field("Recipients", recipients),
                Field("Note", row.note),
            ],
            then,
        )

    def action_add_row(self) -> None:
        """Add an audience the incident file did not list."""
        kinds = ", ".join(a.value for a in Audience)

        async def then(values: list[str]) -> None:
            try:
                audience = Audience(values[1].strip().lower() or "other")
            except ValueError:
                self.notify(f"Audience: one of {kinds}", severity="error", markup=False)
                return
            await self.change(
                lambda service: service.add_ledger_row(values[0], audience, channel=values[2])
            )

        self._ask(
            "Add an audience to tell",
            [Field("Name", required=True), Field("Audience", "other", kinds), Field("Channel")],
            then,
        )

    # ------------------------------------------------------------------ population
    def action_revise(self) -> None:
        """A new revision of the counts: total, per jurisdiction, per data category, and why."""
        if self.view is None:
            return
        current = self.view.regulatory.counts or Counts(0)

        async def then(values: list[str]) -> None:
            try:
                counts = Counts(
                    int(values[0].replace(",", "").strip() or "0"),
                    parse_pairs(values[1], codes=True),
                    parse_pairs(values[2], codes=False),
                )
            except (ValueError, PopulationError) as error:
                self.notify(str(error), severity="error", markup=False)
                return
            await self.change(lambda service: service.revise_population(counts, values[3]))

        self._ask(
            "Revise the affected population",
            [
                Field("Total", str(current.total)),
                Field(
                    "Per jurisdiction", format_pairs(current.jurisdictions), "US-CA=1900, IE=3100"
                ),
                Field("Per data category", format_pairs(current.categories)),
                Field("Why", placeholder="forensics revised after log review", required=True),
            ],
            then,
            "Re-evaluates which laws apply and marks messages quoting the count stale.",
        )

    def action_import_counts(self) -> None:
        """Import a revision from a CSV file (kind,key,count)."""

        async def then(values: list[str]) -> None:
            path = Path(values[0].strip()).expanduser()
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                self.notify(f"Cannot read {path}: {error}", severity="error", markup=False)
                return
            await self.change(lambda service: service.import_population(text, path.name, values[1]))

        self._ask(
            "Import counts from CSV",
            [Field("File", required=True, placeholder="counts.csv"), Field("Why", required=True)],
            then,
            "Header kind,key,count; kind is total, jurisdiction or category.",
        )

    # ------------------------------------------------------------------ cadence
    def _channel(self, text: str) -> str | None:
        wanted = text.strip().lower().replace(" ", "-")
        found = next(
            (c for c, name in PUBLIC_CHANNELS.items() if wanted in (c, name.lower())), None
        )
        if found is None:
            self.notify(
                f"Channel: one of {', '.join(PUBLIC_CHANNELS)}", severity="error", markup=False
            )
        return found

    def _highlighted_channel(self) -> str:
        row = self.query_one(RowList).highlighted
        key = (row.key or "") if row else ""
        return key.partition(":")[2] if key.startswith("cadence:") else "faq"

    def action_promise(self) -> None:
        """Promise the next update of a public channel ("14:00Z", "+2h", "every 4h")."""

        async def then(values: list[str]) -> None:
            channel = self._channel(values[0])
            if channel is None:
                return
            try:
                by, every = parse_promise(values[1], self.now())
            except PromiseError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            await self.change(lambda service: service.promise_update(channel, by=by, every=every))

        self._ask(
            "Promise the next update",
            [
                Field("Channel", self._highlighted_channel(), ", ".join(PUBLIC_CHANNELS)),
                Field("When", placeholder="14:00Z · +2h · every 4h", required=True),
            ],
            then,
            f"Now {format_utc(self.now(), with_date=True)}. The header and the wall count down.",
        )

    async def action_updated(self) -> None:
        """The highlighted (or FAQ) channel was updated now: meets its promise."""
        channel = self._highlighted_channel()
        done = await self.change(lambda service: service.mark_channel_updated(channel))
        if done is not None:
            self.notify(
                f"{PUBLIC_CHANNELS[channel]} updated. Promise the next one with u.", markup=False
            )

    def action_close(self) -> None:
        """Back to the dashboard."""
        self.dismiss(None)
