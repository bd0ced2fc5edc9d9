"""The working-day calendar: Chinese public holidays and adjusted working days.

Three sources, strongest first:

1. ``CalendarOverride`` rows that staff enter from the State Council's notice;
2. ``chinese_calendar``, which knows the holidays *and* the adjusted working
   weekends (调休) of every year it covers;
3. for a year no package covers yet (the notice comes out around November,
   deadlines reach into the next year earlier), a fallback that never raises:
   weekends and the statutory holidays of ``holidays.China`` are rest days,
   with no 调休 swaps.

Range functions load the overrides of the whole range in one query; the package
lookups are in memory.
"""

import calendar as std_calendar
import datetime
from collections.abc import Iterator
from functools import lru_cache
from typing import Literal

import chinese_calendar
import holidays
from django.utils import timezone
from django.utils.translation import gettext

from congress.models import CalendarOverride, CalendarYear

YearSource = Literal["confirmed", "package", "statutory_only"]

# How far past the last needed day to load overrides in one go: wide enough that
# a deadline of a few months (holidays included) needs a single query.
_CHUNK_DAYS = 120
_ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def package_covers(year: int) -> bool:
    """Whether ``chinese_calendar`` has the official data of ``year``."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=64)
def _statutory_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.China(years=year))


def _package_is_workday(day: datetime.date) -> bool:
    """The packages' answer for ``day``, ignoring overrides; never raises."""
    if package_covers(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5 and day not in _statutory_holidays(day.year)


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """Overrides between ``start`` and ``end`` (both included), in one query."""
    low, high = min(start, end), max(start, end)
    rows = CalendarOverride.objects.filter(date__range=(low, high))
    return dict(rows.values_list("date", "is_workday"))


def is_workday(day: datetime.date) -> bool:
    """Whether ``day`` is a working day: override, else package, else fallback."""
    override = _overrides(day, day).get(day)
    return _package_is_workday(day) if override is None else override


def _days(
    start: datetime.date, step: int, first_chunk: int = _CHUNK_DAYS
) -> Iterator[tuple[datetime.date, bool]]:
    """Yield ``(day, is_workday)`` from ``start`` on, forwards (``step`` = 1) or
    backwards (-1), loading the overrides one chunk of days at a time."""
    day, chunk = start, first_chunk
    while True:
        chunk_end = day + step * datetime.timedelta(days=chunk)
        overrides = _overrides(day, chunk_end)
        while day != chunk_end:
            override = overrides.get(day)
            yield day, _package_is_workday(day) if override is None else override
            day += step * _ONE_DAY
        chunk = _CHUNK_DAYS


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day after ``start`` (before it when ``n`` < 0);
    ``start`` itself is not counted and is returned unchanged for ``n`` = 0."""
    if n == 0:
        return start
    step = 1 if n > 0 else -1
    # Two calendar days per working day and a month to spare cover the longest
    # holiday weeks, so one query is enough.
    first_chunk = max(_CHUNK_DAYS, 2 * abs(n) + 30)
    remaining = abs(n)
    for day, workday in _days(start + step * _ONE_DAY, step, first_chunk):
        if workday:
            remaining -= 1
            if remaining == 0:
                return day
    raise AssertionError("unreachable: the day iterator is endless")


def next_workday(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, else the first one after it."""
    for candidate, workday in _days(day, 1):
        if workday:
            return candidate
    raise AssertionError("unreachable: the day iterator is endless")


def add_months(start: datetime.date, months: int) -> datetime.date:
    """``start`` plus calendar months, clamped to the month's last day
    (30 November + 3 months = 28 or 29 February)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last_day = std_calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(start.day, last_day))


def add_months_to_workday(start: datetime.date, months: int) -> datetime.date:
    """A deadline in calendar months, moved to the next working day when it
    falls on a rest day or holiday."""
    return next_workday(add_months(start, months))


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days after ``a`` up to and including ``b`` (negative when ``b``
    is before ``a``), so that ``add_working_days(a, n) == b`` gives ``n``."""
    if b < a:
        return -working_days_between(b, a)
    if a == b:
        return 0
    overrides = _overrides(a + _ONE_DAY, b)
    count = 0
    day = a + _ONE_DAY
    while day <= b:
        override = overrides.get(day)
        count += _package_is_workday(day) if override is None else override
        day += _ONE_DAY
    return count


def workday_map(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """Whether each day from ``start`` to ``end`` (both included) is a working
    day, with the overrides of the whole range read in one query."""
    overrides = _overrides(start, end)
    result = {}
    day = start
    while day <= end:
        override = overrides.get(day)
        result[day] = _package_is_workday(day) if override is None else override
        day += _ONE_DAY
    return result


def year_source(year: int) -> YearSource:
    """Where the calendar of ``year`` comes from: ``confirmed`` by staff, the
    ``package`` (chinese_calendar), or ``statutory_only`` (no 调休 known)."""
    if CalendarYear.objects.filter(year=year).exists():
        return "confirmed"
    return "package" if package_covers(year) else "statutory_only"


def unconfirmed_year_warning(today: datetime.date | None = None) -> str | None:
    """From October on, a warning for staff while next year's calendar is not
    confirmed; ``None`` otherwise."""
    today = today or timezone.localdate()
    year = today.year + 1
    if today.month < 10 or CalendarYear.objects.filter(year=year).exists():
        return None
    if package_covers(year):
        message = gettext(
            "The holidays and adjusted working days of %(year)s come from the "
            "chinese-calendar package and are not confirmed yet. Check them "
            "against the State Council's notice and confirm the year."
        )
    else:
        message = gettext(
            "The official holidays and adjusted working days of %(year)s are not "
            "confirmed yet: deadlines in %(year)s count only the statutory "
            "holidays. Enter the State Council's adjustments and confirm the year."
        )
    return message % {"year": year}
