from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self) -> None:
        from congress.roles import Role
        from congress.workspaces import register_workspace
        from deputies import services  # noqa: F401 (registers the points rules)

        # A deputy's workspace is their performance file.
        register_workspace(Role.DEPUTY, "deputies:my_file")
