"""Cases (任免案), batches, the installation's step orders and checklists,
people, posts and the register of office-holders (任职记录)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.models import Organization
from congress.text import BoundedTextField


class CaseType(models.TextChoices):
    APPOINT = "appoint", _("Appointment")
    DECIDE = "decide", _("Decision on appointment")
    ASSESSOR = "assessor", _("People's assessor appointment")
    ACTING = "acting", _("Acting post")
    REMOVE = "remove", _("Removal")
    RESIGN = "resign", _("Acceptance of resignation")
    DISMISS = "dismiss", _("Dismissal")


# Case types that put someone into a post; the others end a tenure.
APPOINTING_TYPES = (
    CaseType.APPOINT,
    CaseType.DECIDE,
    CaseType.ASSESSOR,
    CaseType.ACTING,
)
# The exam gate never applies to these (removals and acting posts).
NO_EXAM_TYPES = (CaseType.ACTING, CaseType.REMOVE, CaseType.RESIGN, CaseType.DISMISS)


class Step(models.TextChoices):
    """The steps an installation may put in a case type's order."""

    SUBMISSION = "submission", _("Submission")
    REVIEW = "review", _("Pre-appointment review")
    INTERVIEW = "interview", _("Pre-appointment interview")
    EXAM = "exam", _("Legal-knowledge exam")
    INTRODUCTION = "introduction", _("Introduction of the nominee")
    STATEMENT = "statement", _("Statement on taking office")
    VOTE = "vote", _("Vote by the committee")
    CERTIFICATE = "certificate", _("Certificate")
    OATH = "oath", _("Constitutional oath")


# Steps before the vote; certificate and oath come after it.
PRE_VOTE_STEPS = (
    Step.SUBMISSION,
    Step.REVIEW,
    Step.INTERVIEW,
    Step.EXAM,
    Step.INTRODUCTION,
    Step.STATEMENT,
)
POST_VOTE_STEPS = (Step.CERTIFICATE, Step.OATH)


class CaseStatus(models.TextChoices):
    """The step a case is at, or how it ended."""

    SUBMISSION = Step.SUBMISSION.value, _("Submitted for appointment")
    REVIEW = Step.REVIEW.value, _("Under pre-appointment review")
    INTERVIEW = Step.INTERVIEW.value, _("Interview")
    EXAM = Step.EXAM.value, _("Legal-knowledge exam")
    POSTPONED = "postponed", _("Appointment postponed")
    INTRODUCTION = Step.INTRODUCTION.value, _("Introduction of the nominee")
    STATEMENT = Step.STATEMENT.value, _("Statement on taking office")
    VOTE = Step.VOTE.value, _("Awaiting the vote")
    CERTIFICATE = Step.CERTIFICATE.value, _("Awaiting the certificate")
    OATH = Step.OATH.value, _("Awaiting the oath")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Not passed by the vote")
    WITHDRAWN = "withdrawn", _("Withdrawn")


CLOSED_STATUSES = (CaseStatus.COMPLETED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN)
# Once voted, a nominee's file is no longer a work secret.
VOTED_STATUSES = (
    CaseStatus.CERTIFICATE,
    CaseStatus.OATH,
    CaseStatus.COMPLETED,
    CaseStatus.REJECTED,
)

DEFAULT_STEP_ORDERS = {
    CaseType.APPOINT: [
        "submission",
        "review",
        "exam",
        "introduction",
        "statement",
        "vote",
        "certificate",
        "oath",
    ],
    CaseType.DECIDE: [
        "submission",
        "review",
        "exam",
        "introduction",
        "statement",
        "vote",
        "certificate",
        "oath",
    ],
    CaseType.ASSESSOR: ["submission", "review", "vote", "certificate", "oath"],
    CaseType.ACTING: ["submission", "review", "vote", "oath"],
    CaseType.REMOVE: ["submission", "review", "vote"],
    CaseType.RESIGN: ["submission", "review", "vote"],
    CaseType.DISMISS: ["submission", "review", "vote"],
}


@track()
class StepOrder(models.Model):
    """The installation's order of steps for one case type (counties differ)."""

    case_type = models.CharField(
        _("case type"), max_length=16, choices=CaseType.choices, unique=True
    )
    steps = ArrayField(
        models.CharField(max_length=16, choices=Step.choices),
        verbose_name=_("steps in order"),
        help_text=_("Comma-separated step keys, e.g. submission,review,exam,vote."),
    )

    class Meta:
        verbose_name = _("step order")
        verbose_name_plural = _("step orders")
        ordering = ["case_type"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case_type__in=CaseType.values),
                name="steporder_case_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(steps__contained_by=Step.values)
                & models.Q(steps__contains=[Step.VOTE.value]),
                name="steporder_steps_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_case_type_display())

    def clean(self) -> None:
        from appointments.services.cases import validate_step_order

        validate_step_order(self.case_type, self.steps or [])


@track()
class ChecklistItem(models.Model):
    """A pre-appointment check the installation requires before the vote."""

    name = models.CharField(_("name"), max_length=100)
    case_types = ArrayField(
        models.CharField(max_length=16, choices=CaseType.choices),
        verbose_name=_("case types"),
        help_text=_("Comma-separated case-type keys it applies to."),
    )
    organization_kinds = ArrayField(
        models.CharField(max_length=32, choices=Organization.Kind.choices),
        verbose_name=_("only for posts in organisations of kind"),
        blank=True,
        default=list,
        help_text=_("Empty: every organisation."),
    )
    with_dates = models.BooleanField(
        _("asks for a period"),
        default=False,
        help_text=_("For a public notice: the first and last day."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case_types__contained_by=CaseType.values),
                name="checklistitem_case_types_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AppointmentForm(models.TextChoices):
    APPOINT = "appoint", _("Appointed (任命)")
    DECIDE = "decide", _("Decided (决定任命)")


@track()
class Post(models.Model):
    """A post (职务) the committee fills, in an organisation."""

    Form = AppointmentForm

    name = models.CharField(_("post"), max_length=100)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="appointment_posts",
    )
    form = models.CharField(
        _("form of appointment"),
        max_length=16,
        choices=AppointmentForm.choices,
        default=AppointmentForm.APPOINT,
        help_text=_("Decides the certificate's wording."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="post_unique_in_organization"
            ),
            models.CheckConstraint(
                condition=models.Q(form__in=AppointmentForm.values),
                name="post_form_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.short_name or self.organization.name}{self.name}"


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


@track()
class Person(models.Model):
    """A nominee or office-holder; `user` is their login as a candidate."""

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(
        _("gender"), max_length=8, choices=Gender.choices, blank=True
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    current_post = models.CharField(_("current post"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointee",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gender__in=[*Gender.values, ""]),
                name="person_gender_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("appointments:person_detail", args=[self.pk])


@track()
class Batch(models.Model):
    """Cases handled together (a meeting's appointments, 20 assessors)."""

    title = models.CharField(_("title"), max_length=200)
    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointment_batches",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("appointments:batch_detail", args=[self.pk])


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        from appointments.access import cases_visible_to

        return cases_visible_to(user, self)

    def open(self) -> "CaseQuerySet":
        return self.exclude(status__in=CLOSED_STATUSES)


@track()
class Case(models.Model):
    """One appointment or removal (任免案) of one person to or from one post."""

    Type = CaseType
    Status = CaseStatus

    case_type = models.CharField(
        _("case type"), max_length=16, choices=CaseType.choices
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="cases"
    )
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    nominating_body = models.ForeignKey(
        Organization,
        verbose_name=_("nominating body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    letter_number = models.CharField(_("letter reference"), max_length=50, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointment_cases",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, db_index=True
    )
    # Copied from the installation's order when the case is created, so a
    # later change of the order does not reroute running cases.
    steps = ArrayField(
        models.CharField(max_length=16, choices=Step.choices),
        verbose_name=_("steps in order"),
    )
    ends_tenure = models.ForeignKey(
        "appointments.Tenure",
        verbose_name=_("tenure ended"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For removals and resignations: the post held."),
    )
    introduction = BoundedTextField(_("introduction"), blank=True, size="long")
    statement = BoundedTextField(
        _("statement on taking office"), blank=True, size="long"
    )
    ballot = models.OneToOneField(
        "congress.Ballot",
        verbose_name=_("ballot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointment_case",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    oath_due_on = models.DateField(_("oath due by"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment case")
        verbose_name_plural = _("appointment cases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case_type__in=CaseType.values),
                name="case_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CaseStatus.values),
                name="case_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(steps__contained_by=Step.values),
                name="case_steps_valid",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.post}"

    def get_absolute_url(self) -> str:
        return reverse("appointments:case_detail", args=[self.pk])

    def step_labels(self) -> list[tuple[str, str]]:
        return [(step, Step(step).label) for step in self.steps]

    @property
    def exam_required(self) -> bool:
        return Step.EXAM in self.steps

    @property
    def is_appointing(self) -> bool:
        return self.case_type in APPOINTING_TYPES

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


@track()
class CaseCheck(models.Model):
    """One checklist item of one case, done or not."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.PROTECT
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pre-appointment check")
        verbose_name_plural = _("pre-appointment checks")
        ordering = ["item__sort_order", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "item"], name="casecheck_once"),
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="casecheck_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.item)


@track()
class Tenure(models.Model):
    """The register of office-holders: who holds which post since when."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="tenures",
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="tenures"
    )
    acting = models.BooleanField(_("acting"), default=False)
    start_date = models.DateField(_("since"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        Case,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_by = models.ForeignKey(
        Case,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tenure")
        verbose_name_plural = _("tenures")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="tenure_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["end_date", "post"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.post}"


@track()
class AppointmentSettings(models.Model):
    """The installation's settings row (one row): who keeps the files, how
    certificates are numbered and printed."""

    personnel_body = models.ForeignKey(
        Organization,
        verbose_name=_("personnel working committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Office staff of this working body keep the nominees' files; "
            "empty: all office staff."
        ),
    )
    issuer = models.CharField(
        _("issuing authority"), max_length=100, default="县人民代表大会常务委员会"
    )
    number_prefix = models.CharField(
        _("certificate number prefix"), max_length=20, default="任字"
    )
    offset_x_mm = models.DecimalField(
        _("horizontal print offset (mm)"), max_digits=5, decimal_places=1, default=0
    )
    offset_y_mm = models.DecimalField(
        _("vertical print offset (mm)"), max_digits=5, decimal_places=1, default=0
    )
    on_card = models.BooleanField(
        _("print onto pre-printed cards"),
        default=False,
        help_text=_("Leave out the frame, title and seal circle printed on the card."),
    )

    class Meta:
        verbose_name = _("appointment settings")
        verbose_name_plural = _("appointment settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="appointmentsettings_single_row"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Appointment settings"))

    def save(self, *args, **kwargs) -> None:
        from django.core.cache import cache
        from django.db import transaction

        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(self.CACHE_KEY))

    CACHE_KEY = "appointments:settings"

    @classmethod
    def load(cls) -> "AppointmentSettings":
        """The row, from the cache (it is read on every workspace and file)."""
        from django.core.cache import cache

        row = cache.get(cls.CACHE_KEY)
        if row is None:
            row = cls.objects.get_or_create(pk=1)[0]
            cache.set(cls.CACHE_KEY, row, 300)
        return row
