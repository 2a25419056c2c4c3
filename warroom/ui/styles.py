"""Which stylesheet each screen needs, and reading the others once the first frame is up.

Textual parses every file of the app's ``CSS_PATH`` before it draws anything, and every rule
in the sheet is one more selector to check on each widget it styles. The dashboard's first
frame needs ``base.tcss`` and ``dashboard.tcss`` only; the dialogs, drafting, clock and wall
sheets (about 30 ms to parse, each file timed alone) are named by the screens that
use them (a screen's ``CSS_PATH`` is read by Textual when it is first shown) and read by
``read_later_styles`` right after the first frame, so the first dialog an operator opens does
not pay for a whole re-parse either.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from textual.app import App

from warroom.resources import styles_dir

__all__ = [
    "FIRST_FRAME_STYLES",
    "DIALOG_STYLES",
    "DRAFTING_STYLES",
    "CLOCK_STYLES",
    "WALL_STYLES",
    "read_later_styles",
]

_STYLES = styles_dir()

FIRST_FRAME_STYLES: list[str | PurePath] = [_STYLES / "base.tcss", _STYLES / "dashboard.tcss"]
"""The app's own sheets: the shared look and the dashboard (header, panes, footer)."""
DIALOG_STYLES = _STYLES / "dialogs.tcss"
"""Forms, choices, help and feed health."""
DRAFTING_STYLES = _STYLES / "drafting.tcss"
"""The drafting screens, the editor and the confirmation dialog."""
CLOCK_STYLES = _STYLES / "clocks.tcss"
"""The clock board, the review and the ledger."""
WALL_STYLES = _STYLES / "wall.tcss"
"""Wall mode's tiles."""

LATER_STYLES = [DIALOG_STYLES, DRAFTING_STYLES, CLOCK_STYLES, WALL_STYLES]
"""In the order the app used to list them, so rules of equal weight still win the same way."""


def read_later_styles(app: App[object], paths: list[Path] = LATER_STYLES) -> None:
    """Read the sheets the first frame did not need and restyle what is on screen.

    Only the new files are parsed (``Stylesheet.parse`` reuses what it has parsed; Textual's
    own path for a screen's ``CSS_PATH`` re-parses every source). A sheet a screen already
    brought in is skipped.
    """
    sheet = app.stylesheet
    new = [path for path in paths if not sheet.has_source(str(path))]
    if not new:
        return
    for path in new:
        sheet.read(path)
    sheet.parse()
    sheet.update(app)
