"""Business-day calendars: the SEC counts 8-K days in US federal ones, ANPD in Brazil's.

A business day is any day but Saturday, Sunday and a US federal holiday (5 U.S.C. § 6103).
Holidays are computed for any year rather than listed, so the tool does not quietly go wrong
in a year nobody typed in. A fixed-date holiday on a Saturday is observed the Friday before,
on a Sunday the Monday after (Executive Order 11582), as federal offices close on those days.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

__all__ = [
    "federal_holidays",
    "brazil_holidays",
    "is_business_day",
    "add_business_days",
    "BusinessCalendar",
    "US_FEDERAL",
    "BRAZIL",
    "CALENDARS",
]

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
    """True for a weekday that is not an observed federal holiday (no closures: see calendars)."""
    return US_FEDERAL.is_business_day(day)


def add_business_days(start: date, count: int) -> date:
    """Return the ``count``-th business day after ``start`` (``start`` itself never counts).

    ``add_business_days(Wed 2026-11-25, 4)`` skips Thanksgiving (Thu 26) and the weekend and
    returns Wed 2026-12-02. ``count`` 0 returns ``start`` unchanged.
    """
    return US_FEDERAL.add_business_days(start, count)


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm), for Brazil's Good Friday."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


@cache
def brazil_holidays(year: int) -> dict[date, str]:
    """Brazil's national holidays (Lei 662/1949 as amended, Lei 6.802/1980, Lei 14.759/2023).

    Only the days the law makes national holidays. Carnival and Corpus Christi are optional
    closures (*ponto facultativo*), not holidays, so they are counted as business days: the
    deadline then comes out earlier, never later. National Black Consciousness Day (20 Nov)
    is a national holiday from 2024.
    """
    days = {
        date(year, 1, 1): "Confraternização Universal",
        _easter(year) - timedelta(days=2): "Sexta-feira Santa",
        date(year, 4, 21): "Tiradentes",
        date(year, 5, 1): "Dia do Trabalho",
        date(year, 9, 7): "Independência do Brasil",
        date(year, 10, 12): "Nossa Senhora Aparecida",
        date(year, 11, 2): "Finados",
        date(year, 11, 15): "Proclamação da República",
        date(year, 12, 25): "Natal",
    }
    if year >= 2024:
        days[date(year, 11, 20)] = "Dia Nacional de Zumbi e da Consciência Negra"
    return days


@dataclass(frozen=True)
class BusinessCalendar:
    """The working days of one authority: weekends, computed holidays, and ad-hoc closures.

    Closures (an executive order closing federal offices for a funeral, EDGAR shut on
    Christmas Eve) cannot be computed, so they come from data (``warroom/data/calendars.json``
    and the incident file) and can be added mid-incident.
    """

    name: str
    label: str
    holidays: Callable[[int], Mapping[date, str]]
    closures: Mapping[date, str] = field(default_factory=dict)

    def closed_because(self, day: date) -> str:
        """Why ``day`` is not a business day (``""``: it is one)."""
        if day.weekday() >= 5:
            return "weekend"
        return self.closures.get(day) or self.holidays(day.year).get(day, "")

    def is_business_day(self, day: date) -> bool:
        """True for a weekday that is neither a holiday nor a closure."""
        return not self.closed_because(day)

    def add_business_days(self, start: date, count: int) -> date:
        """Return the ``count``-th business day after ``start`` (``start`` never counts)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += timedelta(days=1)
            if self.is_business_day(day):
                remaining -= 1
        return day

    def with_closures(self, closures: Mapping[date, str]) -> BusinessCalendar:
        """Return a copy with more closures (the later reason wins for a repeated date)."""
        return replace(self, closures={**self.closures, **closures})


US_FEDERAL = BusinessCalendar("us-federal", "US federal business days", federal_holidays)
"""5 U.S.C. 6103 holidays; closures by executive order come from the calendars data file."""

BRAZIL = BusinessCalendar("br-national", "Brazilian business days (dias úteis)", brazil_holidays)
"""Brazil's national holidays, for ANPD's deadlines in business days (Res. CD/ANPD 15/2024)."""


def no_holidays(year: int) -> dict[date, str]:
    """No computed holidays: the calendar's closed days all come from data."""
    return {}


EU_WORKING_DAYS = BusinessCalendar(
    "eu-working-days",
    "Working days of the EU member state (its bank holidays as closures)",
    no_holidays,
)
"""Weekends only; the member state's bank holidays go in the incident file's closures for this
calendar (DORA's weekend relief, Delegated Regulation (EU) 2025/301 Art. 5(4))."""

CALENDARS: Mapping[str, BusinessCalendar] = {
    c.name: c for c in (US_FEDERAL, BRAZIL, EU_WORKING_DAYS)
}
"""Calendars a rules file may name, without their data-file closures."""
