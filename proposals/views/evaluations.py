"""The handling evaluation form (测评表) and its summary, under
/proposals/evaluations/<assignment>/."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import roles
from congress.exceptions import DomainError
from congress.roles import Role
from congress.text import BoundedTextFormField
from proposals import evaluations
from proposals.access import assignment_get_for_user
from proposals.models import EvaluatorRole, HandlingEvaluation, Satisfaction

EVALUATORS = (Role.LEADER, Role.OFFICE, Role.DEPUTY)
SUMMARY_READERS = (Role.LEADER, Role.OFFICE, Role.VIEWER, Role.DEPUTY)


def _grade_field(name: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=HandlingEvaluation._meta.get_field(name).verbose_name,
        choices=Satisfaction.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )


class HandlingEvaluationForm(forms.Form):
    """The six dimensions, each 满意/基本满意/不满意, and a comment."""

    organization_leadership = _grade_field("organization_leadership")
    attitude = _grade_field("attitude")
    communication = _grade_field("communication")
    reply_quality = _grade_field("reply_quality")
    implementation = _grade_field("implementation")
    overall = _grade_field("overall")
    comment = BoundedTextFormField(
        size="short",
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


def _evaluators() -> str:
    """Who fills in the form at this installation, for the pages to say."""
    return "、".join(
        str(EvaluatorRole(role).label) for role in evaluations.evaluator_roles()
    )


@roles(*EVALUATORS)
@require_http_methods(["GET", "POST"])
def evaluation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill in the evaluation form for a lead organisation's handling."""
    assignment = assignment_get_for_user(request.user, pk, action="evaluate")
    form = HandlingEvaluationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluations.handling_evaluation_submit(
                assignment,
                user=request.user,
                comment=data["comment"],
                **{name: data[name] for name in evaluations.DIMENSIONS},
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, gettext("Thank you; your evaluation was recorded.")
            )
        return redirect(assignment.proposal)
    done = HandlingEvaluation.objects.filter(
        assignment=assignment, evaluator=request.user
    ).exists()
    context = {
        "form": form,
        "assignment": assignment,
        "proposal": assignment.proposal,
        "is_open": evaluations.evaluation_is_open(assignment),
        "done": done,
        "evaluators": _evaluators(),
    }
    return render(request, "proposals/evaluations/form.html", context)


@roles(*SUMMARY_READERS)
@require_GET
def evaluation_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """Counts of each grade per dimension and the satisfaction share."""
    assignment = assignment_get_for_user(request.user, pk, action="evaluation_results")
    context = {
        "assignment": assignment,
        "proposal": assignment.proposal,
        "rows": evaluations.evaluation_summary(assignment),
        "grades": Satisfaction.labels,
        "evaluations": assignment.evaluations.select_related("evaluator"),
        "evaluators": _evaluators(),
    }
    return render(request, "proposals/evaluations/summary.html", context)
