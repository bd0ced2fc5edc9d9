import datetime

import factory
from factory.django import DjangoModelFactory

from liaison_stations.access import manager_grant
from liaison_stations.models import DutyAssignment, DutySlot, Station, StationMembership
from tests.factories.congress import DivisionFactory
from tests.factories.deputies import DeputyFactory, MandateFactory


class StationFactory(DjangoModelFactory):
    class Meta:
        model = Station
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试街道人大代表联络站{n}")
    type = Station.Type.SUBDISTRICT
    division = factory.SubFactory(DivisionFactory)
    address = factory.Sequence(lambda n: f"测试路{n}号")
    latitude = 30.123456
    longitude = 120.654321
    opens_at = datetime.time(8, 30)
    closes_at = datetime.time(17, 30)

    @factory.post_generation
    def managers(self, create, extracted, **kwargs):
        for user in extracted or ():
            manager_grant(user, self)


def member(station, deputy=None, **kwargs):
    """A deputy with a serving county mandate, based at the station."""
    deputy = deputy or DeputyFactory(**kwargs)
    if not deputy.mandates.exists():
        MandateFactory(deputy=deputy)
    StationMembership.objects.get_or_create(station=station, deputy=deputy)
    return deputy


class DutySlotFactory(DjangoModelFactory):
    """A draft slot; publish through slots_publish."""

    class Meta:
        model = DutySlot

    station = factory.SubFactory(StationFactory)
    kind = "reception_day"
    date = datetime.date(2026, 12, 15)
    start_time = datetime.time(9)
    end_time = datetime.time(11, 30)


class DutyAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = DutyAssignment

    slot = factory.SubFactory(DutySlotFactory)
    deputy = factory.SubFactory(DeputyFactory)
