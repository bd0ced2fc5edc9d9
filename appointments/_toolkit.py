"""Temporary stand-in for the shared workflow toolkit until it lands on main."""

from django.db import models
from django.utils.translation import gettext

from congress.exceptions import TransitionNotAllowed

SYSTEM = "system"


class Machine:
    def __init__(self, name, states, edges):
        self.name, self.states, self.edges = name, states, edges

    def targets(self, source):
        return set(self.edges.get(source, {}))

    def may(self, source, target, user):
        allowed = self.edges.get(source, {}).get(target)
        if allowed is None:
            return False
        if user is None:
            return SYSTEM in allowed
        return user.has_role(*[role for role in allowed if role != SYSTEM])

    def check(self, source, target, user):
        if not self.may(source, target, user):
            raise TransitionNotAllowed(
                gettext("Cannot go from “%(source)s” to “%(target)s”.")
                % {
                    "source": self.states(source).label,
                    "target": self.states(target).label,
                }
            )

    def as_map(self):
        return {source: set(targets) for source, targets in self.edges.items()}


def transition(obj: models.Model, target, *, machine: Machine, user):
    locked = type(obj).objects.select_for_update(of=("self",)).get(pk=obj.pk)
    machine.check(locked.status, target, user)
    locked.status = target
    return locked


class TimelineEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        from django.db.models import Q

        roles = [role.value for role in user.roles]
        return self.filter(Q(audience=[]) | Q(audience__overlap=roles))


class TimelineEvent(models.Model):
    from django.conf import settings as _settings
    from django.contrib.postgres.fields import ArrayField as _ArrayField
    from django.utils import timezone as _timezone

    type = models.CharField(max_length=64)
    actor = models.ForeignKey(
        _settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(blank=True, max_length=2000)
    data = models.JSONField(default=dict, blank=True)
    audience = _ArrayField(models.CharField(max_length=32), default=list, blank=True)
    created_at = models.DateTimeField(default=_timezone.now)

    objects = TimelineEventQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
