"""Official channels only: every address, number and link in a draft is one of ours.

Customers are told to trust only the official channels; a draft that names any other helps
phishers, so this is checked on every kind of message, and the same reading is offered for
replies operators log and mention texts they see (``channel_warnings``).

Look-alike domains are found by comparing *skeletons* (Unicode TR39): each character that
looks like an ASCII letter or digit is replaced by it, so ``exаmple.com`` (Cyrillic а) and
``examp1e.com`` both read as ``example.com``. The character table is data
(``warroom/data/confusables.json``, derived from Unicode's confusables list) because the
domain imports only the standard library; punycode labels (``xn--``) are decoded with the
standard library's ``punycode`` codec.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from warroom.data import packaged_text
from warroom.domain.draft_prep import DraftingPrep
from warroom.domain.incident import Facts
from warroom.domain.notice_checks.registry import Draft, Finding, check
from warroom.domain.notice_checks.text import channels_in, dashed_numbers, digits, host, links_in

if TYPE_CHECKING:  # the mention pane's look-alike check needs no rule book
    from warroom.domain.notice_checks.rulebook import RuleBook

__all__ = [
    "Official",
    "official_of",
    "skeleton",
    "display_host",
    "channel_warnings",
    "lookalike_warnings",
]

_ASCII_LOOKALIKES = {"0": "o", "1": "l", "i": "l", "|": "l"}
"""Plain ASCII that reads as another letter in a domain (``examp1e``, ``paypa1``)."""
_SEQUENCES = (("rn", "m"), ("vv", "w"), ("cl", "d"))


@lru_cache(maxsize=1)
def _confusables() -> Mapping[str, str]:
    table: dict[str, str] = json.loads(packaged_text("confusables.json"))["map"]
    return table


def display_host(name: str) -> str:
    """The host as a reader sees it: ``xn--`` labels decoded (``xn--80ak6aa92e.com`` → Cyrillic)."""
    return ".".join(_decoded(label) for label in name.split("."))


def _decoded(label: str) -> str:
    """One ``xn--`` label decoded; anything else (or invalid punycode) as written."""
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return label


def skeleton(name: str) -> str:
    """What a host looks like: look-alike characters folded to the ASCII they imitate."""
    text = unicodedata.normalize("NFKC", display_host(name)).casefold()
    # Accents read as the bare letter at a glance ("exämple"): drop combining marks.
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    table = _confusables()
    text = "".join(table.get(c, _ASCII_LOOKALIKES.get(c, c)) for c in text)
    for sequence, letter in _SEQUENCES:
        text = text.replace(sequence, letter)
    return text.removeprefix("www.")


@dataclass(frozen=True)
class Official:
    """The channels a message may name: the fact sheet's, the incident file's, the rule's."""

    hosts: frozenset[str]
    emails: frozenset[str]
    phones: frozenset[str]


def official_of(facts: Facts, prep: DraftingPrep, params: Mapping[str, Any]) -> Official:
    """Collect the official channels (the sender's own domain counts as official)."""
    written = " ".join(
        [
            facts.hotline,
            facts.faq_url,
            facts.support_email,
            facts.sender_address,
            facts.data_protection_contact,
            facts.postal_address,
            *prep.official_channels,
        ]
    )
    listed = channels_in(written)
    emails = {v.lower() for k, v, _ in listed if k == "email"}
    hosts = {host(v) for k, v, _ in listed if k == "url"}
    hosts |= {host(h) for h in params.get("allowed_hosts", ())}
    hosts |= {e.split("@")[1] for e in emails}
    phones = {digits(v) for k, v, _ in listed if k == "phone"}
    phones |= {digits(n) for n in params.get("allowed_phones", ())}
    return Official(frozenset(hosts), frozenset(emails), frozenset(phones))


def _stranger(kind: str, value: str, official: Official, shorteners: Iterable[str]) -> str:
    """Why ``value`` is not an official channel (``""`` when it is one)."""
    if kind == "url":
        name = host(value)
        if name in official.hosts:
            return ""
        if name in set(shorteners):
            return f"{value} is a link shortener: customers cannot see where it leads"
        return f"{value} is not an official channel on the fact sheet"
    if kind == "email":
        ok = value.lower() in official.emails
        return "" if ok else f"{value} is not an official channel on the fact sheet"
    ok = digits(value) in official.phones
    return "" if ok else f"{value} is not an official channel on the fact sheet"


def _lookalike(value: str, official: Official) -> str:
    """Why a host imitates an official one (``""`` when it does not)."""
    name = host(value) if "@" not in value else value.split("@", 1)[1].lower()
    if name in official.hosts:
        return ""
    shown = display_host(name)
    shape = skeleton(name)
    for real in sorted(official.hosts):
        if shape == skeleton(real):
            return f"{shown} looks like {real} but is not it"
    if name.startswith("xn--") or ".xn--" in name or not name.isascii():
        return f"{shown} is an internationalised (punycode) domain: {name}"
    return ""


@check("official_channels")
def _official_channels(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Every URL (bare domains too), phone number and e-mail address is an official channel."""
    official = official_of(d.facts, d.prep, p)
    found: list[Finding] = []
    for kind, value, line in channels_in(d.text):
        if why := _stranger(kind, value, official, p.get("shorteners", ())):
            found.append((why, line))
    return found


@check("lookalike_domains")
def _lookalike_domains(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """No domain that reads like an official one (or hides behind punycode)."""
    official = official_of(d.facts, d.prep, p)
    found: list[Finding] = []
    for kind, value, line in channels_in(d.text):
        if kind in ("url", "email") and (why := _lookalike(value, official)):
            found.append((why, line))
    return found


@check("unicode_dashes_in_numbers")
def _unicode_dashes_in_numbers(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """Numbers use the plain hyphen-minus, so they can be searched, pasted and compared."""
    return [(f"“{number}” uses a Unicode dash", line) for number, line in dashed_numbers(d.text)]


@check("subject_line")
def _subject_line(d: Draft, p: Mapping[str, Any]) -> list[Finding]:
    """The first line is ``Subject: …`` with a subject after it (the e-mail export needs it)."""
    first = next((line.strip() for line in d.text.splitlines() if line.strip()), "")
    label, _, subject = first.partition(":")
    return [] if label.lower() == "subject" and subject.strip() else [("", 1)]


def channel_warnings(
    text: str, facts: Facts, prep: DraftingPrep, params: Mapping[str, Any] | None = None
) -> list[str]:
    """Warnings for a text an operator logs or reads (a reply, a mention): strangers, look-alikes.

    ``this mention links to a look-alike domain: exаmple.com looks like example.com``; the
    reply log and the mention pane show these beside the text, which itself stays data.
    """
    rule = params or {}
    official = official_of(facts, prep, rule)
    warnings = []
    for kind, value, _ in channels_in(text):
        if kind in ("url", "email") and (why := _lookalike(value, official)):
            warnings.append(f"links to a look-alike domain: {why}")
        elif why := _stranger(kind, value, official, rule.get("shorteners", ())):
            warnings.append(why)
    warnings += [f"“{number}” uses a Unicode dash" for number, _ in dashed_numbers(text)]
    return warnings


@lru_cache(maxsize=4)
def _feed_official(facts: Facts, prep: DraftingPrep) -> Official:
    """``official_of`` for mentions: the pane asks once per row drawn, with the same sheet
    (both arguments are frozen), and reading the sheet's channels was half of each ask."""
    return official_of(facts, prep, {})


def lookalike_warnings(text: str, facts: Facts, prep: DraftingPrep) -> list[str]:
    """For a mention from a feed: only links that imitate ours (any other site is normal).

    ``this mention links to a look-alike domain: exаmple.com looks like example.com``.
    """
    official = _feed_official(facts, prep)
    return [
        f"this mention links to a look-alike domain: {why}"
        for _, value, _ in links_in(text)
        if (why := _lookalike(value, official))
    ]


def reply_warnings(text: str, facts: Facts, prep: DraftingPrep, book: RuleBook) -> list[str]:
    """Why a reply we are about to log points somewhere other than our official channels.

    A reply is held to what the notices are (the rule book's ``official_channels`` rule, so
    the credit bureaus' numbers and sites pass as they do in a notice): during a breach a reply
    that sends people to a stranger's number or a look-alike site is what phishing looks like.
    """
    params = next(
        (r.params for t in book.tables.values() for r in t.rules if r.check == "official_channels"),
        {},
    )
    return channel_warnings(text, facts, prep, params)
