"""Included by deputies/urls.py under "logins/", in the deputies namespace."""

from django.urls import path

from deputies import account_views

urlpatterns = [
    path("new/", account_views.accounts_create, name="accounts_create"),
]
