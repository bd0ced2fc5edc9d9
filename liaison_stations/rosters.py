"""Recurring duties turned into dates, with the holiday rule.

"代表联络站每月活动时间为X日、X日（遇节假日顺延至后第一个工作日）": a monthly
reception day that falls on a rest day or holiday moves to the next working
day (congress.calendar, staff overrides included); a weekly sitting duty on a
rest day is skipped unless its rule says otherwise.
"""

import calendar as std_calendar
import datetime
from collections.abc import Iterator

from django.utils.translation import gettext

from congress import calendar

WEEKDAY_NAMES = "一二三四五六日"
_ONE_DAY = datetime.timedelta(days=1)
# Longer than any holiday: a duty moved off one lands within this margin.
_MOVE_MARGIN = datetime.timedelta(days=31)


def _months(start: datetime.date, end: datetime.date) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def scheduled_dates(rule, start: datetime.date, end: datetime.date) -> list:
    """The rule's own dates between start and end (both included), before the
    holiday rule; limited to the rule's validity."""
    start = max(start, rule.valid_from)
    if rule.valid_until:
        end = min(end, rule.valid_until)
    if end < start:
        return []
    if rule.frequency == "weekly":
        first = start + datetime.timedelta(days=(rule.weekday - start.weekday()) % 7)
        return [
            first + datetime.timedelta(weeks=n)
            for n in range((end - first).days // 7 + 1)
        ]
    dates = []
    for year, month in _months(start, end):
        last = std_calendar.monthrange(year, month)[1]
        for day in sorted(set(rule.days_of_month)):
            if day <= last and start <= datetime.date(year, month, day) <= end:
                dates.append(datetime.date(year, month, day))
    return dates


class WorkdayCache:
    """Working-day answers for one generation run: the calendar of the whole
    range (and a month beyond it, for duties moved off a holiday) is read
    once, in one query, instead of once per date."""

    def __init__(self) -> None:
        self._known: dict[datetime.date, bool] = {}

    def load(self, start: datetime.date, end: datetime.date) -> None:
        self._known.update(calendar.workday_map(start, end + _MOVE_MARGIN))

    def is_workday(self, day: datetime.date) -> bool:
        if day not in self._known:
            self.load(day, day)
        return self._known[day]

    def next_workday(self, day: datetime.date) -> datetime.date:
        while not self.is_workday(day):
            day += _ONE_DAY
        return day


def rule_dates(
    rule, start: datetime.date, end: datetime.date, *, workdays=None
) -> list[tuple[datetime.date, datetime.date]]:
    """(actual date, date by the rule) of every duty of `rule` in the range,
    the holiday rule applied; a shifted date may fall just after `end`."""
    workdays = workdays or WorkdayCache()
    dates = scheduled_dates(rule, start, end)
    if dates:
        workdays.load(dates[0], dates[-1])
    result = []
    for scheduled in dates:
        if rule.on_holiday == "shift":
            actual = workdays.next_workday(scheduled)
        elif workdays.is_workday(scheduled):
            actual = scheduled
        else:
            continue
        result.append((actual, scheduled))
    return result


def rule_description(rule) -> str:
    """“每月5日、20日 9:00–11:30” or “每周二 9:00–11:30”."""
    hours = f"{rule.start_time:%H:%M}–{rule.end_time:%H:%M}"
    if rule.frequency == "weekly" and rule.weekday is not None:
        return gettext("Every %(weekday)s %(hours)s") % {
            "weekday": "周" + WEEKDAY_NAMES[rule.weekday],
            "hours": hours,
        }
    days = "、".join(f"{day}日" for day in sorted(rule.days_of_month))
    return gettext("Monthly on %(days)s %(hours)s") % {"days": days, "hours": hours}
