"""The second factor (TOTP, with one-time backup codes) through django-otp.

Who needs it: office staff, leaders and anyone who can use the admin must
verify a code after their password (when `settings.STAFF_SECOND_FACTOR` is on,
the production default); everyone else may opt in, and once they hold a
confirmed device it is required of them too. Until verified, such a session
reaches only the enrolment and verification pages and logout
(`SecondFactorRequiredMiddleware`), the admin included.

This is a deployment setting, not an installation rule: office staff edit the
rules, and must not be able to switch off their own second factor.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress.access import holds_staff_powers
from congress.history import history_context

BACKUP_CODES = 10


def second_factor_required(user) -> bool:
    """Whether `user` must verify a second factor in this session."""
    if not user.is_authenticated:
        return False
    if has_confirmed_device(user):
        return True
    return settings.STAFF_SECOND_FACTOR and holds_staff_powers(user)


def has_confirmed_device(user) -> bool:
    return user.second_factor_enrolled


def totp_device_start(user) -> TOTPDevice:
    """The user's unconfirmed authenticator device, created on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=False
    )


def totp_device_confirm(user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm `device` with a first code from the app; returns the new
    backup codes (shown once), or None if the code is wrong."""
    if not device.verify_token(token):
        return None
    with transaction.atomic(), history_context(user):
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        user.second_factor_enrolled = True
        user.save(update_fields=["second_factor_enrolled"])
        return backup_codes_issue(user)


def backup_codes_issue(user) -> list[str]:
    """Replace the user's backup codes with new ones, each usable once."""
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODES)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code) for code in codes
        )
    return codes


def second_factor_reset(user, *, by) -> None:
    """An administrator's recovery for a lost phone: remove every device, so
    the next login enrols again. Recorded with who did it."""
    with transaction.atomic(), history_context(by):
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        user.second_factor_enrolled = False
        user.save(update_fields=["second_factor_enrolled"])
