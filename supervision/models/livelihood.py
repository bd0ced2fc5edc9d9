"""Livelihood projects (民生实事票决): "群众提、代表定、政府办、人大评".

Candidates are proposed by the government, deputies and the public; the
deputies at the congress session choose N of the M candidates in one secret
vote (who voted is stored apart from what was chosen); the government reports
progress per project with its problem list (问题责任清单); the standing
committee rates each project at year end through a congress ballot.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.text import BoundedTextField


class ProjectSource(models.TextChoices):
    GOVERNMENT = "government", _("Proposed by the government")
    DEPUTIES = "deputies", _("Proposed by deputies")
    PUBLIC = "public", _("Proposed by the public")


class ProjectStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    SELECTED = "selected", _("Selected by the deputies")
    NOT_SELECTED = "not_selected", _("Not selected")
    COMPLETED = "completed", _("Completed")
    EVALUATED = "evaluated", _("Evaluated")


class SelectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


@track()
class SelectionVote(models.Model):
    """The deputies' vote at the session choosing `seats` of the candidates."""

    Status = SelectionStatus

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("projects to choose"))
    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("congress session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SelectionStatus.choices,
        default=SelectionStatus.DRAFT,
    )
    electorate_size = models.PositiveIntegerField(_("deputies"), default=0)
    present_count = models.PositiveIntegerField(_("deputies present"), default=0)
    ballots_cast = models.PositiveIntegerField(_("ballots cast"), default=0)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("livelihood-project vote")
        verbose_name_plural = _("livelihood-project votes")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SelectionStatus.values),
                name="supervision_selection_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1), name="supervision_selection_seats_positive"
            ),
            models.CheckConstraint(
                condition=Q(ballots_cast__lte=models.F("present_count")),
                name="supervision_selection_ballots_within_present",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SelectionVoter(models.Model):
    """Who may vote and whether they did (never what they chose)."""

    vote = models.ForeignKey(
        SelectionVote, on_delete=models.CASCADE, related_name="voters"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("deputy"), on_delete=models.PROTECT
    )
    voted = models.BooleanField(_("voted"), default=False)

    class Meta:
        verbose_name = _("livelihood-project voter")
        verbose_name_plural = _("livelihood-project voters")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "user"], name="supervision_selection_voter_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.user_id}"


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProjectQuerySet":
        """Candidates and results are public to every portal user; the
        department in charge reports on its own projects (see access)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self


@track()
class LivelihoodProject(models.Model):
    Source = ProjectSource
    Status = ProjectStatus

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = BoundedTextField(_("description"), blank=True, size="long")
    source = models.CharField(
        _("proposed by"), max_length=16, choices=ProjectSource.choices
    )
    department = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("department in charge"),
        on_delete=models.PROTECT,
        related_name="livelihood_projects",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProjectStatus.choices,
        default=ProjectStatus.CANDIDATE,
    )
    votes = models.PositiveIntegerField(_("votes received"), null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    evaluation = models.OneToOneField(
        "congress.Ballot",
        verbose_name=_("year-end satisfaction vote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"], name="supervision_project_number_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProjectStatus.values),
                name="supervision_project_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=ProjectSource.values),
                name="supervision_project_source_valid",
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100),
                name="supervision_project_progress_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:project_detail", args=[self.pk])


class SelectionChoice(models.Model):
    """One secret choice of a candidate: no voter, no time."""

    vote = models.ForeignKey(
        SelectionVote, on_delete=models.CASCADE, related_name="choices"
    )
    project = models.ForeignKey(
        LivelihoodProject, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("livelihood-project choice")
        verbose_name_plural = _("livelihood-project choices")

    def __str__(self) -> str:
        return str(self.project_id)


@track()
class ProjectProgress(models.Model):
    """The department's progress report on a project (政府办)."""

    project = models.ForeignKey(
        LivelihoodProject,
        verbose_name=_("livelihood project"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    reported_on = models.DateField(_("reported on"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    text = BoundedTextField(_("progress"), size="long")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project", "-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="supervision_progress_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.percent}%"


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


@track()
class ProjectIssue(models.Model):
    """A line of the project's 问题责任清单: a problem found (by inspecting
    deputies or staff), who answers for it and by when."""

    Status = IssueStatus

    project = models.ForeignKey(
        LivelihoodProject,
        verbose_name=_("livelihood project"),
        on_delete=models.CASCADE,
        related_name="issues",
    )
    text = BoundedTextField(_("problem"), size="long")
    responsible = models.CharField(_("responsible"), max_length=100)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=IssueStatus.choices, default="open"
    )
    resolution = BoundedTextField(_("resolution"), blank=True, size="long")

    class Meta:
        verbose_name = _("problem and responsibility")
        verbose_name_plural = _("problem and responsibility list")
        ordering = ["project", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=IssueStatus.values),
                name="supervision_issue_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(resolution=""),
                name="supervision_issue_resolved_with_text",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]
