"""Terms and elections for office staff: open a new term, end the old term's
mandates, record by-elections (补选). The new term's registry comes from
importing the election results into it (the registry import)."""

from django import forms
from django.contrib import messages
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from congress.access import roles
from congress.exceptions import DomainError
from congress.models import Division, Term
from congress.roles import Role
from congress.validators import normalize_id_number
from deputies import elections
from deputies.models import Constituency, Deputy, Level, MandateStatus
from deputies.resources import TOWNSHIP_LEVELS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TermOpenForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("term number"), min_value=1)
    start_date = forms.DateField(
        label=gettext_lazy("start date"),
        widget=DATE_WIDGET,
        help_text=gettext_lazy("The day the first session of the new congress opens."),
    )


class ByElectionForm(forms.Form):
    """A by-election in the current term. The deputy is named exactly as in
    the registry, or by ID number when two deputies share the name."""

    deputy = forms.CharField(
        label=gettext_lazy("deputy"),
        max_length=50,
        help_text=gettext_lazy(
            "The name exactly as in the registry, or the ID number. A person "
            "new to the registry is added there first."
        ),
    )
    level = forms.ChoiceField(label=gettext_lazy("level"), choices=Level.choices)
    elected_on = forms.DateField(label=gettext_lazy("elected on"), widget=DATE_WIDGET)
    constituency = forms.ModelChoiceField(
        label=gettext_lazy("constituency"),
        queryset=Constituency.objects.none(),
        required=False,
    )
    division = forms.ModelChoiceField(
        label=gettext_lazy("township or sub-district"),
        queryset=Division.objects.filter(level__in=TOWNSHIP_LEVELS),
        required=False,
    )

    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["constituency"].queryset = Constituency.objects.filter(term=term)
        self.fields["level"].initial = Level.COUNTY
        for bound in self.fields.values():
            css = "form-select" if isinstance(bound.widget, forms.Select) else ""
            bound.widget.attrs.setdefault("class", css or "form-control")

    def clean_deputy(self) -> Deputy:
        value = self.cleaned_data["deputy"].strip()
        number = normalize_id_number(value)
        found = list(
            Deputy.objects.filter(
                Q(name=value) | Q(id_number=number) & ~Q(id_number="")
            )
            .only("pk", "name")
            .order_by("pk")[:2]
        )
        if not found:
            raise forms.ValidationError(
                _("No deputy “%(name)s” in the registry; add the person there first.")
                % {"name": value},
                code="unknown",
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several deputies are called “%(name)s”; enter the ID number.")
                % {"name": value},
                code="ambiguous",
            )
        return found[0]


def _style(form: forms.Form) -> forms.Form:
    for bound in form.fields.values():
        bound.widget.attrs.setdefault("class", "form-control")
    return form


def _open_form(data=None) -> TermOpenForm:
    highest = Term.objects.aggregate(n=Max("number"))["n"] or 0
    return _style(TermOpenForm(data, initial={"number": highest + 1}))


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    """The terms with their mandates counted; the form to open the next term."""
    form = _open_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            term = elections.term_open(**form.cleaned_data, user=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "%(term)s is now the current term. Import the election "
                    "results into the registry to create its mandates."
                )
                % {"term": term},
            )
            return redirect("deputies:terms")
    return render(
        request,
        "deputies/elections/terms.html",
        {
            "overview": elections.terms_overview(),
            "form": form,
            "statuses": MandateStatus.choices,
        },
    )


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def term_close(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what ending the term's mandates does; POST: do it."""
    term = get_object_or_404(Term, pk=pk)
    if request.method == "POST":
        try:
            count = elections.term_close_mandates(term, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s mandate of %(term)s now shows “term ended”.",
                    "%(count)s mandates of %(term)s now show “term ended”.",
                    count,
                )
                % {"count": count, "term": term},
            )
        return redirect("deputies:terms")
    return render(
        request,
        "deputies/elections/term_close.html",
        {"term": term, "open_mandates": elections.term_open_mandates(term)},
    )


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def by_election(request: HttpRequest) -> HttpResponse:
    """Record a by-election (补选) in the current term."""
    term = Term.objects.filter(is_current=True).first()
    if term is None:
        return render(request, "deputies/elections/by_election.html", {"term": None})
    data = request.POST if request.method == "POST" else None
    form = ByElectionForm(data, term=term, initial={"elected_on": timezone.localdate()})
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            mandate = elections.mandate_by_election(
                values["deputy"], term=term, user=request.user, **_without(values)
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(deputy)s's by-election was recorded (%(level)s, %(term)s).")
                % {
                    "deputy": mandate.deputy,
                    "level": mandate.get_level_display(),
                    "term": term,
                },
            )
            return redirect(mandate.deputy.get_absolute_url())
    return render(
        request, "deputies/elections/by_election.html", {"term": term, "form": form}
    )


def _without(values: dict) -> dict:
    return {key: value for key, value in values.items() if key != "deputy"}
