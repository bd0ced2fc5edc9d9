"""Special investigations (特定问题调查): the chairpersons' meeting proposes
one (after an item failed its second vote, an interpellation's answer left
the members unsatisfied, ...), the standing committee decides to set up an
investigation committee with its members, the committee reports, and the
standing committee adopts a resolution on the report. Never automatic:
every step is recorded by staff after the meeting that took it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.roles import Role
from congress.text import BoundedTextField


class InvestigationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the chairpersons' meeting")
    ESTABLISHED = "established", _("Investigation committee set up")
    REPORTED = "reported", _("Investigation reported")
    RESOLVED = "resolved", _("Resolution adopted")
    DROPPED = "dropped", _("Not set up")


class InvestigationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InvestigationQuerySet":
        """Staff, leaders, viewers and members: all; the organisation
        concerned: once the committee is set up (it must cooperate)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER):
            return self
        if user.has_role(Role.ORG_LIAISON, Role.ORG_HEAD) and user.organization_id:
            return self.filter(organization_id=user.organization_id).exclude(
                status__in=[InvestigationStatus.PROPOSED, InvestigationStatus.DROPPED]
            )
        return self.none()


@track()
class SpecialInvestigation(models.Model):
    Status = InvestigationStatus

    subject = models.CharField(_("subject"), max_length=200)
    organization = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("organisation concerned"),
        on_delete=models.PROTECT,
        related_name="special_investigations",
    )
    reason = BoundedTextField(_("reasons"), size="long")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InvestigationStatus.choices,
        default=InvestigationStatus.PROPOSED,
    )
    # What led to it, when it came from supervision.
    item = models.ForeignKey(
        "supervision.Item",
        verbose_name=_("supervision item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="special_investigations",
    )
    interpellation = models.ForeignKey(
        "supervision.Interpellation",
        verbose_name=_("interpellation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="special_investigations",
    )
    council_meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("chairpersons' meeting proposing it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("committee meeting deciding it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("set up on"), null=True, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair of the investigation committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members of the investigation committee"),
        blank=True,
        related_name="special_investigations",
    )
    report = BoundedTextField(_("investigation report"), blank=True, size="long")
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    resolution = BoundedTextField(_("resolution"), blank=True, size="long")
    resolved_on = models.DateField(_("resolution adopted on"), null=True, blank=True)
    drop_reason = models.CharField(
        _("why it was not set up"), max_length=500, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InvestigationQuerySet.as_manager()

    class Meta:
        verbose_name = _("special investigation")
        verbose_name_plural = _("special investigations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InvestigationStatus.values),
                name="supervision_investigation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "dropped"])
                | Q(chair__isnull=False, decided_on__isnull=False),
                name="supervision_investigation_set_up_with_chair",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["reported", "resolved"]) | ~Q(report=""),
                name="supervision_investigation_reported_with_text",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("supervision:investigation_detail", args=[self.pk])
