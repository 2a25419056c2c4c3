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
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from warroom.store.errors import StoreError

__all__ = ["Quarantine", "Problem", "quick", "attempt", "DECODE_ERRORS", "conforms"]

T = TypeVar("T")

DECODE_ERRORS = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
    OverflowError,
    AssertionError,
    StoreError,
)
"""What decoding a hand-edited or damaged document can raise (the decoders assert, and some
raise ``StoreError`` for a record without a time)."""


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except NameError:  # an annotation naming a type imported only for the type checker
        return {}


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


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, type | None, Any], ...]:
    """Each field with its hint, and the plain class to test with ``isinstance`` when the hint
    is one (``str``, ``datetime``, an enum): opening 100k calls checked 1.2M fields through
    ``conforms`` and its ``typing`` calls, two thirds of the time (issue 16)."""
    plan = []
    for name, hint in _hints(cls).items():
        plain = isinstance(hint, type) and typing.get_origin(hint) is None
        simple = hint if plain and hint not in (int, float, bool, type(None)) else None
        plan.append((name, simple, hint))
    return tuple(plan)


_LEAVES = (str, int, float, bool, type(None), datetime)
"""Values with no fields of their own to check (most fields): no recursion for them."""


def _check_fields(decoded: object, depth: int = 0) -> None:
    """Refuse a decoded dataclass whose fields have the wrong types, down to the dataclasses
    it holds (a ledger record's steps) and those of a decoded pair (``(ref, version)``)."""
    if depth > 4:
        return
    if isinstance(decoded, tuple):
        for item in decoded:
            _check_fields(item, depth + 1)
    elif dataclasses.is_dataclass(decoded) and not isinstance(decoded, type):
        for name, simple, hint in _plan(type(decoded)):
            value = getattr(decoded, name, None)
            if not (isinstance(value, simple) if simple is not None else conforms(value, hint)):
                raise TypeError(f"field {name!r} holds {type(value).__name__}, not {hint}")
            if not isinstance(value, _LEAVES):
                _check_fields(value, depth + 1)


def _why(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return f"missing the required field {error.args[0]!r}" if error.args else "incomplete"
    return f"unreadable ({type(error).__name__}: {str(error)[:120]})"


class Problem:
    """A document that cannot be decoded: the line that reports it."""

    __slots__ = ("line",)

    def __init__(self, line: str) -> None:
        self.line = line


def quick(fast: Callable[[Any], T | None], doc: Any) -> T | None:
    """A document decoded the fast way, when it has warroom's own shape (else None: then
    ``attempt`` decodes it the general way, and says what is wrong with it)."""
    try:
        return fast(doc)
    except DECODE_ERRORS:
        return None


def attempt(
    path: object, table: str, doc_id: str, doc: Any, decoder: Callable[[Any], T]
) -> T | Problem:
    """One document decoded and its fields checked, or the problem that sets it aside: what
    ``Quarantine.decode`` does per document, for a reader that decodes a table's documents
    a few at a time."""
    try:
        made = decoder(doc)
        _check_fields(made)
    except DECODE_ERRORS as error:
        return Problem(
            f"{path}: table {table!r}, document {doc_id}: {_why(error)}; "
            "set aside (left in the file as it is), everything else loaded"
        )
    return made


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
        fast: Callable[[Any], T | None] | None = None,
    ) -> list[T]:
        """Decode every document of one table; the ones that fail are set aside and reported.

        ``fast`` decodes a document exactly as warroom writes it into a record that needs no
        field checks, and gives None (or raises) for any other: those take the general way,
        ``decoder`` and the checks, so what is set aside and what is said stay the same.
        """
        decoded: list[T] = []
        problems: list[str] = []
        for doc_id, doc in docs.items():
            made = None if fast is None else quick(fast, doc)
            if made is not None:
                decoded.append(made)
                continue
            result = attempt(path, table, doc_id, doc, decoder)
            if isinstance(result, Problem):
                problems.append(result.line)
            else:
                decoded.append(result)
        self.note(path, table, problems)
        return decoded

    def note(self, path: object, table: str, problems: Iterable[str]) -> None:
        """Replace what is set aside in one table of a file (found by another process's decode,
        kept in a shard's key index, so a poll can tell it without decoding the shard)."""
        key = (str(path), table)
        lines = list(problems)
        if lines:
            self._found[key] = lines
        else:
            self._found.pop(key, None)

    def found(self, path: object, table: str) -> tuple[str, ...]:
        """The lines for the documents set aside in one table of a file."""
        return tuple(self._found.get((str(path), table), ()))

    def forget(self, path: object) -> None:
        """Drop what was found in a file that is gone or no longer read."""
        for key in [key for key in self._found if key[0] == str(path)]:
            del self._found[key]

    def messages(self) -> tuple[str, ...]:
        """One line per document set aside, in file and table order."""
        return tuple(line for key in sorted(self._found) for line in self._found[key])
