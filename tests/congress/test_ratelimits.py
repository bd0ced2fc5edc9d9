"""Rate limits counted in PostgreSQL, per person and hour."""

import datetime

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory

from congress.models import LoginCode, RateCount
from congress.ratelimits import (
    EXPORTS_PER_HOUR,
    RateLimited,
    rate_limit_hit,
    rate_limited,
)
from congress.tasks import prune_counters

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 12, 7, 9, 30, tzinfo=datetime.UTC)


def test_limit_refuses_the_next_action_in_the_hour_and_names_when():
    for _n in range(3):
        rate_limit_hit("exports", "user:1", limit=3, now=START)

    with pytest.raises(RateLimited) as refused:
        rate_limit_hit("exports", "user:1", limit=3, now=START)

    assert "18:00" in str(refused.value)  # 10:00 UTC is 18:00 in Shanghai


def test_limit_counts_people_and_scopes_apart_and_resets_each_hour():
    for _n in range(3):
        rate_limit_hit("exports", "user:1", limit=3, now=START)

    assert rate_limit_hit("exports", "user:2", limit=3, now=START) == 1
    assert rate_limit_hit("pdf", "user:1", limit=3, now=START) == 1
    next_hour = START + datetime.timedelta(hours=1)
    assert rate_limit_hit("exports", "user:1", limit=3, now=next_hour) == 1


def test_view_decorator_answers_429_with_the_message(office, settings):
    view = rate_limited("test.export", EXPORTS_PER_HOUR)(lambda request: HttpResponse())
    request = RequestFactory().get("/export/")
    request.user = office
    with time_machine.travel(START, tick=False):
        answers = [view(request).status_code for _n in range(61)]

    assert answers.count(200) == 60
    assert answers[-1] == 429


def test_daily_prune_removes_ended_windows_and_old_codes():
    rate_limit_hit("exports", "user:1", limit=3, now=START)
    LoginCode.objects.create(
        mobile="13912345678",
        code_hash="x",
        created_at=START,
        expires_at=START + datetime.timedelta(minutes=5),
    )
    with time_machine.travel(START + datetime.timedelta(days=2), tick=False):
        removed = prune_counters()

    assert removed == 2
    assert not RateCount.objects.exists()
