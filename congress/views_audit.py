"""The audit administrator's one page: the audit trail (congress.audit)."""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from congress.access import roles
from congress.audit import Filters, audit_source, audit_sources
from congress.models import User
from congress.roles import Role

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    source = forms.ChoiceField(label=_("Record"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    actor = forms.CharField(
        label=_("User name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sources = audit_sources()
        self.fields["source"].choices = [(s.key, s.label) for s in sources]
        self.fields["source"].widget.attrs["class"] = "form-select"

    def clean_actor(self):
        username = self.cleaned_data["actor"].strip()
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(
                _("No account has the user name %(name)s."),
                params={"name": username},
            )
        return user

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


def _month_ago() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=30)


@roles(Role.AUDIT_ADMIN)
@require_GET
def audit_trail(request: HttpRequest) -> HttpResponse:
    """The audit trail, one source at a time, newest first, 50 a page."""
    form = AuditFilterForm(request.GET or None, initial={"date_from": _month_ago()})
    source = audit_sources()[0]
    rows, page = [], None
    if not form.is_bound or form.is_valid():
        # Unfiltered, the last 30 days: the first page stays cheap on years
        # of history.
        data: dict = form.cleaned_data if form.is_bound else {"date_from": _month_ago()}
        source = audit_source(data.get("source") or source.key)
        filters = Filters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            actor=data.get("actor"),
        )
        page = Paginator(source.rows(filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = source.present(list(page.object_list))
    return render(
        request,
        "congress/audit_trail.html",
        {
            "form": form,
            "source": source,
            "rows": rows,
            "page_obj": page,
        },
    )
