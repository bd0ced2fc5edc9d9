"""Who receives each notice kind of the proposals workflow and how the
settings page names it (the kinds themselves are declared with the services
that send them)."""

from django.utils.translation import gettext_lazy as _

from congress.notifications import describe_kind
from congress.roles import Role
from proposals import evaluations, scores, services  # noqa: F401 (declare the kinds)

DEPUTY = (Role.DEPUTY,)
OFFICE = (Role.OFFICE,)
ORGANISATION = (Role.ORG_LIAISON, Role.ORG_HEAD)

KINDS = {
    # Drafting, review and numbering: the lead deputy and co-signers.
    "proposals.cosign_requested": (_("Invitations to co-sign an item"), DEPUTY),
    "proposals.cosign_confirmed": (_("Co-signers confirming my item"), DEPUTY),
    "proposals.cosign_declined": (_("Co-signers declining my item"), DEPUTY),
    "proposals.submitted": (_("Items submitted for review"), OFFICE),
    "proposals.paper_entered": (_("My items entered from paper"), DEPUTY),
    "proposals.returned": (_("My items returned for revision"), DEPUTY),
    "proposals.withdrawn": (_("Items withdrawn"), (*DEPUTY, *OFFICE)),
    "proposals.numbered": (_("My items registered and numbered"), DEPUTY),
    "proposals.merged": (_("My items handled together with another"), DEPUTY),
    "proposals.motion_on_agenda": (_("My motions placed on the agenda"), DEPUTY),
    "proposals.motion_referred": (
        _("My motions referred to a special committee"),
        DEPUTY,
    ),
    "proposals.motion_converted": (
        _("My motions handled as suggestions"),
        DEPUTY,
    ),
    "proposals.motion_committee": (
        _("My motions referred to a special committee for deliberation"),
        DEPUTY,
    ),
    "proposals.motion_reported": (
        _("Deliberation reports on my motions"),
        DEPUTY,
    ),
    "proposals.motion_resolved": (
        _("Resolutions and decisions on my motions"),
        DEPUTY,
    ),
    # Handling: the organisations, the office and leaders who supervise.
    "proposals.assigned": (None, ORGANISATION),
    "proposals.key_supervision": (None, (Role.LEADER,)),
    "proposals.contested": (None, OFFICE),
    "proposals.relieved": (None, ORGANISATION),
    "proposals.extension_requested": (None, OFFICE),
    "proposals.extension_granted": (None, ORGANISATION),
    "proposals.extension_refused": (None, ORGANISATION),
    "proposals.reply_to_sign": (None, (Role.ORG_HEAD,)),
    "proposals.reply_sent_back": (None, ORGANISATION),
    "proposals.reply_returned": (None, (Role.ORG_LIAISON,)),
    "proposals.co_opinion": (None, ORGANISATION),
    "proposals.reply_due": (None, (*ORGANISATION, *OFFICE)),
    "proposals.promise_due": (None, ORGANISATION),
    "proposals.urged": (None, ORGANISATION),
    "proposals.rehandling": (None, ORGANISATION),
    "proposals.rated": (None, ORGANISATION),
    "proposals.escalated": (None, (*OFFICE, Role.LEADER)),
    # Rating and closing: the lead deputy.
    "proposals.rating_due": (None, DEPUTY),
    "proposals.reply_to_rate": (None, DEPUTY),
    "proposals.supervision_finished": (None, DEPUTY),
    "proposals.closed": (None, DEPUTY),
}

for _key, (_label, _roles) in KINDS.items():
    describe_kind(_key, label=_label, roles=_roles)
