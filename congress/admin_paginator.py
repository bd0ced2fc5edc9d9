"""Admin changelists that never count a million rows.

An unfiltered changelist of a large table takes its count from PostgreSQL's
statistics (pg_class.reltuples, kept fresh by autovacuum's ANALYZE); a
filtered one asks the planner for its row estimate first and counts exactly
only when that estimate is small. Page links stay right for the tables people
page through; on the large ones the total reads "about N".
"""

import json
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db import DatabaseError, connections, transaction

EXACT_BELOW = 10_000  # rows: count exactly under this estimate


def table_estimate(model, using: str = "default") -> int:
    """The planner's row count of the model's table: 0 if never analysed (a
    new table is small until autovacuum analyses it, and counting it exactly
    keeps the number of queries the same either way), -1 if not a table, as
    pghistory's events view."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN relkind IN ('r', 'p') THEN greatest(reltuples, 0)"
            " ELSE -1 END::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [model._meta.db_table],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else -1


def plan_estimate(queryset) -> int:
    """The planner's estimate of the rows the queryset returns (-1 if the
    query cannot be explained, as pghistory's events with their CTEs)."""
    try:
        with transaction.atomic(using=queryset.db):
            explained = queryset.order_by().explain(format="json")
    except DatabaseError:
        return -1
    plan = json.loads(explained)
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """A paginator whose count is an estimate for large results."""

    @cached_property
    def count(self) -> int:
        queryset: Any = self.object_list
        if not hasattr(queryset, "query"):
            return super().count
        using = queryset.db
        estimate = -1
        if not queryset.query.where and not queryset.query.distinct:
            estimate = table_estimate(queryset.model, using)
        if estimate < 0:
            estimate = plan_estimate(queryset)
        if estimate < EXACT_BELOW:  # small, or unknown: count exactly
            return queryset.count()
        return estimate
