"""The Google redirect unwrapping's fast reading gives what ``urlsplit`` + ``parse_qs`` give."""

from __future__ import annotations

import random
import urllib.parse

from warroom.feeds.parse import _GOOGLE_HOSTS, unwrap_google_link

PIECES = ["url", "q", "=", "&", "+", "%20", "%3D", "%26", "a", "http://x.org/p?a=1", "", "#"]
PIECES += ["sa", "t", "%", " ", "\t", "@", "/", "\\", "url=", "q=https://y.org/"]
STARTS = ["https://www.google.com/url?", "http://google.com/url?", "https://WWW.google.com/url?"]
STARTS += ["https://www.google.com:443/url?", " https://www.google.com/url?", "https://a.org/url?"]


def _reference(link: str) -> str:
    """The plain reading: split the URL, parse its query."""
    parts = urllib.parse.urlsplit(link)
    if parts.hostname in _GOOGLE_HOSTS and parts.path == "/url":
        query = urllib.parse.parse_qs(parts.query)
        for key in ("url", "q"):
            if query.get(key):
                return query[key][0]
    return link


def test_fast_unwrap_equals_the_plain_reading() -> None:
    rnd = random.Random(16)
    for _ in range(20_000):
        query = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 12)))
        link = rnd.choice(STARTS) + query
        assert unwrap_google_link(link) == _reference(link), link
