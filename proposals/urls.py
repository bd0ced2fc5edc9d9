from django.urls import include, path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("my/", include("proposals.urls_deputy")),
    path("org/", include("proposals.urls_org")),
    path("office/", include("proposals.urls_office")),
    path("reports/", include("proposals.urls_reports")),
    path("scores/", include("proposals.urls_scores")),
    path("evaluations/", include("proposals.urls_evaluations")),
]
