"""The activity summary (deputies.summary) equals what the records say after
every kind of write: confirm, return, edit, push, delete, a rule change, a
rebuild; and the repair sweep finds and fixes drift."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from congress import rules
from deputies import services, summary
from deputies.models import ActivityKind, ActivitySummary, PerformanceRecord
from deputies.tasks import activity_summary_repair
from tests.factories.congress import MeetingFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.deputies import PerformanceRecordFactory as RecordFactory

pytestmark = pytest.mark.django_db
RESEARCH = services.POINT_RULES[ActivityKind.RESEARCH].key
CONFIRMED = PerformanceRecord.Status.CONFIRMED


def assert_summary_is_live():
    stored = summary.activity_summary_stored()
    assert stored == summary.activity_summary_live()
    return stored


def totals(deputy, year=2026) -> ActivitySummary:
    return ActivitySummary.objects.get(deputy=deputy, year=year, kind="")


def test_confirming_adds_the_record_to_its_type_and_the_year(office):
    deputy = DeputyFactory()
    services.record_confirm(RecordFactory(deputy=deputy, hours=2), user=office)
    services.record_confirm(
        RecordFactory(deputy=deputy, kind=ActivityKind.TRAINING, hours=None),
        user=office,
    )
    rows = assert_summary_is_live()
    assert len(rows) == 3  # research, training, all kinds
    year = totals(deputy)
    assert (year.records, year.points, year.hours) == (2, 5, Decimal("2.0"))
    assert year.months[9] == 2  # October


def test_pending_and_returned_records_stay_out(office):
    deputy = DeputyFactory()
    RecordFactory(deputy=deputy)
    services.record_return(RecordFactory(deputy=deputy), user=office, reason="重复")
    assert assert_summary_is_live() == set()


def test_a_rule_change_keeps_the_points_of_confirmed_records(
    office, django_capture_on_commit_callbacks
):
    deputy = DeputyFactory()
    services.record_confirm(RecordFactory(deputy=deputy), user=office)
    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_set(RESEARCH, 9)
    assert totals(deputy).points == 3
    services.record_confirm(RecordFactory(deputy=deputy), user=office)
    assert totals(deputy).points == 12
    assert_summary_is_live()


def test_a_batch_confirmation_counts_each_record(office):
    deputy = DeputyFactory()
    records = [RecordFactory(deputy=deputy) for _i in range(3)]
    services.records_confirm(records, user=office)
    assert totals(deputy).records == 3
    assert_summary_is_live()


def test_an_edit_that_moves_a_confirmed_record_moves_its_count(office):
    record = services.record_confirm(RecordFactory(), user=office)
    PerformanceRecord.objects.filter(pk=record.pk).update(
        date=datetime.date(2025, 3, 1), kind=ActivityKind.TRAINING
    )
    rows = assert_summary_is_live()
    assert {(row[1], row[2]) for row in rows} == {(2025, "training"), (2025, "")}


def test_deleting_records_and_their_deputy_empties_the_summary():
    # Records with a timeline cannot be deleted; imported ones can.
    deputy = DeputyFactory()
    RecordFactory(deputy=deputy, status=CONFIRMED)
    assert summary.activity_summary_stored()
    deputy.delete()
    assert assert_summary_is_live() == set()


def test_pushed_and_attendance_records_are_counted(office):
    deputy = DeputyFactory()
    meeting = MeetingFactory()
    services.record_push(
        deputy,
        source=meeting,
        kind=ActivityKind.INSPECTION,
        date=datetime.date(2026, 5, 2),
        description="视察",
    )
    services.record_push(
        deputy,
        source=meeting,
        kind=ActivityKind.INSPECTION,
        date=datetime.date(2026, 6, 2),
        description="视察（改期）",
    )
    year = totals(deputy)
    assert (year.records, year.months[4], year.months[5]) == (1, 0, 1)
    assert_summary_is_live()


def test_rebuild_restores_a_truncated_summary(office):
    deputy = DeputyFactory()
    services.record_confirm(RecordFactory(deputy=deputy), user=office)
    expected = summary.activity_summary_stored()
    ActivitySummary.objects.all().delete()
    assert summary.activity_summary_rebuild() == 2
    assert summary.activity_summary_stored() == expected


def test_repair_task_rebuilds_only_deputies_that_drifted(office):
    kept, drifted = DeputyFactory(), DeputyFactory()
    for deputy in (kept, drifted):
        services.record_confirm(RecordFactory(deputy=deputy), user=office)
    ActivitySummary.objects.filter(deputy=drifted).update(points=99)
    assert summary.activity_summary_drifted() == [drifted.pk]
    assert activity_summary_repair() == 1
    assert summary.activity_summary_drifted() == []
    assert totals(drifted).points == 3


def test_the_trigger_is_installed_for_every_write():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE %s",
            ["pgtrigger_activity_summary_%"],
        )
        assert cursor.fetchone()[0] == 3


def test_bulk_inserted_confirmed_records_are_counted():
    deputy = DeputyFactory()
    RecordFactory.create_batch(5, deputy=deputy, status=CONFIRMED)
    assert totals(deputy).records == 5
    assert_summary_is_live()


def test_repair_task_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "deputies.tasks.activity_summary_repair" in tasks


def test_dashboard_activity_figures_equal_the_records(office):
    from django.db.models import Count, Sum
    from django.db.models.functions import ExtractMonth

    from congress.dashboard import Scope
    from deputies.dashboard import dashboard_figures
    from tests.factories.deputies import MandateFactory

    mandates = [MandateFactory() for _i in range(3)]
    for index, mandate in enumerate(mandates):
        for month in range(1, 2 + index * 3):
            RecordFactory(
                deputy=mandate.deputy,
                status=CONFIRMED,
                date=datetime.date(2026, month, 3),
                kind=ActivityKind.TRAINING if month % 2 else ActivityKind.RESEARCH,
            )
    RecordFactory(deputy=mandates[0].deputy)  # pending: not counted
    scope = Scope(year=2026, term=mandates[0].term, today=datetime.date(2026, 11, 2))
    data = dashboard_figures(scope)
    records = PerformanceRecord.objects.filter(status=CONFIRMED, date__year=2026)
    by_month = dict(
        records.annotate(m=ExtractMonth("date"))
        .values_list("m")
        .annotate(n=Count("pk"))
    )
    assert data.charts[0].values == [by_month.get(m, 0) for m in range(1, 13)]
    ranking = list(
        records.values("deputy__name")
        .annotate(points=Sum("points"), n=Count("pk"))
        .order_by("-points", "deputy_id")
        .values_list("deputy__name", "points", "n")
    )
    table = data.tables[1]
    assert [tuple(cell.value for cell in row) for row in table.rows] == ranking


def test_scale_data_copied_in_bulk_is_summarised():
    import random

    from congress.scale import PROFILES
    from deputies import scale

    scale.generate(PROFILES["tiny"], random.Random(7), lambda message: None)
    rows = assert_summary_is_live()
    assert sum(row[3] for row in rows if row[2] == "") == (
        PerformanceRecord.objects.filter(status=CONFIRMED).count()
    )
