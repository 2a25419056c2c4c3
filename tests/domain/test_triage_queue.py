"""The pure parts of triage at volume: next untriaged, bulk targets, the live filter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from warroom.domain.mentions import Mention, Triage
from warroom.domain.triage_queue import bulk_targets, next_untriaged, parse_live_filter

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
N, IG, M = Triage.NEW, Triage.IGNORE, Triage.MONITOR


@pytest.mark.parametrize(
    ("states", "after", "expected"),
    [
        ([N, N, N], 0, 1),
        ([N, IG, M, N], 0, 3),  # skips what is already decided
        ([N, IG, M, IG], 2, 0),  # wraps to the top
        ([IG, M, IG], 1, None),  # nothing left
        ([N, IG], -1, 0),
        ([], 0, None),
    ],
)
def test_next_untriaged(states: list[Triage], after: int, expected: int | None) -> None:
    assert next_untriaged(states, after) == expected


def test_next_untriaged_without_wrapping_stops_at_the_end() -> None:
    assert next_untriaged([N, IG, IG], 1, wrap=False) is None


def test_bulk_targets_are_the_marked_ones_else_the_highlighted_one() -> None:
    assert bulk_targets({"m3", "m1"}, "m2") == ("m1", "m3")
    assert bulk_targets(set(), "m2") == ("m2",)
    assert bulk_targets(set(), None) == ()


def mention(title: str, domain: str = "news.example.com", **kw: object) -> Mention:
    return Mention("m", "f", title, f"https://{domain}/x", NOW, NOW, domain=domain, **kw)  # type: ignore[arg-type]


def test_the_live_filter_reads_words_phrases_exclusions_and_fields() -> None:
    hotline = mention("Northwind hotline number is fake", "www.bbc.co.uk", respond_first=True)
    reddit = mention("Northwind breach thread", "reddit.com")
    assert parse_live_filter("northwind").matches(hotline, N)
    assert parse_live_filter('"hotline number" -reddit').matches(hotline, N)
    assert not parse_live_filter("northwind -reddit").matches(reddit, N)
    assert parse_live_filter("site:bbc.co.uk").matches(hotline, N)
    assert not parse_live_filter("site:bbc.co.uk").matches(reddit, N)
    assert parse_live_filter("flag:first is:new").matches(hotline, N)
    assert not parse_live_filter("is:new").matches(hotline, IG)
    assert not parse_live_filter("flag:first").matches(reddit, N)
    accented = mention("Régulateur saisi après la fuite", reach="regulator")
    assert parse_live_filter("regulateur reach:regulator").matches(accented, N)


def test_a_half_typed_filter_never_fails_and_escape_clears_it() -> None:
    typing = parse_live_filter('"hotline num')
    assert typing.include == ("hotline", "num") and typing.active
    assert typing.title == 'filter: "hotline num'
    cleared = parse_live_filter("")
    assert not cleared.active and cleared.title == ""
    assert cleared.matches(mention("anything"), IG)
