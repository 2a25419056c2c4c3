"""Sign-off intents: approve one saved version for a role, bound to its exact words.

The operator approves the version they were shown (``version``): if another version was saved
meanwhile, or a fact changed the rendered words, the approval is refused rather than given to
words they did not read. Approving for a role one does not hold, or one's own text where the
incident file does not allow it, is refused too. The approval and its timeline entry are one
transaction.

The sign-off rules and approvals are imported by the intents that use them: every process
builds ``WarRoomService``, and the dashboard's first frame needs none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from warroom.domain.draft_kinds import DraftRef
from warroom.domain.timeline import EventKind
from warroom.service.core import ServiceCore
from warroom.service.errors import IntentRefused
from warroom.service.view import Changed
from warroom.store.drafts import DraftStore

if TYPE_CHECKING:
    from warroom.domain.approvals import Approval, ApprovalState

__all__ = ["SignoffIntents"]


class SignoffIntents(ServiceCore):
    """Approvals of drafts by roles."""

    def approval_state(self, ref: DraftRef) -> ApprovalState:
        """What the draft's required roles have approved of its words as they stand now."""
        from warroom.service.signoff_state import draft_approval_state

        return draft_approval_state(DraftStore(self.repo), ref, self.clock())

    def signoff_overview(self) -> str:
        """``Sign-off: notice ✗ 1/2 · faq ✓ 1/1 · social ✗ 0/1`` for the wall ("" if none)."""
        from warroom.service.signoff_state import draft_approval_state

        store, now = DraftStore(self.repo), self.clock()
        parts = []
        for ref in store.refs():
            state = draft_approval_state(store, ref, now)
            if state.roles:
                mark = "✓" if state.complete else "✗"
                parts.append(f"{ref} {mark} {len(state.approved)}/{len(state.roles)}")
        return "Sign-off: " + " · ".join(parts) if parts else ""

    def my_roles(self) -> tuple[str, ...]:
        """The roles this operator holds (role ids)."""
        from warroom.service.signoff_state import signoff_rules

        return signoff_rules(DraftStore(self.repo)).roles_of(self.operator)

    def approve(self, ref: DraftRef, role: str, *, version: int) -> Changed[Approval]:
        """Approve ``version`` of the draft as ``role``, bound to its words and recipients.

        Raises:
            IntentRefused: the role is not required, not held, the version is not the latest,
                or the operator saved it and may not approve their own text.
        """
        from warroom.domain.approvals import Approval, approval_refusal
        from warroom.service.signoff_state import current_digest, signoff_rules
        from warroom.store.approvals import ApprovalStore

        self.writable()
        store, now = DraftStore(self.repo), self.clock()
        signoff = signoff_rules(store)
        with self.repo.transaction():
            latest = store.draft(ref.kind, ref.key).latest
            if latest is None:
                raise IntentRefused(f"{ref}: nothing saved to approve yet")
            if latest.number != version:
                raise IntentRefused(
                    f"{ref}: v{latest.number} was saved since you looked at v{version}; "
                    "read the new version, then approve it"
                )
            if role not in signoff.required_for(ref.kind.value):
                raise IntentRefused(f"{ref}: the incident file asks no {role} approval for it")
            refusal = approval_refusal(signoff, self.operator, role, latest.operator)
            if refusal:
                raise IntentRefused(f"{ref}: {refusal}")
            digest = current_digest(store, ref, now)
            approval = Approval(str(ref), version, role, self.operator, now, digest)
            ApprovalStore(self.repo).add(approval)
            self.repo.record(
                EventKind.DRAFT,
                f"Approved {ref} v{version} as {signoff.name(role)} "
                f"(bound to its words and recipients, sha256 {digest[:12]})",
                self.operator,
                now,
            )
        return self.changed(approval)
