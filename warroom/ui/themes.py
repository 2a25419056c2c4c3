"""warroom's own themes: a high-contrast one for wall screens and projectors.

Every colour in the stylesheets is a theme variable, so a theme is the one place colours are
named. The high-contrast theme keeps text pure white on black and uses saturated status colours
that stay apart on a washed-out projector; status is still never colour alone.
"""

from __future__ import annotations

from textual.theme import Theme

__all__ = ["HIGH_CONTRAST", "WARROOM_THEMES"]

HIGH_CONTRAST = Theme(
    name="warroom-high-contrast",
    primary="#FFFFFF",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFB000",
    error="#FF3B3B",
    success="#00FF66",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#262626",
    dark=True,
    variables={
        "border": "#FFFFFF",
        "text-muted": "#D0D0D0",
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
    },
)

WARROOM_THEMES = (HIGH_CONTRAST,)
