from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext


class PasswordChangeRequiredMiddleware:
    """Users holding a temporary password may only change it or log out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            allowed = {reverse("password_change"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith(
                ("/static/", "/i18n/")
            ):
                return redirect("password_change")
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """A session that needs a second factor (congress.second_factor) and has
    not verified one reaches only the second-factor pages and logout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from congress.second_factor import has_confirmed_device, second_factor_required

        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not self._allowed(request.path)
            and second_factor_required(user)
        ):
            page = "second_factor_verify"
            if not has_confirmed_device(user):
                page = "second_factor_setup"
            target = quote(request.get_full_path())
            return redirect(f"{reverse(page)}?next={target}")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        pages = {
            reverse("second_factor_verify"),
            reverse("second_factor_setup"),
            reverse("logout"),
        }
        return path in pages or path.startswith(("/static/", "/i18n/"))


class StaffSessionLimitsMiddleware:
    """Staff sessions end after the rules' idle time and total time
    (congress.sessions); everyone else keeps SESSION_COOKIE_AGE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from congress.access import holds_staff_powers
        from congress.sessions import session_expired

        user = request.user
        if (
            user.is_authenticated
            and holds_staff_powers(user)
            and session_expired(request)
        ):
            logout(request)
            messages.info(request, gettext("Your session ended; please log in again."))
            return redirect(f"{reverse('login')}?next={quote(request.get_full_path())}")
        return self.get_response(request)


class RejectBadInputMiddleware:
    """No query string or form field may carry a NUL character: PostgreSQL
    refuses it in text, which would surface as a 500. Refused with 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _nul_in(request.GET) or (request.method == "POST" and _nul_in(request.POST)):
            raise BadRequest("NUL character in the request data")
        return self.get_response(request)


def _nul_in(data) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in data.lists()
    )
