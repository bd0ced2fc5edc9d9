"""The security administrator's pages: accounts and their security state,
and the actions of congress.account_security."""

from axes.models import AccessAttempt
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congress import rules
from congress.access import roles
from congress.account_security import ACTIONS, account_securable_by, account_secure
from congress.models import User
from congress.roles import Role

PAGE_SIZE = 50


def _locked_usernames(usernames) -> set[str]:
    limit = rules.get("accounts.login_failure_limit")
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames, failures_since_start__gte=limit
        ).values_list("username", flat=True)
    )


@roles(Role.SECURITY_ADMIN)
@require_GET
def security_accounts(request: HttpRequest) -> HttpResponse:
    """Every account with its security state; search by name, 50 a page."""
    accounts = User.objects.annotate(sessions=Count("session")).prefetch_related(
        "groups"
    )
    query = request.GET.get("q", "").strip()[:50]
    if query:
        accounts = accounts.filter(
            Q(username__icontains=query) | Q(real_name__icontains=query)
        )
    page = Paginator(accounts.order_by("username"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    locked = _locked_usernames([account.username for account in page])
    for account in page:
        account.locked_out = account.username in locked
        # Administrators and oneself are listed, not linked: no action applies.
        account.securable = account_securable_by(request.user, account)
    return render(
        request,
        "congress/security_accounts.html",
        {"page_obj": page, "q": query},
    )


@roles(Role.SECURITY_ADMIN)
@require_http_methods(["GET", "POST"])
def security_account(request: HttpRequest, pk: int) -> HttpResponse:
    """One account's security state; POST carries out one action."""
    account = get_object_or_404(User, pk=pk)
    if not account_securable_by(request.user, account):
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, _("Choose one of the actions."))
        else:
            account_secure(account, action, by=request.user)
            messages.success(
                request,
                _("%(action)s: done for %(name)s.")
                % {"action": ACTIONS[action], "name": account},
            )
        return redirect("security_account", pk=account.pk)
    context = {
        "account": account,
        "actions": ACTIONS,
        "locked_out": bool(_locked_usernames([account.username])),
        "sessions": account.session_set.count(),
    }
    return render(request, "congress/security_account.html", context)
