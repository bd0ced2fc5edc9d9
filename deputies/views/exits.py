"""Exit cases decided on a screen: the office records the standing
committee's decision on a resignation with its legal ground, or the
constituency's recall vote with its result (the case is opened in the admin
or here from the registry)."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import roles
from congress.exceptions import DomainError
from congress.models import Meeting
from congress.roles import Role
from deputies import services
from deputies.access import REGISTRY_READERS, exit_case_get_for_user
from deputies.models import ExitCase, ExitKind, ExitStatus, TerminationGround

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RECENT_DECISIONS = 20


class _Bootstrap(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                continue
            css = (
                "form-select"
                if isinstance(field, forms.ChoiceField)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)


class ExitDecisionForm(_Bootstrap):
    accepted = forms.TypedChoiceField(
        label=gettext_lazy("decision"),
        choices=[
            ("1", gettext_lazy("Accept the resignation: the mandate ends")),
            ("0", gettext_lazy("Do not accept: the deputy keeps the mandate")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    decision_date = forms.DateField(
        label=gettext_lazy("decision date"), widget=DATE_WIDGET
    )
    ground = forms.ChoiceField(
        label=gettext_lazy("legal ground"),
        choices=[
            (value, label)
            for value, label in TerminationGround.choices
            if value != TerminationGround.RECALL
        ],
        help_text=gettext_lazy("The ground on which the mandate ends, if accepted."),
    )
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("deciding meeting"),
        queryset=Meeting.objects.order_by("-start_date"),
        required=False,
        empty_label="—",
    )


class RecallVoteForm(_Bootstrap):
    vote_date = forms.DateField(
        label=gettext_lazy("date of the vote"), widget=DATE_WIDGET
    )
    electorate = forms.IntegerField(
        label=gettext_lazy("voters of the constituency"),
        min_value=1,
        help_text=gettext_lazy("All registered voters of the constituency."),
    )
    votes_cast = forms.IntegerField(label=gettext_lazy("votes cast"), min_value=0)
    votes_for = forms.IntegerField(
        label=gettext_lazy("votes for the recall"), min_value=0
    )


@roles(*REGISTRY_READERS)
@require_GET
def exit_cases(request: HttpRequest) -> HttpResponse:
    """Open exit cases, oldest first, then the latest decisions."""
    # Queries: open cases and recent decisions, each with mandate and deputy.
    cases = ExitCase.objects.select_related("mandate__deputy", "meeting")
    return render(
        request,
        "deputies/exits/list.html",
        {
            "open_cases": cases.filter(status=ExitStatus.PROPOSED).order_by(
                "created_at", "pk"
            ),
            "decided": cases.exclude(status=ExitStatus.PROPOSED).order_by(
                "-decision_date", "-pk"
            )[:RECENT_DECISIONS],
            "may_decide": request.user.has_role(Role.OFFICE),
        },
    )


def _form_page(request, case, form, *, action):
    return render(
        request,
        "deputies/exits/decide.html",
        {"case": case, "form": form, "action": action},
    )


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def exit_case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = exit_case_get_for_user(request.user, pk, action="decide")
    if case.kind == ExitKind.RECALL:
        return redirect("deputies:exit_recall_vote", pk=case.pk)
    form = ExitDecisionForm(
        request.POST or None,
        initial={
            "decision_date": timezone.localdate(),
            "ground": services.EXIT_GROUNDS[case.kind],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.exit_case_decide(case, user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The decision on %(name)s was recorded.")
                % {"name": case.mandate.deputy.name},
            )
            return redirect("deputies:exits")
    return _form_page(request, case, form, action="decide")


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def exit_recall_vote(request: HttpRequest, pk: int) -> HttpResponse:
    case = exit_case_get_for_user(request.user, pk, action="decide")
    if case.kind != ExitKind.RECALL:
        return redirect("deputies:exit_decide", pk=case.pk)
    form = RecallVoteForm(
        request.POST or None, initial={"vote_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.exit_case_record_recall_vote(
                case, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            passed = case.status == ExitStatus.ACCEPTED
            messages.success(
                request,
                (
                    _("The recall of %(name)s passed; the mandate has ended.")
                    if passed
                    else _("The recall of %(name)s did not pass.")
                )
                % {"name": case.mandate.deputy.name},
            )
            return redirect("deputies:exits")
    return _form_page(request, case, form, action="recall")
