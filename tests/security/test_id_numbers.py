"""Issue 9 §3: a masked ID number cannot be rebuilt. Only office staff see the
full number (each showing recorded) and search by it; others see the birth
year alone and no ID search."""

import datetime

import pytest
from django.db import InternalError, transaction
from django.urls import reverse

from deputies.models import DisclosureChannel, IdNumberDisclosure
from tests.factories.congress import TermFactory
from tests.factories.deputies import DeputyFactory, MandateFactory, id_number_for

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1985, 3, 17)


@pytest.fixture
def target(db):
    deputy = DeputyFactory(
        name="王某", id_number=id_number_for(7, birth="19850317"), birth_date=BIRTH
    )
    MandateFactory(deputy=deputy, term=TermFactory())
    return deputy


def test_leader_sees_the_birth_year_only_and_a_masked_number(client, leader, target):
    client.force_login(leader)
    page = client.get(reverse("deputies:detail", args=[target.pk])).content.decode()
    assert target.id_number not in page
    assert target.id_number[:6] + "********" in page
    assert "1985-03" not in page
    assert "1985年3月" not in page
    assert "1985" in page
    assert not IdNumberDisclosure.objects.exists()


def test_leader_cannot_confirm_a_guessed_number_by_search(client, leader, target):
    client.force_login(leader)
    response = client.get(reverse("deputies:registry"), {"q": target.id_number})
    assert list(response.context["page_obj"].object_list) == []


def test_staff_outside_the_office_cannot_search_the_admin_by_id(client, target):
    from tests.factories.congress import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(
        reverse("admin:deputies_deputy_changelist"), {"q": target.id_number}
    )
    assert list(response.context["cl"].result_list) == []


def test_office_searches_by_id_and_the_showing_is_recorded(client, office, target):
    client.force_login(office)
    response = client.get(reverse("deputies:registry"), {"q": target.id_number})
    assert list(response.context["page_obj"].object_list) == [target]
    disclosure = IdNumberDisclosure.objects.get()
    assert disclosure.user == office
    assert disclosure.channel == DisclosureChannel.REGISTRY
    assert disclosure.deputy_ids == [target.pk]


def test_office_deputy_page_shows_the_full_number_and_records_it(
    client, office, target
):
    client.force_login(office)
    page = client.get(reverse("deputies:detail", args=[target.pk])).content.decode()
    assert target.id_number in page
    assert IdNumberDisclosure.objects.filter(
        user=office, channel=DisclosureChannel.DETAIL, deputy_ids=[target.pk]
    ).exists()


def test_office_admin_form_records_the_showing(client, office, target):
    client.force_login(office)
    client.get(reverse("admin:deputies_deputy_change", args=[target.pk]))
    assert IdNumberDisclosure.objects.filter(
        channel=DisclosureChannel.ADMIN_FORM, deputy_ids=[target.pk]
    ).exists()


def test_the_record_of_showings_cannot_be_rewritten(office, target):
    disclosure = IdNumberDisclosure.objects.create(
        user=office, channel=DisclosureChannel.DETAIL, deputy_ids=[target.pk]
    )
    with pytest.raises(InternalError), transaction.atomic():
        IdNumberDisclosure.objects.filter(pk=disclosure.pk).delete()
    with pytest.raises(InternalError), transaction.atomic():
        IdNumberDisclosure.objects.filter(pk=disclosure.pk).update(deputy_ids=[])
