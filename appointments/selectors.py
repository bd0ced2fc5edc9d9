"""Reads across several models: the board, a person's dossier, statistics."""

import datetime
from collections import defaultdict

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from appointments.models import (
    CLOSED_STATUSES,
    Attempt,
    Case,
    CaseCheck,
    CaseStatus,
    Certificate,
    OathAttendance,
    Person,
    Tenure,
)

BOARD_COLUMNS = [status for status in CaseStatus if status not in CLOSED_STATUSES]


BOARD_PER_COLUMN = 12


def board_cases(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with what a board card shows: person, post, the names of the
    checks not done and whether an exam was passed (one query)."""
    passed = Attempt.objects.filter(case=OuterRef("pk"), passed=True)
    open_checks = (
        CaseCheck.objects.filter(case=OuterRef("pk"), done_on__isnull=True)
        .order_by("item__sort_order", "item_id")
        .values("item__name")
    )
    return (
        cases.select_related("person", "post__organization")
        .annotate(exam_passed=Exists(passed), open_checks=ArraySubquery(open_checks))
        .order_by("created_at", "pk")
    )


def blockers_of(case: Case, today: datetime.date) -> list[str]:
    """What holds the case up, from the board's annotations (no queries)."""
    from django.utils.translation import gettext as _

    reasons = list(case.open_checks)
    if case.status == CaseStatus.EXAM and not case.exam_passed:
        reasons.append(_("awaiting the exam result"))
    elif case.status == CaseStatus.POSTPONED:
        reasons.append(_("appointment postponed: make-up exam"))
    if case.meeting_id is None and case.status == CaseStatus.VOTE:
        reasons.append(_("no meeting"))
    if case.status == CaseStatus.OATH and case.oath_due_on and case.oath_due_on < today:
        reasons.append(_("oath overdue"))
    return reasons


def board(
    cases: QuerySet[Case],
    *,
    today: datetime.date | None = None,
    per_column: int | None = BOARD_PER_COLUMN,
):
    """[(status, total, [(case, blockers)])] for every open status, in step
    order; each column shows its oldest `per_column` cases (None: all).
    Two queries: the open cases' (id, status), then the cards shown."""
    today = today or timezone.localdate()
    rows = cases.open().order_by("created_at", "pk").values_list("pk", "status")
    totals: dict[str, int] = defaultdict(int)
    shown = []
    for pk, status in rows:
        totals[status] += 1
        if per_column is None or totals[status] <= per_column:
            shown.append(pk)
    columns = defaultdict(list)
    for case in board_cases(Case.objects.filter(pk__in=shown)):
        columns[case.status].append((case, blockers_of(case, today)))
    return [
        (CaseStatus(status), totals[status], columns[status])
        for status in BOARD_COLUMNS
    ]


def person_dossier(person: Person, cases: QuerySet[Case]) -> dict:
    """Everything about one person: posts held, cases, exams, certificates,
    oaths (a fixed number of queries)."""
    cases = (
        cases.filter(person=person)
        .select_related("post__organization", "nominating_body", "meeting", "ballot")
        .order_by("created_at")
    )
    return {
        "tenures": Tenure.objects.filter(person=person).select_related(
            "post__organization", "appointed_by", "ended_by"
        ),
        "cases": cases,
        "attempts": Attempt.objects.filter(case__in=cases).select_related("session"),
        "certificates": Certificate.objects.filter(case__in=cases),
        "oaths": OathAttendance.objects.filter(case__in=cases).select_related(
            "ceremony"
        ),
    }


def register(*, current_only: bool = True) -> QuerySet[Tenure]:
    tenures = Tenure.objects.select_related("person", "post__organization")
    if current_only:
        tenures = tenures.filter(end_date__isnull=True)
    return tenures.order_by("post__organization__sort_order", "post__sort_order", "pk")


def yearly_statistics(year: int) -> dict:
    """Cases decided in `year` by type and outcome, the exam pass rate and
    oaths (a few aggregate queries)."""
    decided = Case.objects.filter(decided_on__year=year)
    by_type = dict(decided.values_list("case_type").annotate(n=Count("pk")).order_by())
    outcome = decided.aggregate(
        passed=Count("pk", filter=~Q(status=CaseStatus.REJECTED)),
        rejected=Count("pk", filter=Q(status=CaseStatus.REJECTED)),
    )
    attempts = Attempt.objects.filter(
        session__starts_at__year=year, passed__isnull=False
    )
    exam = attempts.aggregate(
        total=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    )
    exam["sessions"] = attempts.values("session").distinct().count()
    oaths = OathAttendance.objects.filter(ceremony__held_on__year=year)
    return {
        "year": year,
        "by_type": by_type,
        "outcome": outcome,
        "exam": exam,
        "oath": {
            "ceremonies": oaths.values("ceremony").distinct().count(),
            "sworn": oaths.filter(sworn=True).count(),
        },
    }
