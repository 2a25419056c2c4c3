"""The one error a broken incident file produces: file, JSON path and problem, in one line."""

from __future__ import annotations

from warroom.domain.errors import UserError

__all__ = ["IncidentFileError"]


class IncidentFileError(UserError, ValueError):
    """An incident file could not be used; nothing from it was imported."""

    def __init__(self, source: str, json_path: str, problem: str) -> None:
        self.source = source
        self.json_path = json_path
        self.problem = problem
        super().__init__(f"{source}: {json_path}: {problem}")
