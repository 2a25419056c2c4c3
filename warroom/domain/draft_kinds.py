"""The kinds of message drafted in the war room, and a reference to one of them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["DraftKind", "DraftRef"]


class DraftKind(StrEnum):
    """The messages the playbook asks for; briefings exist once per customer-facing team."""

    NOTICE = "notice"
    FAQ = "faq"
    SOCIAL = "social"
    BANNER = "banner"
    BRIEFING = "briefing"

    @property
    def label(self) -> str:
        """The kind as screens title it."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    DraftKind.NOTICE: "Customer notice e-mail",
    DraftKind.FAQ: "FAQ page",
    DraftKind.SOCIAL: "Social post",
    DraftKind.BANNER: "Homepage banner",
    DraftKind.BRIEFING: "Team briefing",
}


@dataclass(frozen=True, order=True)
class DraftRef:
    """Which draft: its kind and, for briefings, the team id (``key`` is ``""`` otherwise)."""

    kind: DraftKind
    key: str = ""

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.key}" if self.key else self.kind.value
