"""Supervision (监督): the year's plan and its items, the 审议意见书 with its
checklist, the organisation's handling reports and the satisfaction votes.

Only the services in supervision.services change `status` fields; the maps
they enforce are in supervision.workflow.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.models import TimelineEvent
from congress.roles import Role
from congress.text import BoundedTextField


class Form(models.TextChoices):
    """The form of a supervision item (监督形式)."""

    WORK_REPORT = "work_report", _("Special work report")
    LAW_INSPECTION = "law_inspection", _("Law-enforcement inspection")
    INSPECTION_TOUR = "inspection_tour", _("Inspection tour or research")
    INQUIRY = "inquiry", _("Special inquiry")
    APPRAISAL = "appraisal", _("Work appraisal")
    BUDGET_REVIEW = "budget_review", _("Budget and final-accounts review")
    AUDIT_RECTIFICATION = "audit_rectification", _("Audit rectification report")
    FILING_REVIEW = "filing_review", _("Filing review")
    MAJOR_DECISION = "major_decision", _("Major-matter decision")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PREPARING = "preparing", _("Preparing")
    DELIBERATED = "deliberated", _("Deliberated")
    OPINION_SENT = "opinion_sent", _("Opinions sent")
    REPORTED = "reported", _("Handling reported")
    VOTING = "voting", _("Satisfaction vote")
    RECTIFYING = "rectifying", _("Rectification")
    ESCALATED = "escalated", _("Referred to the chairpersons' meeting")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses in which the organisation has been told of the item.
ORG_VISIBLE = [
    ItemStatus.PREPARING,
    ItemStatus.DELIBERATED,
    ItemStatus.OPINION_SENT,
    ItemStatus.REPORTED,
    ItemStatus.VOTING,
    ItemStatus.RECTIFYING,
    ItemStatus.ESCALATED,
    ItemStatus.CLOSED,
]
OPEN_STATUSES = [
    s for s in ItemStatus.values if s not in (ItemStatus.CLOSED, ItemStatus.CANCELLED)
]


@track()
class Plan(models.Model):
    """The year's supervision plan (年度监督工作计划 / 工作要点)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1980) & Q(year__lte=2200),
                name="supervision_plan_year_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ItemQuerySet":
        """Staff, leaders, viewers and members: every item; an organisation's
        liaison or head: its own items once it was told of them; a deputy:
        the items they take part in."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER):
            return self
        query = Q(pk__in=[])
        if user.has_role(Role.ORG_LIAISON, Role.ORG_HEAD) and user.organization_id:
            query |= Q(organization_id=user.organization_id, status__in=ORG_VISIBLE)
        if user.has_role(Role.DEPUTY):
            query |= Q(deputies__user=user)
        return self.filter(pk__in=self.filter(query).values("pk"))

    def open(self) -> "ItemQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


@track()
class Item(models.Model):
    """One supervision item (监督事项) of the plan, in any form."""

    Form = Form
    Status = ItemStatus

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="items"
    )
    form = models.CharField(_("form"), max_length=32, choices=Form.choices)
    topic = models.CharField(_("topic"), max_length=200)
    description = BoundedTextField(_("description"), blank=True, size="long")
    law = models.CharField(
        _("law or regulation"),
        max_length=200,
        blank=True,
        help_text=_("For law-enforcement inspections: the law inspected."),
    )
    working_body = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("working body in charge"),
        on_delete=models.PROTECT,
        related_name="supervision_led",
        limit_choices_to={"kind__in": ["working_body", "general_office"]},
    )
    organization = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("organisation supervised"),
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    planned_month = models.PositiveSmallIntegerField(
        _("planned month"), null=True, blank=True
    )
    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("committee members taking part"),
        blank=True,
        related_name="supervision_items",
    )
    deputies = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("deputies taking part"),
        blank=True,
        related_name="supervision_items",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ItemStatus.choices,
        default=ItemStatus.PLANNED,
    )
    review_round = models.PositiveSmallIntegerField(_("review round"), default=1)
    # The statutory clock (set when preparation starts, from the rules).
    report_due_on = models.DateField(_("report due to the working body"), null=True)
    revised_due_on = models.DateField(_("revised report due"), null=True)
    circulate_on = models.DateField(_("report to members by"), null=True)
    report_received_on = models.DateField(_("report received on"), null=True)
    revised_received_on = models.DateField(_("revised report received on"), null=True)
    circulated_on = models.DateField(_("sent to members on"), null=True)
    deliberation = BoundedTextField(_("members' deliberation"), blank=True, size="long")
    rectification_due_on = models.DateField(_("rectification due"), null=True)
    # 电视网络问政: an inquiry that takes the public's questions beforehand
    # (supervision.public) and rates the answers on site.
    public_questions = models.BooleanField(
        _("open to the public's questions (TV and online questioning)"),
        default=False,
    )
    onsite_ballot = models.ForeignKey(
        "congress.Ballot",
        verbose_name=_("on-site satisfaction vote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    flagged_for_council = models.BooleanField(
        _("flagged for the chairpersons' meeting"), default=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        ordering = ["plan", "planned_month", "pk"]
        indexes = [models.Index(fields=["status", "plan"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values),
                name="supervision_item_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(form__in=Form.values), name="supervision_item_form_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_month__isnull=True)
                | (Q(planned_month__gte=1) & Q(planned_month__lte=12)),
                name="supervision_item_month_range",
            ),
            models.CheckConstraint(
                condition=Q(review_round__in=[1, 2]),
                name="supervision_item_round_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("supervision:item_detail", args=[self.pk])


EVENT_LABELS = {
    "supervision.planned": _("Put in the year's plan"),
    "supervision.updated": _("Particulars changed"),
    "supervision.preparing": _("Preparation started; report requested"),
    "supervision.report_received": _("Work report received"),
    "supervision.revised_received": _("Revised work report received"),
    "supervision.circulated": _("Report sent to the members"),
    "supervision.deliberated": _("Heard and deliberated at the meeting"),
    "supervision.cancelled": _("Cancelled"),
    "supervision.visited": _("Inspection visit recorded"),
    "supervision.questioned": _("Inquiry question recorded"),
    "supervision.closed": _("Closed"),
    "supervision.opinion_drafted": _("Opinions drafted"),
    "supervision.opinion_revised": _("Draft opinions revised"),
    "supervision.opinion_agreed": _("Opinions agreed by the chairpersons' meeting"),
    "supervision.opinion_sent": _("Opinions sent to the organisation"),
    "supervision.point_answered": _("A point was answered"),
    "supervision.point_closed": _("A point was closed"),
    "supervision.reported": _("Handling report submitted"),
    "supervision.vote_created": _("Satisfaction vote prepared"),
    "supervision.vote_passed": _("Satisfaction vote passed"),
    "supervision.rectification": _("Vote below the threshold: rectification ordered"),
    "supervision.onsite_passed": _("On-site satisfaction vote passed"),
    "supervision.onsite_failed": _(
        "On-site vote below the threshold: rectification by a deadline"
    ),
    "supervision.escalated": _(
        "Second vote below the threshold: referred to the chairpersons' meeting"
    ),
}


class ItemEvent(TimelineEvent):
    """The item's append-only timeline."""

    item = models.ForeignKey(
        Item,
        verbose_name=_("supervision item"),
        on_delete=models.CASCADE,
        related_name="events",
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = _("supervision item event")
        verbose_name_plural = _("supervision item events")

    @property
    def label(self) -> str:
        label = EVENT_LABELS.get(self.type, self.type)
        if "point" in self.data:
            return f"{label} ({self.data['point']})"
        return label


class OpinionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed by the chairpersons' meeting")
    SENT = "sent", _("Sent")


class OpinionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OpinionQuerySet":
        """Drafts: office staff (the working bodies) and leaders only; once
        sent, whoever sees the item."""
        if user.has_role(Role.OFFICE, Role.LEADER):
            # They see every item: no subquery needed.
            return self.all()
        return self.filter(
            status=OpinionStatus.SENT, item__in=Item.objects.visible_to(user)
        )


@track()
class Opinion(models.Model):
    """The 审议意见书: a checklist of concrete points for the organisation."""

    Status = OpinionStatus

    item = models.OneToOneField(
        Item,
        verbose_name=_("supervision item"),
        on_delete=models.CASCADE,
        related_name="opinion",
    )
    doc_number = models.CharField(_("document number"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200)
    preamble = BoundedTextField(_("preamble"), size="long")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OpinionStatus.choices,
        default=OpinionStatus.DRAFT,
    )
    council_meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("chairpersons' meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    handling_due_on = models.DateField(_("handling report due"), null=True, blank=True)

    objects = OpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("deliberation opinion")
        verbose_name_plural = _("deliberation opinions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OpinionStatus.values),
                name="supervision_opinion_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=OpinionStatus.SENT)
                | Q(sent_on__isnull=False, handling_due_on__isnull=False),
                name="supervision_opinion_sent_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PointStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class PointQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PointQuerySet":
        return self.filter(opinion__in=Opinion.objects.visible_to(user))

    def open(self) -> "PointQuerySet":
        return self.exclude(status=PointStatus.CLOSED)


@track()
class OpinionPoint(models.Model):
    """One point of the 审议意见书, answered by the organisation (逐条整改)."""

    Status = PointStatus

    opinion = models.ForeignKey(
        Opinion,
        verbose_name=_("deliberation opinion"),
        on_delete=models.CASCADE,
        related_name="points",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = BoundedTextField(_("opinion"), size="long")
    status = models.CharField(
        _("status"), max_length=16, choices=PointStatus.choices, default="open"
    )
    answer = BoundedTextField(_("what was done"), blank=True, size="long")
    evidence = BoundedTextField(_("evidence"), blank=True, size="long")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = BoundedTextField(_("staff decision"), blank=True, size="long")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = PointQuerySet.as_manager()

    class Meta:
        verbose_name = _("opinion point")
        verbose_name_plural = _("opinion points")
        ordering = ["opinion", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["opinion", "number"], name="supervision_point_number_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PointStatus.values),
                name="supervision_point_status_valid",
            ),
            # 不经答复或工作机构决定，不得销号.
            models.CheckConstraint(
                condition=~Q(status=PointStatus.CLOSED)
                | ~Q(answer="")
                | ~Q(decision=""),
                name="supervision_point_closed_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class HandlingReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HandlingReportQuerySet":
        return self.filter(item__in=Item.objects.visible_to(user))


@track()
class HandlingReport(models.Model):
    """The organisation's report on its handling (研究处理情况报告) or, in the
    second round, on its rectification (整改情况报告)."""

    item = models.ForeignKey(
        Item,
        verbose_name=_("supervision item"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    review_round = models.PositiveSmallIntegerField(_("review round"))
    summary = BoundedTextField(_("report"), size="long")
    due_on = models.DateField(_("due on"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late = models.BooleanField(_("submitted late"), default=False)

    objects = HandlingReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("handling report")
        verbose_name_plural = _("handling reports")
        ordering = ["item", "review_round"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "review_round"], name="supervision_report_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.review_round})"

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class ItemVote(models.Model):
    """A satisfaction vote on an item's handling report; the second vote
    points back to the first (再次测评)."""

    item = models.ForeignKey(
        Item,
        verbose_name=_("supervision item"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    report = models.OneToOneField(
        HandlingReport,
        verbose_name=_("handling report"),
        on_delete=models.CASCADE,
        related_name="vote",
    )
    ballot = models.OneToOneField(
        "congress.Ballot",
        verbose_name=_("ballot"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_round = models.PositiveSmallIntegerField(_("review round"))
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous vote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_vote",
    )

    class Meta:
        verbose_name = _("satisfaction vote")
        verbose_name_plural = _("satisfaction votes")
        ordering = ["item", "review_round"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "review_round"], name="supervision_vote_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.review_round})"
