"""Presence heartbeats: one small file per running dashboard, beside the main file.

``warroom.presence.<session>.json`` says which operator runs that dashboard, which draft it
edits, and when it last said so. Writing it is one small atomic replace without fsync: a
heartbeat lost to a power cut costs nothing (it is rewritten seconds later), while an fsync
every few seconds per operator would compete with the real saves on the same disk. A reader
drops heartbeats of processes it can see are gone (same host, pid not running) and removes
their files; the rest expire by age (``domain.presence.EXPIRES_AFTER``).
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from warroom.domain.presence import Presence
from warroom.store.records import iso
from warroom.store.sidecars import (
    read_moment,
    read_sidecar,
    remove_sidecar,
    sidecar_glob,
    sidecar_path,
    write_sidecar,
)

__all__ = ["PresenceStore", "new_session"]

FORGET_AFTER = timedelta(days=1)
"""A heartbeat file this old is removed by whoever reads it (its process is long gone)."""


def new_session() -> str:
    """A session id unique to this process on this host."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _running(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


class PresenceStore:
    """This process's heartbeat file, and everyone's as read back."""

    def __init__(self, main: Path, session: str | None = None) -> None:
        self.main = main
        self.session = session or new_session()
        self.host = socket.gethostname()
        self.path = sidecar_path(main, "presence", self.session)

    def beat(self, operator: str, editing: str, now: datetime) -> None:
        """Say this dashboard is here (and what it edits) as of ``now``."""
        document = {
            "operator": operator,
            "session": self.session,
            "editing": editing,
            "at": iso(now),
            "host": self.host,
            "pid": os.getpid(),
        }
        write_sidecar(self.path, document, durable=False)

    def leave(self) -> None:
        """Remove this dashboard's heartbeat (a clean exit; a crash lets it expire)."""
        remove_sidecar(self.path)

    def read(self, now: datetime) -> list[Presence]:
        """Every heartbeat whose process may still run (expiry by age is the domain's)."""
        found = []
        for path in sidecar_glob(self.main, "presence"):
            doc = read_sidecar(path)
            moment = read_moment(doc.get("at")) if doc else None
            if doc is None or moment is None:
                continue
            gone = doc.get("host") == self.host and not _running(doc.get("pid"))
            if gone or now - moment > FORGET_AFTER:
                if path != self.path:
                    remove_sidecar(path)
                continue
            operator, session, editing = doc.get("operator"), doc.get("session"), doc.get("editing")
            if isinstance(operator, str) and isinstance(session, str) and isinstance(editing, str):
                found.append(Presence(operator, session, moment, editing))
        return found
