"""Meeting attendance: who is expected at a meeting, the counts per status and
the signed sign-in codes behind the QR code shown at the meeting.

A sign-in token names the meeting and is signed with a timestamp fixed at the
start of the meeting's first day (local time), so the code is the same however
often staff open or print it, and `TimestampSigner`'s age check ends it at the
close of the day after the meeting. Writes go through
`deputies.services.attendance_record`.

Sitting in on a standing committee meeting (列席) is arranged by the office: a
list per meeting (status "arranged"), whose deputies sign in at the meeting
and whose attendance the office confirms (sat in: the file's entry and its
points). The committee's members attend their own meetings (出席) and are
never recorded as sitting in. A deputy who is neither cannot sign in.
"""

import datetime

from django.core import signing
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.exceptions import DomainError
from congress.models import Meeting, Term
from congress.roles import Role
from congress.validators import is_ascii_number
from deputies.models import (
    ActivityKind,
    AttendanceStatus,
    Deputy,
    Level,
    Mandate,
    MandateStatus,
    MeetingAttendance,
)
from deputies.search import name_contains

SALT = "deputies.attendance"
# Deputies attend congress sessions and sit in on standing committee meetings;
# the chairpersons' council meets without them.
ATTENDABLE_KINDS = (Meeting.Kind.CONGRESS_SESSION, Meeting.Kind.COMMITTEE_MEETING)


class InvalidSignIn(DomainError):
    default_message = _(
        "This sign-in code is not valid. Scan the code shown at the meeting again."
    )


class SignInExpired(InvalidSignIn):
    default_message = _("Sign-in for this meeting has closed.")


class SignInNotOpen(InvalidSignIn):
    default_message = _("Sign-in for this meeting has not opened yet.")


def member_deputies() -> QuerySet[Deputy]:
    """The deputies whose account holds the committee member role."""
    return Deputy.objects.filter(
        user__groups__name=Role.MEMBER, user__is_active=True
    ).distinct()


def is_committee_member(deputy: Deputy) -> bool:
    return deputy.user_id is not None and (
        member_deputies().filter(pk=deputy.pk).exists()
    )


SESSION_STATUSES = (
    AttendanceStatus.ATTENDED,
    AttendanceStatus.LEAVE,
    AttendanceStatus.ABSENT,
)
MEMBER_STATUSES = SESSION_STATUSES
ARRANGED_STATUSES = (
    AttendanceStatus.INVITED,
    AttendanceStatus.SAT_IN,
    AttendanceStatus.LEAVE,
    AttendanceStatus.ABSENT,
)


def statuses_for(
    meeting: Meeting, *, is_member: bool, arranged: bool
) -> tuple[str, ...]:
    """The statuses a deputy may have at a meeting: at a session, attended or
    not; at a committee meeting, a member attends and a deputy on the list
    sits in; anyone else must first be put on the list."""
    if meeting.kind == Meeting.Kind.CONGRESS_SESSION:
        return SESSION_STATUSES
    if is_member:
        return MEMBER_STATUSES
    return ARRANGED_STATUSES if arranged else ()


def activity_kind(meeting: Meeting, status: str) -> str | None:
    """The performance file's activity an attendance enters, if any: a
    member attending their committee's meeting is not a deputy's activity."""
    if meeting.kind == Meeting.Kind.CONGRESS_SESSION:
        filed = {AttendanceStatus.ATTENDED: ActivityKind.CONGRESS_SESSION}
    else:
        filed = {AttendanceStatus.SAT_IN: ActivityKind.COMMITTEE_MEETING}
    return filed.get(AttendanceStatus(status))


def sign_in_status(
    meeting: Meeting, deputy: Deputy, current: MeetingAttendance | None
) -> str:
    """What signing in records: attended at a session and for a committee
    member; a deputy arranged to sit in keeps their status until the office
    confirms it."""
    if meeting.kind == Meeting.Kind.CONGRESS_SESSION or is_committee_member(deputy):
        return AttendanceStatus.ATTENDED
    return current.status if current is not None else AttendanceStatus.INVITED


def sign_in_closes(meeting: Meeting) -> datetime.date:
    """The last day a deputy can sign in: the day after the meeting."""
    return meeting.end_date + datetime.timedelta(days=1)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class _MeetingSigner(signing.TimestampSigner):
    """Stamps the meeting's start instead of the signing time."""

    def __init__(self, meeting: Meeting):
        super().__init__(salt=SALT)
        self.meeting = meeting

    def timestamp(self) -> str:
        start = _day_start(self.meeting.start_date).timestamp()
        return signing.b62_encode(int(start))


def sign_in_token(meeting: Meeting) -> str:
    """The signed token in the meeting's sign-in URL."""
    return _MeetingSigner(meeting).sign(str(meeting.pk))


def meeting_from_token(token: str) -> Meeting:
    """The meeting a sign-in token names, if sign-in is open now. Raises
    InvalidSignIn (tampered or unknown), SignInNotOpen (before the first day)
    or SignInExpired (after the day following the meeting)."""
    pk = token.split(":", 1)[0]
    meeting = (
        Meeting.objects.select_related("term")
        .filter(pk=int(pk), kind__in=ATTENDABLE_KINDS)
        .first()
        if is_ascii_number(pk)
        else None
    )
    if meeting is None:
        raise InvalidSignIn
    closes = _day_start(sign_in_closes(meeting) + datetime.timedelta(days=1))
    try:
        _MeetingSigner(meeting).unsign(
            token, max_age=closes - _day_start(meeting.start_date)
        )
    except signing.SignatureExpired:
        raise SignInExpired from None
    except signing.BadSignature:
        raise InvalidSignIn from None
    if timezone.localdate() < meeting.start_date:
        raise SignInNotOpen
    return meeting


def may_sign_in(meeting: Meeting, deputy: Deputy) -> bool:
    """A session is for the serving county-level deputies of its term; a
    committee meeting for its members and the deputies arranged to sit in."""
    if meeting.kind == Meeting.Kind.CONGRESS_SESSION:
        return _session_mandates(meeting.term_id).filter(deputy=deputy).exists()
    return MeetingAttendance.objects.filter(
        meeting=meeting, deputy=deputy
    ).exists() or is_committee_member(deputy)


def refusal_message(meeting: Meeting) -> str:
    """Why may_sign_in refused, in the deputy's words."""
    if meeting.kind == Meeting.Kind.CONGRESS_SESSION:
        return str(_("Only the serving deputies of this congress sign in here."))
    return str(
        _(
            "Sitting in on standing committee meetings is arranged by the office, "
            "and you are not on the list for this meeting."
        )
    )


# Reads ----------------------------------------------------------------------


def _session_mandates(term_id: int) -> QuerySet[Mandate]:
    return Mandate.objects.filter(
        term_id=term_id, level=Level.COUNTY, status=MandateStatus.SERVING
    )


def attendance_meetings(term: Term) -> QuerySet[Meeting]:
    """The term's meetings deputies attend, newest first, each annotated with
    its number of deputies per attendance status. One query."""
    counts = {
        status: Count("attendances", filter=Q(attendances__status=status))
        for status in AttendanceStatus.values
    }
    return (
        Meeting.objects.filter(term=term, kind__in=ATTENDABLE_KINDS)
        .select_related("term")
        .annotate(**counts)
        .order_by("-start_date", "-pk")
    )


def session_expected_count(term: Term) -> int:
    """How many deputies are expected at a session of the term. One query."""
    return _session_mandates(term.pk).values("deputy").distinct().count()


def expected_deputies(meeting: Meeting, *, query: str = "") -> QuerySet[Deputy]:
    """The deputies to record for a meeting, each annotated with
    `attendance_status` ("" when not recorded), `signed_in_at` and
    `is_member`. A session: its term's serving county-level deputies; a
    committee meeting: the committee's members, then the deputies arranged to
    sit in. Deputies recorded earlier stay listed even if their mandate has
    ended since. One query."""
    recorded = MeetingAttendance.objects.filter(meeting=meeting)
    members = member_deputies().values("pk")
    if meeting.kind == Meeting.Kind.CONGRESS_SESSION:
        wanted = Q(pk__in=_session_mandates(meeting.term_id).values("deputy"))
    else:
        wanted = Q(pk__in=members)
    own = recorded.filter(deputy=OuterRef("pk"))
    deputies = Deputy.objects.filter(
        wanted | Q(pk__in=recorded.values("deputy"))
    ).annotate(
        attendance_status=Subquery(own.values("status")[:1]),
        signed_in_at=Subquery(own.values("signed_in_at")[:1]),
        is_member=ExpressionWrapper(Q(pk__in=members), output_field=BooleanField()),
    )
    if query:
        deputies = deputies.filter(
            name_contains(query) | Q(employer_and_post__icontains=query)
        )
    if meeting.kind == Meeting.Kind.CONGRESS_SESSION:
        return deputies.order_by("name", "pk")
    return deputies.order_by("-is_member", "name", "pk")


def arrangeable_deputies(meeting: Meeting, *, query: str = "") -> QuerySet[Deputy]:
    """The deputies the office may arrange to sit in on a committee meeting:
    serving deputies of any level in its term, not committee members, not
    listed yet; by name. One query."""
    deputies = (
        Deputy.objects.filter(
            pk__in=Mandate.objects.filter(
                term_id=meeting.term_id, status=MandateStatus.SERVING
            ).values("deputy")
        )
        .exclude(pk__in=member_deputies().values("pk"))
        .exclude(
            pk__in=MeetingAttendance.objects.filter(meeting=meeting).values("deputy")
        )
    )
    if query:
        deputies = deputies.filter(
            name_contains(query) | Q(employer_and_post__icontains=query)
        )
    return deputies.order_by("name", "pk")
