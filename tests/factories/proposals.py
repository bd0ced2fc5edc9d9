import factory
from factory.django import DjangoModelFactory

from proposals.models import Category, Period, Proposal, ProposalKind
from tests.factories.congress import TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试类别{n}")


class DeputyWithLoginFactory(DeputyFactory):
    """A deputy who can log in (role deputy)."""

    user = factory.SubFactory(
        UserFactory,
        roles=["deputy"],
        real_name=factory.SelfAttribute("..name"),
    )


class ProposalFactory(DjangoModelFactory):
    """A recess suggestion in draft, as a deputy starts it."""

    class Meta:
        model = Proposal

    kind = ProposalKind.SUGGESTION
    title = factory.Sequence(lambda n: f"关于改善第{n}号乡村道路的建议")
    body = "本村道路年久失修，雨天泥泞，群众出行不便，建议尽快硬化。"
    term = factory.SubFactory(TermFactory)
    period = Period.RECESS
    lead_deputy = factory.SubFactory(DeputyWithLoginFactory)


__all__ = ["CategoryFactory", "DeputyWithLoginFactory", "ProposalFactory"]
