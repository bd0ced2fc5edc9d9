"""Post-appointment supervision: the annual appraisal by report (述职评议)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.models.cases import Person, Tenure
from congress.history import track
from congress.models import TimelineEvent
from congress.text import BoundedTextField


@track()
class AppraisalTopic(models.Model):
    """A question deputies want an official to report on (问题征集)."""

    year = models.PositiveSmallIntegerField(_("year"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    about = models.CharField(_("official or post concerned"), max_length=100)
    text = BoundedTextField(_("question"), size="long")
    person = models.ForeignKey(
        Person,
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appraisal_topics",
        help_text=_("Set by staff when the question is matched to an official."),
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("appraisal topic")
        verbose_name_plural = _("appraisal topics")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.about


class AppraisalStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Proposed candidate")
    SELECTED = "selected", _("Selected for appraisal")
    NOT_SELECTED = "not_selected", _("Not selected")
    REPORTED = "reported", _("Report heard")
    PASSED = "passed", _("Passed")
    RECTIFICATION = "rectification", _("Rectification ordered")
    RECTIFIED = "rectified", _("Rectification reported")


class AppraisalOutcome(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class AppraisalQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AppraisalQuerySet":
        from appointments.access import appraisals_visible_to

        return appraisals_visible_to(user, self)


@track()
class Appraisal(models.Model):
    """One official's appraisal in one year."""

    Status = AppraisalStatus
    Outcome = AppraisalOutcome

    year = models.PositiveSmallIntegerField(_("year"))
    tenure = models.ForeignKey(
        Tenure,
        verbose_name=_("post held"),
        on_delete=models.PROTECT,
        related_name="appraisals",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="appraisals",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AppraisalStatus.choices,
        default=AppraisalStatus.CANDIDATE,
    )
    topics = models.ManyToManyField(
        AppraisalTopic, verbose_name=_("questions"), blank=True, related_name="+"
    )
    selection_ballot = models.OneToOneField(
        "congress.Ballot",
        verbose_name=_("selection vote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appraisal_selected",
    )
    scoring_ballot = models.OneToOneField(
        "congress.Ballot",
        verbose_name=_("satisfaction vote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appraisal_scored",
    )
    session_on = models.DateField(_("appraisal session"), null=True, blank=True)
    # The invited grassroots deputies score on paper beside the members (R,
    # "接受常委会委员和基层人大代表的打分"); the ballots engine counts only the
    # members, so their totals are kept here and added when the outcome is set.
    deputies_satisfied = models.PositiveIntegerField(
        _("invited deputies: satisfied"), default=0
    )
    deputies_basically_satisfied = models.PositiveIntegerField(
        _("invited deputies: basically satisfied"), default=0
    )
    deputies_dissatisfied = models.PositiveIntegerField(
        _("invited deputies: dissatisfied"), default=0
    )
    report = BoundedTextField(_("written work report"), blank=True, size="long")
    outcome = models.CharField(
        _("outcome"), max_length=24, choices=AppraisalOutcome.choices, blank=True
    )
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    rectification_report = BoundedTextField(
        _("rectification report"), blank=True, size="long"
    )
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )
    # A second 不满意 in a row: staff are prompted to draft an interpellation.
    escalated = models.BooleanField(_("second dissatisfied result"), default=False)
    interpellation_drafted = models.BooleanField(
        _("interpellation drafted"), default=False
    )
    published = models.BooleanField(_("published"), default=False)

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        verbose_name = _("appraisal by report")
        verbose_name_plural = _("appraisals by report")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AppraisalStatus.values),
                name="appraisal_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=[*AppraisalOutcome.values, ""]),
                name="appraisal_outcome_valid",
            ),
            models.UniqueConstraint(
                fields=["year", "tenure"], name="appraisal_once_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("appointments:appraisal_detail", args=[self.pk])


class AppraisalEvent(TimelineEvent):
    appraisal = models.ForeignKey(
        Appraisal,
        verbose_name=_("appraisal by report"),
        on_delete=models.CASCADE,
        related_name="events",
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = _("appraisal event")
        verbose_name_plural = _("appraisal events")

    @property
    def label(self) -> str:
        return str(LABELS.get(self.type, self.type))


LABELS = {
    "appointments.appraisal_proposed": _("Proposed as a candidate"),
    "appointments.appraisal_selection": _("Chairpersons' vote result"),
    "appointments.appraisal_session": _("Report heard"),
    "appointments.appraisal_scored": _("Satisfaction vote result"),
    "appointments.appraisal_carried_over": _(
        "Carried over after a dissatisfied result"
    ),
    "appointments.appraisal_rectified": _("Rectification reported"),
    "appointments.appraisal_deputy_scores": _("Invited deputies' scores recorded"),
    "appointments.interpellation_drafted": _("Interpellation drafted"),
}
