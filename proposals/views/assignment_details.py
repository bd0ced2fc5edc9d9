"""The office sets the 交办表's people of one assignment: the leader in
charge (分管领导), the handler (领办人) and the supervisor (督办人)."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from congress.access import roles
from congress.confirm import confirm_transition
from congress.roles import Role
from proposals import services
from proposals.access import assignment_get_for_user
from proposals.forms_office import AssignmentDetailsForm


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def office_assignment_details(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for_user(request.user, pk)
    initial = {
        "leader_in_charge": assignment.leader_in_charge_id,
        "handler": assignment.handler,
        "supervisor": assignment.supervisor,
        "part": assignment.part,
    }
    form = AssignmentDetailsForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        split=bool(assignment.part),
    )
    return confirm_transition(
        request,
        form=form,
        perform=lambda data: services.assignment_details_set(
            assignment, user=request.user, **data
        ),
        done=gettext("The assignment form's people were saved."),
        back=assignment.proposal.get_absolute_url(),
        template="proposals/office/confirm.html",
        proposal=assignment.proposal,
        assignment=assignment,
        title=gettext("Leader in charge, handler and supervisor"),
        consequence=gettext(
            "The assignment form (交办表) names the vice head in charge, the "
            "person who handles it in the organisation and the person who "
            "supervises it. Statistics by leader in charge count the "
            "assignment under the leader named here."
        ),
        submit=gettext("Save"),
    )
