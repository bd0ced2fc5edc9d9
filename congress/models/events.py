"""The base of every workflow's timeline (CONVENTIONS §6).

An event row says what happened to its subject, who did it, when, and who may
read it. Rows are append-only: a database trigger refuses UPDATE and DELETE,
whatever the code path (services, admin, shell). Deleting a subject with its
events (tests, a draft nobody saw) must say so: wrap it in
``pgtrigger.ignore("<app>.<Model>:append_only")``.
"""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EventQuerySet":
        """Events whose audience includes one of `user`'s roles; an empty
        audience is everyone who may see the subject (checked by the caller)."""
        if user.is_superuser:
            return self
        roles = [role.value for role in user.roles]
        return self.filter(models.Q(audience=[]) | models.Q(audience__overlap=roles))


class TimelineEvent(models.Model):
    """Abstract: subclasses add the foreign key to their subject."""

    type = models.CharField(_("event"), max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    data = models.JSONField(default=dict, blank=True)
    # Role values allowed to read the event; empty: whoever may see the subject.
    audience = ArrayField(
        models.CharField(max_length=32),
        verbose_name=_("visible to"),
        default=list,
        blank=True,
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
        triggers = [
            pgtrigger.Protect(
                name="append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return self.type

    def visible_to(self, user) -> bool:
        if not self.audience or user.is_superuser:
            return True
        return bool(set(self.audience) & {role.value for role in user.roles})
