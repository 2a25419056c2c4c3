"""Stored documents decode to exactly the domain objects they were made from."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from warroom.domain.mentions import Mention
from warroom.store.records import mention_from_doc, mention_to_doc


def test_a_mention_survives_the_round_trip_and_equals_one_built_normally() -> None:
    original = Mention(
        id="m1", feed_id="alerts", title="Northwind [/] breach", url="https://example.org/1",
        published=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
        fetched_at=datetime(2026, 11, 27, 9, 31, tzinfo=UTC), summary="s", author="a",
        domain="example.org", entry_id="tag:1", keywords=("Northwind",), respond_first=True,
    )  # fmt: skip
    decoded = mention_from_doc(mention_to_doc(original))
    assert decoded == original and hash(decoded) == hash(original)
    assert set(vars(decoded)) == {f.name for f in dataclasses.fields(Mention)}
    try:
        decoded.title = "changed"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a decoded mention must stay frozen")
