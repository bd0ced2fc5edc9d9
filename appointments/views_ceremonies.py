"""Certificates, the vote's ballot link, oath ceremonies and statistics."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from appointments import access, reports, selectors, services
from appointments.forms import CeremonyForm, OptionalReasonForm
from appointments.models import (
    Batch,
    Case,
    CaseStatus,
    CaseType,
    Certificate,
    OathCeremony,
)
from appointments.views_cases import _confirm, readers, staff
from congress.exceptions import DomainError
from congress.pdf import pdf_response
from congress.ratelimits import limit_by_format, limit_pdf, limit_pdf_post

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff
@require_http_methods(["GET", "POST"])
def ballot_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_get_for_user(request.user, pk, action="manage")
    if request.method == "POST":
        try:
            ballot = services.case_ballot_create(case, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(case)
        messages.success(request, _("The ballot is ready; open it at the meeting."))
        return redirect("ballot_manage", ballot.pk)
    return _confirm(
        request,
        case,
        title=_("Prepare the secret ballot"),
        consequence=_(
            "A ballot on this case is drafted for the meeting. It passes with "
            "more than half of all members of the standing committee, not of "
            "those present; the result is fixed when the ballot closes."
        ),
        button=_("Prepare the ballot"),
    )


@staff
@require_http_methods(["GET", "POST"])
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_get_for_user(request.user, pk, action="manage")
    if request.method == "POST":
        try:
            certificate = services.certificate_issue(case, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Certificate %(number)s issued.") % {"number": certificate.number},
            )
        return redirect(case)
    return _confirm(
        request,
        case,
        title=_("Issue the certificate of appointment"),
        consequence=_("The certificate takes the year's next number and today's date."),
        button=_("Issue"),
    )


@staff
@require_http_methods(["GET", "POST"])
@limit_pdf_post
def certificate_print(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_get_for_user(request.user, pk, action="manage")
    certificate = get_object_or_404(
        Certificate.objects.select_related(
            "case__person", "case__post__organization", "case__meeting"
        ),
        case=case,
    )
    form = OptionalReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pdf = services.certificates_print(
            [certificate], user=request.user, reason=form.cleaned_data["reason"]
        )
        return pdf_response(pdf, f"任命书-{case.person.name}.pdf", as_attachment=False)
    return render(
        request,
        "appointments/certificate_print.html",
        {
            "case": case,
            "certificate": certificate,
            "form": form,
            "prints": certificate.prints.select_related("printed_by"),
        },
    )


@staff
@require_http_methods(["POST"])
@limit_pdf
def batch_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    batch = get_object_or_404(Batch, pk=pk)
    certificates = services.ceremonies.certificates_for_print().filter(
        case__batch=batch
    )
    try:
        pdf = services.certificates_print(
            certificates, user=request.user, reason=request.POST.get("reason", "")[:200]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(batch)
    return pdf_response(pdf, f"任命书-{batch.title}.pdf", as_attachment=False)


@readers
@require_GET
def ceremony_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    waiting = (
        access.cases_visible_to(request.user)
        .filter(status=CaseStatus.OATH)
        .select_related("person", "post__organization")
        .order_by("oath_due_on", "pk")
    )
    ceremonies = OathCeremony.objects.prefetch_related("attendances")[:50]
    return render(
        request,
        "appointments/ceremony_list.html",
        {
            "waiting": waiting,
            "ceremonies": ceremonies,
            "today": today,
            "manager": access.can_manage(request.user),
        },
    )


@staff
@require_http_methods(["GET", "POST"])
def ceremony_create(request: HttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    cases = Case.objects.filter(status=CaseStatus.OATH).select_related(
        "person", "post__organization"
    )
    form = CeremonyForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ceremony = services.ceremony_record(
                held_on=data["held_on"],
                place=data["place"],
                meeting=data["meeting"],
                presiding=data["presiding"],
                oath_leader=data["oath_leader"],
                form=data["form"],
                anthem_sung=data["anthem_sung"],
                cases=list(data["sworn"]),
                absent=list(data["absent"]),
                user=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The ceremony was recorded."))
            return redirect(ceremony)
    return render(request, "appointments/ceremony_form.html", {"form": form})


@readers
@require_GET
def ceremony_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ceremony = get_object_or_404(OathCeremony, pk=pk)
    attendances = ceremony.attendances.select_related(
        "case__person", "case__post__organization"
    )
    return render(
        request,
        "appointments/ceremony_detail.html",
        {"ceremony": ceremony, "attendances": attendances},
    )


@readers
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    stats = selectors.yearly_statistics(year)
    by_type = [
        (label, stats["by_type"][value])
        for value, label in CaseType.choices
        if value in stats["by_type"]
    ]
    return render(
        request,
        "appointments/statistics.html",
        {"stats": stats, "year": year, "by_type": by_type},
    )


def _year(request) -> int:
    """The ?year= asked for, or this year for anything odd (², 10**30)."""
    year = request.GET.get("year", "")
    if year.isascii() and year.isdigit() and 1949 <= int(year) <= 2200:
        return int(year)
    return timezone.localdate().year


@readers
@require_GET
@limit_by_format()
def statistics_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The year's statistics as Excel (xlsx) or PDF, in Chinese."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    year = _year(request)
    with translation.override("zh-hans"):
        stats = selectors.yearly_statistics(year)
        if fmt == "pdf":
            return pdf_response(
                reports.statistics_pdf(stats), f"{year}年人事任免统计.pdf"
            )
        response = HttpResponse(reports.statistics_xlsx(stats), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{year}年人事任免统计.xlsx"
    )
    return response
