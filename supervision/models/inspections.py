"""Law-enforcement inspections and inspection tours (执法检查、视察调研): the
places visited with their dates and what was found there. Findings are the
material of the item's 审议意见书, whose points the organisation answers one
by one (跟踪问效); each visit enters the taking-part deputies' files."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.text import BoundedTextField


@track()
class Visit(models.Model):
    item = models.ForeignKey(
        "supervision.Item",
        verbose_name=_("supervision item"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place visited"), max_length=200)
    note = BoundedTextField(_("what was done"), blank=True, size="long")

    class Meta:
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        ordering = ["item", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.place}"


@track()
class Finding(models.Model):
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("inspection visit"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    text = BoundedTextField(_("problem found"), size="long")

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


@track()
class InquiryQuestion(models.Model):
    """A question put at a special inquiry (专题询问 / 电视网络问政) and its
    answer; a commitment made in the answer becomes a point of the item's
    审议意见书, tracked like every other point."""

    item = models.ForeignKey(
        "supervision.Item",
        verbose_name=_("supervision item"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    asked_by = models.CharField(_("asked by"), max_length=100)
    question = BoundedTextField(_("question"), size="long")
    respondent = models.CharField(_("answered by (name and post)"), max_length=100)
    answer = BoundedTextField(_("answer"), blank=True, size="long")
    commitment = BoundedTextField(_("commitment made"), blank=True, size="short")

    class Meta:
        verbose_name = _("inquiry question")
        verbose_name_plural = _("inquiry questions")
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "number"], name="supervision_question_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.question[:30]}"
