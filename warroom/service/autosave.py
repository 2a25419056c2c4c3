"""Autosave and restore of the editor's buffer, per operator and draft.

The editor calls ``autosave`` every few seconds while its buffer changed and on every focus
change; a later open of the same draft by the same operator (after a crash, a ``kill -9``, a
dropped SSH session) gets ``restorable`` with what differs from the last saved version, and
offers it. Saving or discarding drops it. The buffers are small files of their own
(``warroom.store.autosave``), so autosaving never rewrites the shared main file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from warroom.domain.draft_kinds import DraftRef
from warroom.domain.draft_versions import diff_texts
from warroom.service.core import ServiceCore
from warroom.store.drafts import DraftStore

if TYPE_CHECKING:  # the buffers' files are opened by the editor, not before the first frame
    from warroom.service.drafting_views import Restorable
    from warroom.store.autosave import AutosaveStore

__all__ = ["AutosaveIntents"]


class AutosaveIntents(ServiceCore):
    """Keep, offer and drop one operator's unsaved buffers."""

    @property
    def autosaves(self) -> AutosaveStore:
        """This operator's autosaved buffers on this database."""
        from warroom.store.autosave import AutosaveStore

        return AutosaveStore(self.repo.path, self.operator)

    def autosave(self, ref: DraftRef, source: str, base_version: int) -> None:
        """Keep the editor's buffer (crash-safe), replacing the last one kept."""
        self.writable()
        self.autosaves.put(str(ref), source, base_version, self.clock())

    def restorable(self, ref: DraftRef) -> Restorable | None:
        """The kept buffer when it differs from the latest saved source, else None."""
        from warroom.service.drafting_views import Restorable

        kept = self.autosaves.get(str(ref))
        if kept is None:
            return None
        store = DraftStore(self.repo)
        latest = store.draft(ref.kind, ref.key).latest
        saved = store.source(ref.kind, ref.key)
        if kept.source == saved:
            return None
        diff = diff_texts(saved, kept.source, "saved", "autosaved", context=2)
        return Restorable(kept, saved, latest.number if latest else 0, diff)

    def drop_autosave(self, ref: DraftRef) -> None:
        """Forget the kept buffer (the draft was saved, or the operator discarded the edit)."""
        if not self.read_only:
            self.autosaves.drop(str(ref))
