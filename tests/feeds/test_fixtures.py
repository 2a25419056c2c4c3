"""Every fidelity and identity case of issue 12, fetched from the real loopback server.

Each fixture in ``fixtures/`` is served by ``feedsrv`` and polled with ``FeedPoller`` exactly as
``warroom poll`` does (real HTTP, the final URL as the base for relative links); then polled
again, and the second poll must store nothing new, for every fixture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from feedsrv import FIXTURES, FeedTestServer

from warroom.domain.incident import FeedSource
from warroom.domain.mentions import Mention
from warroom.domain.syndication import group_syndicated
from warroom.feeds.poller import FeedPoller, Outcome, PollResult
from warroom.store.mention_shards import MentionShards

ALL = sorted(p.name for p in FIXTURES.iterdir() if p.suffix in (".xml", ".json"))


async def poll(server: FeedTestServer, name: str, mode: str = "inline") -> PollResult:
    source = FeedSource(name.split(".")[0], name, server.url(f"/feeds/{name}"))
    async with FeedPoller(parse_mode=mode) as poller:
        return await poller.poll([source], {}, force=True)


async def mentions_of(server: FeedTestServer, name: str) -> tuple[Mention, ...]:
    result = await poll(server, name)
    (outcome,) = result.outcomes
    assert outcome.outcome is Outcome.OK, outcome.error
    return result.mentions


def titles(mentions: Sequence[Mention]) -> list[str]:
    return [m.title for m in mentions]


@pytest.mark.parametrize("name", ALL)
async def test_polling_twice_stores_nothing_the_second_time(
    feed_server: FeedTestServer, name: str, tmp_path: Path
) -> None:
    shards = MentionShards(tmp_path / "warroom.json")
    try:
        first = await poll(feed_server, name)
        stored = shards.add_new(first.mentions)
        assert stored, f"{name}: nothing stored"
        again = await poll(feed_server, name)
        assert [m.id for m in again.mentions] == [m.id for m in first.mentions]
        assert shards.add_new(again.mentions) == []
    finally:
        shards.close()


async def test_plain_text_titles_are_kept_exactly(feed_server: FeedTestServer) -> None:
    atom = await mentions_of(feed_server, "plain-text-titles.atom.xml")
    assert titles(atom) == [
        "Why <script> tags leak tokens",
        "5 < 6 and 7 > 3",
        "Vector<T> overflow in Northwind SDK",
        "Northwind breach & response",  # type="html": read as HTML
        "Closed script is dropped",
    ]
    assert atom[0].summary == "Plain text: a <b> here is not bold."
    rss = await mentions_of(feed_server, "plain-text-titles.rss.xml")
    assert titles(rss) == ["Why <script> tags leak tokens", "5 < 6 and 7 > 3", "Vector<T> overflow"]


async def test_an_unclosed_script_never_swallows_the_rest(feed_server: FeedTestServer) -> None:
    atom = await mentions_of(feed_server, "plain-text-titles.atom.xml")
    assert atom[2].summary == "Before steal() and after: the rest survives"
    assert atom[3].summary == "Unclosed tail text stays visible"


async def test_relative_links_resolve_against_the_feed_url_and_xml_base(
    feed_server: FeedTestServer,
) -> None:
    rss = await mentions_of(feed_server, "relative-links.rss.xml")
    assert [m.url for m in rss] == [
        feed_server.url("/news/northwind-breach"),
        feed_server.url("/feeds/story-2.html"),
        "https://cdn.example.net/archive/2026/story-3.html",
    ]
    assert rss[0].domain == "127.0.0.1"
    atom = await mentions_of(feed_server, "relative-links.atom.xml")
    assert [m.url for m in atom] == [
        feed_server.url("/blog/posts/1"),
        "https://other.example.com/base/posts/2",
    ]


async def test_description_and_enclosure_only_items_are_kept(feed_server: FeedTestServer) -> None:
    found = await mentions_of(feed_server, "description-only.rss.xml")
    assert len(found) == 5  # the RSS 0.92 sample's 3 items, an enclosure, a category
    assert found[0].title.startswith("It's been a few days since I added a song")
    assert found[1].title.startswith("The Other One, live instrumental")
    assert found[1].url == "http://www.scripting.com/mp3s/theOtherOne.mp3"
    assert found[3].url == "http://www.scripting.com/mp3s/onlyEnclosure.mp3"
    assert found[4].title == "(no title)"
    assert len({m.id for m in found}) == 5


async def test_entity_declaring_feeds_are_read_without_expansion(
    feed_server: FeedTestServer,
) -> None:
    result = await poll(feed_server, "entities.rss.xml")
    (outcome,) = result.outcomes
    assert outcome.outcome is Outcome.OK and outcome.warning == "entity declarations ignored"
    assert titles(result.mentions) == ["&company; confirms breach", "Second item"]
    assert result.mentions[0].summary == "&lol2; & more — numeric references still work"


async def test_json_feed_is_read_with_the_same_sanitising(feed_server: FeedTestServer) -> None:
    found = await mentions_of(feed_server, "jsonfeed-1.1.json")
    assert titles(found) == [
        "Why <script> tags leak tokens",
        "A text-only item: 5 < 6 and 7 > 3. Is this email real?",
        "Podcast",
    ]
    assert found[0].summary == "HTML body with bold and an unclosed tail stays"
    assert found[1].url == feed_server.url("/relative/2")  # against where it was fetched
    assert found[1].respond_first and found[1].author == "Reporter"
    assert found[1].published.isoformat() == "2026-11-27T06:30:00+00:00"
    assert found[2].url == "https://json.example.com/ep3.mp3"
    assert found[0].author == "Desk"  # the feed's author when the item has none


async def test_legacy_encoding_is_read_and_said_to_be_guessed(
    feed_server: FeedTestServer,
) -> None:
    result = await poll(feed_server, "legacy-encoding.rss.xml")
    (outcome,) = result.outcomes
    assert outcome.warning.startswith("encoding guessed")
    assert result.mentions[0].title == "Café crème: Northwind ‘breach’ – update"


async def test_url_variants_of_one_article_are_stored_once(
    feed_server: FeedTestServer, tmp_path: Path
) -> None:
    found = await mentions_of(feed_server, "url-variants.rss.xml")  # deduplicated in the poll
    shards = MentionShards(tmp_path / "warroom.json")
    try:
        stored = shards.add_new(found)
    finally:
        shards.close()
    assert stored == list(found)
    assert titles(stored) == [
        "Northwind breach exposes 2 million customers",
        "Northwind hires forensic firm",
    ]
    # the link stays as published; only the dedup key is canonical
    assert "utm_source=rss" in stored[0].url
    assert stored[0].canonical_url == "https://news.example.com/2026/11/northwind"


async def test_syndicated_copies_are_one_group(feed_server: FeedTestServer) -> None:
    found = await mentions_of(feed_server, "syndicated.rss.xml")
    assert len(found) == 3
    (group,) = group_syndicated(found)
    assert group.label == "+2 copies" and group.lead.domain == "daily.example.com"
    assert group.sources == ("daily.example.com", "gazette.example.org", "herald.example.net")


async def test_the_worker_pool_gives_the_same_mentions(feed_server: FeedTestServer) -> None:
    inline = await poll(feed_server, "plain-text-titles.atom.xml")
    pooled = await poll(feed_server, "plain-text-titles.atom.xml", mode="process")

    def same(m: Mention) -> Mention:
        return replace(m, fetched_at=inline.started_at)

    assert [same(m) for m in pooled.mentions] == [same(m) for m in inline.mentions]
