from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments and removals")

    def ready(self) -> None:
        from appointments import panels, reminders, services, workflow  # noqa: F401
        from congress import reminders as reminder_engine
        from congress.signals import ballot_closed

        reminder_engine.register(reminders.OATH_DUE)
        panels.register()
        from appointments.demo import seed_appointments
        from congress.demo import register_seeder

        register_seeder(seed_appointments)
        from appointments import dashboard
        from congress.dashboard import register_section

        register_section(
            "appointments",
            title=dashboard.TITLE,
            order=40,
            figures=dashboard.dashboard_figures,
        )
        from appointments import scale
        from congress.scale import register_scale_generator

        register_scale_generator("appointments", scale.generate)
        # Nominees' files are work secrets until the vote: the generic
        # attachment view follows the case's audience, office staff included.
        from appointments.access import cases_visible_to
        from congress.attachments import register_attachment_audience

        register_attachment_audience("appointments.case", cases_visible_to)
        ballot_closed.connect(
            services.on_ballot_closed, dispatch_uid="appointments.ballot_closed"
        )
        ballot_closed.connect(
            services.appraisals.on_ballot_closed,
            dispatch_uid="appointments.appraisal_ballot_closed",
        )
