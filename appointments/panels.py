"""Workspace panels and links for appointments (registered from ready()).

Each panel costs a fixed few queries whatever the number of cases.
"""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments import access
from appointments.models import Appraisal, Attempt, AttemptStatus, Case, CaseStatus
from congress.roles import Role
from congress.workspaces import register_links, register_panel


def _open_cases_by_step(user) -> dict[str, int]:
    """Open cases per status, one query, kept on the user object for the
    panel's count and its context in the same request."""
    if not hasattr(user, "_appointment_steps"):
        rows = Case.objects.open().values("status").annotate(n=Count("pk")).order_by()
        user._appointment_steps = {row["status"]: row["n"] for row in rows}
    return user._appointment_steps


def _personnel_count(user):
    if not access.can_manage(user):
        return None
    return sum(_open_cases_by_step(user).values())


def _personnel_context(user):
    if not access.can_manage(user):
        return {"steps": [], "unsworn": 0}
    from appointments.services import unsworn

    counts = _open_cases_by_step(user)
    steps = [
        (status.label, counts[status]) for status in CaseStatus if status in counts
    ]
    return {"steps": steps, "unsworn": unsworn().count()}


def _candidate_attempts(user):
    return Attempt.objects.for_candidate(user).exclude(status=AttemptStatus.MARKED)


def _upcoming(user):
    today = timezone.localdate()
    return (
        access.cases_visible_to(user)
        .filter(meeting__start_date__gte=today, status=CaseStatus.VOTE)
        .select_related("person", "post__organization", "meeting")
        .order_by("meeting__start_date", "pk")
    )


def _pending_oaths(user):
    return access.cases_visible_to(user).filter(status=CaseStatus.OATH)


def register() -> None:
    register_panel(
        Role.OFFICE,
        "appointments.cases",
        title=_("Appointment cases by step"),
        order=40,
        count=_personnel_count,
        url_name="appointments:board",
        template="appointments/panels/_steps.html",
        context=_personnel_context,
        when=access.can_manage,
    )
    register_panel(
        Role.CANDIDATE,
        "appointments.my_exams",
        title=_("My legal-knowledge exams"),
        order=10,
        count=lambda user: _candidate_attempts(user).count(),
        url_name="appointments:my_exams",
        template="appointments/panels/_exams.html",
        context=lambda user: {
            "attempts": _candidate_attempts(user).select_related("session")[:5]
        },
    )
    register_panel(
        Role.MEMBER,
        "appointments.next_meeting",
        title=_("Appointments before the committee"),
        order=40,
        count=lambda user: _upcoming(user).count(),
        url_name="appointments:meeting_cases",
        template="appointments/panels/_cases.html",
        context=lambda user: {"cases": _upcoming(user)[:5]},
    )
    register_panel(
        Role.LEADER,
        "appointments.upcoming_votes",
        title=_("Upcoming appointment votes"),
        order=40,
        count=lambda user: _upcoming(user).count(),
        url_name="appointments:meeting_cases",
        template="appointments/panels/_cases.html",
        context=lambda user: {"cases": _upcoming(user)[:5]},
    )
    register_panel(
        Role.LEADER,
        "appointments.pending_oaths",
        title=_("Appointees awaiting the constitutional oath"),
        order=41,
        count=lambda user: _pending_oaths(user).count(),
        url_name="appointments:ceremony_list",
    )
    register_panel(
        Role.OFFICE,
        "appointments.interpellations",
        title=_("Appraisals calling for an interpellation"),
        order=41,
        count=lambda user: (
            Appraisal.objects.filter(
                escalated=True, interpellation_drafted=False
            ).count()
            if access.can_manage(user)
            else None
        ),
        url_name="appointments:appraisal_list",
        when=access.can_manage,
    )
    readers = set(access.READERS)
    office = {Role.OFFICE}
    register_links(
        _("Appointments: the personnel committee's work"),
        order=39,
        links=[
            ("appointments:board", _("Case board"), office),
            ("appointments:batch_list", _("Batches"), office),
            ("appointments:session_list", _("Exam sessions"), office),
            ("appointments:question_list", _("Question bank"), office),
        ],
        when=access.can_manage,
    )
    register_links(
        _("Appointments and removals"),
        order=40,
        links=[
            (
                "appointments:meeting_cases",
                _("Appointments before the committee"),
                {Role.MEMBER, Role.LEADER},
            ),
            ("appointments:ceremony_list", _("Constitutional oath"), readers),
            ("appointments:register", _("Register of office-holders"), readers),
            ("appointments:statistics", _("Appointment statistics"), readers),
            ("appointments:my_exams", _("My exams"), {Role.CANDIDATE}),
            (
                "appointments:appraisal_list",
                _("Appraisal by report"),
                {*readers, Role.DEPUTY},
            ),
            (
                "appointments:topic_create",
                _("Questions for the appraisal by report"),
                {Role.DEPUTY},
            ),
        ],
    )
