"""The deputy picker's search (deputies.widgets.DeputyPicker): what it finds,
who may use it, its query count. The form using it: tests/supervision/
test_deputy_picker.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db
PICKER = reverse("deputies:picker")


def search(client, query: str, field: str = "deputies"):
    return client.get(PICKER, {"field": field, f"{field}_q": query})


def test_picker_finds_deputies_by_one_character(client, office):
    wang, _li = DeputyFactory(name="王芳"), DeputyFactory(name="李明")
    client.force_login(office)
    response = search(client, "王")
    assert response.status_code == 200
    assert f'name="deputies" value="{wang.pk}"' in response.text
    assert "李明" not in response.text


def test_picker_names_the_boxes_after_the_field(client, office):
    DeputyFactory(name="李明")
    client.force_login(office)
    response = search(client, "李明", field="invited")
    assert 'name="invited"' in response.text


def test_picker_refuses_a_field_name_that_is_not_an_identifier(client, office):
    DeputyFactory(name="李明")
    client.force_login(office)
    response = client.get(PICKER, {"field": '"><script>', "deputies_q": "李"})
    assert "<script>" not in response.text
    assert 'name="deputies"' in response.text


def test_picker_is_refused_to_a_deputy(client, deputy):
    client.force_login(deputy)
    assert search(client, "王").status_code == 403


@pytest.mark.parametrize("count", [3, 6])
def test_picker_query_count_is_fixed(client, office, count):
    for index in range(count):
        DeputyFactory(name=f"王{index}")
    client.force_login(office)
    search(client, "王")
    with CaptureQueriesContext(connection) as queries:
        assert search(client, "王").status_code == 200
    # session, user, the user's groups (roles), the matches.
    assert len(queries) == 4
