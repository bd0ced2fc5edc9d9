"""The leadership dashboard (领导驾驶舱): the page, the annual statistics
report as a PDF and as an Excel workbook, all three from the same sections
(congress.dashboard), filtered by year, term and division."""

import io

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congress.access import roles
from congress.dashboard import Cell, Chart, Scope, Table, dashboard
from congress.models import Division, Term
from congress.pdf import fits_inline, html_to_pdf, pdf_response, render_pdf_html
from congress.pdf_jobs import pdf_job_start, register_pdf_job
from congress.ratelimits import limit_export, limit_pdf
from congress.roles import Role
from congress.spreadsheets import neutralise

DASHBOARD_ROLES = (Role.LEADER, Role.OFFICE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEARS_BACK = 10
PDF_TEMPLATE = "congress/pdf/annual_report.html"


class DashboardFilterForm(forms.Form):
    """?year=&term=&division= (all optional: this year, the current term, the
    whole county)."""

    year = forms.TypedChoiceField(label=gettext_lazy("year"), coerce=int)
    term = forms.ModelChoiceField(
        label=gettext_lazy("term"),
        queryset=Term.objects.order_by("-number"),
        required=False,
        empty_label=gettext_lazy("Current term"),
    )
    division = forms.ModelChoiceField(
        label=gettext_lazy("township or sub-district"),
        queryset=Division.objects.filter(
            level__in=[
                Division.Level.TOWN,
                Division.Level.TOWNSHIP,
                Division.Level.SUBDISTRICT,
            ]
        ).order_by("code"),
        required=False,
        empty_label=gettext_lazy("Whole county"),
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(today.year, today.year - YEARS_BACK, -1)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["year"].initial = today.year
        for name, field in self.fields.items():
            field.widget.attrs.update(
                {"class": "form-select form-select-sm", "id": f"id_{name}"}
            )


def dashboard_scope(request: HttpRequest) -> tuple[DashboardFilterForm, Scope]:
    """The filter form and the scope it asks for; anything invalid falls back
    to its default (the form shows the error next to the field)."""
    today = timezone.localdate()
    data = request.GET if request.GET else None
    form = DashboardFilterForm(data, today=today)
    form.is_valid()  # invalid fields drop out of cleaned_data: defaults
    cleaned = getattr(form, "cleaned_data", {})
    term = cleaned.get("term") or Term.objects.filter(is_current=True).first()
    scope = Scope(
        year=cleaned.get("year") or today.year,
        term=term,
        division=cleaned.get("division"),
        today=today,
        user=request.user,
    )
    return form, scope


def _query(scope: Scope) -> str:
    params = {"year": scope.year}
    if scope.term is not None:
        params["term"] = scope.term.pk
    if scope.division is not None:
        params["division"] = scope.division.pk
    return urlencode(params)


def _context(scope: Scope, *, links: bool) -> dict:
    return {
        "scope": scope,
        "sections": dashboard(scope if links else _without_user(scope)),
        "links": links,
    }


def _without_user(scope: Scope) -> Scope:
    # The report's figures do not depend on who asks; links are left out.
    return Scope(scope.year, scope.term, scope.division, scope.today, None)


@roles(*DASHBOARD_ROLES)
@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    form, scope = dashboard_scope(request)
    context = _context(scope, links=True)
    context.update(form=form, query=_query(scope))
    return render(request, "congress/dashboard.html", context)


def report_title(scope: Scope) -> str:
    return gettext("Statistics of %(year)s") % {"year": scope.year}


def report_html(scope: Scope) -> str:
    with translation.override("zh-hans"):
        context = _context(scope, links=False)
        context["title"] = report_title(scope)
        return render_pdf_html(PDF_TEMPLATE, context)


def report_filename(scope: Scope, extension: str) -> str:
    with translation.override("zh-hans"):
        name = report_title(scope)
        if scope.division is not None:
            name = f"{name}（{scope.division.name}）"
    return f"{name}.{extension}"


@roles(*DASHBOARD_ROLES)
@require_GET
@limit_pdf
def annual_report_pdf(request: HttpRequest) -> HttpResponse:
    """The annual statistics report in the official layout; a large one is
    made by a task (congress.pdf_jobs)."""
    _form, scope = dashboard_scope(request)
    html = report_html(scope)
    if not fits_inline(html):
        job_id = pdf_job_start(
            request.user,
            "congress.annual_report",
            scope.year,
            scope.term.pk if scope.term else None,
            scope.division.pk if scope.division else None,
        )
        return redirect("pdf_job", job_id=job_id)
    return pdf_response(
        html_to_pdf(html), report_filename(scope, "pdf"), as_attachment=False
    )


def annual_report_job(year: int, term_id, division_id) -> tuple[bytes, str]:
    scope = Scope(
        year=year,
        term=Term.objects.filter(pk=term_id).first(),
        division=Division.objects.filter(pk=division_id).first(),
        today=timezone.localdate(),
    )
    return html_to_pdf(report_html(scope)), report_filename(scope, "pdf")


register_pdf_job("congress.annual_report", annual_report_job)


@roles(*DASHBOARD_ROLES)
@require_GET
@limit_export
def annual_report_xlsx(request: HttpRequest) -> HttpResponse:
    """The same figures as a workbook, one sheet per area."""
    _form, scope = dashboard_scope(request)
    buffer = io.BytesIO()
    with translation.override("zh-hans"):
        report_workbook(_without_user(scope)).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, report_filename(scope, "xlsx")
    )
    return response


def report_workbook(scope: Scope) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for section, data in dashboard(scope):
        sheet = workbook.create_sheet(str(section.title)[:31])
        sheet.append([neutralise(str(section.title)), scope.year])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([])
        for figure in data.figures:
            sheet.append([_excel(figure.label), figure.value, figure.unit])
        for table in [*data.tables, *(_chart_table(chart) for chart in data.charts)]:
            sheet.append([])
            sheet.append([neutralise(str(table.title))])
            sheet.cell(sheet.max_row, 1).font = bold
            sheet.append([neutralise(str(column)) for column in table.columns])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
                cell.alignment = Alignment(wrap_text=True)
            for row in table.rows:
                sheet.append([_excel(cell.value) for cell in row])
        for note in data.notes:
            sheet.append([])
            sheet.append([neutralise(str(note))])
        sheet.column_dimensions["A"].width = 40
    return workbook


def _excel(value):
    """Numbers stay numbers; labels (lazy ones too) become inert text."""
    if value is None or isinstance(value, int | float):
        return value
    return neutralise(str(value))


def _chart_table(chart: Chart) -> Table:
    return Table(
        chart.title,
        ["", gettext("Value")],
        [
            [Cell(label), Cell(value)]
            for label, value in zip(chart.labels, chart.values, strict=True)
        ],
    )
