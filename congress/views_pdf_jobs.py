"""The page of a PDF made in the background, and its download
(congress.pdf_jobs): the person who started it only."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from congress.access import logged_in
from congress.pdf_jobs import pdf_job_file, pdf_job_get_for_user


@logged_in
@require_GET
def pdf_job(request: HttpRequest, job_id) -> HttpResponse:
    """The job's state; htmx polls the partial until the file is ready."""
    job = pdf_job_get_for_user(request.user, job_id)
    template = (
        "congress/pdf_job_progress.html" if request.htmx else "congress/pdf_job.html"
    )
    return render(request, template, {"job": job})


@logged_in
@require_GET
def pdf_job_download(request: HttpRequest, job_id) -> FileResponse:
    job = pdf_job_get_for_user(request.user, job_id)
    return FileResponse(
        pdf_job_file(job).open("rb"),
        as_attachment=True,
        filename=job["filename"] or "document.pdf",
        content_type="application/pdf",
    )
