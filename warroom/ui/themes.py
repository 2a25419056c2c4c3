"""warroom's own themes: a high-contrast one for wall screens and projectors.

Every colour in the stylesheets is a theme variable, so a theme is the one place colours are
named. The high-contrast theme keeps text pure white on black and uses saturated status colours
that stay apart on a washed-out projector; status is still never colour alone.
"""

from __future__ import annotations

from dataclasses import replace

from textual.theme import BUILTIN_THEMES, Theme

__all__ = ["HIGH_CONTRAST", "WARROOM_THEMES", "READABLE_MUTED", "readable_builtin_themes"]

READABLE_MUTED = "auto 75%"
"""Muted text (times, sources, hints) as the theme's contrasting text at 75%: Textual's 60%
falls to 3.7:1 on some themes' panels (catppuccin-frappe, atom-one-dark), below WCAG AA."""


def readable_builtin_themes() -> tuple[Theme, ...]:
    """Textual's own themes with muted text that passes WCAG AA (4.5:1) wherever it is shown.

    Registered under the same names, they replace the originals; a theme that sets its own
    muted colour (or uses the terminal's, the ANSI ones) is left as it is.
    """
    return tuple(
        replace(theme, variables={**theme.variables, "text-muted": READABLE_MUTED})
        for theme in BUILTIN_THEMES.values()
        if "text-muted" not in theme.variables and not theme.name.startswith("ansi")
    )


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

WARROOM_THEMES = (*readable_builtin_themes(), HIGH_CONTRAST)
