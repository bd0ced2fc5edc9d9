"""Opinion-card services (审议意见卡): deputies fill one card per session work
report; the office compiles them into a supervision item whose 审议意见书
carries the deputies' opinions, sent and tracked like any other."""

from collections.abc import Sequence

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.choices import Satisfaction
from congress.exceptions import DomainError
from congress.history import history_context
from congress.models import Organization, User
from congress.roles import Role
from supervision import services
from supervision.models import Form, Item, OpinionCard, SessionReport


class CardRefused(DomainError):
    """A rule of the opinion cards refuses the step."""


def card_submit(
    report: SessionReport, *, deputy: User, rating: str, opinion: str = ""
) -> OpinionCard:
    """A deputy's card on one report, once, while the report takes cards."""
    if not deputy.has_role(Role.DEPUTY):
        raise CardRefused(_("Only deputies fill opinion cards."))
    if not report.open_for_cards:
        raise CardRefused(_("This report no longer takes opinion cards."))
    try:
        with transaction.atomic():
            return OpinionCard.objects.create(
                report=report,
                deputy=deputy,
                rating=Satisfaction(rating),
                opinion=opinion,
            )
    except IntegrityError:
        raise CardRefused(_("You have filled a card on this report already.")) from None


def card_counts(report: SessionReport) -> dict[str, int]:
    """Cards by rating and the satisfaction rate (满意+基本满意), one query."""
    counts = report.cards.aggregate(
        total=models.Count("pk"),
        **{
            value: models.Count("pk", filter=models.Q(rating=value))
            for value in Satisfaction.values
        },
    )
    approving = counts[Satisfaction.SATISFIED] + counts[Satisfaction.BASICALLY]
    counts["rate"] = (
        round(approving * 100 / counts["total"], 1) if counts["total"] else None
    )
    return counts


def report_compile(
    report: SessionReport,
    *,
    user: User,
    working_body: Organization,
    card_ids: Sequence[int],
    now=None,
) -> Item:
    """Close the report to cards and make it a supervision item: heard at the
    session, its deliberation the compiled cards, a draft 审议意见书 whose
    points are the chosen opinions, word for word (原汁原味)."""
    now = now or timezone.now()
    with transaction.atomic(), history_context(user):
        report = SessionReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
        if report.item_id:
            raise CardRefused(_("The cards of this report were compiled already."))
        chosen = list(
            report.cards.filter(pk__in=card_ids).exclude(opinion="").order_by("pk")
        )
        if not chosen:
            raise CardRefused(_("Choose the opinions to send."))
        counts = card_counts(report)
        plan = services.plan_ensure(year=report.meeting.start_date.year, user=user)
        item = services.item_create(
            plan,
            user=user,
            form=Form.WORK_REPORT,
            topic=report.title,
            working_body=working_body,
            organization=report.organization,
            meeting=report.meeting,
            now=now,
        )
        item = services.item_prepare(item, user=user, meeting=report.meeting, now=now)
        summary = _(
            "%(total)s deputies filled opinion cards: %(satisfied)s satisfied, "
            "%(basically)s basically satisfied, %(dissatisfied)s dissatisfied."
        ) % {
            "total": counts["total"],
            "satisfied": counts[Satisfaction.SATISFIED],
            "basically": counts[Satisfaction.BASICALLY],
            "dissatisfied": counts[Satisfaction.DISSATISFIED],
        }
        item = services.item_deliberate(item, user=user, deliberation=summary, now=now)
        services.opinion_save(
            item,
            user=user,
            title=_("Deputies' opinions on “%(title)s”") % {"title": report.title},
            preamble=summary,
            points=[card.opinion for card in chosen],
            now=now,
        )
        report.open_for_cards, report.item = False, item
        report.save(update_fields=["open_for_cards", "item"])
    return item
