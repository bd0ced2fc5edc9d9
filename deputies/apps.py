from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self) -> None:
        from congress.ballots import register_roll
        from congress.demo import register_seeder
        from congress.models import Ballot
        from congress.roles import Role
        from congress.workspaces import register_links, register_workspace
        from deputies import report, selectors, services  # noqa: F401 (sections)
        from deputies.demo import seed_deputies

        # A deputy's workspace is their performance file.
        register_workspace(Role.DEPUTY, "deputies:my_file")
        register_seeder(seed_deputies)
        register_roll(Ballot.Body.CONGRESS, selectors.congress_roll)
        readers = {Role.OFFICE, Role.LEADER, Role.VIEWER}
        register_links(
            _("Deputies"),
            order=10,
            links=[
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
                (
                    "deputy_reports:batch",
                    _("Export performance reports"),
                    {Role.OFFICE, Role.LEADER},
                ),
            ],
        )
