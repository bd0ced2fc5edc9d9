"""Issue 9 §9: a temporary password is shown once, from the server side, and
never travels in a cookie (the messages cookie is signed, not encrypted)."""

import base64
import binascii

import pytest
from django.urls import reverse

from congress.models import User

pytestmark = pytest.mark.django_db


def cookie_texts(client, response) -> list[str]:
    """Every cookie value as sent, and base64-decoded where it decodes."""
    values = [morsel.value for morsel in response.cookies.values()]
    values += [morsel.value for morsel in client.cookies.values()]
    texts = list(values)
    for value in values:
        for part in value.split(":"):
            padded = part + "=" * (-len(part) % 4)
            try:
                texts.append(
                    base64.urlsafe_b64decode(padded).decode("utf-8", "replace")
                )
            except (binascii.Error, ValueError):
                continue
    return texts


def test_reset_password_travels_in_no_cookie_and_shows_once(client, office, deputy):
    client.force_login(office)
    response = client.post(
        reverse("admin:congress_user_changelist"),
        {"action": "reset_passwords", "_selected_action": [deputy.pk]},
    )
    assert response["Location"] == reverse("admin:congress_user_issued")
    page = client.get(response["Location"])
    password = page.context["issued"][0]["password"]
    deputy.refresh_from_db()
    assert deputy.check_password(password)
    assert password in page.content.decode()
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    for text in cookie_texts(client, response) + cookie_texts(client, page):
        assert password not in text
    again = client.get(reverse("admin:congress_user_issued"))
    assert password not in again.content.decode()


def test_new_account_password_travels_in_no_cookie(client, office):
    client.force_login(office)
    response = client.post(
        reverse("admin:congress_user_add"),
        {"username": "newcomer", "real_name": "新人", "roles": ["deputy"]},
    )
    assert response["Location"] == reverse("admin:congress_user_issued")
    page = client.get(response["Location"])
    password = page.context["issued"][0]["password"]
    assert User.objects.get(username="newcomer").check_password(password)
    for text in cookie_texts(client, response) + cookie_texts(client, page):
        assert password not in text


def test_messages_are_stored_on_the_server(client, settings):
    assert settings.MESSAGE_STORAGE.endswith("SessionStorage")
