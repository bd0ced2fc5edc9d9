from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Shared core")

    def ready(self) -> None:
        from django.contrib import admin

        from congress import signals  # noqa: F401
        from congress.context_processors import portal_name

        admin.site.site_header = admin.site.site_title = portal_name()
        admin.site.index_title = _("Administration")
