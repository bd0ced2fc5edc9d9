"""The supervision item form's deputy picker (deputies.widgets.DeputyPicker):
only the chosen deputies on the page, the search with JavaScript off."""

import pytest
from django.urls import reverse

from supervision.models import Item
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item_data(working_body, liaison_a):
    return {
        "form": "work_report",
        "topic": "关于全县学前教育工作情况的报告",
        "working_body": working_body.pk,
        "organization": liaison_a.organization.pk,
        "planned_month": "8",
    }


def test_item_form_lists_the_chosen_deputies_only(client, office, item_data):
    chosen, other = DeputyFactory(name="王芳"), DeputyFactory(name="赵六")
    client.force_login(office)
    item_data["deputies"] = [chosen.pk]
    response = client.post(reverse("supervision:item_create"), item_data)
    assert response.status_code == 302
    item = Item.objects.get(topic=item_data["topic"])
    assert list(item.deputies.all()) == [chosen]
    page = client.get(reverse("supervision:item_edit", args=[item.pk]))
    assert f'value="{chosen.pk}" id="id_deputies_{chosen.pk}" checked' in page.text
    assert other.name not in page.text


def test_saving_an_item_keeps_its_deputies(client, office, item_data):
    chosen = DeputyFactory(name="王芳")
    client.force_login(office)
    client.post(
        reverse("supervision:item_create"), {**item_data, "deputies": [chosen.pk]}
    )
    item = Item.objects.get(topic=item_data["topic"])
    page = client.get(reverse("supervision:item_edit", args=[item.pk]))
    form = page.context["form"]
    data = {**item_data, "topic": "改后的题目", "deputies": form["deputies"].value()}
    client.post(reverse("supervision:item_edit", args=[item.pk]), data)
    item.refresh_from_db()
    assert item.topic == "改后的题目"
    assert list(item.deputies.all()) == [chosen]


def test_item_form_find_without_javascript_shows_matches_and_saves_nothing(
    client, office, item_data
):
    wang = DeputyFactory(name="王芳")
    client.force_login(office)
    item_data.update(deputies_q="王", deputies_search="1")
    response = client.post(reverse("supervision:item_create"), item_data)
    assert response.status_code == 200
    assert f'name="deputies" value="{wang.pk}"' in response.text
    assert not Item.objects.filter(topic=item_data["topic"]).exists()
