"""URLs of the deputy pages (proposals.views_deputy), under /proposals/my/."""

from django.urls import path

from proposals import views_deputy as views

urlpatterns = [
    path("", views.deputy_list, name="deputy_list"),
    path("new/", views.deputy_create, name="deputy_create"),
    path("<int:pk>/edit/", views.deputy_edit, name="deputy_edit"),
    path("<int:pk>/submit/", views.deputy_submit, name="deputy_submit"),
    path("<int:pk>/withdraw/", views.deputy_withdraw, name="deputy_withdraw"),
    path("<int:pk>/cosign/", views.deputy_cosign, name="deputy_cosign"),
    path("assignments/<int:pk>/rate/", views.deputy_rate, name="deputy_rate"),
    path("assignments/<int:pk>/urge/", views.deputy_urge, name="deputy_urge"),
    path("rate/<token>/", views.deputy_rate_link, name="deputy_rate_link"),
]
