"""The one error a broken incident file produces: file, JSON path and problem, in one line.

A file with several problems raises one ``IncidentFileError`` holding them all (``problems``),
one line each, so the operator fixes the whole file in one pass rather than one run per field.
"""

from __future__ import annotations

from collections.abc import Sequence

from warroom.domain.errors import UserError
from warroom.domain.text import inert

__all__ = ["IncidentFileError", "PROBLEM_LIMIT", "REPORTED_PROBLEMS"]

PROBLEM_LIMIT = 300
"""A problem's words are cut to this many characters: a megabyte value is never echoed whole."""

REPORTED_PROBLEMS = 50
"""At most this many problems are listed; the last line says how many more there were."""


class IncidentFileError(UserError, ValueError):
    """An incident file could not be used; nothing from it was imported."""

    def __init__(self, source: str, json_path: str, problem: str) -> None:
        self.source = source
        self.json_path = inert(json_path, limit=200)
        self.problem = inert(problem, limit=PROBLEM_LIMIT)
        self.problems: tuple[IncidentFileError, ...] = (self,)
        super().__init__(f"{source}: {self.json_path}: {self.problem}")

    @classmethod
    def combine(cls, found: Sequence[IncidentFileError]) -> IncidentFileError:
        """One error standing for all of ``found`` (first problem first), one line each."""
        flat = [one for error in found for one in error.problems]
        if len(flat) == 1:
            return flat[0]
        first = flat[0]
        error = cls(first.source, first.json_path, first.problem)
        error.problems = tuple(flat)
        lines = [str(one) for one in flat[:REPORTED_PROBLEMS]]
        if len(flat) > REPORTED_PROBLEMS:
            lines.append(f"{first.source}: … and {len(flat) - REPORTED_PROBLEMS} more problems")
        error.args = ("\n".join(lines),)
        return error

    def __str__(self) -> str:
        return str(self.args[0])
