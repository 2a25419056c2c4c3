"""Plain links are read without ``urlsplit`` and give what the general reading gives.

``canonical_url`` and the parser's ``_link_parts`` take a shortcut for an http(s) link with a
plain host and path (issue 16: parse at 8,000 entries/s). Each random link is compared with
the same link sent down the general path by a suffix that path removes without a trace: an
empty tracking parameter for the canonical form, an empty fragment for the cleaned link.
"""

from __future__ import annotations

import random

from warroom.domain.urls import DEFAULT_WRAPPERS, canonical_url, plain_parts
from warroom.feeds.parse import _link_parts

SCHEMES = ["https://", "http://", "HTTP://", "ftp://", "https:/", "", "https://user@"]
HOSTS = ["www.Example.com", "example.com", "a.b.", "...", "WWW.", "www.", "x-y.org", "ex_1.io"]
HOSTS += ["", "host:8080", "[::1]", "h\u00e9.fr", "a" * 300, "news.example.com."]
PATH = ["/", "//", "a", "b/", "%20", "%7E", "~", "!", "'", '"', "(", ";", "=", ":", "@", "\\"]
PATH += ["?", "#", " ", "\t", "\u00e9", "<", ">", "+", "&", "x" * 30, "/index.html", "\x7f"]


def _links(seed: int, count: int = 20_000) -> list[str]:
    rnd = random.Random(seed)
    links = []
    for _ in range(count):
        path = "".join(rnd.choice(PATH) for _ in range(rnd.randint(0, 8)))
        links.append(rnd.choice(SCHEMES) + rnd.choice(HOSTS) + rnd.choice(["", "/"]) + path)
    return links


def test_plain_links_canonicalise_as_the_general_path_does() -> None:
    plain = 0
    for link in _links(1):
        if plain_parts(link) is None:
            continue
        plain += 1
        assert canonical_url(link) == canonical_url(link + "?utm_source=x"), link
    assert plain > 500  # the shortcut was taken often enough to mean something


def test_plain_links_clean_as_the_general_path_does() -> None:
    plain = 0
    for link in _links(2):
        if plain_parts(link) is None:
            continue
        plain += 1
        url, domain, canonical = _link_parts(link, DEFAULT_WRAPPERS)
        slow_url, slow_domain, slow_canonical = _link_parts(link + "#", DEFAULT_WRAPPERS)
        assert (url + "#" if url else "", domain) == (slow_url, slow_domain), link
        assert canonical == slow_canonical, link
    assert plain > 500
