"""The activity summary (履职汇总): confirmed records counted per deputy, year
and activity type, so that dashboards and reports never scan a million
records.

`ActivitySummary` rows are derived, never written by Python code: statement
triggers on the performance records (installed from `PerformanceRecord.Meta`)
add what each INSERT, UPDATE or DELETE changed, read from the statement's
transition tables, in the same transaction. So every writer keeps the summary
right: services, the admin, imports, `update()`, COPY, cascades. A row with
`kind = ""` holds the deputy's totals of the year over all types.

A record keeps the points in force when it was confirmed (docs/rules.md), so
a rule change alters no row here; only confirming, returning, editing or
deleting records do. `activity_summary_rebuild` recomputes rows from the
records (management command `rebuild_activity_summary`), and the nightly
`activity_summary_repair` task rebuilds the deputies whose rows drifted (a
TRUNCATE, a trigger switched off by hand).
"""

from collections.abc import Iterable

from django.db import connection, transaction

# Every SQL string here is built from the constant names below, never from
# input (hence the S608 exemptions); values go in as parameters.

SUMMARY_TABLE = "deputies_activitysummary"
RECORD_TABLE = "deputies_performancerecord"
ALL_KINDS = ""  # the kind of a deputy's yearly totals row
MONTHS = range(1, 13)
COLUMNS = "deputy_id, year, kind, records, points, hours, months"


def _aggregate(source: str) -> str:
    """SELECT the summary rows of `source`, a relation with the record's
    columns and a `sign` (1 for rows added, -1 for rows taken away)."""
    months = ", ".join(
        f"COALESCE(SUM(sign) FILTER (WHERE month = {m}), 0)::int" for m in MONTHS
    )
    return f"""
        SELECT deputy_id, year, COALESCE(kind, '') AS kind,
               SUM(sign)::int AS records, SUM(sign * points)::int AS points,
               SUM(sign * COALESCE(hours, 0)) AS hours, ARRAY[{months}] AS months
        FROM (
            SELECT deputy_id, kind, points, hours, sign,
                   EXTRACT(YEAR FROM date)::int AS year,
                   EXTRACT(MONTH FROM date)::int AS month
            FROM ({source}) AS source
            WHERE status = 'confirmed'
        ) AS changes
        GROUP BY GROUPING SETS ((deputy_id, year, kind), (deputy_id, year))
    """  # noqa: S608 (names are this module's constants; values bound)


def _changes(*tables: tuple[str, int]) -> str:
    return " UNION ALL ".join(
        f"SELECT deputy_id, kind, points, hours, date, status, {sign} AS sign "  # noqa: S608 (names are this module's constants; values bound)
        f"FROM {table}"
        for table, sign in tables
    )


def trigger_body(*tables: tuple[str, int]) -> str:
    """The PL/pgSQL body of a statement trigger that adds the changes of its
    transition `tables` ((name, sign) pairs) to the summary. Rows are taken
    in key order, so concurrent writers lock them in the same order."""
    added = ", ".join(f"s.months[{m}] + EXCLUDED.months[{m}]" for m in MONTHS)
    zero = "ARRAY[" + ", ".join("0" for _m in MONTHS) + "]"
    return f"""
        INSERT INTO {SUMMARY_TABLE} AS s ({COLUMNS})
        SELECT {COLUMNS} FROM ({_aggregate(_changes(*tables))}) AS delta
        WHERE NOT (records = 0 AND points = 0 AND hours = 0 AND months = {zero})
        ORDER BY deputy_id, year, kind
        ON CONFLICT (deputy_id, year, kind) DO UPDATE SET
            records = s.records + EXCLUDED.records,
            points = s.points + EXCLUDED.points,
            hours = s.hours + EXCLUDED.hours,
            months = ARRAY[{added}];
        DELETE FROM {SUMMARY_TABLE} WHERE records = 0;
        RETURN NULL;
    """  # noqa: S608 (names are this module's constants; values bound)


def _live(deputy_ids: Iterable[int] | None) -> tuple[str, list]:
    source = _changes((RECORD_TABLE, 1))
    if deputy_ids is None:
        return _aggregate(source), []
    return _aggregate(f"{source} WHERE deputy_id = ANY(%s)"), [list(deputy_ids)]


def activity_summary_live(deputy_ids: Iterable[int] | None = None) -> set[tuple]:
    """The summary computed from the records now, as a set of row tuples in
    COLUMNS order (what the table must hold)."""
    sql, params = _live(deputy_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {_normal(row) for row in cursor.fetchall()}


def activity_summary_stored(deputy_ids: Iterable[int] | None = None) -> set[tuple]:
    """The summary table's rows as tuples in COLUMNS order."""
    sql = f"SELECT {COLUMNS} FROM {SUMMARY_TABLE}"  # noqa: S608 (names are this module's constants; values bound)
    params: list = []
    if deputy_ids is not None:
        sql += " WHERE deputy_id = ANY(%s)"
        params = [list(deputy_ids)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {_normal(row) for row in cursor.fetchall()}


def _normal(row) -> tuple:
    deputy_id, year, kind, records, points, hours, months = row
    return (deputy_id, year, kind, records, points, hours, tuple(months))


def activity_summary_rebuild(deputy_ids: Iterable[int] | None = None) -> int:
    """Recompute the summary of `deputy_ids` (default: everyone) from the
    records; returns the rows written. Record writers wait meanwhile (SHARE
    lock), so no change slips between the read and the write."""
    sql, params = _live(deputy_ids)
    where, delete_params = "", []
    if deputy_ids is not None:
        where, delete_params = " WHERE deputy_id = ANY(%s)", params
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {RECORD_TABLE} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {SUMMARY_TABLE}{where}", delete_params)  # noqa: S608 (names are this module's constants; values bound)
        cursor.execute(
            f"INSERT INTO {SUMMARY_TABLE} ({COLUMNS}) "  # noqa: S608 (names are this module's constants; values bound)
            f"SELECT {COLUMNS} FROM ({sql}) AS live WHERE records <> 0",
            params,
        )
        return cursor.rowcount


def activity_summary_drifted() -> list[int]:
    """Deputies whose stored summary differs from their records."""
    live, stored = activity_summary_live(), activity_summary_stored()
    return sorted({row[0] for row in live ^ stored})


def activity_summary_repair() -> int:
    """Rebuild the deputies whose summary drifted; returns how many."""
    drifted = activity_summary_drifted()
    if drifted:
        activity_summary_rebuild(drifted)
    return len(drifted)
