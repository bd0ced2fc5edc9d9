"""Performance points: earned at confirmation, stored with the record, never
recomputed when a rule changes (summaries and reports included)."""

import datetime

import pytest

from congress import rules
from deputies import services
from deputies.models import ActivityKind, PerformanceRecord
from deputies.report import points_section
from deputies.selectors import deputy_year_summary
from tests.factories.congress import MeetingFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.deputies import PerformanceRecordFactory as RecordFactory

pytestmark = pytest.mark.django_db
RESEARCH = services.POINT_RULES[ActivityKind.RESEARCH].key


@pytest.fixture
def set_rule(django_capture_on_commit_callbacks):
    def set_rule(key: str, value: int) -> None:
        # The cached rule values follow on commit.
        with django_capture_on_commit_callbacks(execute=True):
            rules.rule_set(key, value)

    return set_rule


def summary_points(deputy) -> int:
    return deputy_year_summary(deputy, year=2026)["points"]


def test_confirming_stores_the_points_in_force(office, set_rule):
    set_rule(RESEARCH, 4)
    record = services.record_confirm(RecordFactory(), user=office)
    assert record.points == 4


def test_a_rule_change_leaves_past_points_summaries_and_reports(office, set_rule):
    deputy = DeputyFactory()
    record = services.record_confirm(RecordFactory(deputy=deputy), user=office)
    before = (summary_points(deputy), points_section(deputy, 2026)["total"]["points"])
    set_rule(RESEARCH, 9)
    record.refresh_from_db()
    assert record.points == 3
    after = (summary_points(deputy), points_section(deputy, 2026)["total"]["points"])
    assert before == after == (3, 3)
    later = services.record_confirm(RecordFactory(deputy=deputy), user=office)
    assert later.points == 9
    assert summary_points(deputy) == 12


def test_pending_and_returned_records_earn_nothing(office):
    deputy = DeputyFactory()
    RecordFactory(deputy=deputy)
    services.record_return(RecordFactory(deputy=deputy), user=office, reason="重复")
    assert summary_points(deputy) == 0
    assert set(PerformanceRecord.objects.values_list("points", flat=True)) == {None}


def test_batch_confirm_stores_the_points(office):
    confirmed, _skipped = services.records_confirm(
        RecordFactory.create_batch(3), user=office
    )
    assert [r.points for r in confirmed] == [3, 3, 3]


def test_a_pushed_record_keeps_its_points_when_pushed_again(set_rule):
    deputy, source = DeputyFactory(), MeetingFactory()
    values = {
        "kind": ActivityKind.RESEARCH,
        "date": datetime.date(2026, 5, 1),
        "description": "调研",
    }
    first = services.record_push(deputy, source=source, **values)
    set_rule(RESEARCH, 8)
    again = services.record_push(
        deputy, source=source, **{**values, "description": "专题调研"}
    )
    assert again.pk == first.pk
    assert (again.points, again.description) == (3, "专题调研")


def test_cosigning_has_its_own_editable_rule(set_rule):
    key = services.POINT_RULES[ActivityKind.COSIGNED].key
    assert rules.get(key) == 1
    set_rule(key, 2)
    assert services.points_for(ActivityKind.COSIGNED) == 2
