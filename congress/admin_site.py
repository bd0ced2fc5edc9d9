from django.contrib import admin


class PortalAdminSite(admin.AdminSite):
    """Office staff use the admin by their role; is_staff is not kept in sync.

    (Outside the congress.admin package: importing that package registers
    models, which must not happen while the default site is being built.)
    """

    def has_permission(self, request) -> bool:
        return request.user.is_authenticated and request.user.can_use_admin
