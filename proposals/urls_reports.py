"""URLs of the reports pages (proposals.views_reports), under /proposals/reports/."""

from django.urls import path

from proposals import views_reports as views

urlpatterns = [
    path("search/", views.search, name="reports_search"),
    path("statistics/", views.statistics, name="reports_statistics"),
    path("statistics.xlsx", views.statistics_xlsx, name="reports_statistics_xlsx"),
    path("summary.pdf", views.meeting_summary, name="reports_meeting_summary"),
    path(
        "assignments/<int:pk>/letter.pdf",
        views.assignment_letter,
        name="reports_assignment_letter",
    ),
    path(
        "sessions/<int:pk>/compilation.pdf",
        views.compilation,
        name="reports_compilation",
    ),
    path("published/", views.published, name="reports_published"),
]
