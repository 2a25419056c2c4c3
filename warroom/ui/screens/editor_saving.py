"""How the editor saves: based on a version, conflicts resolved, the buffer autosaved.

Every save carries the version the text began from. When another operator saved since, the
service refuses and the operator picks: merge (three-way; conflicts marked in the text), save
mine on top (recorded as an override; both versions stay), or discard mine. The buffer is
autosaved every few seconds while it changes and whenever the focus moves, so a crash or a
dropped SSH session loses at most those seconds; the next open offers it back.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from warroom.domain.drafts import DraftRef, DraftVersion
from warroom.service import SaveConflict
from warroom.service.drafting_views import EditorData, Restorable
from warroom.service.merge import merge_texts
from warroom.ui.screens.choice_dialog import conflict_dialog, restore_dialog
from warroom.ui.screens.drafting_common import DraftingScreen

__all__ = ["SavingEditor", "AUTOSAVE_SECONDS"]

AUTOSAVE_SECONDS = 3.0
"""Keep the buffer this often while it changes: a crash loses at most these seconds."""


class SavingEditor(DraftingScreen):
    """The saving half of the draft editor (the screen itself shows source and preview)."""

    def __init__(self, data: EditorData, restorable: Restorable | None = None) -> None:
        super().__init__(classes="drafting-screen")
        self.data = data
        self.saved_source = data.source
        """The source as last saved (or loaded): differs from the text area → unsaved."""
        self.latest = data.latest
        self.base_version = data.latest.number if data.latest else 0
        """The version the text in the editor began from (0: the template)."""
        self.restorable = restorable
        self._autosaved = data.source

    @property
    def ref(self) -> DraftRef:
        """The draft edited."""
        return self.data.ref

    @property
    def text(self) -> str:
        """The source in the text area now."""
        return self.query_one("#editor-source", TextArea).text

    @property
    def dirty(self) -> bool:
        """True when there are unsaved changes."""
        return self.text != self.saved_source

    def unsaved_work(self) -> str:
        """What would be lost by quitting now ("" when nothing)."""
        return self.data.title if self.dirty else ""

    def _show_state(self) -> None:
        """Show saved / unsaved / stale (the screen words it)."""

    def start_saving(self) -> None:
        """Start autosaving; offer an autosaved buffer from an earlier session."""
        self.set_interval(AUTOSAVE_SECONDS, self.autosave_now, name="autosave")
        self.warroom_app.editing = str(self.ref)
        self.call_after_refresh(self.warroom_app.beat)  # the others see it at once
        if self.restorable is not None:
            self.app.push_screen(restore_dialog(self.restorable), self._restore_answered)

    async def _restore_answered(self, choice: str | None) -> None:
        kept = self.restorable
        self.restorable = None
        if kept is None:
            return
        if choice == "r":
            self.query_one("#editor-source", TextArea).load_text(kept.autosaved.source)
            self.base_version = kept.autosaved.base_version
            self.notify("Autosaved text restored: ctrl+s to save it.", markup=False)
        elif choice == "d":
            ref = self.ref
            await self.store(lambda service: service.drop_autosave(ref))
        self._show_state()

    # ------------------------------------------------------------------ autosave
    async def autosave_now(self) -> None:
        """Keep the buffer if it changed since last kept (and drop it once nothing is unsaved)."""
        if self.warroom_app.read_only or not self.is_open:
            return
        text, ref, base = self.text, self.ref, self.base_version
        if text == self._autosaved:
            return
        self._autosaved = text
        if text == self.saved_source:
            await self.store(lambda service: service.drop_autosave(ref))
        else:
            await self.store(lambda service: service.autosave(ref, text, base))

    async def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        """The focus moved (to the problems, a dialog): keep the buffer now."""
        await self.autosave_now()

    def on_unmount(self) -> None:
        """Closed: the next heartbeat says this dashboard edits nothing."""
        if self.warroom_app.editing == str(self.ref):
            self.warroom_app.editing = ""

    async def on_screen_suspend(self) -> None:
        """Another screen covers this one (versions, a dialog): keep the buffer now."""
        await self.autosave_now()

    # ------------------------------------------------------------------ saving
    async def save_source(self, source: str, *, overriding: bool = False) -> DraftVersion | None:
        """Save ``source`` on top of ``base_version``; a race goes to ``resolve_conflict``."""
        ref, base = self.ref, self.base_version
        version = await self.change(
            lambda service: service.save_draft(
                ref, source, base_version=base, overriding=overriding
            ),
            on_conflict=self.resolve_conflict,
        )
        if version is not None or source == self.saved_source:
            await self.store(lambda service: service.drop_autosave(ref))
        if version is not None:
            self.saved_source, self.latest = source, version
            self.base_version = version.number
            self._autosaved = source
        return version

    def resolve_conflict(self, conflict: SaveConflict) -> None:
        """Show both changes; merge, save mine on top, or discard mine."""

        async def chosen(choice: str | None) -> None:
            if choice == "m":
                merged = merge_texts(conflict.base, conflict.theirs, conflict.yours)
                self.take_theirs(conflict, merged.text)
                self.notify(
                    f"Merged with {conflict.theirs_by}'s {conflict.theirs_label}: "
                    + (
                        f"{merged.conflicts} conflict(s) marked <<<<<<< … >>>>>>>; "
                        "keep what should stay, then ctrl+s"
                        if merged.conflicts
                        else "no conflicts; read it, then ctrl+s"
                    ),
                    title="Merged (not saved yet)",
                    severity="warning" if merged.conflicts else "information",
                    markup=False,
                    timeout=10,
                )
            elif choice == "o":
                self.base_version = int(conflict.token)
                await self.save_and_tell(conflict.yours, overriding=True)
            elif choice == "d":
                self.take_theirs(conflict, conflict.theirs)
                ref = self.ref
                await self.store(lambda service: service.drop_autosave(ref))
                self.notify(f"Yours discarded; showing {conflict.theirs_label}.", markup=False)

        self.app.push_screen(conflict_dialog(conflict), chosen)

    def take_theirs(self, conflict: SaveConflict, text: str) -> None:
        """Continue from the saved version (theirs), with ``text`` in the editor."""
        self.base_version = int(conflict.token)
        self.saved_source = conflict.theirs
        self.query_one("#editor-source", TextArea).load_text(text)
        self._show_state()

    async def save_and_tell(self, source: str, *, overriding: bool = False) -> None:
        """Save and say so (the screen words the notification)."""
