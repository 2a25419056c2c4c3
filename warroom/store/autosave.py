"""Autosaved editor buffers: one small file per operator and draft, beside the main file.

``warroom.autosave.<operator>.<draft>.json`` holds what the operator's editor had, the version
it was based on and when. It is written every few seconds while the buffer differs from what
was last written, and on every focus change, durably (fsync: the point is to survive a dropped
session or a host crash), and removed when the draft is saved or the edit discarded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warroom.store.records import iso
from warroom.store.sidecars import (
    read_moment,
    read_sidecar,
    remove_sidecar,
    sidecar_path,
    write_sidecar,
)

__all__ = ["Autosaved", "AutosaveStore"]


@dataclass(frozen=True)
class Autosaved:
    """One operator's unsaved buffer of one draft."""

    ref: str
    source: str
    base_version: int
    operator: str
    at: datetime


class AutosaveStore:
    """The autosaved buffers of one operator on one database."""

    def __init__(self, main: Path, operator: str) -> None:
        self.main = main
        self.operator = operator

    def path(self, ref: str) -> Path:
        """Where this operator's buffer of ``ref`` is kept."""
        return sidecar_path(self.main, "autosave", self.operator, ref)

    def put(self, ref: str, source: str, base_version: int, now: datetime) -> None:
        """Keep the buffer (replacing the last one, atomically and durably)."""
        document = {
            "ref": ref,
            "source": source,
            "base_version": base_version,
            "operator": self.operator,
            "at": iso(now),
        }
        write_sidecar(self.path(ref), document, durable=True)

    def get(self, ref: str) -> Autosaved | None:
        """The buffer kept for ``ref``, if any (a damaged file counts as none)."""
        doc = read_sidecar(self.path(ref))
        if doc is None or doc.get("ref") != ref or doc.get("operator") != self.operator:
            return None
        source, base = doc.get("source"), doc.get("base_version")
        moment = read_moment(doc.get("at"))
        if not isinstance(source, str) or not isinstance(base, int) or moment is None:
            return None
        return Autosaved(ref, source, base, self.operator, moment)

    def drop(self, ref: str) -> None:
        """Forget the buffer (saved, or discarded by the operator)."""
        remove_sidecar(self.path(ref))
