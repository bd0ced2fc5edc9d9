"""The supervision section of a deputy's performance report (履职报告):
the supervision items the deputy took part in during the year (inspections,
inquiries, research...), the opinion cards they filled at the congress
session, and the livelihood-project vote they cast. Registered in
congress.reports from AppConfig.ready(): deputies imports nothing of
supervision."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from supervision.models import Item, OpinionCard, SelectionVoter


def _activity(deputy, year: int) -> dict:
    """Whether the deputy took part in items, filled cards or voted in
    `year`: one query."""
    from deputies.models import Deputy

    user_id = deputy.user_id or 0
    return (
        Deputy.objects.filter(pk=deputy.pk)
        .annotate(
            has_items=Exists(
                Item.objects.filter(deputies=OuterRef("pk"), plan__year=year).exclude(
                    status=Item.Status.CANCELLED
                )
            ),
            has_cards=Exists(
                OpinionCard.objects.filter(
                    deputy_id=user_id, report__meeting__start_date__year=year
                )
            ),
            voted=Exists(
                SelectionVoter.objects.filter(
                    user_id=user_id, vote__year=year, voted=True
                )
            ),
        )
        .values("has_items", "has_cards", "voted")
        .get()
    )


def section(deputy, year: int) -> dict | None:
    """The deputy's supervision activity of `year`; None when there is none
    (one query for the many deputies without any)."""
    activity = _activity(deputy, year)
    if not any(activity.values()):
        return None
    items = (
        Item.objects.filter(deputies=deputy, plan__year=year)
        .exclude(status=Item.Status.CANCELLED)
        .select_related("organization")
        .order_by("planned_month", "pk")
        if activity["has_items"]
        else []
    )
    cards = (
        OpinionCard.objects.filter(
            deputy_id=deputy.user_id, report__meeting__start_date__year=year
        )
        .select_related("report")
        .order_by("report_id")
        if activity["has_cards"]
        else []
    )
    return {
        "title": _("Supervision"),
        "items": [
            {
                "form": item.get_form_display(),
                "topic": item.topic,
                "organization": item.organization.name,
                "month": item.planned_month,
            }
            for item in items
        ],
        "cards": [
            {"report": card.report.title, "rating": card.get_rating_display()}
            for card in cards
        ],
        "voted": activity["voted"],
        "year": year,
    }
