"""What the deputy may do on the shared proposal page (its _actions partial).

Reads the workflow's TRANSITIONS map and the rows the detail view already
loaded (signers, assignments with their ratings): no extra queries beyond a
cached installation rule.
"""

from django import template

from congress.roles import Role
from proposals import access, workflow
from proposals.models import (
    AssignmentStatus,
    ProposalStatus,
    SignerStatus,
)

register = template.Library()

A = AssignmentStatus


@register.simple_tag(takes_context=True)
def deputy_actions(context) -> dict | None:
    """None unless the user leads or co-signs the proposal; else the buttons."""
    user, proposal = context.get("user"), context.get("proposal")
    if proposal is None or user is None or not user.has_role(Role.DEPUTY):
        return None
    is_lead = proposal.lead_deputy.user_id == user.pk
    signer = next(
        (s for s in context.get("signers") or [] if s.deputy.user_id == user.pk),
        None,
    )
    if not is_lead and signer is None:
        return None
    targets = workflow.PROPOSAL_TRANSITIONS[proposal.status]
    editable = ProposalStatus.SUBMITTED in targets
    confirmed = signer is not None and signer.status == SignerStatus.CONFIRMED
    rater_id = proposal.lead_deputy_id if is_lead else signer.deputy_id
    rates = access.rates_as(proposal, is_lead=is_lead, confirmed_signer=confirmed)
    assignments = list(context.get("assignments") or [])
    return {
        "is_lead": is_lead,
        "edit": is_lead and editable,
        "submit": is_lead and editable,
        "withdraw": is_lead and ProposalStatus.WITHDRAWN in targets,
        "cosign": signer is not None
        and signer.status == SignerStatus.INVITED
        and editable,
        "rate": [
            a for a in assignments if rates and access.awaiting_rating(a, rater_id)
        ],
        "urge": [
            a for a in assignments if (is_lead or confirmed) and a.awaits_organization
        ],
    }
