import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonalDataRequest(models.Model):
    """One export or erasure of a person's data on their request, or one
    retention sweep (congress.personal_data): who did it, when, what kind of
    person and how many records. The person is named only by a keyed hash of
    the identifier, so that the record of an erasure keeps none of the data.
    Append-only (a trigger refuses changes and deletes)."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        ERASE = "erase", _("Erasure")
        RETENTION = "retention", _("Retention sweep")

    kind = models.CharField(_("kind of person"), max_length=20)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    reference = models.CharField(_("reference (keyed hash)"), max_length=64, blank=True)
    records = models.PositiveIntegerField(_("records"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["export", "erase", "retention"]),
                name="personal_data_action_valid",
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.kind}"
