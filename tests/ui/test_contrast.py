"""Muted text stays readable on every theme: WCAG AA (4.5:1), computed from what is drawn.

Times, sources and hints are "muted"; on light themes (solarized-light) they used to be nearly
invisible, and on the highlighted row muted grey on the cursor colour fell to 2:1. The ratios
come from the real widgets' styles under each theme, not from a list of colours kept by hand.
"""

from __future__ import annotations

from pathlib import Path

from textual.color import Color
from textual.widgets import Label

from warroom.ui.widgets.row_list import RowList

from .conftest import AppFactory

AA = 4.5


def luminance(color: Color) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(one: Color, other: Color) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_matches_wcag() -> None:
    assert round(contrast(Color(0, 0, 0), Color(255, 255, 255)), 1) == 21.0
    assert round(contrast(Color(118, 118, 118), Color(255, 255, 255)), 2) == 4.54


async def test_muted_text_passes_aa_on_every_theme(make_app: AppFactory, busy_db: Path) -> None:
    app = make_app(busy_db)
    failures: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        themes = sorted(name for name in app.available_themes if not name.startswith("ansi"))
        assert "solarized-light" in themes and "warroom-high-contrast" in themes
        for name in themes:
            app.theme = name
            await pilot.pause()
            rows = app.screen.query_one("#timeline-list", RowList)
            rows.focus()
            await pilot.pause()
            surface = rows.background_colors[1]
            muted = rows.get_component_rich_style("row--muted")
            cursor = rows.get_component_rich_style("row--cursor", partial=False)
            status = app.screen.query_one("#header-status", Label)
            pairs = {
                "muted row text": (Color.from_rich_color(muted.color), surface),
                "highlighted row": (
                    Color.from_rich_color(cursor.color),
                    Color.from_rich_color(cursor.bgcolor),
                ),
                "muted header text": (
                    Color.from_rich_color(status.rich_style.color),
                    status.background_colors[1],
                ),
            }
            for where, (fg, bg) in pairs.items():
                ratio = contrast(bg + fg, bg)  # a translucent colour is drawn over its background
                if ratio < AA:
                    failures.append(f"{name}: {where} {ratio:.2f}:1 ({fg.hex} on {bg.hex})")
    assert not failures, "\n".join(failures)
