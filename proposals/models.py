"""Motions and suggestions (议案/建议): one Proposal with a kind; each handling
organisation's Assignment carries its own state, and the proposal's state
follows from its assignments once it has been assigned (交办)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.choices import Satisfaction
from congress.history import track
from congress.models import TimelineEvent
from congress.models.events import EventQuerySet
from congress.text import BoundedTextField


@track()
class Category(models.Model):
    """A subject category (类别), configurable per installation."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    supervising_body = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("supervising working committee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": "working_body"},
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ProposalKind(models.TextChoices):
    MOTION = "motion", _("Motion")
    SUGGESTION = "suggestion", _("Suggestion")


class Period(models.TextChoices):
    SESSION = "session", _("During the session")
    RECESS = "recess", _("During recess")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, under review")
    RETURNED = "returned", _("Returned for revision")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REGISTERED = "registered", _("Classified and numbered")
    ASSIGNED = "assigned", _("Assigned")
    CLOSED = "closed", _("Handling closed")


class PresidiumDecision(models.TextChoices):
    ON_AGENDA = "on_agenda", _("Put on the agenda")
    REFERRED = "referred", _("Referred to a special committee")
    CONVERTED = "converted", _("Converted into a suggestion")


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProposalQuerySet":
        from proposals.access import proposals_visible_to

        return proposals_visible_to(user, self)


@track(exclude=["search_bigrams"])
class Proposal(models.Model):
    Kind = ProposalKind
    Status = ProposalStatus

    kind = models.CharField(_("kind"), max_length=16, choices=ProposalKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = BoundedTextField(_("content"), size="long")
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    term = models.ForeignKey(
        "congress.Term", verbose_name=_("term"), on_delete=models.PROTECT
    )
    period = models.CharField(_("submitted"), max_length=16, choices=Period.choices)
    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("The congress session, for items submitted during a session."),
    )
    lead_deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("lead deputy"),
        on_delete=models.PROTECT,
        related_name="led_proposals",
    )
    number = models.PositiveIntegerField(_("item number"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
    )
    return_reason = BoundedTextField(_("reason for return"), blank=True, size="short")
    presidium_decision = models.CharField(
        _("presidium decision"),
        max_length=16,
        choices=PresidiumDecision.choices,
        blank=True,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("handled together with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    is_key = models.BooleanField(_("key suggestion"), default=False)
    supervising_leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervising leaders"),
        blank=True,
        related_name="supervised_proposals",
    )
    confidential = models.BooleanField(_("confidential"), default=False)
    published = models.BooleanField(_("published"), default=False)
    look_back = models.BooleanField(_("selected for look-back"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Character bigrams of title and body: Chinese has no spaces, and pg_trgm
    # cannot use its index for two-character words such as 道路.
    search_bigrams = ArrayField(models.CharField(max_length=2), default=list)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("motion or suggestion")
        verbose_name_plural = _("motions and suggestions")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ProposalStatus.values),
                name="proposal_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ProposalKind.values),
                name="proposal_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(period__in=Period.values),
                name="proposal_period_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(presidium_decision="")
                | models.Q(presidium_decision__in=PresidiumDecision.values),
                name="proposal_presidium_decision_valid",
            ),
            # Motions, session suggestions and recess suggestions each have
            # their own sequence within a term.
            models.UniqueConstraint(
                fields=["term", "kind", "period", "number"],
                condition=models.Q(number__isnull=False),
                name="proposal_unique_number",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_bigrams"], name="proposal_bigrams"),
            models.Index(fields=["status", "-id"], name="proposal_status"),
            # The public page of published replies: its count and pages.
            models.Index(
                fields=["-id"],
                condition=models.Q(status="closed", published=True, confidential=False),
                name="proposal_published",
            ),
            # Items the presidium decided on (the office's motions page).
            models.Index(
                fields=["term"],
                condition=~models.Q(presidium_decision=""),
                name="proposal_decided",
            ),
            # Key suggestions of a term and year (the dashboard's progress).
            models.Index(
                fields=["term", "submitted_at"],
                condition=models.Q(is_key=True),
                name="proposal_key",
            ),
            # The office's look-back at key proposals (重点建议回头看).
            models.Index(
                fields=["look_back"],
                condition=models.Q(status="closed", is_key=True),
                name="proposal_key_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])


class SignerStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


@track()
class Signer(models.Model):
    """A co-signing deputy (联名代表); the lead deputy is not a Signer row."""

    Status = SignerStatus

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="signers"
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        related_name="cosigned_proposals",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SignerStatus.choices,
        default=SignerStatus.INVITED,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "deputy"], name="signer_once"),
            models.CheckConstraint(
                condition=models.Q(status__in=SignerStatus.values),
                name="signer_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.deputy_id}"


class MotionReviewStatus(models.TextChoices):
    REFERRED = "referred", _("Referred to a special committee for deliberation")
    REPORTED = "reported", _("Deliberation report made")
    RESOLVED = "resolved", _("Resolution or decision adopted")


class MotionOutcome(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DECISION = "decision", _("Decision")


@track()
class MotionReview(models.Model):
    """A motion the presidium put on the agenda (列入议程): its deliberation by
    a special committee, the committee's report (审议结果报告) and the
    resolution or decision (决议/决定) that ends it."""

    Status = MotionReviewStatus
    Outcome = MotionOutcome

    proposal = models.OneToOneField(
        Proposal,
        verbose_name=_("motion"),
        on_delete=models.CASCADE,
        related_name="motion_review",
    )
    committee = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("special committee"),
        on_delete=models.PROTECT,
        related_name="motion_reviews",
        limit_choices_to={"kind": "special_committee"},
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MotionReviewStatus.choices,
        default=MotionReviewStatus.REFERRED,
    )
    referred_on = models.DateField(_("referred on"))
    report = BoundedTextField(_("deliberation report"), blank=True, size="long")
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=MotionOutcome.choices, blank=True
    )
    outcome_title = models.CharField(
        _("title of the outcome"), max_length=200, blank=True
    )
    outcome_on = models.DateField(_("adopted on"), null=True, blank=True)
    outcome_text = BoundedTextField(_("text of the outcome"), blank=True, size="long")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("motion deliberation")
        verbose_name_plural = _("motion deliberations")
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MotionReviewStatus.values),
                name="motion_review_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="")
                | models.Q(outcome__in=MotionOutcome.values),
                name="motion_review_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="resolved")
                | (~models.Q(outcome="") & models.Q(outcome_on__isnull=False)),
                name="motion_review_resolved_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return str(self.proposal)


@track()
class LeaderInCharge(models.Model):
    """A vice head of the county government (or of another handling body) in
    charge of a portfolio (分管领导): the 交办表 names the one in charge of
    each assignment, and statistics count by leader."""

    name = models.CharField(_("name"), max_length=20)
    post = models.CharField(_("post"), max_length=50, default="副县长")
    portfolio = models.CharField(
        _("portfolio"),
        max_length=200,
        blank=True,
        help_text=_("The fields in their charge, e.g. 教育、卫生健康、文化旅游."),
    )
    organizations = models.ManyToManyField(
        "congress.Organization",
        verbose_name=_("organisations in their charge"),
        blank=True,
        related_name="leaders_in_charge",
        help_text=_("Assignments to these organisations name this leader by default."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("leader in charge")
        verbose_name_plural = _("leaders in charge")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return f"{self.post}{self.name}"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead organisation")
    CO = "co", _("Co-handling organisation")
    # 分口办理: one part of a suggestion that spans several portfolios, handled,
    # replied to the deputy, rated and counted on its own, like a lead.
    SPLIT = "split", _("Split-handling organisation")


# The roles whose organisation replies to the deputy and is rated (a lead or a
# split part); co-handling organisations answer to the lead instead.
ANSWERING_ROLES = (AssignmentRole.LEAD, AssignmentRole.SPLIT)


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned, awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted, being handled")
    CONTESTED = "contested", _("Asked to be relieved")
    REPLIED = "replied", _("Replied, awaiting rating")
    RE_HANDLING = "re_handling", _("Re-handling")
    ESCALATED = "escalated", _("Escalated for supervision")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("Relieved")


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SOLVED = "solved", _("Solved")
    CANNOT_SOLVE = "cannot_solve", _("Cannot be solved for now")


# Status groups of an assignment, named once. Services, selectors, views and
# templates use these names (or the queryset methods below), never a list of
# their own.
A_ = AssignmentStatus
# The organisation still has to act: it may be urged and it is overdue once
# its due date has passed.
AWAITING_ORGANIZATION = (A_.ASSIGNED, A_.ACCEPTED, A_.CONTESTED, A_.RE_HANDLING)
# Accepted and being handled: the organisation drafts, signs and may ask for
# an extension.
HANDLING = (A_.ACCEPTED, A_.RE_HANDLING)
# A reply has gone out: the organisation keeps recording what it did.
AFTER_REPLY = (A_.REPLIED, A_.RE_HANDLING, A_.ESCALATED, A_.DONE)
# Not finished: neither done nor relieved (the office's board).
UNFINISHED = tuple(s for s in AssignmentStatus if s not in (A_.DONE, A_.WITHDRAWN))
# The organisation may record contact with the deputy.
CONTACT_ALLOWED = (A_.ACCEPTED, A_.RE_HANDLING, A_.REPLIED, A_.ESCALATED)
# Earlier name of AWAITING_ORGANIZATION, kept for code on other branches.
OPEN_ASSIGNMENT_STATUSES = AWAITING_ORGANIZATION
# 0 while the organisation still has to act, 1 after: its work list puts
# those first (the index assignment_org_worklist sorts the same way).
AWAITING_FIRST = models.Case(
    models.When(status__in=AWAITING_ORGANIZATION, then=models.Value(0)),
    default=models.Value(1),
    output_field=models.IntegerField(),
)


class AssignmentQuerySet(models.QuerySet):
    def awaiting_organization(self) -> "AssignmentQuerySet":
        return self.filter(status__in=AWAITING_ORGANIZATION)

    # The older name: "open" is "still waiting for the organisation".
    open = awaiting_organization

    def handling(self) -> "AssignmentQuerySet":
        return self.filter(status__in=HANDLING)

    def after_reply(self) -> "AssignmentQuerySet":
        return self.filter(status__in=AFTER_REPLY)

    def unfinished(self) -> "AssignmentQuerySet":
        return self.filter(status__in=UNFINISHED)

    def overdue(self, today) -> "AssignmentQuerySet":
        return self.awaiting_organization().filter(due_date__lt=today)

    def visible_to(self, user) -> "AssignmentQuerySet":
        from proposals.access import assignments_visible_to

        return assignments_visible_to(user, self)


@track()
class Assignment(models.Model):
    """One organisation's part in handling one proposal (交办)."""

    Role = AssignmentRole
    Status = AssignmentStatus
    Implementation = ImplementationStatus

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="assignments"
    )
    organization = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("handling organisation"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=8, choices=AssignmentRole.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ASSIGNED,
    )
    assigned_on = models.DateField(_("assigned on"))
    due_date = models.DateField(_("reply due"))
    round = models.PositiveSmallIntegerField(_("handling round"), default=1)
    via_hub = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("through"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hub_assignments",
        help_text=_("The government office that coordinates government departments."),
    )
    implementation = models.CharField(
        _("implementation"),
        max_length=16,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
    )
    promised_date = models.DateField(_("promised completion"), null=True, blank=True)
    outcome_amount = models.DecimalField(
        _("outcome amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    outcome_unit = models.CharField(_("outcome unit"), max_length=20, blank=True)
    implementation_note = BoundedTextField(
        _("implementation evidence"), blank=True, size="long"
    )
    # The 交办表's people: the vice head in charge, the organisation's person
    # who handles it (领办人) and the one who supervises it (督办人).
    leader_in_charge = models.ForeignKey(
        LeaderInCharge,
        verbose_name=_("leader in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    handler = models.CharField(
        _("handler"),
        max_length=50,
        blank=True,
        help_text=_("Who handles it in the organisation (领办人), with a phone."),
    )
    supervisor = models.CharField(
        _("supervisor"),
        max_length=50,
        blank=True,
        help_text=_("Who supervises its handling (督办人)."),
    )
    part = models.CharField(
        _("part handled"),
        max_length=100,
        blank=True,
        help_text=_(
            "Split handling: the part of the suggestion this organisation handles."
        ),
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization"], name="assignment_once_per_org"
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(role="lead") & ~models.Q(status="withdrawn"),
                name="assignment_one_lead",
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__gt=models.F("assigned_on")),
                name="assignment_due_after_assigned",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AssignmentStatus.values),
                name="assignment_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=AssignmentRole.values),
                name="assignment_role_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(implementation__in=ImplementationStatus.values),
                name="assignment_implementation_valid",
            ),
            # A split part names what it handles; the other roles name none.
            models.CheckConstraint(
                condition=(models.Q(role="split") & ~models.Q(part=""))
                | (~models.Q(role="split") & models.Q(part="")),
                name="assignment_part_iff_split",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "due_date"]),
            # Open assignments by due date (the office board, overdue counts
            # in the workspaces): a few thousand of a province's 170,000.
            models.Index(
                fields=["due_date", "id"],
                condition=models.Q(status__in=UNFINISHED),
                name="assignment_open_due",
            ),
            # Those still with the organisation (the overdue counts of the
            # statistics, the dashboard and the workspaces): about a thousand.
            models.Index(
                fields=["due_date", "organization"],
                condition=models.Q(status__in=AWAITING_ORGANIZATION),
                name="assignment_awaiting_due",
            ),
            # An organisation's work list, in its order (views.org).
            models.Index(
                models.F("organization"),
                AWAITING_FIRST,
                models.F("due_date"),
                models.F("id"),
                name="assignment_org_worklist",
            ),
            # The office's counts of one open state (contested, escalated).
            models.Index(
                fields=["status"],
                condition=models.Q(status__in=UNFINISHED),
                name="assignment_open_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} → {self.organization}"

    @property
    def answers_deputy(self) -> bool:
        """A lead or a split part: replies to the deputy and is rated."""
        return self.role in ANSWERING_ROLES

    @property
    def role_label(self) -> str:
        """The role as pages show it, with the part a split one handles."""
        if not self.part:
            return self.get_role_display()
        return gettext("%(role)s (part handled: %(part)s)") % {
            "role": self.get_role_display(),
            "part": self.part,
        }

    # The status groups, for templates (which must not test statuses themselves).
    @property
    def awaits_organization(self) -> bool:
        return self.status in AWAITING_ORGANIZATION

    @property
    def is_after_reply(self) -> bool:
        return self.status in AFTER_REPLY

    @property
    def is_unfinished(self) -> bool:
        return self.status in UNFINISHED

    def overdue_on(self, today) -> bool:
        return self.awaits_organization and self.due_date < today


class ReplyCategory(models.TextChoices):
    A = "A", _("A: solved or basically solved")
    B = "B", _("B: being solved or planned")
    C = "C", _("C: cannot be solved for now, kept for reference")


class ReplyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved and sent")
    SENT_BACK = "sent_back", _("Sent back by the office")
    RETURNED = "returned", _("Returned by the head for revision")


class ReplyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReplyQuerySet":
        """Every reply that was signed and sent (those the office sent back
        too: the deputy received them) of the proposals the user sees; drafts
        only to the organisations that wrote them (never to another one)."""
        from proposals.access import organizations_acting_for

        return self.filter(
            assignment__proposal__in=Proposal.objects.visible_to(user)
        ).filter(
            models.Q(status__in=[ReplyStatus.APPROVED, ReplyStatus.SENT_BACK])
            | models.Q(assignment__organization_id__in=organizations_acting_for(user))
        )


@track()
class Reply(models.Model):
    """A reply letter (答复函) for one handling round of one assignment."""

    Category = ReplyCategory
    Status = ReplyStatus

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="replies"
    )
    round = models.PositiveSmallIntegerField(_("handling round"))
    text = BoundedTextField(_("reply"), size="long")
    reference_number = models.CharField(_("reference number"), max_length=50)
    category = models.CharField(
        _("result category"), max_length=1, choices=ReplyCategory.choices
    )
    signer = models.CharField(_("signed by"), max_length=50)
    contact = models.CharField(_("contact person and phone"), max_length=100)
    copies_to = models.CharField(_("copies to"), max_length=200, blank=True)
    promised_date = models.DateField(
        _("promised completion"),
        null=True,
        blank=True,
        help_text=_("For category B: when the matter will be solved."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReplyStatus.choices, default="draft"
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    send_back_reason = BoundedTextField(
        _("reason for sending back"), blank=True, size="short"
    )
    head_comment = BoundedTextField(
        _("the head's comments"),
        blank=True,
        size="short",
        help_text=_("Why the head returned the draft to its drafter."),
    )

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["assignment", "round", "pk"]
        constraints = [
            # One live reply per round; those sent back stay beside it.
            models.UniqueConstraint(
                fields=["assignment", "round"],
                condition=~models.Q(status="sent_back"),
                name="reply_once_per_round",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReplyStatus.values),
                name="reply_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=ReplyCategory.values),
                name="reply_category_valid",
            ),
        ]
        # Drafts awaiting the head's signature (the organisations' lists and
        # panels): a handful among a province's replies.
        indexes = [
            models.Index(
                fields=["assignment", "round"],
                condition=models.Q(status="draft"),
                name="reply_draft",
            )
        ]

    def __str__(self) -> str:
        return self.reference_number


@track()
class Contact(models.Model):
    """Contact with the deputy before replying (沟通见面)."""

    class Method(models.TextChoices):
        MEETING = "meeting", _("Face to face")
        VISIT = "visit", _("Visit")
        PHONE = "phone", _("Telephone")
        FORUM = "forum", _("Forum")
        SITE = "site", _("On-site inspection")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="contacts"
    )
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    date = models.DateField(_("date"))
    participants = models.CharField(_("who took part"), max_length=200)
    notes = BoundedTextField(_("notes"), blank=True, size="short")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("contact with the deputy")
        verbose_name_plural = _("contacts with the deputy")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    method__in=["meeting", "visit", "phone", "forum", "site"]
                ),
                name="contact_method_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.date}"


@track()
class Rating(models.Model):
    """A deputy's rating of one organisation's handling in one round."""

    Value = Satisfaction

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="ratings"
    )
    round = models.PositiveSmallIntegerField(_("handling round"))
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT
    )
    attitude = models.CharField(
        _("attitude of handling"), max_length=24, choices=Satisfaction.choices
    )
    result = models.CharField(
        _("result of handling"), max_length=24, choices=Satisfaction.choices
    )
    comment = BoundedTextField(_("comment"), blank=True, size="short")
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "round", "deputy"], name="rating_once"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    attitude__in=Satisfaction.values, result__in=Satisfaction.values
                ),
                name="rating_values_valid",
            ),
        ]
        # The ratings of a year (organisations' scores) and its first and last.
        indexes = [models.Index(fields=["rated_at"], name="rating_rated_at")]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.round}: {self.result}"


@track()
class FollowUpVisit(models.Model):
    """A return visit (回访) to the lead deputy after the item was closed:
    was what the reply promised carried out, and what the deputy says."""

    class Method(models.TextChoices):
        PHONE = "phone", _("Telephone")
        VISIT = "visit", _("Visit")
        FORUM = "forum", _("Forum")
        SITE = "site", _("On-site inspection")

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("motion or suggestion"),
        on_delete=models.CASCADE,
        related_name="follow_up_visits",
    )
    date = models.DateField(_("date"))
    visitors = models.CharField(_("who visited"), max_length=200)
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    deputy_said = BoundedTextField(_("what the deputy said"), size="short")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method__in=["phone", "visit", "forum", "site"]),
                name="follow_up_visit_method_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.date}"


class EvaluatorRole(models.TextChoices):
    LEADER = "leader", _("Standing committee leader")
    DEPUTY = "deputy", _("Deputy")
    WORKING_BODY = "working_body", _("Working committee")


@track()
class HandlingEvaluation(models.Model):
    """The handling evaluation form (测评表), filled in when the handling
    period ends by leaders, the lead deputy and the working committees."""

    EvaluatorRole = EvaluatorRole
    Value = Satisfaction
    DIMENSIONS = (
        "organization_leadership",
        "attitude",
        "communication",
        "reply_quality",
        "implementation",
        "overall",
    )

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluator_role = models.CharField(
        _("evaluator role"), max_length=16, choices=EvaluatorRole.choices
    )
    organization_leadership = models.CharField(
        _("organisational leadership"), max_length=24, choices=Satisfaction.choices
    )
    attitude = models.CharField(
        _("attitude of handling"), max_length=24, choices=Satisfaction.choices
    )
    communication = models.CharField(
        _("face-to-face communication"), max_length=24, choices=Satisfaction.choices
    )
    reply_quality = models.CharField(
        _("reply quality"), max_length=24, choices=Satisfaction.choices
    )
    implementation = models.CharField(
        _("implementation"), max_length=24, choices=Satisfaction.choices
    )
    overall = models.CharField(
        _("overall evaluation"), max_length=24, choices=Satisfaction.choices
    )
    comment = BoundedTextField(_("comment"), blank=True, size="short")
    created_at = models.DateTimeField(_("evaluated at"), default=timezone.now)

    class Meta:
        verbose_name = _("handling evaluation")
        verbose_name_plural = _("handling evaluations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "evaluator"], name="evaluation_once"
            ),
            models.CheckConstraint(
                condition=models.Q(evaluator_role__in=EvaluatorRole.values),
                name="evaluation_role_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    organization_leadership__in=Satisfaction.values,
                    attitude__in=Satisfaction.values,
                    communication__in=Satisfaction.values,
                    reply_quality__in=Satisfaction.values,
                    implementation__in=Satisfaction.values,
                    overall__in=Satisfaction.values,
                ),
                name="evaluation_grades_valid",
            ),
        ]
        # The forms of a year (the yearly assessment's evaluation part).
        indexes = [models.Index(fields=["created_at"], name="evaluation_created_at")]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.evaluator_id}: {self.overall}"


class ExtensionRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_due = models.DateField(_("requested due date"))
    reason = BoundedTextField(_("reason"), size="short")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default="pending"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "granted", "refused"]),
                name="extension_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} → {self.requested_due}"


class Urge(models.Model):
    """A chase (催办) of an organisation on an open assignment."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="urges"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("urging")
        verbose_name_plural = _("urgings")
        indexes = [models.Index(fields=["assignment", "user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.assignment_id} ← {self.user_id}"


@track()
class OrganizationScore(models.Model):
    """A handling organisation's yearly 100-point assessment (百分考核): the
    scores staff give; satisfaction and the weighted total are computed."""

    organization = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("handling organisation"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    leadership = models.DecimalField(
        _("leadership responsibility"), max_digits=5, decimal_places=2
    )
    management = models.DecimalField(
        _("organisation and management"), max_digits=5, decimal_places=2
    )
    procedure = models.DecimalField(
        _("handling procedure"), max_digits=5, decimal_places=2
    )
    note = BoundedTextField(_("note"), blank=True, size="short")
    published = models.BooleanField(_("published"), default=False)
    # Set by proposals.scores when the year is published: the year is weighed
    # by these ever after, whatever the rules say later.
    weights = models.JSONField(
        _("weights when published"), default=dict, blank=True, editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("organisation score")
        verbose_name_plural = _("organisation scores")
        ordering = ["-year", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="score_once_a_year"
            ),
            models.CheckConstraint(
                condition=models.Q(leadership__gte=0, leadership__lte=100)
                & models.Q(management__gte=0, management__lte=100)
                & models.Q(procedure__gte=0, procedure__lte=100),
                name="score_within_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class ProposalEventQuerySet(EventQuerySet):
    def visible_to(self, user) -> "ProposalEventQuerySet":
        """The events `user` may read, of proposals they may see (checked by
        the caller): an empty audience is everyone, else one of the user's
        roles, or the proposal's lead deputy when the audience names them."""
        if user.is_superuser:
            return self
        roles = [role.value for role in user.roles]
        lead = models.Q(
            audience__contains=[ProposalEvent.LEAD_DEPUTY],
            proposal__lead_deputy__user_id=user.pk,
        )
        return self.filter(
            models.Q(audience=[]) | models.Q(audience__overlap=roles) | lead
        )


class ProposalEvent(TimelineEvent):
    """The proposal's append-only timeline (a trigger refuses UPDATE and
    DELETE); each event may name its audience."""

    # In `audience`: the proposal's own lead deputy, whatever their roles.
    LEAD_DEPUTY = "proposals.lead_deputy"

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="events"
    )
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    objects = ProposalEventQuerySet.as_manager()

    class Meta(TimelineEvent.Meta):
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        indexes = [models.Index(fields=["type", "created_at"])]


# Derived tables of precomputed figures, kept in their own module.
from proposals.summary_models import (  # noqa: E402, F401
    AssignmentFigures,
    HandlingSummary,
    ProposalStateCount,
    SatisfactionSummary,
    SummaryQueue,
)
