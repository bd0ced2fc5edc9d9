from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from congress.access import logged_in, public, roles
from congress.attachments import attachment_get_for_user, attachment_response
from congress.roles import Role
from congress.services import user_password_changed
from congress.sessions import session_end
from congress.workspaces import links_for, panels_for


@logged_in
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their workspace; several roles get a switcher."""
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
                "workspace_links": links_for(role),
            },
        )

    workspace.__name__ = workspace_url_name(role)
    return workspace


login = public(auth_views.LoginView.as_view(redirect_authenticated_user=True))
logout = public(auth_views.LogoutView.as_view())


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_changed(self.request.user)
        # The old password may be what someone else logged in with.
        session_end(
            self.request.user, "others", keep_key=self.request.session.session_key
        )
        messages.success(self.request, _("Your password has been changed."))
        return response


password_change = logged_in(PasswordChangeView.as_view())


@logged_in
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = attachment_get_for_user(request.user, pk)
    if attachment is None:
        raise Http404
    return attachment_response(attachment)
