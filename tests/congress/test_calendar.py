"""The working-day calendar: package years, unpublished years, overrides, admin.

chinese_calendar 1.11 covers 2004-2026; 2027 is the "unpublished" year where
only the statutory holidays of holidays.China are known.
"""

import datetime

import pytest
import time_machine
from django.contrib.messages import constants as message_levels
from django.urls import reverse
from django.utils import translation

from congress import calendar
from congress.models import CalendarOverride, CalendarYear
from congress.roles import Role
from tests.factories.congress import UserFactory

D = datetime.date


@pytest.fixture
def superuser(db):
    return UserFactory(
        username="t_calendar_super",
        roles=[Role.OFFICE],
        is_staff=True,
        is_superuser=True,
    )


def test_packages_cover_2026_but_not_2027():
    # The premise of the fallback tests below; revisit when the package catches up.
    assert calendar.package_covers(2026)
    assert not calendar.package_covers(2027)


def test_national_day_2026_is_not_a_workday(db):
    assert not calendar.is_workday(D(2026, 10, 1))


def test_adjusted_working_saturday_2026_is_a_workday(db):
    # 2026-10-10 is a Saturday worked in exchange for the National Day week.
    assert D(2026, 10, 10).weekday() == 5
    assert calendar.is_workday(D(2026, 10, 10))


def test_ordinary_weekday_and_weekend_2026(db):
    assert calendar.is_workday(D(2026, 11, 20))
    assert not calendar.is_workday(D(2026, 11, 21))


@pytest.mark.parametrize("day", [D(2027, 2, 6), D(2027, 2, 8), D(2027, 2, 10)])
def test_spring_festival_2027_is_a_rest_day_without_package_data(db, day):
    assert not calendar.is_workday(day)


def test_unpublished_year_ordinary_days_follow_the_week(db):
    assert calendar.is_workday(D(2027, 3, 1))  # Monday
    assert not calendar.is_workday(D(2027, 3, 6))  # Saturday


def test_override_makes_a_2027_saturday_a_workday(db):
    CalendarOverride.objects.create(date=D(2027, 2, 20), is_workday=True, name="调休")
    assert calendar.is_workday(D(2027, 2, 20))


def test_override_makes_a_2027_weekday_a_holiday(db):
    CalendarOverride.objects.create(date=D(2027, 2, 11), is_workday=False, name="春节")
    assert not calendar.is_workday(D(2027, 2, 11))


def test_override_wins_over_the_package(db):
    CalendarOverride.objects.create(date=D(2026, 10, 10), is_workday=False)
    assert not calendar.is_workday(D(2026, 10, 10))


def test_year_source_distinguishes_the_three_sources(db):
    CalendarYear.objects.create(year=2025)
    assert calendar.year_source(2025) == "confirmed"
    assert calendar.year_source(2026) == "package"
    assert calendar.year_source(2027) == "statutory_only"


def test_next_workday_returns_a_workday_itself(db):
    assert calendar.next_workday(D(2026, 11, 20)) == D(2026, 11, 20)


def test_next_workday_skips_the_national_day_week(db):
    # 1-7 October are holidays; the 8th is a Thursday.
    assert calendar.next_workday(D(2026, 10, 1)) == D(2026, 10, 8)


def test_add_months_to_workday_lands_after_a_weekend_in_2027(db):
    # 2026-11-20 + 3 months = 2027-02-20, a Saturday; the 21st is a Sunday;
    # Monday the 22nd is after the statutory Spring Festival days (5-10 Feb).
    assert D(2027, 2, 20).weekday() == 5
    assert calendar.add_months_to_workday(D(2026, 11, 20), 3) == D(2027, 2, 22)


def test_add_months_to_workday_lands_in_the_spring_festival(db):
    # 2026-11-06 + 3 months = 2027-02-06, inside the Spring Festival holidays
    # (5-10 Feb by holidays.China): the next working day is Thursday the 11th.
    assert calendar.add_months_to_workday(D(2026, 11, 6), 3) == D(2027, 2, 11)


def test_add_months_to_workday_follows_an_override(db):
    CalendarOverride.objects.create(date=D(2027, 2, 20), is_workday=True, name="调休")
    assert calendar.add_months_to_workday(D(2026, 11, 20), 3) == D(2027, 2, 20)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 8, 31), 1, D(2026, 9, 30)),
        (D(2026, 3, 15), -3, D(2025, 12, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert calendar.add_months(start, months) == expected


def test_add_months_to_workday_clamps_then_moves_to_a_workday(db):
    # 2026-11-30 + 3 months = 2027-02-28, a Sunday: Monday 1 March.
    assert calendar.add_months_to_workday(D(2026, 11, 30), 3) == D(2027, 3, 1)


def test_add_working_days_skips_the_national_day_week(db):
    # Working days after Wed 30 Sep 2026: Thu 8, Fri 9, Sat 10 (调休), Mon 12 Oct.
    assert calendar.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert calendar.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert calendar.add_working_days(D(2026, 9, 30), 4) == D(2026, 10, 12)


def test_add_working_days_zero_and_negative(db):
    assert calendar.add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)
    assert calendar.add_working_days(D(2026, 10, 8), -1) == D(2026, 9, 30)


def test_working_days_between_inverts_add_working_days(db):
    assert calendar.working_days_between(D(2026, 9, 30), D(2026, 10, 12)) == 4
    assert calendar.working_days_between(D(2026, 10, 12), D(2026, 9, 30)) == -4
    assert calendar.working_days_between(D(2026, 10, 1), D(2026, 10, 1)) == 0


def test_add_working_days_over_60_days_makes_one_query(
    db, django_assert_max_num_queries
):
    CalendarOverride.objects.create(date=D(2027, 2, 20), is_workday=True)
    # One query: the overrides of the whole range.
    with django_assert_max_num_queries(1):
        end = calendar.add_working_days(D(2026, 11, 20), 60)
    assert end > D(2027, 2, 11)


def test_working_days_between_makes_one_query(db, django_assert_max_num_queries):
    # One query: the overrides of the whole range.
    with django_assert_max_num_queries(1):
        calendar.working_days_between(D(2026, 1, 1), D(2027, 12, 31))


def _warnings(response) -> list[str]:
    return [
        str(message)
        for message in response.context["messages"]
        if message.level == message_levels.WARNING
    ]


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:congress_calendaroverride_changelist",
        "admin:congress_calendaryear_changelist",
        "admin:index",
    ],
)
def test_admin_warns_in_october_while_next_year_is_unconfirmed(
    client, superuser, url_name
):
    client.force_login(superuser)
    with time_machine.travel(datetime.datetime(2026, 10, 12, 10, tzinfo=datetime.UTC)):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert any("2027" in warning for warning in _warnings(response))


def test_admin_warning_disappears_once_next_year_is_confirmed(client, superuser):
    CalendarYear.objects.create(year=2027, confirmed_by=superuser)
    client.force_login(superuser)
    with time_machine.travel(datetime.datetime(2026, 10, 12, 10, tzinfo=datetime.UTC)):
        response = client.get(reverse("admin:congress_calendaroverride_changelist"))
    assert _warnings(response) == []


def test_admin_does_not_warn_before_october(client, superuser):
    client.force_login(superuser)
    with time_machine.travel(datetime.datetime(2026, 9, 12, 10, tzinfo=datetime.UTC)):
        response = client.get(reverse("admin:congress_calendaroverride_changelist"))
    assert _warnings(response) == []


def test_admin_confirming_a_year_records_the_user(client, superuser):
    client.force_login(superuser)
    response = client.post(reverse("admin:congress_calendaryear_add"), {"year": 2027})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).confirmed_by == superuser


def test_admin_adds_an_override(client, superuser):
    client.force_login(superuser)
    client.post(
        reverse("admin:congress_calendaroverride_add"),
        {"date": "2027-02-20", "is_workday": "on", "name": "春节调休"},
    )
    assert calendar.is_workday(D(2027, 2, 20))


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:congress_calendaroverride_changelist",
        "admin:congress_calendaryear_changelist",
        "admin:index",
    ],
)
def test_admin_refuses_a_non_staff_user(client, deputy, url_name):
    client.force_login(deputy)
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_warning_names_the_package_when_it_covers_next_year(db):
    # In October 2025 the package already knows 2026: check, don't fill in.
    with translation.override("en"):
        warning = calendar.unconfirmed_year_warning(D(2025, 10, 20))
    assert "2026" in warning
    assert "chinese-calendar" in warning


def test_warning_names_the_statutory_fallback_for_an_unpublished_year(db):
    with translation.override("en"):
        warning = calendar.unconfirmed_year_warning(D(2026, 10, 20))
    assert "statutory holidays" in warning
