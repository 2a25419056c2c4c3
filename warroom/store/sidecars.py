"""Small files of their own beside the main file: autosaved buffers and presence heartbeats.

They change every few seconds per operator, so they must not live in the main file: every
write there is a locked, fsynced rewrite that makes every other dashboard reload. Each small
file has one writer (one operator's buffer of one draft, one process's heartbeat), so no lock
is needed: it is written like the store writes (temporary file beside it, optional fsync,
``os.replace``), and a reader sees the old file or the new one, never half of one. Reads
never follow a symlink, skip what is not a regular file, and treat damage as "nothing there".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from warroom.store.errors import StoreError
from warroom.store.records import from_iso
from warroom.store.shared_storage import fsync_dir, write_all

__all__ = [
    "sidecar_path",
    "sidecar_glob",
    "write_sidecar",
    "read_sidecar",
    "read_moment",
    "remove_sidecar",
]

MAX_BYTES = 2_000_000
"""A sidecar bigger than this is not ours (an autosaved draft is a few KB)."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def slug(text: str) -> str:
    """A file-name-safe, collision-free form of an operator name or a draft ref."""
    readable = _UNSAFE.sub("-", text).strip("-")[:24] or "x"
    return f"{readable}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def sidecar_path(main: Path, kind: str, *names: str) -> Path:
    """``warroom.<kind>.<slug>….json`` beside the main file ``warroom.json``."""
    parts = ".".join(slug(name) for name in names)
    return main.with_name(f"{main.stem}.{kind}.{parts}.json")


def sidecar_glob(main: Path, kind: str) -> list[Path]:
    """Every sidecar of one kind beside the main file."""
    stem = re.sub(r"([*?\[])", r"[\1]", main.stem)
    return sorted(main.parent.glob(f"{stem}.{kind}.*.json"))


def write_sidecar(path: Path, document: dict[str, Any], *, durable: bool) -> None:
    """Replace the file atomically; ``durable`` also fsyncs (survives a power cut, not only a
    crash of the process, which an atomic rename alone already survives)."""
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(tmp, flags, 0o660)
        try:
            write_all(fd, payload)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        if durable:
            fsync_dir(str(path.parent))
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreError(f"{path}: could not save ({error.strerror})") from None


def read_sidecar(path: Path) -> dict[str, Any] | None:
    """The document in the file, or None when it is missing, not a regular file, or damaged."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        with open(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


def read_moment(value: object) -> datetime | None:
    """A stored ISO time read back, or None when it is missing or not a time."""
    if not isinstance(value, str):
        return None
    try:
        return from_iso(value)
    except ValueError:
        return None


def remove_sidecar(path: Path) -> None:
    """Remove the file if it is there."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
