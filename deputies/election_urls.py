"""Included by deputies/urls.py under "terms/" (namespace "deputies")."""

from django.urls import path

from deputies import election_views

urlpatterns = [
    path("", election_views.terms, name="terms"),
    path("<int:pk>/close/", election_views.term_close, name="term_close"),
    path("by-election/", election_views.by_election, name="by_election"),
]
