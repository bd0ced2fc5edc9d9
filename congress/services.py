"""Writes of the shared core: accounts."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

READABLE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def make_temporary_password() -> str:
    """Readable when handed over on paper: no 0/O, 1/l/i."""
    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(10))


def user_sessions_end(user) -> int:
    """Log the user out everywhere; returns how many sessions ended."""
    from congress.models import Session

    deleted, _by_model = Session.objects.filter(user=user).delete()
    return deleted


def user_password_reset(user) -> str:
    """Give the user a one-time temporary password, returned once to show."""
    password = make_temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        user_sessions_end(user)
    return password


def user_password_changed(user) -> None:
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


def user_deactivate(user) -> None:
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        user_sessions_end(user)


def user_create(*, username: str, real_name: str, roles=(), **fields):
    """Create an account with a temporary password; returns (user, password)."""
    password = make_temporary_password()
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username,
            real_name=real_name,
            password=password,
            must_change_password=True,
            **fields,
        )
        user.groups.set([role.group() for role in roles])
    return user, password
