"""The large data profile of supervision: ten years of plans."""

import datetime
import random

import pgtrigger
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
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
AFTER_OPINION = [
    ItemStatus.OPINION_SENT,
    ItemStatus.REPORTED,
    ItemStatus.RECTIFYING,
    ItemStatus.CLOSED,
]


class Command(BaseCommand):
    help = (
        "Add ten years of supervision plans (default 60 items a year, each sent "
        "item with a 审议意见书 of 5 points) before the current year, for "
        "benchmarks. Years that have a plan already are skipped. Synthetic: no "
        "history, no timeline. Refuses to run with DEBUG off unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--items-per-year", type=int, default=60)
        parser.add_argument("--points", type=int, default=5)
        parser.add_argument("--yes", action="store_true")

    def handle(self, *args, years, items_per_year, points, yes, **options):
        if not settings.DEBUG and not yes:
            raise CommandError("DEBUG is off: pass --yes to add synthetic data.")
        bodies = list(Organization.objects.filter(kind="working_body"))
        orgs = list(
            Organization.objects.filter(
                kind__in=["government_department", "court", "procuratorate"]
            )
        )
        if not bodies or not orgs:
            raise CommandError("Seed the demo structure first (seed_demo).")
        rng = random.Random(11)  # noqa: S311 (synthetic data)
        this_year = timezone.localdate().year
        added = 0
        with transaction.atomic(), pgtrigger.ignore(*HISTORY_TRIGGERS):
            for year in range(this_year - years, this_year):
                if Plan.objects.filter(year=year).exists():
                    continue
                plan = Plan.objects.create(
                    year=year, title=f"{year}年度监督工作计划", adopted_on=None
                )
                added += self._year(plan, bodies, orgs, items_per_year, points, rng)
        self.stdout.write(f"supervision items added: {added}")

    def _year(self, plan, bodies, orgs, count, points, rng) -> int:
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
