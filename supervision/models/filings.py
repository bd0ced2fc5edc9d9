"""Filing review of normative documents (规范性文件备案审查): "有件必备、有备必
审、有错必纠". A document published by a government body is filed within the
rule's days (30 by default), reviewed by the legal working committee, and
ends with no problem, or a correction requested and then made or the
document revoked."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.roles import Role
from congress.text import BoundedTextField


class FilingStatus(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting filing")
    FILED = "filed", _("Filed")
    UNDER_REVIEW = "under_review", _("Under review")
    NO_ISSUE = "no_issue", _("No problem found")
    CORRECTION = "correction", _("Correction requested")
    CORRECTED = "corrected", _("Corrected")
    REVOKED = "revoked", _("Revoked")


class FilingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FilingQuerySet":
        """Staff, leaders, viewers: all; the issuing body: its own."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(Role.OFFICE, Role.LEADER, Role.VIEWER):
            return self
        if user.has_role(Role.ORG_LIAISON, Role.ORG_HEAD) and user.organization_id:
            return self.filter(issuer_id=user.organization_id)
        return self.none()


@track()
class NormativeDocument(models.Model):
    Status = FilingStatus

    title = models.CharField(_("title"), max_length=200)
    doc_number = models.CharField(_("document number"), max_length=50)
    issuer = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="normative_documents",
    )
    published_on = models.DateField(_("published on"))
    due_on = models.DateField(_("filing due"))
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=FilingStatus.choices,
        default=FilingStatus.AWAITING,
    )
    reviewers = models.CharField(
        _("reviewers (deputies, experts)"), max_length=200, blank=True
    )
    findings = BoundedTextField(_("review findings"), blank=True, size="long")
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FilingQuerySet.as_manager()

    class Meta:
        verbose_name = _("normative document")
        verbose_name_plural = _("normative documents")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FilingStatus.values),
                name="supervision_filing_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="awaiting") | Q(filed_on__isnull=False),
                name="supervision_filing_filed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["correction", "corrected", "revoked"])
                | ~Q(findings=""),
                name="supervision_filing_correction_has_findings",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:filing_detail", args=[self.pk])

    @property
    def filed_late(self) -> bool:
        return bool(self.filed_on and self.filed_on > self.due_on)
