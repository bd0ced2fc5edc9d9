"""Searching deputies by part of their name (deputies.search): one or two
characters through the gram index, longer queries through trigrams, with the
same answers as a substring match."""

import pytest
from django.db import connection

from deputies.models import Deputy, PerformanceRecord
from deputies.search import name_contains
from tests.factories.deputies import DeputyFactory
from tests.factories.deputies import PerformanceRecordFactory as RecordFactory

pytestmark = pytest.mark.django_db
NAMES = ["王芳", "李明", "李明华", "欧阳明", "阿依古丽·买买提", "Anna Li"]


@pytest.fixture
def deputies():
    return {name: DeputyFactory(name=name) for name in NAMES}


def found(query: str) -> set[str]:
    return set(
        Deputy.objects.filter(name_contains(query)).values_list("name", flat=True)
    )


@pytest.mark.parametrize(
    "query", ["王", "明", "李明", "阳明", "·", "古丽", "an", "LI", "李明华", "买买提"]
)
def test_search_equals_a_substring_match(deputies, query):
    expected = {name for name in NAMES if query.lower() in name.lower()}
    assert found(query) == expected


def test_a_renamed_deputy_is_found_by_the_new_name(deputies):
    deputy = deputies["王芳"]
    deputy.name = "赵芳"
    deputy.save()
    assert found("赵") == {"赵芳"}
    assert found("王") == set()


def test_records_are_found_through_their_deputy(deputies):
    RecordFactory(deputy=deputies["李明华"])
    RecordFactory(deputy=deputies["王芳"])
    records = PerformanceRecord.objects.filter(name_contains("明华", "deputy"))
    assert [record.deputy.name for record in records] == ["李明华"]


def test_short_queries_use_the_gram_index(deputies):
    """The query's expression is the index's (the planner then may use it;
    which plan it picks on a test table of a few rows is its own business)."""
    sql = str(Deputy.objects.filter(name_contains("王")).query)
    assert "deputies_name_grams" in sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'deputy_name_grams'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (deputies_name_grams((name)::text))" in definition
