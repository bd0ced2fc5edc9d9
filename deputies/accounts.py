"""Logins for deputies, created by office staff for many deputies at once.

The temporary passwords exist only in the return value of
`deputies_logins_create`: they are not stored, logged or cached, so the page or
PDF sheet made from that value is the one chance to read them. A lost sheet
means resetting the passwords in the user admin.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from congress import services as congress_services
from congress.exceptions import DomainError
from congress.roles import Role
from deputies.models import Deputy, Mandate, MandateStatus


def deputies_without_login(*, division=None, group=None) -> QuerySet[Deputy]:
    """Serving deputies of the current term who have no login yet, optionally
    those with such a mandate in `division` or `group`."""
    mandates = Mandate.objects.filter(
        deputy=OuterRef("pk"),
        status=MandateStatus.SERVING,
        term__is_current=True,
    )
    if division is not None:
        mandates = mandates.filter(division=division)
    if group is not None:
        mandates = mandates.filter(groups=group)
    return Deputy.objects.filter(Exists(mandates), user__isnull=True).order_by(
        "name", "pk"
    )


def deputies_logins_create(deputies, *, user) -> list[tuple[Deputy, str, str]]:
    """Give each deputy a login with the deputy role and a temporary password
    to change at first login; returns [(deputy, username, password)], once.

    All or nothing. Raises PermissionDenied unless `user` is office staff, and
    DomainError naming the deputies that already have a login.
    """
    if not user.has_role(Role.OFFICE):
        raise PermissionDenied
    pks = sorted({deputy.pk for deputy in deputies})
    with transaction.atomic():
        # Locked, so that two staff members cannot both give a deputy a login.
        locked = list(
            Deputy.objects.select_for_update(of=("self",))
            .filter(pk__in=pks)
            .order_by("pk")
        )
        with_login = [deputy.name for deputy in locked if deputy.user_id]
        if with_login:
            raise DomainError(
                _("These deputies already have a login: %(names)s.")
                % {"names": "、".join(with_login)}
            )
        taken = _taken_usernames(locked)
        accounts = []
        for deputy in sorted(locked, key=lambda d: (d.name, d.pk)):
            username = _username_for(deputy, taken)
            taken.add(username)
            account, password = congress_services.user_create(
                username=username,
                real_name=deputy.name,
                mobile=deputy.mobile,
                roles=[Role.DEPUTY],
            )
            deputy.user = account
            deputy.save(update_fields=["user"])
            accounts.append((deputy, username, password))
    return accounts


def _taken_usernames(deputies: list[Deputy]) -> set[str]:
    candidates = [name for d in deputies for name in _candidates(d)]
    return set(
        get_user_model()
        .objects.filter(username__in=candidates)
        .values_list("username", flat=True)
    )


def _candidates(deputy: Deputy) -> list[str]:
    """The mobile number, which a deputy remembers, else "d" + the zero-padded
    registry number, which never changes."""
    registry_name = f"d{deputy.pk:06d}"
    return [deputy.mobile, registry_name] if deputy.mobile else [registry_name]


def _username_for(deputy: Deputy, taken: set[str]) -> str:
    candidates = _candidates(deputy)
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    # Someone was given the registry name by hand: number the next free one.
    users = get_user_model().objects
    suffix = 2
    while (name := f"{candidates[-1]}-{suffix}") in taken or users.filter(
        username=name
    ).exists():
        suffix += 1
    return name
