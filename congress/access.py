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


# The working committee's scope ----------------------------------------------------

SCOPE_ALL = "all"


def scoped_working_body_id(user) -> int | None:
    """The working committee (工委) an office user works for, whose work their
    lists show by default and whose items they evaluate: office staff linked
    to a body of that kind. None for everyone else, including the general
    office's staff, who see and evaluate everything. One query (the body,
    cached on the user) for staff linked to a body, none otherwise."""
    if not (
        user.is_authenticated
        and user.working_body_id is not None
        and user.has_role(Role.OFFICE)
    ):
        return None
    from congress.models import Organization

    body = user.working_body
    return body.pk if body.kind == Organization.Kind.WORKING_BODY else None


def list_scope(request) -> int | None:
    """The working committee a staff list is narrowed to: the user's own
    (see scoped_working_body_id) unless they ask for everything with
    `?scope=all`; None when the list is not narrowed."""
    if request.GET.get("scope") == SCOPE_ALL:
        return None
    return scoped_working_body_id(request.user)


def scope_context(request) -> dict:
    """What a narrowed list shows above itself (templates/_scope_toggle.html):
    the user's working committee, if any, and whether they asked for all."""
    own = scoped_working_body_id(request.user)
    return {
        "scope_body": request.user.working_body if own else None,
        "scope_all": request.GET.get("scope") == SCOPE_ALL,
    }
