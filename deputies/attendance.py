"""Meeting attendance: who is expected at a meeting, the counts per status and
the signed sign-in codes behind the QR code shown at the meeting.

A sign-in token names the meeting and is signed with a timestamp fixed at the
start of the meeting's first day (local time), so the code is the same however
often staff open or print it, and `TimestampSigner`'s age check ends it at the
close of the day after the meeting. Writes go through
`deputies.services.attendance_record`.
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
from congress.validators import is_ascii_number
from deputies.models import (
    AttendanceStatus,
    Deputy,
    Level,
    Mandate,
    MandateStatus,
    MeetingAttendance,
)

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


def sign_in_status(meeting: Meeting) -> str:
    """What signing in records: attended at a session, sat in otherwise."""
    if meeting.kind == Meeting.Kind.CONGRESS_SESSION:
        return AttendanceStatus.ATTENDED
    return AttendanceStatus.SAT_IN


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
    """Anyone with a file may sit in on a committee meeting; a session is for
    the serving county-level deputies of its term."""
    if meeting.kind != Meeting.Kind.CONGRESS_SESSION:
        return True
    return _session_mandates(meeting.term_id).filter(deputy=deputy).exists()


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
    `attendance_status` ("" when not recorded). A session: its term's serving
    county-level deputies; a committee meeting: the term's serving deputies of
    any level, those already recorded first. Deputies recorded earlier stay
    listed even if their mandate has ended since. One query."""
    recorded = MeetingAttendance.objects.filter(meeting=meeting)
    if meeting.kind == Meeting.Kind.CONGRESS_SESSION:
        mandates = _session_mandates(meeting.term_id)
    else:
        mandates = Mandate.objects.filter(
            term_id=meeting.term_id, status=MandateStatus.SERVING
        )
    deputies = Deputy.objects.filter(
        Q(pk__in=mandates.values("deputy")) | Q(pk__in=recorded.values("deputy"))
    ).annotate(
        attendance_status=Subquery(
            recorded.filter(deputy=OuterRef("pk")).values("status")[:1]
        )
    )
    if query:
        deputies = deputies.filter(
            Q(name__icontains=query) | Q(employer_and_post__icontains=query)
        )
    if meeting.kind == Meeting.Kind.CONGRESS_SESSION:
        return deputies.order_by("name", "pk")
    not_recorded = ExpressionWrapper(
        Q(attendance_status__isnull=True), output_field=BooleanField()
    )
    return deputies.order_by(not_recorded.asc(), "name", "pk")
