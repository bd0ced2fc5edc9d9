import factory
from factory.django import DjangoModelFactory

from congress.models import Organization
from supervision.models import Form, Item, Plan
from tests.factories.congress import OrganizationFactory


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ("year",)

    year = 2026
    title = factory.LazyAttribute(lambda plan: f"{plan.year}年监督工作计划")


class ItemFactory(DjangoModelFactory):
    """A planned item; later states are reached through the services."""

    class Meta:
        model = Item

    plan = factory.SubFactory(PlanFactory)
    form = Form.WORK_REPORT
    topic = factory.Sequence(lambda n: f"关于义务教育工作情况的报告{n}")
    working_body = factory.SubFactory(
        OrganizationFactory,
        name="教育科学文化卫生工作委员会",
        kind=Organization.Kind.WORKING_BODY,
        is_handling_unit=False,
    )
    organization = factory.SubFactory(OrganizationFactory, name="测试局甲")
    planned_month = 6
