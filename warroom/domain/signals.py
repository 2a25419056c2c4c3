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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any

from warroom.domain.ignore_rules import IgnoreRuleError, check_regex, parse_regex
from warroom.domain.urls import DEFAULT_WRAPPERS, RedirectWrapper

__all__ = [
    "PatternSet",
    "Outlets",
    "Reach",
    "SignalRules",
    "SignalError",
    "compile_patterns",
    "Matcher",
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


def _alternatives(sets: Iterable[PatternSet]) -> list[str]:
    """Every word, phrase and regex as one regex source each; raises ``SignalError``."""
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
    return alternatives


def compile_patterns(sets: Iterable[PatternSet]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for every word, phrase and regex, on word boundaries.

    The reference meaning of the signals (``Matcher`` gives the same answers, faster).
    Raises ``SignalError`` for an empty, overlong, invalid or catastrophic pattern.
    """
    alternatives = _alternatives(sets)
    if not alternatives:
        return None
    return re.compile(_bounded("|".join(alternatives)), re.IGNORECASE)


def _bounded(body: str) -> str:
    return r"(?<!\w)(?:" + body + r")(?!\w)"


_PREFIX = 3
"""Alternatives are filed under their possible first three characters (fewer when unknown)."""
_MAX_PREFIXES = 512
_RANGE_LIMIT = 64
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})


def _chars(av: Any) -> set[str] | None:
    """The characters of a character class, or ``None`` for a category or a wide range."""
    chars: set[str] = set()
    for kind, value in av:
        if str(kind) == "LITERAL":
            chars.add(chr(value).lower())
        elif str(kind) == "RANGE" and value[1] - value[0] < _RANGE_LIMIT:
            chars.update(chr(c).lower() for c in range(value[0], value[1] + 1))
        else:
            return None
    return chars


def _prefixes(items: list[Any], limit: int = _PREFIX) -> set[str]:
    """Lower-case strings one of which every match of ``items`` starts with.

    ``""`` in the set means "no constraint" (the alternative is then searched the plain way).
    Truncating a prefix never makes it wrong, so anything unusual simply stops the walk.
    """
    if limit == 0 or not items:
        return {""}
    (op, av), rest = items[0], items[1:]
    name = str(op)
    heads: set[str] | None
    if name == "LITERAL":
        heads = {chr(av).lower()}
    elif name == "IN":
        heads = _chars(av)
    elif name == "SUBPATTERN":
        return _prefixes(list(av[-1]) + rest, limit)
    elif name == "BRANCH":
        found: set[str] = set()
        for branch in av[1]:
            found |= _prefixes(list(branch) + rest, limit)
        return found
    elif name in _REPEATS:
        low, _, sub = av
        stop = [("STOP", None)]  # what follows one repeat is not known: stop there
        once = _prefixes(list(sub) + stop, limit)
        return once if low > 0 else once | _prefixes(rest, limit)
    elif name in _ZERO_WIDTH:
        return _prefixes(rest, limit)
    else:
        heads = None
    if not heads:
        return {""}
    tails = _prefixes(rest, limit - 1)
    combined = {h + t for h in heads for t in tails}
    return combined if len(combined) <= _MAX_PREFIXES else heads


def _class_kind(av: Any) -> str:
    """``word`` when a character class holds only word characters, ``other`` when it holds
    none, ``mixed`` when it holds both or cannot be told (a negation, a wide range)."""
    kinds: set[str] = set()
    for kind, value in av:
        name = str(kind)
        if name == "LITERAL":
            kinds.add("word" if _is_word(chr(value)) else "other")
        elif name == "CATEGORY":
            category = str(value)
            if category in ("CATEGORY_SPACE", "CATEGORY_NOT_WORD"):
                kinds.add("other")
            elif category in ("CATEGORY_WORD", "CATEGORY_DIGIT"):
                kinds.add("word")
            else:
                return "mixed"
        elif name == "RANGE" and value[1] - value[0] < _RANGE_LIMIT:
            kinds.update(
                "word" if _is_word(chr(c)) else "other" for c in range(value[0], value[1] + 1)
            )
        else:
            return "mixed"
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _first_words(items: list[Any], words: set[str]) -> set[str] | None:
    """The lower-case first words (maximal runs of ``\\w``) a match of ``items`` can start
    with, each after one of ``words``; ``None`` when that cannot be told or is not one word.

    A non-word character ends the word, and so does the end of the alternative (the matcher's
    patterns end in ``(?!\\w)``). Zero-width assertions are passed over: that only allows
    more matches, so the set stays a sound filter.
    """
    if len(words) > _MAX_PREFIXES:
        return None
    if not items:
        return words if all(words) else None
    (op, av), rest = items[0], items[1:]
    name = str(op)
    if name == "LITERAL":
        char = chr(av).lower()
        if len(char) != 1:
            return None
        if _is_word(char):
            return _first_words(rest, {w + char for w in words})
        return words if all(words) else None
    if name == "IN":
        kind = _class_kind(av)
        if kind == "other":
            return words if all(words) else None
        chars = _chars(av) if kind == "word" else None
        if chars is None or any(len(c) != 1 or not _is_word(c) for c in chars):
            return None
        return _first_words(rest, {w + c for w in words for c in chars})
    if name == "SUBPATTERN":
        return _first_words(list(av[-1]) + rest, words)
    if name == "BRANCH":
        found: set[str] = set()
        for branch in av[1]:
            more = _first_words(list(branch) + rest, words)
            if more is None:
                return None
            found |= more
        return found
    if name in _REPEATS:
        low, high, sub = av
        sub = list(sub)
        if len(sub) == 1 and _ends_word(sub[0]):
            if low > 0:
                return words if all(words) else None
            later = _first_words(rest, words)  # absent: the word goes on
            return None if later is None or not all(words) else words | later
        if low == 0 and high == 1:
            without, with_it = _first_words(rest, words), _first_words(sub + rest, words)
            return None if without is None or with_it is None else without | with_it
        return None
    if name in _ZERO_WIDTH:
        return _first_words(rest, words)
    return None


def _ends_word(item: Any) -> bool:
    """True when ``item`` matches only non-word characters (``\\s``, ``-``, ``[ -]``)."""
    op, av = item
    if str(op) == "LITERAL":
        return not _is_word(chr(av))
    return str(op) == "IN" and _class_kind(av) == "other"


def _union(alternatives: list[str]) -> re.Pattern[str]:
    """Alternatives tried at one place, each on word boundaries (checked by the regex itself,
    so a place inside a word costs one ``match`` call and no Python)."""
    return re.compile(_bounded("|".join(dict.fromkeys(alternatives))), re.IGNORECASE)


class Matcher:
    """The signals' union pattern, searched without trying every alternative everywhere.

    One regex of ~200 case-insensitive alternatives costs 100-400 µs per mention (it tries each
    alternative at every position): more than the rest of the parse put together. Here an
    alternative whose first word can be told (``not the real``, ``(e-?mail|notice) is fake``)
    is filed under those words, and tried only where one of them is a word of the text (a set
    intersection finds them); one whose first word is open (``phish*``) is filed under the (up
    to three) characters it can start with, and tried only where a word starts with them (the
    text's words say which; most words of most texts start none, and are remembered as such).
    Same answers as ``compile_patterns`` (a test compares them); alternatives whose start
    cannot be told are searched the plain way.
    """

    def __init__(self, alternatives: list[str]) -> None:
        filed: dict[str, list[str]] = {}
        exact: dict[str, list[str]] = {}
        fallback: list[str] = []
        for alternative in alternatives:
            try:
                tree = list(parse_regex(alternative))
                prefixes = _prefixes(tree)
                first = _first_words(tree, {""})
            except (re.error, RecursionError):
                prefixes, first = {""}, None
            if first is not None:
                for word in first:
                    exact.setdefault(word, []).append(alternative)
            elif "" in prefixes:
                fallback.append(alternative)
            else:
                for prefix in prefixes:
                    filed.setdefault(prefix, []).append(alternative)
        self.exact = {word: _union(alts) for word, alts in exact.items()}
        """First word -> the alternatives starting with it."""
        self.table = {prefix: _union(alts) for prefix, alts in filed.items()}
        """First characters -> the alternatives whose first word is open."""
        wordy = [p for p in self.table if all(_is_word(c) for c in p)]
        self.others = [p for p in self.table if p not in set(wordy)]
        """Prefixes holding a non-word character: looked for one by one."""
        self.ascii_others = [p for p in self.others if p.isascii()]
        """The ones ASCII text can hold (``¿es`` is not in it)."""
        self.lengths = sorted({len(p) for p in wordy})
        self.wordy = frozenset(wordy)
        self._starts: dict[str, frozenset[str]] = {}
        """Word -> the prefixes it starts with, for words that start with one."""
        self._plain: set[str] = set()
        """Words known to start with no prefix: most words of most texts, seen again and again
        (the same vocabulary comes back in every alert), so they cost one set difference."""
        body = "|".join(fallback)
        self.fallback = re.compile(_bounded(body), re.IGNORECASE) if fallback else None
        self.full = re.compile(_bounded("|".join(alternatives)), re.IGNORECASE)

    def search(self, text: str) -> bool:
        """True when some alternative matches ``text`` on word boundaries."""
        return self.search_many([text])[0]

    def search_many(self, texts: Sequence[str]) -> list[bool]:
        """``search`` on each text; the words of all of them are read in one pass.

        A feed's entries share most of their words, so what their words start is worked out
        once per feed; each text then only looks for those few words.
        """
        lowered = [text.lower() for text in texts]
        odd = [len(low) != len(text) for low, text in zip(lowered, texts, strict=True)]
        if any(odd):  # a rare letter whose lower case is longer: those texts are read plainly
            rest = iter(self.search_many([t for t, o in zip(texts, odd, strict=True) if not o]))
            return [
                self.full.search(t) is not None if o else next(rest)
                for t, o in zip(texts, odd, strict=True)
            ]
        joined = "\n".join(lowered)  # a line break ends a word: no two texts' words merge
        words = self._words(joined)
        tried = [(word, self.exact[word]) for word in words & self.exact.keys()]
        others = self.ascii_others if joined.isascii() else self.others
        tried += [(p, self.table[p]) for p in [*self._loose_starts(words), *others]]
        found = []
        for text, low in zip(texts, lowered, strict=True):
            hit = False
            for start, pattern in tried:
                at = low.find(start)
                while at >= 0:
                    if pattern.match(low, at):
                        hit = True
                        break
                    at = low.find(start, at + 1)
                if hit:
                    break
            if not hit and self.fallback is not None:
                hit = self.fallback.search(text) is not None
            found.append(hit)
        return found

    def _loose_starts(self, words: set[str]) -> set[str]:
        """The wordy prefixes some of ``words`` start with."""
        tried: set[str] = set()
        if not self.wordy:
            return tried
        for word in words - self._plain:
            starts = self._starts.get(word)
            if starts is None:
                starts = frozenset(word[:n] for n in self.lengths) & self.wordy
                if not starts:
                    if len(self._plain) >= _MAX_REMEMBERED:
                        self._plain.clear()
                    self._plain.add(word)
                    continue
                if len(self._starts) >= _MAX_REMEMBERED:
                    self._starts.clear()
                self._starts[word] = starts
            tried |= starts
        return tried

    @staticmethod
    def _words(lowered: str) -> set[str]:
        """The text's words (maximal runs of ``\\w``): where an alternative can start.

        ASCII text is split by ``str.split`` after its other characters become spaces (5x
        faster than a regex walking it); other text by the regex itself.
        """
        if lowered.isascii():
            return set(lowered.translate(_ASCII_NON_WORD).split())
        return set(_WORD.findall(lowered))


_WORD = re.compile(r"\w+")
_ASCII_NON_WORD = {c: chr(c) if chr(c).isalnum() or c == ord("_") else " " for c in range(128)}
"""Every ASCII character ``\\w`` does not match as a space, the others as themselves (a table
without them costs ``str.translate`` a failed lookup per character: 4x slower)."""
_MAX_REMEMBERED = 50_000


def _is_word(char: str) -> bool:
    """What ``\\w`` matches (``(?<!\\w)`` before a match)."""
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class SignalRules:
    """Everything the parser needs to flag and classify mentions (picklable: it goes to the
    parse workers)."""

    patterns: tuple[PatternSet, ...] = ()
    wrappers: tuple[RedirectWrapper, ...] = DEFAULT_WRAPPERS
    outlets: Outlets = field(default_factory=Outlets)

    @classmethod
    def build(
        cls,
        patterns: Iterable[PatternSet],
        wrappers: Iterable[RedirectWrapper] = DEFAULT_WRAPPERS,
        outlets: Outlets | None = None,
        *,
        validate: bool = True,
    ) -> SignalRules:
        """The rules; raises ``SignalError`` for a bad pattern when ``validate``."""
        chosen = tuple(patterns)
        if validate:
            _alternatives(chosen)
        return cls(chosen, tuple(wrappers), outlets or Outlets())

    @property
    def matcher(self) -> Matcher | None:
        """The compiled patterns, built once per process where first used (a warm poll never
        builds them; a parse worker builds them once, however often the rules are sent)."""
        found = self.__dict__.get("_matcher", _UNBUILT)
        if found is _UNBUILT:
            found = _matcher_for(self.patterns)
            object.__setattr__(self, "_matcher", found)  # a cache, not state: not pickled
        return found  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, object]:
        """The rules without the compiled cache (the receiving process builds its own)."""
        return {k: v for k, v in self.__dict__.items() if k != "_matcher"}

    def extended(
        self,
        patterns: PatternSet | None = None,
        wrappers: Iterable[RedirectWrapper] = (),
        outlets: Outlets | None = None,
    ) -> SignalRules:
        """These rules plus an incident's own patterns, wrappers and outlets."""
        more = (patterns,) if patterns is not None else ()
        _alternatives(more)  # only what is new needs checking
        return SignalRules(
            self.patterns + more, self.wrappers + tuple(wrappers), outlets or self.outlets
        )

    def speaks_of_phishing(self, text: str) -> bool:
        """True when ``text`` speaks of phishing, scams or fakes (respond to it first)."""
        matcher = self.matcher
        return matcher is not None and matcher.search(text)

    def speak_of_phishing(self, texts: Sequence[str]) -> list[bool]:
        """``speaks_of_phishing`` for each of ``texts`` (a feed's entries), read together."""
        matcher = self.matcher
        return matcher.search_many(texts) if matcher is not None else [False] * len(texts)


_UNBUILT = object()


@lru_cache(maxsize=8)
def _matcher_for(patterns: tuple[PatternSet, ...]) -> Matcher | None:
    alternatives = _alternatives(patterns)
    return Matcher(alternatives) if alternatives else None


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
    return SignalRules.build(sets, wrappers, validate=False)  # checked when first compiled


@cache
def packaged_signals() -> SignalRules:
    """The shipped signals (``warroom/data/signals.json``), read once per process."""
    # Not importlib.resources: its imports cost ~40 ms, a tenth of a warm poll.
    from warroom.data import packaged_text

    return signals_from_data(json.loads(packaged_text(_SIGNALS_FILE)))


def speaks_of_phishing(text: str, rules: SignalRules | None = None) -> bool:
    """True when ``text`` speaks of phishing, scams or fakes (the shipped rules by default)."""
    return (rules or packaged_signals()).speaks_of_phishing(text)
