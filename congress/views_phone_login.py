"""Login with a mobile number and a code by text message (congress.phone_login)."""

from django import forms
from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from congress import phone_login
from congress.access import public
from congress.exceptions import DomainError
from congress.ratelimits import limit_login
from congress.redirects import next_url

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class MobileForm(forms.Form):
    mobile = forms.RegexField(
        label=_("Mobile number"),
        regex=r"^1[3-9][0-9]{9}$",
        max_length=11,
        error_messages={
            "invalid": _("Enter an 11-digit mainland mobile number starting with 1.")
        },
    )


class CodeForm(MobileForm):
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^[0-9]{6}$",
        max_length=6,
        error_messages={"invalid": _("The code has six digits.")},
    )


@public
@require_http_methods(["GET", "POST"])
@limit_login
def login_phone(request: HttpRequest) -> HttpResponse:
    """Step one: the number (a code is sent); step two: the code (logged in)."""
    next_page = next_url(request, "/")
    context = {"next": next_page, "form": MobileForm(), "sent": False}
    status = 200
    if request.method == "POST" and "code" not in request.POST:
        form = MobileForm(request.POST)
        context["form"] = form
        if form.is_valid():
            try:
                phone_login.login_code_send(
                    form.cleaned_data["mobile"],
                    address=request.META.get("REMOTE_ADDR"),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                context["sent"] = True
                context["form"] = CodeForm(initial=form.cleaned_data)
        status = 200 if form.is_valid() and not form.errors else 400
    elif request.method == "POST":
        form = CodeForm(request.POST)
        context.update(form=form, sent=True)
        if form.is_valid():
            user = phone_login.login_code_verify(
                form.cleaned_data["mobile"], form.cleaned_data["code"]
            )
            if user is not None:
                auth_login(request, user, backend=MODEL_BACKEND)
                return redirect(next_page)
            form.add_error(
                "code",
                gettext("The code is wrong, used or expired. Ask for a new one."),
            )
        status = 400
    return render(request, "registration/login_phone.html", context, status=status)
