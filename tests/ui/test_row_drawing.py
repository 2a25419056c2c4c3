"""A row drawn directly is the strip Rich would draw, segment for segment (pure, no app)."""

from __future__ import annotations

import random

from rich.console import Console
from rich.style import Style

from warroom.ui.widgets.row_list import draw_row, rich_row, rich_strip

STYLES = [
    None,
    Style(),  # a role the theme leaves unstyled: no span of its own
    Style(color="red", bold=True),
    Style(color="#336699", bgcolor="#202020"),
    Style(italic=True),
]
PIECES = ["", "a", "NEW ", "breach", "  src 12:00", "…", "✓", "☎ ", "⚑", "x" * 40, " "]
WIDE = ["漢", "👍", "\r", "\x08"]
"""Characters the direct path leaves to Rich: wider than a cell, or control codes."""


def test_drawn_rows_equal_richs_strips_for_random_rows_and_widths() -> None:
    console = Console(width=200)
    rng = random.Random(16)
    drawn = 0
    for _ in range(5_000):
        pool = PIECES + (WIDE if rng.random() < 0.1 else [])
        fragments = [(rng.choice(pool), rng.choice(STYLES)) for _ in range(rng.randint(0, 8))]
        width = rng.randint(0, 90)
        line = rng.choice([Style(bgcolor="#101010"), Style(bgcolor="#101010", bold=True)])
        fast = draw_row(fragments, width, line)
        expected = rich_strip(rich_row(fragments, line), width, line, console)
        if fast is None:
            odd = any(c in text for text, _ in fragments for c in "".join(WIDE))
            assert width < 2 or odd or not "".join(text for text, _ in fragments)
            continue
        drawn += 1
        assert list(fast) == list(expected), (fragments, width)
        assert fast.cell_length == expected.cell_length == width
    assert drawn > 4_000
