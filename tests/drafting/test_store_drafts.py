"""Facts edits and draft versions through the real repository (a real file, real locks)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from warroom.domain.drafts import DraftKind, DraftRef, FactError, diff_versions
from warroom.domain.timeline import EventKind
from warroom.store.drafts import DraftStore
from warroom.store.errors import StoreError
from warroom.store.repository import WarRoomRepository


def test_set_fact_overlays_imported_facts_and_records_it(store: DraftStore, now: datetime) -> None:
    assert store.facts().customers_affected == 48200
    now = now + timedelta(minutes=1)  # after the import entry
    assert store.set_fact("customers_affected", 51000, "bob", now)
    assert store.facts().customers_affected == 51000
    assert store.incident().facts.customers_affected == 48200  # the import is untouched
    entry = store.repo.snapshot().timeline[-1]
    assert entry.kind is EventKind.FACT and entry.operator == "bob"
    assert "changed from “48200” to “51000”" in entry.text
    assert not store.set_fact("customers_affected", 51000, "bob", now)  # no change, no entry
    edits = store.fact_edits("customers_affected")
    assert [(e.old, e.new, e.operator) for e in edits] == [("48200", "51000", "bob")]


def test_set_fact_text_parses_and_refuses(store: DraftStore, now: datetime) -> None:
    store.set_fact_text("data_affected", "names\npostal addresses", "ann", now)
    assert store.facts().data_affected == ("names", "postal addresses")
    with pytest.raises(FactError):
        store.set_fact_text("customers_affected", "lots", "ann", now)


def test_fact_change_marks_the_right_drafts_stale(store: DraftStore, now: datetime) -> None:
    for kind in (DraftKind.NOTICE, DraftKind.BANNER, DraftKind.SOCIAL):
        assert store.save_version(kind, "", store.source(kind), "ann", now) is not None
    assert store.stale_drafts() == []
    later = now + timedelta(minutes=5)
    store.set_fact("hotline", "1-800-555-0100", "bob", later)
    stale = {d.ref.kind: facts for d, facts in store.stale_drafts()}
    # notice and social print the hotline; the banner only links to the FAQ
    assert stale == {DraftKind.NOTICE: ("hotline",), DraftKind.SOCIAL: ("hotline",)}
    fact_entry = [e for e in store.repo.snapshot().timeline if e.kind is EventKind.FACT][-1]
    assert "now stale: notice, social" in fact_entry.text
    assert store.mark_reviewed(DraftKind.NOTICE, "", "carol", later) is not None
    assert {d.ref.kind for d, _ in store.stale_drafts()} == {DraftKind.SOCIAL}


def test_versions_are_numbered_and_diffable(store: DraftStore, now: datetime) -> None:
    first = store.save_version("banner", "", "Read {facts.faq_url}", "ann", now)
    assert store.save_version("banner", "", "Read {facts.faq_url}", "ann", now) is None
    second = store.save_version("banner", "", "Please read {facts.faq_url}", "bob", now)
    assert first is not None and second is not None
    versions = store.versions("banner")
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].text == "Read https://www.example.com/security-update"
    diff = diff_versions(versions[0], versions[1])
    assert "-Read {facts.faq_url}" in diff and "+Please read {facts.faq_url}" in diff
    assert store.source("banner") == "Please read {facts.faq_url}"


def test_briefings_are_per_team(store: DraftStore, now: datetime) -> None:
    source = store.source(DraftKind.BRIEFING, "sales")
    version = store.save_version("briefing", "sales", source, "ann", now)
    assert version is not None and "Is it safe to keep ordering?" in version.text
    assert "Sales force" in version.text
    with pytest.raises(StoreError):
        store.save_version("briefing", "no-such-team", source, "ann", now)


def test_another_process_sees_saved_versions(
    store: DraftStore, db_path: Path, now: datetime
) -> None:
    store.save_version("social", "", "Hello {facts.faq_url}", "ann", now)
    other = WarRoomRepository.open(db_path)
    try:
        assert [v.source for v in DraftStore(other).versions("social")] == ["Hello {facts.faq_url}"]
    finally:
        other.close()


def test_sample_notice_has_no_blocking_problem(store: DraftStore, now: datetime) -> None:
    assert store.notice_blocked(now) == []
    # The Massachusetts variant is its own letter, checked against its own profile.
    assert store.notice_blocked(now, "massachusetts") == []
    assert DraftRef(DraftKind.NOTICE, "massachusetts") in store.refs()
    store.set_fact("faq_url", "", "bob", now)  # an emptied fact must block again
    assert {p.rule_id for p in store.notice_blocked(now)} >= {"placeholders.unfilled"}
    assert {p.rule_id for p in store.notice_blocked(now, "massachusetts")} >= {
        "placeholders.unfilled"
    }
