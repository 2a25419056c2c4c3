"""US federal business days: the SEC counts its Form 8-K deadline in them.

A business day is any day but Saturday, Sunday and a US federal holiday (5 U.S.C. § 6103).
Holidays are computed for any year rather than listed, so the tool does not quietly go wrong
in a year nobody typed in. A fixed-date holiday on a Saturday is observed the Friday before,
on a Sunday the Monday after (Executive Order 11582), as federal offices close on those days.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

__all__ = ["federal_holidays", "is_business_day", "add_business_days"]

_MONDAY, _THURSDAY = 0, 3


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """Return the ``n``-th ``weekday`` of the month (n=-1 for the last)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last = next_month - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: date) -> date:
    """Shift a fixed-date holiday off the weekend the way federal offices observe it."""
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


@cache
def federal_holidays(year: int) -> dict[date, str]:
    """Return the observed US federal holidays falling in ``year``, by date.

    New Year's Day of the *next* year observed on 31 December (when 1 January is a Saturday)
    is included, since that Friday is a holiday in ``year``.
    """
    days: dict[date, str] = {}

    def add(day: date, name: str) -> None:
        if day.year == year:
            days[day] = name

    add(_observed(date(year, 1, 1)), "New Year's Day")
    add(_observed(date(year + 1, 1, 1)), "New Year's Day")
    add(_nth_weekday(year, 1, _MONDAY, 3), "Birthday of Martin Luther King, Jr.")
    add(_nth_weekday(year, 2, _MONDAY, 3), "Washington's Birthday")
    add(_nth_weekday(year, 5, _MONDAY, -1), "Memorial Day")
    if year >= 2021:
        add(_observed(date(year, 6, 19)), "Juneteenth National Independence Day")
    add(_observed(date(year, 7, 4)), "Independence Day")
    add(_nth_weekday(year, 9, _MONDAY, 1), "Labor Day")
    add(_nth_weekday(year, 10, _MONDAY, 2), "Columbus Day")
    add(_observed(date(year, 11, 11)), "Veterans Day")
    add(_nth_weekday(year, 11, _THURSDAY, 4), "Thanksgiving Day")
    add(_observed(date(year, 12, 25)), "Christmas Day")
    return days


def is_business_day(day: date) -> bool:
    """True for a weekday that is not an observed federal holiday."""
    return day.weekday() < 5 and day not in federal_holidays(day.year)


def add_business_days(start: date, count: int) -> date:
    """Return the ``count``-th business day after ``start`` (``start`` itself never counts).

    ``add_business_days(Wed 2026-11-25, 4)`` skips Thanksgiving (Thu 26) and the weekend and
    returns Wed 2026-12-02. ``count`` 0 returns ``start`` unchanged.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    return day
