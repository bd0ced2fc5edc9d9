"""The office records a return visit (回访) to the lead deputy of a closed
item, from the look-back page (回头看) or the item's page."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from congress.access import roles
from congress.confirm import confirm_transition
from congress.roles import Role
from proposals import services
from proposals.access import proposal_get_for_user
from proposals.forms_office import FollowUpVisitForm


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def office_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get_for_user(request.user, pk)
    form = FollowUpVisitForm(request.POST if request.method == "POST" else None)
    return confirm_transition(
        request,
        form=form,
        perform=lambda data: services.follow_up_visit_record(
            proposal, user=request.user, **data
        ),
        done=gettext("The return visit was recorded."),
        back=reverse("proposals:office_look_back"),
        template="proposals/office/confirm.html",
        proposal=proposal,
        title=gettext("Record a return visit"),
        consequence=gettext(
            "After closing, the office visits or calls the lead deputy (回访) to "
            "learn whether what the reply promised was carried out. The record "
            "goes on the item's timeline and into the look-back."
        ),
        submit=gettext("Record the visit"),
    )
