"""The legal-knowledge exam (任前法律知识考试): question bank, papers,
sessions, attempts and answers."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.models.cases import Batch, Case
from congress.history import track
from congress.text import BoundedTextField


@track()
class Topic(models.Model):
    """A topic of the question bank (宪法, 组织法, 监督法 ...)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("exam topic")
        verbose_name_plural = _("exam topics")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    SHORT = "short", _("Short answer")


OBJECTIVE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE)


@track()
class Question(models.Model):
    """A question; objective ones carry their answer key (letters, or T/F)."""

    Kind = QuestionKind

    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    kind = models.CharField(
        _("question kind"), max_length=16, choices=QuestionKind.choices
    )
    text = BoundedTextField(_("question"), size="long")
    options = models.JSONField(
        _("options"), default=list, blank=True, help_text=_("A, B, C ... in order.")
    )
    answer = models.CharField(
        _("answer key"),
        max_length=500,
        help_text=_("Letters for choices (e.g. AC), T or F, or a model answer."),
    )
    points = models.PositiveSmallIntegerField(_("points"), default=2)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["topic", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=QuestionKind.values),
                name="question_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(points__gt=0), name="question_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def is_objective(self) -> bool:
        return self.kind in OBJECTIVE_KINDS

    def lettered_options(self) -> list[tuple[str, str]]:
        return [(chr(ord("A") + n), text) for n, text in enumerate(self.options)]


@track()
class Paper(models.Model):
    """An exam paper drawn from the bank."""

    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("exam paper")
        verbose_name_plural = _("exam papers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class PaperQuestion(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT
    )
    position = models.PositiveSmallIntegerField(_("question number"))
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("paper question")
        verbose_name_plural = _("paper questions")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "position"], name="paperquestion_position_once"
            ),
            models.UniqueConstraint(
                fields=["paper", "question"], name="paperquestion_question_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.question}"


@track()
class ExamSession(models.Model):
    """One sitting of the exam (a batch of candidates), with its window."""

    title = models.CharField(_("title"), max_length=200)
    paper = models.ForeignKey(
        Paper,
        verbose_name=_("paper"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exam_sessions",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("opens at"))
    ends_at = models.DateTimeField(_("closes at"))
    duration_minutes = models.PositiveSmallIntegerField(_("time allowed (minutes)"))
    # Copied from the rule when the session is created.
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"))

    class Meta:
        verbose_name = _("exam session")
        verbose_name_plural = _("exam sessions")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="examsession_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(pass_percent__gte=1, pass_percent__lte=100),
                name="examsession_pass_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("appointments:session_detail", args=[self.pk])


class AttemptStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Not started yet")
    STARTED = "started", _("Answering")
    SUBMITTED = "submitted", _("Submitted, marking")
    MARKED = "marked", _("Marked")


class AttemptMode(models.TextChoices):
    ONLINE = "online", _("In the browser")
    PAPER = "paper", _("On paper, entered by staff")


class AttemptQuerySet(models.QuerySet):
    def for_candidate(self, user) -> "AttemptQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(case__person__user=user)


@track()
class Attempt(models.Model):
    """One candidate's paper in one session (a make-up is a new attempt)."""

    Status = AttemptStatus
    Mode = AttemptMode

    session = models.ForeignKey(
        ExamSession,
        verbose_name=_("exam session"),
        on_delete=models.PROTECT,
        related_name="attempts",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="attempts"
    )
    makeup = models.BooleanField(_("make-up exam"), default=False)
    mode = models.CharField(
        _("mode"), max_length=8, choices=AttemptMode.choices, default=AttemptMode.ONLINE
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AttemptStatus.choices,
        default=AttemptStatus.ASSIGNED,
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("handed in at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("full marks"), default=0)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("exam attempt")
        verbose_name_plural = _("exam attempts")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "case"], name="attempt_once_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AttemptStatus.values),
                name="attempt_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(mode__in=AttemptMode.values),
                name="attempt_mode_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="marked")
                | models.Q(score__isnull=False, passed__isnull=False),
                name="attempt_marked_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.case.person}"

    def deadline(self):
        """When answers stop being accepted: the time allowed or the window."""
        if self.started_at is None:
            return self.session.ends_at
        allowed = self.started_at + datetime.timedelta(
            minutes=self.session.duration_minutes
        )
        return min(allowed, self.session.ends_at)


class Answer(models.Model):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        PaperQuestion, verbose_name=_("question"), on_delete=models.PROTECT
    )
    response = BoundedTextField(_("answer"), blank=True, size="long")
    points = models.PositiveSmallIntegerField(
        _("points awarded"), null=True, blank=True
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["item__position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.item_id}"
