"""Signals in a mention: respond first (phishing, scams, fakes), and who is speaking (reach).

The playbook's seed: a breach notice looks exactly like a phishing e-mail, so customers who say
so in public must be answered first (point them at the homepage banner and the FAQ). The words
that say so are data (``warroom/data/signals.json``: English, French, German and Spanish), and
the incident file adds its own (``signals`` section), because each breach brings its own
vocabulary ("the hotline number is fake", a look-alike domain). Regexes from either place pass
the ignore rules' guard against catastrophic backtracking.

Reach is a hint from the incident's outlet list: a mention from tier-1 press, a regulator or the
company's own domains is not one among forty a minute.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from warroom.domain.ignore_rules import IgnoreRuleError, check_regex
from warroom.domain.urls import DEFAULT_WRAPPERS, RedirectWrapper

__all__ = [
    "PatternSet",
    "Outlets",
    "Reach",
    "SignalRules",
    "SignalError",
    "compile_patterns",
    "signals_from_data",
    "packaged_signals",
    "speaks_of_phishing",
    "MAX_PATTERN_LENGTH",
]

MAX_PATTERN_LENGTH = 300
"""A word, phrase or expression longer than this is refused (they are short by nature)."""
_SIGNALS_FILE = "signals.json"


class SignalError(ValueError):
    """A signal pattern cannot be used; the message says which and why."""


class Reach(StrEnum):
    """Who published a mention, from the incident's outlet list."""

    OWN = "own"
    REGULATOR = "regulator"
    TIER1 = "tier1"


@dataclass(frozen=True)
class PatternSet:
    """Words (``phish*``: any ending), phrases (words in order) and regular expressions."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outlets:
    """Domains (a domain matches itself and its subdomains) by the reach they give."""

    tier1: tuple[str, ...] = ()
    regulators: tuple[str, ...] = ()
    own: tuple[str, ...] = ()

    def reach_of(self, domain: str) -> str:
        """The ``Reach`` of a mention's domain, or "" when it is on no list."""
        host = domain.lower().rstrip(".").removeprefix("www.")
        if not host:
            return ""
        for reach, listed in (
            (Reach.OWN, self.own),
            (Reach.REGULATOR, self.regulators),
            (Reach.TIER1, self.tier1),
        ):
            for outlet in listed:
                outlet = outlet.lower().removeprefix("www.")
                if host == outlet or host.endswith("." + outlet):
                    return reach.value
        return ""


def _word_pattern(word: str) -> str:
    """``phish*`` -> ``phish\\w*``; everything else literal."""
    stem = word.strip()
    if stem.endswith("*"):
        return re.escape(stem[:-1]) + r"\w*"
    return re.escape(stem)


def _check_length(kind: str, value: str) -> None:
    if not value.strip():
        raise SignalError(f"an empty {kind} is not a signal")
    if len(value) > MAX_PATTERN_LENGTH:
        raise SignalError(f"{kind} {value[:40]!r}… is longer than {MAX_PATTERN_LENGTH} characters")


def compile_patterns(sets: Iterable[PatternSet]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for every word, phrase and regex, on word boundaries.

    Raises ``SignalError`` for an empty, overlong, invalid or catastrophic pattern.
    """
    alternatives: list[str] = []
    for patterns in sets:
        for word in patterns.words:
            _check_length("word", word)
            alternatives.append(_word_pattern(word))
        for phrase in patterns.phrases:
            _check_length("phrase", phrase)
            alternatives.append(r"\s+".join(_word_pattern(w) for w in phrase.split()))
        for source in patterns.regexes:
            _check_length("regex", source)
            try:
                check_regex(source)
                compiled = re.compile(source, re.IGNORECASE)
            except IgnoreRuleError as exc:
                raise SignalError(f"regex {source[:40]!r}: {exc}") from None
            except (re.error, RecursionError, OverflowError) as exc:
                raise SignalError(f"regex {source[:40]!r}: not valid: {exc}") from None
            if compiled.search(""):
                raise SignalError(f"regex {source[:40]!r} matches empty text (flags everything)")
            alternatives.append(f"(?:{source})")
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class SignalRules:
    """Everything the parser needs to flag and classify mentions (picklable: it goes to the
    parse workers)."""

    patterns: tuple[PatternSet, ...] = ()
    wrappers: tuple[RedirectWrapper, ...] = DEFAULT_WRAPPERS
    outlets: Outlets = field(default_factory=Outlets)
    respond_first: re.Pattern[str] | None = None

    @classmethod
    def build(
        cls,
        patterns: Iterable[PatternSet],
        wrappers: Iterable[RedirectWrapper] = DEFAULT_WRAPPERS,
        outlets: Outlets | None = None,
    ) -> SignalRules:
        """Compile the patterns once; raises ``SignalError`` for a bad one."""
        chosen = tuple(patterns)
        return cls(chosen, tuple(wrappers), outlets or Outlets(), compile_patterns(chosen))

    def extended(
        self,
        patterns: PatternSet | None = None,
        wrappers: Iterable[RedirectWrapper] = (),
        outlets: Outlets | None = None,
    ) -> SignalRules:
        """These rules plus an incident's own patterns, wrappers and outlets."""
        more = (patterns,) if patterns is not None else ()
        return SignalRules.build(
            self.patterns + more, self.wrappers + tuple(wrappers), outlets or self.outlets
        )

    def speaks_of_phishing(self, text: str) -> bool:
        """True when ``text`` speaks of phishing, scams or fakes (respond to it first)."""
        return self.respond_first is not None and self.respond_first.search(text) is not None


def _strings(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SignalError(f"{where}.{key} must be a list of strings")
    return tuple(value)


def pattern_set(data: Mapping[str, Any], where: str) -> PatternSet:
    """A ``{"words": [...], "phrases": [...], "regexes": [...]}`` object."""
    unknown = set(data) - {"words", "phrases", "regexes"}
    if unknown:
        raise SignalError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    return PatternSet(
        _strings(data, "words", where),
        _strings(data, "phrases", where),
        _strings(data, "regexes", where),
    )


def wrapper_list(data: object, where: str) -> tuple[RedirectWrapper, ...]:
    """A list of ``{"host": "...", "path": "...", "params": [...]}`` objects."""
    if not isinstance(data, list):
        raise SignalError(f"{where} must be a list")
    wrappers = []
    for index, item in enumerate(data):
        here = f"{where}[{index}]"
        if not isinstance(item, Mapping) or not isinstance(item.get("host"), str):
            raise SignalError(f"{here} needs a host")
        params = _strings(item, "params", here)
        if not params:
            raise SignalError(f"{here}.params must name the parameter holding the real URL")
        path = item.get("path", "")
        if not isinstance(path, str):
            raise SignalError(f"{here}.path must be a string")
        wrappers.append(RedirectWrapper(item["host"].lower(), path, params))
    return tuple(wrappers)


def signals_from_data(data: Mapping[str, Any]) -> SignalRules:
    """Rules from the packaged file's shape: ``respond_first`` per language, wrappers."""
    languages = data.get("respond_first", {})
    if not isinstance(languages, Mapping):
        raise SignalError("respond_first must map languages to patterns")
    sets = [pattern_set(v, f"respond_first.{k}") for k, v in languages.items()]
    wrappers = DEFAULT_WRAPPERS + wrapper_list(data.get("redirect_wrappers", []), "wrappers")
    return SignalRules.build(sets, wrappers)


@cache
def packaged_signals() -> SignalRules:
    """The shipped signals (``warroom/data/signals.json``), read once per process."""
    text = resources.files("warroom.data").joinpath(_SIGNALS_FILE).read_text("utf-8")
    return signals_from_data(json.loads(text))


def speaks_of_phishing(text: str, rules: SignalRules | None = None) -> bool:
    """True when ``text`` speaks of phishing, scams or fakes (the shipped rules by default)."""
    return (rules or packaged_signals()).speaks_of_phishing(text)
