import pgtrigger
import pytest

from congress.validators import validate_id_number
from deputies import demo as deputies_demo
from deputies.models import (
    Deputy,
    DeputyGroup,
    Mandate,
    MeetingAttendance,
    PerformanceRecord,
    PerformanceRecordEvent,
)
from proposals.models import Proposal

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count()
        for model in (
            Deputy,
            Mandate,
            DeputyGroup,
            PerformanceRecord,
            PerformanceRecordEvent,
            MeetingAttendance,
        )
    ]


@pytest.fixture
def seeded(demo_db, db):
    """The demo county, deputies included (seeded once for the module)."""


def test_seed_deputies_builds_a_county_registry(seeded):
    assert 290 <= Deputy.objects.count() <= 310
    assert not Deputy.objects.filter(mandates__isnull=True).exists()
    assert DeputyGroup.objects.count() == 8
    assert Mandate.objects.filter(groups__isnull=True).count() == 0
    assert PerformanceRecord.objects.filter(status="confirmed").count() > 1000
    assert PerformanceRecord.objects.filter(status="pending").exists()
    assert PerformanceRecord.objects.filter(status="returned").count() == 2


def test_seed_deputies_invents_valid_id_numbers(seeded):
    numbers = Deputy.objects.exclude(id_number="").values_list("id_number", flat=True)
    assert numbers
    for number in numbers:
        validate_id_number(number)


def test_seed_deputies_is_idempotent(seeded):
    first = counts()
    deputies_demo.seed_deputies()
    assert counts() == first


def test_seed_deputies_is_reproducible(seeded):
    names = list(Deputy.objects.order_by("pk").values_list("name", flat=True))
    # Wiping the demo to seed it again removes the timelines with it.
    with pgtrigger.ignore(
        "proposals.ProposalEvent:append_only",
        "deputies.PerformanceRecordEvent:append_only",
    ):
        Proposal.objects.all().delete()  # the demo's proposals protect deputies
        Deputy.objects.all().delete()
    deputies_demo.seed_deputies()
    assert list(Deputy.objects.order_by("pk").values_list("name", flat=True)) == names


def test_seed_deputies_links_the_demo_deputy_account(seeded):
    deputy = Deputy.objects.get(user__username="deputy")
    assert deputy.name == "林晓舟"
    assert deputy.mandates.get().level == "county"
    assert deputy.records.filter(status="confirmed").count() >= 3
    assert deputy.records.filter(status="pending").count() == 1
