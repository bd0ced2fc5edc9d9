"""Every field has a writer: each field of every app's models is set by the
admin form office staff use, by a portal form or by a service, or is listed
below as derived. A field nobody can set is a field without a screen for
its user.

Writers are found in the source: an assignment or keyword argument naming
the field (`record.points =`, `points=`, `"points":`) in the app code outside
models and migrations, or the field on the admin's form. The history tables
django-pghistory keeps are written by its triggers and are not checked."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

from tests.factories.congress import UserFactory

ROOT = Path(__file__).resolve().parent.parent
SOURCE_APPS = [
    "congress",
    "deputies",
    "proposals",
    "supervision",
    "appointments",
    "liaison_stations",
]
# Fields written by the database or the framework, or computed from others.
DERIVED = {
    "deputies.PerformanceRecord.source_type": "set by record_push (source=)",
    "deputies.PerformanceRecord.source_id": "set by record_push (source=)",
    "congress.RateCount.identity": "the SQL upsert of ratelimits.rate_count",
    "congress.RateCount.window_start": "the SQL upsert of ratelimits.rate_count",
    "congress.Session.session_data": "Django's session engine",
    "congress.Session.expire_date": "Django's session engine",
    "congress.User.last_login": "Django's login signal",
    "congress.User.date_joined": "Django, when the account is created",
    "congress.User.first_name": "unused: the portal keeps real_name",
    "congress.User.last_name": "unused: the portal keeps real_name",
    "supervision.Item.report_received_on": "item_report_receive (setattr by version)",
    "supervision.Item.revised_received_on": "item_report_receive (setattr by version)",
    "appointments.Appraisal.selection_ballot": "the ballot opener (field=)",
    "appointments.Appraisal.scoring_ballot": "the ballot opener (field=)",
}


def source_text() -> str:
    texts = []
    for app in SOURCE_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if {"migrations", "models"} & set(path.parts) or path.name == "models.py":
                continue
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


def _is_history(model) -> bool:
    names = {field.name for field in model._meta.fields}
    return model.__name__.endswith("History") or "pgh_obj" in names


def checked_models():
    return [
        model
        for app in SOURCE_APPS
        for model in apps.get_app_config(app).get_models()
        if not _is_history(model) and not model._meta.auto_created
    ]


@pytest.mark.django_db
def test_every_field_has_a_writer_or_is_derived():
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    text = source_text()
    missing = []
    for model in checked_models():
        model_admin = admin.site._registry.get(model)
        on_form = (
            set(model_admin.get_form(request).base_fields) if model_admin else set()
        )
        for field in model._meta.concrete_fields:
            name = field.name
            label = f"{model._meta.label}.{name}"
            if field.primary_key or field.auto_created or label in DERIVED:
                continue
            if getattr(field, "auto_now", False) or getattr(
                field, "auto_now_add", False
            ):
                continue
            if name in on_form:
                continue
            if re.search(
                rf"(\.{name}\s*(,\s*[\w.]+\s*)*=[^=])|(\b{name}\s*=[^=])"
                rf"|([\"']{name}[\"']\s*:)",
                text,
            ):
                continue
            missing.append(label)
    assert missing == [], f"fields nobody can set: {missing}"
