"""``links_in`` (a mention row's look-alike check) finds exactly the links ``channels_in``
finds, in the same order and lines: it only leaves out the phone numbers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from warroom.domain.notice_checks.text import channels_in, links_in

PIECES = [
    "https://northwind.example/reset", "http://[", "www.northwind-help.net/login",
    "northwind-help.net", "xn--northwnd-c2a.com/a", "help@northwind.example",
    "support@nörthwind.com", "+1 (555) 010-2030", "555–010–2030", "2026-11-27T06:00:00Z",
    "12/11/2026", "call", "Visit", "our", "site.", ",", "\n", " ", "(", ")", "—", "-",
    "example.org.", "a.b", "mailto:x@y.zz",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=30))
def test_links_in_is_channels_in_without_the_phone_numbers(parts: list[str]) -> None:
    text = "".join(parts) if len(parts) % 2 else " ".join(parts)
    expected = [found for found in channels_in(text) if found[0] in ("url", "email")]
    assert links_in(text) == expected


def test_a_real_mention_reads_its_links_not_its_numbers() -> None:
    text = "Fake notice: call 555-010-2030\nhttps://northwind-help.net/reset\nmail it@nw.example"
    assert links_in(text) == [
        ("url", "https://northwind-help.net/reset", 2),
        ("email", "it@nw.example", 3),
    ]
