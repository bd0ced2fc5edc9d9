"""The standing committee's world: divisions, organisations, terms, meetings."""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionLevel(models.TextChoices):
    COUNTY = "county", _("County")
    TOWN = "town", _("Town")
    TOWNSHIP = "township", _("Township")
    SUBDISTRICT = "subdistrict", _("Sub-district")
    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")


@pghistory.track()
class Division(models.Model):
    """An administrative division (行政区划) with its official code."""

    Level = DivisionLevel

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("division code"),
        max_length=12,
        unique=True,
        help_text=_("The official statistical division code, 6 to 12 digits."),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{6,12}$"),
                name="division_code_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=DivisionLevel.values),
                name="division_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationKind(models.TextChoices):
    GENERAL_OFFICE = "general_office", _("General office")
    WORKING_BODY = "working_body", _("Working committee")
    SPECIAL_COMMITTEE = "special_committee", _("Special committee")
    GOVERNMENT = "government", _("People's government")
    GOVERNMENT_OFFICE = "government_office", _("Government general office")
    GOVERNMENT_DEPARTMENT = "government_department", _("Government department")
    SUPERVISION_COMMISSION = "supervision_commission", _("Supervision commission")
    COURT = "court", _("People's court")
    PROCURATORATE = "procuratorate", _("People's procuratorate")
    TOWNSHIP_PRESIDIUM = "township_presidium", _("Township congress presidium")
    SUBDISTRICT_COMMITTEE = (
        "subdistrict_committee",
        _("Sub-district working committee"),
    )
    VERTICAL_UNIT = "vertical_unit", _("Vertically managed unit")
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    OTHER = "other", _("Other")


@pghistory.track()
class Organization(models.Model):
    """A body the portal deals with: handling organisations, working bodies, ..."""

    Kind = OrganizationKind

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("administrative division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    is_handling_unit = models.BooleanField(
        _("handles motions and suggestions"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganizationKind.values),
                name="organization_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class Term(models.Model):
    """A term (届) of the county people's congress."""

    number = models.PositiveSmallIntegerField(_("term number"), unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_current = models.BooleanField(_("current term"), default=False)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="term_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gt=models.F("start_date")),
                name="term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return _("Term %(number)s") % {"number": self.number}


class MeetingKind(models.TextChoices):
    CONGRESS_SESSION = "congress_session", _("Session of the people's congress")
    COMMITTEE_MEETING = "committee_meeting", _("Standing committee meeting")
    COUNCIL_MEETING = "council_meeting", _("Chairpersons' council meeting")


@pghistory.track()
class Meeting(models.Model):
    """A numbered meeting within a term (会议)."""

    Kind = MeetingKind

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "kind", "number"], name="meeting_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MeetingKind.values),
                name="meeting_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return _("%(term)s, %(kind)s no. %(number)s") % {
            "term": self.term,
            "kind": self.get_kind_display(),
            "number": self.number,
        }
