"""A deputy's duties: the list, swaps, QR check-in on a phone, public profile."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congress.access import roles
from congress.exceptions import DomainError
from congress.roles import Role
from liaison_stations import access, forms, selectors, services
from liaison_stations.models import DeputyPublicProfile, DutyStatus
from liaison_stations.views_manage import failed


def _deputy(request: HttpRequest):
    return getattr(request.user, "deputy", None)


@roles(Role.DEPUTY)
@require_GET
def my_duties(request: HttpRequest) -> HttpResponse:
    deputy = _deputy(request)
    today = timezone.localdate()
    duties = selectors.deputy_duties(deputy, today=today) if deputy else []
    issues = (
        access.issues_visible_to(request.user)
        .open()
        .select_related("station")
        .order_by("due_date", "pk")[:20]
    )
    return render(
        request,
        "liaison_stations/deputy/my_duties.html",
        {
            "deputy": deputy,
            "upcoming": [d for d in duties if d.slot.date >= today],
            "past": [d for d in duties if d.slot.date < today][::-1],
            "issues": issues,
            "stations": deputy.stations.all() if deputy else [],
            "today": today,
            "attended": DutyStatus.ATTENDED,
        },
    )


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """The deputy on duty invites voters or groups to the reception."""
    assignment = access.assignment_get_for_user(request.user, pk, action="swap")
    form = forms.InviteForm(
        request.POST or None, initial={"invitation": assignment.slot.invitation}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.slot_invite(
                assignment,
                user=request.user,
                invitation=form.cleaned_data["invitation"],
            )
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(request, _("The station's page shows whom you invited."))
            return redirect("liaison_stations:my_duties")
    return render(
        request,
        "liaison_stations/manage/form.html",
        {
            "form": form,
            "title": _("Invite voters to this reception"),
            "lead": f"{assignment.slot.station} · {assignment.slot}",
        },
    )


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def swap_create(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.assignment_get_for_user(request.user, pk, action="swap")
    form = forms.SwapForm(
        request.POST or None,
        station=assignment.slot.station,
        exclude=assignment.deputy_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.swap_request(assignment, user=request.user, **form.cleaned_data)
        except DomainError as error:
            failed(request, error)
        else:
            messages.success(
                request, _("Your request was sent to the station's manager.")
            )
            return redirect("liaison_stations:my_duties")
    return render(
        request,
        "liaison_stations/manage/form.html",
        {
            "form": form,
            "title": _("Ask another deputy to take this duty"),
            "lead": f"{assignment.slot.station} · {assignment.slot}",
        },
    )


@roles(Role.DEPUTY)
@require_POST
def swap_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    swap = access.swap_get_for_user(request.user, pk, action="withdraw")
    try:
        services.swap_withdraw(swap, user=request.user)
    except DomainError as error:
        failed(request, error)
    else:
        messages.success(request, _("Your swap request was withdrawn."))
    return redirect("liaison_stations:my_duties")


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    """The page the station's QR code opens on the deputy's phone."""
    try:
        slot = services.rosters.check_in_slot(token)
    except DomainError as error:
        return render(
            request,
            "liaison_stations/deputy/check_in.html",
            {"error": error.message},
            status=400,
        )
    if request.method == "POST":
        try:
            services.duty_check_in(token, user=request.user)
        except DomainError as error:
            failed(request, error)
            return redirect("liaison_stations:check_in", token)
        messages.success(
            request, _("Checked in. The duty is recorded in your performance file.")
        )
        return redirect("liaison_stations:my_duties")
    return render(
        request, "liaison_stations/deputy/check_in.html", {"slot": slot, "token": token}
    )


@roles(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    deputy = _deputy(request)
    if deputy is None:
        return redirect("liaison_stations:my_duties")
    current = DeputyPublicProfile.objects.filter(deputy=deputy).first()
    form = forms.ProfileForm(
        request.POST or None,
        initial={
            "show_contact": current.show_contact if current else False,
            "public_phone": current.public_phone if current else "",
            "introduction": current.introduction if current else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        services.deputy_profile_update(deputy, user=request.user, **form.cleaned_data)
        messages.success(request, _("Your public page was updated."))
        return redirect("liaison_stations:my_duties")
    return render(
        request,
        "liaison_stations/manage/form.html",
        {"form": form, "title": _("My public page")},
    )
