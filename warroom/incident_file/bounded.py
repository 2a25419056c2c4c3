"""Read an incident file within documented bounds, before any field is looked at.

The loader used to read whatever the path gave it: a FIFO hung ``init`` and ``check``, a device
that never ends grew memory without bound, a number thousands of digits long raised
``ValueError`` from deep in ``int()``, a key given twice silently kept the last value, and a
file with a hundred thousand checklist items took 16 s and 121 MB to import. Here:

- the path is opened non-blocking and must be a regular file (``fstat`` on the open descriptor,
  so nothing can swap it in between), and at most ``MAX_FILE_BYTES`` are read;
- the JSON is decoded with the standard library's hooks (duplicate keys, huge integers,
  ``NaN``/``Infinity``, floats that overflow to infinity are caught where they are decoded and
  reported with their JSON path afterwards);
- one walk over the decoded tree checks every array, object and string against ``LIMITS`` and
  collects *every* problem, so the operator fixes the file in one pass.

The standard library's ``json`` hooks are enough for all of this; a third-party parser (such as
``orjson``, already a dependency) would accept duplicate keys silently and offers no hooks.
"""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warroom.incident_file.errors import IncidentFileError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_INT_DIGITS",
    "LIMITS",
    "read_bounded",
    "decode_strict",
    "limit_problems",
]

MAX_FILE_BYTES = 4 * 1024 * 1024
"""An incident file larger than this is refused before it is parsed (the sample is 17 KB)."""

MAX_INT_DIGITS = 15
"""Whole numbers longer than this (about 10**15) are refused: no count or setting needs more."""

MAX_STRING = 20_000
"""Any string in the file (a template, an answer) is refused beyond this many characters."""

MAX_ARRAY = 1_000
"""Any list not named in ``LIMITS`` is refused beyond this many entries."""

MAX_MEMBERS = 1_000
"""Any object is refused beyond this many keys."""

LIMITS: dict[str, int] = {
    "$.checklist": 500,
    "$.feeds": 5_000,  # a breach watched through thousands of alerts; ~0.8 MB of the 4 MiB
    "$.teams": 50,
    "$.channels": 30,
    "$.keywords": 200,
    "$.facts.data_affected": 50,
    "$.teams[*].qa": 200,
}
"""Documented caps on the lists of the incident file (README, "Limits")."""

STRING_LIMITS: dict[str, int] = {
    "$.incident.title": 300,
    "$.incident.id": 64,
    "$.teams[*].name": 200,
    "$.channels[*].name": 200,
    "$.feeds[*].name": 200,
    "$.feeds[*].url": 2048,
    "$.checklist[*].title": 500,
    "$.keywords[*]": 200,
}
"""Documented caps on single-line fields; every other string has ``MAX_STRING``."""


@dataclass(frozen=True)
class _BadNumber:
    """A number the decoder met that no field may hold; reported with its path later."""

    text: str
    why: str


class _Members(dict[str, Any]):
    """A JSON object that remembers keys it was given more than once."""

    duplicates: list[tuple[str, int, int]]


def read_bounded(
    path: Path | str, limit: int = MAX_FILE_BYTES, *, what: str = "an incident file"
) -> bytes:
    """Return the bytes of a regular file of at most ``limit`` bytes (``what`` names it).

    Raises:
        IncidentFileError: missing, a folder, a FIFO, socket or device, unreadable or too large.
    """
    source = str(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of hanging.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise IncidentFileError(source, "$", "no such file") from None
    except IsADirectoryError:
        raise IncidentFileError(source, "$", f"is a directory, not {what}") from None
    except OSError as error:
        raise IncidentFileError(source, "$", f"cannot be read ({error.strerror})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IncidentFileError(source, "$", f"is a directory, not {what}")
        if not stat.S_ISREG(st.st_mode):
            raise IncidentFileError(
                source, "$", f"is {_kind(st.st_mode)}, not a regular file; refusing to read it"
            )
        if st.st_size > limit:
            raise IncidentFileError(source, "$", _too_large(limit, what))
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # grew while we read it
                raise IncidentFileError(source, "$", _too_large(limit, what))
        return b"".join(chunks)
    except OSError as error:
        raise IncidentFileError(source, "$", f"cannot be read ({error.strerror})") from None
    finally:
        os.close(fd)


def _too_large(limit: int, what: str) -> str:
    return f"is larger than {limit // (1024 * 1024)} MiB, the limit for {what}"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _parse_int(text: str) -> int | _BadNumber:
    digits = text.lstrip("-")
    if len(digits) > MAX_INT_DIGITS:
        return _BadNumber(
            text, f"a whole number of {len(digits)} digits (at most {MAX_INT_DIGITS})"
        )
    return int(text)


def _parse_float(text: str) -> float | _BadNumber:
    value = float(text)
    if not math.isfinite(value):
        return _BadNumber(text, "a number too large to represent")
    return value


def _parse_constant(name: str) -> _BadNumber:
    return _BadNumber(name, f"{name}, which is not a number JSON allows")


def _members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = _Members()
    positions: dict[str, int] = {}
    duplicates: list[tuple[str, int, int]] = []
    for index, (key, value) in enumerate(pairs, start=1):
        if key in positions:
            duplicates.append((key, positions[key], index))
        else:
            positions[key] = index
        result[key] = value
    result.duplicates = duplicates
    return result


def decode_strict(source: str, raw: bytes) -> Any:
    """Decode UTF-8 JSON, refusing it whole when it is not JSON; number and key problems are
    left in the tree as markers for ``limit_problems`` to report with their paths."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise IncidentFileError(source, "$", f"is not UTF-8 text (byte {error.start})") from None
    try:
        return json.loads(
            text,
            object_pairs_hook=_members,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except json.JSONDecodeError as error:
        raise IncidentFileError(
            source,
            "$",
            f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
        ) from None
    except RecursionError:
        raise IncidentFileError(source, "$", "is JSON nested too deeply to read") from None


def _pattern(path: str) -> str:
    """``$.teams[3].qa`` -> ``$.teams[*].qa``: the form ``LIMITS`` is written in."""
    out, depth = [], 0
    for char in path:
        if char == "[":
            depth += 1
            out.append("[*]")
        elif char == "]":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _size_problem(value: Any, path: str) -> str:
    """Why ``value`` is too big for its place in the file (empty when it is not).

    A value under the smallest cap of its kind is under its own, whichever place it is in:
    the place's name (``_pattern``) is worked out only for the rest (it was half the walk).
    """
    if isinstance(value, str):
        if len(value) <= _SMALLEST_STRING_CAP:
            return ""
        cap, size, what = STRING_LIMITS.get(_pattern(path), MAX_STRING), len(value), "characters"
    elif isinstance(value, list):
        if len(value) <= _SMALLEST_ARRAY_CAP:
            return ""
        cap, size, what = LIMITS.get(_pattern(path), MAX_ARRAY), len(value), "entries"
    elif isinstance(value, dict):
        cap, size, what = MAX_MEMBERS, len(value), "keys"
    else:
        return ""
    return f"has {size:,} {what}; the limit is {cap:,}" if size > cap else ""


_SMALLEST_STRING_CAP = min(MAX_STRING, *STRING_LIMITS.values())
_SMALLEST_ARRAY_CAP = min(MAX_ARRAY, *LIMITS.values())
"""The smallest caps on a string and on a list, anywhere in the file."""


def limit_problems(source: str, data: Any) -> list[IncidentFileError]:
    """Every bad number, duplicate key and over-long list, object or string, with its path."""
    problems: list[IncidentFileError] = []
    stack: list[tuple[str, Any]] = [("$", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _BadNumber):
            problems.append(IncidentFileError(source, path, f"is {value.why}"))
            continue
        too_big = _size_problem(value, path)
        if too_big:  # a container refused whole: its entries are not walked (or reported)
            problems.append(IncidentFileError(source, path, too_big))
        elif isinstance(value, list):
            # Reversed onto the stack, so entries are reported in the order of the file.
            stack.extend(reversed([(f"{path}[{i}]", item) for i, item in enumerate(value)]))
        elif isinstance(value, dict):
            for key, first, second in getattr(value, "duplicates", ()):
                problems.append(
                    IncidentFileError(
                        source,
                        f"{path}.{key}",
                        f"is given twice (keys {first} and {second} of {path}); "
                        "keep one: the second would silently replace the first",
                    )
                )
            stack.extend(reversed([(f"{path}.{k}", v) for k, v in value.items()]))
    return problems
