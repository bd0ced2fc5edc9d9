"""URLs of the handling evaluation form (proposals.views_evaluations), under
/proposals/evaluations/."""

from django.urls import path

from proposals import views_evaluations as views

urlpatterns = [
    path("<int:pk>/", views.evaluation_submit, name="evaluation_submit"),
    path("<int:pk>/summary/", views.evaluation_summary, name="evaluation_summary"),
]
