"""Holding statements: words approved in peacetime, ready in the first minute of a breach.

The incident file carries them keyed by scenario (ransomware, credential stuffing, vendor
breach, "we are investigating"), with who approved them, when, and a hash of the exact text
they approved. Used during the incident they are rendered from the facts and linted like any
draft; they count as approved only while the approval holds: the text is still the one
approved (same hash) and the approval is not older than the file allows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from warroom.domain.clock import format_utc

__all__ = ["HoldingStatement", "HoldingPrep", "text_hash", "approval_problem"]


def text_hash(text: str) -> str:
    """``sha256:<hex>`` of a text as approved (line endings normalised)."""
    digest = hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


@dataclass(frozen=True)
class HoldingStatement:
    """One pre-approved statement for one kind of message."""

    id: str
    scenario: str
    title: str
    kind: str
    """The draft it becomes: ``notice``, ``faq``, ``social`` or ``banner``."""
    source: str
    placeholders: tuple[str, ...] = ()
    approved_by: str = ""
    approved_at: datetime | None = None
    approved_hash: str = ""


@dataclass(frozen=True)
class HoldingPrep:
    """The file's ``holding_statements`` section."""

    statements: tuple[HoldingStatement, ...] = ()
    approval_valid: timedelta = timedelta(days=365)

    def statement(self, statement_id: str) -> HoldingStatement | None:
        """The statement with this id."""
        return next((s for s in self.statements if s.id == statement_id), None)


def approval_problem(statement: HoldingStatement, valid_for: timedelta, now: datetime) -> str:
    """Why the statement's approval does not hold now ("" when it does)."""
    if not statement.approved_by or statement.approved_at is None:
        return "never approved"
    if statement.approved_hash != text_hash(statement.source):
        return "the text changed since it was approved"
    expires = statement.approved_at + valid_for
    if now > expires:
        return f"approval by {statement.approved_by} expired {format_utc(expires, with_date=True)}"
    return ""
