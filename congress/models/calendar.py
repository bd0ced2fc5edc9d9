import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


@pghistory.track()
class CalendarOverride(models.Model):
    """An official adjustment entered by staff; wins over the holiday packages."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: an adjusted working day (调休上班); unticked: a holiday."),
    )
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("calendar adjustment")
        verbose_name_plural = _("calendar adjustments")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"


@pghistory.track()
class CalendarYear(models.Model):
    """A year whose official holidays and adjustments staff have confirmed."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("confirmed calendar year")
        verbose_name_plural = _("confirmed calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)
