"""Work-appraisal services (工作评议).

Order: appraisal_propose (candidates after consultation with the party
committee and the government) → appraisal_vote_create (one standing-committee
ballot per candidate, "表决通过": more than half of all members; staff open and
count it on the congress ballot pages; members vote in their electorate, once)
→ the ballot's close selects or drops the candidate (appraisal_ballot_settle,
automatic) → appraisal_prepare (准备: plan, team, announcement; the department
is told) → appraisal_investigate (调查) → appraisal_deliberate (审议: findings,
meeting) → appraisal_opinion_send (整改: opinion and deadline) →
appraisal_rectification_report (the department) → appraisal_satisfaction_create
→ the ballot's close passes it (closed) or sends it back to rectify →
appraisal_feedback (the result fed back to the party committee).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import rules
from congress.ballots import ballot_create
from congress.calendar import add_months
from congress.exceptions import DomainError
from congress.history import history_context
from congress.models import Ballot, Meeting, Organization, User
from congress.notifications import notify_bulk, register_kind
from congress.roles import Role
from congress.workflow import transition
from supervision import workflow
from supervision.models import Appraisal, AppraisalEvent, AppraisalStatus
from supervision.services import body_staff, org_users

A = AppraisalStatus

register_kind(
    "supervision.appraisal_selected",
    title=gettext_lazy("Work appraisal %(year)s: %(department)s"),
    body=gettext_lazy(
        "The standing committee selected %(department)s for its work appraisal "
        "of %(year)s: preparation, investigation, deliberation and rectification."
    ),
    roles=(Role.ORG_LIAISON, Role.ORG_HEAD),
    sample={"year": 2026, "department": "县教育局"},
)
register_kind(
    "supervision.appraisal_opinion",
    title=gettext_lazy("Appraisal opinion: %(department)s"),
    body=gettext_lazy(
        "The appraisal opinion is sent; report the rectification by %(due)s."
    ),
    roles=(Role.ORG_LIAISON, Role.ORG_HEAD),
    sample={"department": "县教育局", "due": "2026-09-30"},
)
register_kind(
    "supervision.appraisal_reported",
    title=gettext_lazy("Rectification reported: %(department)s"),
    body=gettext_lazy("The department reported its rectification after appraisal."),
    roles=(Role.OFFICE,),
    sample={"department": "县教育局"},
)


class AppraisalRefused(DomainError):
    """A rule of work appraisals refuses the step."""


def _event(appraisal, type_: str, *, user, now, comment: str = "", **data) -> None:
    AppraisalEvent.objects.create(
        appraisal=appraisal,
        type=f"supervision.appraisal_{type_}",
        actor=user,
        comment=comment,
        data=data,
        created_at=now,
    )


def _notify_department(appraisal: Appraisal, kind: str, **params) -> None:
    people = org_users([appraisal.department_id]).get(appraisal.department_id, [])
    params = {"year": appraisal.year, "department": appraisal.department.name, **params}
    url = appraisal.get_absolute_url()
    notify_bulk([(person, kind, params, appraisal, url) for person in people])


def appraisal_propose(
    *,
    year: int,
    department: Organization,
    working_body: Organization,
    user: User | None,
    now: datetime.datetime | None = None,
) -> Appraisal:
    """A candidate department of the year; once per department and year.
    Raises AppraisalRefused."""
    now = now or timezone.now()
    if department.kind != Organization.Kind.GOVERNMENT_DEPARTMENT:
        raise AppraisalRefused(_("Only government departments are appraised."))
    with transaction.atomic(), history_context(user):
        if Appraisal.objects.filter(year=year, department=department).exists():
            raise AppraisalRefused(
                _("%(department)s is already a candidate of %(year)s.")
                % {"department": department.name, "year": year}
            )
        appraisal = Appraisal.objects.create(
            year=year, department=department, working_body=working_body
        )
        _event(appraisal, "proposed", user=user, now=now)
    return appraisal


def appraisal_vote_create(
    *,
    year: int,
    user: User,
    mode: str = Ballot.Mode.ONLINE,
    meeting: Meeting | None = None,
    now: datetime.datetime | None = None,
) -> list[Ballot]:
    """Draft one committee ballot (for/against/abstain, more than half of all
    members) for each candidate of `year` not yet put to the vote. Raises
    AppraisalRefused when there is none."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        candidates = list(
            Appraisal.objects.select_for_update(of=("self",))
            .select_related("department")
            .filter(year=year, status=A.CANDIDATE, selection_ballot__isnull=True)
            .order_by("pk")
        )
        if not candidates:
            raise AppraisalRefused(_("No candidate of this year awaits a vote."))
        made = []
        for appraisal in candidates:
            ballot = ballot_create(
                title=_("Work appraisal %(year)s: select %(department)s")
                % {"year": year, "department": appraisal.department.name},
                kind=Ballot.Kind.VOTE,
                body=Ballot.Body.COMMITTEE,
                mode=mode,
                pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,
                subject=appraisal,
                meeting=meeting,
                user=user,
            )
            appraisal.selection_ballot = ballot
            appraisal.save(update_fields=["selection_ballot"])
            _event(appraisal, "vote_created", user=user, now=now, ballot=ballot.pk)
            made.append(ballot)
    return made


def appraisal_ballot_settle(ballot: Ballot, *, now=None) -> Appraisal | None:
    """After a closed ballot (automatic): a selection vote selects or drops
    its candidate; a satisfaction vote closes the appraisal or sends it back
    to rectify. None when the ballot is no appraisal's or already settled."""
    now = now or timezone.now()
    appraisal = (
        Appraisal.objects.filter(selection_ballot=ballot, status=A.CANDIDATE).first()
        or Appraisal.objects.filter(satisfaction_ballot=ballot, status=A.VOTING).first()
    )
    if appraisal is None:
        return None
    percent = (ballot.result or {}).get("approval_percent")
    with transaction.atomic(), history_context(None):
        if appraisal.status == A.CANDIDATE:
            target = A.SELECTED if ballot.passed else A.NOT_SELECTED
        else:
            target = A.CLOSED if ballot.passed else A.RECTIFICATION
        appraisal = transition(appraisal, target, machine=workflow.APPRAISAL, user=None)
        fields = ["status"]
        if target == A.RECTIFICATION:
            appraisal.rectification_due_on = add_months(
                timezone.localdate(now), rules.get(workflow.RECTIFICATION_MONTHS.key)
            )
            fields.append("rectification_due_on")
        appraisal.save(update_fields=fields)
        types = {
            A.SELECTED: "selected",
            A.NOT_SELECTED: "not_selected",
            A.CLOSED: "passed",
            A.RECTIFICATION: "failed",
        }
        _event(appraisal, types[target], user=None, now=now, percent=percent)
        if target == A.SELECTED:
            _notify_department(appraisal, "supervision.appraisal_selected")
        if target == A.RECTIFICATION:
            _notify_department(
                appraisal,
                "supervision.appraisal_opinion",
                due=str(appraisal.rectification_due_on),
            )
    return appraisal


def appraisal_prepare(
    appraisal: Appraisal,
    *,
    user: User,
    work_plan: str,
    team: str,
    announced_on: datetime.date,
    now=None,
) -> Appraisal:
    """准备: the appraisal plan, the investigation team and the day the
    selection was reported to the party committee and announced."""
    now = now or timezone.now()
    if not work_plan.strip():
        raise AppraisalRefused(_("Write the appraisal plan."))
    with transaction.atomic(), history_context(user):
        appraisal = transition(
            appraisal, A.PREPARATION, machine=workflow.APPRAISAL, user=user
        )
        appraisal.work_plan, appraisal.team = work_plan, team
        appraisal.announced_on = announced_on
        appraisal.save(update_fields=["status", "work_plan", "team", "announced_on"])
        _event(appraisal, "preparation", user=user, now=now)
    return appraisal


def appraisal_investigate(appraisal: Appraisal, *, user: User, now=None) -> Appraisal:
    """调查: the team starts visits, forums, document review and site checks."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        appraisal = transition(
            appraisal, A.INVESTIGATION, machine=workflow.APPRAISAL, user=user
        )
        appraisal.save(update_fields=["status"])
        _event(appraisal, "investigation", user=user, now=now)
    return appraisal


def appraisal_deliberate(
    appraisal: Appraisal,
    *,
    user: User,
    investigation: str,
    opinions_collected: int,
    problems_found: int,
    meeting: Meeting | None,
    now=None,
) -> Appraisal:
    """审议: the investigation's findings (opinions collected, problems
    found) go with the department's report to the committee's meeting."""
    now = now or timezone.now()
    if not investigation.strip():
        raise AppraisalRefused(_("Summarise what the investigation found."))
    if problems_found > opinions_collected and opinions_collected:
        raise AppraisalRefused(
            _("Problems found cannot exceed the opinions collected.")
        )
    with transaction.atomic(), history_context(user):
        appraisal = transition(
            appraisal, A.DELIBERATION, machine=workflow.APPRAISAL, user=user
        )
        appraisal.investigation = investigation
        appraisal.opinions_collected = opinions_collected
        appraisal.problems_found = problems_found
        appraisal.meeting = meeting
        appraisal.save(
            update_fields=[
                "status",
                "investigation",
                "opinions_collected",
                "problems_found",
                "meeting",
            ]
        )
        _event(appraisal, "deliberation", user=user, now=now)
    return appraisal


def appraisal_opinion_send(
    appraisal: Appraisal, *, user: User, opinion: str, now=None
) -> Appraisal:
    """整改: the committee's appraisal opinion goes to the department with a
    deadline for its rectification report (a rule, in months)."""
    now = now or timezone.now()
    if not opinion.strip():
        raise AppraisalRefused(_("Write the appraisal opinion."))
    with transaction.atomic(), history_context(user):
        appraisal = transition(
            appraisal, A.RECTIFICATION, machine=workflow.APPRAISAL, user=user
        )
        appraisal.opinion = opinion
        appraisal.rectification_due_on = add_months(
            timezone.localdate(now), rules.get(workflow.RECTIFICATION_MONTHS.key)
        )
        appraisal.save(update_fields=["status", "opinion", "rectification_due_on"])
        _event(appraisal, "rectification", user=user, now=now)
        _notify_department(
            appraisal,
            "supervision.appraisal_opinion",
            due=appraisal.rectification_due_on.isoformat(),
        )
    return appraisal


def appraisal_rectification_report(
    appraisal: Appraisal, *, user: User, report: str, now=None
) -> Appraisal:
    """The department's rectification report (staff may enter it for them).
    Raises AppraisalRefused for another organisation's people."""
    now = now or timezone.now()
    if not user.has_role(Role.OFFICE) and user.organization_id != (
        appraisal.department_id
    ):
        raise AppraisalRefused(_("Only the department appraised reports on it."))
    if not report.strip():
        raise AppraisalRefused(_("Write the rectification report."))
    with transaction.atomic(), history_context(user):
        appraisal = transition(
            appraisal, A.REPORTED, machine=workflow.APPRAISAL, user=user
        )
        appraisal.rectification_report, appraisal.reported_at = report, now
        appraisal.save(update_fields=["status", "rectification_report", "reported_at"])
        _event(appraisal, "reported", user=user, now=now)
        staff = body_staff([appraisal.working_body_id]).get(appraisal.working_body_id)
        notify_bulk(
            [
                (
                    person,
                    "supervision.appraisal_reported",
                    {"department": appraisal.department.name},
                    appraisal,
                    appraisal.get_absolute_url(),
                )
                for person in staff or []
            ]
        )
    return appraisal


def appraisal_satisfaction_create(
    appraisal: Appraisal,
    *,
    user: User,
    mode: str = Ballot.Mode.ONLINE,
    meeting: Meeting | None = None,
    now=None,
) -> Ballot:
    """The committee's satisfaction vote on the rectification report (the
    threshold rule of every satisfaction vote); its close settles it."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        appraisal = transition(
            appraisal, A.VOTING, machine=workflow.APPRAISAL, user=user
        )
        ballot = ballot_create(
            title=_("Satisfaction vote on the rectification of %(department)s")
            % {"department": appraisal.department.name},
            kind=Ballot.Kind.SATISFACTION,
            body=Ballot.Body.COMMITTEE,
            mode=mode,
            pass_rule=Ballot.PassRule.SATISFACTION_THRESHOLD,
            subject=appraisal,
            meeting=meeting or appraisal.meeting,
            user=user,
        )
        appraisal.satisfaction_ballot = ballot
        appraisal.save(update_fields=["status", "satisfaction_ballot"])
        _event(appraisal, "voting", user=user, now=now, ballot=ballot.pk)
    return ballot


def appraisal_feedback(
    appraisal: Appraisal, *, user: User, feedback: str, now=None
) -> Appraisal:
    """Record the result as fed back to the party committee (closed only)."""
    now = now or timezone.now()
    if not feedback.strip():
        raise AppraisalRefused(_("Write what was fed back."))
    with transaction.atomic(), history_context(user):
        appraisal = Appraisal.objects.select_for_update(of=("self",)).get(
            pk=appraisal.pk
        )
        if appraisal.status != A.CLOSED:
            raise AppraisalRefused(
                _("The result is fed back once the appraisal closed.")
            )
        appraisal.feedback = feedback
        appraisal.save(update_fields=["feedback"])
        _event(appraisal, "closed", user=user, now=now)
    return appraisal
