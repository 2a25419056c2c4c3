"""When a limit falls due: hours, calendar days, months, business days in a local time zone.

Pure date arithmetic, apart from the evaluation of clocks (``warroom.domain.clocks``) so each
rule of counting (Reg. 1182/71-style months, the SEC's Eastern business days and 17:30 cut-off,
HIPAA's year-end log) can be read and tested on its own.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from warroom.domain.business_days import US_FEDERAL, BusinessCalendar
from warroom.domain.clock import utc
from warroom.domain.clock_rules import Limit, Relief

__all__ = ["MissingTimeZoneError", "limit_due", "relief_due"]


class MissingTimeZoneError(LookupError):
    """A deadline is counted in a local time zone the machine does not have.

    Counting in UTC instead is not safe: a determination at 23:30 Eastern falls on the next
    UTC date, which made the SEC deadline about 19 hours late. So the clock refuses.
    """


def _add_months(moment: datetime, months: int) -> datetime:
    """Add calendar months, clamping the day (31 Jan + 1 month = 28/29 Feb)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _zone(name: str) -> ZoneInfo:
    """The named zone, or a loud refusal: a UTC fallback can make a deadline a day late."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise MissingTimeZoneError(
            f"time zone {name!r} is not available: install the tzdata package (a warroom "
            "dependency). Refusing to count the deadline in UTC, which can make it up to a "
            "day late."
        ) from None


def limit_due(limit: Limit, start: datetime, business: BusinessCalendar | None = None) -> datetime:
    """Return when ``limit`` falls due for a trigger at ``start`` (UTC in, UTC out).

    Day-counted limits with an ``end_of_day`` count dates in that zone and end at that local
    time; business days count in ``business`` (US federal days by default). Without the time
    zone database this raises ``MissingTimeZoneError`` rather than guess.
    """
    start = utc(start)
    offset = limit.offset
    if offset.hours:
        return start + timedelta(hours=offset.hours)
    if offset.days_after_year_end:
        # "Not later than 60 days after the end of each calendar year" (45 CFR 164.408(c)):
        # the year ends at midnight on 1 January; 60 days later is the end of 1 March.
        year_end = datetime(start.year + 1, 1, 1, tzinfo=UTC)
        return year_end + timedelta(days=offset.days_after_year_end)
    if offset.months:
        due = _add_months(start, offset.months)
    elif offset.days:
        due = start + timedelta(days=offset.days)
    else:
        due = start
    if limit.end_of_day is None and not offset.business_days:
        return due
    tz: tzinfo = _zone(limit.end_of_day.zone) if limit.end_of_day else UTC
    if offset.business_days:
        day = (business or US_FEDERAL).add_business_days(
            start.astimezone(tz).date(), offset.business_days
        )
    else:
        day = due.astimezone(tz).date()
    if limit.end_of_day is None:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)
    return datetime.combine(day, limit.end_of_day.at, tzinfo=tz).astimezone(UTC)


def relief_due(
    due: datetime, relief: Relief, zone: str, calendar: BusinessCalendar
) -> tuple[datetime, date] | None:
    """When a deadline that falls on a non-working day may be met instead, with that local
    day (``None``: the day is a working day, so the deadline stands).

    The day is read in the entity's own zone (a Saturday in Helsinki starts on Friday 22:00Z),
    and the new deadline is ``relief.at`` local time on the next working day of ``calendar``.
    """
    tz = _zone(zone)
    day = utc(due).astimezone(tz).date()
    if calendar.is_business_day(day):
        return None
    moved = datetime.combine(calendar.add_business_days(day, 1), relief.at, tzinfo=tz)
    return moved.astimezone(UTC), day
