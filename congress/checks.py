"""System checks of the installation (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def installation_name_check(app_configs, **kwargs) -> list[Error]:
    """Official documents (PDFs, letters) are headed with the installation's
    name: production must not fall back to a generic one."""
    if settings.DEBUG or settings.PORTAL_NAME.strip():
        return []
    return [
        Error(
            "PORTAL_NAME is not set.",
            hint=(
                "Set PORTAL_NAME to the standing committee's name, e.g. "
                "青禾县人大常委会: it heads every official document."
            ),
            id="congress.E001",
        )
    ]
