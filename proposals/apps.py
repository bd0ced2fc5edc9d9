from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Motions and suggestions")

    def ready(self) -> None:
        from congress.workflow import register_transitions
        from proposals import services, workflow  # noqa: F401 (kinds, rules, reminders)
        from proposals.models import AssignmentStatus, ProposalStatus

        register_transitions("Proposal", workflow.PROPOSAL_TRANSITIONS, ProposalStatus)
        register_transitions(
            "Assignment", workflow.ASSIGNMENT_TRANSITIONS, AssignmentStatus
        )
