"""Intents and reads of the drafting screens: facts, drafts, versions, reviews.

Saving a fact, a draft version or a review goes through here like every other change; the
screens get plain data (``DraftStatus``, ``EditorData``) and never see the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from warroom.domain.draft_kinds import DraftKind, DraftRef
from warroom.domain.draft_versions import DraftVersion, Review
from warroom.domain.fact_sheet import fact_field, format_fact
from warroom.domain.incident import Facts, Incident
from warroom.service.core import ServiceCore
from warroom.service.view import Changed
from warroom.store.drafts import DraftStore, FactEdit, parse_fact_text, team_for

if TYPE_CHECKING:
    from warroom.service.drafting_views import DraftStatus, EditorData

__all__ = [
    "DraftingIntents",
    "FactEdit",
    "draft_title",
    "team_for",
]


def draft_title(incident: Incident, ref: DraftRef) -> str:
    """A draft as screens title it: ``Customer notice e-mail``, ``Briefing: Sales force``."""
    if ref.kind is DraftKind.BRIEFING:
        team = team_for(incident, ref)
        return f"Briefing: {team.name if team else ref.key}"
    if ref.key:  # a per-jurisdiction notice variant
        return f"{ref.kind.label} ({ref.key} variant)"
    return ref.kind.label


class DraftingIntents(ServiceCore):
    """Facts, drafts, versions and reviews."""

    @property
    def drafts(self) -> DraftStore:
        """The drafting records (reads only; changes go through the intents below)."""
        return DraftStore(self.repo)

    # ------------------------------------------------------------------ reads
    def draft_statuses(self) -> list[DraftStatus]:
        """Every draft with its staleness and problems as it would go out now."""
        # Sign-off and merge code loads with the drafting screens, not with every process.
        from warroom.service.drafting_views import DraftStatus
        from warroom.service.signoff_state import draft_approval_state

        store, now = self.drafts, self.clock()
        incident, facts = store.incident(), store.facts()
        return [
            DraftStatus(
                d.ref,
                draft_title(incident, d.ref),
                d,
                d.stale_facts(facts),
                tuple(store.problems(d.ref.kind, d.ref.key, now=now)),
                draft_approval_state(store, d.ref, now),
            )
            for d in store.drafts()
        ]

    def editor_data(self, ref: DraftRef) -> EditorData:
        """A draft's source, the facts and the incident's drafting preparation."""
        from warroom.service.drafting_views import EditorData
        from warroom.service.signoff_state import draft_approval_state

        store = self.drafts
        incident = store.incident()
        draft, facts = store.draft(ref.kind, ref.key), store.facts()
        return EditorData(
            ref,
            draft_title(incident, ref),
            store.source(ref.kind, ref.key),
            facts,
            store.prep(),
            team_for(incident, ref),
            draft.latest,
            draft.stale_facts(facts),
            draft_approval_state(store, ref, self.clock()),
        )

    def versions(self, ref: DraftRef) -> tuple[DraftVersion, ...]:
        """A draft's saved versions, oldest first."""
        return self.drafts.versions(ref.kind, ref.key)

    def facts_and_edits(self) -> tuple[Facts, list[FactEdit]]:
        """The current facts and every edit made to them."""
        store = self.drafts
        return store.facts(), store.fact_edits()

    # ------------------------------------------------------------------ changes
    def set_fact(
        self, field: str, text: str, *, base: str, overriding: bool = False
    ) -> Changed[bool]:
        """Change one fact from what an operator typed; False when it already had that value.

        Args:
            base: The fact's canonical text (``format_fact``) as the operator saw it.
            overriding: Save over another operator's newer value knowingly (the conflict's
                ``token`` is then the base); the timeline records whose change was overridden.

        Raises:
            SaveConflict: someone changed the fact since the operator saw ``base``.
        """
        from warroom.service.conflicts import check_text_base, current_fact

        self.writable()
        store = self.drafts
        with self.repo.transaction():
            current, by = current_fact(store, field)
            yours = format_fact(field, parse_fact_text(field, text))
            label = f"fact “{fact_field(field).label}”"
            note = check_text_base(label, current, by, base, yours, overriding=overriding)
            changed = store.set_fact_text(field, text, self.operator, self.clock(), note=note)
        return self.changed(changed)

    def save_draft(
        self, ref: DraftRef, source: str, *, base_version: int, overriding: bool = False
    ) -> Changed[DraftVersion | None]:
        """Save a new version rendered from the current facts; None when nothing changed.

        Args:
            base_version: The version the operator's text began from (0: the template).
            overriding: Save on top of a newer version knowingly (``base_version`` is then the
                conflict's ``token``); the timeline records which version was overridden.

        Raises:
            SaveConflict: another operator saved a version since ``base_version``.
            IntentRefused: the text still has merge markers.
        """
        from warroom.service.conflicts import check_draft_base, refuse_markers

        self.writable()
        refuse_markers(source)
        store = self.drafts
        with self.repo.transaction():
            draft = store.draft(ref.kind, ref.key)
            note = check_draft_base(store, draft, source, base_version, overriding=overriding)
            version = store.save_version(
                ref.kind,
                ref.key,
                source,
                self.operator,
                self.clock(),
                based_on=base_version,
                note=note,
            )
        return self.changed(version)

    def mark_reviewed(self, ref: DraftRef) -> Changed[Review | None]:
        """Confirm the latest version still reads right; None when nothing is saved yet."""
        self.writable()
        return self.changed(
            self.drafts.mark_reviewed(ref.kind, ref.key, self.operator, self.clock())
        )
