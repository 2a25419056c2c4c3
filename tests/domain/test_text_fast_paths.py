"""The shortcuts a poll takes for ordinary text give exactly what the general path gives.

``inert`` skips its character scan for printable ASCII, and ``html_to_text`` drops inline
tags without a callback when no block or raw-text tag is there (issue 16: parse at 8,000
entries/s). Each case is compared with the same text sent down the general path by a suffix
that path removes without a trace: a zero-width space, or a ``<br>`` (a space, then trimmed).
"""

from __future__ import annotations

import random

from warroom.domain.text import html_to_text, inert

PIECES = ["a", "Acme", " ", "  ", "data leak", "<b>", "</b>", "<i>x</i>", "&amp;", "&lt;", "5 < 6"]
PIECES += ['<a href="https://x.org/?a=1&amp;b=2">', "</a>", "<B >", "<span class=x>", "é", "~"]
PIECES += ["<bold>", "<pre", "<p>", "</div>", "<script>", "x" * 40, "&#169;", "--", "<", ">"]


def _texts(seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 14))) for _ in range(5000)]


def test_inert_on_printable_ascii_equals_the_general_path() -> None:
    for text in _texts(1):
        for limit in (None, 10, 80):
            for tidy in (True, False):
                plain = inert(text, limit=limit, tidy=tidy)
                assert plain == inert(text + "\u200b", limit=limit, tidy=tidy), repr(text)


def test_inline_markup_shortcut_equals_the_general_path() -> None:
    for text in _texts(2):
        assert html_to_text(text, limit=None) == html_to_text(text + "<br>", limit=None), text
