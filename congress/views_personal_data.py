"""Office staff answer a person's request: export their data (JSON) or
erase it (congress.personal_data). Both are recorded with who did it."""

import json

from django import forms
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from congress.access import roles
from congress.exceptions import DomainError
from congress.models import PersonalDataRequest
from congress.personal_data import (
    person_kinds,
    personal_data_erase,
    personal_data_export,
)
from congress.ratelimits import EXPORT, EXPORTS_PER_HOUR, rate_limited
from congress.roles import Role


class PersonalDataForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Whose data"), widget=forms.Select(attrs={"class": "form-select"})
    )
    identifier = forms.CharField(
        label=_("Phone number or ID number"),
        max_length=30,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    action = forms.ChoiceField(
        label=_("Request"),
        choices=[("export", _("Export the data")), ("erase", _("Erase the data"))],
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("I have checked the person's identity and their request."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind.key, f"{kind.label}：{kind.identifier_label}")
            for kind in person_kinds()
        ]


def _export_response(data: dict) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="personal-data-{stamp}.json"'
    )
    return response


@roles(Role.OFFICE)
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited(EXPORT, EXPORTS_PER_HOUR, methods=("POST",))
def personal_data(request: HttpRequest) -> HttpResponse:
    """One form for both requests; the last requests below, without data."""
    form = PersonalDataForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind, identifier = form.cleaned_data["kind"], form.cleaned_data["identifier"]
        if form.cleaned_data["action"] == "export":
            return _export_response(
                personal_data_export(kind, identifier, by=request.user)
            )
        try:
            erased = personal_data_erase(kind, identifier, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                gettext("%(n)s records erased; counts and statistics are kept.")
                % {"n": erased},
            )
            return redirect("personal_data")
    recent = list(PersonalDataRequest.objects.select_related("requested_by")[:20])
    labels = {kind.key: kind.label for kind in person_kinds()}
    for row in recent:
        row.kind_label = labels.get(row.kind, row.kind)  # type: ignore[attr-defined]
    return render(
        request, "congress/personal_data.html", {"form": form, "recent": recent}
    )
