"""The office's motions page (议案): motions after the presidium's decision,
each with its next step: refer to a special committee, record the committee's
deliberation report, record the resolution or decision. Motions handled as
suggestions are listed too, with a link to their suggestion workflow.

Thin views: access declaration → form → service → message → redirect.
"""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import roles
from congress.confirm import confirm_transition
from congress.roles import Role
from proposals import services
from proposals.access import proposal_get_for_user
from proposals.forms_office import (
    MotionReferForm,
    MotionReportForm,
    MotionResolveForm,
)
from proposals.models import (
    MotionReview,
    PresidiumDecision,
    Proposal,
    ProposalKind,
)

office_only = roles(Role.OFFICE)


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _confirm(request: HttpRequest, **kwargs) -> HttpResponse:
    return confirm_transition(
        request,
        template="proposals/office/confirm.html",
        back=reverse("proposals:office_motions"),
        **kwargs,
    )


@office_only
@require_GET
def office_motions(request: HttpRequest) -> HttpResponse:
    """Motions of the current term after the presidium's decision."""
    # Queries: 1 motions with their lead deputy, term and deliberation.
    motions = (
        Proposal.objects.filter(term__is_current=True)
        .filter(
            Q(kind=ProposalKind.MOTION)
            | Q(presidium_decision=PresidiumDecision.CONVERTED)
        )
        .exclude(presidium_decision="")
        .select_related("lead_deputy", "term", "motion_review__committee")
        .order_by("kind", "number", "pk")
    )
    return render(request, "proposals/office/motions.html", {"motions": motions})


@office_only
@require_http_methods(["GET", "POST"])
def office_motion_refer(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get_for_user(request.user, pk)
    return _confirm(
        request,
        form=MotionReferForm(_posted(request)),
        perform=lambda data: services.motion_refer(
            proposal,
            committee=data["committee"],
            referred_on=data["referred_on"],
            user=request.user,
        ),
        done=gettext("“%(title)s” was referred to the special committee.")
        % {"title": proposal.title},
        proposal=proposal,
        title=gettext("Refer to a special committee"),
        consequence=gettext(
            "The motion is on the agenda: the special committee deliberates it "
            "and reports to the presidium. It is not assigned for a reply. "
            "The lead deputy is told."
        ),
        submit=gettext("Refer"),
    )


def _review(pk: int) -> MotionReview:
    return get_object_or_404(
        MotionReview.objects.select_related("proposal__lead_deputy", "committee"),
        pk=pk,
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_motion_report(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(pk)
    return _confirm(
        request,
        form=MotionReportForm(_posted(request)),
        perform=lambda data: services.motion_report(
            review,
            report=data["report"],
            reported_on=data["reported_on"],
            user=request.user,
        ),
        done=gettext("The deliberation report was recorded."),
        proposal=review.proposal,
        title=gettext("Record the deliberation report"),
        consequence=gettext(
            "Record the report of %(committee)s on this motion. The resolution "
            "or decision on it is recorded next. The lead deputy is told."
        )
        % {"committee": review.committee},
        submit=gettext("Record the report"),
    )


@office_only
@require_http_methods(["GET", "POST"])
def office_motion_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(pk)
    return _confirm(
        request,
        form=MotionResolveForm(_posted(request)),
        perform=lambda data: services.motion_resolve(
            review,
            outcome=data["outcome"],
            title=data["title"],
            adopted_on=data["adopted_on"],
            text=data["text"],
            user=request.user,
        ),
        done=gettext("The resolution or decision was recorded; the motion is closed."),
        proposal=review.proposal,
        title=gettext("Record the resolution or decision"),
        consequence=gettext(
            "Record the resolution or decision adopted on this motion. The "
            "motion is then closed and the lead deputy is told; this cannot be "
            "undone."
        ),
        submit=gettext("Record and close"),
    )
