import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


@pghistory.track()
class RuleValue(models.Model):
    """A stored value for one of the installation's rules (congress.rules).

    A rule without a row has its documented default.
    """

    key = models.CharField(_("rule"), max_length=100, unique=True)
    value = models.JSONField(_("value"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("installation rule")
        verbose_name_plural = _("installation rules")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key
