from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Timeline labels of the events the services write (ProposalEvent.type).
EVENT_LABELS = {
    "proposals.created": _("Draft started"),
    "proposals.updated": _("Draft changed"),
    "proposals.cosigners_invited": _("Co-signers invited"),
    "proposals.cosign_confirmed": _("Co-signing confirmed"),
    "proposals.cosign_declined": _("Co-signing declined"),
    "proposals.cosigners_dropped": _("Unconfirmed co-signers dropped"),
    "proposals.submitted": _("Submitted"),
    "proposals.paper_entered": _("Entered from paper"),
    "proposals.returned": _("Returned for revision"),
    "proposals.withdrawn": _("Withdrawn"),
    "proposals.registered": _("Reviewed and classified"),
    "proposals.motion_decided": _("Presidium decision recorded"),
    "proposals.motion_committee": _("Referred to a special committee"),
    "proposals.motion_reported": _("Deliberation report made"),
    "proposals.motion_resolved": _("Resolution or decision adopted"),
    "proposals.numbered": _("Numbered"),
    "proposals.merged": _("Handled together"),
    "proposals.merged_with": _("Handled together"),
    "proposals.assigned": _("Assigned"),
    "proposals.marked_key": _("Marked as a key suggestion"),
    "proposals.accepted": _("Accepted"),
    "proposals.contested": _("Asked to be relieved"),
    "proposals.relieved": _("Relieved"),
    "proposals.extension_requested": _("Extension requested"),
    "proposals.extension_granted": _("Extension granted"),
    "proposals.extension_refused": _("Extension refused"),
    "proposals.contact_recorded": _("Contact with the deputy"),
    "proposals.reply_drafted": _("Reply drafted"),
    "proposals.replied": _("Reply signed and sent"),
    "proposals.reply_sent_back": _("Reply sent back"),
    "proposals.reply_returned": _("Draft returned by the head"),
    "proposals.implementation_updated": _("Implementation updated"),
    "proposals.rated": _("Rated"),
    "proposals.rehandling": _("Re-handling"),
    "proposals.escalated": _("Escalated for supervision"),
    "proposals.co_handling_done": _("Co-handling done"),
    "proposals.supervision_finished": _("Supervision finished"),
    "proposals.closed": _("Handling closed"),
    "proposals.published": _("Published"),
    "proposals.look_back_selected": _("Selected for look-back"),
    "proposals.follow_up_visited": _("Return visit to the deputy"),
    "proposals.details_set": _("Assignment form's people set"),
    "proposals.urged": _("Urged"),
    "proposals.evaluated": _("Handling evaluated"),
}


@register.filter
def event_label(event_type: str) -> str:
    return EVENT_LABELS.get(event_type, event_type)


@register.filter
def evaluable_by(assignment, user) -> bool:
    """Whether `user` is offered the handling evaluation form (测评表) of this
    assignment: open now and one of the installation's evaluators."""
    from proposals import evaluations

    return evaluations.evaluation_is_open(assignment) and (
        evaluations.evaluation_evaluator_role(assignment, user) is not None
    )


@register.filter
def evaluations_readable_by(assignment, user) -> bool:
    """Whether `user` sees the link to the evaluation results."""
    from proposals import evaluations

    return evaluations.evaluations_readable_by(assignment, user)
