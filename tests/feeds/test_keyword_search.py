"""The incident's keywords are found in an entry as ``finditer`` finds them, faster.

``_Keywords.found`` tries the pattern only where a keyword's first word starts (ASCII text and
first words); random texts and keyword lists compare it with the pattern's own ``finditer``.
"""

from __future__ import annotations

import random

from warroom.feeds.parse import _keyword_pattern

WORDS = ["acme", "ACME", "Acme", "breach", "data", "leak", "data leak", "acmebreach", "x", "-"]
WORDS += ["(acme)", "_acme", "acme_", "ſcam", "scam", "Scam", "é", "café", "\n", "  ", "a\tcme"]
KEYWORDS = ["acme", "acme breach", "breach", "data leak", "data  leak", "scam", "ſcam", "café"]
KEYWORDS += ["a", "leak data", " acme ", "Acme Breach"]


def test_keywords_are_found_as_finditer_finds_them() -> None:
    rng = random.Random(16)
    for _ in range(20_000):
        chosen = tuple(rng.sample(KEYWORDS, rng.randint(1, 4)))
        keywords = _keyword_pattern(chosen)
        assert keywords is not None
        text = rng.choice([" ", "", "\n"]).join(
            rng.choice(WORDS) for _ in range(rng.randint(0, 10))
        )
        expected = [m.group(0) for m in keywords.pattern.finditer(text)]
        assert keywords.found(text) == expected, (chosen, text)


def test_no_keywords_no_pattern() -> None:
    assert _keyword_pattern(("", "  ")) is None
    keywords = _keyword_pattern(("Acme",))
    assert keywords is not None and keywords.found("ACME said: acme.") == ["ACME", "acme"]
