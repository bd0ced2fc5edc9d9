from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCount(models.Model):
    """How often one identity did one limited thing in one time window
    (congress.ratelimits); old windows are deleted by the daily cleanup."""

    scope = models.CharField(_("action"), max_length=50)
    identity = models.CharField(_("who"), max_length=100)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rate count")
        verbose_name_plural = _("rate counts")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "identity", "window_start"], name="rate_count_once"
            )
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.identity}: {self.count}"
