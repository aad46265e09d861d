"""Period keys of the "three ones": pure functions, no database.

monthly      2026-05   the working committee's hearing
quarterly    2026-Q2   the report to the chairs' meeting
half_yearly  2026-H1   the standing committee's concentrated inspection
"""

import calendar
import datetime
import re

MONTHLY = "monthly"
QUARTERLY = "quarterly"
HALF_YEARLY = "half_yearly"
CADENCES = (MONTHLY, QUARTERLY, HALF_YEARLY)
_MONTHS = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6}
_KEY = re.compile(r"^(\d{4})-(?:(\d{2})|Q([1-4])|H([12]))$")


def period_key(cadence: str, day: datetime.date) -> str:
    """The key of the period of `cadence` that contains `day`."""
    if cadence == MONTHLY:
        return f"{day.year}-{day.month:02d}"
    if cadence == QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if cadence == HALF_YEARLY:
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    raise ValueError(cadence)


def cadence_of(key: str) -> str:
    match = _KEY.match(key)
    if not match:
        raise ValueError(key)
    if match.group(2):
        return MONTHLY
    return QUARTERLY if match.group(3) else HALF_YEARLY


def period_bounds(key: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of the period named by `key`."""
    match = _KEY.match(key)
    if not match:
        raise ValueError(key)
    year = int(match.group(1))
    if match.group(2):
        first_month, months = int(match.group(2)), 1
        if not 1 <= first_month <= 12:
            raise ValueError(key)
    elif match.group(3):
        first_month, months = (int(match.group(3)) - 1) * 3 + 1, 3
    else:
        first_month, months = (int(match.group(4)) - 1) * 6 + 1, 6
    last_month = first_month + months - 1
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def next_key(key: str) -> str:
    cadence = cadence_of(key)
    return period_key(cadence, period_bounds(key)[1] + datetime.timedelta(days=1))


def previous_key(key: str) -> str:
    cadence = cadence_of(key)
    return period_key(cadence, period_bounds(key)[0] - datetime.timedelta(days=1))


def keys_between(cadence: str, start: datetime.date, end: datetime.date) -> list[str]:
    """Keys of every period of `cadence` that overlaps [start, end], in order."""
    if end < start:
        return []
    keys = [period_key(cadence, start)]
    last = period_key(cadence, end)
    while keys[-1] != last:
        keys.append(next_key(keys[-1]))
    return keys


def label(key: str) -> str:
    """2026-05 → 2026年5月, 2026-Q2 → 2026年第二季度, 2026-H1 → 2026年上半年."""
    match = _KEY.match(key)
    if not match:
        return key
    year = match.group(1)
    if match.group(2):
        return f"{year}年{int(match.group(2))}月"
    if match.group(3):
        return f"{year}年第{'一二三四'[int(match.group(3)) - 1]}季度"
    return f"{year}年{'上' if match.group(4) == '1' else '下'}半年"
