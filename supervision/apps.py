from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from congress.dashboard import register_section as register_dashboard
        from congress.demo import register_seeder
        from congress.reports import register_section as register_report
        from supervision import (  # noqa: F401 (rules, notice kinds, receivers)
            appraisals,
            dashboard,
            filings,
            interpellations,
            investigations,
            panels,
            public,
            reminders,
            report,
            signals,
        )
        from supervision.demo import seed_supervision

        register_report(
            "supervision",
            order=450,
            build=report.section,
            template="supervision/report/_section.html",
        )
        reminders.register()
        panels.register()
        register_seeder(seed_supervision)
        register_dashboard(
            "supervision",
            title=dashboard.TITLE,
            order=30,
            figures=dashboard.dashboard_figures,
        )
        from congress.scale import register_scale_generator
        from supervision import scale

        register_scale_generator("supervision", scale.generate)
