"""One input of ``FormDialog``: what every screen's "ask the operator" call describes.

Apart from the dialog, which is built when first shown: the dashboard's intents describe their
fields at import, and the dialog's widgets need not load before its first frame.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Field"]


@dataclass(frozen=True)
class Field:
    """One input of the form."""

    label: str
    value: str = ""
    placeholder: str = ""
    required: bool = False
