"""Reports on motions and suggestions: search, handling statistics (page,
chart, Excel), the PDFs (assignment letter, handling report, compilation) and
the public page of published replies."""

import io

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from congress.access import logged_in, public, roles
from congress.models import Meeting
from congress.pdf import fits_inline, html_to_pdf, pdf_response
from congress.pdf_jobs import pdf_job_start
from congress.ratelimits import limit_export, limit_pdf
from congress.roles import Role
from proposals import pdf, selectors
from proposals.access import STAFF_ROLES, assignment_get_for_user
from proposals.forms_reports import ProposalSearchForm, StatisticsFilterForm
from proposals.models import Proposal

SEARCH_PER_PAGE = 20
# Matches counted at most: a common word matches tens of thousands of items,
# and counting them all would cost more than finding the page.
SEARCH_COUNT_CAP = 1000
PUBLISHED_PER_PAGE = 10
LETTER_READERS = (Role.OFFICE, Role.ORG_LIAISON, Role.ORG_HEAD)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CappedPaginator(Paginator):
    """Counts at most SEARCH_COUNT_CAP matches (`capped` when there are
    more): the pages go as far as the cap."""

    @cached_property
    def count(self) -> int:
        counted = self.object_list[: SEARCH_COUNT_CAP + 1].count()
        self.capped = counted > SEARCH_COUNT_CAP
        return min(counted, SEARCH_COUNT_CAP)


@logged_in
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Everyone who sees proposals searches within what they may see."""
    form = ProposalSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    proposals = selectors.proposals_search(
        Proposal.objects.visible_to(request.user), filters=filters
    )
    page = CappedPaginator(proposals, SEARCH_PER_PAGE).get_page(request.GET.get("page"))
    selectors.search_page_organizations(page.object_list)
    return render(
        request,
        "proposals/reports/search.html",
        {"form": form, "page_obj": page, "searched": bool(request.GET)},
    )


def _statistics(request: HttpRequest):
    form = StatisticsFilterForm(request.GET or None)
    scope = form.scope()
    stats = selectors.handling_statistics(**scope) if scope else None
    return form, scope, stats


@roles(*STAFF_ROLES)
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    form, scope, stats = _statistics(request)
    return render(
        request,
        "proposals/reports/statistics.html",
        {
            "form": form,
            "scope": scope,
            "stats": stats,
            "chart": stats.chart_data() if stats else None,
            "columns": pdf.COLUMNS,
            "tables": [
                (attribute, title, first, pdf.table_rows(stats, attribute))
                for attribute, title, first in pdf.TABLES
            ]
            if stats
            else [],
            "query": request.GET.urlencode(),
        },
    )


@roles(*STAFF_ROLES)
@require_GET
@limit_export
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    """The statistics tables as an Excel workbook, with Chinese headers."""
    _form, scope, _stats = _statistics(request)
    if scope is None:
        raise Http404
    with translation.override("zh-hans"):
        stats = selectors.handling_statistics(**scope)
        workbook = pdf.statistics_workbook(stats, scope)
        filename = pdf.report_filename(scope, "办理情况统计.xlsx")
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@roles(*STAFF_ROLES)
@require_GET
@limit_pdf
def meeting_summary(request: HttpRequest) -> HttpResponse:
    """The handling report (办理情况报告) of a session or a term, as a PDF."""
    _form, scope, _stats = _statistics(request)
    if scope is None:
        raise Http404
    # Official documents are in Chinese whatever the reader's language.
    with translation.override("zh-hans"):
        stats = selectors.handling_statistics(**scope)
        document = pdf.meeting_summary_pdf(stats, scope, request=request)
        filename = pdf.report_filename(scope, "代表建议办理情况报告.pdf")
    return pdf_response(document, filename)


@roles(*LETTER_READERS)
@require_GET
@limit_pdf
def assignment_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The assignment letter and form (交办函/交办表) for one organisation."""
    assignment = assignment_get_for_user(request.user, pk, action="letter")
    with translation.override("zh-hans"):
        document = pdf.assignment_letter_pdf(assignment, request=request)
    return pdf_response(
        document,
        f"交办函-{assignment.organization.name}-{assignment.proposal.pk}.pdf",
    )


@roles(*STAFF_ROLES)
@require_GET
@limit_pdf
def compilation(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's motions and suggestions as a compilation (汇编)."""
    meeting = get_object_or_404(Meeting.objects.select_related("term"), pk=pk)
    with translation.override("zh-hans"):
        html = pdf.compilation_html(meeting, request=request)
    if not fits_inline(html):
        # Too large to lay out while the request waits: a task makes it.
        job_id = pdf_job_start(request.user, "proposals.compilation", meeting.pk)
        return redirect("pdf_job", job_id=job_id)
    return pdf_response(html_to_pdf(html), pdf.compilation_filename(meeting))


@public
@require_GET
def published(request: HttpRequest) -> HttpResponse:
    """Published, non-confidential closed proposals with their signed replies."""
    query = (request.GET.get("q") or "").strip()[:100]
    # Counting every published reply is cheap (a partial index); every match
    # of a common word is not.
    paginator = CappedPaginator if query else Paginator
    page = paginator(
        selectors.published_proposals(query=query), PUBLISHED_PER_PAGE
    ).get_page(request.GET.get("page"))
    selectors.published_replies(page.object_list)
    return render(
        request,
        "proposals/reports/published.html",
        {"page_obj": page, "q": query, "today": timezone.localdate()},
    )
