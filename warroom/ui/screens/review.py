"""The post-incident review: the after-action report's first draft, written from the record.

The playbook's last step is to learn. This screen shows what the record measures (times to
milestones, clocks that ran over, inquiries and spikes, mentions and triage times, the
checklist, charts, the timeline) and lets the team answer the four questions; each answer is
stored with who and when and noted in the timeline. ``x`` writes the report as Markdown and
HTML into a folder, exactly as ``warroom export review`` does.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static, TextArea

from warroom.domain.review import QUESTIONS, Review
from warroom.domain.text import inert
from warroom.service import SaveConflict
from warroom.service.merge import merge_texts
from warroom.ui.screens.choice_dialog import conflict_dialog
from warroom.ui.screens.form_dialog import Field, FormDialog
from warroom.ui.screens.store_screen import StoreScreen
from warroom.ui.styles import CLOCK_STYLES
from warroom.ui.widgets.review_rows import review_rows
from warroom.ui.widgets.row_list import Row, RowList

__all__ = ["ReviewScreen", "AnswerEditor"]

_QUESTIONS = dict(QUESTIONS)


class AnswerEditor(ModalScreen[str | None]):
    """A text area for one answer: ctrl+s saves, escape goes back without saving."""

    CSS_PATH = CLOCK_STYLES

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the answer", id="answer-save"),
        Binding("escape", "cancel", "Cancel", tooltip="Go back without saving", id="answer-cancel"),
    ]

    def __init__(self, question: str, answer: str) -> None:
        super().__init__(classes="answer-editor")
        self.question = question
        self.answer = answer

    def compose(self) -> ComposeResult:
        with Vertical(id="answer"):
            yield Label(self.question, id="answer-question", markup=False)
            yield TextArea(self.answer, id="answer-text", soft_wrap=True, show_line_numbers=False)
            yield Label("ctrl+s saves · escape discards changes", id="answer-hint", markup=False)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.cursor_blink = False
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewScreen(StoreScreen):
    """The review, as rows; enter edits an answer, x exports, r re-measures."""

    CSS_PATH = CLOCK_STYLES

    BINDINGS = [
        Binding(
            "enter,e",
            "edit_answer",
            "Answer",
            tooltip="Answer the highlighted question",
            id="review-answer",
        ),
        Binding(
            "x",
            "export",
            "Export",
            tooltip="Write review.md and review.html into a folder",
            id="review-export",
        ),
        Binding(
            "r",
            "refresh_review",
            "Re-measure",
            tooltip="Measure again from the record",
            id="review-refresh",
        ),
        Binding("escape,q,V", "close", "Back", tooltip="Back to the dashboard", id="review-close"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="review")
        self.review: Review | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static(Content(""), id="review-help", markup=False)
            yield RowList(empty_text="Measuring the record…", id="review-list")
            yield Static(Content(""), id="review-detail", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#review").border_title = "Post-incident review"
        self.query_one(RowList).focus()
        await self.action_refresh_review()
        self.query_one(RowList).select_key(f"q:{QUESTIONS[0][0]}")

    async def action_refresh_review(self) -> None:
        """Measure the review again from the record."""
        now = self.now()
        review = await self.store(lambda service: service.view(drafts=False).review(now))
        if review is None:
            return
        self.review = review
        listing = self.query_one(RowList)
        listing.set_rows(review_rows(review))
        answered = sum(1 for _, _, answer in review.answers if answer)
        box = self.query_one("#review")
        # A border title given as a str is parsed as markup: the incident title goes in as Content.
        box.border_title = Content(f"Post-incident review — {inert(review.title, limit=120)}")
        box.border_subtitle = f"{answered}/{len(review.answers)} questions answered"
        self.query_one("#review-help", Static).update(
            Content("enter: answer the highlighted question · x: export md + html · r: re-measure")
        )
        self._show_detail(listing.highlighted)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self._show_detail(event.row)

    def _show_detail(self, row: Row | None) -> None:
        text = (row.detail or row.plain) if row else ""
        self.query_one("#review-detail", Static).update(Content(text))

    def action_edit_answer(self) -> None:
        """Open the editor on the highlighted question (or the first one)."""
        row = self.query_one(RowList).highlighted
        key = row.key if row and row.key and row.key.startswith("q:") else f"q:{QUESTIONS[0][0]}"
        qid = key.removeprefix("q:")
        current = ""
        if self.review is not None:
            current = next((a for q, _, a in self.review.answers if q == qid), "")

        self.app.push_screen(
            AnswerEditor(_QUESTIONS[qid], current),
            lambda text: self.save_answer(qid, text, current),
        )

    async def save_answer(
        self, qid: str, text: str | None, base: str, *, overriding: bool = False
    ) -> None:
        """Save an answer begun from ``base``; another operator's newer answer is shown and
        the operator merges (in the answer editor), saves theirs on top, or keeps the other."""
        if text is None:
            return

        def resolve(conflict: SaveConflict) -> None:
            async def chosen(choice: str | None) -> None:
                token = str(conflict.token)
                if choice == "m":
                    merged = merge_texts(conflict.base, conflict.theirs, conflict.yours).text
                    self.app.push_screen(
                        AnswerEditor(_QUESTIONS[qid], merged),
                        lambda again: self.save_answer(qid, again, token),
                    )
                elif choice == "o":
                    await self.save_answer(qid, text, token, overriding=True)

            self.app.push_screen(conflict_dialog(conflict), chosen)

        changed = await self.change(
            lambda service: service.answer_review(qid, text, base=base, overriding=overriding),
            on_conflict=resolve,
        )
        if changed:
            self.notify(f"Answer saved: {_QUESTIONS[qid]}", markup=False)
        if self.is_open:
            await self.action_refresh_review()
            self.query_one(RowList).select_key(f"q:{qid}")

    def action_export(self) -> None:
        """Ask for a folder, then write review.md and review.html into it."""
        default = f"review-{self.review.incident_id}" if self.review else "review"

        async def answered(values: list[str] | None) -> None:
            if values is None:
                return
            folder = Path(values[0].strip() or default).expanduser()
            try:
                written = await self.store(
                    lambda service: service.export_review(("md", "html"), folder)
                )
            except OSError as error:
                self.notify(
                    f"Cannot write to {folder}: {error.strerror or error}",
                    severity="error",
                    markup=False,
                )
                return
            if written:
                self.notify(
                    "Wrote " + ", ".join(str(p) for p in written),
                    title="Review exported",
                    markup=False,
                )

        self.app.push_screen(
            FormDialog(
                "Export the review (Markdown and HTML)",
                [Field("Folder", value=default)],
                hint="review.md and review.html are written there (replacing earlier ones).",
            ),
            answered,
        )

    def action_close(self) -> None:
        """Back to the dashboard."""
        self.dismiss(None)
