"""Writes of the deputies app: performance records, attendance, exits,
reports to voters.

Other apps push records into a performance file through `record_push`; this
app imports none of them. The app's deadline reminders live in
`deputies.reminders`, registered when this module is imported.
"""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import rules
from congress.exceptions import DomainError, TransitionNotAllowed
from congress.history import history_context
from congress.models import User
from congress.notifications import NoticeItem, notify_bulk, register_kind
from congress.roles import Role
from congress.workflow import Machine, transition
from deputies import reminders  # noqa: F401 (registers the deadline rules)
from deputies.models import (
    ActivityKind,
    AttendanceStatus,
    ExitCase,
    ExitKind,
    ExitStatus,
    Mandate,
    MandateStatus,
    MeetingAttendance,
    PerformanceRecord,
    PerformanceRecordEvent,
    RecordStatus,
    TerminationGround,
    VoterAppraisal,
    VoterReport,
)

R, M = RecordStatus, MandateStatus
OFFICE, DEPUTY = Role.OFFICE, Role.DEPUTY
RECORD = Machine(
    "deputies.PerformanceRecord",
    RecordStatus,
    {
        R.PENDING: {R.CONFIRMED: {OFFICE}, R.RETURNED: {OFFICE}},
        # The deputy corrects a returned record and it awaits confirmation again.
        R.RETURNED: {R.PENDING: {DEPUTY}},
        R.CONFIRMED: {},
    },
)
EXIT_CASE = Machine(
    "deputies.ExitCase",
    ExitStatus,
    {
        ExitStatus.PROPOSED: {
            ExitStatus.ACCEPTED: {OFFICE},
            ExitStatus.REFUSED: {OFFICE},
        },
        ExitStatus.ACCEPTED: {},
        ExitStatus.REFUSED: {},
    },
)
# 代表法 Art. 49-50: duties are suspended while a deputy is detained or serving
# a sentence, and resume when that ends; a mandate ends on a legal ground
# (terminated) or with its term.
MANDATE = Machine(
    "deputies.Mandate",
    MandateStatus,
    {
        M.SERVING: {
            M.SUSPENDED: {OFFICE},
            M.TERMINATED: {OFFICE},
            M.TERM_ENDED: {OFFICE},
        },
        M.SUSPENDED: {
            M.SERVING: {OFFICE},
            M.TERMINATED: {OFFICE},
            M.TERM_ENDED: {OFFICE},
        },
        M.TERMINATED: {},
        M.TERM_ENDED: {},
    },
)

DEFAULT_POINTS = {
    ActivityKind.CONGRESS_SESSION: 10,
    ActivityKind.COMMITTEE_MEETING: 5,
    ActivityKind.INSPECTION: 3,
    ActivityKind.RESEARCH: 3,
    ActivityKind.LAW_ENFORCEMENT: 3,
    ActivityKind.INQUIRY_APPRAISAL: 3,
    ActivityKind.GROUP_ACTIVITY: 2,
    ActivityKind.STATION_RECEPTION: 2,
    ActivityKind.VOTER_CONTACT: 1,
    ActivityKind.TRAINING: 2,
    ActivityKind.REPORT_TO_VOTERS: 5,
    ActivityKind.PROPOSAL: 3,
    ActivityKind.COSIGNED: 1,
    ActivityKind.OTHER: 1,
}
POINT_RULES = {
    kind: rules.register(
        rules.Rule(
            f"deputies.points.{kind}",
            format_lazy("{}：{}", gettext_lazy("Points"), label),
            DEFAULT_POINTS[kind],
            min_value=0,
            max_value=100,
        )
    )
    for kind, label in ActivityKind.choices
}
# The legal ground an accepted exit ends the mandate on (DOMAIN §2.1.2: a
# resignation accepted; a recall).
EXIT_GROUNDS = {
    ExitKind.RESIGNATION_SUGGESTED: TerminationGround.RESIGNATION,
    ExitKind.ORDERED_TO_RESIGN: TerminationGround.RESIGNATION,
    ExitKind.PERSUADED_TO_RESIGN: TerminationGround.RESIGNATION,
    ExitKind.VOLUNTARY_RESIGNATION: TerminationGround.RESIGNATION,
    ExitKind.RECALL: TerminationGround.RECALL,
}
ENDED_MANDATE = (MandateStatus.TERMINATED, MandateStatus.TERM_ENDED)

# The key predates the appraisal scale (称职/基本称职/不称职); kept so that
# notices already sent still render.
register_kind(
    "deputies.voter_report_dissatisfied",
    title=gettext_lazy("Voters appraised %(deputy)s as incompetent"),
    label=gettext_lazy("Deputies appraised as incompetent by their voters"),
    roles=(Role.OFFICE,),
    body=gettext_lazy(
        "The voters appraised %(deputy)s as incompetent after the report of "
        "%(date)s at %(place)s. Persuading the deputy to resign may be due."
    ),
)

# The file's activity of each status, at the meeting kind where it is valid
# (attending a session, sitting in on a committee meeting).
ATTENDANCE_KINDS = {
    AttendanceStatus.ATTENDED: ActivityKind.CONGRESS_SESSION,
    AttendanceStatus.SAT_IN: ActivityKind.COMMITTEE_MEETING,
}


class InvalidRecord(DomainError):
    pass


def points_for(kind: str) -> int:
    return rules.get(POINT_RULES[kind].key)


def record_earliest_date(deputy) -> datetime.date | None:
    """The first day an activity of this deputy may carry: the start of the
    earliest term they hold a mandate in (else the current term's)."""
    from congress.models import Term

    first = deputy.mandates.aggregate(first=models.Min("term__start_date"))["first"]
    if first is None:
        first = (
            Term.objects.filter(is_current=True)
            .values_list("start_date", flat=True)
            .first()
        )
    return first


def _check_record_values(
    *, date: datetime.date, hours: Decimal | None, deputy=None
) -> None:
    if date > timezone.localdate():
        raise InvalidRecord(_("The date of an activity cannot be in the future."))
    earliest = record_earliest_date(deputy) if deputy is not None else None
    if earliest is not None and date < earliest:
        raise InvalidRecord(
            _("The date of an activity cannot be before the term (%(date)s).")
            % {"date": earliest.isoformat()}
        )
    if hours is not None and not Decimal(0) < hours <= Decimal(24):
        raise InvalidRecord(_("Hours must be more than 0 and at most 24."))


def _event(record, type_: str, *, user, now=None, comment: str = "", **data) -> None:
    PerformanceRecordEvent.objects.create(
        record=record,
        type=type_,
        actor=user,
        comment=comment,
        data=data,
        created_at=now or timezone.now(),
    )


def record_log(
    deputy,
    *,
    kind: str,
    date: datetime.date,
    description: str,
    user,
    hours: Decimal | None = None,
    place: str = "",
    now: datetime.datetime | None = None,
) -> PerformanceRecord:
    """A deputy logs an activity (awaits confirmation); staff entries are
    confirmed at once. Raises InvalidRecord for a future date or absurd hours."""
    from deputies.access import can_confirm_records

    _check_record_values(date=date, hours=hours, deputy=deputy)
    confirmed = can_confirm_records(user)
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        record = PerformanceRecord.objects.create(
            deputy=deputy,
            kind=kind,
            date=date,
            hours=hours,
            place=place,
            description=description,
            created_by=user,
            status=RecordStatus.CONFIRMED if confirmed else RecordStatus.PENDING,
            confirmed_by=user if confirmed else None,
            confirmed_at=now if confirmed else None,
            created_at=now,
            points=points_for(kind) if confirmed else None,
        )
        _event(record, "deputies.record_logged", user=user, now=now)
    return record


def record_update(
    record: PerformanceRecord, *, user, now=None, **values
) -> PerformanceRecord:
    """The deputy corrects a pending or returned record; a returned one goes
    back to awaiting confirmation (the RECORD machine's edge). Raises
    TransitionNotAllowed for a confirmed record."""
    _check_record_values(
        date=values["date"], hours=values.get("hours"), deputy=record.deputy
    )
    with transaction.atomic(), history_context(user):
        record = PerformanceRecord.objects.select_for_update(of=("self",)).get(
            pk=record.pk
        )
        if record.status == RecordStatus.CONFIRMED:
            raise TransitionNotAllowed(
                _("A confirmed record can no longer be changed.")
            )
        if record.status == RecordStatus.RETURNED:
            record = transition(record, RecordStatus.PENDING, machine=RECORD, user=user)
        for field, value in values.items():
            setattr(record, field, value)
        record.save()
        _event(record, "deputies.record_updated", user=user, now=now)
    return record


def _confirm(record: PerformanceRecord, *, user, now) -> None:
    """Complete a record the RECORD machine has just moved to confirmed."""
    record.confirmed_by = user
    record.confirmed_at = now
    # Stored, never recomputed: the rule in force at confirmation.
    record.points = points_for(record.kind)
    record.save(update_fields=["status", "confirmed_by", "confirmed_at", "points"])
    _event(
        record, "deputies.record_confirmed", user=user, now=now, points=record.points
    )


def record_confirm(
    record: PerformanceRecord, *, user, now: datetime.datetime | None = None
) -> PerformanceRecord:
    """Office staff confirm a pending record, which then carries the points
    the rule gives its kind today. Raises TransitionNotAllowed."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        record = transition(record, RecordStatus.CONFIRMED, machine=RECORD, user=user)
        _confirm(record, user=user, now=now)
    return record


def records_confirm(
    records, *, user, now: datetime.datetime | None = None
) -> tuple[list[PerformanceRecord], list[PerformanceRecord]]:
    """Office staff confirm several records in one transaction, locked one by
    one in primary-key order; records no longer pending (confirmed or
    returned by a colleague meanwhile) are left as they are. Returns
    (confirmed, skipped)."""
    now = now or timezone.now()
    confirmed, skipped = [], []
    by_pk = {record.pk: record for record in records}
    with transaction.atomic(), history_context(user):
        for pk in sorted(by_pk):
            try:
                record = transition(
                    by_pk[pk], RecordStatus.CONFIRMED, machine=RECORD, user=user
                )
            except TransitionNotAllowed:
                skipped.append(by_pk[pk])
                continue
            _confirm(record, user=user, now=now)
            confirmed.append(record)
    return confirmed, skipped


def record_return(
    record: PerformanceRecord, *, user, reason: str, now=None
) -> PerformanceRecord:
    """Office staff return a pending record to its deputy with a reason.
    Raises InvalidRecord (no reason) or TransitionNotAllowed."""
    if not reason.strip():
        raise InvalidRecord(_("Say why the record is returned."))
    with transaction.atomic(), history_context(user):
        record = transition(record, RecordStatus.RETURNED, machine=RECORD, user=user)
        record.return_reason = reason
        record.save(update_fields=["status", "return_reason"])
        _event(record, "deputies.record_returned", user=user, now=now, comment=reason)
    return record


def record_push(
    deputy,
    *,
    source: models.Model,
    kind: str,
    date: datetime.date,
    description: str,
    hours: Decimal | None = None,
    place: str = "",
) -> PerformanceRecord:
    """Another app enters an activity into the file, already confirmed (with
    the points the rule gives it now) and linked to its source; pushing the
    same source again updates what it says, never its points."""
    source_type = ContentType.objects.get_for_model(source)
    values = {
        "kind": kind,
        "date": date,
        "description": description,
        "hours": hours,
        "place": place,
    }
    record = PerformanceRecord.objects.filter(
        deputy=deputy, source_type=source_type, source_id=source.pk
    ).first()
    if record is not None:
        for field, value in values.items():
            setattr(record, field, value)
        record.save(update_fields=list(values))
        return record
    return PerformanceRecord.objects.create(
        deputy=deputy,
        source_type=source_type,
        source_id=source.pk,
        status=RecordStatus.CONFIRMED,
        confirmed_at=timezone.now(),
        points=points_for(kind),
        **values,
    )


def records_push_accepted_item(
    *, source: models.Model, lead, cosigners, date: datetime.date, description: str
) -> list[PerformanceRecord]:
    """A motion or suggestion accepted after review (登记) enters the files:
    the lead deputy's as submitted, each co-signer's as co-signed, with the
    points the rules give each now. Items returned or withdrawn before
    acceptance never get here, so they earn nothing."""
    records = [
        record_push(
            lead,
            source=source,
            kind=ActivityKind.PROPOSAL,
            date=date,
            description=description,
        )
    ]
    records += [
        record_push(
            cosigner,
            source=source,
            kind=ActivityKind.COSIGNED,
            date=date,
            description=description,
        )
        for cosigner in cosigners
    ]
    return records


class InvalidAttendance(DomainError):
    default_message = gettext_lazy("This attendance cannot be recorded.")


def _check_attendance(meeting, deputy, status: str) -> None:
    """A session is attended; at a committee meeting its members attend and
    the deputies the office arranged sit in. Raises InvalidAttendance."""
    from deputies import attendance as rules_of_attendance

    allowed = rules_of_attendance.statuses_for(
        meeting,
        is_member=rules_of_attendance.is_committee_member(deputy),
        arranged=MeetingAttendance.objects.filter(
            meeting=meeting, deputy=deputy
        ).exists(),
    )
    if status not in allowed:
        raise InvalidAttendance(
            _("%(deputy)s cannot be recorded as “%(status)s” at %(meeting)s.")
            % {
                "deputy": deputy.name,
                "status": AttendanceStatus(status).label,
                "meeting": meeting,
            }
        )


def attendance_record(meeting, deputy, *, status: str, user) -> MeetingAttendance:
    """Record attendance at a meeting; attending a session or sitting in on a
    committee meeting (confirmed by the office) enters the file. Raises
    InvalidAttendance (a status the meeting or the deputy does not allow:
    sitting in only for those arranged, attending a committee meeting only
    for its members)."""
    from deputies import attendance as rules_of_attendance

    _check_attendance(meeting, deputy, status)
    with transaction.atomic():
        attendance, _created = MeetingAttendance.objects.update_or_create(
            meeting=meeting, deputy=deputy, defaults={"status": status}
        )
        kind = rules_of_attendance.activity_kind(meeting, status)
        if kind is not None:
            record_push(
                deputy,
                source=attendance,
                kind=kind,
                date=meeting.start_date,
                description=str(meeting),
                place=meeting.place,
            )
        else:
            PerformanceRecord.objects.filter(
                source_type=ContentType.objects.get_for_model(attendance),
                source_id=attendance.pk,
            ).delete()
    return attendance


register_kind(
    "deputies.sitting_in_arranged",
    title=gettext_lazy("You are invited to sit in on %(meeting)s"),
    label=gettext_lazy("Invitations to sit in on standing committee meetings"),
    roles=(Role.DEPUTY,),
    body=gettext_lazy(
        "The office has arranged for you to sit in on %(meeting)s on %(date)s "
        "at %(place)s. Sign in with the QR code shown at the meeting; the "
        "office confirms your attendance for your performance file."
    ),
)


def attendance_arrange(meeting, *, deputies, user) -> list[MeetingAttendance]:
    """Put deputies on a committee meeting's list of those to sit in (列席),
    each told by a notice. Deputies listed already, and the committee's
    members (who attend), are skipped. Raises InvalidAttendance (not a
    committee meeting, or a deputy without a serving mandate in its term)."""
    from deputies import attendance as rules_of_attendance

    if meeting.kind != meeting.Kind.COMMITTEE_MEETING:
        raise InvalidAttendance(
            _("Deputies are arranged to sit in on standing committee meetings only.")
        )
    eligible = set(
        rules_of_attendance.arrangeable_deputies(meeting)
        .filter(pk__in=[d.pk for d in deputies])
        .values_list("pk", flat=True)
    )
    refused = [d.name for d in deputies if d.pk not in eligible]
    if refused:
        raise InvalidAttendance(
            _(
                "Cannot arrange for %(names)s to sit in: not a serving deputy of "
                "the term, a committee member or listed already."
            )
            % {"names": "、".join(refused)}
        )
    with transaction.atomic():
        rows = MeetingAttendance.objects.bulk_create(
            MeetingAttendance(
                meeting=meeting, deputy=deputy, status=AttendanceStatus.INVITED
            )
            for deputy in deputies
        )
        params = {
            "meeting": str(meeting),
            "date": meeting.start_date.isoformat(),
            "place": meeting.place or "—",
        }
        notify_bulk(
            [
                NoticeItem(d.user, "deputies.sitting_in_arranged", params, meeting)
                for d in deputies
                if d.user_id is not None
            ]
        )
    return rows


def attendance_unarrange(meeting, deputy, *, user) -> None:
    """Take a deputy off a meeting's sitting-in list while their attendance is
    not yet confirmed. Raises InvalidAttendance (confirmed or not listed)."""
    deleted, _rows = MeetingAttendance.objects.filter(
        meeting=meeting, deputy=deputy, status=AttendanceStatus.INVITED
    ).delete()
    if not deleted:
        raise InvalidAttendance(
            _(
                "Only a deputy arranged to sit in whose attendance is not yet "
                "recorded can be taken off the list."
            )
        )


def attendance_confirm_signed_in(meeting, *, user) -> int:
    """Confirm the sitting in of every arranged deputy who signed in at the
    meeting and is still unconfirmed. Returns how many were confirmed."""
    waiting = MeetingAttendance.objects.filter(
        meeting=meeting, status=AttendanceStatus.INVITED, signed_in_at__isnull=False
    ).select_related("deputy")
    count = 0
    with transaction.atomic():
        for row in waiting:
            attendance_record(
                meeting, row.deputy, status=AttendanceStatus.SAT_IN, user=user
            )
            count += 1
    return count


SIGNED_IN = (AttendanceStatus.ATTENDED, AttendanceStatus.SAT_IN)


def attendance_sign_in(
    meeting, *, deputy, user, now=None
) -> tuple[MeetingAttendance, bool]:
    """A deputy signs in to a meeting with the QR code. At a session of their
    congress this records attendance (and the file's entry); at a committee
    meeting a member is recorded as attending, and a deputy the office
    arranged to sit in is marked as signed in for the office to confirm:
    signing in alone earns no points. Signing in twice keeps the first.
    Returns (attendance, whether it was recorded now).

    Raises PermissionDenied (not this deputy's account; a session of a
    congress the deputy does not serve in; a committee meeting the deputy is
    neither a member of nor arranged to sit in on).
    """
    from deputies import attendance as rules_of_attendance

    if deputy.user_id != user.pk:
        raise PermissionDenied
    if not rules_of_attendance.may_sign_in(meeting, deputy):
        raise PermissionDenied(rules_of_attendance.refusal_message(meeting))
    with transaction.atomic():
        current = (
            MeetingAttendance.objects.select_for_update(of=("self",))
            .filter(meeting=meeting, deputy=deputy)
            .first()
        )
        if current is not None and current.signed_in_at is not None:
            return current, False
        status = rules_of_attendance.sign_in_status(meeting, deputy, current)
        if current is None or current.status != status:
            current = attendance_record(meeting, deputy, status=status, user=user)
        current.signed_in_at = now or timezone.now()
        current.save(update_fields=["signed_in_at"])
        return current, True


def mandate_terminate(
    mandate: Mandate, *, ground: str, date: datetime.date, reason: str, user
) -> Mandate:
    """End a mandate on a legal ground (代表资格终止) and take the deputy out of
    their groups from that date; the registry keeps the history. Raises
    TransitionNotAllowed (ended already)."""
    with transaction.atomic(), history_context(user):
        mandate = transition(
            mandate, MandateStatus.TERMINATED, machine=MANDATE, user=user
        )
        mandate.termination_ground = ground
        mandate.status_date = date
        mandate.status_reason = reason
        mandate.save(
            update_fields=[
                "status",
                "termination_ground",
                "status_date",
                "status_reason",
            ]
        )
        mandate.groups.clear()
    return mandate


def mandate_suspend(
    mandate: Mandate, *, date: datetime.date, reason: str, user
) -> Mandate:
    """Suspend a serving deputy's duties (暂时停止执行代表职务, 代表法 Art. 49:
    detained in a criminal case, or serving a sentence without deprivation of
    political rights). Raises PermissionDenied (not office), DomainError (no
    reason, a future date) or TransitionNotAllowed (not serving)."""
    _require_office(user)
    if not reason.strip():
        raise DomainError(_("Give the reason for the suspension."))
    if date > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    with transaction.atomic(), history_context(user):
        mandate = transition(
            mandate, MandateStatus.SUSPENDED, machine=MANDATE, user=user
        )
        mandate.status_date, mandate.status_reason = date, reason
        mandate.save(update_fields=["status", "status_date", "status_reason"])
    return mandate


def mandate_resume(
    mandate: Mandate, *, date: datetime.date, reason: str, user
) -> Mandate:
    """Resume a suspended deputy's duties once the circumstance has ended.
    Raises PermissionDenied, DomainError or TransitionNotAllowed (not
    suspended)."""
    _require_office(user)
    if not reason.strip():
        raise DomainError(_("Give the reason for resuming the duties."))
    if date > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    with transaction.atomic(), history_context(user):
        mandate = transition(mandate, MandateStatus.SERVING, machine=MANDATE, user=user)
        mandate.status_date, mandate.status_reason = date, reason
        mandate.save(update_fields=["status", "status_date", "status_reason"])
    return mandate


# Exits (代表退出) ------------------------------------------------------------


def _require_office(user) -> None:
    if not user.has_role(Role.OFFICE):
        raise PermissionDenied


def exit_case_open(mandate: Mandate, *, kind: str, reason: str, user) -> ExitCase:
    """Office staff open an exit case on a current mandate. Raises
    PermissionDenied (not office), DomainError (no reason, a second open case)
    or TransitionNotAllowed (the mandate has ended)."""
    _require_office(user)
    if not reason.strip():
        raise DomainError(_("Give the reason for the exit."))
    with transaction.atomic(), history_context(user):
        mandate = Mandate.objects.select_for_update(of=("self",)).get(pk=mandate.pk)
        if mandate.status in ENDED_MANDATE:
            raise TransitionNotAllowed(_("This mandate has already ended."))
        if mandate.exit_cases.filter(status=ExitStatus.PROPOSED).exists():
            raise DomainError(_("This mandate already has an open exit case."))
        return ExitCase.objects.create(
            mandate=mandate, kind=kind, reason=reason, created_by=user
        )


def _exit_lock(case: ExitCase, target: str, *, user) -> ExitCase:
    # Parent before child: the mandate, then its case.
    mandate_id = ExitCase.objects.values_list("mandate_id", flat=True).get(pk=case.pk)
    Mandate.objects.select_for_update(of=("self",)).filter(pk=mandate_id).first()
    return transition(case, target, machine=EXIT_CASE, user=user)


def _exit_close(
    case: ExitCase,
    *,
    target: str,
    decision_date: datetime.date,
    ground: str,
    user,
    fields: list[str],
) -> None:
    case.status = target
    case.decision_date = decision_date
    case.decided_by = user
    case.save(update_fields=["status", "decision_date", "decided_by", *fields])
    if target == ExitStatus.ACCEPTED:
        mandate_terminate(
            case.mandate,
            ground=ground,
            date=decision_date,
            reason=f"{ExitKind(case.kind).label}：{case.reason}",
            user=user,
        )


def exit_case_decide(
    case: ExitCase,
    *,
    accepted: bool,
    decision_date: datetime.date,
    user,
    meeting=None,
    ground: str | None = None,
) -> ExitCase:
    """Record the standing committee's decision on a resignation. Accepted,
    the mandate ends on the decision date on the legal ground given (by
    default the exit's: resignation accepted) and the deputy leaves their
    groups (mandate_terminate). A recall is the constituency's vote, not a
    decision: see exit_case_record_recall_vote. Raises PermissionDenied (not
    office), DomainError (a future date, a recall, an unknown ground) or
    TransitionNotAllowed (decided already)."""
    _require_office(user)
    if decision_date > timezone.localdate():
        raise DomainError(_("The decision date cannot be in the future."))
    if case.kind == ExitKind.RECALL:
        raise DomainError(
            _("A recall is decided by the constituency's vote: record the vote.")
        )
    ground = ground or EXIT_GROUNDS[case.kind]
    if ground not in TerminationGround.values:
        raise DomainError(_("Choose the legal ground."))
    target = ExitStatus.ACCEPTED if accepted else ExitStatus.REFUSED
    with transaction.atomic(), history_context(user):
        case = _exit_lock(case, target, user=user)
        case.meeting = meeting
        _exit_close(
            case,
            target=target,
            decision_date=decision_date,
            ground=ground,
            user=user,
            fields=["meeting"],
        )
    return case


def recall_passes(*, electorate: int, votes_for: int) -> bool:
    """A directly elected deputy is recalled by more than half of the
    constituency's voters (选举法: 须经原选区过半数的选民通过)."""
    return votes_for * 2 > electorate


def exit_case_record_recall_vote(
    case: ExitCase,
    *,
    vote_date: datetime.date,
    electorate: int,
    votes_cast: int,
    votes_for: int,
    user,
) -> ExitCase:
    """Office staff record the constituency's recall vote (罢免) and its
    result: passed, the mandate ends on the vote's date on the ground of
    recall; otherwise the case closes as not recalled. Raises
    PermissionDenied (not office), DomainError (not a recall, a future
    date, figures that do not add up) or TransitionNotAllowed (recorded
    already)."""
    _require_office(user)
    if case.kind != ExitKind.RECALL:
        raise DomainError(_("Only a recall is decided by a vote."))
    if vote_date > timezone.localdate():
        raise DomainError(_("The date of the vote cannot be in the future."))
    if electorate == 0 or not 0 <= votes_for <= votes_cast <= electorate:
        raise DomainError(
            _(
                "The votes for the recall cannot exceed the votes cast, nor the "
                "votes cast the constituency's voters."
            )
        )
    passed = recall_passes(electorate=electorate, votes_for=votes_for)
    target = ExitStatus.ACCEPTED if passed else ExitStatus.REFUSED
    with transaction.atomic(), history_context(user):
        case = _exit_lock(case, target, user=user)
        case.electorate = electorate
        case.votes_cast = votes_cast
        case.votes_for = votes_for
        _exit_close(
            case,
            target=target,
            decision_date=vote_date,
            ground=TerminationGround.RECALL,
            user=user,
            fields=["electorate", "votes_cast", "votes_for"],
        )
    return case


# Reports to voters (述职) ----------------------------------------------------


def voter_report_record(
    deputy,
    *,
    date: datetime.date,
    place: str,
    voters_present: int,
    assessment: str,
    user,
    rating: str | None = None,
) -> VoterReport:
    """Office staff record a deputy's report to voters; it enters the deputy's
    performance file. An "incompetent" appraisal (不称职) tells office staff that
    persuading the deputy to resign may be due (DOMAIN §2.6.3). Raises
    PermissionDenied (not office) or DomainError (bad date or count)."""
    _require_office(user)
    if date > timezone.localdate():
        raise DomainError(_("The date of a report cannot be in the future."))
    if voters_present < 0:
        raise DomainError(_("The number of voters present cannot be negative."))
    with transaction.atomic(), history_context(user):
        report = VoterReport.objects.create(
            deputy=deputy,
            date=date,
            place=place,
            voters_present=voters_present,
            assessment=assessment,
            rating=rating or "",
            created_by=user,
        )
        record_push(
            deputy,
            source=report,
            kind=ActivityKind.REPORT_TO_VOTERS,
            date=date,
            place=place,
            description=_("Reported to voters, %(count)s present.")
            % {"count": voters_present},
        )
        if report.rating == VoterAppraisal.INCOMPETENT:
            _notify_dissatisfied(report)
    return report


def _notify_dissatisfied(report: VoterReport) -> None:
    params = {
        "deputy": report.deputy.name,
        "date": report.date.isoformat(),
        "place": report.place,
    }
    url = report.deputy.get_absolute_url()
    notify_bulk(
        [
            NoticeItem(staff, "deputies.voter_report_dissatisfied", params, report, url)
            for staff in User.objects.with_role(Role.OFFICE)
        ]
    )
