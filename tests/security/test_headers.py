"""ASVS V14.4 / 等保 入侵防范: every page carries the security headers."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_carry_the_security_headers(client):
    response = client.get(reverse("login"))

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_http_only_and_same_site(client, deputy, settings):
    from tests.factories.congress import PASSWORD

    response = client.post(
        reverse("login"), {"username": deputy.username, "password": PASSWORD}
    )

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"].lower() in {"lax", "strict"}
