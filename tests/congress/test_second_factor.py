"""Office staff, leaders and administrators need a second factor (TOTP, with
one-time backup codes); others may opt in."""

import subprocess
import sys
import textwrap
from base64 import b32encode

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.congress import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-1"


@pytest.fixture(autouse=True)
def _second_factor_on(settings):
    settings.STAFF_SECOND_FACTOR = True


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def log_in(client, user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def enrol(client, user) -> list[str]:
    client.get(reverse("second_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("second_factor_setup"), {"token": code_for(device)})
    return response.context["codes"]


def test_office_without_second_factor_is_sent_to_enrol_and_kept_from_the_admin(
    client, office
):
    log_in(client, office)

    for url in (reverse("home"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("second_factor_setup"))


def test_enrolment_shows_a_local_qr_code_and_the_key(client, office):
    log_in(client, office)

    page = client.get(reverse("second_factor_setup")).content.decode()

    device = TOTPDevice.objects.get(user=office, confirmed=False)
    secret = b32encode(device.bin_key).decode()
    assert "<svg" in page
    assert " ".join(textwrap.wrap(secret, 4)) in page
    assert "http" not in page.split('data-testid="totp-qr"')[1].split("</div>")[0]


def test_enrolment_with_a_wrong_code_confirms_nothing(client, office):
    log_in(client, office)
    client.get(reverse("second_factor_setup"))

    response = client.post(reverse("second_factor_setup"), {"token": "000000"})

    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=office, confirmed=True).exists()


def test_enrolment_confirms_the_device_shows_backup_codes_once_and_opens_the_admin(
    client, office
):
    log_in(client, office)

    codes = enrol(client, office)

    assert len(codes) == 10
    assert all(len(code) == 8 and code.isdigit() for code in codes)
    assert client.get(reverse("admin:index")).status_code == 200
    assert not any(code in str(client.cookies) for code in codes)


def test_next_login_asks_for_the_code_and_accepts_the_current_one(client, office):
    log_in(client, office)
    enrol(client, office)
    client.logout()

    log_in(client, office)
    stopped = client.get(reverse("admin:index"))
    device = TOTPDevice.objects.get(user=office, confirmed=True)
    device.refresh_from_db()
    # The code used at enrolment cannot be replayed: wait for the next step.
    device.last_t -= 1
    device.save()
    verified = client.post(
        reverse("second_factor_verify"),
        {"token": code_for(device), "next": reverse("admin:index")},
    )

    assert stopped["Location"].startswith(reverse("second_factor_verify"))
    assert verified["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_backup_code_works_once(client, office):
    log_in(client, office)
    codes = enrol(client, office)
    client.logout()

    log_in(client, office)
    first = client.post(reverse("second_factor_verify"), {"token": codes[0]})
    client.logout()
    log_in(client, office)
    again = client.post(reverse("second_factor_verify"), {"token": codes[0]})

    assert first.status_code == 302
    assert again.status_code == 400


@pytest.mark.parametrize("token", ["", "１２３４５６", "12\x0034", "9" * 400])
def test_odd_codes_are_refused_without_error(client, office, token):
    log_in(client, office)
    enrol(client, office)
    client.logout()
    log_in(client, office)

    response = client.post(reverse("second_factor_verify"), {"token": token})

    assert response.status_code == 400


def test_deputy_logs_in_without_second_factor_unless_opted_in(client, deputy):
    log_in(client, deputy)
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("notification_inbox")).status_code == 200

    enrol(client, deputy)
    client.logout()
    log_in(client, deputy)

    stopped = client.get(reverse("notification_inbox"))
    assert stopped["Location"].startswith(reverse("second_factor_verify"))


def admin_actions(user) -> set[str]:
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/congress/user/")
    request.user = user
    return set(admin.site._registry[type(user)].get_actions(request))


def test_only_a_superuser_may_reset_a_second_factor(office):
    superuser = UserFactory(username="t_admin", is_superuser=True, is_staff=True)

    assert "reset_second_factor" not in admin_actions(office)
    assert "reset_second_factor" in admin_actions(superuser)


def test_second_factor_reset_removes_the_devices_and_is_logged(client, office):
    log_in(client, office)
    enrol(client, office)
    superuser = UserFactory(username="t_admin", is_superuser=True, is_staff=True)
    superuser_client = client.__class__()
    superuser_client.force_login(superuser)
    enrol(superuser_client, superuser)

    superuser_client.post(
        reverse("admin:congress_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [office.pk]},
    )

    assert not TOTPDevice.objects.filter(user=office).exists()
    entry = LogEntry.objects.get(object_id=str(office.pk))
    assert entry.user == superuser
    client.logout()
    log_in(client, office)
    assert client.get(reverse("home"))["Location"].startswith(
        reverse("second_factor_setup")
    )


def test_production_default_requires_the_second_factor():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.STAFF_SECOND_FACTOR)",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={
            k: v
            for k, v in __import__("os").environ.items()
            if k != "STAFF_SECOND_FACTOR"
        }
        | {"DJANGO_SETTINGS_MODULE": "congress.settings"},
    )
    assert result.stdout.strip() == "True"
