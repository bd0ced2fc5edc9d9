"""Proposals services: a motion (议案) after the presidium's decision.

A motion the presidium puts on the agenda (列入议程, or refers to a special
committee) is not assigned for a reply as a suggestion is: it is referred to
a special committee for deliberation (motion_refer), the committee reports
(审议结果报告, motion_report), and the congress adopts a resolution or a
decision on it (决议/决定, motion_resolve), which closes the item. A motion
the presidium converts (作为建议处理) becomes a suggestion and follows the
suggestion workflow (proposals_number, proposals_assign, ...).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.exceptions import DomainError, TransitionNotAllowed
from congress.history import history_context
from congress.models import Organization
from congress.notifications import notify, register_kind
from congress.roles import Role
from congress.workflow import transition
from proposals import workflow
from proposals.models import (
    MotionOutcome,
    MotionReview,
    MotionReviewStatus,
    PresidiumDecision,
    Proposal,
    ProposalKind,
    ProposalStatus,
)

__all__ = ["motion_refer", "motion_report", "motion_resolve"]

MR = MotionReviewStatus
ON_AGENDA = (PresidiumDecision.ON_AGENDA, PresidiumDecision.REFERRED)

_KINDS = {
    "proposals.motion_committee": (
        gettext_lazy("Your motion “%(title)s” is deliberated by %(committee)s"),
        gettext_lazy("The special committee reports on it to the presidium."),
    ),
    "proposals.motion_reported": (
        gettext_lazy("The deliberation report on your motion “%(title)s”"),
        gettext_lazy("%(committee)s made its deliberation report."),
    ),
    "proposals.motion_resolved": (
        gettext_lazy("Your motion “%(title)s” ended in %(outcome)s"),
        gettext_lazy("“%(outcome_title)s” was adopted on %(date)s."),
    ),
}
_SAMPLE = {
    "committee": gettext_lazy("The legal affairs committee"),
    "outcome": MotionOutcome.RESOLUTION.label,
    "outcome_title": gettext_lazy("Resolution on repairing village primary schools"),
}
for _key, (_title, _body) in _KINDS.items():
    register_kind(_key, title=_title, body=_body, sample=_SAMPLE)


def _require_office(user) -> None:
    if not (user.is_active and user.has_role(Role.OFFICE)):
        raise PermissionDenied


def _notify_lead(proposal: Proposal, kind: str, **params) -> None:
    if proposal.lead_deputy.user_id:
        notify(
            proposal.lead_deputy.user,
            kind,
            params={"title": proposal.title, **params},
            target=proposal,
        )


def _check_referable(proposal: Proposal) -> None:
    if proposal.kind != ProposalKind.MOTION or proposal.presidium_decision not in (
        ON_AGENDA
    ):
        raise DomainError(
            _(
                "Only a motion the presidium put on the agenda is referred to a "
                "special committee; a motion handled as a suggestion is assigned."
            )
        )
    if proposal.status != ProposalStatus.REGISTERED or proposal.number is None:
        raise TransitionNotAllowed(
            _("The motion is referred once it is numbered; it is “%(status)s”.")
            % {"status": ProposalStatus(proposal.status).label}
        )
    if MotionReview.objects.filter(proposal=proposal).exists():
        raise TransitionNotAllowed(_("The motion has already been referred."))


def motion_refer(
    proposal: Proposal,
    *,
    committee: Organization,
    referred_on: datetime.date,
    user,
    now: datetime.datetime | None = None,
) -> MotionReview:
    """Office staff record that a numbered motion on the agenda is referred to
    a special committee for deliberation; the lead deputy is told. Raises
    PermissionDenied, DomainError (not a motion on the agenda, not a special
    committee) or TransitionNotAllowed (not numbered, referred already)."""
    _require_office(user)
    if committee is None or committee.kind != Organization.Kind.SPECIAL_COMMITTEE:
        raise DomainError(_("Choose the special committee that deliberates it."))
    with transaction.atomic(), history_context(user):
        locked = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        _check_referable(locked)
        review = MotionReview.objects.create(
            proposal=locked,
            committee=committee,
            referred_on=referred_on,
            recorded_by=user,
        )
        workflow.record_event(
            locked,
            "proposals.motion_committee",
            actor=user,
            now=now,
            comment=committee.name,
            committee=committee.pk,
            referred_on=referred_on.isoformat(),
        )
        _notify_lead(locked, "proposals.motion_committee", committee=committee.name)
    return review


def motion_report(
    review: MotionReview,
    *,
    report: str,
    reported_on: datetime.date,
    user,
    now: datetime.datetime | None = None,
) -> MotionReview:
    """Office staff record the special committee's deliberation report
    (审议结果报告). Raises PermissionDenied, DomainError (no text, a date
    before the referral) or TransitionNotAllowed (reported already)."""
    _require_office(user)
    if not report.strip():
        raise DomainError(_("Enter the text of the deliberation report."))
    with transaction.atomic(), history_context(user):
        review = transition(
            review, MR.REPORTED, machine=workflow.MOTION_REVIEW, user=user
        )
        if reported_on < review.referred_on:
            raise DomainError(_("The report cannot predate the referral."))
        review.report, review.reported_on = report, reported_on
        review.save(update_fields=["status", "report", "reported_on"])
        workflow.record_event(
            review.proposal,
            "proposals.motion_reported",
            actor=user,
            now=now,
            reported_on=reported_on.isoformat(),
        )
        _notify_lead(
            review.proposal,
            "proposals.motion_reported",
            committee=review.committee.name,
        )
    return review


def motion_resolve(
    review: MotionReview,
    *,
    outcome: str,
    title: str,
    adopted_on: datetime.date,
    text: str = "",
    user,
    now: datetime.datetime | None = None,
) -> MotionReview:
    """Office staff record the resolution or decision (决议/决定) adopted on
    the motion after the report: the motion closes and its lead deputy is
    told. Raises PermissionDenied, DomainError (no outcome or title, a date
    before the report) or TransitionNotAllowed (not reported yet)."""
    _require_office(user)
    if outcome not in MotionOutcome.values:
        raise DomainError(_("Choose resolution or decision."))
    if not title.strip():
        raise DomainError(_("Enter the title of the resolution or decision."))
    with transaction.atomic(), history_context(user):
        # Parent before child: the proposal, then its deliberation.
        proposal = transition(
            review.proposal, ProposalStatus.CLOSED, machine=workflow.PROPOSAL, user=user
        )
        if Proposal.objects.get(pk=proposal.pk).status != ProposalStatus.REGISTERED:
            raise TransitionNotAllowed(_("Only a motion on the agenda is resolved."))
        review = transition(
            review, MR.RESOLVED, machine=workflow.MOTION_REVIEW, user=user
        )
        if review.reported_on and adopted_on < review.reported_on:
            raise DomainError(_("The resolution cannot predate the report."))
        review.outcome, review.outcome_title = outcome, title
        review.outcome_on, review.outcome_text = adopted_on, text
        review.save(
            update_fields=[
                "status",
                "outcome",
                "outcome_title",
                "outcome_on",
                "outcome_text",
            ]
        )
        proposal.save(update_fields=["status"])
        label = MotionOutcome(outcome).label
        workflow.record_event(
            proposal,
            "proposals.motion_resolved",
            actor=user,
            now=now or timezone.now(),
            comment=title,
            outcome=outcome,
            adopted_on=adopted_on.isoformat(),
        )
        _notify_lead(
            proposal,
            "proposals.motion_resolved",
            outcome=str(label),
            outcome_title=title,
            date=adopted_on.isoformat(),
        )
    return review
