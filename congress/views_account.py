"""The user's own account page: password, second factor, open sessions."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from congress import second_factor
from congress.access import logged_in
from congress.sessions import session_end, sessions_of


@logged_in
@require_GET
def account_security(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "congress/account_security.html",
        {
            "sessions": sessions_of(user, current_key=request.session.session_key),
            "has_second_factor": second_factor.has_confirmed_device(user),
            "second_factor_required": second_factor.second_factor_required(user),
        },
    )


@logged_in
@require_POST
def account_session_end(request: HttpRequest, session_id: str) -> HttpResponse:
    """End one of the user's other sessions, or all of them ("others")."""
    ended = session_end(request.user, session_id, keep_key=request.session.session_key)
    if ended:
        messages.success(
            request, gettext("Ended %(count)s session(s).") % {"count": ended}
        )
    else:
        messages.error(request, gettext("That session has already ended."))
    return redirect("account_security")
