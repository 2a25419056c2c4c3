"""Every table is read through the quarantine: one damaged document never stops the room.

Before, the snapshot's tables were set aside document by document, but the others (approvals,
fact edits, draft versions and reviews, ledger records, counts, promises, updates, holding
statement uses, clock triggers, pauses, closures, review answers, ignore rules, triage read
inside a write, feed states read inside a poll) were decoded directly: one document missing a
field raised ``KeyError`` out of the screen or command that read it. Now each table is read
through ``repo.decoded``: the document is set aside with its position, the rest loads, and
``quarantined()`` tells the operator. Real database files; Hypothesis fuzzes every table.
"""

from __future__ import annotations

import copy
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.boundary.test_fuzz import SAMPLE, _bounded, json_values
from warroom.domain.feed_state import FeedState
from warroom.store import records
from warroom.store.approvals import ApprovalStore
from warroom.store.drafts import DraftStore
from warroom.store.ledger import LedgerStore
from warroom.store.regulatory import RegulatoryStore
from warroom.store.repository import WarRoomRepository

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
AT = records.iso(NOW)

DOCS: dict[str, dict[str, Any]] = {
    "draft_approvals": {
        "ref": "notice", "id": "ap-1", "version": 1, "role": "legal", "operator": "ana",
        "at": AT, "digest": "d1",
    },
    "fact_edits": {
        "id": "fact-1", "field": "hotline", "old": "1", "new": "1-800-555-0100",
        "operator": "ana", "at": AT,
    },
    "draft_versions": {
        "kind": "notice", "key": "", "number": 1, "source": "Hello", "text": "Hello",
        "operator": "ana", "at": AT, "facts_used": {},
    },
    "draft_reviews": {
        "kind": "notice", "key": "", "version": 1, "operator": "ana", "at": AT, "facts_seen": {},
    },
    "ledger_records": {
        "row_id": "row-1",
        "steps": [{"state": "drafted", "operator": "ana", "at": AT, "automatic": False}],
        "channel": "", "reference": "", "recipients": None, "note": "", "draft_version": None,
        "draft_hash": "", "added": None,
    },
    "population_revisions": {
        "number": 1, "total": 10, "jurisdictions": {"US-CA": 10}, "categories": {},
        "operator": "ana", "at": AT, "reason": "count", "source": "entered",
    },
    "cadence_promises": {
        "channel": "x", "operator": "ana", "at": AT, "due_at": AT, "every_minutes": 60,
        "missed": [AT],
    },
    "channel_updates": {"channel": "x", "at": AT, "operator": "ana", "what": "posted"},
    "holding_uses": {"kind": "notice", "version": 1, "statement": "s1"},
    "triggers": {"name": "discovery", "at": AT, "operator": "ana", "set_at": AT, "why": ""},
    "pauses": {
        "kind": "law-enforcement", "clocks": ["c1"], "start": AT, "end": None,
        "operator": "ana", "why": "",
    },
    "review_answers": {"question_id": "q1", "text": "t", "operator": "ana", "at": AT},
    "closures": {"calendar": "us", "date": "2026-11-27", "why": ""},
    "ignore_rules": {"pattern": "spam", "operator": "ana", "at": AT},
    "triage": {"mention_id": "m1", "state": "monitor", "operator": "ana", "at": AT},
    "feeds": records.feed_state_to_doc(FeedState("alerts-northwind", "https://e.com/f")),
    "added_feeds": {
        "id": "ui-x", "name": "X", "url": "https://e.com/x", "poll_seconds": 300,
        "operator": "ana", "at": AT,
    },
}  # fmt: skip
"""One valid document per table, as warroom writes it (two of each go in the file)."""


def _read_everything(repo: WarRoomRepository) -> dict[str, int]:
    """Every read path of every table; how many documents each gave back."""
    ledger, clocks, drafts = LedgerStore(repo), RegulatoryStore(repo), DraftStore(repo)
    versions = sum(len(d.versions) for d in drafts.drafts())
    reviews = sum(len(d.reviews) for d in drafts.drafts())
    return {
        "draft_approvals": len(ApprovalStore(repo).approvals()),
        "fact_edits": len(drafts.fact_edits()) + 0 * len(str(drafts.facts())),
        "draft_versions": versions,
        "draft_reviews": reviews,
        "ledger_records": len(ledger.records()),
        "population_revisions": len([r for r in ledger.revisions() if r.number > 0]),
        "cadence_promises": len(ledger.promises()) + 0 * len(ledger.missed_recorded()),
        "channel_updates": len(ledger.updates()),
        "holding_uses": len(ledger.holding_uses()),
        "triggers": len(clocks.triggers()),
        "pauses": len(clocks.pauses()),
        "review_answers": len(clocks.answers()),
        "closures": len(clocks.closures()),
        "ignore_rules": len(repo.ignore_rules()),
        "triage": len(repo.triage_records()),
        "feeds": len(repo.feed_states()),
        "added_feeds": len(repo.added_feeds()),
    }


def _database(folder: Path) -> dict[str, Any]:
    """The sample incident plus two documents in every table, as JSON."""
    db = folder / "warroom.json"
    repo = WarRoomRepository.open(db, create=True)
    try:
        repo.import_incident(copy.deepcopy(SAMPLE), "ana", NOW, source="sample")
    finally:
        repo.close()
    content: dict[str, Any] = json.loads(db.read_text("utf-8"))
    for table, doc in DOCS.items():
        second = copy.deepcopy(doc)
        for key in ("id", "row_id", "channel", "name", "question_id", "pattern", "mention_id",
                    "feed_id", "calendar", "kind"):  # fmt: skip
            if isinstance(second.get(key), str) and table not in ("draft_versions",):
                second[key] += "-2" if key not in ("kind",) or table == "pauses" else ""
        if table in ("draft_versions", "population_revisions"):
            second["number"] = 2
        if table in ("draft_reviews", "holding_uses", "draft_approvals"):
            second["version"] = 2
        if table == "added_feeds":
            second["url"] = "https://e.com/y"
        content[table] = {"1": copy.deepcopy(doc), "2": second}
    return content


def _write(folder: Path, content: dict[str, Any]) -> Path:
    db = folder / "warroom.json"
    db.write_text(json.dumps(content), encoding="utf-8")
    return db


def _read(db: Path) -> tuple[dict[str, int], tuple[str, ...]]:
    """Open the file, read every table, and say what was set aside."""
    repo = WarRoomRepository.open(db)
    try:
        return _read_everything(repo), repo.quarantined()
    finally:
        repo.close()


def test_every_table_reads_both_documents_when_whole(tmp_path: Path) -> None:
    counts, told = _read(_write(tmp_path, _database(tmp_path)))
    assert told == ()
    assert counts == {table: 2 for table in DOCS}


@pytest.mark.parametrize("table", sorted(DOCS))
def test_a_document_missing_a_field_is_set_aside_and_the_rest_loads(
    tmp_path: Path, table: str
) -> None:
    content = _database(tmp_path)
    required = next(iter(DOCS[table]))  # the first field of each is one its decoder needs
    del content[table]["1"][required]
    counts, told = _read(_write(tmp_path, content))
    assert counts[table] == 1
    assert {k: v for k, v in counts.items() if k != table} == {t: 2 for t in DOCS if t != table}
    assert any(f"table {table!r}, document 1" in line for line in told), told


@given(st.data())
def test_fuzz_every_table(data: st.DataObject) -> None:
    """Any field of any document of any table deleted or replaced: a result or a UserError."""
    with tempfile.TemporaryDirectory() as folder:
        content = _database(Path(folder))
        table = data.draw(st.sampled_from(sorted(DOCS)))
        doc = content[table][data.draw(st.sampled_from(["1", "2"]))]
        key = data.draw(st.sampled_from(sorted(doc)))
        if data.draw(st.booleans()):
            del doc[key]
        else:
            doc[key] = data.draw(json_values)
        db = _write(Path(folder), content)
        _bounded(lambda: _read(db))
