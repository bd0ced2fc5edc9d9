"""Roles are Django groups named by their key; one person may hold several."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("Office staff")
    LEADER = "leader", _("Leadership")
    MEMBER = "member", _("Committee member")
    DEPUTY = "deputy", _("Deputy")
    ORG_LIAISON = "org_liaison", _("Handling organisation liaison")
    ORG_HEAD = "org_head", _("Handling organisation head")
    STATION_MANAGER = "station_manager", _("Liaison station manager")
    DIVISION_OFFICER = "division_officer", _("Township or sub-district officer")
    VIEWER = "viewer", _("Read-only viewer")
    CANDIDATE = "candidate", _("Appointment candidate")
    # 三员分立: the system administrator is a superuser; these two are roles.
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")

    def group(self):
        from django.contrib.auth.models import Group

        # get_or_create: live-server tests flush the rows the data migration made.
        return Group.objects.get_or_create(name=self.value)[0]


# Apps whose data office staff manage in the admin: all their model permissions.
OFFICE_APPS = [
    "congress",
    "deputies",
    "proposals",
    "supervision",
    "appointments",
    "liaison_stations",
]


def grant_role_permissions(**kwargs) -> None:
    """After each migrate: office staff hold every permission of the portal's apps
    (new models included), except managing superusers' own permission tables."""
    from django.contrib.auth.models import Permission

    permissions = Permission.objects.filter(content_type__app_label__in=OFFICE_APPS)
    Role.OFFICE.group().permissions.add(*permissions)


# Separation of powers (三员分立): these roles, and superuser or staff status,
# are granted only by the system administrator (a superuser). Office staff
# manage the ordinary accounts: deputies, organisations, stations, divisions.
PRIVILEGED_ROLES = frozenset(
    {Role.OFFICE, Role.LEADER, Role.MEMBER, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
)
SYSTEM_ADMINISTRATOR = "system"


def administrator_powers(*, is_superuser: bool, roles) -> list[str]:
    """The administrator powers of 三员分立 an account would hold: the system
    administrator's (superuser status), the security administrator's and the
    audit administrator's (roles)."""
    powers = [SYSTEM_ADMINISTRATOR] if is_superuser else []
    return powers + [
        role.value for role in (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN) if role in roles
    ]


def separation_errors(*, is_superuser: bool, roles) -> list[str]:
    """Why an account with this status and these roles breaks 三员分立 (empty
    when it does not): one account holds at most one administrator power,
    and the audit administrator holds no other role, so that the one who
    reads the audit trail did none of what it records. The database checks
    the same (trigger congress_admin_separation)."""
    roles = set(roles)
    errors = []
    if len(administrator_powers(is_superuser=is_superuser, roles=roles)) > 1:
        errors.append(
            gettext(
                "One account may hold only one of the system, security and "
                "audit administrator powers (三员分立)."
            )
        )
    if Role.AUDIT_ADMIN in roles and roles - {Role.AUDIT_ADMIN}:
        errors.append(gettext("The audit administrator may hold no other role."))
    return errors


def roles_grantable_by(user) -> list[Role]:
    """The roles this user may give or take away: all for a superuser, the
    ordinary ones for office staff, none for anyone else."""
    if user.is_active and user.is_superuser:
        return list(Role)
    if user.has_role(Role.OFFICE):
        return [role for role in Role if role not in PRIVILEGED_ROLES]
    return []


def account_manageable_by(user, account) -> bool:
    """Whether `user` may edit `account`, reset its password or deactivate it.

    Superusers manage every account; office staff only ordinary accounts: not a
    superuser's, not a staff account, not one holding a privileged role (their
    own included, so nobody raises their own powers)."""
    if user.is_active and user.is_superuser:
        return True
    if not user.has_role(Role.OFFICE) or account.pk == user.pk:
        return False
    if account.is_superuser or account.is_staff:
        return False
    return not any(role in PRIVILEGED_ROLES for role in account.roles)
