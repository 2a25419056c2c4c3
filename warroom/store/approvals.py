"""Persistence of sign-offs: one record per approval, in the main file's ``draft_approvals``.

Approvals are never removed or edited: a voided approval stays on record (who approved which
version, bound to which digest); whether it still holds is the domain's decision, made from
the words as they stand (``warroom.domain.approvals.approval_state``).
"""

from __future__ import annotations

from typing import Any

from warroom.domain.approvals import Approval
from warroom.store.records import iso
from warroom.store.repository import RepositoryLike, new_id
from warroom.store.sidecars import read_moment

__all__ = ["ApprovalStore"]

TABLE = "draft_approvals"


def _approval_from_doc(doc: dict[str, Any]) -> tuple[str, Approval]:
    """(its id, the approval); one without a readable time is set aside, never counted."""
    moment = read_moment(doc.get("at"))
    if moment is None:
        raise ValueError("the approval has no readable time")
    approval = Approval(
        doc["ref"], doc["version"], doc["role"], doc["operator"], moment, doc["digest"]
    )
    ident = doc.get("id", "")
    if not isinstance(ident, str):
        raise TypeError("an approval's id is text")
    return ident, approval


class ApprovalStore:
    """Every approval given on this database."""

    def __init__(self, repo: RepositoryLike) -> None:
        self.repo = repo

    def approvals(self) -> list[Approval]:
        """All approvals, oldest first."""
        found = self.repo.decoded(TABLE, _approval_from_doc)
        found.sort(key=lambda pair: (pair[1].at, pair[0]))
        return [approval for _, approval in found]

    def add(self, approval: Approval) -> None:
        """Keep an approval (inside the caller's transaction)."""
        self.repo.table(TABLE).insert(
            {
                "id": new_id("ap"),
                "ref": approval.ref,
                "version": approval.version,
                "role": approval.role,
                "operator": approval.operator,
                "at": iso(approval.at),
                "digest": approval.digest,
            }
        )
