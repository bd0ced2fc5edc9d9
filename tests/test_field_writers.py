"""Every field has a writer: each field of the registry's models (deputies)
and of the reference lists is set by the admin form office staff use, by a
portal form or by a service, or is listed below as derived. A field nobody
can set is a field without a screen for its user.

Writers are found in the source: an assignment or keyword argument naming
the field (`record.points =`, `points=`) in the app code outside models and
migrations, or the field on the admin's form. Widen the scope app by app."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

from proposals.models import Category, LeaderInCharge
from tests.factories.congress import UserFactory

ROOT = Path(__file__).resolve().parent.parent
SOURCE_APPS = ["congress", "deputies", "proposals"]
# Fields written by the database or the framework, or computed from others.
DERIVED = {
    "deputies.PerformanceRecord.source_type": "set by record_push (source=)",
    "deputies.PerformanceRecord.source_id": "set by record_push (source=)",
}


def source_text() -> str:
    texts = []
    for app in SOURCE_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if {"migrations", "models"} & set(path.parts) or path.name == "models.py":
                continue
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


def checked_models():
    models = [
        m
        for m in apps.get_app_config("deputies").get_models()
        if not m.__name__.endswith("History") and not m._meta.auto_created
    ]
    return [*models, Category, LeaderInCharge]


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
            if re.search(rf"(\.{name}\s*=[^=])|(\b{name}\s*=[^=])", text):
                continue
            missing.append(label)
    assert missing == [], f"fields nobody can set: {missing}"
