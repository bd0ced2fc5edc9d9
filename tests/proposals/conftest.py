"""Fixtures shared by the proposals tests: two vice county heads in charge."""

import pytest

from proposals.models import LeaderInCharge
from tests.factories.congress import OrganizationFactory


@pytest.fixture
def education(db):
    return OrganizationFactory(name="测试教育局")


@pytest.fixture
def health(db):
    return OrganizationFactory(name="测试卫健局")


@pytest.fixture
def leaders(education, health):
    """Two vice county heads, each with an organisation in their portfolio."""
    wang = LeaderInCharge.objects.create(name="王明", portfolio="教育")
    li = LeaderInCharge.objects.create(name="李华", portfolio="卫生健康", sort_order=1)
    wang.organizations.add(education)
    li.organizations.add(health)
    return wang, li
