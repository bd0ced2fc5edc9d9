from django.urls import include, path

from deputies import views

app_name = "deputies"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("my/", views.my_file, name="my_file"),
    path("my/records/new/", views.record_create, name="record_create"),
    path("records/<int:pk>/edit/", views.record_update, name="record_update"),
    path("records/pending/", views.pending, name="pending"),
    path("records/<int:pk>/confirm/", views.record_confirm, name="record_confirm"),
    path("records/<int:pk>/return/", views.record_return, name="record_return"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.detail, name="detail"),
    path("logins/", include("deputies.account_urls")),
    path("attendance/", include("deputies.attendance_urls")),
    path("terms/", include("deputies.election_urls")),
]
