"""The sheet of facts: every fact with its value and who last changed it; enter edits one.

A fact is written once, here, and every draft reads it: changing the count of customers
changes it in the notice, the FAQ, the post and every briefing, and marks those drafts stale
until someone reviews them. Every change goes through ``DraftStore.set_fact_text``, which keeps
who and when and writes the timeline entry in the same transaction.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Label, Static

from warroom.domain.clock import format_utc
from warroom.domain.drafts import (
    FACT_FIELDS,
    FactError,
    FactField,
    FactKind,
    fact_field,
    format_fact,
)
from warroom.domain.drafts import parse_fact as parse_fact_text
from warroom.domain.incident import Facts
from warroom.service import SaveConflict
from warroom.service.drafting import FactEdit
from warroom.ui.screens.choice_dialog import conflict_dialog
from warroom.ui.screens.drafting_common import DraftingScreen
from warroom.ui.screens.form_dialog import Field, FormDialog
from warroom.ui.widgets.row_list import Row, RowList

__all__ = ["FactsScreen", "fact_rows", "editable_text"]

LABEL_WIDTH = 30
CHANGED_WIDTH = 16
"""Room for ``✎ operator HH:MMZ`` before the value."""


def editable_text(field: FactField, value: object) -> str:
    """A fact's value as one line for the edit box (lists joined by ``; ``, as parse reads them)."""
    text = format_fact(field.name, value)
    if field.kind is FactKind.LIST:
        return "; ".join(line for line in text.split("\n") if line.strip())
    return " ".join(text.split("\n")) if "\n" in text else text


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.split("\n") if line.strip())


def fact_rows(facts: Facts, edits: list[FactEdit]) -> list[Row]:
    """One row per fact: label, value, and ``✎ who when`` for the last change made here."""
    last: dict[str, FactEdit] = {}
    for each in edits:
        last[each.field] = each  # edits come oldest first
    rows: list[Row] = []
    for field in FACT_FIELDS:
        text = format_fact(field.name, getattr(facts, field.name))
        value = (_one_line(text), "") if text else ("— not set —", "warning")
        edit = last.get(field.name)
        changed = f"✎ {edit.operator[:6]} {format_utc(edit.at)}" if edit else ""
        detail = f"{field.label}" + (f" — {field.help}" if field.help else "")
        detail += f"\n{text or '(not set)'}"
        if edit:
            detail += (
                f"\nLast changed by {edit.operator} at {format_utc(edit.at, with_date=True)}"
                f" (was: {_one_line(edit.old) or 'not set'})."
            )
        else:
            detail += "\nAs imported from the incident file; not changed here."
        rows.append(
            Row.of(
                field.name,
                (f"{field.label[: LABEL_WIDTH - 1]:<{LABEL_WIDTH}}", "accent"),
                (f"{changed:<{CHANGED_WIDTH}}", "badge"),
                value,
                detail=detail,
            )
        )
    return rows


class FactsScreen(DraftingScreen):
    """The sheet of facts; escape goes back to the dashboard."""

    BINDINGS = [
        Binding(
            "enter,e", "edit_fact", "Edit", tooltip="Change the highlighted fact", id="edit-fact"
        ),
        Binding("escape,q", "close", "Back", tooltip="Back to the dashboard", id="close-facts"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="drafting-screen")
        self.facts: Facts | None = None
        self.edits: list[FactEdit] = []

    def compose(self) -> ComposeResult:
        yield Label(
            "Sheet of facts · every message is written from these",
            id="facts-title",
            classes="drafting-title",
            markup=False,
        )
        with Vertical(id="facts-box", classes="drafting-box"):
            yield RowList(empty_text="Loading the facts…", id="facts-list")
            yield Static(Content(""), id="facts-detail", classes="drafting-detail", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#facts-box").border_title = "Facts"
        self.query_one(RowList).focus()
        await self.reload()

    async def reload(self) -> None:
        """Read the facts and their edits on the store thread, then show them."""
        loaded = await self.store(lambda service: service.facts_and_edits())
        if loaded is None:
            return
        self.facts, self.edits = loaded
        listing = self.query_one(RowList)
        listing.set_rows(fact_rows(self.facts, self.edits))
        changed = len({e.field for e in self.edits})
        self.query_one("#facts-box").border_subtitle = (
            f"{len(FACT_FIELDS)} facts · {changed} changed here"
            if changed
            else f"{len(FACT_FIELDS)} facts"
        )
        self._show_detail(listing.highlighted)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self._show_detail(event.row)

    def _show_detail(self, row: Row | None) -> None:
        self.query_one("#facts-detail", Static).update(Content(row.detail if row else ""))

    def action_edit_fact(self) -> None:
        """Edit the highlighted fact in a form; what cannot be that fact is refused in place."""
        row = self.query_one(RowList).highlighted
        if row is None or row.key is None or self.facts is None or not self.may_change():
            return
        field = fact_field(row.key)
        current = editable_text(field, getattr(self.facts, field.name))

        def validate(values: list[str]) -> str | None:
            try:
                parse_fact_text(field.name, values[0])
            except FactError as error:
                return str(error)
            return None

        base = format_fact(field.name, getattr(self.facts, field.name))

        async def answered(values: list[str] | None) -> None:
            if values is None:
                return
            await self.save_fact(field.name, values[0], base)

        hint = field.help or ""
        if field.kind is FactKind.LIST:
            hint = (hint + " Separate items with ; (semicolons).").strip()
        self.app.push_screen(
            FormDialog(
                f"Fact: {field.label}",
                [Field(field.label, value=current)],
                validate=validate,
                hint=hint,
            ),
            answered,
        )

    async def save_fact(self, name: str, text: str, base: str, *, overriding: bool = False) -> None:
        """Save one fact through the store (which records the timeline entry); then reshow.

        ``base`` is the value the operator saw; if someone changed the fact since, both
        changes are shown and the operator saves theirs on top or keeps the other one.
        """

        def resolve(conflict: SaveConflict) -> None:
            async def chosen(choice: str | None) -> None:
                if choice == "o":
                    await self.save_fact(name, text, str(conflict.token), overriding=True)
                elif choice == "d":
                    self.notify("Yours discarded; the sheet shows theirs.", markup=False)
                    await self.reload()

            self.app.push_screen(conflict_dialog(conflict, can_merge=False), chosen)

        changed = await self.change(
            lambda service: service.set_fact(name, text, base=base, overriding=overriding),
            on_conflict=resolve,
        )
        if changed is False:
            self.notify("That is already the value: nothing changed.", markup=False)
        elif changed:
            self.notify(
                f"{fact_field(name).label} changed; drafts that use it are now stale.",
                title="Fact saved",
                markup=False,
            )
        if self.is_open:
            await self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
