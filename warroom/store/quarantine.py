"""Documents that cannot be decoded are set aside, not fatal.

One mention document without its ``id`` used to make ``status``, ``poll`` and the dashboard
crash with ``KeyError``. Now each table is decoded document by document: a document missing a
required field (or holding a value of the wrong type) is skipped, remembered with its file,
table and document number, and left in the file exactly as it was, so nothing is lost and an
operator (told by ``status``, ``poll`` and the dashboard) can repair it by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

__all__ = ["Quarantine", "DECODE_ERRORS"]

T = TypeVar("T")

DECODE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError)
"""What decoding a hand-edited or damaged document can raise."""


def _why(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return f"missing the required field {error.args[0]!r}" if error.args else "incomplete"
    return f"unreadable ({type(error).__name__}: {str(error)[:120]})"


class Quarantine:
    """The documents set aside so far, by file and table; each table's entry is replaced on
    every decode of that table, so a repaired document stops being reported."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], list[str]] = {}

    def decode(
        self,
        path: object,
        table: str,
        docs: Mapping[str, Any],
        decoder: Callable[[Any], T],
    ) -> list[T]:
        """Decode every document of one table; the ones that fail are set aside and reported."""
        decoded: list[T] = []
        problems: list[str] = []
        for doc_id, doc in docs.items():
            try:
                decoded.append(decoder(doc))
            except DECODE_ERRORS as error:
                problems.append(
                    f"{path}: table {table!r}, document {doc_id}: {_why(error)}; "
                    "set aside (left in the file as it is), everything else loaded"
                )
        key = (str(path), table)
        if problems:
            self._found[key] = problems
        else:
            self._found.pop(key, None)
        return decoded

    def forget(self, path: object) -> None:
        """Drop what was found in a file that is gone or no longer read."""
        for key in [key for key in self._found if key[0] == str(path)]:
            del self._found[key]

    def messages(self) -> tuple[str, ...]:
        """One line per document set aside, in file and table order."""
        return tuple(line for key in sorted(self._found) for line in self._found[key])
