"""A footer that leaves keys out rather than cut ``q Quit`` off the edge of the terminal.

Textual's footer lays its keys out in one row and clips what does not fit: with the mention
pane focused, 120 columns cut ``q Quit`` and 80 columns cut half the triage keys. This one
hides keys from the end of the row, the screen's rarer keys first (they come after the focused
pane's own), until the rest fits beside the palette key. ``q Quit`` and ``? Help`` always
stay: help lists every key, and a hidden key still works.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

__all__ = ["FittingFooter", "ALWAYS_SHOWN"]

ALWAYS_SHOWN = frozenset({"quit", "app.quit", "help", "screen_help", "app.screen_help"})
"""Actions the footer never leaves out."""


class FittingFooter(Footer):
    """``Footer`` that hides the keys it has no room for, last first."""

    async def recompose(self) -> None:
        await super().recompose()
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Show every key, then hide from the end until the row fits the footer's width."""
        keys = list(self.query(FooterKey))
        palette = [key for key in keys if key.has_class("-command-palette")]
        row = [key for key in keys if key not in palette]
        for key in row:
            key.display = True
        room = self.size.width - sum(_width(key) for key in palette)
        needed = sum(_width(key) for key in row)
        for key in reversed(row):
            if needed <= room:
                break
            if key.action not in ALWAYS_SHOWN:
                key.display = False
                needed -= _width(key)


def _width(key: FooterKey) -> int:
    """Columns the key takes in the row: its text (padding included) and its margins."""
    styles = key.styles
    text = key.get_content_width(Size(0, 0), Size(0, 0))
    return text + styles.gutter.width + styles.margin.width
