"""The performance report (履职报告): one deputy's PDF, and batch exports as ZIPs
built by a Celery task while the page shows the progress."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from congress.access import logged_in, roles
from congress.pdf import fits_inline, html_to_pdf, pdf_response
from congress.ratelimits import limit_pdf, limit_pdf_post
from congress.roles import Role
from deputies.access import deputy_report_get_for_user
from deputies.models import AnnualEvaluation, DeputyGroup
from deputies.report import (
    FIRST_YEAR,
    performance_report_html,
    report_filename,
    report_job_file,
    report_job_get_for_user,
    report_job_start,
    report_year_valid,
    reports_scope_deputy_ids,
)

EXPORTERS = (Role.OFFICE, Role.LEADER)


@logged_in
@limit_pdf
def report_pdf(request, pk: int, year: int):
    """Office, leadership and viewers: any deputy; a deputy: themself only."""
    if not report_year_valid(year):
        raise Http404
    deputy = deputy_report_get_for_user(request.user, pk)
    html = performance_report_html(deputy, year, request=request)
    if not fits_inline(html):
        # Too large to lay out while the request waits: a task makes it.
        messages.info(
            request,
            _("This report is long; it is being prepared and can be downloaded here."),
        )
        job_id = report_job_start(request.user, deputy_ids=[deputy.pk], year=year)
        return redirect("deputy_reports:job", job_id=job_id)
    return pdf_response(
        html_to_pdf(html), report_filename(deputy.name, year, suffix="年度履职报告.pdf")
    )


class ReportBatchForm(forms.Form):
    year = forms.IntegerField(
        label=capfirst(AnnualEvaluation._meta.get_field("year").verbose_name),
        min_value=FIRST_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    group = forms.ModelChoiceField(
        label=capfirst(DeputyGroup._meta.verbose_name),
        queryset=DeputyGroup.objects.filter(term__is_current=True),
        required=False,
        empty_label=gettext_lazy("All serving deputies of the current term"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not report_year_valid(year):
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year


@roles(*EXPORTERS)
@require_http_methods(["GET", "POST"])
@limit_pdf_post
def report_batch(request):
    """Choose a year and a scope; POST enqueues the export and shows its page."""
    form = ReportBatchForm(
        request.POST or None, initial={"year": timezone.localdate().year - 1}
    )
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data["group"]
        deputy_ids = reports_scope_deputy_ids(group_id=group.pk if group else None)
        if deputy_ids:
            job_id = report_job_start(
                request.user, deputy_ids=deputy_ids, year=form.cleaned_data["year"]
            )
            return redirect("deputy_reports:job", job_id=job_id)
        form.add_error("group", _("No deputy is serving in this scope."))
    return render(request, "deputies/report_batch.html", {"form": form})


@logged_in
def report_job(request, job_id):
    """The export's progress; htmx polls the partial until it is finished.
    Only the person who started the job sees it (else 404): an exporter's
    batch, or anyone's own long report."""
    job = report_job_get_for_user(request.user, job_id)
    template = (
        "deputies/report_job_progress.html"
        if request.htmx
        else "deputies/report_job.html"
    )
    return render(request, template, {"job": job})


@logged_in
def report_job_download(request, job_id):
    """The finished ZIP, for the user who started the export only."""
    job = report_job_get_for_user(request.user, job_id)
    path = report_job_file(job)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{job['year']}年度代表履职报告.zip",
        content_type="application/zip",
    )
