"""Who signs off: the incident file's roles, who holds each, and which must approve each kind.

Apart from ``approvals`` (approvals bound to the words, and whether they still hold) because
the stored incident's ``roles`` section is validated into these before the dashboard's first
frame, which has no use for the approval rules themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Role", "Signoff", "NO_SIGNOFF", "SIGNOFF_KINDS"]

SIGNOFF_KINDS = ("notice", "faq", "social", "banner", "briefing", "regulator")
"""Message kinds a role can be required to approve (``regulator``: regulator filings)."""


@dataclass(frozen=True)
class Role:
    """A role that signs off, and the operators who hold it."""

    id: str
    name: str
    operators: tuple[str, ...]
    may_approve_own_text: bool = False
    """True when a holder may approve a version they saved themselves."""


@dataclass(frozen=True)
class Signoff:
    """The incident file's roles and which must approve each message kind."""

    roles: Mapping[str, Role] = field(default_factory=dict)
    required: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Message kind → role ids that must approve it."""

    def required_for(self, kind: str) -> tuple[str, ...]:
        """The roles that must approve a message of ``kind`` (empty: none)."""
        return tuple(self.required.get(kind, ()))

    def roles_of(self, operator: str) -> tuple[str, ...]:
        """The role ids ``operator`` holds."""
        return tuple(r.id for r in self.roles.values() if operator in r.operators)

    def name(self, role_id: str) -> str:
        """A role as people call it."""
        role = self.roles.get(role_id)
        return role.name if role else role_id


NO_SIGNOFF = Signoff()
"""An incident file without roles: nothing needs approving."""
