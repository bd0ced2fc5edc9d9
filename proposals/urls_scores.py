"""URLs of the yearly assessment (proposals.views_scores), under /proposals/scores/."""

from django.urls import path

from proposals import views_scores as views

urlpatterns = [
    path("", views.scores_ranking, name="scores_ranking"),
    path(
        "<int:year>/organizations/<int:organization>/",
        views.scores_edit,
        name="scores_edit",
    ),
    path("<int:year>/publish/", views.scores_publish, name="scores_publish"),
    path("public/", views.scores_public, name="scores_public"),
]
