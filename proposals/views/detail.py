"""The proposal page every role shares."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from congress.access import logged_in
from proposals.access import organizations_acting_for, proposal_get_for_user
from proposals.models import Assignment, MotionReview, ProposalEvent, Reply


@logged_in
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get_for_user(request.user, pk)
    assignments = proposal.assignments.select_related(
        "organization", "via_hub", "leader_in_charge"
    )
    # Each event carries its audience (测评表 comments: the summary's readers).
    events = (
        ProposalEvent.objects.filter(proposal=proposal)
        .visible_to(request.user)
        .select_related("actor", "assignment__organization")
    )
    context = {
        "proposal": proposal,
        "signers": proposal.signers.select_related("deputy"),
        "assignments": assignments.prefetch_related(
            Prefetch("ratings"), Prefetch("contacts")
        ),
        "replies": Reply.objects.visible_to(request.user)
        .filter(assignment__proposal=proposal)
        .select_related("assignment__organization"),
        "events": events,
        "visits": proposal.follow_up_visits.all(),
        "review": MotionReview.objects.filter(proposal=proposal)
        .select_related("committee")
        .first(),
        "acting_for": organizations_acting_for(request.user),
        "Assignment": Assignment,
    }
    return render(request, "proposals/detail.html", context)
