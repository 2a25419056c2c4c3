"""The review measures time to triage from the first decision, not the latest edit."""

from __future__ import annotations

from datetime import datetime, timedelta

from warroom.domain.mentions import Mention, Triage
from warroom.store.regulatory import RegulatoryStore
from warroom.store.repository import WarRoomRepository


def test_first_decision_and_reply_times_are_kept_and_measured(
    repo: WarRoomRepository, fixed_now: datetime
) -> None:
    fetched = fixed_now - timedelta(hours=2)
    repo.add_new_mentions(
        [Mention(id="m1", feed_id="alerts-northwind", title="Northwind breach", url="https://x.example/1",
                 published=fetched, fetched_at=fetched, entry_id="tag:1")]
    )  # fmt: skip
    repo.set_triage("m1", "kim", fetched + timedelta(minutes=10), state=Triage.MONITOR)
    repo.set_triage("m1", "ana", fetched + timedelta(minutes=40), state=Triage.RESPONDED,
                    reply="It is genuine", reply_where="X")  # fmt: skip
    repo.set_triage("m1", "lee", fetched + timedelta(minutes=90), note="follow up tomorrow")
    record = repo.snapshot().triage["m1"]
    assert record.first_decided_at == fetched + timedelta(minutes=10)
    assert record.responded_at == fetched + timedelta(minutes=40)
    assert record.at == fetched + timedelta(minutes=90)  # the latest change
    review = RegulatoryStore(repo).review(fixed_now)
    assert review.median_to_triage == timedelta(minutes=10)
    assert review.median_to_respond == timedelta(minutes=40)
