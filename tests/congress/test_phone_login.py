"""Deputies log in with their mobile number and a code by text message."""

import datetime
import logging
import re

import pytest
import time_machine
from django.urls import reverse

from congress.models import LoginCode
from tests.factories.congress import UserFactory

pytestmark = pytest.mark.django_db
MOBILE = "13912345678"
START = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def deputy_with_phone(deputy):
    deputy.mobile = MOBILE
    deputy.save(update_fields=["mobile"])
    return deputy


def ask_code(client, mobile=MOBILE, caplog=None):
    return client.post(reverse("login_phone"), {"mobile": mobile})


def sent_code(caplog) -> str:
    texts = [r.getMessage() for r in caplog.records if "SMS to" in r.getMessage()]
    return re.search(r"(\d{6})", texts[-1]).group(1)


def test_deputy_logs_in_with_the_code_from_the_logging_backend(
    client, deputy_with_phone, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="congress.notifications")
    with django_capture_on_commit_callbacks(execute=True):
        asked = ask_code(client)

    response = client.post(
        reverse("login_phone"),
        {"mobile": MOBILE, "code": sent_code(caplog), "next": "/notices/"},
    )

    assert asked.status_code == 200
    assert response["Location"] == "/notices/"
    assert client.get(reverse("notification_inbox")).status_code == 200
    assert "139****5678" in caplog.text
    assert MOBILE not in caplog.text


def test_a_code_works_once(
    client, deputy_with_phone, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="congress.notifications")
    with django_capture_on_commit_callbacks(execute=True):
        ask_code(client)
    code = sent_code(caplog)
    client.post(reverse("login_phone"), {"mobile": MOBILE, "code": code})
    client.logout()

    again = client.post(reverse("login_phone"), {"mobile": MOBILE, "code": code})

    assert again.status_code == 400


def test_an_expired_code_is_refused(
    client, deputy_with_phone, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="congress.notifications")
    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            ask_code(client)
        clock.shift(datetime.timedelta(minutes=6))

        late = client.post(
            reverse("login_phone"), {"mobile": MOBILE, "code": sent_code(caplog)}
        )

    assert late.status_code == 400


def test_wrong_entries_void_the_code(
    client, deputy_with_phone, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="congress.notifications")
    with django_capture_on_commit_callbacks(execute=True):
        ask_code(client)
    code = sent_code(caplog)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _attempt in range(5):
        client.post(reverse("login_phone"), {"mobile": MOBILE, "code": wrong})

    right = client.post(reverse("login_phone"), {"mobile": MOBILE, "code": code})

    assert right.status_code == 400


def test_requests_are_limited_per_number_with_a_chinese_message(
    client, deputy_with_phone, settings
):
    settings.LANGUAGE_CODE = "zh-hans"
    with time_machine.travel(START, tick=False) as clock:
        answers = []
        for _n in range(6):
            answers.append(ask_code(client))
            clock.shift(datetime.timedelta(minutes=2))

    assert [a.status_code for a in answers] == [200] * 5 + [400]
    assert (
        "过多" in answers[-1].content.decode() or "稍后" in answers[-1].content.decode()
    )
    assert LoginCode.objects.filter(mobile=MOBILE).count() == 5


def test_a_second_request_within_a_minute_is_refused(client, deputy_with_phone):
    first = ask_code(client)
    second = ask_code(client)

    assert (first.status_code, second.status_code) == (200, 400)
    assert LoginCode.objects.count() == 1


def test_unknown_numbers_get_the_same_answer_and_no_message(client, caplog):
    caplog.set_level(logging.INFO, logger="congress.notifications")
    UserFactory(username="t_x", mobile="13800000000")

    response = ask_code(client, "13700000000")

    assert response.status_code == 200
    assert response.context["sent"]
    assert "SMS to" not in caplog.text


@pytest.mark.parametrize(
    "mobile", ["１３９１２３４５６７８", "1391234567\x00", "abc", ""]
)
def test_odd_numbers_are_a_form_error(client, mobile):
    response = ask_code(client, mobile)

    assert response.status_code == 400
    assert not LoginCode.objects.exists()
