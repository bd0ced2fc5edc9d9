"""Special-investigation services (特定问题调查).

Order: investigation_propose (the chairpersons' meeting proposes it, e.g.
after an item failed its second satisfaction vote or an interpellation's
answer left the members unsatisfied) → investigation_establish (the standing
committee decides and names the investigation committee; the organisation
concerned is told) → investigation_report → investigation_resolve (the
committee's resolution on the report); or investigation_drop. Nothing here
runs by itself: an escalated item or an unsatisfied interpellation only
offers the link to propose one.
"""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.exceptions import DomainError
from congress.history import history_context
from congress.models import Meeting, Organization, User
from congress.notifications import notify_bulk, register_kind
from congress.roles import Role
from congress.workflow import transition
from supervision import workflow
from supervision.models import (
    Interpellation,
    InvestigationStatus,
    Item,
    SpecialInvestigation,
)
from supervision.services import org_users

V = InvestigationStatus

register_kind(
    "supervision.investigation",
    title=gettext_lazy("Special investigation: “%(subject)s”"),
    body=gettext_lazy(
        "The standing committee set up an investigation committee on "
        "%(organization)s; provide the materials it asks for."
    ),
    roles=(Role.ORG_LIAISON, Role.ORG_HEAD, Role.MEMBER),
    sample={
        "subject": "关于义务教育大班额问题的特定问题调查",
        "organization": "县教育局",
    },
)


class InvestigationRefused(DomainError):
    """A rule of special investigations refuses the step."""


def investigation_propose(
    *,
    subject: str,
    organization: Organization,
    reason: str,
    user: User,
    council_meeting: Meeting | None = None,
    item: Item | None = None,
    interpellation: Interpellation | None = None,
) -> SpecialInvestigation:
    """Record the chairpersons' meeting's proposal (office staff)."""
    if not subject.strip() or not reason.strip():
        raise InvestigationRefused(_("Give the subject and the reasons."))
    if item is not None and item.organization_id != organization.pk:
        raise InvestigationRefused(
            _("The supervision item concerns another organisation.")
        )
    with transaction.atomic(), history_context(user):
        return SpecialInvestigation.objects.create(
            subject=subject[:200],
            organization=organization,
            reason=reason,
            council_meeting=council_meeting,
            item=item,
            interpellation=interpellation,
            created_by=user,
        )


def investigation_establish(
    investigation: SpecialInvestigation,
    *,
    user: User,
    decided_on: datetime.date,
    chair: User,
    members: Sequence[User],
    decision_meeting: Meeting | None = None,
) -> SpecialInvestigation:
    """The standing committee's decision setting up the investigation
    committee: its chair and members are committee members."""
    people = {*members, chair}
    if any(not person.has_role(Role.MEMBER) for person in people):
        raise InvestigationRefused(
            _("The investigation committee is formed of committee members.")
        )
    with transaction.atomic(), history_context(user):
        investigation = transition(
            investigation, V.ESTABLISHED, machine=workflow.INVESTIGATION, user=user
        )
        investigation.decided_on, investigation.chair = decided_on, chair
        investigation.decision_meeting = decision_meeting
        investigation.save()
        investigation.members.set(people)
        recipients = [
            *org_users([investigation.organization_id]).get(
                investigation.organization_id, []
            ),
            *people,
        ]
        params = {
            "subject": investigation.subject,
            "organization": investigation.organization.name,
        }
        url = investigation.get_absolute_url()
        notify_bulk(
            [
                (person, "supervision.investigation", params, investigation, url)
                for person in recipients
            ]
        )
    return investigation


def investigation_report(
    investigation: SpecialInvestigation,
    *,
    user: User,
    report: str,
    reported_on: datetime.date | None = None,
) -> SpecialInvestigation:
    """The investigation committee's report to the standing committee."""
    if not report.strip():
        raise InvestigationRefused(_("Write the investigation report."))
    with transaction.atomic(), history_context(user):
        investigation = transition(
            investigation, V.REPORTED, machine=workflow.INVESTIGATION, user=user
        )
        investigation.report = report
        investigation.reported_on = reported_on or timezone.localdate()
        investigation.save(update_fields=["status", "report", "reported_on"])
    return investigation


def investigation_resolve(
    investigation: SpecialInvestigation,
    *,
    user: User,
    resolution: str,
    resolved_on: datetime.date | None = None,
) -> SpecialInvestigation:
    """The standing committee's resolution on the report (决议)."""
    if not resolution.strip():
        raise InvestigationRefused(_("Write the resolution adopted."))
    with transaction.atomic(), history_context(user):
        investigation = transition(
            investigation, V.RESOLVED, machine=workflow.INVESTIGATION, user=user
        )
        investigation.resolution = resolution
        investigation.resolved_on = resolved_on or timezone.localdate()
        investigation.save(update_fields=["status", "resolution", "resolved_on"])
    return investigation


def investigation_drop(
    investigation: SpecialInvestigation, *, user: User, drop_reason: str
) -> SpecialInvestigation:
    """The committee did not set it up (the reason is kept)."""
    if not drop_reason.strip():
        raise InvestigationRefused(_("Say why it was not set up."))
    with transaction.atomic(), history_context(user):
        investigation = transition(
            investigation, V.DROPPED, machine=workflow.INVESTIGATION, user=user
        )
        investigation.drop_reason = drop_reason[:500]
        investigation.save(update_fields=["status", "drop_reason"])
    return investigation
