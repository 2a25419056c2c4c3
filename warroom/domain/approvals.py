"""Sign-off bound to the words: who must approve which message, and whether they still have.

The incident file declares roles (comms lead, legal, DPO, executive), who holds each, and which
roles must approve each message kind before it may go out. An approval is given to one saved
version and bound to a digest of the text as it would go out (the version's source rendered
from the current facts) and of its recipients. Editing the text saves a new version; changing
a fact the message reads changes the rendered text; either way the digest no longer matches
and the approval is void, visibly ("approved v3; v4 unapproved"), never silently carried over.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from warroom.domain.incident import Facts
from warroom.domain.roles import NO_SIGNOFF, SIGNOFF_KINDS, Role, Signoff

__all__ = [
    "Role",
    "Signoff",
    "NO_SIGNOFF",
    "SIGNOFF_KINDS",
    "Approval",
    "RoleState",
    "ApprovalState",
    "approval_digest",
    "recipients_of",
    "approval_state",
    "approval_refusal",
]


@dataclass(frozen=True)
class Approval:
    """One role's sign-off of one saved version, bound to the words and the recipients."""

    ref: str
    version: int
    role: str
    operator: str
    at: datetime
    digest: str


def approval_digest(text: str, recipients: str) -> str:
    """SHA-256 of the rendered text and the recipients (length-prefixed: no ambiguity)."""
    body = f"{len(text)}:{text}\n{len(recipients)}:{recipients}"
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def recipients_of(kind: str, facts: Facts, team_name: str = "") -> str:
    """Who a message goes to, as far as the incident knows: part of what is approved.

    A notice approved for 48,200 customers from one sender is not approved for 90,000 from
    another; a briefing approved for one team is not approved for another.
    """
    if kind == "notice":
        return f"from {facts.sender_address} to {facts.customers_affected} affected customers"
    if kind == "briefing":
        return f"team {team_name}"
    if kind == "faq":
        return f"public at {facts.faq_url}"
    return "public"


@dataclass(frozen=True)
class RoleState:
    """One required role's sign-off of a draft as it stands now."""

    role: str
    name: str
    approval: Approval | None = None
    """The approval that holds for the words as they would go out now."""
    void: Approval | None = None
    """The latest approval that no longer holds (when none holds)."""
    why_void: str = ""

    @property
    def words(self) -> str:
        """``✓ Legal v3 (lee)`` / ``✗ Legal: approved v3; v4 unapproved`` / ``✗ Legal``."""
        if self.approval is not None:
            return f"✓ {self.name} v{self.approval.version} ({self.approval.operator})"
        if self.void is not None:
            return f"✗ {self.name}: {self.why_void}"
        return f"✗ {self.name}: not approved"


@dataclass(frozen=True)
class ApprovalState:
    """Every required role of one draft, approved or missing."""

    ref: str
    version: int
    """The latest saved version (0: never saved)."""
    roles: tuple[RoleState, ...] = ()

    @property
    def approved(self) -> tuple[RoleState, ...]:
        """Roles whose approval holds."""
        return tuple(r for r in self.roles if r.approval is not None)

    @property
    def missing(self) -> tuple[RoleState, ...]:
        """Roles still to approve (never, or their approval was voided)."""
        return tuple(r for r in self.roles if r.approval is None)

    @property
    def complete(self) -> bool:
        """True when nothing is required or every required role approved these words."""
        return not self.missing

    def summary(self) -> str:
        """One line for lists and the wall: each role's state, or "no sign-off required"."""
        if not self.roles:
            return "no sign-off required"
        return " · ".join(r.words for r in self.roles)


def approval_state(
    signoff: Signoff,
    kind: str,
    ref: str,
    approvals: Iterable[Approval],
    version: int,
    digest: str,
) -> ApprovalState:
    """Which required roles approved exactly these words (``version`` rendered to ``digest``).

    ``approvals`` come oldest first (as recorded); the newest approval of a role decides.
    """
    mine = [a for a in approvals if a.ref == ref][::-1]
    states = []
    for role in signoff.required_for(kind):
        given = [a for a in mine if a.role == role]
        holds = next((a for a in given if a.version == version and a.digest == digest), None)
        if holds is not None or not given:
            states.append(RoleState(role, signoff.name(role), holds))
            continue
        last = given[0]
        if last.version != version:
            why = f"approved v{last.version}; v{version} unapproved"
        else:
            why = f"approved v{last.version}; a fact it reads changed since"
        states.append(RoleState(role, signoff.name(role), None, last, why))
    return ApprovalState(ref, version, tuple(states))


def approval_refusal(signoff: Signoff, operator: str, role_id: str, author: str) -> str | None:
    """Why ``operator`` may not approve as ``role_id`` a version ``author`` saved (None: may)."""
    role = signoff.roles.get(role_id)
    if role is None:
        known = ", ".join(sorted(signoff.roles)) or "none declared"
        return f"no role {role_id!r} in this incident file (roles: {known})"
    if operator not in role.operators:
        holders = ", ".join(role.operators) or "nobody"
        return f"{operator} does not hold the role {role.name} (held by {holders})"
    if operator == author and not role.may_approve_own_text:
        return (
            f"{operator} saved this version: the incident file does not let {role.name} "
            "approve their own text; ask another holder"
        )
    return None
