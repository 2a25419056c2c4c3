"""Move an incident file in time: every date in it, stamps and prose alike, by one offset.

The demo opens the bundled sample "a couple of hours after detection" on whatever day it runs,
so the sample's 26 November 2026 must become today everywhere a reader could compare them: the
ISO stamps the clocks run from, and the dates written in the facts and notes ("between 19 and
26 November 2026", "at 22:40 UTC on 26 November"), or the notice would contradict the header.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

__all__ = ["rebase_incident_data", "shift_prose_dates", "rebased_to"]

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
"""English names, whatever the locale: the sample is written in English."""
_MONTH = "|".join(_MONTHS)
_PROSE = re.compile(
    rf"\b(?:(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}}) UTC on )?(?P<first>\d{{1,2}})"
    rf"(?: and (?P<second>\d{{1,2}}))? (?P<month>{_MONTH})(?: (?P<year>\d{{4}}))?\b"
)
"""A date in prose, with an optional time before it or a second day of a range."""


def _day(moment: datetime, year: bool) -> str:
    return f"{moment.day} {_MONTHS[moment.month - 1]}" + (f" {moment.year}" if year else "")


def shift_prose_dates(
    text: str, delta: timedelta, default_year: int, anchor: time = time(12)
) -> str:
    """Shift the dates written out in ``text`` ("26 November 2026", "19 and 26 November").

    A date with a time ("22:40 UTC on 26 November") moves as that moment; a bare date moves as
    that day at ``anchor`` (the incident's detection time of day: "on 26 November we found"
    means the detection, and must land on the new detection's day). A year is written only
    where the original had one (``default_year`` stands in for it meanwhile).
    """

    def moved(match: re.Match[str]) -> str:
        hour, minute, first, second, month, year = match.groups()
        number = _MONTHS.index(month) + 1
        base = int(year or default_year)
        if hour is not None and second is None:
            moment = datetime(base, number, int(first), int(hour), int(minute)) + delta
            return f"{moment:%H:%M} UTC on {_day(moment, year is not None)}"
        end = datetime.combine(datetime(base, number, int(second or first)), anchor) + delta
        if second is None:
            return _day(end, year is not None)
        start = datetime.combine(datetime(base, number, int(first)), anchor) + delta
        if (start.year, start.month) == (end.year, end.month):
            head = str(start.day)
        else:
            head = _day(start, start.year != end.year and year is not None)
        at = f"{hour}:{minute} UTC on " if hour is not None else ""  # a time over a range: kept
        return f"{at}{head} and {_day(end, year is not None)}"

    return _PROSE.sub(moved, text)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rebase_incident_data(data: dict[str, Any], delta: timedelta) -> dict[str, Any]:
    """A copy of an incident file's JSON with every time in it moved by ``delta``.

    Whole-string ISO stamps (``detected_at``, triggers, breach dates) move exactly; prose
    dates move as ``shift_prose_dates`` says, anchored at ``incident.detected_at``.
    """
    detected = str(data.get("incident", {}).get("detected_at", ""))
    anchor, default_year = time(12), 2000
    if _ISO.match(detected):
        moment = datetime.fromisoformat(detected.replace("Z", "+00:00")).astimezone(UTC)
        anchor, default_year = moment.time().replace(tzinfo=None), moment.year

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, str):
            if _ISO.match(value):
                return _iso(datetime.fromisoformat(value.replace("Z", "+00:00")) + delta)
            return shift_prose_dates(value, delta, default_year, anchor)
        return value

    moved: dict[str, Any] = walk(data)
    return moved


def rebased_to(data: dict[str, Any], detected: datetime) -> dict[str, Any]:
    """A copy of an incident file's JSON moved so that its incident was detected at ``detected``.

    Raises:
        ValueError: the file has no ISO ``incident.detected_at`` to move from.
    """
    stamp = str(data.get("incident", {}).get("detected_at", ""))
    if not _ISO.match(stamp):
        raise ValueError("the incident file has no incident.detected_at to move from")
    original = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return rebase_incident_data(data, detected - original)
