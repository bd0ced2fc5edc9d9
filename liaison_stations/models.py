"""Liaison stations (代表联络站): stations and their standard, duty rosters,
receptions and citizens' issues, online messages and bookings, activities.

Station managers are granted their station through django-guardian
(`liaison_stations.manage_station`), checked only in `liaison_stations.access`.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.models import TimelineEvent
from congress.text import BoundedTextField

# Choices ---------------------------------------------------------------------


class StationType(models.TextChoices):
    TOWNSHIP = "township", _("Township-level station")
    VILLAGE = "village", _("Village or constituency station")
    SUBDISTRICT = "subdistrict", _("Sub-district station")
    HIGHER_LEVEL = "higher_level", _("Station for municipal deputies")
    COUNTY_ORGANS = "county_organs", _("Station at the county congress offices")
    DEPUTIES_HOME = "deputies_home", _("Deputies' home or workstation")
    COMMUNITY_ROOM = "community_room", _("Community liaison room")
    CONTACT_POINT = "contact_point", _("Community contact point")
    AREA_STUDIO = "area_studio", _("Area studio")
    COURT_ROOM = "court_room", _("Court or procuratorate liaison room")


class DutyKind(models.TextChoices):
    RECEPTION_DAY = "reception_day", _("Reception day")
    SITTING = "sitting", _("Sitting duty")
    ACTIVITY_DAY = "activity_day", _("Activity day")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly on fixed days")
    WEEKLY = "weekly", _("Weekly on a weekday")


class HolidayPolicy(models.TextChoices):
    SHIFT = "shift", _("Move to the next working day")
    SKIP = "skip", _("Skip the day")


class SlotStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class DutyStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR code scanned at the station")
    MANAGER = "manager", _("Confirmed by the station manager")


class SwapStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CheckStatus(models.TextChoices):
    NOT_MET = "not_met", _("Not met")
    SELF_CHECKED = "self_checked", _("Met (self-check)")
    ACCEPTED = "accepted", _("Accepted by the office")
    REJECTED = "rejected", _("Not accepted by the office")


class ReceptionKind(models.TextChoices):
    SITTING = "sitting", _("Sitting duty")
    BOOKED = "booked", _("Booked reception")
    VOTER_MEETING = "voter_meeting", _("Meeting with voters")
    ENTERPRISE_MEETING = "enterprise_meeting", _("Joint meeting with enterprises")
    VISIT = "visit", _("Home visit")


class IssueSource(models.TextChoices):
    RECEPTION = "reception", _("Raised at a reception")
    ONLINE = "online", _("Online message")


class IssueCategory(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", _("Roads, water and infrastructure")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health and elderly care")
    SOCIAL = "social", _("Social security and employment")
    ENVIRONMENT = "environment", _("Environment and village upkeep")
    AGRICULTURE = "agriculture", _("Agriculture")
    ECONOMY = "economy", _("Business environment")
    LAW = "law", _("Law, disputes and public security")
    OTHER = "other", _("Other")


class IssueStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    REFERRED = "referred", _("Referred to an organisation")
    PASSED_UP = "passed_up", _("Passed to a higher-level deputy")
    SUGGESTION = "suggestion", _("To become a deputy's suggestion")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    SCREENED_OUT = "screened_out", _("Not accepted")


class Routing(models.TextChoices):
    SOLVED_ON_SPOT = "solved_on_spot", _("Solved on the spot")
    REFERRED = "referred", _("Referred to an organisation")
    PASSED_UP = "passed_up", _("Passed to a higher-level deputy")
    SUGGESTION = "suggestion", _("Turned into a deputy's suggestion")
    SCREENED_OUT = "screened_out", _("Not accepted")


class Feedback(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    DISSATISFIED = "dissatisfied", _("Not satisfied")


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class ActivityKind(models.TextChoices):
    STUDY = "study", _("Study and training")
    INSPECTION = "inspection", _("Inspection")
    RESEARCH = "research", _("Research")
    FORUM = "forum", _("Forum")
    OFFICIALS = "officials", _("Officials meeting deputies and voters")
    OTHER = "other", _("Other")


# Stations ---------------------------------------------------------------------


def default_opening() -> datetime.time:
    return datetime.time(8, 30)


def default_closing() -> datetime.time:
    return datetime.time(17, 30)


class StationQuerySet(models.QuerySet):
    def active(self) -> "StationQuerySet":
        return self.filter(is_active=True)


@track()
class Station(models.Model):
    """A liaison station: where deputies meet the people they represent."""

    Type = StationType

    name = models.CharField(_("name"), max_length=100, unique=True)
    type = models.CharField(_("station type"), max_length=20, choices=Type.choices)
    division = models.ForeignKey(
        "congress.Division",
        verbose_name=_("administrative division"),
        on_delete=models.PROTECT,
        related_name="stations",
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    phone = models.CharField(_("station telephone"), max_length=20, blank=True)
    opens_at = models.TimeField(_("opens at"), default=default_opening)
    closes_at = models.TimeField(_("closes at"), default=default_closing)
    hours_note = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        help_text=_("As announced to the public, e.g. “工作日 8:30–17:30”."),
    )
    rules_text = BoundedTextField(
        _("station rules (on the wall)"), blank=True, size="long"
    )
    chief = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("station chief"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deputy_chiefs = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("deputy chiefs"),
        blank=True,
        related_name="+",
    )
    liaison_staff = models.CharField(_("liaison staff"), max_length=200, blank=True)
    deputies = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("deputies based at the station"),
        through="StationMembership",
        related_name="stations",
        blank=True,
    )
    accepted_on = models.DateField(
        _("accepted by the office on"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    public_version = models.PositiveIntegerField(
        _("public version"),
        default=0,
        help_text=_("Raised on every publication; public pages are cached by it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("liaison station")
        verbose_name_plural = _("liaison stations")
        ordering = ["division__code", "name"]
        permissions = [("manage_station", _("Manage the station"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=StationType.values), name="station_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="station_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90),
                name="station_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | Q(longitude__gte=-180, longitude__lte=180),
                name="station_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("liaison_stations:public_station", args=[self.pk])

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class StationMembership(models.Model):
    """A deputy based at a station (代表进站), of any level."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="station_memberships",
    )
    since = models.DateField(_("since"), default=datetime.date.today)

    class Meta:
        verbose_name = _("deputy based at a station")
        verbose_name_plural = _("deputies based at stations")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "deputy"], name="station_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deputy_id} @ {self.station_id}"


class StationPhoto(models.Model):
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.ImageField(_("photo"), upload_to="stations/photos/")
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("station photo")
        verbose_name_plural = _("station photos")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class DeputyPublicProfile(models.Model):
    """What a deputy agrees to show on their public page (contact: opt-in)."""

    deputy = models.OneToOneField(
        "deputies.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="public_profile",
    )
    show_contact = models.BooleanField(_("show my contact publicly"), default=False)
    public_phone = models.CharField(
        _("public contact telephone"), max_length=20, blank=True
    )
    introduction = models.CharField(_("introduction"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("deputy's public profile")
        verbose_name_plural = _("deputies' public profiles")

    def __str__(self) -> str:
        return str(self.deputy_id)


# The standard ("九有") ----------------------------------------------------------


class StandardItem(models.Model):
    """One item of the station standard, the installation's reference list."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    evidence = models.CharField(_("evidence expected"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


@track()
class StandardCheck(models.Model):
    """A station's self-check of one standard item and the office's acceptance."""

    Status = CheckStatus

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="checks",
    )
    item = models.ForeignKey(
        StandardItem, verbose_name=_("standard item"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_MET
    )
    note = models.CharField(_("station's note"), max_length=500, blank=True)
    office_note = models.CharField(_("office's note"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("self-checked at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("standard check")
        verbose_name_plural = _("standard checks")
        ordering = ["item__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "item"], name="standard_check_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CheckStatus.values),
                name="standard_check_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station_id}: {self.item_id}"


# Duty rosters -------------------------------------------------------------------


@track()
class DutyRule(models.Model):
    """A recurring duty: "每月5日、20日 9:00–11:30" or "每周二 坐班"."""

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="duty_rules",
    )
    kind = models.CharField(_("kind of duty"), max_length=16, choices=DutyKind.choices)
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency.choices
    )
    days_of_month = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("days of the month"),
        default=list,
        blank=True,
        size=4,
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        null=True,
        blank=True,
        help_text=_("0 = Monday … 6 = Sunday."),
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    on_holiday = models.CharField(
        _("on a holiday"),
        max_length=8,
        choices=HolidayPolicy.choices,
        default=HolidayPolicy.SHIFT,
    )
    deputies = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("deputies on duty by default"),
        blank=True,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recurring duty")
        verbose_name_plural = _("recurring duties")
        ordering = ["station", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DutyKind.values), name="duty_rule_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="duty_rule_frequency_valid",
            ),
            models.CheckConstraint(
                condition=Q(on_holiday__in=HolidayPolicy.values),
                name="duty_rule_holiday_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="duty_rule_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(frequency="weekly", weekday__gte=0, weekday__lte=6)
                | Q(frequency="monthly", weekday__isnull=True),
                name="duty_rule_weekday_for_weekly",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.describe()}"

    def describe(self) -> str:
        from liaison_stations.rosters import rule_description

        return rule_description(self)


class DutySlotQuerySet(models.QuerySet):
    def published(self) -> "DutySlotQuerySet":
        return self.filter(status=SlotStatus.PUBLISHED)


@track()
class DutySlot(models.Model):
    """One concrete duty at a station: a date and a time window."""

    Status = SlotStatus

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="slots",
    )
    rule = models.ForeignKey(
        DutyRule,
        verbose_name=_("recurring duty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="slots",
    )
    kind = models.CharField(_("kind of duty"), max_length=16, choices=DutyKind.choices)
    date = models.DateField(_("date"))
    scheduled_date = models.DateField(
        _("date by the rule"),
        null=True,
        blank=True,
        help_text=_("The rule's own date when a holiday moved the duty."),
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    bookable = models.BooleanField(_("residents may book"), default=True)
    # 双向预约, the deputy's direction: voters or groups the deputy on duty
    # invites to this reception, shown on the station's public page.
    invitation = models.CharField(_("voters invited"), max_length=300, blank=True)

    objects = DutySlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty slot")
        verbose_name_plural = _("duty slots")
        ordering = ["date", "start_time", "pk"]
        indexes = [
            models.Index(fields=["station", "date"], name="slot_station_date"),
            # Published duties county-wide in their order: the next ones on
            # the home page, this month's on the dashboard.
            models.Index(
                fields=["date", "start_time", "id"],
                include=["station"],
                condition=Q(status="published"),
                name="slot_published_date",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SlotStatus.values), name="slot_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DutyKind.values), name="slot_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="slot_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["station", "date", "start_time"],
                condition=~Q(status="cancelled"),
                name="slot_unique_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def was_moved(self) -> bool:
        return self.scheduled_date is not None and self.scheduled_date != self.date


@track()
class DutyAssignment(models.Model):
    """A deputy on duty in one slot, and whether they came."""

    Status = DutyStatus

    slot = models.ForeignKey(
        DutySlot,
        verbose_name=_("duty slot"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="duty_assignments",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    check_in_method = models.CharField(
        _("confirmed by"), max_length=8, choices=CheckInMethod.choices, blank=True
    )

    class Meta:
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty assignments")
        ordering = ["slot", "pk"]
        # Attendance counted from the index alone (the dashboard's month).
        indexes = [models.Index(fields=["slot", "status"], name="duty_slot_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "deputy"], name="duty_assignment_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DutyStatus.values),
                name="duty_assignment_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy_id} @ {self.slot_id}"


class SwapRequest(models.Model):
    """A deputy asks to hand a duty to another deputy; the manager decides."""

    Status = SwapStatus

    assignment = models.ForeignKey(
        DutyAssignment,
        verbose_name=_("duty"),
        on_delete=models.CASCADE,
        related_name="swap_requests",
    )
    requested_by = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    replacement = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("replacement deputy"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("duty swap request")
        verbose_name_plural = _("duty swap requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SwapStatus.values), name="swap_status_valid"
            ),
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status="pending"),
                name="swap_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} → {self.replacement_id}"


# Receptions and issues ---------------------------------------------------------


@track()
class Reception(models.Model):
    """A reception (接待) at a station: who received, how many came."""

    Kind = ReceptionKind

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="receptions",
    )
    slot = models.ForeignKey(
        DutySlot,
        verbose_name=_("duty slot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="receptions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    deputies = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("deputies present"),
        related_name="receptions",
    )
    visitor_count = models.PositiveIntegerField(_("visitors received"), default=1)
    summary = BoundedTextField(_("summary"), blank=True, size="short")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reception")
        verbose_name_plural = _("receptions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReceptionKind.values),
                name="reception_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class IssueQuerySet(models.QuerySet):
    def open(self) -> "IssueQuerySet":
        return self.exclude(status__in=(IssueStatus.CLOSED, IssueStatus.SCREENED_OUT))

    def overdue(self, today: datetime.date) -> "IssueQuerySet":
        return self.filter(
            status__in=(IssueStatus.REFERRED, IssueStatus.PASSED_UP),
            due_date__lt=today,
        )


@track()
class Issue(models.Model):
    """A citizen's issue (群众反映问题), raised at a reception or online, followed
    until the citizen has an answer. Name and phone are personal data: shown
    only to the station's managers and office staff."""

    Status = IssueStatus

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="issues",
    )
    reception = models.ForeignKey(
        Reception,
        verbose_name=_("reception"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="issues",
    )
    source = models.CharField(_("source"), max_length=12, choices=IssueSource.choices)
    addressed_to = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("addressed to deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    citizen_name = models.CharField(_("citizen's name"), max_length=50)
    citizen_phone = models.CharField(_("citizen's phone"), max_length=20, blank=True)
    content = BoundedTextField(_("content"), size="short")
    category = models.CharField(
        _("category"),
        max_length=16,
        choices=IssueCategory.choices,
        default=IssueCategory.OTHER,
    )
    place = models.CharField(_("place concerned"), max_length=100, blank=True)
    photo = models.ImageField(
        _("photo"), upload_to="stations/issues/", blank=True, max_length=200
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.RECEIVED,
    )
    routing = models.CharField(
        _("routing"), max_length=16, choices=Routing.choices, blank=True
    )
    organization = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("referred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="station_issues",
    )
    handling_deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("handling deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="station_issues",
    )
    due_date = models.DateField(_("reply due"), null=True, blank=True)
    reply = BoundedTextField(_("reply"), blank=True, size="long")
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    screen_reason = models.CharField(
        _("reason for not accepting"), max_length=300, blank=True
    )
    feedback = models.CharField(
        _("citizen's feedback"), max_length=16, choices=Feedback.choices, blank=True
    )
    reopened = models.BooleanField(_("reopened once"), default=False)
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("suggestion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tracking_code = models.CharField(_("tracking code"), max_length=10, unique=True)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen's issue")
        verbose_name_plural = _("citizens' issues")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["station", "status"], name="issue_station_status"),
            models.Index(fields=["organization", "status"], name="issue_org_status"),
            models.Index(fields=["citizen_phone", "created_at"], name="issue_phone"),
            models.Index(fields=["client_hash", "created_at"], name="issue_client"),
            # Lists newest first: everyone's (office), a station's, an
            # organisation's.
            models.Index(fields=["-created_at", "-id"], name="issue_received_order"),
            models.Index(
                fields=["station", "-created_at"], name="issue_station_received"
            ),
            models.Index(
                fields=["organization", "-created_at"], name="issue_org_received"
            ),
            # Referrals past their deadline (dashboard, reminders).
            models.Index(
                fields=["due_date"],
                condition=Q(status__in=["referred", "passed_up"]),
                name="issue_open_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=IssueStatus.values), name="issue_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(routing="") | Q(routing__in=Routing.values),
                name="issue_routing_valid",
            ),
            models.CheckConstraint(
                condition=Q(category__in=IssueCategory.values),
                name="issue_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=IssueSource.values),
                name="issue_source_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="referred") | Q(organization__isnull=False),
                name="issue_referred_has_organization",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def is_overdue(self, today: datetime.date) -> bool:
        return (
            self.status in (IssueStatus.REFERRED, IssueStatus.PASSED_UP)
            and self.due_date is not None
            and self.due_date < today
        )


class IssueEvent(TimelineEvent):
    issue = models.ForeignKey(
        Issue,
        verbose_name=_("citizen's issue"),
        on_delete=models.CASCADE,
        related_name="events",
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = _("issue event")
        verbose_name_plural = _("issue events")


@track()
class Booking(models.Model):
    """A resident books a published reception slot (双向预约); the station
    confirms or declines."""

    Status = BookingStatus

    slot = models.ForeignKey(
        DutySlot,
        verbose_name=_("duty slot"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("deputy asked for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    citizen_name = models.CharField(_("citizen's name"), max_length=50)
    citizen_phone = models.CharField(_("citizen's phone"), max_length=20)
    topic = models.CharField(_("topic"), max_length=500)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    answer = models.CharField(_("station's answer"), max_length=300, blank=True)
    tracking_code = models.CharField(_("tracking code"), max_length=10, unique=True)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values),
                name="booking_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code


# Activities -------------------------------------------------------------------


@track()
class StationActivity(models.Model):
    """A group activity at or by a station (学习, 视察, 调研, 座谈 ...)."""

    Kind = ActivityKind

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary = BoundedTextField(_("summary"), blank=True, size="long")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("station activity")
        verbose_name_plural = _("station activities")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values),
                name="station_activity_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActivitySignIn(models.Model):
    activity = models.ForeignKey(
        StationActivity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="sign_ins",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    signed_in_at = models.DateTimeField(_("signed in at"))

    class Meta:
        verbose_name = _("activity sign-in")
        verbose_name_plural = _("activity sign-ins")
        ordering = ["signed_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "deputy"], name="activity_sign_in_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deputy_id} @ {self.activity_id}"


# Summaries ---------------------------------------------------------------------


class StationMonthStats(models.Model):
    """Derived: a station's figures for one month, as the statistics page and
    the leadership dashboard read them. Written only by
    `liaison_stations.services.summaries` (on every change that moves a
    figure, in the same transaction, and by the nightly rebuild)."""

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    month = models.DateField(_("month"), help_text=_("The month's first day."))
    slots = models.PositiveIntegerField(_("published duties"), default=0)
    duties_planned = models.PositiveIntegerField(_("duties planned"), default=0)
    duties_attended = models.PositiveIntegerField(_("duties attended"), default=0)
    receptions = models.PositiveIntegerField(_("receptions"), default=0)
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    issues = models.PositiveIntegerField(_("issues raised"), default=0)
    referred = models.PositiveIntegerField(_("issues referred"), default=0)
    answered = models.PositiveIntegerField(_("issues answered"), default=0)
    answered_on_time = models.PositiveIntegerField(
        _("issues answered on time"), default=0
    )
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    dissatisfied = models.PositiveIntegerField(_("not satisfied"), default=0)
    activities = models.PositiveIntegerField(_("activities"), default=0)

    class Meta:
        verbose_name = _("station's monthly figures")
        verbose_name_plural = _("stations' monthly figures")
        indexes = [models.Index(fields=["month"], name="station_month_stats_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "month"], name="station_month_stats_unique"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="station_month_stats_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.month:%Y-%m}"


class DeputyYearStats(models.Model):
    """Derived: a deputy's station visits in one year (attended duties, other
    receptions, activities) and the issues they handled. Written only by
    `liaison_stations.services.summaries`, like StationMonthStats."""

    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    duties_planned = models.PositiveIntegerField(_("duties planned"), default=0)
    duties_attended = models.PositiveIntegerField(_("duties attended"), default=0)
    receptions = models.PositiveIntegerField(_("other receptions"), default=0)
    activities = models.PositiveIntegerField(_("activities"), default=0)
    issues_handled = models.PositiveIntegerField(_("issues handled"), default=0)
    visits = models.PositiveIntegerField(
        _("visits"), default=0, help_text=_("Attended duties, receptions, activities.")
    )

    class Meta:
        verbose_name = _("deputy's yearly station visits")
        verbose_name_plural = _("deputies' yearly station visits")
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "year"], name="deputy_year_stats_unique"
            ),
            models.CheckConstraint(
                condition=Q(
                    visits=models.F("duties_attended")
                    + models.F("receptions")
                    + models.F("activities")
                ),
                name="deputy_year_stats_visits_sum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy_id} {self.year}"
