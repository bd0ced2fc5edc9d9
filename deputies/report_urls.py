"""Included by congress/urls.py under "deputies/report/"."""

from django.urls import path

from deputies import report_views

app_name = "deputy_reports"

urlpatterns = [
    path("<int:pk>/<int:year>/", report_views.report_pdf, name="pdf"),
    path("batch/", report_views.report_batch, name="batch"),
    path("jobs/<uuid:job_id>/", report_views.report_job, name="job"),
    path(
        "jobs/<uuid:job_id>/download/",
        report_views.report_job_download,
        name="job_download",
    ),
]
