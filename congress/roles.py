"""Roles are Django groups named by their key; one person may hold several."""

from django.contrib.auth.models import Group
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

    def group(self) -> Group:
        # get_or_create: live-server tests flush the rows the data migration made.
        return Group.objects.get_or_create(name=self.value)[0]
