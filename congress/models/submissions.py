from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A create form's one-time token, claimed by the POST that used it.

    The primary key makes a double tap (or four parallel posts) claim it once:
    the others wait on the key until the first commits, then find it taken
    and are sent where the first went (see congress.idempotency)."""

    token = models.UUIDField(_("form token"), primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    location = models.CharField(_("result address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return str(self.token)
