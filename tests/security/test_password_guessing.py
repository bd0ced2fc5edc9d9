"""Issue 9 §10: guessing the old password on /password/ counts as failed logins
and locks the change form at the installation's login limit."""

import pytest
from django.urls import reverse

from congress import rules
from tests.factories.congress import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "a-much-better-pass-42"


def attempt(client, old_password):
    return client.post(
        reverse("password_change"),
        {"old_password": old_password, "new_password1": NEW, "new_password2": NEW},
    )


def test_guessing_the_old_password_locks_the_form(client, deputy):
    client.force_login(deputy)
    limit = rules.get(rules.LOGIN_FAILURE_LIMIT.key)
    for guess in range(limit):
        response = attempt(client, f"wrong-guess-{guess}")
        assert response.status_code in {200, 429}
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    deputy.refresh_from_db()
    assert deputy.check_password(PASSWORD)
    assert client.get(reverse("password_change")).status_code == 429


def test_the_limit_is_the_installation_rule(client, deputy, office):
    rules.rule_set(rules.LOGIN_FAILURE_LIMIT.key, 3, user=office)
    client.force_login(deputy)
    for guess in range(3):
        attempt(client, f"wrong-guess-{guess}")
    assert attempt(client, PASSWORD).status_code == 429


def test_a_few_typos_then_the_right_password_change_it(client, deputy):
    client.force_login(deputy)
    response = attempt(client, "typo")
    assert "old_password" in response.context["form"].errors
    response = attempt(client, PASSWORD)
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.check_password(NEW)


def test_guesses_on_the_form_also_lock_the_login(client, deputy):
    client.force_login(deputy)
    for guess in range(rules.get(rules.LOGIN_FAILURE_LIMIT.key)):
        attempt(client, f"wrong-guess-{guess}")
    client.logout()
    response = client.post(
        reverse("login"), {"username": deputy.username, "password": PASSWORD}
    )
    assert response.status_code == 429
