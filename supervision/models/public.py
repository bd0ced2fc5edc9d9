"""Questions from the public for TV and online questioning (电视网络问政):
submitted on the portal's public pages (linked from every public page and
the liaison stations' pages), moderated by the working body, and the
accepted ones put to the named officials at the session, where they become
the inquiry's recorded questions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.text import BoundedTextField


class PublicQuestionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    ASKED = "asked", _("Asked at the session")


@track()
class PublicQuestion(models.Model):
    Status = PublicQuestionStatus

    item = models.ForeignKey(
        "supervision.Item",
        verbose_name=_("supervision item"),
        on_delete=models.CASCADE,
        related_name="public_questions_received",
    )
    citizen_name = models.CharField(_("name"), max_length=50, blank=True)
    # Kept for the working body only, never shown publicly.
    citizen_phone = models.CharField(_("phone"), max_length=20)
    question = BoundedTextField(_("question"), size="short")
    submitted_at = models.DateTimeField(_("submitted at"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PublicQuestionStatus.choices,
        default=PublicQuestionStatus.PENDING,
    )
    moderation_note = models.CharField(_("moderation note"), max_length=200, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asked_as = models.OneToOneField(
        "supervision.InquiryQuestion",
        verbose_name=_("recorded as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_question",
    )

    class Meta:
        verbose_name = _("question from the public")
        verbose_name_plural = _("questions from the public")
        ordering = ["item", "submitted_at", "pk"]
        indexes = [models.Index(fields=["item", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PublicQuestionStatus.values),
                name="supervision_public_question_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="asked") | Q(asked_as__isnull=False),
                name="supervision_public_question_asked_recorded",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:40]
