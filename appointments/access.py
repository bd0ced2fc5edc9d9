"""Who sees which appointment file, exam and certificate (one place).

Nominees' files are work secrets (工作秘密) until the vote: before it only
the personnel working committee's staff (office staff of the working body
named in the settings row, or all office staff when none is named) and
leaders see a case. Members see the cases of a meeting from the rule's number
of days before it (the meeting documents). After the vote the file is no
longer secret: members, leaders, viewers and office staff see it.
A candidate sees only their own exam, never the file.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from appointments.models import (
    VOTED_STATUSES,
    AppointmentSettings,
    Attempt,
    Case,
    Person,
)
from appointments.workflow import MEMBER_ACCESS_DAYS
from congress import rules
from congress.roles import Role

# Roles that read files once voted (the register is public to them too).
READERS = (Role.OFFICE, Role.LEADER, Role.MEMBER, Role.VIEWER)


def is_personnel_staff(user) -> bool:
    """Office staff of the personnel working committee (all office staff when
    the settings name no committee)."""
    if not user.is_authenticated or not user.has_role(Role.OFFICE):
        return False
    body_id = AppointmentSettings.load().personnel_body_id
    return body_id is None or user.working_body_id == body_id


def sees_all_files(user) -> bool:
    return user.is_authenticated and (
        user.has_role(Role.LEADER) or is_personnel_staff(user)
    )


def cases_visible_to(
    user, cases: QuerySet[Case] | None = None, *, today: datetime.date | None = None
) -> QuerySet[Case]:
    """The cases whose file `user` may read (see the module docstring)."""
    cases = Case.objects.all() if cases is None else cases
    if not user.is_authenticated or not user.is_active:
        return cases.none()
    if sees_all_files(user):
        return cases
    if not user.has_role(*READERS):
        return cases.none()
    voted = Q(status__in=VOTED_STATUSES)
    if not user.has_role(Role.MEMBER):
        return cases.filter(voted)
    today = today or timezone.localdate()
    days = rules.get(MEMBER_ACCESS_DAYS.key)
    released = Q(meeting__start_date__lte=today + datetime.timedelta(days=days))
    return cases.filter(voted | released)


def can_manage(user) -> bool:
    return is_personnel_staff(user)


def case_get_for_user(user, pk: int, *, action: str = "view") -> Case:
    """The case for `action`: view (the file) or manage (personnel staff).

    Invisible → 404; visible but not allowed → 403."""
    case = (
        cases_visible_to(user)
        .select_related("person", "post__organization", "nominating_body", "meeting")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    if action == "manage" and not can_manage(user):
        raise PermissionDenied
    return case


def require_manager(user) -> None:
    """Refuse (403) anyone but the personnel working committee's staff."""
    if not can_manage(user):
        raise PermissionDenied


def people_visible_to(user) -> QuerySet[Person]:
    """Office-holders' pages: readers see people holding or having held a post
    or with a voted case; the personnel committee and leaders see everyone."""
    people = Person.objects.all()
    if sees_all_files(user):
        return people
    if not user.is_authenticated or not user.has_role(*READERS):
        return people.none()
    return people.filter(
        Q(tenures__isnull=False) | Q(cases__status__in=VOTED_STATUSES)
    ).distinct()


def person_get_for_user(user, pk: int) -> Person:
    person = people_visible_to(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def attempt_get_for_candidate(user, pk: int) -> Attempt:
    """The candidate's own attempt; anyone else's is 404."""
    attempt = (
        Attempt.objects.for_candidate(user)
        .select_related("session__paper", "case__person", "case__post__organization")
        .filter(pk=pk)
        .first()
    )
    if attempt is None:
        raise Http404
    return attempt


def attempt_get_for_staff(user, pk: int) -> Attempt:
    """An attempt for marking or paper entry: personnel staff only."""
    require_manager(user)
    attempt = (
        Attempt.objects.select_related(
            "session__paper", "case__person", "case__post__organization"
        )
        .filter(pk=pk)
        .first()
    )
    if attempt is None:
        raise Http404
    return attempt


def personnel_staff():
    """The users who keep the files (for notices)."""
    from congress.models import User

    body_id = AppointmentSettings.load().personnel_body_id
    staff = User.objects.with_role(Role.OFFICE)
    return staff if body_id is None else staff.filter(working_body_id=body_id)


def appraisals_visible_to(user, appraisals=None):
    """Readers see every appraisal; deputies the published results."""
    from appointments.models import Appraisal

    appraisals = Appraisal.objects.all() if appraisals is None else appraisals
    if not user.is_authenticated or not user.is_active:
        return appraisals.none()
    if user.has_role(*READERS):
        return appraisals
    if user.has_role(Role.DEPUTY):
        return appraisals.filter(published=True)
    return appraisals.none()


def appraisal_get_for_user(user, pk: int, *, action: str = "view"):
    """view: readers and (published) deputies; manage: personnel staff."""
    appraisal = (
        appraisals_visible_to(user)
        .select_related("person", "tenure__post__organization")
        .filter(pk=pk)
        .first()
    )
    if appraisal is None:
        raise Http404
    if action == "manage" and not can_manage(user):
        raise PermissionDenied
    return appraisal
