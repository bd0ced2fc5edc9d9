"""Writes of the shared core: accounts."""

import re
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress.exceptions import AccountNotManageable, ImportRejected
from congress.history import history_context
from congress.roles import (
    Role,
    account_manageable_by,
    roles_grantable_by,
    separation_errors,
)
from congress.validators import validate_mobile

READABLE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

ACCOUNT_COLUMNS = {
    "用户名": "username",
    "姓名": "real_name",
    "手机号码": "mobile",
    "单位": "organization",
    "角色": "roles",
    "username": "username",
    "real name": "real_name",
    "mobile": "mobile",
    "organisation": "organization",
    "roles": "roles",
}


def make_temporary_password() -> str:
    """Readable when handed over on paper: no 0/O, 1/l/i."""
    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(10))


def user_sessions_end(user) -> int:
    """Log the user out everywhere; returns how many sessions ended."""
    from congress.models import Session

    deleted, _by_model = Session.objects.filter(user=user).delete()
    return deleted


def user_password_reset(user, *, by=None, now=None) -> str:
    """Give the user a one-time temporary password, returned once to show; it
    must be changed at the next login. `by` (the acting person, None for the
    system) is recorded with the time; raises AccountNotManageable when `by`
    may not manage this account (office staff and a privileged account)."""
    if by is not None and not account_manageable_by(by, user):
        raise AccountNotManageable
    password = make_temporary_password()
    with transaction.atomic(), history_context(by):
        user.set_password(password)
        user.must_change_password = True
        user.password_reset_by = by
        user.password_reset_at = now or timezone.now()
        user.save(
            update_fields=[
                "password",
                "must_change_password",
                "password_reset_by",
                "password_reset_at",
            ]
        )
        user_sessions_end(user)
    return password


def user_password_changed(user) -> None:
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


def user_deactivate(user) -> None:
    """Deactivate the account; its sessions end (see congress.signals)."""
    user.is_active = False
    user.save(update_fields=["is_active"])


def user_create(*, username: str, real_name: str, roles=(), by=None, **fields):
    """Create an account with a temporary password; returns (user, password).

    With `by` (the acting person), refuses roles that person may not grant
    (AccountNotManageable)."""
    if by is not None and not set(roles) <= set(roles_grantable_by(by)):
        raise AccountNotManageable
    errors = separation_errors(
        is_superuser=fields.get("is_superuser", False), roles=roles
    )
    if errors:
        raise ValidationError(errors)
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


def _role_names() -> dict[str, Role]:
    names = {role.value: role for role in Role}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names |= {str(role.label): role for role in Role}
    return names


def users_import(rows: list[tuple[int, dict]], *, by=None) -> list[tuple[object, str]]:
    """Create accounts from spreadsheet rows, all or nothing.

    Returns [(user, temporary password)]; raises ImportRejected listing every
    bad row with its field when any row is bad, including a role that `by`
    may not grant.
    """
    from congress.models import Organization

    usernames = [row.get("username", "") for _number, row in rows]
    grantable = set(roles_grantable_by(by)) if by is not None else set(Role)
    known = {
        "roles": _role_names(),
        "grantable": grantable,
        "organizations": {org.name: org for org in Organization.objects.all()},
        "usernames": set(
            get_user_model()
            .objects.filter(username__in=usernames)
            .values_list("username", flat=True)
        ),
    }
    errors, accounts = [], []
    for number, row in rows:
        account, row_errors = _account_from_row(row, known)
        errors += [(number, field, message) for field, message in row_errors]
        accounts.append(account)
        known["usernames"].add(account["username"])
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        return [user_create(**account, by=by) for account in accounts]


def _account_from_row(row: dict, known: dict) -> tuple[dict, list[tuple[str, str]]]:
    errors = []
    username = row.get("username", "")
    if not re.fullmatch(r"[\w.@+-]{2,150}", username):
        errors.append((_("User name"), _("Enter 2 or more letters, digits or ._@+-.")))
    elif username in known["usernames"]:
        message = _("The user name %(name)s is already taken.") % {"name": username}
        errors.append((_("User name"), message))
    if not row.get("real_name"):
        errors.append((_("Real name"), _("The real name is missing.")))
    if row.get("mobile"):
        try:
            validate_mobile(row["mobile"])
        except ValidationError as error:
            errors.append((_("Mobile number"), error.messages[0]))
    organization = known["organizations"].get(row.get("organization", ""))
    if row.get("organization") and organization is None:
        message = _("Unknown organisation %(name)s.") % {"name": row["organization"]}
        errors.append((_("Organisation"), message))
    roles = []
    for name in filter(None, re.split(r"[,，、;；\s]+", row.get("roles", ""))):
        if known["roles"].get(name) in known["grantable"]:
            roles.append(known["roles"][name])
        elif name in known["roles"]:
            message = _("Only the system administrator may grant the role %(name)s.")
            errors.append((_("Roles"), message % {"name": name}))
        else:
            errors.append((_("Roles"), _("Unknown role %(name)s.") % {"name": name}))
    errors += [
        (_("Roles"), message)
        for message in separation_errors(is_superuser=False, roles=roles)
    ]
    account = {
        "username": username,
        "real_name": row.get("real_name", ""),
        "mobile": row.get("mobile", ""),
        "organization": organization,
        "roles": roles,
    }
    return account, errors
