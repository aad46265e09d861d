"""Working days: Monday to Friday, less the days off in the Holiday table, plus its make-up
working days (调休). A region uses its own rows and those of every region above it.

Staff edit the table in the admin (节假日); `manage.py load_holidays YEAR` fills a year's national
days off and make-up days from the `chinese-calendar` package without overwriting their edits."""

import calendar
import datetime

from django.conf import settings

from .models import Holiday
from .regions import ancestors


class Calendar:
    """Working-day arithmetic for one region; loads the holiday rows once."""

    def __init__(self, region_code: str):
        rows = Holiday.objects.filter(region_id__in=ancestors(region_code)).values_list("date", "is_workday")
        self.off = {d for d, w in rows if not w}
        self.on = {d for d, w in rows if w}

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.on:
            return True
        if day in self.off:
            return False
        return day.weekday() < 5

    def add(self, start: datetime.date, days: int) -> datetime.date:
        """The date `days` working days after `start` (start itself not counted)."""
        day = start
        while days > 0:
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                days -= 1
        return day

    def subtract(self, end: datetime.date, days: int) -> datetime.date:
        day = end
        while days > 0:
            day -= datetime.timedelta(days=1)
            if self.is_workday(day):
                days -= 1
        return day

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end`."""
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def on_or_after(self, day: datetime.date) -> datetime.date:
        while not self.is_workday(day):
            day += datetime.timedelta(days=1)
        return day


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reply_deadline(region_code: str, start: datetime.date) -> datetime.date:
    """Three months after assignment, moved to the next working day if it falls on a day off."""
    return Calendar(region_code).on_or_after(add_months(start, settings.SUGGESTIONS_REPLY_MONTHS))


def latest_deadline(start: datetime.date) -> datetime.date:
    """No extension may go beyond six months from the start of the round."""
    return add_months(start, settings.SUGGESTIONS_MAX_MONTHS)
