"""Reading what the ledger and the cadence need, in the trip that builds the room's view.

Kept apart from the intents (``warroom.service.ledger``) so ``ServiceCore.view`` can use it
without the intents' module importing the core that imports it.
"""

from __future__ import annotations

from warroom.domain.cadence import updates_from_versions
from warroom.domain.draft_kinds import DraftKind
from warroom.domain.holding import text_hash
from warroom.domain.ledger import DraftMark, LedgerData
from warroom.store.drafts import DraftStore
from warroom.store.ledger import LedgerStore, file_stakeholders
from warroom.store.repository import RepositoryLike

__all__ = ["ledger_data", "draft_key"]


def draft_key(kind: DraftKind, key: str) -> str:
    """How ledger rows name a draft: ``notice``, ``briefing:sales``."""
    return f"{kind.value}:{key}" if kind is DraftKind.BRIEFING else kind.value


def ledger_data(repo: RepositoryLike) -> LedgerData:
    """Records, stakeholders, latest draft versions, promises, updates and revisions."""
    store = LedgerStore(repo)
    drafts = DraftStore(repo).drafts()
    marks = {
        draft_key(d.ref.kind, d.ref.key): DraftMark(v.number, text_hash(v.text), v.at)
        for d in drafts
        if (v := d.latest) is not None
    }
    versions = [(d.ref.kind.value, v.number, v.at, v.operator) for d in drafts for v in d.versions]
    updates = sorted([*updates_from_versions(versions), *store.updates()], key=lambda u: u.at)
    return LedgerData(
        records=store.records(),
        stakeholders=file_stakeholders(repo.snapshot().incident),
        drafts=marks,
        promises=store.promises(),
        updates=tuple(updates),
        revisions=tuple(store.revisions()),
    )
