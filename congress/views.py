from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from congress.access import logged_in, public, roles
from congress.attachments import attachment_get_for_user, attachment_response
from congress.ratelimits import limit_login, limit_password_change
from congress.roles import Role
from congress.services import user_password_changed
from congress.sessions import session_end
from congress.workspaces import links_for, panels_for, public_home


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their workspace; several roles get a switcher.
    Anonymous visitors get the public home page an app registered."""
    if not request.user.is_authenticated:
        view = public_home()
        return view(request) if view else redirect_to_login(request.get_full_path())
    user_roles = request.user.roles
    if len(user_roles) == 1:
        return redirect(workspace_url_name(user_roles[0]))
    return render(request, "congress/home.html", {"user_roles": user_roles})


def workspace_url_name(role: Role) -> str:
    return f"workspace_{role.value}"


def workspace_view(role: Role):
    @roles(role)
    @require_GET
    def workspace(request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "congress/workspace.html",
            {
                "current_role": role,
                "panels": panels_for(role, request.user),
                "workspace_links": links_for(role, request.user),
            },
        )

    workspace.__name__ = workspace_url_name(role)
    return workspace


login = public(
    limit_login(auth_views.LoginView.as_view(redirect_authenticated_user=True))
)
logout = public(auth_views.LogoutView.as_view())


class GuardedPasswordChangeForm(PasswordChangeForm):
    """The old password is checked through authenticate(), so a wrong one counts
    as a failed login (django-axes, the same installation rules) and a locked
    account cannot try further."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


def _credentials(request) -> dict:
    return {"username": request.user.get_username()}


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = GuardedPasswordChangeForm
    success_url = reverse_lazy("home")

    def dispatch(self, request, *args, **kwargs):
        # Locked (by failed logins or failed old passwords): no more guesses.
        if request.user.is_authenticated and AxesProxyHandler.is_locked(
            request, _credentials(request)
        ):
            return get_lockout_response(request, None, _credentials(request))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        # The old password proved the person: earlier wrong guesses are void.
        AxesProxyHandler.reset_attempts(username=self.request.user.get_username())
        user_password_changed(self.request.user)
        # The old password may be what someone else logged in with.
        session_end(
            self.request.user, "others", keep_key=self.request.session.session_key
        )
        messages.success(self.request, _("Your password has been changed."))
        return response


password_change = logged_in(limit_password_change(PasswordChangeView.as_view()))


@logged_in
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = attachment_get_for_user(request.user, pk)
    if attachment is None:
        raise Http404
    return attachment_response(attachment, inline=request.GET.get("inline") == "1")
