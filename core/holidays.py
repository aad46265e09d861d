"""Fill the holiday table from the national schedule (the `chinese-calendar` package) without
overwriting what staff entered: a date a region already has a row for is left as it is."""

import datetime

import chinese_calendar
from chinese_calendar.constants import Holiday as NationalHoliday
from django.db import transaction

from .models import Holiday

CHINESE_NAMES = {h.value: h.chinese for h in NationalHoliday}


def national_days(year: int) -> list[tuple[datetime.date, bool, str]]:
    """(date, is_workday, name) for the weekdays off and the weekend make-up working days of `year`.
    Raises NotImplementedError when the package has no schedule for that year yet."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    chinese_calendar.is_holiday(start)  # raises for a year the package does not know
    days = []
    for day in chinese_calendar.get_holidays(start, end, include_weekends=False):
        if day.weekday() < 5:  # a weekend is off anyway
            days.append((day, False, _name(day)))
    for day in chinese_calendar.get_workdays(start, end):
        if day.weekday() >= 5:
            days.append((day, True, _name(day) + "调休"))  # data, not UI text: never translated
    return sorted(days)


def _name(day) -> str:
    _on, name = chinese_calendar.get_holiday_detail(day)
    return CHINESE_NAMES.get(name, name or "")[:24]


@transaction.atomic
def load_year(region, year: int) -> int:
    """Add the national schedule of `year` to `region`'s rows; returns how many rows were added."""
    known = set(Holiday.objects.filter(region=region, date__year=year).values_list("date", flat=True))
    new = [
        Holiday(region=region, date=day, is_workday=workday, name=name)
        for day, workday, name in national_days(year)
        if day not in known
    ]
    Holiday.objects.bulk_create(new)
    return len(new)
