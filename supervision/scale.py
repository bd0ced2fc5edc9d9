"""Scale data of supervision (congress.scale): ten years of plans."""

import datetime
import random

import pgtrigger
from django.db import transaction
from django.utils import timezone

from congress.models import Organization
from supervision.models import (
    Form,
    Item,
    ItemStatus,
    Opinion,
    OpinionPoint,
    OpinionStatus,
    Plan,
    PointStatus,
)

# Synthetic rows get no pghistory history.
HISTORY_TRIGGERS = [
    f"supervision.{model}:insert_insert"
    for model in ("Plan", "Item", "Opinion", "OpinionPoint")
]
POINTS = 5  # points of each opinion
AFTER_OPINION = [
    ItemStatus.OPINION_SENT,
    ItemStatus.REPORTED,
    ItemStatus.RECTIFYING,
    ItemStatus.CLOSED,
]


def generate(profile, rng: random.Random, log) -> dict[str, int]:
    """Add the profile's years of plans before the current year (each item
    sent with a 审议意见书 of five points); years with a plan are skipped."""
    bodies = list(Organization.objects.filter(kind="working_body").order_by("pk"))
    orgs = list(
        Organization.objects.filter(
            kind__in=["government_department", "court", "procuratorate"]
        ).order_by("pk")
    )
    if not bodies or not orgs:
        log("supervision: no working bodies or organisations, skipped")
        return {}
    this_year = timezone.localdate().year
    items = 0
    with transaction.atomic(), pgtrigger.ignore(*HISTORY_TRIGGERS):
        for year in range(this_year - profile.supervision_years, this_year):
            if Plan.objects.filter(year=year).exists():
                continue
            plan = Plan.objects.create(
                year=year, title=f"{year}年度监督工作计划", adopted_on=None
            )
            items += _year(plan, bodies, orgs, profile.supervision_items, POINTS, rng)
    return {
        Item._meta.db_table: items,
        Opinion._meta.db_table: items,
        OpinionPoint._meta.db_table: items * POINTS,
    }


def _year(plan, bodies, orgs, count, points, rng) -> int:
    forms = list(Form.values)
    LAW = forms.index(Form.LAW_INSPECTION)  # noqa: N806
    items = Item.objects.bulk_create(
        Item(
            plan=plan,
            form=forms[n % len(forms)],
            topic=f"{plan.year}年监督议题{n + 1}",
            law="食品安全法" if n % len(forms) == LAW else "",
            working_body=rng.choice(bodies),
            organization=rng.choice(orgs),
            planned_month=n % 12 + 1,
            status=rng.choice(AFTER_OPINION) if n % 5 else ItemStatus.CLOSED,
        )
        for n in range(count)
    )
    opinions = Opinion.objects.bulk_create(
        Opinion(
            item=item,
            title=f"关于《{item.topic}》的审议意见",
            preamble="常委会组成人员认为……",
            status=OpinionStatus.SENT,
            sent_on=datetime.date(plan.year, item.planned_month, 10),
            handling_due_on=datetime.date(plan.year, item.planned_month, 28),
        )
        for item in items
    )
    OpinionPoint.objects.bulk_create(
        OpinionPoint(
            opinion=opinion,
            number=n + 1,
            text=f"意见第{n + 1}条",
            status=PointStatus.CLOSED if n % 4 else PointStatus.OPEN,
            decision="" if not n % 4 else "已整改销号",
        )
        for opinion in opinions
        for n in range(points)
    )
    return len(items)
