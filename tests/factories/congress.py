import datetime

import factory
from factory.django import DjangoModelFactory

from congress.models import Division, Meeting, Organization, Term, User
from congress.roles import Role

PASSWORD = "congress-test-pw"


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试乡{n}")
    code = factory.Sequence(lambda n: f"{990100000000 + n * 1000}")
    level = Division.Level.TOWNSHIP


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Organization.Kind.GOVERNMENT_DEPARTMENT
    is_handling_unit = True


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("number",)

    number = 9
    start_date = datetime.date(2022, 1, 10)
    is_current = True


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    term = factory.SubFactory(TermFactory)
    kind = Meeting.Kind.COMMITTEE_MEETING
    number = factory.Sequence(lambda n: n + 1)
    start_date = datetime.date(2026, 6, 1)
    end_date = datetime.date(2026, 6, 2)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Role(role).group() for role in extracted))
