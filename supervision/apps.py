from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from congress.dashboard import register_section
        from congress.demo import register_seeder
        from supervision import (  # noqa: F401 (rules, notice kinds, receivers)
            dashboard,
            filings,
            interpellations,
            panels,
            reminders,
            signals,
        )
        from supervision.demo import seed_supervision

        reminders.register()
        panels.register()
        register_seeder(seed_supervision)
        register_section(
            "supervision",
            title=dashboard.TITLE,
            order=30,
            figures=dashboard.dashboard_figures,
        )
