"""What an intent can answer instead of doing what was asked: each says why, in words.

The UI shows them (a gate as a dialog asking for a reason), the CLI prints them and exits 2.
They are ``ValueError``s so every screen's error handling already tells them to the operator.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from warroom.domain.errors import UserError

if TYPE_CHECKING:  # loaded by the first gated action
    from warroom.domain.gate_problems import GateProblem

__all__ = ["IntentRefused", "GateBlocked", "ReasonRequired", "ReadOnlyError", "SaveConflict"]


class IntentRefused(UserError, ValueError):
    """The operator's intent was not carried out; the message says why and what to do."""


class ReadOnlyError(IntentRefused):
    """A change asked of a read-only dashboard (wall mode) or database."""


class GateBlocked(IntentRefused):
    """A gated action (a "sent" tick, an export) found its drafts not ready.

    Carried out anyway only with a reason, which is recorded with the action.
    """

    def __init__(self, action: str, problems: Sequence[GateProblem]) -> None:
        self.action = action
        self.problems = tuple(problems)
        super().__init__(
            f"{action}: refused, {len(self.problems)} problem(s): "
            + "; ".join(str(p) for p in self.problems[:5])
            + ("; …" if len(self.problems) > 5 else "")
            + " (give a reason to go ahead anyway)"
        )


class ReasonRequired(IntentRefused):
    """An action that rewrites the record (unticking "notice sent", a late filing) needs a why."""

    def __init__(self, action: str, question: str) -> None:
        self.action = action
        self.question = question
        super().__init__(f"{action}: {question}")


class SaveConflict(IntentRefused):
    """Another operator saved the same text since this operator's edit began: not applied.

    Carries the three texts a resolution needs: ``base`` (what this edit started from),
    ``theirs`` (what is saved now) and ``yours``. To save anyway, the caller passes ``token``
    as the new base with ``overriding=True`` (recorded as overriding theirs); to merge, it
    merges the three texts and saves the result with ``token`` as its base; to discard, it
    reloads theirs. Nothing saved is lost either way: every version stays in history.
    """

    def __init__(
        self,
        what: str,
        *,
        base: str,
        theirs: str,
        yours: str,
        base_label: str,
        theirs_label: str,
        theirs_by: str,
        token: int | str,
    ) -> None:
        self.what = what
        self.base = base
        self.theirs = theirs
        self.yours = yours
        self.base_label = base_label
        self.theirs_label = theirs_label
        self.theirs_by = theirs_by
        self.token = token
        super().__init__(
            f"{what}: {theirs_by} saved {theirs_label} since your edit began from "
            f"{base_label}; yours was not saved (merge, save yours on top, or discard)"
        )
