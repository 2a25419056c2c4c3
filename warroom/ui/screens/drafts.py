"""The messages: the notice, FAQ, social post, banner and one briefing per team, with their state.

Each row says in words and symbols (never colour alone) whether the draft was ever saved, which
version and by whom, whether a fact it read has changed since (STALE, with the facts), and how
many blocking problems it has as it would go out now. From here the operator opens the editor,
the versions, marks a draft reviewed, or exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Label, Static

from warroom.domain.clock import format_utc
from warroom.domain.drafts import DraftKind, DraftRef
from warroom.domain.presence import Presence, editors_by_draft
from warroom.service.drafting_views import DraftStatus
from warroom.service.exports import FORMATS, WHATS
from warroom.ui.screens.confirm import ConfirmDialog
from warroom.ui.screens.drafting_common import DraftingScreen, fact_labels, saved_words
from warroom.ui.screens.form_dialog import Field, FormDialog
from warroom.ui.widgets.row_list import Row, RowList

__all__ = ["DraftStatus", "DraftsScreen", "draft_rows"]

TITLE_WIDTH = 34
SIGNOFF_WIDTH = 14


def signoff_cell(status: DraftStatus) -> tuple[str, str]:
    """``✓ 2/2`` / ``✗ 1/2`` signed off, or ``—`` when nothing is required (column text, role)."""
    approvals = status.approvals
    if approvals is None or not approvals.roles:
        return (f"{'—':<{SIGNOFF_WIDTH}}", "muted")
    done, total = len(approvals.approved), len(approvals.roles)
    mark = "✓" if approvals.complete else "✗"
    return (
        f"{mark} {done}/{total} signed".ljust(SIGNOFF_WIDTH),
        "success" if done == total else "warning",
    )


def draft_rows(statuses: list[DraftStatus]) -> list[Row]:
    """One row per draft: title, state in words and symbols, problem counts, sign-off."""
    rows = [
        Row.of(
            None,
            (
                f"{'Message':<{TITLE_WIDTH}}{'Problems':<13}{'Warn':<6}"
                f"{'Sign-off':<{SIGNOFF_WIDTH}}State",
                "heading",
            ),
        )
    ]
    for status in statuses:
        latest = status.draft.latest
        if latest is None:
            state = ("○ never saved (template)", "muted")
        elif status.stale:
            state = (f"⚠ STALE v{latest.number}: {fact_labels(status.stale)} changed", "warning")
        else:
            state = (f"✓ v{latest.number} {latest.operator} {format_utc(latest.at)}", "success")
        warnings = len(status.problems) - status.blocking
        blocking = (
            (f"✗ {status.blocking} blocking", "error")
            if status.blocking
            else ("✓ 0 blocking", "success")
        )
        detail = f"{status.title}: {saved_words(latest)}"
        if status.draft.reviews and latest is not None:
            review = status.draft.reviews[-1]
            detail += f"; reviewed by {review.operator} at {format_utc(review.at)}"
        if status.stale:
            detail += f"\nSTALE: {fact_labels(status.stale)} changed since; open it or press r."
        detail += f"\n{status.blocking} blocking, {warnings} warning(s)"
        if status.approvals is not None and status.approvals.roles:
            detail += f"\nSign-off: {status.approvals.summary()} (a: approve)"
        if status.editors:
            detail += f"\n✎ Being edited now by {', '.join(status.editors)}"
            state = (f"✎ {', '.join(status.editors)} · {state[0]}", state[1])
        firsts = [p.message for p in status.problems[:2]]
        if firsts:
            detail += ": " + "; ".join(firsts)
        rows.append(
            Row.of(
                str(status.ref),
                (f"{status.title[: TITLE_WIDTH - 1]:<{TITLE_WIDTH}}", ""),
                (f"{blocking[0]:<13}", blocking[1]),
                (f"△ {warnings:<3} ", "muted"),
                signoff_cell(status),
                state,
                detail=detail,
            )
        )
    return rows


def _ref_of(key: str) -> DraftRef:
    kind, _, team = key.partition(":")
    return DraftRef(DraftKind(kind), team)


class DraftsScreen(DraftingScreen):
    """The list of drafts; escape goes back to the dashboard."""

    BINDINGS = [
        Binding(
            "enter,e",
            "open_editor",
            "Edit",
            tooltip="Open the highlighted draft in the editor",
            id="open-draft",
        ),
        Binding(
            "v", "versions", "Versions", tooltip="Versions of the draft; compare two", id="versions"
        ),
        Binding(
            "r",
            "mark_reviewed",
            "Reviewed",
            tooltip="The draft still reads right with the facts as they are now",
            id="reviewed",
        ),
        Binding(
            "a",
            "approve",
            "Approve",
            tooltip="Sign off the saved version's exact words for a role you hold",
            id="approve",
        ),
        Binding(
            "x",
            "export",
            "Export",
            tooltip="Write drafts as md, txt, html or eml files",
            id="export",
        ),
        Binding(
            "h",
            "holding",
            "Holding statements",
            tooltip="Statements approved in peacetime, ready to use now",
            id="holding",
        ),
        Binding("escape,q", "close", "Back", tooltip="Back to the dashboard", id="close-drafts"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="drafting-screen")
        self.statuses: list[DraftStatus] = []
        self.my_roles: tuple[str, ...] = ()
        self.editors: Mapping[str, tuple[str, ...]] = {}
        """Draft ref → operators editing it (from presence, handed in by the app)."""

    def compose(self) -> ComposeResult:
        yield Label(
            "Messages · drafted from the sheet of facts",
            id="drafts-title",
            classes="drafting-title",
            markup=False,
        )
        with Vertical(id="drafts-box", classes="drafting-box"):
            yield RowList(empty_text="Loading the drafts…", id="drafts-list")
            yield Static(Content(""), id="drafts-detail", classes="drafting-detail", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#drafts-box").border_title = "Drafts"
        self.query_one(RowList).focus()
        await self.reload()

    async def on_screen_resume(self) -> None:
        """Back from the editor or versions: show what was saved there."""
        if self.is_mounted:
            await self.reload()

    async def reload(self) -> None:
        """Read every draft's state on the store thread, then show it."""
        loaded = await self.store(lambda service: (service.draft_statuses(), service.my_roles()))
        if loaded is None:
            return
        self.statuses, self.my_roles = loaded
        self._show_statuses()

    def show_presence(self, presence: tuple[Presence, ...]) -> None:
        """Who edits which draft now (the app hands heartbeats to every screen)."""
        me = self.warroom_app.operator
        editors = {
            ref: tuple(op for op in ops if op != me)
            for ref, ops in editors_by_draft(presence).items()
        }
        if editors != self.editors:
            self.editors = editors
            if self.statuses:
                self._show_statuses()

    def _show_statuses(self) -> None:
        statuses = [replace(s, editors=self.editors.get(str(s.ref), ())) for s in self.statuses]
        listing = self.query_one(RowList)
        listing.set_rows(draft_rows(statuses))
        stale = sum(1 for s in statuses if s.stale)
        blocked = sum(1 for s in statuses if s.blocking)
        self.query_one(
            "#drafts-box"
        ).border_subtitle = (
            f"{len(statuses)} drafts · {stale} stale · {blocked} with blocking problems"
        )
        self._show_detail(listing.highlighted)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self._show_detail(event.row)

    def _show_detail(self, row: Row | None) -> None:
        self.query_one("#drafts-detail", Static).update(Content(row.detail if row else ""))

    def _highlighted(self) -> DraftStatus | None:
        row = self.query_one(RowList).highlighted
        if row is None or row.key is None:
            return None
        ref = _ref_of(row.key)
        return next((s for s in self.statuses if s.ref == ref), None)

    # ------------------------------------------------------------------ actions
    async def action_open_editor(self) -> None:
        """Open the highlighted draft full screen."""
        from warroom.ui.screens.draft_editor import DraftEditorScreen

        status = self._highlighted()
        if status is None:
            return
        ref = status.ref
        loaded = await self.store(
            lambda service: (service.editor_data(ref), service.restorable(ref))
        )
        if loaded is not None:
            self.app.push_screen(DraftEditorScreen(*loaded))

    async def action_versions(self) -> None:
        """Show the highlighted draft's versions."""
        from warroom.ui.screens.versions import VersionsScreen

        status = self._highlighted()
        if status is None:
            return
        ref = status.ref
        versions = await self.store(lambda service: service.versions(ref))
        if versions is not None:
            self.app.push_screen(VersionsScreen(status.title, versions))

    async def action_mark_reviewed(self) -> None:
        """Confirm the highlighted draft still reads right with the current facts."""
        status = self._highlighted()
        if status is None or not self.may_change():
            return
        ref, operator = status.ref, self.warroom_app.operator
        review = await self.change(lambda service: service.mark_reviewed(ref))
        if review is None:
            self.notify(
                "Nothing to review yet: save a version of it first (ctrl+s in the editor).",
                markup=False,
            )
        else:
            self.notify(
                f"{status.title} v{review.version} reviewed by {operator}.",
                title="Reviewed",
                markup=False,
            )
        await self.reload()

    def action_approve(self) -> None:
        """Approve the highlighted draft's saved version for a role this operator holds."""
        status = self._highlighted()
        if status is None or not self.may_change():
            return
        approvals, latest = status.approvals, status.draft.latest
        if approvals is None or not approvals.roles:
            self.notify(f"{status.title}: the incident file asks no sign-off.", markup=False)
            return
        if latest is None:
            self.notify(f"{status.title}: save a version first.", markup=False)
            return
        mine = [r for r in approvals.missing if r.role in self.my_roles]
        if not mine:
            held = [r.name for r in approvals.roles if r.role in self.my_roles]
            self.notify(
                f"{status.title}: already approved as {', '.join(held)}."
                if held
                else f"{status.title} needs {', '.join(r.name for r in approvals.roles)}; "
                "you hold none of these roles.",
                markup=False,
            )
            return
        role, ref, version = mine[0], status.ref, latest.number

        async def answered(yes: bool | None) -> None:
            if not yes:
                return
            approval = await self.change(
                lambda service: service.approve(ref, role.role, version=version)
            )
            if approval is not None:
                self.notify(
                    f"{status.title} v{version} approved as {role.name}.",
                    title="Signed off",
                    markup=False,
                )
            await self.reload()

        self.app.push_screen(
            ConfirmDialog(
                f"Approve v{version} of {status.title} as {role.name}?\n"
                "You approve these exact words and recipients: any edit, or a change to a "
                "fact it reads, voids the approval.",
                yes="Approve",
                no="Not yet",
            ),
            answered,
        )

    def action_export(self) -> None:
        """Ask what, which format and where; write the files on the store thread."""
        status = self._highlighted()
        if not self.may_change():
            return
        kind = status.ref.kind if status else DraftKind.NOTICE
        what = "briefings" if kind is DraftKind.BRIEFING else kind.value
        fmt = "eml" if kind is DraftKind.NOTICE else "md"
        folder = str(Path.cwd() / "warroom-export")

        def validate(values: list[str]) -> str | None:
            what, fmt, out = (v.strip() for v in values)
            if what not in WHATS:
                return f"What: one of {', '.join(WHATS)}"
            if fmt not in FORMATS:
                return f"Format: one of {', '.join(FORMATS)}"
            if fmt == "eml" and what != "notice":
                return "eml is for the notice only (it is the e-mail)"
            if not out:
                return "Folder: where to write the files"
            return None

        async def answered(values: list[str] | None) -> None:
            if values is not None:
                await self.export(*(v.strip() for v in values))

        self.app.push_screen(
            FormDialog(
                "Export drafts",
                [
                    Field(f"What ({', '.join(WHATS)})", value=what),
                    Field(f"Format ({', '.join(FORMATS)})", value=fmt),
                    Field("Folder (created if missing)", value=folder),
                ],
                validate=validate,
                hint="Drafts are written as they would go out now; problems are listed after.",
            ),
            answered,
        )

    async def export(self, what: str, fmt: str, folder: str) -> None:
        """Write the files and record the export in the timeline; say which paths were written."""
        out = Path(folder).expanduser()
        result = await self.change_with_reason(
            lambda service, reason: service.export_drafts(what, fmt, out, reason=reason)
        )
        if result is None:
            return
        written, warnings = result
        self.notify(
            "\n".join(str(p) for p in written),
            title=f"Exported {len(written)} file(s)",
            markup=False,
            timeout=10,
        )
        if warnings:
            self.notify(
                "\n".join(warnings[:6]) + ("\n…" if len(warnings) > 6 else ""),
                title="Exported with problems",
                severity="warning",
                markup=False,
                timeout=12,
            )
        self.last_export = written

    def action_holding(self) -> None:
        """Pick a holding statement; the list shows what was saved when back."""
        from warroom.ui.screens.holding import HoldingScreen

        self.app.push_screen(HoldingScreen())

    def action_close(self) -> None:
        self.dismiss(None)
