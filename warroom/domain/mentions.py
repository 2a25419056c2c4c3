"""Mentions from monitored feeds, their triage state, and merging new ones without duplicates."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar, overload

from warroom.domain.urls import canonical_url

__all__ = ["Triage", "Priority", "Mention", "TriageRecord", "dedup_keys", "merge_new"]

K = TypeVar("K", bound=Hashable)


class Triage(StrEnum):
    """Each mention is decided case by case."""

    NEW = "new"
    IGNORE = "ignore"
    MONITOR = "monitor"
    RESPOND = "respond"
    RESPONDED = "responded"


class Priority(StrEnum):
    """How urgently a mention needs attention."""

    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


@dataclass(frozen=True)
class Mention:
    """One entry from a monitored feed, already made inert (see ``warroom.domain.text``).

    ``id`` is owned by warroom (derived from the entry id or the real URL), never TinyDB's.
    """

    id: str
    feed_id: str
    title: str
    url: str
    published: datetime
    fetched_at: datetime
    summary: str = ""
    author: str = ""
    domain: str = ""
    entry_id: str = ""
    keywords: tuple[str, ...] = ()
    respond_first: bool = False
    canonical_url: str = ""
    """The dedup form of ``url`` (``warroom.domain.urls``), computed once when parsed and stored:
    the link itself stays as published."""
    reach: str = ""
    """A ``Reach`` value from the incident's outlet list (tier 1 press, a regulator, our own
    domains), or "" for everyone else."""

    @classmethod
    def parsed(
        cls,
        id: str,  # noqa: A002 - the field's own name
        feed_id: str,
        title: str,
        url: str,
        published: datetime,
        fetched_at: datetime,
        summary: str,
        author: str,
        domain: str,
        entry_id: str,
        keywords: tuple[str, ...],
        respond_first: bool,
        canonical_url: str,
        reach: str,
    ) -> Mention:
        """A mention with every field given, built the way a parser builds thousands a second.

        The frozen ``__init__`` sets each of the 14 fields through ``object.__setattr__``
        (8 µs a mention, against 2.5 µs here); filling the instance's dictionary at once gives
        the same object (same fields, equality, hash, pickling). A test compares both.
        """
        mention = object.__new__(cls)
        mention.__dict__.update(
            id=id,
            feed_id=feed_id,
            title=title,
            url=url,
            published=published,
            fetched_at=fetched_at,
            summary=summary,
            author=author,
            domain=domain,
            entry_id=entry_id,
            keywords=keywords,
            respond_first=respond_first,
            canonical_url=canonical_url,
            reach=reach,
        )
        return mention


@dataclass(frozen=True)
class TriageRecord:
    """The operators' decision on one mention; kept apart from the mention text."""

    mention_id: str
    state: Triage
    operator: str
    at: datetime
    priority: Priority = Priority.NORMAL
    assignee: str = ""
    note: str = ""
    reply: str = ""
    reply_where: str = ""
    first_decided_at: datetime | None = None
    """When someone first moved it out of ``new`` (the review's time to triage)."""
    responded_at: datetime | None = None
    """When the reply was first logged (the review's time to respond)."""

    def triaged(self, state: Triage, operator: str, at: datetime) -> TriageRecord:
        """Return this record moved to ``state`` by ``operator`` at ``at``."""
        return replace(self, state=state, operator=operator, at=at)


def dedup_keys(mention: Mention) -> tuple[str, ...]:
    """Return the keys under which a mention counts as already seen.

    The entry id, and the canonical URL together with the title: the same article reached
    through two alerts (with other tracking tags, over http and https, behind a redirect
    wrapper) is one mention, but a registry page that many different breach records link to
    must not swallow all of them (seen in the real breach feed of the test corpus). Mentions
    stored before the canonical URL was kept get it computed here.
    """
    keys = [f"id:{mention.entry_id}"] if mention.entry_id else []
    canonical = mention.canonical_url or (canonical_url(mention.url) if mention.url else "")
    if canonical:
        keys.append(f"url:{canonical}|{' '.join(mention.title.lower().split())}")
    keys.append(f"mid:{mention.id}")
    return tuple(keys)


@overload
def merge_new(seen: set[str], candidates: Iterable[Mention]) -> list[Mention]: ...


@overload
def merge_new(
    seen: set[K], candidates: Iterable[Mention], keys_of: Callable[[Mention], tuple[K, ...]]
) -> list[Mention]: ...


def merge_new(
    seen: set[Any],
    candidates: Iterable[Mention],
    keys_of: Callable[[Mention], tuple[Any, ...]] = dedup_keys,
) -> list[Mention]:
    """Return the candidates not yet seen, and add their keys to ``seen``.

    A set lookup per key, so the cost per entry stays constant however many mentions are stored.
    ``keys_of`` is ``dedup_keys``, or the store's compact hashes of them (its key index).
    """
    fresh: list[Mention] = []
    for mention in candidates:
        keys = keys_of(mention)
        if any(key in seen for key in keys):
            continue
        seen.update(keys)
        fresh.append(mention)
    return fresh
