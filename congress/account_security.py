"""The security administrator's work on other people's accounts (三员分立):
unlock after failed logins, end sessions, reset the second factor, lock and
unlock the account. Each action is a service that checks the acting person,
writes the change under their name (history) and one admin-log entry, which
the audit administrator reads."""

from axes.utils import reset as axes_reset
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from congress import second_factor
from congress.history import history_context
from congress.roles import Role
from congress.services import user_sessions_end

ACTIONS = {
    "unlock": _("Lift the lockout after failed logins"),
    "end_sessions": _("Log out everywhere"),
    "reset_second_factor": _("Reset the second factor (lost phone)"),
    "lock": _("Lock the account"),
    "reactivate": _("Unlock the account"),
}


def account_securable_by(user, account) -> bool:
    """The security administrator acts on every account but their own, the
    system administrators' and other security administrators'."""
    if not user.has_role(Role.SECURITY_ADMIN) or account.pk == user.pk:
        return False
    return not (account.is_superuser or Role.SECURITY_ADMIN in account.roles)


def account_secure(account, action: str, *, by) -> None:
    """Carry out one of ACTIONS on `account` for `by`; raises PermissionDenied
    when `by` may not, KeyError for an unknown action."""
    if not account_securable_by(by, account):
        raise PermissionDenied
    run = _RUNNERS[action]
    with transaction.atomic(), history_context(by):
        run(account, by)
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[account],
            action_flag=CHANGE,
            change_message=str(ACTIONS[action]),
            single_object=True,
        )


def _unlock(account, by) -> None:
    axes_reset(username=account.get_username())


def _end_sessions(account, by) -> None:
    user_sessions_end(account)


def _reset_second_factor(account, by) -> None:
    second_factor.second_factor_reset(account, by=by)


def _set_active(active: bool):
    def run(account, by) -> None:
        account.is_active = active
        account.save(update_fields=["is_active"])
        if not active:
            user_sessions_end(account)

    return run


_RUNNERS = {
    "unlock": _unlock,
    "end_sessions": _end_sessions,
    "reset_second_factor": _reset_second_factor,
    "lock": _set_active(False),
    "reactivate": _set_active(True),
}
