"""What the drafting screens share: store access, the time, titles and state words.

The drafting screens (facts, drafts, editor, versions) sit above the dashboard. Like it, they
reach the repository only through the app's ``StoreGateway`` (its own thread), tell a store
error to the operator instead of raising it, and refuse changes in wall (read-only) mode.
"""

from __future__ import annotations

from warroom.domain.clock import format_utc
from warroom.domain.drafts import DraftVersion, fact_field
from warroom.service.drafting import draft_title
from warroom.ui.screens.store_screen import StoreScreen
from warroom.ui.styles import DRAFTING_STYLES

__all__ = ["DraftingScreen", "draft_title", "fact_labels", "saved_words"]


def fact_labels(names: tuple[str, ...] | list[str]) -> str:
    """Fact names as the facts screen labels them, joined."""
    return ", ".join(fact_field(name).label for name in names)


def saved_words(version: DraftVersion | None) -> str:
    """``saved v3 by ana at 03:00Z`` (or ``never saved``)."""
    if version is None:
        return "never saved"
    return f"saved v{version.number} by {version.operator} at {format_utc(version.at)}"


class DraftingScreen(StoreScreen):
    """Base of the drafting screens (facts, drafts, editor, versions)."""

    CSS_PATH = DRAFTING_STYLES
