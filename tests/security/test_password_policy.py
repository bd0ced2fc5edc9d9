"""ASVS V2.1 / 等保 身份鉴别: new passwords are checked against Django's
validators, the common-password list included, with a Chinese message."""

import pytest
from django.urls import reverse

from tests.factories.congress import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("new_password", ["password123", "12345678", "abc"])
def test_weak_new_password_is_refused(client, deputy, new_password):
    client.force_login(deputy)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    deputy.refresh_from_db()
    assert deputy.check_password(PASSWORD)


def test_common_password_message_is_chinese(client, deputy):
    client.force_login(deputy)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "password123",
            "new_password2": "password123",
        },
    )

    assert "密码" in " ".join(response.context["form"].errors["new_password2"])
