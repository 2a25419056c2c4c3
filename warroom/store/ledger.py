"""Persistence for the notification ledger, the population revisions and update promises.

Tables on the main file: ``ledger_records`` (one document per row an operator has touched:
its steps, channel, reference, recipients, the draft version sent), ``population_revisions``
(append-only: a revision is never edited), ``cadence_promises`` (the latest promise per public
channel), ``channel_updates`` (channels marked updated by hand) and ``holding_uses`` (which draft
version came from which pre-approved statement). The store stores and loads; the service
decides and words the timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from warroom.domain.cadence import ChannelUpdate, Promise
from warroom.domain.clocks import RegulatoryPrep
from warroom.domain.incident import Incident
from warroom.domain.ledger import Audience, LedgerRecord, LedgerState, LedgerStep, Stakeholder
from warroom.domain.population import (
    Counts,
    FilePopulation,
    PopulationRevision,
    counts_from_prep,
)
from warroom.store.errors import StoreError
from warroom.store.records import from_iso, iso
from warroom.store.repository import RepositoryLike

__all__ = ["LedgerStore", "file_stakeholders", "file_revision"]


def _when(text: str | None) -> datetime:
    moment = from_iso(text)
    if moment is None:
        raise StoreError("a stored ledger record has no time")
    return moment


def file_stakeholders(incident: Incident) -> tuple[Stakeholder, ...]:
    """The incident file's ``stakeholders`` (none when the section is absent)."""
    found = incident.extras.get("stakeholders")
    return found if isinstance(found, tuple) else ()


def file_revision(incident: Incident) -> PopulationRevision | None:
    """Revision 0: the file's ``population`` section, else what its regulatory section implies."""
    section = incident.extras.get("population")
    if isinstance(section, FilePopulation):
        at = section.as_of or incident.detected_at
        reason = section.basis or "counts prepared in the incident file"
        return PopulationRevision(0, section.counts, "incident file", at, reason, "incident file")
    prep = incident.extras.get("regulatory")
    regulatory = prep if isinstance(prep, RegulatoryPrep) else None
    counts = counts_from_prep(regulatory, incident.facts.customers_affected)
    if counts is None:
        return None
    return PopulationRevision(
        0, counts, "incident file", incident.detected_at, "from the incident file", "incident file"
    )


# ------------------------------------------------------------------ documents
def _step_to_doc(step: LedgerStep) -> dict[str, Any]:
    return {
        "state": step.state.value,
        "operator": step.operator,
        "at": iso(step.at),
        "note": step.note,
        "automatic": step.automatic,
    }


def _step_from_doc(doc: Mapping[str, Any]) -> LedgerStep:
    return LedgerStep(
        LedgerState(doc["state"]),
        doc["operator"],
        _when(doc["at"]),
        doc.get("note", ""),
        bool(doc.get("automatic", False)),
    )


def _stakeholder_to_doc(who: Stakeholder) -> dict[str, Any]:
    doc = asdict(who)
    doc["audience"] = who.audience.value
    doc["due"] = int(who.due.total_seconds() // 60) if who.due is not None else None
    return doc


def _stakeholder_from_doc(doc: Mapping[str, Any]) -> Stakeholder:
    values = dict(doc)
    values["audience"] = Audience(values["audience"])
    due = values.get("due")
    values["due"] = timedelta(minutes=due) if due is not None else None
    return Stakeholder(**values)


def _record_to_doc(record: LedgerRecord) -> dict[str, Any]:
    return {
        "row_id": record.row_id,
        "steps": [_step_to_doc(s) for s in record.steps],
        "channel": record.channel,
        "reference": record.reference,
        "recipients": record.recipients,
        "note": record.note,
        "draft_version": record.draft_version,
        "draft_hash": record.draft_hash,
        "added": _stakeholder_to_doc(record.added) if record.added else None,
    }


def _record_from_doc(doc: Mapping[str, Any]) -> LedgerRecord:
    added = doc.get("added")
    return LedgerRecord(
        doc["row_id"],
        tuple(_step_from_doc(s) for s in doc.get("steps", [])),
        doc.get("channel", ""),
        doc.get("reference", ""),
        doc.get("recipients"),
        doc.get("note", ""),
        doc.get("draft_version"),
        doc.get("draft_hash", ""),
        _stakeholder_from_doc(added) if added else None,
    )


def _revision_from_doc(doc: Mapping[str, Any]) -> PopulationRevision:
    counts = Counts(
        doc["total"], dict(doc.get("jurisdictions", {})), dict(doc.get("categories", {}))
    )
    return PopulationRevision(
        doc["number"],
        counts,
        doc["operator"],
        _when(doc["at"]),
        doc.get("reason", ""),
        doc.get("source", "entered"),
    )


def _promise_from_doc(doc: Mapping[str, Any]) -> Promise:
    every = doc.get("every_minutes")
    return Promise(
        doc["channel"],
        doc["operator"],
        _when(doc["at"]),
        from_iso(doc.get("due_at")),
        timedelta(minutes=every) if every else None,
    )


def _missed_from_doc(doc: Mapping[str, Any]) -> tuple[Promise, tuple[str, ...]]:
    """The promise and the due times already reported missed."""
    missed = doc.get("missed", [])
    if not isinstance(missed, list) or not all(isinstance(due, str) for due in missed):
        raise TypeError("'missed' is a list of times")
    return _promise_from_doc(doc), tuple(missed)


def _update_from_doc(doc: Mapping[str, Any]) -> ChannelUpdate:
    return ChannelUpdate(doc["channel"], _when(doc["at"]), doc["operator"], doc.get("what", ""))


def _holding_use_from_doc(doc: Mapping[str, Any]) -> tuple[tuple[str, int], dict[str, Any]]:
    kind, version = doc["kind"], doc["version"]
    if not isinstance(kind, str) or not isinstance(version, int) or isinstance(version, bool):
        raise TypeError("a holding use names a draft kind and a version number")
    return (kind, version), dict(doc)


class LedgerStore:
    """Ledger records, population revisions, promises and updates on the war-room file."""

    def __init__(self, repo: RepositoryLike) -> None:
        self.repo = repo

    # ------------------------------------------------------------------ ledger rows
    def records(self) -> dict[str, LedgerRecord]:
        """What operators recorded, by row id."""
        return {r.row_id: r for r in self.repo.decoded("ledger_records", _record_from_doc)}

    def save_record(self, record: LedgerRecord) -> None:
        """Store a row's record in place of the old one (call inside a transaction)."""
        table = self.repo.table("ledger_records")
        table.remove(doc_ids=[d.doc_id for d in table.all() if d.get("row_id") == record.row_id])
        table.insert(_record_to_doc(record))

    # ------------------------------------------------------------------ population
    def revisions(self) -> list[PopulationRevision]:
        """Every revision, oldest first, revision 0 (the file's) included when there is one."""
        stored = sorted(
            self.repo.decoded("population_revisions", _revision_from_doc),
            key=lambda r: r.number,
        )
        first = file_revision(self.repo.snapshot().incident)
        return ([first] if first is not None else []) + stored

    def counts(self) -> Counts | None:
        """The counts now: the latest revision's (None when nobody counted yet)."""
        revisions = self.revisions()
        return revisions[-1].counts if revisions else None

    def add_revision(
        self, counts: Counts, operator: str, now: datetime, reason: str, source: str
    ) -> PopulationRevision:
        """Append a revision numbered after the last (call inside a transaction)."""
        revisions = self.revisions()
        number = (revisions[-1].number if revisions else 0) + 1
        self.repo.table("population_revisions").insert(
            {
                "number": number,
                "total": counts.total,
                "jurisdictions": dict(counts.jurisdictions),
                "categories": dict(counts.categories),
                "operator": operator,
                "at": iso(now),
                "reason": reason,
                "source": source,
            }
        )
        return PopulationRevision(number, counts, operator, now, reason, source)

    # ------------------------------------------------------------------ cadence
    def promises(self) -> dict[str, Promise]:
        """The standing promise per public channel."""
        return {p.channel: p for p in self.repo.decoded("cadence_promises", _promise_from_doc)}

    def missed_recorded(self) -> set[tuple[str, str]]:
        """(channel, due time) of misses already written to the timeline."""
        return {
            (promise.channel, due)
            for promise, missed in self.repo.decoded("cadence_promises", _missed_from_doc)
            for due in missed
        }

    def set_promise(self, promise: Promise | None, channel: str) -> None:
        """Replace a channel's promise (``None`` withdraws it); inside a transaction."""
        table = self.repo.table("cadence_promises")
        table.remove(doc_ids=[d.doc_id for d in table.all() if d.get("channel") == channel])
        if promise is None:
            return
        every = int(promise.every.total_seconds() // 60) if promise.every else None
        table.insert(
            {
                "channel": channel,
                "operator": promise.operator,
                "at": iso(promise.at),
                "due_at": iso(promise.due_at),
                "every_minutes": every,
                "missed": [],
            }
        )

    def mark_missed(self, channel: str, due: datetime) -> None:
        """Remember that the channel's promise was reported missed for this due time."""
        table = self.repo.table("cadence_promises")
        for doc in table.all():
            if doc.get("channel") == channel:
                missed = [*doc.get("missed", []), due.isoformat()]
                table.update({"missed": missed}, doc_ids=[doc.doc_id])

    def updates(self) -> list[ChannelUpdate]:
        """Channels marked updated by hand, oldest first."""
        return sorted(self.repo.decoded("channel_updates", _update_from_doc), key=lambda u: u.at)

    def add_update(self, update: ChannelUpdate) -> None:
        """Record a hand-marked update (inside a transaction)."""
        self.repo.table("channel_updates").insert(
            {
                "channel": update.channel,
                "at": iso(update.at),
                "operator": update.operator,
                "what": update.what,
            }
        )

    # ------------------------------------------------------------------ holding statements
    def holding_uses(self) -> dict[tuple[str, int], dict[str, Any]]:
        """(draft kind, version) → which statement it came from and whether approval held."""
        return dict(self.repo.decoded("holding_uses", _holding_use_from_doc))

    def add_holding_use(self, doc: dict[str, Any]) -> None:
        """Record that a draft version came from a holding statement (inside a transaction)."""
        self.repo.table("holding_uses").insert(doc)
