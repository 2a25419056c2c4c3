"""Reading sign-off state: the digest of the words as they would go out, and who approved them.

Shared by the gates (``ServiceCore.draft_problems``), the sign-off intents, the screens and
``warroom status``, so a gate and the messages list never disagree on what is approved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warroom.domain.approvals import (
    ApprovalState,
    Signoff,
    approval_digest,
    approval_state,
    recipients_of,
)
from warroom.domain.draft_kinds import DraftRef
from warroom.incident_file.signoff import signoff_for
from warroom.store.approvals import ApprovalStore
from warroom.store.drafts import DraftStore, team_for

__all__ = [
    "signoff_rules",
    "current_digest",
    "draft_approval_state",
    "approvals_document",
]


def signoff_rules(store: DraftStore) -> Signoff:
    """The incident file's roles and required approvals (none when it declares no roles)."""
    return signoff_for(store.incident().extras.get("roles"))


def current_digest(store: DraftStore, ref: DraftRef, now: datetime) -> str:
    """The digest of the draft's latest version as it would go out now, with its recipients."""
    team = team_for(store.incident(), ref)
    text = store.rendered(ref.kind, ref.key, now=now)
    recipients = recipients_of(ref.kind.value, store.facts(), team.name if team else "")
    return approval_digest(text, recipients)


def draft_approval_state(store: DraftStore, ref: DraftRef, now: datetime) -> ApprovalState:
    """Which required roles approved the draft's words as they stand now."""
    signoff = signoff_rules(store)
    latest = store.draft(ref.kind, ref.key).latest
    if not signoff.required_for(ref.kind.value):
        return ApprovalState(str(ref), latest.number if latest else 0)
    return approval_state(
        signoff,
        ref.kind.value,
        str(ref),
        ApprovalStore(store.repo).approvals(),
        latest.number if latest else 0,
        current_digest(store, ref, now) if latest else "",
    )


def approvals_document(state: ApprovalState | None) -> dict[str, Any]:
    """``drafts.<kind>.approvals`` of ``warroom status --json`` (see the schema)."""
    roles = state.roles if state is not None else ()
    return {
        "required": [r.role for r in roles],
        "complete": all(r.approval is not None for r in roles),
        "approved": [
            {
                "role": r.role,
                "operator": r.approval.operator,
                "version": r.approval.version,
                "at": r.approval.at.isoformat(),
            }
            for r in roles
            if r.approval is not None
        ],
        "missing": [
            {
                "role": r.role,
                "why": r.why_void or "not approved",
                "voided": {"operator": r.void.operator, "version": r.void.version}
                if r.void
                else None,
            }
            for r in roles
            if r.approval is None
        ],
    }
