from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self) -> None:
        from congress.ballots import register_roll
        from congress.dashboard import register_section
        from congress.demo import register_seeder
        from congress.models import Ballot
        from congress.personal_data import register_person_kind
        from congress.roles import Role
        from congress.workspaces import register_links
        from deputies import audit as deputy_audit
        from deputies import dashboard, panels, report, selectors, services  # noqa: F401
        from deputies import personal_data as deputy_personal_data
        from deputies.demo import seed_deputies

        # What waits for each role opens its workspace (congress.workspaces).
        panels.register_panels()
        deputy_audit.register()
        register_person_kind(deputy_personal_data.DEPUTY)
        register_seeder(seed_deputies)
        register_section(
            "deputies",
            title=dashboard.TITLE,
            order=10,
            figures=dashboard.dashboard_figures,
        )
        from congress.scale import register_scale_generator
        from deputies import scale

        register_scale_generator("deputies", scale.generate)
        register_roll(Ballot.Body.CONGRESS, selectors.congress_roll)
        readers = {Role.OFFICE, Role.LEADER, Role.VIEWER}
        register_links(
            _("Deputies"),
            order=10,
            links=[
                ("deputies:my_file", _("My performance file"), {Role.DEPUTY}),
                ("deputies:record_create", _("Log an activity"), {Role.DEPUTY}),
                ("deputies:registry", _("Deputy registry"), readers),
                ("deputies:pending", _("Records awaiting confirmation"), {Role.OFFICE}),
                ("deputies:accounts_create", _("Create deputy logins"), {Role.OFFICE}),
                (
                    "deputies:attendance_meetings",
                    _("Meeting attendance"),
                    {Role.OFFICE},
                ),
                ("deputies:statistics", _("Composition statistics"), readers),
                ("deputies:terms", _("Terms and elections"), {Role.OFFICE}),
                ("deputies:exits", _("Exits and recalls"), readers),
                (
                    "deputy_reports:batch",
                    _("Export performance reports"),
                    {Role.OFFICE, Role.LEADER},
                ),
            ],
        )
