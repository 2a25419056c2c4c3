"""Ignore rules (a killfile): words and regular expressions, validated, and never catastrophic."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from warroom.domain.ignore_rules import (
    IgnoreRuleError,
    apply,
    hidden_by_rule,
    parse_rule,
    parse_rules,
)
from warroom.domain.mentions import Mention

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def mention(n: int, title: str, summary: str = "", url: str = "") -> Mention:
    return Mention(str(n), "f", title, url, NOW, NOW, summary=summary)


MENTIONS = [
    mention(1, "Northwind Outfitters breach: Sale ends Friday"),
    mention(2, "Wholesale prices rise", url="https://markets.example.com/x"),
    mention(3, "Crypto giveaway!!", summary="Win BTC now"),
    mention(4, "Is this email real?"),
]


def test_word_rules_match_whole_words_case_insensitively() -> None:
    kept, hidden = apply([parse_rule("sale")], MENTIONS)
    assert hidden == 1 and [m.id for m in kept] == ["2", "3", "4"]


def test_phrases_and_regexes() -> None:
    rules = parse_rules(
        ["# spam", "", "sale  ends", "re:\\b(btc|crypto)\\b", "/markets\\.example/"]
    )
    kept, hidden = apply(rules, MENTIONS)
    assert hidden == 3 and [m.id for m in kept] == ["4"]
    assert hidden_by_rule(rules, MENTIONS) == {
        "sale  ends": 1,
        "re:\\b(btc|crypto)\\b": 1,
        "/markets\\.example/": 1,
    }


def test_markup_like_rules_are_literal_words() -> None:
    rules = [parse_rule("[@click=app.quit]")]
    assert apply(rules, [mention(9, "x [@click=app.quit] y")])[1] == 1
    assert apply(rules, [mention(9, "x @click=app.quit y")])[1] == 0


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", "cannot be empty"),
        ("re:(", "not a valid regular expression"),
        ("/[a-/", "not a valid regular expression"),
        ("re:x*", "matches empty text"),
        ("re:(a+)+$", "a repeat inside a repeat"),
        ("re:(.*)*x", "a repeat inside a repeat"),
        ("re:(a|aa)*b", "alternatives inside a repeat"),
        ("re:(a)\\1", "back-references"),
        ("re:a+b+c+d+e+", "open-ended repeats"),
        ("x" * 201, "at most 200 characters"),
    ],
)
def test_bad_rules_are_refused_with_a_reason(rule: str, message: str) -> None:
    with pytest.raises(IgnoreRuleError, match=message.replace("(", "\\(")):
        parse_rule(rule)


def test_leading_dot_star_is_dropped() -> None:
    assert parse_rule("re:.*.*breach").pattern.pattern == "breach"


def test_rules_on_long_hostile_text_finish() -> None:
    """Text is bounded by the parser (1,000 characters); accepted rules stay cheap on it."""
    text = "a" * 1000
    rules = [parse_rule(r) for r in ("re:.*a.*b.*c", "re:a\\w*b\\w*c", "re:[a-z]+x", "aaaa b")]
    kept, hidden = apply(rules, [mention(1, text[:300], text)])
    assert hidden == 0 and len(kept) == 1
