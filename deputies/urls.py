"""Every URL of deputies: `urlpatterns` under /deputies/ (namespace "deputies")
and `report_urlpatterns` under /deputies/report/ (namespace "deputy_reports");
paths and names are stable (templates, other apps and tests reverse them)."""

from django.urls import path

from deputies.views import (
    accounts,
    attendance,
    elections,
    exits,
    picker,
    registry,
    reports,
)

app_name = "deputies"

urlpatterns = [
    # The registry and performance files
    path("", registry.registry, name="registry"),
    path("my/", registry.my_file, name="my_file"),
    path("my/records/new/", registry.record_create, name="record_create"),
    path("records/<int:pk>/edit/", registry.record_update, name="record_update"),
    path("records/pending/", registry.pending, name="pending"),
    path("records/pending/confirm/", registry.records_confirm, name="records_confirm"),
    path("records/<int:pk>/confirm/", registry.record_confirm, name="record_confirm"),
    path("records/<int:pk>/return/", registry.record_return, name="record_return"),
    path("statistics/", registry.statistics, name="statistics"),
    path("picker/", picker.picker, name="picker"),
    path("<int:pk>/", registry.detail, name="detail"),
    # Logins (/deputies/logins/)
    path("logins/new/", accounts.accounts_create, name="accounts_create"),
    # Attendance (/deputies/attendance/)
    path("attendance/", attendance.attendance_meetings, name="attendance_meetings"),
    path("attendance/<int:pk>/", attendance.attendance_edit, name="attendance_edit"),
    path("attendance/<int:pk>/qr/", attendance.attendance_qr, name="attendance_qr"),
    path(
        "attendance/<int:pk>/arrange/",
        attendance.attendance_arrange,
        name="attendance_arrange",
    ),
    path(
        "attendance/<int:pk>/arrange/<int:deputy_pk>/remove/",
        attendance.attendance_unarrange,
        name="attendance_unarrange",
    ),
    path(
        "attendance/<int:pk>/confirm-signed-in/",
        attendance.attendance_confirm_signed_in,
        name="attendance_confirm_signed_in",
    ),
    path(
        "attendance/sign-in/<str:token>/",
        attendance.attendance_sign_in,
        name="attendance_sign_in",
    ),
    # Terms and elections (/deputies/terms/)
    path("terms/", elections.terms, name="terms"),
    path("terms/<int:pk>/close/", elections.term_close, name="term_close"),
    path("terms/by-election/", elections.by_election, name="by_election"),
    # Exits and recalls (/deputies/exits/)
    path("exits/", exits.exit_cases, name="exits"),
    path("exits/<int:pk>/decide/", exits.exit_case_decide, name="exit_decide"),
    path(
        "exits/<int:pk>/recall-vote/",
        exits.exit_recall_vote,
        name="exit_recall_vote",
    ),
]

# The performance report, under /deputies/report/ (namespace "deputy_reports").
report_urlpatterns = [
    path("<int:pk>/<int:year>/", reports.report_pdf, name="pdf"),
    path("batch/", reports.report_batch, name="batch"),
    path("jobs/<uuid:job_id>/", reports.report_job, name="job"),
    path(
        "jobs/<uuid:job_id>/download/",
        reports.report_job_download,
        name="job_download",
    ),
]
