"""The draft editor: source on the left; the live preview and the live problems on the right.

The operator edits the *source* (placeholders such as ``{facts.hotline}``); ~150 ms after the
last keystroke the source is rendered from the current facts and checked against the rules of
the incident's jurisdictions, so a deleted hotline or a "TBD" shows up as a problem at once.
ctrl+s saves a version (who, when); escape asks before throwing away unsaved work.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Label, Static, TextArea

from warroom.domain.checks import Problem, RuleKind, Severity, check_draft, load_rulebook
from warroom.domain.clock import format_utc
from warroom.domain.clocks import not_legal_advice
from warroom.domain.drafts import (
    DraftKind,
    render,
    split_notice,
    split_thread,
)
from warroom.domain.text import inert
from warroom.service.drafting_views import EditorData, Restorable
from warroom.ui.screens.confirm import ConfirmDialog
from warroom.ui.screens.drafting_common import fact_labels, saved_words
from warroom.ui.screens.editor_saving import SavingEditor
from warroom.ui.widgets.row_list import Row, RowList

__all__ = [
    "EditorData",
    "DraftEditorScreen",
    "preview_text",
    "preview_title",
    "problem_rows",
]

DEBOUNCE_SECONDS = 0.15
"""Re-render and re-check this long after the last keystroke, not on every one."""


def preview_text(kind: DraftKind, text: str, post_limit: int) -> str:
    """The rendered draft as the preview shows it; its lines are the lines problems refer to.

    The social post is shown as the thread it will be posted as, each post with its length.
    """
    if kind is DraftKind.SOCIAL:
        posts = split_thread(text, post_limit)
        parts = [
            f"── Post {i}/{len(posts)} · {len(p)}/{post_limit} characters ──\n{p}"
            for i, p in enumerate(posts, 1)
        ]
        return "\n\n".join(parts) or "(empty post)"
    return text


def preview_title(kind: DraftKind, text: str, banner_limit: int) -> str:
    """The preview's border title: what a reader sees first (subject line, banner length)."""
    if kind is DraftKind.NOTICE:
        subject = split_notice(text)[0]
        return f"Preview · subject: {subject}" if subject else "Preview · NO SUBJECT LINE"
    if kind is DraftKind.BANNER:
        return f"Preview · {len(' '.join(text.split()))}/{banner_limit} characters"
    if kind is DraftKind.SOCIAL:
        return "Preview · as a thread"
    return "Preview"


_KIND_WORDS = {
    RuleKind.LEGAL: "legal requirement: blocks",
    RuleKind.HOUSE: "house rule: warns unless the incident file promotes it",
}


def problem_rows(problems: list[Problem]) -> list[Row]:
    """One row per problem, blocking first: a symbol and a word, the line, the message."""
    rows: list[Row] = []
    for problem in problems:
        blocking = problem.severity is Severity.BLOCKING
        mark = ("✗ BLOCKING ", "error") if blocking else ("△ warning  ", "warning")
        where = f"line {problem.line}: " if problem.line else ""
        detail = (
            f"{problem.message}\nWhy: {problem.reason}\n"
            f"Source: {problem.source} ({problem.rule_id}; {_KIND_WORDS[problem.kind]})\n"
            f"{not_legal_advice(load_rulebook().last_verified)}"
        )
        rows.append(
            Row.of(
                f"{problem.rule_id}:{problem.line}:{len(rows)}",
                mark,
                (where, "muted"),
                (problem.message, ""),
                detail=detail,
            )
        )
    return rows


def _line_of(row: Row | None) -> int | None:
    """The rendered line a problem row points at (its key is ``rule:line:index``)."""
    if row is None or row.key is None:
        return None
    line = row.key.split(":")[1]
    return int(line) if line.isdigit() else None


class DraftEditorScreen(SavingEditor):
    """Full-screen editor of one draft."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save version",
            tooltip="Save a version (who and when are kept)",
            id="save-draft",
        ),
        Binding(
            "ctrl+o",
            "versions",
            "Versions",
            tooltip="Versions of this draft; compare two",
            id="draft-versions",
        ),
        Binding(
            "ctrl+l",
            "focus_problems",
            "Problems",
            tooltip="Move to the problems list (tab also)",
            id="draft-problems",
        ),
        Binding(
            "escape",
            "close",
            "Close",
            tooltip="Close (asks first if there are unsaved changes)",
            id="close-editor",
        ),
        Binding("q", "close", "Close", show=False),  # not quit: unsaved work is asked about
    ]

    def __init__(self, data: EditorData, restorable: Restorable | None = None) -> None:
        super().__init__(data, restorable)
        self.problems: list[Problem] = []
        self._pending: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="editor-bar"):
            yield Label(self.data.title, id="editor-title", markup=False)
            yield Label("", id="editor-state", markup=False)
        yield Label("", id="editor-signoff", markup=False)
        with Horizontal(id="editor-body"):
            editor = TextArea(
                self.data.source, id="editor-source", soft_wrap=True, show_line_numbers=True
            )
            editor.cursor_blink = False if self.app.is_headless else editor.cursor_blink
            yield editor
            with Vertical(id="editor-side"):
                preview = TextArea(
                    "",
                    id="editor-preview",
                    read_only=True,
                    soft_wrap=True,
                    show_line_numbers=self.data.ref.kind is not DraftKind.SOCIAL,
                )
                preview.cursor_blink = False
                yield preview
                with Vertical(id="editor-problems"):
                    yield RowList(empty_text="✓ No problems found.", id="problem-list")
                    yield Static(Content(""), id="problem-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(
            "#editor-source"
        ).border_title = "Source ({facts.…} are filled from the sheet)"
        self.query_one("#editor-problems").border_title = "Problems"
        self.query_one(TextArea).focus()
        self.refresh_checks()
        self._show_state()
        self.start_saving()

    # ------------------------------------------------------------------ live preview and checks
    @on(TextArea.Changed, "#editor-source")
    def schedule_checks(self) -> None:
        """Debounce: re-render once typing pauses."""
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(DEBOUNCE_SECONDS, self.refresh_checks, name="draft-checks")
        self._show_state()

    def refresh_checks(self) -> None:
        """Render the source from the facts, show the preview, run the checks (a few ms)."""
        self._pending = None
        data, now = self.data, self.now()
        rendered = render(self.text, data.facts, team=data.team, last_updated=now)
        limits = data.prep.limits
        preview = self.query_one("#editor-preview", TextArea)
        shown = preview_text(self.ref.kind, rendered.text, limits.social_post_length)
        scroll_y = preview.scroll_y
        preview.load_text(inert(shown, limit=None, keep_newlines=True, tidy=False))
        preview.scroll_to(y=scroll_y, animate=False, immediate=True)
        preview.border_title = Content(  # Content, not str: a subject is never parsed as markup
            inert(preview_title(self.ref.kind, rendered.text, limits.banner_length), limit=200)
        )
        self.problems = check_draft(
            self.ref.kind,
            rendered.text,
            data.facts,
            data.prep.profiles_for(self.ref.kind, self.ref.key),
            now,
            prep=data.prep,
        )
        listing = self.query_one("#problem-list", RowList)
        listing.set_rows(problem_rows(self.problems))
        blocking = sum(1 for p in self.problems if p.severity is Severity.BLOCKING)
        warnings = len(self.problems) - blocking
        box = self.query_one("#editor-problems")
        box.border_title = f"Problems: ✗ {blocking} blocking · △ {warnings} warning(s)"
        box.border_subtitle = "aids from cited sources, not legal advice"
        box.set_class(blocking > 0, "-blocking")
        self._show_problem(listing.highlighted)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self._show_problem(event.row)
        line = _line_of(event.row)
        if line and event.row_list.has_focus and self.ref.kind is not DraftKind.SOCIAL:
            # Show the operator where the problem is: the preview's lines are the checked lines.
            self.query_one("#editor-preview", TextArea).move_cursor((line - 1, 0), center=True)

    def _show_problem(self, row: Row | None) -> None:
        self.query_one("#problem-detail", Static).update(Content(row.detail if row else ""))

    def _show_state(self) -> None:
        words = saved_words(self.latest)
        if self.dirty:
            words = f"● UNSAVED CHANGES · {words}"
        elif self.data.stale and self.latest is not None and self.saved_source == self.data.source:
            words = f"⚠ STALE ({fact_labels(self.data.stale)} changed) · {words}"
        state = self.query_one("#editor-state", Label)
        state.update(words)
        state.set_class(self.dirty, "-dirty")
        signoff = self.query_one("#editor-signoff", Label)
        approvals = self.data.approvals
        signoff.display = bool(approvals and approvals.roles)
        if approvals is not None:
            signoff.update(f"Sign-off of v{approvals.version}: {approvals.summary()}")
            signoff.set_class(not approvals.complete, "-missing")

    # ------------------------------------------------------------------ actions
    async def action_save(self) -> None:
        """Save a version rendered from the current facts; say which and by whom."""
        if self.may_change():
            await self.save_and_tell(self.text)

    async def save_and_tell(self, source: str, *, overriding: bool = False) -> None:
        """Save ``source`` (a conflict asks how to resolve it); say which version and by whom."""
        operator, now = self.warroom_app.operator, self.now()
        version = await self.save_source(source, overriding=overriding)
        if version is None:
            if source == self.saved_source:
                self.notify("No change since the last version: nothing saved.", markup=False)
            return
        ref = self.ref
        approvals = await self.store(lambda service: service.approval_state(ref))
        self.data = replace(self.data, source=source, latest=version, stale=(), approvals=approvals)
        self._show_state()
        blocking = sum(1 for p in self.problems if p.severity is Severity.BLOCKING)
        self.notify(
            f"{self.data.title} v{version.number} saved by {operator} at {format_utc(now)}"
            + (" over another operator's version (both kept)" if overriding else "")
            + (f" — {blocking} blocking problem(s) remain" if blocking else ""),
            title="Saved",
            severity="warning" if blocking else "information",
            markup=False,
        )

    async def action_versions(self) -> None:
        """Open the versions of this draft (unsaved changes stay in the editor)."""
        from warroom.ui.screens.versions import VersionsScreen

        ref = self.ref
        versions = await self.store(lambda service: service.versions(ref))
        if versions is not None:
            self.app.push_screen(VersionsScreen(self.data.title, versions))

    def action_focus_problems(self) -> None:
        """Move the keyboard to the problems list."""
        self.query_one("#problem-list", RowList).focus()

    def action_close(self) -> None:
        """Close; with unsaved changes, ask first."""
        if not self.dirty:
            self.dismiss(None)
            return

        async def answered(discard: bool | None) -> None:
            if discard:
                ref = self.ref
                await self.store(lambda service: service.drop_autosave(ref))
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                f"Discard unsaved changes to {self.data.title}?", yes="Discard", no="Keep editing"
            ),
            answered,
        )
