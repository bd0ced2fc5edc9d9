"""Office staff create logins for many deputies at once (deputies.accounts).

The POST that creates the logins is the only response that carries the
temporary passwords: as an HTML table or, when asked, directly as the PDF sheet
to hand out. Nothing is stored to show or print them again later, and both
responses forbid caching.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from congress.access import roles
from congress.exceptions import DomainError
from congress.models import Division
from congress.pdf import pdf_response, render_pdf
from congress.ratelimits import limit_pdf_post
from congress.roles import Role
from deputies.accounts import deputies_logins_create, deputies_without_login
from deputies.models import DeputyGroup

DEPUTIES_PER_PAGE = 100


class LoginFilterForm(forms.Form):
    division = forms.ModelChoiceField(
        label=_("township or sub-district"),
        required=False,
        queryset=Division.objects.all(),
        empty_label="—",
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    group = forms.ModelChoiceField(
        label=_("deputy group"),
        required=False,
        queryset=DeputyGroup.objects.filter(term__is_current=True),
        empty_label="—",
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class LoginCreateForm(forms.Form):
    # Every eligible deputy, whatever the filters showed: a deputy who got a
    # login in the meantime is no longer a valid choice.
    deputies = forms.ModelMultipleChoiceField(
        label=_("deputies"),
        queryset=deputies_without_login(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one deputy."),
            "invalid_choice": _(
                "A selected deputy already has a login or no longer serves; "
                "reload the page."
            ),
        },
    )
    as_pdf = forms.BooleanField(
        label=_("Download the logins as a PDF sheet to print"),
        required=False,
        initial=True,
    )


@roles(Role.OFFICE)
@never_cache
@require_http_methods(["GET", "POST"])
@limit_pdf_post
def accounts_create(request: HttpRequest) -> HttpResponse:
    """Serving deputies of the current term without a login, filtered by
    division or group; POST creates logins for the ticked ones."""
    if request.method == "POST":
        form = LoginCreateForm(request.POST)
        if form.is_valid():
            try:
                accounts = deputies_logins_create(
                    form.cleaned_data["deputies"], user=request.user
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                return _accounts_response(request, accounts, form)
    else:
        form = LoginCreateForm()
    return _choose_page(request, form)


def _choose_page(request: HttpRequest, form: LoginCreateForm) -> HttpResponse:
    filters = LoginFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    deputies = deputies_without_login(
        division=chosen.get("division"), group=chosen.get("group")
    )
    page = Paginator(deputies, DEPUTIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "deputies/accounts/create.html",
        {
            "filters": filters,
            "form": form,
            "page_obj": page,
            "selected": {str(pk) for pk in form["deputies"].value() or []},
        },
    )


def _accounts_response(request: HttpRequest, accounts, form) -> HttpResponse:
    context = {
        "accounts": accounts,
        "portal_url": request.build_absolute_uri("/"),
        "today": timezone.localdate(),
    }
    if form.cleaned_data["as_pdf"]:
        pdf = render_pdf("deputies/pdf/login_sheet.html", context, request=request)
        filename = gettext("Deputy logins %(date)s.pdf") % {
            "date": context["today"].isoformat()
        }
        return pdf_response(pdf, filename)
    messages.success(
        request,
        gettext("Logins were created for %(count)s deputies.")
        % {"count": len(accounts)},
    )
    return render(request, "deputies/accounts/created.html", context)
