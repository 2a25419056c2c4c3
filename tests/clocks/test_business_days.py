"""US federal holidays and business-day arithmetic (the SEC's calendar)."""

from __future__ import annotations

from datetime import date

import pytest

from warroom.domain.business_days import add_business_days, federal_holidays, is_business_day


def test_2026_holidays_follow_the_monday_and_thursday_rules() -> None:
    holidays = federal_holidays(2026)
    assert holidays[date(2026, 1, 19)].startswith("Birthday of Martin Luther King")
    assert date(2026, 2, 16) in holidays  # Washington's Birthday, third Monday
    assert date(2026, 5, 25) in holidays  # Memorial Day, last Monday
    assert date(2026, 9, 7) in holidays  # Labor Day
    assert date(2026, 10, 12) in holidays  # Columbus Day
    assert holidays[date(2026, 11, 26)] == "Thanksgiving Day"
    assert len(holidays) == 11


def test_fixed_holidays_on_a_weekend_are_observed_on_the_nearest_weekday() -> None:
    assert date(2026, 7, 3) in federal_holidays(2026)  # 4 July 2026 is a Saturday
    assert date(2026, 7, 4) not in federal_holidays(2026)
    assert date(2027, 6, 18) in federal_holidays(2027)  # Juneteenth 2027 is a Saturday
    assert date(2027, 12, 24) in federal_holidays(2027)  # Christmas 2027 is a Saturday
    assert date(2027, 12, 31) in federal_holidays(2027)  # New Year 2028 is a Saturday
    assert date(2028, 1, 1) not in federal_holidays(2028)
    assert date(2023, 1, 2) in federal_holidays(2023)  # New Year 2023 was a Sunday


def test_business_days_skip_thanksgiving_and_the_weekend() -> None:
    # Materiality on Wednesday 25 November 2026: Thu 26 is Thanksgiving, 28-29 a weekend.
    assert add_business_days(date(2026, 11, 25), 1) == date(2026, 11, 27)
    assert add_business_days(date(2026, 11, 25), 4) == date(2026, 12, 2)


def test_business_days_skip_veterans_day_midweek() -> None:
    # Friday 6 Nov 2026 + 4: Mon 9, Tue 10, (Wed 11 Veterans Day), Thu 12, Fri 13.
    assert add_business_days(date(2026, 11, 6), 4) == date(2026, 11, 13)
    assert not is_business_day(date(2026, 11, 11))
    assert not is_business_day(date(2026, 11, 28))
    assert is_business_day(date(2026, 11, 27))


def test_a_weekend_start_counts_from_monday() -> None:
    assert add_business_days(date(2026, 11, 28), 1) == date(2026, 11, 30)
    assert add_business_days(date(2026, 11, 28), 0) == date(2026, 11, 28)
    with pytest.raises(ValueError):
        add_business_days(date(2026, 11, 28), -1)
