"""Ignore rules: hide matching mentions, like newsboat's killfile, and say how many they hid.

A rule is either a plain word or phrase (matched case-insensitively on word boundaries, so
``sale`` hides "Sale ends" but not "wholesale") or a regular expression, written ``re:…`` or
``/…/``. Rules come from operators during an incident, so a bad one must fail with a clear message
at entry, and a catastrophic one (nested quantifiers that backtrack exponentially) is refused:
the text it runs on is bounded by the parser, but ``(a+)+$`` needs only ~30 characters to hang.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from warroom.domain.errors import UserError
from warroom.domain.mentions import Mention

with warnings.catch_warnings():  # the stdlib regex parser: public name deprecated, private moved
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import re._parser as _sre_parse  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - Python < 3.11
        import sre_parse as _sre_parse  # type: ignore[no-redef,unused-ignore]

__all__ = [
    "IgnoreRule",
    "IgnoreRuleError",
    "check_regex",
    "parse_rule",
    "parse_rules",
    "apply",
    "hidden_by_rule",
    "parse_regex",
]

MAX_RULE_LENGTH = 200
"""Longer rules are refused: an operator's rule is a word or a short expression."""

MAX_UNBOUNDED_REPEATS = 3
"""Each open-ended quantifier multiplies the worst-case backtracking by the text length."""

_LEADING_ANY = re.compile(r"^(?:\.\*\??)+")


class IgnoreRuleError(UserError, ValueError):
    """The rule cannot be used; the message says why, for the operator."""


@dataclass(frozen=True)
class IgnoreRule:
    """One validated rule: ``text`` as the operator typed it, ``pattern`` compiled from it."""

    text: str
    is_regex: bool
    pattern: re.Pattern[str]

    def matches(self, mention: Mention) -> bool:
        """True when the rule hides this mention (title, summary, author, URL or domain)."""
        search = self.pattern.search
        return any(
            field and search(field)
            for field in (
                mention.title,
                mention.summary,
                mention.author,
                mention.url,
                mention.domain,
            )
        )


def _walk_repeats(items: Iterable[object], inside_unbounded: bool, counter: list[int]) -> None:
    """Raise on nested unbounded repeats and backreferences; count unbounded repeats."""
    for item in items:
        op, arg = cast("tuple[object, Any]", item)
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            unbounded = high == _sre_parse.MAXREPEAT or high > 1000
            if unbounded:
                if inside_unbounded:
                    raise IgnoreRuleError(
                        "a repeat inside a repeat, such as (a+)+, can take forever on long text; "
                        "simplify the expression"
                    )
                counter[0] += 1
            nested = inside_unbounded or (unbounded and name != "POSSESSIVE_REPEAT")
            if nested and any(str(o) == "BRANCH" for o, _ in sub):
                raise IgnoreRuleError(
                    "alternatives inside a repeat, such as (a|aa)*, can take forever on long "
                    "text; write one rule per word instead"
                )
            _walk_repeats(sub, nested, counter)
        elif name in ("GROUPREF", "GROUPREF_EXISTS"):
            raise IgnoreRuleError("back-references (\\1) are not allowed")
        elif name == "SUBPATTERN":
            if inside_unbounded and any(str(o) == "BRANCH" for o, _ in arg[-1]):
                raise IgnoreRuleError(
                    "alternatives inside a repeat, such as (a|aa)*, can take forever on long "
                    "text; write one rule per word instead"
                )
            _walk_repeats(arg[-1], inside_unbounded, counter)
        elif name in ("ASSERT", "ASSERT_NOT"):
            _walk_repeats(arg[1], inside_unbounded, counter)
        elif name == "ATOMIC_GROUP":
            _walk_repeats(arg, inside_unbounded, counter)
        elif name == "BRANCH":
            for branch in arg[1]:
                _walk_repeats(branch, inside_unbounded, counter)


def parse_regex(source: str) -> Any:
    """The stdlib's parse tree of a case-insensitive expression (for the signals' matcher)."""
    return _sre_parse.parse(source, re.IGNORECASE)


def check_regex(source: str) -> None:
    """Refuse an expression that can backtrack catastrophically (also used for signal patterns).

    Raises ``IgnoreRuleError`` with a message fit to show.
    """
    try:
        tree = _sre_parse.parse(source, re.IGNORECASE)
    except re.error as exc:
        raise IgnoreRuleError(f"not a valid regular expression: {exc}") from None
    except RecursionError:
        raise IgnoreRuleError("regular expression nested too deeply") from None
    counter = [0]
    _walk_repeats(tree, False, counter)
    if counter[0] > MAX_UNBOUNDED_REPEATS:
        raise IgnoreRuleError(
            f"more than {MAX_UNBOUNDED_REPEATS} open-ended repeats (* + {{n,}}); "
            "use fewer, or plain words"
        )


def parse_rule(text: str) -> IgnoreRule:
    """Validate and compile one rule as typed by an operator.

    ``re:EXPR`` or ``/EXPR/`` is a regular expression (case-insensitive); anything else is a
    word or phrase. Raises ``IgnoreRuleError`` with a message fit to show.
    """
    raw = text.strip()
    if not raw:
        raise IgnoreRuleError("an ignore rule cannot be empty")
    if len(raw) > MAX_RULE_LENGTH:
        raise IgnoreRuleError(f"an ignore rule is at most {MAX_RULE_LENGTH} characters")
    if raw.startswith("re:") or (len(raw) >= 2 and raw.startswith("/") and raw.endswith("/")):
        source = raw[3:] if raw.startswith("re:") else raw[1:-1]
        # A leading ``.*`` changes nothing for a search but multiplies its cost by the length.
        source = _LEADING_ANY.sub("", source)
        if not source.strip():
            raise IgnoreRuleError("the regular expression is empty")
        check_regex(source)
        try:
            pattern = re.compile(source, re.IGNORECASE)
        except (re.error, RecursionError, OverflowError) as exc:
            raise IgnoreRuleError(f"not a valid regular expression: {exc}") from None
        if pattern.search(""):
            raise IgnoreRuleError("this expression matches empty text, so it would hide everything")
        return IgnoreRule(raw, True, pattern)
    words = raw.split()
    body = r"\s+".join(re.escape(word) for word in words)
    return IgnoreRule(raw, False, re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE))


def parse_rules(lines: Iterable[str]) -> tuple[IgnoreRule, ...]:
    """Compile several rules, skipping blank lines and ``#`` comments (a killfile)."""
    rules = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            rules.append(parse_rule(stripped))
        except IgnoreRuleError as exc:
            raise IgnoreRuleError(f"rule {number} ({stripped[:40]!r}): {exc}") from None
    return tuple(rules)


def apply(rules: Sequence[IgnoreRule], mentions: Iterable[Mention]) -> tuple[list[Mention], int]:
    """Return the mentions no rule hides, and how many were hidden."""
    if not rules:
        return list(mentions), 0
    kept: list[Mention] = []
    hidden = 0
    for mention in mentions:
        if any(rule.matches(mention) for rule in rules):
            hidden += 1
        else:
            kept.append(mention)
    return kept, hidden


def hidden_by_rule(rules: Sequence[IgnoreRule], mentions: Iterable[Mention]) -> dict[str, int]:
    """How many mentions each rule hides (a mention hidden by two rules counts for the first)."""
    counts = {rule.text: 0 for rule in rules}
    for mention in mentions:
        for rule in rules:
            if rule.matches(mention):
                counts[rule.text] += 1
                break
    return counts
