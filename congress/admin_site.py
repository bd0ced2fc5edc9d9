from django.contrib import admin, messages


class PortalAdminSite(admin.AdminSite):
    """The staff admin.

    (Outside the congress.admin package: importing that package registers
    models, which must not happen while the default site is being built.)
    """

    def has_permission(self, request) -> bool:
        # Office staff work here by their role; is_staff is not kept in sync.
        return request.user.is_authenticated and request.user.can_use_admin

    def index(self, request, extra_context=None):
        from congress.calendar import unconfirmed_year_warning

        if warning := unconfirmed_year_warning():
            messages.warning(request, warning)
        return super().index(request, extra_context)
