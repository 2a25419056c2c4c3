"""Typed, path-aware reading of JSON objects, so every error names where it is and what is wrong.

Every section of the incident file (core, drafting, clocks …) reads its data through a
``Fields`` reader; unknown keys are errors because a misspelt key silently ignored is a
preparation mistake nobody notices until the breach.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from warroom.domain.clock import utc
from warroom.incident_file.errors import IncidentFileError

__all__ = ["Fields", "child_path", "type_name"]

T = TypeVar("T")

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
"""No date in an incident file may be before this (README, "Limits")."""

LATEST = datetime(2100, 1, 1, tzinfo=UTC)
"""Nor on or after this: far enough for any deadline, near enough that ten years more fit."""

MAX_DURATION_MINUTES = 3660 * 1440
"""About ten years: the longest due time a duration may give."""


def child_path(path: str, key: str | int) -> str:
    """Return the JSON path of a child: ``$.facts.hotline`` or ``$.teams[2]``."""
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


def type_name(value: object) -> str:
    """Name a JSON value's type the way a person editing JSON thinks of it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class Fields:
    """A reader over one JSON object that tracks which keys were used.

    Call the typed getters, then ``done()`` to reject any key nobody asked for.
    """

    def __init__(self, source: str, path: str, value: object) -> None:
        if not isinstance(value, dict):
            raise IncidentFileError(source, path, f"expected an object, found {type_name(value)}")
        self.source = source
        self.path = path
        self.data: dict[str, Any] = value
        self._used: set[str] = set()

    def error(self, key: str | None, problem: str) -> IncidentFileError:
        """Build an error for ``key`` of this object (or the object itself)."""
        return IncidentFileError(
            self.source, self.path if key is None else child_path(self.path, key), problem
        )

    def has(self, key: str) -> bool:
        """True when the key is present (and not null)."""
        return self.data.get(key) is not None

    def _raw(self, key: str, required: bool) -> Any:
        self._used.add(key)
        if key not in self.data or self.data[key] is None:
            if required:
                raise self.error(key, "is required but missing")
            return None
        return self.data[key]

    def string(
        self, key: str, *, required: bool = True, default: str = "", empty: bool = False
    ) -> str:
        """Read a string; an empty or blank string is refused unless ``empty``."""
        value = self._raw(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.error(key, f"expected a string, found {type_name(value)}")
        if not empty and not value.strip():
            raise self.error(key, "must not be empty")
        return value.strip()

    def integer(
        self,
        key: str,
        *,
        required: bool = True,
        default: int | None = None,
        minimum: int | None = None,
    ) -> int | None:
        """Read a whole number, optionally with a lower bound."""
        value = self._raw(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected a whole number, found {type_name(value)}")
        if minimum is not None and value < minimum:
            raise self.error(key, f"must be at least {minimum}, found {value}")
        return value

    def boolean(self, key: str, *, required: bool = False, default: bool = False) -> bool:
        """Read true/false."""
        value = self._raw(key, required)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, found {type_name(value)}")
        return value

    def datetime(self, key: str, *, required: bool = True) -> datetime | None:
        """Read an ISO 8601 date-time; one without a zone is taken as UTC."""
        text = self.string(key, required=required)
        if not text:
            return None
        try:
            moment = utc(datetime.fromisoformat(text))
        except (ValueError, OverflowError):
            raise self.error(
                key, f"{text!r} is not a valid date-time (use ISO 8601, e.g. 2026-11-27T09:30:00Z)"
            ) from None
        if not EARLIEST <= moment < LATEST:
            # 9999-12-31 is valid ISO 8601, but "detected + 72 h" then overflows in every clock.
            raise self.error(
                key,
                f"{text!r} is outside {EARLIEST.year}-{LATEST.year - 1}, the range warroom accepts",
            )
        return moment

    def calendar_date(self, key: str, *, required: bool = False) -> date | None:
        """Read an ISO 8601 calendar date such as ``2026-01-01``."""
        text = self.string(key, required=required)
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.error(
                key, f"{text!r} is not a date (use ISO 8601, e.g. 2026-01-01)"
            ) from None

    def duration(self, key: str, *, required: bool = False) -> timedelta | None:
        """Read a duration such as ``"90m"``, ``"4h"``, ``"3d"`` or a number of minutes."""
        value = self._raw(key, required)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            minutes = value
        elif isinstance(value, str) and value.strip()[:-1].isdigit() and value.strip()[-1] in "mhd":
            number, unit = int(value.strip()[:-1]), value.strip()[-1]
            minutes = number * {"m": 1, "h": 60, "d": 1440}[unit]
        else:
            raise self.error(key, f'expected a duration like "90m", "4h" or "2d", found {value!r}')
        if minutes < 0:
            raise self.error(key, "must not be negative")
        if minutes > MAX_DURATION_MINUTES:
            # Beyond this, timedelta or detection + due overflows: a typo, never a real due time.
            raise self.error(
                key, f"must be at most {MAX_DURATION_MINUTES // 1440}d, found {value!r}"
            )
        return timedelta(minutes=minutes)

    def strings(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        """Read a list of non-empty strings."""
        return tuple(
            self._item_string(child_path(self.path, key), i, v)
            for i, v in enumerate(self.list(key, required=required))
        )

    def _item_string(self, path: str, index: int, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise IncidentFileError(
                self.source,
                child_path(path, index),
                f"expected a non-empty string, found {value!r}",
            )
        return value.strip()

    def list(self, key: str, *, required: bool = False) -> list[Any]:
        """Read a list (an absent optional list is empty)."""
        value = self._raw(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(key, f"expected a list, found {type_name(value)}")
        return value

    def choice(self, key: str, options: Callable[[str], T], *, required: bool = True) -> T | None:
        """Read a string and convert it (e.g. to an Enum), naming the allowed values on error."""
        text = self.string(key, required=required)
        if not text:
            return None
        try:
            return options(text)
        except ValueError:
            allowed = ", ".join(str(getattr(o, "value", o)) for o in options)  # type: ignore[attr-defined]
            raise self.error(key, f"{text!r} is not one of: {allowed}") from None

    def object(self, key: str, *, required: bool = True) -> Fields | None:
        """Read a nested object as its own ``Fields``."""
        value = self._raw(key, required)
        if value is None:
            return None
        return Fields(self.source, child_path(self.path, key), value)

    def objects(self, key: str, *, required: bool = False) -> Iterator[Fields]:
        """Read a list of objects, each as its own ``Fields``."""
        list_path = child_path(self.path, key)
        for index, value in enumerate(self.list(key, required=required)):
            yield Fields(self.source, child_path(list_path, index), value)

    def raw(self, key: str) -> Any:
        """Take a value as it is (for sections another layer validates)."""
        return self._raw(key, False)

    def done(self) -> None:
        """Refuse any key that no getter asked for."""
        unknown = sorted(set(self.data) - self._used)
        if unknown:
            raise self.error(unknown[0], "is not a known field (check the spelling)")
