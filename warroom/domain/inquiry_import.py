"""Read inquiry counts exported from a phone or ticket system (CSV), all or nothing.

The file's columns (a header row is required; column order is free, names are
case-insensitive; extra columns are refused so a wrong export is noticed):

- ``timestamp`` — ISO 8601 with a UTC offset: ``2026-11-27T09:15:00Z`` or ``…+01:00``
  (converted to UTC). A time without an offset is refused: phone systems often export local
  time, and guessing would misplace counts by hours. Not in the future.
- ``channel`` — one of the incident's channel ids or names (case-insensitive).
- ``count`` — a whole number from 1 to ``MAX_COUNT`` (a row can sum an interval).
- ``topic`` — optional column; free text, may be empty.

Comma-separated, UTF-8 (a byte-order mark from a spreadsheet is fine). Every bad row is
reported by its line number; if any row is bad, nothing is returned to import.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from warroom.domain.clock import utc
from warroom.domain.errors import UserError
from warroom.domain.incident import Channel
from warroom.domain.inquiries import InquiryEvent
from warroom.domain.text import inert

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "MAX_COUNT",
    "MAX_ROWS",
    "CsvProblem",
    "InquiryImportError",
    "ImportedCount",
    "parse_inquiry_csv",
    "to_events",
    "fingerprint",
]

COLUMNS = ("timestamp", "channel", "count", "topic")
REQUIRED_COLUMNS = ("timestamp", "channel", "count")
MAX_COUNT = 10_000
"""A larger count on one row is more likely a typo (or a wrong column) than real."""
MAX_ROWS = 50_000
MAX_PROBLEMS = 50
"""Report at most this many problems: a wholly wrong file should not flood the screen."""


@dataclass(frozen=True)
class CsvProblem:
    """One thing wrong with the file, by line (1 is the header)."""

    line: int
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


class InquiryImportError(UserError, ValueError):
    """The file cannot be imported; nothing from it was."""

    def __init__(self, source: str, problems: Sequence[CsvProblem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        shown = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s), nothing imported:\n{shown}")


@dataclass(frozen=True)
class ImportedCount:
    """One good row: ``count`` inquiries on a channel at a time."""

    line: int
    at: datetime
    channel_id: str
    count: int
    topic: str = ""


def fingerprint(text: str) -> str:
    """A short digest of the file, so importing the same export twice can be refused."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _channel_lookup(channels: Sequence[Channel]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for channel in channels:
        lookup[channel.name.casefold()] = channel.id
    for channel in channels:  # ids win over a name that happens to equal another id
        lookup[channel.id.casefold()] = channel.id
    return lookup


def _timestamp(text: str, now: datetime) -> datetime:
    value = text.strip()
    if value.endswith(("z", "Z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"timestamp {text!r} is not ISO 8601 (e.g. 2026-11-27T09:15:00Z)"
        ) from None
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no UTC offset: add Z (UTC) or e.g. +01:00")
    moment = utc(moment)
    if moment > utc(now) + timedelta(minutes=1):
        raise ValueError(f"timestamp {text!r} is in the future")
    return moment


def _count(text: str) -> int:
    value = text.strip()
    if not value.isdigit():
        raise ValueError(f"count {text!r} is not a whole number")
    count = int(value)
    if not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count {count} must be between 1 and {MAX_COUNT}")
    return count


def parse_inquiry_csv(
    text: str, channels: Sequence[Channel], now: datetime, *, source: str = "CSV"
) -> list[ImportedCount]:
    """Parse the whole file; return every row, or raise with every problem found.

    Raises:
        InquiryImportError: listing the problems by line; no row is returned.
    """
    problems: list[CsvProblem] = []
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise InquiryImportError(source, [CsvProblem(1, f"not readable as CSV: {error}")]) from None
    if header is None or not any(cell.strip() for cell in header):
        raise InquiryImportError(source, [CsvProblem(1, "empty file: expected a header row")])
    names = [cell.strip().casefold() for cell in header]
    unknown = [n for n in names if n not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if unknown or missing or duplicated:
        said = []
        if missing:
            said.append("missing column(s): " + ", ".join(missing))
        if unknown:
            said.append("unknown column(s): " + ", ".join(repr(u) for u in unknown))
        if duplicated:
            said.append("repeated column(s): " + ", ".join(duplicated))
        said.append("expected: " + ",".join(COLUMNS) + " (topic optional)")
        raise InquiryImportError(source, [CsvProblem(1, "; ".join(said))])
    lookup = _channel_lookup(channels)
    rows: list[ImportedCount] = []
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(CsvProblem(reader.line_num, f"not readable as CSV: {error}"))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank lines are harmless
        if len(rows) + len(problems) >= MAX_ROWS:
            problems.append(CsvProblem(line, f"more than {MAX_ROWS} rows: split the file"))
            break
        if len(record) != len(names):
            problems.append(CsvProblem(line, f"expected {len(names)} values, found {len(record)}"))
            continue
        cells = dict(zip(names, record, strict=True))
        row_problems: list[str] = []
        at: datetime | None = None
        count = 0
        try:
            at = _timestamp(cells["timestamp"], now)
        except ValueError as error:
            row_problems.append(str(error))
        channel_id = lookup.get(cells["channel"].strip().casefold())
        if channel_id is None:
            known = ", ".join(c.id for c in channels)
            row_problems.append(f"channel {cells['channel']!r} is not one of: {known}")
        try:
            count = _count(cells["count"])
        except ValueError as error:
            row_problems.append(str(error))
        if row_problems:
            problems.append(CsvProblem(line, "; ".join(row_problems)))
        elif at is not None and channel_id is not None:
            topic = inert(cells.get("topic", ""), limit=120)
            rows.append(ImportedCount(line, at, channel_id, count, topic))
        if len(problems) >= MAX_PROBLEMS:
            problems.append(CsvProblem(line, f"stopped after {MAX_PROBLEMS} problems"))
            break
    if problems:
        raise InquiryImportError(source, problems)
    if not rows:
        raise InquiryImportError(source, [CsvProblem(line, "no rows to import")])
    return rows


def to_events(
    rows: Sequence[ImportedCount], operator: str, new_id: Callable[[], str]
) -> list[InquiryEvent]:
    """Expand rows into one ``InquiryEvent`` per inquiry (the model counts events, not sums)."""
    return [
        InquiryEvent(new_id(), row.channel_id, row.at, operator, 1, row.topic)
        for row in rows
        for _ in range(row.count)
    ]
