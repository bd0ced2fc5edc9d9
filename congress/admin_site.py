from django.contrib import admin

from congress.roles import Role


class PortalAdminSite(admin.AdminSite):
    """Office staff use the admin by their role; is_staff is not kept in sync.

    (Outside the congress.admin package: importing that package registers
    models, which must not happen while the default site is being built.)
    """

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_staff or user.has_role(Role.OFFICE))
