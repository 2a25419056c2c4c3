"""``Mention.parsed`` (the parser's cheap constructor) builds the very object ``Mention()`` does."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from datetime import UTC, datetime, timedelta

import pytest

from warroom.domain.mentions import Mention, dedup_keys

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def _fields(i: int) -> dict[str, object]:
    return {
        "id": f"id{i}",
        "feed_id": "f",
        "title": f"Northwind breach {i}",
        "url": f"https://news.example.com/{i}",
        "published": NOW - timedelta(minutes=i),
        "fetched_at": NOW,
        "summary": "text " * i,
        "author": "Desk" if i % 2 else "",
        "domain": "news.example.com",
        "entry_id": f"tag:x,2026:{i}" if i % 3 else "",
        "keywords": ("breach",) * (i % 3),
        "respond_first": bool(i % 2),
        "canonical_url": f"https://news.example.com/{i}",
        "reach": "tier1" if i % 5 == 0 else "",
    }


def test_parsed_takes_every_field_in_order() -> None:
    names = [f.name for f in dataclasses.fields(Mention)]
    assert list(inspect.signature(Mention.parsed).parameters) == names


@pytest.mark.parametrize("i", range(12))
def test_parsed_equals_the_dataclass_constructor(i: int) -> None:
    plain = Mention(**_fields(i))  # type: ignore[arg-type]
    cheap = Mention.parsed(**_fields(i))  # type: ignore[arg-type]
    assert cheap == plain and hash(cheap) == hash(plain) and repr(cheap) == repr(plain)
    assert dataclasses.asdict(cheap) == dataclasses.asdict(plain)
    assert pickle.loads(pickle.dumps(cheap)) == plain
    assert dataclasses.replace(cheap, title="other") == dataclasses.replace(plain, title="other")
    assert dedup_keys(cheap) == dedup_keys(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cheap.title = "changed"  # type: ignore[misc]
    assert cheap != Mention.parsed(**{**_fields(i), "reach": "own"})  # type: ignore[arg-type]
