from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Motions and suggestions")

    def ready(self) -> None:
        from congress.dashboard import register_section
        from congress.demo import register_seeder
        from congress.roles import Role
        from congress.workspaces import register_links, register_public_link
        from proposals import (  # noqa: F401 (kinds, rules)
            dashboard,
            evaluations,
            notice_kinds,
            panels,
            pdf,
            scores,
            services,
            workflow,
        )
        from proposals.demo import seed_proposals

        # What waits for each role opens its workspace (congress.workspaces).
        panels.register_panels()
        register_section(
            "proposals",
            title=dashboard.TITLE,
            order=20,
            figures=dashboard.dashboard_figures,
        )
        office = {Role.OFFICE}
        register_links(
            _("Motions and suggestions"),
            order=20,
            links=[
                (
                    "proposals:deputy_list",
                    _("My motions and suggestions"),
                    {Role.DEPUTY},
                ),
                (
                    "proposals:org_assignments",
                    _("Our assignments"),
                    {Role.ORG_LIAISON, Role.ORG_HEAD},
                ),
                ("proposals:office_queue", _("Review queue"), office),
                ("proposals:office_paper_entry", _("Paper entry"), office),
                ("proposals:office_number", _("Numbering"), office),
                ("proposals:office_assign", _("Assignment"), office),
                ("proposals:office_board", _("Board"), office),
                ("proposals:office_extensions", _("Extension requests"), office),
                ("proposals:office_look_back", _("Look-back"), office),
                (
                    "proposals:office_key_suggestions",
                    _("Key suggestions I supervise"),
                    {Role.LEADER},
                ),
                (
                    "proposals:reports_statistics",
                    _("Handling statistics"),
                    {Role.OFFICE, Role.LEADER, Role.VIEWER},
                ),
                (
                    "proposals:scores_ranking",
                    _("Assessment of the handling organisations"),
                    {Role.OFFICE, Role.LEADER, Role.VIEWER},
                ),
                ("proposals:reports_search", _("Search"), set(Role)),
            ],
        )
        register_public_link(
            "proposals:reports_published", _("Replies to deputies' suggestions")
        )
        register_public_link(
            "proposals:scores_public", _("Assessment of the handling organisations")
        )
        register_seeder(seed_proposals)
        from congress.scale import register_scale_generator
        from proposals import scale

        register_scale_generator("proposals", scale.generate)
