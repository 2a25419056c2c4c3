"""What an intent can answer instead of doing what was asked: each says why, in words.

The UI shows them (a gate as a dialog asking for a reason), the CLI prints them and exits 2.
They are ``ValueError``s so every screen's error handling already tells them to the operator.
"""

from __future__ import annotations

from collections.abc import Sequence

from warroom.domain.errors import UserError
from warroom.domain.gates import GateProblem

__all__ = ["IntentRefused", "GateBlocked", "ReasonRequired", "ReadOnlyError"]


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
