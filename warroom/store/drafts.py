"""Persistence for the facts sheet's edits and every draft's versions and reviews.

The imported facts (from the incident file) never change here; operator edits are kept as
their own records (who, when, old and new value) and overlaid, so re-importing the preparation
never loses them and the timeline can say exactly who changed the count of customers when.

Tables on the main file: ``fact_edits``, ``draft_versions``, ``draft_reviews``. Values are
stored as the canonical strings of ``warroom.domain.drafts.format_fact`` (round-tripped by
``parse_fact``), datetimes as ISO strings, ids as our own strings.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from warroom.domain.draft_kinds import DraftKind, DraftRef
from warroom.domain.draft_prep import DEFAULT_PREP, DraftingPrep
from warroom.domain.draft_rendering import render
from warroom.domain.draft_versions import Draft, DraftVersion, Review
from warroom.domain.fact_sheet import fact_field, format_fact, parse_fact, with_fact
from warroom.domain.incident import Facts, Incident, Team
from warroom.domain.text import inert
from warroom.domain.timeline import EventKind
from warroom.store.errors import StoreError
from warroom.store.records import from_iso, iso
from warroom.store.repository import RepositoryLike, new_id

if TYPE_CHECKING:  # the checks load with the first draft checked, not before the first frame
    from warroom.domain.checks import Problem

__all__ = [
    "DraftStore",
    "FactEdit",
    "RepositoryLike",
    "drafting_prep",
    "team_for",
    "parse_fact_text",
]


@dataclass(frozen=True)
class FactEdit:
    """One change to the sheet of facts."""

    id: str
    field: str
    old: str
    new: str
    operator: str
    at: datetime


def drafting_prep(incident: Incident) -> DraftingPrep:
    """The incident file's drafting section, or the defaults when it has none."""
    prep = incident.extras.get("drafting")
    return prep if isinstance(prep, DraftingPrep) else DEFAULT_PREP


def team_for(incident: Incident, ref: DraftRef) -> Team | None:
    """The team a briefing is for (``None`` for other kinds)."""
    if ref.kind is not DraftKind.BRIEFING:
        return None
    return next((t for t in incident.teams if t.id == ref.key), None)


def _short(value: str, limit: int = 120) -> str:
    flat = " / ".join(line for line in value.split("\n") if line.strip())
    return f"“{flat[: limit - 1]}…”" if len(flat) > limit else f"“{flat}”" if flat else "(empty)"


class DraftStore:
    """Facts edits and drafts, on top of the war-room repository.

    Reads are cheap (one pass over three small tables); every write is one transaction that
    also appends its timeline entry, so the record and the change never disagree.
    """

    def __init__(self, repo: RepositoryLike) -> None:
        self.repo = repo

    # ------------------------------------------------------------------ preparation
    def incident(self) -> Incident:
        """The imported incident."""
        return self.repo.snapshot().incident

    def prep(self) -> DraftingPrep:
        """Templates, profiles and limits from the incident file."""
        return drafting_prep(self.incident())

    def refs(self) -> list[DraftRef]:
        """Every draft the incident calls for: the four messages and one briefing per team."""
        fixed = [DraftRef(k) for k in DraftKind if k is not DraftKind.BRIEFING]
        variants = [DraftRef(DraftKind.NOTICE, v.id) for v in self.prep().variants]
        teams = [DraftRef(DraftKind.BRIEFING, t.id) for t in self.incident().teams]
        return fixed + variants + teams

    def _check_ref(self, ref: DraftRef) -> DraftRef:
        if ref.kind is DraftKind.BRIEFING:
            if team_for(self.incident(), ref) is None:
                raise StoreError(f"no team {ref.key!r} in this incident to brief")
        elif ref.key and not (ref.kind is DraftKind.NOTICE and self.prep().variant(ref.key)):
            raise StoreError(f"a {ref.kind.value} draft has no key (got {ref.key!r})")
        return ref

    # ------------------------------------------------------------------ facts
    def fact_edits(self, field: str | None = None) -> list[FactEdit]:
        """Edits to the facts, oldest first (optionally of one field)."""
        edits = sorted(self.repo.decoded("fact_edits", _fact_edit_from_doc), key=_edit_order)
        return [e for e in edits if field is None or e.field == field]

    def facts(self) -> Facts:
        """The current facts: the imported ones with every operator edit applied in order."""
        return self._facts_from(self.incident().facts, self.fact_edits())

    @staticmethod
    def _facts_from(imported: Facts, edits: list[FactEdit]) -> Facts:
        facts = imported
        for edit in edits:
            try:
                facts = with_fact(facts, edit.field, parse_fact(edit.field, edit.new))
            except ValueError:
                continue  # written by a newer warroom with a field this one lacks
        return facts

    def set_fact(
        self, field: str, value: object, operator: str, now: datetime, *, note: str = ""
    ) -> bool:
        """Change one fact (a typed value, e.g. ``48200`` or a tuple); False if unchanged.

        The timeline records "fact X changed from … to …" and which drafts it made stale.
        """
        fact_field(field)  # raises FactError for an unknown name
        new_text = format_fact(field, value)
        with self.repo.transaction():
            table = self.repo.table("fact_edits")
            before = self._facts_from(self.incident().facts, self.fact_edits())
            old_text = format_fact(field, getattr(before, field))
            if old_text == new_text:
                return False
            table.insert(
                {
                    "id": new_id("fact"),
                    "field": field,
                    "old": old_text,
                    "new": new_text,
                    "operator": operator,
                    "at": iso(now),
                }
            )
            after = with_fact(before, field, parse_fact(field, new_text))
            newly = [
                str(d.ref) for d in self._drafts() if d.is_stale(after) and not d.is_stale(before)
            ]
            stale = f"; now stale: {', '.join(newly)}" if newly else ""
            label = fact_field(field).label
            self.repo.record(
                EventKind.FACT,
                f"Fact “{label}” changed from {_short(old_text)} to {_short(new_text)}{stale}"
                f"{note}",
                operator,
                now,
            )
        return True

    def set_fact_text(
        self, field: str, text: str, operator: str, now: datetime, *, note: str = ""
    ) -> bool:
        """Change one fact from what an operator typed (``FactError`` if it is not valid)."""
        return self.set_fact(field, parse_fact_text(field, text), operator, now, note=note)

    # ------------------------------------------------------------------ drafts
    def _drafts(self) -> list[Draft]:
        versions: dict[DraftRef, list[DraftVersion]] = {}
        for ref, version in self.repo.decoded("draft_versions", _version_from_doc):
            versions.setdefault(ref, []).append(version)
        reviews: dict[DraftRef, list[Review]] = {}
        for ref, review in self.repo.decoded("draft_reviews", _review_from_doc):
            reviews.setdefault(ref, []).append(review)
        return [
            Draft(
                ref,
                tuple(sorted(versions.get(ref, []), key=lambda v: v.number)),
                tuple(sorted(reviews.get(ref, []), key=lambda r: r.at)),
            )
            for ref in sorted(set(versions) | set(reviews))
        ]

    def draft(self, kind: DraftKind | str, key: str = "") -> Draft:
        """A draft with all its versions and reviews (no versions yet: a fresh ``Draft``)."""
        ref = DraftRef(DraftKind(kind), key)
        return next((d for d in self._drafts() if d.ref == ref), Draft(ref))

    def drafts(self) -> list[Draft]:
        """Every draft the incident calls for, saved or not, in ``refs()`` order."""
        saved = {d.ref: d for d in self._drafts()}
        return [saved.get(ref, Draft(ref)) for ref in self.refs()]

    def versions(self, kind: DraftKind | str, key: str = "") -> tuple[DraftVersion, ...]:
        """The saved versions of a draft, oldest first."""
        return self.draft(kind, key).versions

    def source(self, kind: DraftKind | str, key: str = "") -> str:
        """What the editor opens: the latest saved source, else the incident file's template."""
        latest = self.draft(kind, key).latest
        return latest.source if latest else self.prep().source_for(DraftKind(kind), key)

    def save_version(
        self,
        kind: DraftKind | str,
        key: str,
        source: str,
        operator: str,
        now: datetime,
        *,
        based_on: int | None = None,
        note: str = "",
    ) -> DraftVersion | None:
        """Save a new version (ctrl+s), rendered from the current facts; None if unchanged.

        Saving counts as a review: the operator saw the preview with the facts as they are.
        ``based_on`` is the version the operator's edit began from (kept with the version);
        ``note`` is added to the timeline entry (the service words an override there).
        """
        ref = self._check_ref(DraftRef(DraftKind(kind), key))
        source = source.replace("\r\n", "\n")
        with self.repo.transaction():
            draft = self.draft(ref.kind, ref.key)
            facts = self.facts()
            latest = draft.latest
            if latest is not None and latest.source == source and not draft.is_stale(facts):
                return None
            team = team_for(self.incident(), ref)
            rendered = render(source, facts, team=team, last_updated=now)
            version = DraftVersion(
                (latest.number if latest else 0) + 1,
                source,
                rendered.text,
                operator,
                now,
                dict(rendered.facts_used),
            )
            self.repo.table("draft_versions").insert(
                {
                    "id": f"dv-{uuid.uuid4().hex[:16]}",
                    "kind": ref.kind.value,
                    "key": ref.key,
                    "number": version.number,
                    "source": version.source,
                    "text": version.text,
                    "operator": operator,
                    "at": iso(now),
                    "facts_used": dict(version.facts_used),
                    "based_on": based_on,
                }
            )
            self.repo.record(
                EventKind.DRAFT,
                f"Saved {self._label(ref)} v{version.number}{note}",
                operator,
                now,
            )
        return version

    def mark_reviewed(
        self, kind: DraftKind | str, key: str, operator: str, now: datetime
    ) -> Review | None:
        """Confirm the latest version still reads right with the current facts.

        Returns:
            The review, or None when there is no saved version to review.
        """
        ref = DraftRef(DraftKind(kind), key)
        with self.repo.transaction():
            draft = self.draft(ref.kind, ref.key)
            latest = draft.latest
            if latest is None:
                return None
            current = render(
                latest.source, self.facts(), team=team_for(self.incident(), ref), last_updated=now
            )
            changed = draft.stale_facts(self.facts())
            review = Review(latest.number, operator, now, dict(current.facts_used))
            self.repo.table("draft_reviews").insert(
                {
                    "id": f"rv-{uuid.uuid4().hex[:16]}",
                    "kind": ref.kind.value,
                    "key": ref.key,
                    "version": review.version,
                    "operator": operator,
                    "at": iso(now),
                    "facts_seen": dict(review.facts_seen),
                }
            )
            against = (
                " against changed " + ", ".join(fact_field(f).label for f in changed)
                if changed
                else ""
            )
            self.repo.record(
                EventKind.DRAFT,
                f"Reviewed {self._label(ref)} v{latest.number}{against}",
                operator,
                now,
            )
        return review

    def stale_drafts(self) -> list[tuple[Draft, tuple[str, ...]]]:
        """Drafts a fact change has made stale, each with the facts that changed under it."""
        facts = self.facts()
        return [(d, d.stale_facts(facts)) for d in self._drafts() if d.is_stale(facts)]

    def rendered(self, kind: DraftKind | str, key: str = "", *, now: datetime) -> str:
        """The draft as it would go out now: its latest source rendered from current facts."""
        ref = DraftRef(DraftKind(kind), key)
        latest = self.draft(ref.kind, ref.key).latest
        source = latest.source if latest else self.prep().source_for(ref.kind, ref.key)
        stamp = latest.at if latest else now
        return render(
            source, self.facts(), team=team_for(self.incident(), ref), last_updated=stamp
        ).text

    def problems(self, kind: DraftKind | str, key: str = "", *, now: datetime) -> list[Problem]:
        """The checks on the draft as it would go out now."""
        from warroom.domain.checks import check_draft

        prep = self.prep()
        text = self.rendered(kind, key, now=now)
        profiles = prep.profiles_for(DraftKind(kind), key)
        return check_draft(kind, text, self.facts(), profiles, now, prep=prep)

    def notice_blocked(self, now: datetime, variant: str = "") -> list[Problem]:
        """Blocking problems of the notice: "first notice sent" may not be ticked while any.

        ``variant`` names a per-jurisdiction notice (``massachusetts``), checked against its
        own profiles, for the checklist item that sends it.
        """
        from warroom.domain.checks import has_blocking

        problems = self.problems(DraftKind.NOTICE, variant, now=now)
        return [p for p in problems if has_blocking([p])]

    def _label(self, ref: DraftRef) -> str:
        if ref.kind is DraftKind.BRIEFING:
            team = team_for(self.incident(), ref)
            return f"briefing for {team.name if team else ref.key}"
        return ref.kind.label.lower()


def parse_fact_text(field: str, text: str) -> object:
    """What an operator typed for a fact, made inert and parsed (``FactError`` if invalid)."""
    return parse_fact(field, inert(text, limit=4000, keep_newlines=True))


def _fact_edit_from_doc(d: dict[str, Any]) -> FactEdit:
    return FactEdit(d["id"], d["field"], d["old"], d["new"], d["operator"], _when(d["at"]))


def _edit_order(edit: FactEdit) -> tuple[datetime, str]:
    return edit.at, edit.id


def _ref_from_doc(doc: dict[str, Any]) -> DraftRef:
    key = doc["key"]
    if not isinstance(key, str):
        raise TypeError("a draft's key is text")
    return DraftRef(DraftKind(doc["kind"]), key)


def _version_from_doc(doc: dict[str, Any]) -> tuple[DraftRef, DraftVersion]:
    version = DraftVersion(
        doc["number"],
        doc["source"],
        doc["text"],
        doc["operator"],
        _when(doc["at"]),
        dict(doc["facts_used"]),
    )
    return _ref_from_doc(doc), version


def _review_from_doc(doc: dict[str, Any]) -> tuple[DraftRef, Review]:
    review = Review(doc["version"], doc["operator"], _when(doc["at"]), dict(doc["facts_seen"]))
    return _ref_from_doc(doc), review


def _when(text: str) -> datetime:
    moment = from_iso(text)
    if moment is None:
        raise StoreError("a stored draft record has no time")
    return moment
