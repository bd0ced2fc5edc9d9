"""Opinion cards on the work reports at the congress session (审议意见卡):
each deputy rates each report and writes an opinion; the office compiles
them and sends them to the organisation as a tracked 审议意见书."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.choices import Satisfaction
from congress.text import BoundedTextField


class SessionReport(models.Model):
    """A work report heard at a congress session (the six reports)."""

    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("congress session"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    organization = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("reporting body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    open_for_cards = models.BooleanField(_("open for opinion cards"), default=True)
    item = models.OneToOneField(
        "supervision.Item",
        verbose_name=_("supervision item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="session_report",
    )

    class Meta:
        verbose_name = _("session work report")
        verbose_name_plural = _("session work reports")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:session_report", args=[self.pk])


class OpinionCard(models.Model):
    report = models.ForeignKey(
        SessionReport,
        verbose_name=_("session work report"),
        on_delete=models.CASCADE,
        related_name="cards",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rating = models.CharField(
        _("satisfaction"), max_length=24, choices=Satisfaction.choices
    )
    opinion = BoundedTextField(_("opinions and suggestions"), blank=True, size="long")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("opinion card")
        verbose_name_plural = _("opinion cards")
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "deputy"], name="supervision_card_once"
            ),
            models.CheckConstraint(
                condition=Q(rating__in=Satisfaction.values),
                name="supervision_card_rating_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.deputy_id}"
