"""Which office buttons the proposal page shows: read from workflow's TRANSITIONS."""

from django import template

from proposals.workflow import ASSIGNMENT_TRANSITIONS, PROPOSAL_TRANSITIONS

register = template.Library()


@register.filter
def proposal_may_become(status: str, target: str) -> bool:
    return target in PROPOSAL_TRANSITIONS.get(status, ())


@register.filter
def assignment_may_become(status: str, target: str) -> bool:
    return target in ASSIGNMENT_TRANSITIONS.get(status, ())
