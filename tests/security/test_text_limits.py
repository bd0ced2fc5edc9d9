"""Issue 9 §6: every free-text field has a length limit (model, form and
database), with a Chinese message naming the field and the limit."""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.db import models

from congress.text import BoundedTextField, BoundedTextFormField

OUR_APPS = [
    "congress",
    "deputies",
    "proposals",
    "supervision",
    "appointments",
    "liaison_stations",
]
# Written by the system, never typed by a person.
SYSTEM_TEXT = {
    ("congress", "Delivery", "last_error"),
    ("congress", "Session", "session_data"),
}


def _our_modules():
    for app in OUR_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            yield importlib.import_module(info.name)


def _form_classes():
    seen = set()
    for module in _our_modules():
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and value not in seen
            ):
                seen.add(value)
                yield value


def test_every_model_text_field_is_bounded():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and not isinstance(field, BoundedTextField)
        and (app, model.__name__, field.name) not in SYSTEM_TEXT
        and not model.__name__.endswith(("History", "Event"))
    ]
    assert unbounded == []


def test_every_form_text_field_is_bounded():
    unbounded = []
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            hidden = isinstance(field.widget, forms.HiddenInput | forms.PasswordInput)
            if (
                type(field) is forms.CharField
                and field.max_length is None
                and not hidden
            ):
                unbounded.append(
                    f"{form_class.__module__}.{form_class.__name__}.{name}"
                )
    assert unbounded == []


MEGABYTE_TEXT = "长" * 1_000_000


@pytest.mark.django_db
def test_a_megabyte_description_is_refused_naming_the_field_and_limit(client, deputy):
    from django.urls import reverse

    from tests.factories.deputies import DeputyFactory

    DeputyFactory(user=deputy)
    client.force_login(deputy)
    response = client.post(
        reverse("deputies:record_create"),
        {"kind": "research", "date": "2026-03-01", "description": MEGABYTE_TEXT},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["description"]
    assert "20000" in errors[0]
    assert "描述" in errors[0] or "说明" in errors[0] or "内容" in errors[0]


@pytest.mark.django_db
def test_the_limit_is_an_installation_rule(office):
    from congress import rules

    rules.rule_set(rules.TEXT_SHORT_MAX_CHARS.key, 100, user=office)
    field = BoundedTextFormField(size="short", label="理由")
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("字" * 101)
    assert "理由" in refused.value.messages[0]
    assert "100" in refused.value.messages[0]


@pytest.mark.django_db
def test_model_validation_names_the_field(office):
    from django.core.exceptions import ValidationError

    from tests.factories.deputies import (
        DeputyFactory,
    )
    from tests.factories.deputies import (
        PerformanceRecordFactory as RecordFactory,
    )

    record = RecordFactory(deputy=DeputyFactory())
    record.description = "长" * 20_001
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert "description" in refused.value.message_dict
