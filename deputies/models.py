"""The deputy registry (代表名册) and performance files (履职档案)."""

import datetime

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.history import track
from congress.models import TimelineEvent
from congress.text import BoundedTextField
from congress.validators import validate_id_number, validate_mobile
from deputies import summary
from deputies.search import NameGrams

ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]


def birth_date_in_id_number(number: str) -> datetime.date | None:
    """The birth date an ID number states, or None for an invalid number."""
    try:
        validate_id_number(number)
    except ValidationError:
        return None
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Affiliation(models.TextChoices):
    """Political affiliation (政治面貌) by its national code (GB/T 4762)."""

    CPC = "01", _("CPC member")
    CPC_PROBATIONARY = "02", _("CPC probationary member")
    CYL = "03", _("Communist Youth League member")
    RCCK = "04", _("Member of the Revolutionary Committee of the Kuomintang")
    CDL = "05", _("Member of the China Democratic League")
    CNDCA = "06", _("Member of the China National Democratic Construction Association")
    CAPD = "07", _("Member of the China Association for Promoting Democracy")
    CPWDP = "08", _("Member of the Chinese Peasants' and Workers' Democratic Party")
    CZGP = "09", _("Member of the China Zhi Gong Party")
    JIUSAN = "10", _("Member of the Jiusan Society")
    TDSGL = "11", _("Member of the Taiwan Democratic Self-Government League")
    NON_PARTY = "12", _("Non-party personage")
    MASSES = "13", _("Ordinary citizen")

    @classmethod
    def democratic_parties(cls) -> list[str]:
        """The eight democratic parties (民主党派), codes 04 to 11."""
        return [c.value for c in cls if "04" <= c.value <= "11"]


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("Postgraduate")
    UNIVERSITY = "university", _("University")
    COLLEGE = "college", _("Junior college")
    SECONDARY = "secondary", _("Technical secondary or senior high school")
    JUNIOR = "junior", _("Junior high school or below")


class Level(models.TextChoices):
    NATIONAL = "national", _("National People's Congress")
    PROVINCIAL = "provincial", _("Provincial people's congress")
    MUNICIPAL = "municipal", _("Municipal people's congress")
    COUNTY = "county", _("County people's congress")
    TOWNSHIP = "township", _("Township people's congress")


class MandateStatus(models.TextChoices):
    SERVING = "serving", _("Serving")
    SUSPENDED = "suspended", _("Duties suspended")
    TERMINATED = "terminated", _("Mandate terminated")
    TERM_ENDED = "term_ended", _("Term ended")


class TerminationGround(models.TextChoices):
    RESIGNATION = "resignation", _("Resignation accepted")
    RECALL = "recall", _("Recalled")
    MOVED_AWAY = "moved_away", _("Moved out of the administrative area")
    LOST_POLITICAL_RIGHTS = "lost_political_rights", _("Deprived of political rights")
    DECEASED = "deceased", _("Deceased")
    ABSENT_TWICE = "absent_twice", _("Absent from two sessions without leave")
    OTHER = "other", _("Other ground provided by law")


@track()
class Constituency(models.Model):
    """An electoral district (选区) of one term."""

    term = models.ForeignKey(
        "congress.Term", verbose_name=_("term"), on_delete=models.PROTECT
    )
    number = models.PositiveSmallIntegerField(_("constituency number"))
    name = models.CharField(_("name"), max_length=100)
    division = models.ForeignKey(
        "congress.Division",
        verbose_name=_("administrative division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = ["term", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "number"], name="constituency_unique_number"
            )
        ]

    def __str__(self) -> str:
        return self.name


@track()
class DeputyGroup(models.Model):
    """A deputy group (代表小组) for recess activities; deputies of several levels."""

    term = models.ForeignKey(
        "congress.Term", verbose_name=_("term"), on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=100)
    division = models.ForeignKey(
        "congress.Division",
        verbose_name=_("administrative division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    leader = models.ForeignKey(
        "Deputy",
        verbose_name=_("group leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deputy group")
        verbose_name_plural = _("deputy groups")
        ordering = ["term", "name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


@track(exclude=["id_number", "mobile"])
class Deputy(models.Model):
    """A person who holds or held one or more mandates."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
    )
    name = models.CharField(_("real name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=20, choices=[(e, e) for e in ETHNICITIES]
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        blank=True,
        validators=[validate_id_number],
    )
    # Blank: not recorded (rows migrated from the old folded "democratic
    # party" value, whose party was never recorded, and ledgers without it).
    affiliation = models.CharField(
        _("political affiliation"),
        max_length=20,
        choices=Affiliation.choices,
        blank=True,
    )
    education = models.CharField(
        _("education"), max_length=20, choices=Education.choices, blank=True
    )
    employer_and_post = models.CharField(_("employer and post"), max_length=200)
    composition = models.CharField(
        _("composition category"),
        max_length=30,
        blank=True,
        help_text=_(
            "As in the provincial deputy-composition form (installation rule)."
        ),
    )
    mobile = models.CharField(
        _("mobile number"), max_length=11, blank=True, validators=[validate_mobile]
    )
    photo = models.ImageField(_("photo"), upload_to="deputies/photos/", blank=True)
    is_ex_officio = models.BooleanField(_("ex-officio deputy"), default=False)
    is_core = models.BooleanField(_("core deputy"), default=False)
    no_fixed_income = models.BooleanField(_("no fixed income"), default=False)
    # On by default: an automatic nag to a deputy who is, say, a county leader
    # is unacceptable, so staff switch reminders on deputy by deputy.
    no_reminders = models.BooleanField(
        _("no automatic reminders"),
        default=True,
        help_text=_(
            "While set, the portal never reminds this deputy of their own duties "
            "automatically (e.g. no activity for a quarter)."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~models.Q(id_number=""),
                name="deputy_unique_id_number",
            ),
            models.CheckConstraint(
                condition=models.Q(gender__in=Gender.values), name="deputy_gender"
            ),
            models.CheckConstraint(
                condition=models.Q(affiliation="")
                | models.Q(affiliation__in=Affiliation.values),
                name="deputy_affiliation_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(education="")
                | models.Q(education__in=Education.values),
                name="deputy_education_valid",
            ),
        ]
        indexes = [
            GinIndex(
                fields=["name"], name="deputy_name_trgm", opclasses=["gin_trgm_ops"]
            ),
            # One or two characters of a name (deputies.search).
            GinIndex(NameGrams("name"), name="deputy_name_grams"),
            # Lists in name order read the first page off the index.
            models.Index(fields=["name", "id"], name="deputy_name_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("deputies:detail", args=[self.pk])

    def clean(self) -> None:
        """A date of birth is never in the future and agrees with the ID
        number (which states it); an empty one is read from the ID number."""
        super().clean()
        stated = birth_date_in_id_number(self.id_number) if self.id_number else None
        if self.birth_date is None:
            self.birth_date = stated
            return
        if stated and stated != self.birth_date:
            raise ValidationError(
                {
                    "birth_date": _(
                        "The date of birth %(date)s contradicts the ID number, "
                        "which states %(stated)s."
                    )
                    % {"date": self.birth_date, "stated": stated}
                }
            )
        if self.birth_date > timezone.localdate():
            raise ValidationError(
                {"birth_date": _("The date of birth cannot be in the future.")}
            )


@track()
class Mandate(models.Model):
    """A deputy's seat at one level in one term, with its legal status."""

    Status = MandateStatus

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="mandates",
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    term = models.ForeignKey(
        "congress.Term", verbose_name=_("term"), on_delete=models.PROTECT
    )
    constituency = models.ForeignKey(
        Constituency,
        verbose_name=_("constituency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    electing_unit = models.CharField(
        _("electing unit"),
        max_length=100,
        blank=True,
        help_text=_("For deputies of a higher level: the congress that elected them."),
    )
    division = models.ForeignKey(
        "congress.Division",
        verbose_name=_("township or sub-district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    groups = models.ManyToManyField(
        DeputyGroup,
        verbose_name=_("deputy groups"),
        blank=True,
        related_name="mandates",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MandateStatus.choices,
        default=MandateStatus.SERVING,
    )
    status_date = models.DateField(_("status since"), null=True, blank=True)
    termination_ground = models.CharField(
        _("legal ground"),
        max_length=32,
        choices=TerminationGround.choices,
        blank=True,
    )
    status_reason = BoundedTextField(_("reason"), blank=True, size="short")
    elected_on = models.DateField(_("elected on"), null=True, blank=True)
    by_election = models.BooleanField(
        _("by-election"),
        default=False,
        help_text=_("Elected at a by-election between general elections."),
    )

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["deputy", "-term__number", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "level", "term"], name="mandate_unique_seat"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MandateStatus.values),
                name="mandate_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="terminated")
                | ~models.Q(termination_ground=""),
                name="mandate_termination_has_ground",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=Level.values),
                name="mandate_level_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(termination_ground="")
                | models.Q(termination_ground__in=TerminationGround.values),
                name="mandate_termination_ground_valid",
            ),
        ]
        indexes = [models.Index(fields=["term", "level", "status"])]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.get_level_display()}"


class ActivityKind(models.TextChoices):
    CONGRESS_SESSION = "congress_session", _("Attended a congress session")
    COMMITTEE_MEETING = "committee_meeting", _("Sat in on a standing committee meeting")
    INSPECTION = "inspection", _("Inspection tour")
    RESEARCH = "research", _("Research")
    LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement inspection")
    INQUIRY_APPRAISAL = "inquiry_appraisal", _("Topic inquiry or work appraisal")
    GROUP_ACTIVITY = "group_activity", _("Deputy group activity")
    STATION_RECEPTION = "station_reception", _("Received voters at a liaison station")
    VOTER_CONTACT = "voter_contact", _("Contacted voters")
    TRAINING = "training", _("Training")
    REPORT_TO_VOTERS = "report_to_voters", _("Reported to voters")
    PROPOSAL = "proposal", _("Submitted a motion or suggestion")
    COSIGNED = "cosigned", _("Co-signed a motion or suggestion")
    OTHER = "other", _("Other")


class RecordStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    RETURNED = "returned", _("Returned")


class PerformanceRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PerformanceRecordQuerySet":
        """Records of the deputies the user may see (see deputies.access)."""
        from deputies.access import deputies_visible_to, sees_every_deputy

        if sees_every_deputy(user):
            return self  # no semi-join with the whole registry
        return self.filter(deputy__in=deputies_visible_to(user))


@track()
class PerformanceRecord(models.Model):
    """One entry of a performance file (履职记录)."""

    Kind = ActivityKind
    Status = RecordStatus

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="records",
    )
    kind = models.CharField(
        _("activity type"), max_length=32, choices=ActivityKind.choices
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = BoundedTextField(_("description"), size="long")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecordStatus.choices,
        default=RecordStatus.PENDING,
    )
    return_reason = BoundedTextField(_("reason for return"), blank=True, size="short")
    # Records other apps push in (a reception, a proposal) point at their source
    # and are unique per source, so pushing twice changes nothing.
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The points the installation's rule gave this kind of activity when the
    # record was confirmed: a later change of the rule leaves past years'
    # totals (and reports issued on them) as they were.
    points = models.PositiveSmallIntegerField(
        _("points"),
        null=True,
        blank=True,
        help_text=_("Set when the record is confirmed, by the rule then in force."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PerformanceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("performance record")
        verbose_name_plural = _("performance records")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RecordStatus.values),
                name="record_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ActivityKind.values),
                name="record_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True)
                | (models.Q(hours__gt=0) & models.Q(hours__lte=24)),
                name="record_hours_sane",
            ),
            # Points are earned by confirmation, and only by it.
            models.CheckConstraint(
                condition=models.Q(status="confirmed", points__isnull=False)
                | (~models.Q(status="confirmed") & models.Q(points__isnull=True)),
                name="record_points_when_confirmed",
            ),
            models.UniqueConstraint(
                fields=["deputy", "source_type", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="record_once_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["deputy", "-date"], name="record_file"),
            # The admin's list of all records, newest first, and its search
            # of descriptions (trigrams: three characters or more).
            models.Index(fields=["-date", "-id"], name="record_date"),
            GinIndex(
                fields=["description"],
                opclasses=["gin_trgm_ops"],
                name="record_description_trgm",
            ),
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending"),
                name="record_pending",
            ),
            # The queue narrowed to deputies found by name.
            models.Index(
                fields=["deputy"],
                condition=models.Q(status="pending"),
                name="record_pending_deputy",
            ),
            # The leadership dashboard's figures of a year (records per
            # month, points ranking) read this index alone, not the table.
            models.Index(
                fields=["date"],
                include=["deputy", "points"],
                condition=models.Q(status="confirmed"),
                name="record_confirmed_date",
            ),
        ]
        # Keep ActivitySummary in step with every write (deputies.summary).
        triggers = [
            pgtrigger.Trigger(
                name=f"activity_summary_{operation}",
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=getattr(pgtrigger, operation.capitalize()),
                referencing=pgtrigger.Referencing(**referencing),
                func=summary.trigger_body(*tables),
            )
            for operation, referencing, tables in (
                ("insert", {"new": "new_rows"}, [("new_rows", 1)]),
                (
                    "update",
                    {"old": "old_rows", "new": "new_rows"},
                    [("new_rows", 1), ("old_rows", -1)],
                ),
                ("delete", {"old": "old_rows"}, [("old_rows", -1)]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.deputy} {self.date} {self.get_kind_display()}"


class ActivitySummary(models.Model):
    """Derived: a deputy's confirmed records of a year, of one activity type
    (or of all, `kind=""`): how many, their points and hours, and how many in
    each month. Written only by the triggers of deputies.summary."""

    ALL_KINDS = summary.ALL_KINDS

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        # The records' triggers remove a deleted deputy's rows as the
        # records go, before the deputy row itself.
        on_delete=models.DO_NOTHING,
        related_name="activity_summaries",
    )
    year = models.SmallIntegerField(_("year"))
    kind = models.CharField(
        _("activity type"), max_length=32, choices=ActivityKind.choices, blank=True
    )
    records = models.IntegerField(_("confirmed activities"), default=0)
    points = models.IntegerField(_("points"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=1, default=0)
    months = ArrayField(
        models.IntegerField(), size=12, verbose_name=_("activities per month")
    )

    class Meta:
        verbose_name = _("activity summary")
        verbose_name_plural = _("activity summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "year", "kind"], name="activity_summary_once"
            ),
        ]
        indexes = [
            # The dashboard reads a year's totals rows of every deputy from
            # the index alone, and its points ranking in the index's order.
            models.Index(
                fields=["year", "-points", "deputy"],
                include=["records", "months"],
                condition=models.Q(kind=""),
                name="activity_summary_year",
            ),
            # The triggers drop rows that fall to zero.
            models.Index(
                fields=["records"],
                condition=models.Q(records=0),
                name="activity_summary_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy_id} {self.year} {self.kind or '*'}"


class PerformanceRecordEvent(TimelineEvent):
    """The append-only timeline of a record (entered, confirmed, returned...);
    a trigger refuses UPDATE and DELETE."""

    record = models.ForeignKey(
        PerformanceRecord, on_delete=models.CASCADE, related_name="events"
    )

    class Meta(TimelineEvent.Meta):
        verbose_name = _("record event")
        verbose_name_plural = _("record events")


class AttendanceStatus(models.TextChoices):
    # On the office's list of deputies to sit in on a committee meeting, their
    # attendance not yet confirmed: nothing enters the file until it is.
    INVITED = "invited", _("Arranged to sit in")
    ATTENDED = "attended", _("Attended")
    SAT_IN = "sat_in", _("Sat in by invitation")
    LEAVE = "leave", _("On leave")
    ABSENT = "absent", _("Absent")


@track()
class MeetingAttendance(models.Model):
    """Who attended, sat in, asked for leave or was absent at a meeting."""

    Status = AttendanceStatus

    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    status = models.CharField(
        _("attendance"), max_length=16, choices=AttendanceStatus.choices
    )
    # Set by the deputy's QR sign-in; at a committee meeting the office still
    # confirms the attendance of those it arranged to sit in.
    signed_in_at = models.DateTimeField(
        _("signed in at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "deputy"], name="attendance_once"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AttendanceStatus.values),
                name="attendance_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.deputy}: {self.get_status_display()}"


class EvaluationResult(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    INCOMPETENT = "incompetent", _("Incompetent")


@track()
class AnnualEvaluation(models.Model):
    """A deputy's annual evaluation (优秀/称职/不称职)."""

    Result = EvaluationResult

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    result = models.CharField(
        _("result"), max_length=16, choices=EvaluationResult.choices
    )
    evaluated_by = models.CharField(_("evaluated by"), max_length=100)
    evaluated_on = models.DateField(_("evaluated on"))

    class Meta:
        verbose_name = _("annual evaluation")
        verbose_name_plural = _("annual evaluations")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "year"], name="evaluation_once_a_year"
            ),
            models.CheckConstraint(
                condition=models.Q(result__in=EvaluationResult.values),
                name="annual_evaluation_result_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} {self.year}: {self.get_result_display()}"


class ExitKind(models.TextChoices):
    RESIGNATION_SUGGESTED = "resignation_suggested", _("Resignation suggested")
    ORDERED_TO_RESIGN = "ordered_to_resign", _("Ordered to resign")
    PERSUADED_TO_RESIGN = "persuaded_to_resign", _("Persuaded to resign")
    VOLUNTARY_RESIGNATION = "voluntary_resignation", _("Voluntary resignation")
    RECALL = "recall", _("Recall")


class ExitStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class ExitCaseQuerySet(models.QuerySet):
    def accepted_in(self, year: int) -> "ExitCaseQuerySet":
        """Cases accepted with a decision in `year` (the exits of that year)."""
        return self.filter(status=ExitStatus.ACCEPTED, decision_date__year=year)

    def counts_by_kind(self) -> dict[str, int]:
        """{kind: number of cases}, every kind present (S000 L7 counts
        resignations and persuaded resignations separately)."""
        counts = dict.fromkeys(ExitKind.values, 0)
        rows = self.order_by().values_list("kind").annotate(n=models.Count("pk"))
        counts.update(dict(rows))
        return counts


@track()
class ExitCase(models.Model):
    """A deputy's exit (代表退出): a resignation suggested, ordered, persuaded
    or offered, or a recall; accepted, it ends the mandate."""

    Kind = ExitKind
    Status = ExitStatus

    mandate = models.ForeignKey(
        Mandate,
        verbose_name=_("mandate"),
        on_delete=models.PROTECT,
        related_name="exit_cases",
    )
    kind = models.CharField(_("kind of exit"), max_length=32, choices=ExitKind.choices)
    reason = BoundedTextField(_("reason"), size="short")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ExitStatus.choices,
        default=ExitStatus.PROPOSED,
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    meeting = models.ForeignKey(
        "congress.Meeting",
        verbose_name=_("deciding meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A recall (罢免) is the constituency's vote, recorded with its figures;
    # it passes with more than half of the constituency's voters.
    electorate = models.PositiveIntegerField(
        _("voters of the constituency"), null=True, blank=True
    )
    votes_cast = models.PositiveIntegerField(_("votes cast"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(
        _("votes for the recall"), null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ExitCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("exit case")
        verbose_name_plural = _("exit cases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ExitKind.values), name="exit_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ExitStatus.values),
                name="exit_status_valid",
            ),
            # A decided case has its date; a proposed one has none.
            models.CheckConstraint(
                condition=models.Q(status="proposed", decision_date__isnull=True)
                | (
                    ~models.Q(status="proposed") & models.Q(decision_date__isnull=False)
                ),
                name="exit_decision_dated",
            ),
            models.UniqueConstraint(
                fields=["mandate"],
                condition=models.Q(status="proposed"),
                name="exit_one_open_case_per_mandate",
            ),
            # A decided recall carries its vote, and the vote adds up.
            models.CheckConstraint(
                condition=~models.Q(kind="recall")
                | models.Q(status="proposed")
                | models.Q(
                    electorate__isnull=False,
                    votes_cast__isnull=False,
                    votes_for__isnull=False,
                    votes_for__lte=models.F("votes_cast"),
                    votes_cast__lte=models.F("electorate"),
                ),
                name="exit_recall_vote_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate} · {self.get_kind_display()}"


class VoterAppraisal(models.TextChoices):
    """How voters appraise a deputy who reports to them (述职评议)."""

    COMPETENT = "competent", _("Competent")
    BASICALLY_COMPETENT = "basically_competent", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")


@track()
class VoterReport(models.Model):
    """A deputy's report to the voters of their constituency (向选民述职)."""

    Rating = VoterAppraisal

    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="voter_reports",
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    voters_present = models.PositiveIntegerField(_("voters present"))
    assessment = BoundedTextField(_("voters' assessment"), blank=True, size="long")
    rating = models.CharField(
        _("voters' appraisal"),
        max_length=32,
        choices=VoterAppraisal.choices,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report to voters")
        verbose_name_plural = _("reports to voters")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voters_present__gte=0),
                name="voter_report_voters_present",
            ),
            models.CheckConstraint(
                condition=models.Q(rating="")
                | models.Q(rating__in=VoterAppraisal.values),
                name="voter_report_rating_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} {self.date}"


class DisclosureChannel(models.TextChoices):
    REGISTRY = "registry", _("Registry list")
    DETAIL = "detail", _("Deputy page")
    ADMIN_LIST = "admin_list", _("Admin list")
    ADMIN_FORM = "admin_form", _("Admin form")
    EXPORT = "export", _("Export")


class IdNumberDisclosure(models.Model):
    """One showing of full, unmasked ID numbers to a person: who, when, where
    and which deputies. Append-only (a trigger refuses changes and deletes):
    the record of who saw personal data must not be editable by them."""

    Channel = DisclosureChannel

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shown to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("where"), max_length=20, choices=Channel.choices)
    deputy_ids = ArrayField(
        models.BigIntegerField(), verbose_name=_("deputies shown"), default=list
    )
    path = models.CharField(_("page address"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("ID number disclosure")
        verbose_name_plural = _("ID number disclosures")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=DisclosureChannel.values),
                name="id_disclosure_channel_valid",
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="id_disclosure_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.user} {self.get_channel_display()} {self.created_at:%Y-%m-%d %H:%M}"
        )
