"""Reads across supervision's models: the plan board, the open points across
all reviews, the organisation's items, the panels' counts. Each runs a fixed
number of queries whatever the number of rows."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import Promise

from congress.models import Ballot
from supervision.models import (
    Item,
    ItemStatus,
    Opinion,
    OpinionPoint,
    OpinionStatus,
    PointStatus,
)


def plan_years() -> list[int]:
    from supervision.models import Plan

    return list(Plan.objects.values_list("year", flat=True))


def _points_count(condition: Q | None = None) -> Coalesce:
    """The item's opinion points (matching `condition`) as a correlated
    subquery: counting through a join would GROUP BY every selected column
    of the item and its related rows (wide text rows sorted at 10 years of
    plans)."""
    points = OpinionPoint.objects.filter(opinion__item=OuterRef("pk"))
    if condition is not None:
        points = points.filter(condition)
    counted = points.values("opinion__item").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def board_items(user, year: int, *, body: int | None = None) -> QuerySet[Any]:
    """The year's items with what the board shows, those run by working
    committee `body` only if given: 1 query (+ 0 per row)."""
    items = Item.objects.visible_to(user).filter(plan__year=year)
    if body is not None:
        items = items.filter(working_body_id=body)
    return (
        items.select_related("working_body", "organization")
        .annotate(
            points_total=_points_count(),
            points_open=_points_count(~Q(status=PointStatus.CLOSED)),
        )
        .order_by("planned_month", "pk")
    )


@dataclass
class Column:
    status: str
    label: str | Promise
    items: list


def board(user, year: int, *, body: int | None = None) -> list[Column]:
    """The board's columns in the workflow's order, empty ones included."""
    columns = {s: Column(s, label, []) for s, label in ItemStatus.choices}
    for item in board_items(user, year, body=body):
        columns[item.status].items.append(item)
    return list(columns.values())


def open_points(user) -> QuerySet[OpinionPoint]:
    """Every point not closed across all reviews and years (sent opinions),
    oldest deadline first: 1 query."""
    return (
        OpinionPoint.objects.visible_to(user)
        .open()
        .filter(opinion__status=OpinionStatus.SENT)
        .select_related(
            "opinion__item__organization",
            "opinion__item__working_body",
            "opinion__item__plan",
        )
        .order_by("opinion__handling_due_on", "opinion_id", "number")
    )


def org_items(user) -> QuerySet[Any]:
    """The items that supervise the user's organisation, with the number of
    points asked of it: 1 query."""
    return (
        Item.objects.visible_to(user)
        .filter(organization_id=user.organization_id)
        .select_related("plan", "working_body", "opinion")
        .annotate(points_total=_points_count())
        .order_by("-plan__year", "status", "pk")
    )


def awaiting_org(user) -> QuerySet[Item]:
    """What is asked of the organisation now: reports before the meeting,
    answers and handling or rectification reports after it."""
    return Item.objects.visible_to(user).filter(
        organization_id=user.organization_id,
        status__in=[
            ItemStatus.PREPARING,
            ItemStatus.OPINION_SENT,
            ItemStatus.RECTIFYING,
        ],
    )


def deadlines_this_month(user, today: datetime.date) -> QuerySet[Item]:
    """Open items with a deadline in the 30 days from today (working body)."""
    horizon = today + datetime.timedelta(days=30)
    window = Q(report_due_on__range=(today, horizon)) | Q(
        circulate_on__range=(today, horizon)
    )
    window |= Q(opinion__handling_due_on__range=(today, horizon))
    window |= Q(rectification_due_on__range=(today, horizon))
    return Item.objects.visible_to(user).open().filter(window)


def overdue_reports(user, today: datetime.date) -> QuerySet[Item]:
    """Items whose handling or rectification report is late today."""
    late = Q(status=ItemStatus.OPINION_SENT, opinion__handling_due_on__lt=today) | Q(
        status=ItemStatus.RECTIFYING, rectification_due_on__lt=today
    )
    return Item.objects.visible_to(user).filter(late)


def meeting_documents(user, today: datetime.date) -> QuerySet[Item]:
    """Items circulated for meetings still to come (a member's reading)."""
    return (
        Item.objects.visible_to(user)
        .filter(
            status=ItemStatus.PREPARING,
            circulated_on__isnull=False,
            meeting__start_date__gte=today,
        )
        .select_related("meeting", "organization")
    )


def for_council(user) -> QuerySet[Item]:
    """Items whose second vote failed, waiting for the chairpersons' meeting."""
    return Item.objects.visible_to(user).filter(status=ItemStatus.ESCALATED)


def open_votes_for(user) -> QuerySet[Ballot]:
    """Open item ballots the member may still vote on."""
    from django.contrib.contenttypes.models import ContentType

    from supervision.models import HandlingReport

    return Ballot.objects.filter(
        status=Ballot.Status.OPEN,
        content_type=ContentType.objects.get_for_model(HandlingReport),
        voters__user=user,
        voters__present=True,
        voters__voted=False,
    )


def vote_results(user) -> QuerySet:
    """Closed item votes, newest first (leaders' panel)."""
    from supervision.models import ItemVote

    return (
        ItemVote.objects.filter(
            item__in=Item.objects.visible_to(user),
            ballot__status=Ballot.Status.CLOSED,
        )
        .select_related("item", "ballot")
        .order_by("-ballot__closed_at")
    )


def opinion_for_pdf(opinion_pk: int) -> Opinion:
    """The opinion with what its document prints: 2 queries."""
    return (
        Opinion.objects.select_related(
            "item__organization", "item__working_body", "item__meeting__term"
        )
        .prefetch_related(Prefetch("points", OpinionPoint.objects.order_by("number")))
        .get(pk=opinion_pk)
    )


def selection_votes_open_for(user) -> QuerySet:
    """Open livelihood-project votes the deputy has not voted in yet."""
    from supervision.models import SelectionStatus, SelectionVote

    return SelectionVote.objects.filter(
        status=SelectionStatus.OPEN, voters__user=user, voters__voted=False
    )


def appraisals_in_progress(user) -> QuerySet:
    """Work appraisals selected and not yet closed that `user` may see: for a
    department's people, their own; one query."""
    from supervision.models import Appraisal

    return (
        Appraisal.objects.visible_to(user)
        .filter(status__in=APPRAISAL_ACTIVE)
        .select_related("department")
        .order_by("-year", "pk")
    )


APPRAISAL_ACTIVE = [
    "selected",
    "preparation",
    "investigation",
    "deliberation",
    "rectification",
    "reported",
    "voting",
]
