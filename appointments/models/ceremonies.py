"""Certificates (任命书) with their print log, and oath ceremonies (宪法宣誓)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.models.cases import Case
from congress.history import track
from congress.text import BoundedTextField


@track()
class Certificate(models.Model):
    """The certificate of a passed case: numbered per year, never re-numbered."""

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    number = models.CharField(_("certificate number"), max_length=50, unique=True)
    issued_on = models.DateField(_("issued on"))
    # Fixed when issued: "决定任命" or "任命".
    wording = models.CharField(_("wording"), max_length=20)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("certificate of appointment")
        verbose_name_plural = _("certificates of appointment")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="certificate_sequence_once"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class CertificatePrint(models.Model):
    """Every printing of a certificate, the first and each reprint."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="prints"
    )
    printed_at = models.DateTimeField(_("printed at"), default=timezone.now)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("printed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reprint = models.BooleanField(_("reprint"), default=False)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("certificate printing")
        verbose_name_plural = _("certificate printings")
        ordering = ["printed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate} {self.printed_at:%Y-%m-%d}"


class OathForm(models.TextChoices):
    INDIVIDUAL = "individual", _("Alone")
    COLLECTIVE = "collective", _("Collective")


@track()
class OathCeremony(models.Model):
    """A constitutional-oath ceremony (宪法宣誓仪式)."""

    Form = OathForm

    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    presiding = models.CharField(_("presiding"), max_length=50)
    oath_leader = models.CharField(_("leading the oath"), max_length=50, blank=True)
    form = models.CharField(_("form"), max_length=16, choices=OathForm.choices)
    anthem_sung = models.BooleanField(_("national anthem sung"), default=True)
    # Copied from the rule when the ceremony is recorded.
    oath_text = BoundedTextField(_("oath text"), size="long")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("oath ceremony")
        verbose_name_plural = _("oath ceremonies")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(form__in=OathForm.values),
                name="oathceremony_form_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("appointments:ceremony_detail", args=[self.pk])


class OathAttendance(models.Model):
    ceremony = models.ForeignKey(
        OathCeremony, on_delete=models.CASCADE, related_name="attendances"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="oaths"
    )
    sworn = models.BooleanField(_("sworn"), default=True)

    class Meta:
        verbose_name = _("oath attendance")
        verbose_name_plural = _("oath attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["ceremony", "case"], name="oathattendance_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ceremony} · {self.case.person}"
