import datetime

import factory
from factory.django import DjangoModelFactory
from stdnum.cn import ric

from deputies.models import (
    Affiliation,
    Constituency,
    Deputy,
    DeputyGroup,
    Gender,
    Level,
    Mandate,
    PerformanceRecord,
    RecordStatus,
)
from deputies.services import points_for
from tests.factories.congress import DivisionFactory, TermFactory


def id_number_for(n: int, *, birth: str = "19800101", region: str = "110101") -> str:
    """A valid 18-character ID number, distinct for each n (< 1000)."""
    body = f"{region}{birth}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class ConstituencyFactory(DjangoModelFactory):
    class Meta:
        model = Constituency
        django_get_or_create = ("term", "number")

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"第{o.number}选区")
    division = factory.SubFactory(DivisionFactory)


class DeputyGroupFactory(DjangoModelFactory):
    class Meta:
        model = DeputyGroup
        django_get_or_create = ("term", "name")

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"测试代表小组{n}")
    division = factory.SubFactory(DivisionFactory)


class DeputyFactory(DjangoModelFactory):
    class Meta:
        model = Deputy

    name = factory.Sequence(lambda n: f"测试代表{n}")
    gender = Gender.MALE
    ethnicity = "汉族"
    id_number = factory.Sequence(id_number_for)
    affiliation = Affiliation.CPC
    employer_and_post = "测试镇农民"
    composition = "农民"
    mobile = factory.Sequence(lambda n: f"139{n % 100_000_000:08d}")


class MandateFactory(DjangoModelFactory):
    """A serving county-level seat in the current term."""

    class Meta:
        model = Mandate

    deputy = factory.SubFactory(DeputyFactory)
    level = Level.COUNTY
    term = factory.SubFactory(TermFactory)


class PerformanceRecordFactory(DjangoModelFactory):
    """A record awaiting confirmation, as a deputy logs it."""

    class Meta:
        model = PerformanceRecord

    deputy = factory.SubFactory(DeputyFactory)
    kind = PerformanceRecord.Kind.RESEARCH
    date = datetime.date(2026, 10, 8)
    hours = 3
    description = "到村里走访群众"
    status = RecordStatus.PENDING
    # A record built confirmed carries the points the rule gives it now.
    points = factory.LazyAttribute(
        lambda o: points_for(o.kind) if o.status == RecordStatus.CONFIRMED else None
    )
