"""The handling organisations' yearly assessment (百分考核): the internal
ranking, office staff's scores and publication, and the public ranking."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from congress.access import public, roles
from congress.exceptions import DomainError
from congress.models import Organization
from congress.roles import Role
from congress.text import BoundedTextFormField
from congress.validators import is_ascii_number
from proposals import scores
from proposals.models import OrganizationScore

READERS = (Role.OFFICE, Role.LEADER, Role.VIEWER)
SCORE = {"class": "form-control", "min": "0", "max": "100", "step": "0.01"}


def _score_field(part: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=OrganizationScore._meta.get_field(part).verbose_name,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs=SCORE),
    )


class OrganizationScoreForm(forms.Form):
    leadership = _score_field("leadership")
    management = _score_field("management")
    procedure = _score_field("procedure")
    note = BoundedTextFormField(
        size="short",
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


def _year(request: HttpRequest, default: int) -> int:
    """The ?year= asked for; 404 for anything but a plausible year."""
    text = request.GET.get("year") or ""
    if not text:
        return default
    if not is_ascii_number(text) or not 2000 <= int(text) <= 2100:
        raise Http404
    return int(text)


def _ranking(year: int) -> tuple[list, str]:
    try:
        return scores.organization_ranking(year), ""
    except DomainError as error:
        return [], str(error.message)


@roles(*READERS)
@require_GET
def scores_ranking(request: HttpRequest) -> HttpResponse:
    """The ranking of a year, internal until published; office staff edit and
    publish from here."""
    current = timezone.localdate().year
    year = _year(request, current)
    rows, error = _ranking(year)
    return render(
        request,
        "proposals/scores/ranking.html",
        {
            "year": year,
            "years": sorted({*scores.ranking_years(current), year}, reverse=True),
            "rows": rows,
            "error": error,
            "weights": None if error else scores.year_weights(year),
            "published": scores.year_published(year),
            "can_edit": request.user.has_role(Role.OFFICE),
            "internal": True,
        },
    )


def _ranking_url(year: int) -> str:
    return f"{reverse('proposals:scores_ranking')}?year={year}"


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def scores_edit(request: HttpRequest, year: int, organization: int) -> HttpResponse:
    """Office staff enter an organisation's three staff scores for a year."""
    unit = get_object_or_404(Organization, pk=organization, is_handling_unit=True)
    score = OrganizationScore.objects.filter(organization=unit, year=year).first()
    initial = (
        {part: getattr(score, part) for part in (*scores.STAFF_PARTS, "note")}
        if score
        else {}
    )
    form = OrganizationScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scores.organization_score_set(
                unit, year, **form.cleaned_data, user=request.user
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                gettext("Scores of %(organization)s for %(year)s saved.")
                % {"organization": unit, "year": year},
            )
            return redirect(_ranking_url(year))
    return render(
        request,
        "proposals/scores/edit.html",
        {
            "form": form,
            "organization": unit,
            "year": year,
            "published": scores.year_published(year),
            "cancel_url": _ranking_url(year),
        },
    )


@roles(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def scores_publish(request: HttpRequest, year: int) -> HttpResponse:
    """GET: what publishing means; POST: publish the year's ranking."""
    if request.method == "POST":
        try:
            scores.organization_scores_publish(year, user=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                gettext("The ranking of %(year)s is now public.") % {"year": year},
            )
        return redirect(_ranking_url(year))
    return render(
        request,
        "proposals/scores/publish.html",
        {
            "year": year,
            "published": scores.year_published(year),
            "cancel_url": _ranking_url(year),
        },
    )


@public
@require_GET
def scores_public(request: HttpRequest) -> HttpResponse:
    """The published ranking of a year (latest published by default); before
    any year is published the page (linked from every footer) says so; a year
    not published answers 404."""
    years = scores.published_years()
    if not years:
        return render(request, "proposals/scores/public.html", {"years": []})
    year = _year(request, years[0])
    if year not in years:
        raise Http404
    rows, error = _ranking(year)
    return render(
        request,
        "proposals/scores/public.html",
        {
            "year": year,
            "years": years,
            "rows": rows,
            "error": bool(error),
            "weights": None if error else scores.year_weights(year),
        },
    )
