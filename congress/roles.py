"""Roles are Django groups named by their key; one person may hold several."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("Office staff")
    LEADER = "leader", _("Leadership")
    MEMBER = "member", _("Committee member")
    DEPUTY = "deputy", _("Deputy")
    ORG_LIAISON = "org_liaison", _("Handling organisation liaison")
    ORG_HEAD = "org_head", _("Handling organisation head")
    STATION_MANAGER = "station_manager", _("Liaison station manager")
    DIVISION_OFFICER = "division_officer", _("Township or sub-district officer")
    VIEWER = "viewer", _("Read-only viewer")

    def group(self):
        from django.contrib.auth.models import Group

        # get_or_create: live-server tests flush the rows the data migration made.
        return Group.objects.get_or_create(name=self.value)[0]


# Apps whose data office staff manage in the admin: all their model permissions.
OFFICE_APPS = [
    "congress",
    "deputies",
    "proposals",
    "supervision",
    "appointments",
    "liaison_stations",
]


def grant_role_permissions(**kwargs) -> None:
    """After each migrate: office staff hold every permission of the portal's apps
    (new models included), except managing superusers' own permission tables."""
    from django.contrib.auth.models import Permission

    permissions = Permission.objects.filter(content_type__app_label__in=OFFICE_APPS)
    Role.OFFICE.group().permissions.add(*permissions)
