"""Interpellations (质询案): signed by enough committee members against an
organisation, answered orally at a meeting or in writing, and concluded with
the members' view of the answer. The appointments app drafts one when an
official fails a second appraisal (supervision.interpellations)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.roles import Role
from congress.text import BoundedTextField


class InterpellationStatus(models.TextChoices):
    DRAFT = "draft", _("Collecting signatures")
    SUBMITTED = "submitted", _("Submitted")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AnswerMode(models.TextChoices):
    ORAL = "oral", _("Orally at a meeting")
    WRITTEN = "written", _("In writing")


class InterpellationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InterpellationQuerySet":
        """Committee members, staff, leaders and viewers: all; the
        organisation addressed: once submitted."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(Role.OFFICE, Role.LEADER, Role.VIEWER, Role.MEMBER):
            return self
        if user.has_role(Role.ORG_LIAISON, Role.ORG_HEAD) and user.organization_id:
            return self.filter(organization_id=user.organization_id).exclude(
                status__in=[InterpellationStatus.DRAFT, InterpellationStatus.WITHDRAWN]
            )
        return self.none()


@track()
class Interpellation(models.Model):
    Status = InterpellationStatus
    Mode = AnswerMode

    organization = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("organisation addressed"),
        on_delete=models.PROTECT,
        related_name="interpellations",
    )
    subject = models.CharField(_("subject"), max_length=200)
    reason = BoundedTextField(_("questions and reasons"), size="long")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InterpellationStatus.choices,
        default=InterpellationStatus.DRAFT,
    )
    # What led to it: an escalated supervision item, an appraisal of the
    # appointments app, ...
    item = models.ForeignKey(
        "supervision.Item",
        verbose_name=_("supervision item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpellations",
    )
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_mode = models.CharField(
        _("answered"), max_length=16, choices=AnswerMode.choices, blank=True
    )
    answered_by = models.CharField(_("answered by"), max_length=100, blank=True)
    answer = BoundedTextField(_("answer"), blank=True, size="long")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    satisfied = models.BooleanField(
        _("members satisfied with the answer"), null=True, blank=True
    )
    conclusion = BoundedTextField(_("conclusion"), blank=True, size="long")

    objects = InterpellationQuerySet.as_manager()

    class Meta:
        verbose_name = _("interpellation")
        verbose_name_plural = _("interpellations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InterpellationStatus.values),
                name="supervision_interpellation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(answer_mode="") | Q(answer_mode__in=AnswerMode.values),
                name="supervision_interpellation_mode_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["answered", "closed"]) | ~Q(answer=""),
                name="supervision_interpellation_answered_with_text",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("supervision:interpellation_detail", args=[self.pk])


class Signature(models.Model):
    """A committee member's signature (联名) on an interpellation."""

    interpellation = models.ForeignKey(
        Interpellation, on_delete=models.CASCADE, related_name="signatures"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["interpellation", "member"],
                name="supervision_signature_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.interpellation_id}/{self.member_id}"
