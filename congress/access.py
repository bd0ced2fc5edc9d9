"""Who may use a view, declared next to its code.

Every view carries one declaration: `public` (no login), `logged_in` (any
active user) or `roles(...)` (users holding one of the named roles; others get
403). A guard test walks the URL configuration and fails for any view without
one. Object-level checks (whose file, which organisation) come on top, in each
model's `visible_to(user)` and `<model>_get_for_user(...)` helpers.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied

from congress.roles import Role

PUBLIC = "public"
LOGGED_IN = "logged_in"


def _declare(view: Callable, access) -> Callable:
    setattr(view, "access", access)  # noqa: B010 (read by the URL guard test)
    return view


def public(view: Callable) -> Callable:
    """Anyone, logged in or not (login page, public directories)."""
    return _declare(login_not_required(view), PUBLIC)


def logged_in(view: Callable) -> Callable:
    """Any active, logged-in user (LoginRequiredMiddleware enforces the login)."""
    return _declare(view, LOGGED_IN)


def roles(*allowed: Role) -> Callable[[Callable], Callable]:
    """Users holding at least one of the roles; everyone else gets 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_role(*allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _declare(wrapper, frozenset(allowed))

    return decorate


def require_role(user, *allowed: Role) -> None:
    """For services: raise PermissionDenied unless `user` holds one of the roles."""
    if user is None or not user.has_role(*allowed):
        raise PermissionDenied


def holds_staff_powers(user) -> bool:
    """Office staff, leaders, the security and audit administrators and
    whoever can use the admin: the accounts that need a second factor and
    short sessions."""
    return user.is_active and (
        user.is_superuser
        or user.can_use_admin
        or user.has_role(
            Role.OFFICE, Role.LEADER, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN
        )
    )
