"""The office's 并案 page: handle related registered items together with one,
the item on one side and the candidates beside it, each with its full text.

Thin view: access declaration → form → service → message → redirect.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods

from congress.access import roles
from congress.exceptions import DomainError
from congress.roles import Role
from proposals import services, workflow
from proposals.access import proposal_get_for_user
from proposals.forms_office import MergeForm
from proposals.models import Proposal, ProposalStatus

PER_PAGE = 20


def merge_candidates(into: Proposal, query: str = ""):
    """Registered items of the same kind and term that may be handled together
    with `into`: not merged themselves, with nothing merged into them; those of
    its category first."""
    candidates = (
        Proposal.objects.filter(
            status=ProposalStatus.REGISTERED,
            kind=into.kind,
            term_id=into.term_id,
            merged_into__isnull=True,
            merged__isnull=True,
        )
        .exclude(pk=into.pk)
        .select_related("lead_deputy", "category")
        .annotate(
            other_category=Case(
                When(category_id=into.category_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("other_category", "number", "pk")
    )
    return workflow.search(candidates, query)


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def office_merge(request: HttpRequest, pk: int) -> HttpResponse:
    into = proposal_get_for_user(request.user, pk)
    if request.method == "POST":
        form = MergeForm(request.POST)
        if form.is_valid():
            try:
                merged = services.proposal_merge(
                    form.cleaned_data["proposals"], into=into, user=request.user
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s item is handled together with “%(title)s”.",
                        "%(count)s items are handled together with “%(title)s”.",
                        len(merged),
                    )
                    % {"count": len(merged), "title": into.title},
                )
                return redirect(into.get_absolute_url())
        else:
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
    query = request.GET.get("q", "")
    # Queries: 1 count + 1 page of candidates with deputy and category, 1 the
    # items already merged into it.
    page = Paginator(merge_candidates(into, query), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "proposal": into,
        "page_obj": page,
        "query": query,
        "already": into.merged.select_related("lead_deputy"),
        "title": gettext("Handle together (并案)"),
    }
    return render(request, "proposals/office/merge.html", context)
