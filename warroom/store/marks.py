"""What makes a file a warroom database: a meta document with the app, the kind and a schema.

A file without it (another program's JSON, a TinyDB file of something else) is refused and
left untouched; a file from a newer warroom is refused rather than misread.
"""

from __future__ import annotations

from typing import Any

from warroom.store.errors import StoreError

__all__ = ["APP_MARK", "SCHEMA_VERSION", "check_mark", "meta_document"]

SCHEMA_VERSION = 1
"""Bumped when the stored layout changes; a newer file is refused rather than misread."""

APP_MARK = "warroom"


def meta_document(kind: str) -> dict[str, Any]:
    """The meta document a new file of this kind starts with."""
    return {"app": APP_MARK, "kind": kind, "schema_version": SCHEMA_VERSION}


def check_mark(path: object, data: dict[str, Any], kind: str, *, allow_empty: bool) -> None:
    """Refuse a file that is not a warroom database of this kind, or is from a newer warroom."""
    if not data and allow_empty:
        return
    meta_docs = list(data.get("meta", {}).values())
    meta = meta_docs[0] if meta_docs else {}
    if meta.get("app") != APP_MARK or meta.get("kind") != kind:
        raise StoreError(f"{path}: is not a warroom {kind} database; it was left untouched")
    version = meta.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: was written by a newer warroom (schema {version}, this one reads "
            f"{SCHEMA_VERSION}); it was left untouched"
        )
