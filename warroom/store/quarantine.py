"""Documents that cannot be decoded are set aside, not fatal.

One mention document without its ``id`` used to make ``status``, ``poll`` and the dashboard
crash with ``KeyError``. Now each table is decoded document by document: a document missing a
required field (or holding a value of the wrong type) is skipped, remembered with its file,
table and document number, and left in the file exactly as it was, so nothing is lost and an
operator (told by ``status``, ``poll`` and the dashboard) can repair it by hand.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

__all__ = ["Quarantine", "DECODE_ERRORS", "conforms"]

T = TypeVar("T")

DECODE_ERRORS = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
    OverflowError,
    AssertionError,
)
"""What decoding a hand-edited or damaged document can raise (the decoders assert, too)."""


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def conforms(value: object, hint: Any) -> bool:
    """True when ``value`` has the type ``hint`` names (str, int, datetime, X | None, tuple[X,
    ...], enums): a decoder copies fields as they are, so ``"id": null`` would otherwise pass."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(conforms(value, arg) for arg in typing.get_args(hint))
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(conforms(item, args[0]) for item in value)
        return True
    if origin is not None:
        return isinstance(value, origin)
    if hint is type(None):
        return value is None
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def _field_test(hint: Any) -> Callable[[object], bool]:
    """A fast test for one field's type: most fields are plain ``str``/``datetime``/enum, and
    this runs for every field of every document a shard or table holds."""
    if isinstance(hint, type) and hint not in (int, float, type(None)):
        return lambda value: isinstance(value, hint)
    return lambda value: conforms(value, hint)


@functools.cache
def _field_tests(cls: type) -> tuple[tuple[str, Callable[[object], bool], Any], ...]:
    return tuple((name, _field_test(hint), hint) for name, hint in _hints(cls).items())


def _check_fields(decoded: object) -> None:
    """Refuse a decoded dataclass whose fields have the wrong types."""
    if dataclasses.is_dataclass(decoded) and not isinstance(decoded, type):
        for name, test, hint in _field_tests(type(decoded)):
            value = getattr(decoded, name, None)
            if not test(value):
                raise TypeError(f"field {name!r} holds {type(value).__name__}, not {hint}")


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
                made = decoder(doc)
                _check_fields(made)
                decoded.append(made)
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
