"""Staff sessions end when idle or too old; everyone sees and ends their own
sessions; a password change ends the others."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congress.models import Session

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_session_ends_after_the_idle_rule(office):
    with time_machine.travel(START, tick=False) as clock:
        client = logged_in_client(office)
        assert client.get(reverse("notification_inbox")).status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("notification_inbox")).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))

        response = client.get(reverse("notification_inbox"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("notification_inbox")).status_code == 302


def test_staff_session_ends_after_eight_hours_however_busy(leader):
    with time_machine.travel(START, tick=False) as clock:
        client = logged_in_client(leader)
        for _step in range(8 * 3):  # a page every 20 minutes for 8 hours
            clock.shift(datetime.timedelta(minutes=20))
            assert client.get(reverse("notification_inbox")).status_code == 200
        clock.shift(datetime.timedelta(minutes=1))
        response = client.get(reverse("notification_inbox"))

    assert response["Location"].startswith(reverse("login"))


def test_deputy_session_is_not_cut_after_an_idle_hour(deputy):
    with time_machine.travel(START, tick=False) as clock:
        client = logged_in_client(deputy)
        clock.shift(datetime.timedelta(hours=1))

        assert client.get(reverse("notification_inbox")).status_code == 200


def test_account_page_lists_own_sessions_and_ends_another(deputy, other_deputy):
    phone = logged_in_client(deputy)
    laptop = logged_in_client(deputy)
    logged_in_client(other_deputy)

    page = laptop.get(reverse("account_security"))

    sessions = page.context["sessions"]
    assert len(sessions) == 2
    other = next(s for s in sessions if not s["current"])
    laptop.post(reverse("account_session_end", args=[other["id"]]))
    assert phone.get(reverse("notification_inbox")).status_code == 302
    assert laptop.get(reverse("notification_inbox")).status_code == 200
    assert Session.objects.filter(user=other_deputy).count() == 1


def test_a_session_handle_of_another_user_ends_nothing(deputy, other_deputy):
    victim = logged_in_client(other_deputy)
    handle = victim.get(reverse("account_security")).context["sessions"][0]["id"]
    attacker = logged_in_client(deputy)

    attacker.post(reverse("account_session_end", args=[handle]))

    assert victim.get(reverse("notification_inbox")).status_code == 200


def test_password_change_ends_the_other_sessions(deputy):
    deputy.set_password("old-password-for-test-1")
    deputy.save(update_fields=["password"])
    other = logged_in_client(deputy)
    here = logged_in_client(deputy)

    here.post(
        reverse("password_change"),
        {
            "old_password": "old-password-for-test-1",
            "new_password1": "Qinghe-new-password-2026",
            "new_password2": "Qinghe-new-password-2026",
        },
    )

    assert Session.objects.filter(user=deputy).count() == 1
    assert other.get(reverse("notification_inbox")).status_code == 302
    assert here.get(reverse("notification_inbox")).status_code == 200
