"""Included by deputies/urls.py under "attendance/" (namespace "deputies")."""

from django.urls import path

from deputies import attendance_views

urlpatterns = [
    path("", attendance_views.attendance_meetings, name="attendance_meetings"),
    path("<int:pk>/", attendance_views.attendance_edit, name="attendance_edit"),
    path("<int:pk>/qr/", attendance_views.attendance_qr, name="attendance_qr"),
    path(
        "sign-in/<str:token>/",
        attendance_views.attendance_sign_in,
        name="attendance_sign_in",
    ),
]
