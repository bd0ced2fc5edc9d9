"""The annual appraisal by report (述职评议) of officials the committee
appointed: topics from deputies, candidates, subjects fixed by a secret vote
of the chairpersons' meeting, the session, the satisfaction vote and its
outcome. 满意 or 基本满意 pass; 不满意 orders rectification within the
rule's days and puts the official on next year's list at once; a second
不满意 in a row flags the appraisal so staff draft an interpellation
(never automatically)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appointments.models import (
    Appraisal,
    AppraisalEvent,
    AppraisalOutcome,
    AppraisalStatus,
    AppraisalTopic,
    Tenure,
)
from appointments.services.cases import CaseRefused
from appointments.workflow import APPRAISAL, RECTIFICATION_DAYS
from congress import ballots, rules
from congress.history import history_context
from congress.models import Ballot, User
from congress.notifications import notify_bulk, register_kind
from congress.roles import Role
from congress.workflow import transition

A = AppraisalStatus

register_kind(
    "appointments.interpellation_prompt",
    title=gettext_lazy("%(name)s was rated dissatisfied a second time"),
    body=gettext_lazy(
        "The appraisal rules call for an interpellation: draft it for the "
        "members to sign."
    ),
)


def _event(appraisal, type, *, user, now, data=None, comment=""):
    return AppraisalEvent.objects.create(
        appraisal=appraisal,
        type=type,
        actor=user,
        created_at=now,
        data=data or {},
        comment=comment,
    )


def topic_submit(
    *, user: User, year: int, about: str, text: str, now=None
) -> AppraisalTopic:
    """A deputy's question for the year's appraisals (问题征集)."""
    if not user.has_role(Role.DEPUTY):
        raise CaseRefused(_("Only deputies submit appraisal questions."))
    if not about.strip() or not text.strip():
        raise CaseRefused(_("Name the official or post and write the question."))
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        return AppraisalTopic.objects.create(
            year=year,
            submitted_by=user,
            about=about.strip()[:100],
            text=text.strip()[:2000],
            created_at=now,
        )


def appraisal_propose(
    *, tenure: Tenure, year: int, user: User, topics=(), now=None
) -> Appraisal:
    """Put an office-holder on the year's list of candidates."""
    now = now or timezone.now()
    if tenure.end_date is not None:
        raise CaseRefused(_("Only a current office-holder is appraised."))
    if Appraisal.objects.filter(year=year, tenure=tenure).exists():
        raise CaseRefused(_("This official is already on the year's list."))
    with transaction.atomic(), history_context(user):
        appraisal = Appraisal.objects.create(
            year=year, tenure=tenure, person=tenure.person
        )
        appraisal.topics.set(topics)
        _event(appraisal, "appointments.appraisal_proposed", user=user, now=now)
    return appraisal


def appraisal_selection_ballot(appraisal: Appraisal, *, user: User) -> Ballot:
    """The chairpersons' meeting's secret vote on a candidate (draft)."""
    return _ballot(
        appraisal,
        user=user,
        field="selection_ballot",
        status=A.CANDIDATE,
        kind=Ballot.Kind.VOTE,
        body=Ballot.Body.CHAIRPERSONS,
        pass_rule=Ballot.PassRule.MAJORITY_OF_ALL,
        title=_("Appraisal subject: %(name)s") % {"name": appraisal.person.name},
    )


def appraisal_scoring_ballot(appraisal: Appraisal, *, user: User) -> Ballot:
    """The members' satisfaction vote after the report was heard (draft)."""
    return _ballot(
        appraisal,
        user=user,
        field="scoring_ballot",
        status=A.REPORTED,
        kind=Ballot.Kind.SATISFACTION,
        body=Ballot.Body.COMMITTEE,
        pass_rule=Ballot.PassRule.SATISFACTION_THRESHOLD,
        title=_("Satisfaction with %(name)s's work report")
        % {"name": appraisal.person.name},
    )


def _ballot(appraisal, *, user, field, status, title, **options) -> Ballot:
    with transaction.atomic(), history_context(user):
        appraisal = Appraisal.objects.select_for_update(of=("self",)).get(
            pk=appraisal.pk
        )
        if appraisal.status != status or getattr(appraisal, f"{field}_id"):
            raise CaseRefused(_("The vote is not due at this stage."))
        ballot = ballots.ballot_create(
            title=title,
            mode=Ballot.Mode.PAPER,
            subject=appraisal,
            user=user,
            **options,
        )
        setattr(appraisal, field, ballot)
        appraisal.save(update_fields=[field])
    return ballot


def appraisal_hold_session(
    appraisal: Appraisal,
    *,
    user: User,
    held_on: datetime.date,
    report: str,
    now=None,
) -> Appraisal:
    """The session: the official's written report heard and questioned."""
    now = now or timezone.now()
    if not report.strip():
        raise CaseRefused(_("Attach the official's written work report."))
    with transaction.atomic(), history_context(user):
        appraisal = transition(appraisal, A.REPORTED, machine=APPRAISAL, user=user)
        appraisal.session_on, appraisal.report = held_on, report
        appraisal.save(update_fields=["status", "session_on", "report"])
        _event(appraisal, "appointments.appraisal_session", user=user, now=now)
    return appraisal


def appraisal_rectified(
    appraisal: Appraisal, *, user: User, report: str, now=None
) -> Appraisal:
    now = now or timezone.now()
    if not report.strip():
        raise CaseRefused(_("Write what was rectified."))
    with transaction.atomic(), history_context(user):
        appraisal = transition(appraisal, A.RECTIFIED, machine=APPRAISAL, user=user)
        appraisal.rectification_report = report
        appraisal.save(update_fields=["status", "rectification_report"])
        _event(appraisal, "appointments.appraisal_rectified", user=user, now=now)
    return appraisal


def appraisal_publish(appraisal: Appraisal, *, user: User) -> Appraisal:
    if appraisal.status not in (A.PASSED, A.RECTIFICATION, A.RECTIFIED):
        raise CaseRefused(_("Only a scored appraisal is published."))
    with transaction.atomic(), history_context(user):
        Appraisal.objects.filter(pk=appraisal.pk).update(published=True)
    appraisal.published = True
    return appraisal


def on_ballot_closed(sender, ballot: Ballot, **kwargs) -> None:
    """Receiver of `ballot_closed` for appraisal ballots."""
    if ballot.content_type_id != ContentType.objects.get_for_model(Appraisal).pk:
        return
    appraisal = Appraisal.objects.filter(pk=ballot.object_id).first()
    if appraisal is not None:
        appraisal_vote_result(appraisal, ballot=ballot)


def appraisal_deputy_scores(
    appraisal: Appraisal,
    *,
    user: User,
    satisfied: int,
    basically_satisfied: int,
    dissatisfied: int,
    now=None,
) -> Appraisal:
    """Record the paper totals of the invited deputies' scores, counted with
    the members' votes when the satisfaction ballot closes. Raises
    CaseRefused (not at the scoring stage, or a negative count)."""
    now = now or timezone.now()
    counts = {
        "deputies_satisfied": satisfied,
        "deputies_basically_satisfied": basically_satisfied,
        "deputies_dissatisfied": dissatisfied,
    }
    if any(value < 0 for value in counts.values()):
        raise CaseRefused(_("Counts cannot be negative."))
    with transaction.atomic(), history_context(user):
        appraisal = Appraisal.objects.select_for_update(of=("self",)).get(
            pk=appraisal.pk
        )
        if appraisal.status != A.REPORTED:
            raise CaseRefused(
                _("The invited deputies' scores are recorded before the result.")
            )
        for field, value in counts.items():
            setattr(appraisal, field, value)
        appraisal.save(update_fields=list(counts))
        _event(
            appraisal,
            "appointments.appraisal_deputy_scores",
            user=user,
            now=now,
            data=counts,
        )
    return appraisal


def combined_scores(ballot: Ballot, appraisal: Appraisal) -> dict[str, int]:
    """The members' votes and the invited deputies' scores together."""
    result = ballot.result or {}
    counts = {
        "satisfied": result.get("satisfied", 0) + appraisal.deputies_satisfied,
        "basically_satisfied": result.get("basically_satisfied", 0)
        + appraisal.deputies_basically_satisfied,
        "dissatisfied": result.get("dissatisfied", 0) + appraisal.deputies_dissatisfied,
    }
    counts["voting"] = sum(counts.values())
    return counts


def outcome_of(ballot: Ballot, appraisal: Appraisal) -> str:
    """Over the members' votes and the invited deputies' scores: 满意 when
    most say satisfied; 基本满意 when the satisfied and basically satisfied
    reach the ballot's threshold otherwise; 不满意 below it."""
    counts = combined_scores(ballot, appraisal)
    voting = counts["voting"]
    approving = counts["satisfied"] + counts["basically_satisfied"]
    threshold = ballot.threshold_percent or 0
    if not voting or approving * 100 < threshold * voting:
        return AppraisalOutcome.DISSATISFIED
    if counts["satisfied"] * 2 > voting:
        return AppraisalOutcome.SATISFIED
    return AppraisalOutcome.BASICALLY


def appraisal_vote_result(
    appraisal: Appraisal, *, ballot: Ballot, now=None
) -> Appraisal:
    """Apply a closed selection or satisfaction ballot (by the system, once)."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Appraisal.objects.select_for_update(of=("self",)).get(pk=appraisal.pk)
        if ballot.pk == current.selection_ballot_id and current.status == A.CANDIDATE:
            target = A.SELECTED if ballot.passed else A.NOT_SELECTED
            appraisal = transition(current, target, machine=APPRAISAL, user=None)
            appraisal.save(update_fields=["status"])
            _event(
                appraisal,
                "appointments.appraisal_selection",
                user=None,
                now=now,
                data={"selected": bool(ballot.passed)},
            )
        elif ballot.pk == current.scoring_ballot_id and current.status == A.REPORTED:
            appraisal = _scored(current, ballot, now)
        else:
            return current
    return appraisal


def _scored(appraisal: Appraisal, ballot: Ballot, now) -> Appraisal:
    outcome = outcome_of(ballot, appraisal)
    failed = outcome == AppraisalOutcome.DISSATISFIED
    appraisal = transition(
        appraisal,
        A.RECTIFICATION if failed else A.PASSED,
        machine=APPRAISAL,
        user=None,
    )
    appraisal.outcome = outcome
    if failed:
        days = rules.get(RECTIFICATION_DAYS.key)
        appraisal.rectify_by = timezone.localdate(now) + datetime.timedelta(days=days)
        previous = appraisal.carried_from
        appraisal.escalated = bool(
            previous and previous.outcome == AppraisalOutcome.DISSATISFIED
        )
    appraisal.save(update_fields=["status", "outcome", "rectify_by", "escalated"])
    _event(
        appraisal,
        "appointments.appraisal_scored",
        user=None,
        now=now,
        data={
            "outcome": outcome,
            "result": ballot.result,
            "with_deputies": combined_scores(ballot, appraisal),
        },
    )
    if failed:
        _carry_over(appraisal, now)
    if appraisal.escalated:
        _prompt_interpellation(appraisal)
    return appraisal


def _carry_over(appraisal: Appraisal, now) -> None:
    """不满意: next year's subject directly, without a new selection."""
    if appraisal.tenure.end_date is not None:
        return
    follow, created = Appraisal.objects.get_or_create(
        year=appraisal.year + 1,
        tenure=appraisal.tenure,
        defaults={
            "person": appraisal.person,
            "status": A.SELECTED,
            "carried_from": appraisal,
        },
    )
    if created:
        _event(
            follow,
            "appointments.appraisal_carried_over",
            user=None,
            now=now,
            data={"from": appraisal.pk},
        )


def _prompt_interpellation(appraisal: Appraisal) -> None:
    from appointments.access import personnel_staff

    notify_bulk(
        [
            (
                user,
                "appointments.interpellation_prompt",
                {"name": appraisal.person.name},
                appraisal,
                appraisal.get_absolute_url(),
            )
            for user in personnel_staff()
        ]
    )


def interpellation_draft(appraisal: Appraisal, *, user: User):
    """Staff draft an interpellation after a second 不满意, through the
    supervision app (supervision.interpellations.interpellation_draft, which
    returns the existing draft for the same appraisal on a second call).

    Returns the draft interpellation, or None when the supervision app is not
    installed (the page then gives staff the wording). Raises CaseRefused
    unless the appraisal is escalated.
    """
    if not appraisal.escalated:
        raise CaseRefused(_("Only a second dissatisfied result calls for this."))
    try:
        from supervision.interpellations import interpellation_draft as draft
    except ImportError:
        draft = None
    result = None
    if draft is not None:
        result = draft(
            organization=appraisal.tenure.post.organization,
            subject=interpellation_title(appraisal),
            reason=_(
                "Rated dissatisfied in the appraisal by report of %(previous)s "
                "and again of %(year)s."
            )
            % {"previous": appraisal.year - 1, "year": appraisal.year},
            source=appraisal,
            user=user,
        )
    with transaction.atomic(), history_context(user):
        Appraisal.objects.filter(pk=appraisal.pk).update(interpellation_drafted=True)
        _event(
            appraisal,
            "appointments.interpellation_drafted",
            user=user,
            now=timezone.now(),
            data={"by_supervision": draft is not None},
        )
    return result


def interpellation_title(appraisal: Appraisal) -> str:
    return _("Interpellation on the work of %(name)s, %(post)s") % {
        "name": appraisal.person.name,
        "post": appraisal.tenure.post,
    }


__all__ = [
    "appraisal_hold_session",
    "appraisal_propose",
    "appraisal_publish",
    "appraisal_rectified",
    "appraisal_scoring_ballot",
    "appraisal_selection_ballot",
    "appraisal_vote_result",
    "interpellation_draft",
    "on_ballot_closed",
    "topic_submit",
]
