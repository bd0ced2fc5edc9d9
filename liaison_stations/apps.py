from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonStationsConfig(AppConfig):
    name = "liaison_stations"
    verbose_name = _("Liaison stations")

    def ready(self) -> None:
        from congress.demo import register_seeder
        from congress.personal_data import register_person_kind
        from congress.reports import register_section
        from congress.workspaces import register_public_home, register_public_link
        from liaison_stations import (  # noqa: F401 (rules, notice kinds)
            panels,
            personal_data,
            public,
            reminders,
            report,
            services,
            workflow,
        )
        from liaison_stations.demo import seed_stations
        from liaison_stations.views_public import home

        register_section(
            "liaison_stations",
            order=500,
            build=report.section,
            template="liaison_stations/report/_section.html",
        )
        register_public_link(
            "liaison_stations:public_directory", _("Deputies' liaison stations")
        )
        register_public_home(home)
        register_seeder(seed_stations)
        register_person_kind(personal_data.CITIZEN)
        from congress.dashboard import register_section as register_dashboard
        from liaison_stations import dashboard

        register_dashboard(
            "liaison_stations",
            title=dashboard.TITLE,
            order=50,
            figures=dashboard.dashboard_figures,
        )
        from congress.scale import register_scale_generator
        from liaison_stations import scale

        register_scale_generator("liaison_stations", scale.generate)
        from django.db.models.signals import post_migrate

        from liaison_stations.services.summaries import summaries_fill_after_migrate

        post_migrate.connect(summaries_fill_after_migrate, sender=self)
