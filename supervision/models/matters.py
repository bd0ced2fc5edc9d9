"""Major-matter decisions (重大事项决定) and their yearly list (年度清单): the
matters the government must bring to the standing committee before deciding
them, agreed at the start of the year and followed to the committee's
decision or record filing. "重大事项决定前不经深入调研，不进入审议决定程序":
the map lets no matter be submitted before its preliminary research."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.roles import Role
from congress.text import BoundedTextField


class MatterStatus(models.TextChoices):
    LISTED = "listed", _("On the yearly list")
    RESEARCHED = "researched", _("Preliminary research done")
    SUBMITTED = "submitted", _("Motion submitted")
    DECIDED = "decided", _("Decided by the committee")
    FILED = "filed", _("Reviewed and filed for record")
    REMOVED = "removed", _("Removed from the list")


class MatterQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MatterQuerySet":
        """Staff, leaders, viewers and members: the whole list; the
        organisation that must report: its own matters."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER):
            return self
        if user.has_role(Role.ORG_LIAISON, Role.ORG_HEAD) and user.organization_id:
            return self.filter(organization_id=user.organization_id)
        return self.none()


@track()
class MajorMatter(models.Model):
    Status = MatterStatus

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("major matter"), max_length=200)
    organization = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("organisation reporting"),
        on_delete=models.PROTECT,
        related_name="major_matters",
    )
    planned_quarter = models.PositiveSmallIntegerField(
        _("planned quarter"), null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MatterStatus.choices,
        default=MatterStatus.LISTED,
    )
    research = BoundedTextField(_("preliminary research"), blank=True, size="long")
    submitted_on = models.DateField(_("motion submitted on"), null=True, blank=True)
    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = BoundedTextField(_("decision or resolution"), blank=True, size="long")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MatterQuerySet.as_manager()

    class Meta:
        verbose_name = _("major matter")
        verbose_name_plural = _("major matters")
        ordering = ["-year", "planned_quarter", "pk"]
        indexes = [models.Index(fields=["year", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MatterStatus.values),
                name="supervision_matter_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(planned_quarter__isnull=True)
                | (Q(planned_quarter__gte=1) & Q(planned_quarter__lte=4)),
                name="supervision_matter_quarter_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["listed", "removed"]) | ~Q(research=""),
                name="supervision_matter_researched_first",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:matter_detail", args=[self.pk])
