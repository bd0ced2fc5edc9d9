from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from congress.roles import grant_role_permissions


class CongressConfig(AppConfig):
    default = True
    name = "congress"
    verbose_name = _("Shared core")

    def ready(self) -> None:
        from django.contrib import admin

        # Registers signal handlers, the ballots' rules and the notice kinds.
        from congress import (  # noqa: F401
            audit,
            backups,
            ballots,
            checks,
            notifications,
            phone_login,
            ratelimits,
            sessions,
            signals,
        )
        from congress.context_processors import portal_name
        from congress.models import Ballot
        from congress.roles import Role
        from congress.workflow import register_transitions
        from congress.workspaces import register_links

        admin.site.site_header = admin.site.site_title = portal_name()
        admin.site.index_title = _("Administration")
        # Every app's post_migrate: later apps' permissions exist only then.
        post_migrate.connect(grant_role_permissions)
        register_transitions("Ballot", ballots.TRANSITIONS, Ballot.Status)
        register_links(
            _("Leadership dashboard"),
            order=1,
            links=[
                ("dashboard", _("Leadership dashboard"), {Role.LEADER, Role.OFFICE}),
                (
                    "dashboard_report_pdf",
                    _("Annual statistics report (PDF)"),
                    {Role.LEADER, Role.OFFICE},
                ),
            ],
        )
        register_links(
            _("Ballots"),
            order=90,
            links=[
                ("ballot_list", _("Ballots"), {Role.OFFICE}),
                ("ballot_create", _("New ballot"), {Role.OFFICE}),
                ("ballot_vote_list", _("My ballots"), {Role.MEMBER}),
            ],
        )
        audit.register_core_sources()
        register_links(
            _("Separation of administrator powers"),
            order=95,
            links=[
                ("audit_trail", _("Audit trail"), {Role.AUDIT_ADMIN}),
                ("security_accounts", _("Accounts' security"), {Role.SECURITY_ADMIN}),
                ("personal_data", _("Personal data requests"), {Role.OFFICE}),
            ],
        )


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "congress.admin_site.PortalAdminSite"
