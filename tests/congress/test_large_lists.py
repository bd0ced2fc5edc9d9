"""Lists that stay fast on a province's data: estimated admin counts and
selects of thousands of deputies."""

import pytest
from django import forms
from django.contrib import admin

from congress import admin_paginator
from congress.admin_paginator import EstimatedCountPaginator
from congress.models import Division
from congress.widgets import LongSelect, LongSelectMultiple
from deputies.models import Deputy
from tests.factories.congress import DivisionFactory
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db


def test_unfiltered_large_table_takes_the_planner_count(monkeypatch):
    monkeypatch.setattr(admin_paginator, "table_estimate", lambda *a: 1_234_567)
    paginator = EstimatedCountPaginator(Division.objects.all(), 100)
    assert paginator.count == 1_234_567


def test_small_results_are_counted_exactly(monkeypatch):
    monkeypatch.setattr(admin_paginator, "table_estimate", lambda *a: 5)
    DivisionFactory()
    paginator = EstimatedCountPaginator(Division.objects.all(), 100)
    assert paginator.count == Division.objects.count()


def test_filtered_large_result_takes_the_plan_estimate(monkeypatch):
    monkeypatch.setattr(admin_paginator, "plan_estimate", lambda qs: 50_000)
    paginator = EstimatedCountPaginator(Division.objects.filter(level="township"), 100)
    assert paginator.count == 50_000


def test_no_admin_changelist_counts_the_whole_table():
    assert all(
        not model_admin.show_full_result_count
        for model_admin in admin.site._registry.values()
    )


def test_admin_changelists_show_at_most_fifty_rows():
    assert {
        model_admin.list_per_page for model_admin in admin.site._registry.values()
    } <= set(range(1, 51))


class _Form(forms.Form):
    one = forms.ModelChoiceField(
        queryset=Deputy.objects.order_by("pk"),
        required=False,
        widget=LongSelect(label_field="name"),
    )
    many = forms.ModelMultipleChoiceField(
        queryset=Deputy.objects.order_by("pk"),
        required=False,
        widget=LongSelectMultiple(label_field="name"),
    )


def test_long_selects_escape_names_and_keep_the_choice():
    plain = DeputyFactory(name="王建国")
    odd = DeputyFactory(name="<b>李</b>")
    form = _Form(initial={"one": plain.pk, "many": [odd.pk]})
    one, many = str(form["one"]), str(form["many"])
    assert f'<option value="{plain.pk}" selected>王建国</option>' in one
    assert '<option value="">' in one  # the empty choice
    assert f'<option value="{odd.pk}" selected>&lt;b&gt;李&lt;/b&gt;</option>' in many
    assert "multiple" in many
    assert "multiple" not in one
    assert _Form({"one": plain.pk, "many": [odd.pk]}).is_valid()
