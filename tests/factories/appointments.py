import factory
from factory.django import DjangoModelFactory

from appointments.models import Person, Post, Question, Topic
from congress.models import Organization
from tests.factories.congress import OrganizationFactory


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"拟任人{n}")
    gender = "male"


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    name = factory.Sequence(lambda n: f"副局长{n}")
    organization = factory.SubFactory(
        OrganizationFactory, kind=Organization.Kind.GOVERNMENT_DEPARTMENT
    )


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = "宪法"


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    topic = factory.SubFactory(TopicFactory)
    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"第{n}题：下列哪项正确？")
    options = ["甲", "乙", "丙", "丁"]
    answer = "A"
    points = 10
