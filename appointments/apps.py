from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments and removals")

    def ready(self) -> None:
        from appointments import reminders, services, workflow
        from appointments.models import CaseStatus
        from congress import reminders as reminder_engine
        from congress import signals
        from congress.workflow import register_transitions

        register_transitions("appointments.Case", workflow.CASE.as_map(), CaseStatus)
        reminder_engine.register(reminders.OATH_DUE)
        ballot_closed = getattr(signals, "ballot_closed", None)
        if ballot_closed is not None:
            ballot_closed.connect(
                services.on_ballot_closed, dispatch_uid="appointments.ballot_closed"
            )
