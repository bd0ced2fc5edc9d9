"""Law-enforcement inspections and inspection tours (执法检查、视察调研): the
places visited with their dates and what was found there. Findings are the
material of the item's 审议意见书, whose points the organisation answers one
by one (跟踪问效); each visit enters the taking-part deputies' files."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from congress.history import track


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
    note = models.TextField(_("what was done"), max_length=4000, blank=True)

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
    text = models.TextField(_("problem found"), max_length=4000)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return self.text[:40]
