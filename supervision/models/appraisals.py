"""Work appraisals of departments (工作评议): candidates chosen by the standing
committee's vote, then the four stages 准备、调查、审议、整改 run by a working
body, ending with a satisfaction vote on the rectification report. The rule
"every government department at least once per term" reads these rows.

Only supervision.appraisals changes `status`; its map is
supervision.workflow.APPRAISAL.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.models import TimelineEvent
from congress.roles import Role
from congress.text import BoundedTextField


class AppraisalStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    NOT_SELECTED = "not_selected", _("Not selected")
    SELECTED = "selected", _("Selected by the committee")
    PREPARATION = "preparation", _("Preparation")
    INVESTIGATION = "investigation", _("Investigation")
    DELIBERATION = "deliberation", _("Deliberation")
    RECTIFICATION = "rectification", _("Rectification")
    REPORTED = "reported", _("Rectification reported")
    VOTING = "voting", _("Satisfaction vote")
    CLOSED = "closed", _("Closed")


# Stages in which the department has been told (the committee's vote passed).
APPRAISAL_ORG_VISIBLE = [
    AppraisalStatus.SELECTED,
    AppraisalStatus.PREPARATION,
    AppraisalStatus.INVESTIGATION,
    AppraisalStatus.DELIBERATION,
    AppraisalStatus.RECTIFICATION,
    AppraisalStatus.REPORTED,
    AppraisalStatus.VOTING,
    AppraisalStatus.CLOSED,
]
# An appraisal counts towards the term's coverage once the vote selected it.
APPRAISAL_COUNTED = APPRAISAL_ORG_VISIBLE


class AppraisalQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AppraisalQuerySet":
        """Staff, leaders, viewers and members: all; a department's liaison or
        head: its own appraisals once selected."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER):
            return self
        if user.has_role(Role.ORG_LIAISON, Role.ORG_HEAD) and user.organization_id:
            return self.filter(
                department_id=user.organization_id,
                status__in=APPRAISAL_ORG_VISIBLE,
            )
        return self.none()


@track()
class Appraisal(models.Model):
    """One department's work appraisal of a year (工作评议)."""

    Status = AppraisalStatus

    year = models.PositiveSmallIntegerField(_("year"))
    department = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("department appraised"),
        on_delete=models.PROTECT,
        related_name="appraisals",
    )
    working_body = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("working body in charge"),
        on_delete=models.PROTECT,
        related_name="appraisals_led",
        limit_choices_to={"kind__in": ["working_body", "general_office"]},
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AppraisalStatus.choices,
        default=AppraisalStatus.CANDIDATE,
    )
    # The standing committee's vote on this candidate (表决确定).
    selection_ballot = models.ForeignKey(
        "congress.Ballot",
        verbose_name=_("selection vote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 准备: the appraisal plan, the investigation team, the announcement.
    work_plan = BoundedTextField(_("appraisal plan"), blank=True, size="long")
    team = models.CharField(_("investigation team"), max_length=200, blank=True)
    announced_on = models.DateField(
        _("reported to the party committee and announced on"), null=True, blank=True
    )
    # 调查: visits, forums, documents, site checks, opinions collected.
    investigation = BoundedTextField(_("investigation"), blank=True, size="long")
    opinions_collected = models.PositiveIntegerField(_("opinions collected"), default=0)
    problems_found = models.PositiveIntegerField(_("problems found"), default=0)
    # 审议: the department's report heard at a meeting, the appraisal opinion.
    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion = BoundedTextField(_("appraisal opinion"), blank=True, size="long")
    # 整改: the department's rectification report and its satisfaction vote.
    rectification_due_on = models.DateField(_("rectification due"), null=True)
    rectification_report = BoundedTextField(
        _("rectification report"), blank=True, size="long"
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    satisfaction_ballot = models.ForeignKey(
        "congress.Ballot",
        verbose_name=_("satisfaction vote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The result fed back to the party committee (向区委反馈).
    feedback = BoundedTextField(_("result fed back"), blank=True, size="long")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        verbose_name = _("work appraisal")
        verbose_name_plural = _("work appraisals")
        ordering = ["-year", "pk"]
        indexes = [models.Index(fields=["year", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AppraisalStatus.values),
                name="supervision_appraisal_status_valid",
            ),
            models.UniqueConstraint(
                fields=["year", "department"],
                name="supervision_appraisal_once_a_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1980) & Q(year__lte=2200),
                name="supervision_appraisal_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.department}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:appraisal_detail", args=[self.pk])


APPRAISAL_EVENT_LABELS = {
    "supervision.appraisal_proposed": _("Proposed as a candidate"),
    "supervision.appraisal_vote_created": _("Put to the committee's vote"),
    "supervision.appraisal_selected": _("Selected by the committee's vote"),
    "supervision.appraisal_not_selected": _("Not selected by the committee's vote"),
    "supervision.appraisal_preparation": _("Preparation: plan and announcement"),
    "supervision.appraisal_investigation": _("Investigation started"),
    "supervision.appraisal_deliberation": _("Investigation concluded; deliberation"),
    "supervision.appraisal_rectification": _("Appraisal opinion sent: rectification"),
    "supervision.appraisal_reported": _("Rectification report submitted"),
    "supervision.appraisal_voting": _("Satisfaction vote prepared"),
    "supervision.appraisal_passed": _("Satisfaction vote passed"),
    "supervision.appraisal_failed": _("Vote below the threshold: rectify again"),
    "supervision.appraisal_closed": _("Closed; result fed back"),
}


class AppraisalEvent(TimelineEvent):
    """The appraisal's append-only timeline."""

    appraisal = models.ForeignKey(
        Appraisal,
        verbose_name=_("work appraisal"),
        on_delete=models.CASCADE,
        related_name="events",
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = _("work appraisal event")
        verbose_name_plural = _("work appraisal events")

    @property
    def label(self) -> str:
        return str(APPRAISAL_EVENT_LABELS.get(self.type, self.type))
