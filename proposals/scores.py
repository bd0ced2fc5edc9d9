"""The handling organisations' yearly 100-point assessment (百分考核).

Staff score leadership responsibility, organisation and management and
handling procedure (0–100 each, OrganizationScore); the deputies'
satisfaction is computed from their ratings; the installation's rules weigh
the four into a total out of 100, and the organisations are ranked by it. The
ranking stays internal until office staff publish a year.

Satisfaction of a year: each lead assignment (not relieved) counts once, with
the lead deputy's rating of the result in the latest round rated that year
(rated_at in the year, local time). Ratings are never changed, so a closed
year's figure does not move after it is published. Satisfaction = 100 ×
(satisfied + basically satisfied) / rated; an organisation without any such
rating has no satisfaction (None), counts 0 in the total, and is flagged.
"""

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from congress import rules
from congress.exceptions import DomainError
from congress.history import history_context
from congress.models import Organization
from congress.roles import Role
from proposals.models import (
    ANSWERING_ROLES,
    AssignmentStatus,
    OrganizationScore,
    Rating,
    Satisfaction,
)

CENT = Decimal("0.01")
STAFF_PARTS = ("leadership", "management", "procedure")
PARTS = (*STAFF_PARTS, "satisfaction")


def _weight(part: str, label, default: int) -> rules.Rule:
    return rules.register(
        rules.Rule(
            f"proposals.score_weight_{part}",
            label,
            default,
            gettext_lazy(
                "Share of the yearly assessment, in points out of 100; the four "
                "weights must add up to 100."
            ),
            min_value=0,
            max_value=100,
        )
    )


WEIGHTS = {
    "leadership": _weight(
        "leadership",
        gettext_lazy("Assessment weight: leadership responsibility"),
        20,
    ),
    "management": _weight(
        "management",
        gettext_lazy("Assessment weight: organisation and management"),
        20,
    ),
    "procedure": _weight(
        "procedure", gettext_lazy("Assessment weight: handling procedure"), 20
    ),
    "satisfaction": _weight(
        "satisfaction", gettext_lazy("Assessment weight: satisfaction of deputies"), 40
    ),
}


@dataclasses.dataclass
class RankingRow:
    """One organisation's line of the ranking."""

    organization: Organization
    score: OrganizationScore | None  # None: staff have not scored it yet
    rated: int = 0  # lead assignments whose lead deputy rated the result
    satisfied: int = 0  # ... satisfied or basically satisfied
    satisfaction: Decimal | None = None  # 100 × satisfied / rated; None: unrated
    total: Decimal = Decimal(0)
    rank: int = 0

    @property
    def no_rating(self) -> bool:
        """Ranked with satisfaction counted as 0: flag it on the page."""
        return self.satisfaction is None

    def part(self, name: str) -> Decimal | None:
        if name == "satisfaction":
            return self.satisfaction
        return getattr(self.score, name) if self.score else None

    @property
    def leadership(self):
        return self.part("leadership")

    @property
    def management(self):
        return self.part("management")

    @property
    def procedure(self):
        return self.part("procedure")


def score_weights() -> dict[str, int]:
    """The four weights (installation rules). Raises DomainError unless they
    add up to 100."""
    weights = {part: rules.get(rule.key) for part, rule in WEIGHTS.items()}
    total = sum(weights.values())
    if total != 100:
        raise DomainError(
            gettext(
                "The weights of the yearly assessment add up to %(sum)s, not 100: "
                "leadership %(leadership)s, management %(management)s, procedure "
                "%(procedure)s, satisfaction %(satisfaction)s. Correct them in the "
                "installation rules."
            )
            % {"sum": total, **weights}
        )
    return weights


# Selectors -------------------------------------------------------------------


def organization_ranking(year: int) -> list[RankingRow]:
    """The ranking of the handling organisations for `year`, best first; ties
    share a rank (1, 1, 3). Raises DomainError when the weights do not add up
    to 100.

    Three queries (plus the four weights, cached): satisfaction counts grouped
    by organisation, the staff scores of the year, the organisations (handling
    units that are active or have a score or a rating that year)."""
    weights = score_weights()
    counts = {row["organization"]: row for row in _satisfaction_counts(year)}
    scores = {
        score.organization_id: score
        for score in OrganizationScore.objects.filter(year=year)
    }
    organizations = Organization.objects.filter(
        Q(is_active=True) | Q(pk__in=[*counts, *scores]), is_handling_unit=True
    ).order_by("sort_order", "name")
    rows = []
    for organization in organizations:
        row = RankingRow(organization=organization, score=scores.get(organization.pk))
        if found := counts.get(organization.pk):
            row.rated, row.satisfied = found["rated"], found["satisfied"]
            row.satisfaction = _cents(Decimal(100 * row.satisfied) / row.rated)
        row.total = _cents(
            sum(
                (weights[part] * (row.part(part) or 0) for part in PARTS),
                Decimal(0),
            )
            / 100
        )
        rows.append(row)
    return _ranked(rows)


def _satisfaction_counts(year: int):
    """Query 1: per organisation, its lead assignments rated that year by the
    lead deputy (latest round rated that year) and how many were satisfied."""
    lead_ratings = Rating.objects.filter(
        rated_at__year=year,
        assignment__role__in=ANSWERING_ROLES,
        deputy=F("assignment__proposal__lead_deputy"),
    ).exclude(assignment__status=AssignmentStatus.WITHDRAWN)
    later = lead_ratings.filter(
        assignment=OuterRef("assignment"),
        deputy=OuterRef("deputy"),
        round__gt=OuterRef("round"),
    )
    good = [Satisfaction.SATISFIED, Satisfaction.BASICALLY]
    return (
        lead_ratings.filter(~Exists(later))
        .values(organization=F("assignment__organization_id"))
        .annotate(
            rated=Count("pk"),
            satisfied=Count("pk", filter=Q(result__in=good)),
        )
        .order_by()
    )


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _ranked(rows: list[RankingRow]) -> list[RankingRow]:
    # Stable sort: equal totals keep the organisations' own order.
    rows.sort(key=lambda row: row.total, reverse=True)
    for position, row in enumerate(rows, start=1):
        previous = rows[position - 2] if position > 1 else None
        tied = previous is not None and previous.total == row.total
        row.rank = previous.rank if tied else position
    return rows


def year_published(year: int) -> bool:
    """Whether office staff have published the ranking of `year`. One query."""
    return OrganizationScore.objects.filter(year=year, published=True).exists()


def published_years() -> list[int]:
    """Years whose ranking is public, latest first. One query."""
    return list(
        OrganizationScore.objects.filter(published=True)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def ranking_years(current: int) -> list[int]:
    """Years to choose from: the current one and those with scores or
    ratings, latest first. Two queries."""
    years = {current}
    years.update(
        OrganizationScore.objects.order_by().values_list("year", flat=True).distinct()
    )
    # The first and last rating (two ends of an index), not a scan of them all.
    span = Rating.objects.aggregate(first=Min("rated_at"), last=Max("rated_at"))
    if span["first"] and span["last"]:
        first = timezone.localtime(span["first"]).year
        years.update(range(first, timezone.localtime(span["last"]).year + 1))
    return sorted(years, reverse=True)


# Services --------------------------------------------------------------------


def _check_office(user) -> None:
    if not user.has_role(Role.OFFICE):
        raise PermissionDenied(gettext("Only office staff can do this."))


def organization_score_set(
    organization: Organization,
    year: int,
    *,
    leadership,
    management,
    procedure,
    note: str = "",
    user,
) -> OrganizationScore:
    """Store the staff scores of one handling organisation for `year` (create
    or update). A score added to a published year is published with it.

    Raises PermissionDenied (not office staff) and DomainError (a score
    outside 0–100, or not a handling organisation)."""
    _check_office(user)
    if not organization.is_handling_unit:
        raise DomainError(
            gettext("%(organization)s does not handle motions and suggestions.")
            % {"organization": organization}
        )
    given = {"leadership": leadership, "management": management, "procedure": procedure}
    values = {part: _checked(value, part) for part, value in given.items()}
    with transaction.atomic(), history_context(user):
        score, _created = OrganizationScore.objects.update_or_create(
            organization=organization,
            year=year,
            defaults={**values, "note": note.strip(), "updated_by": user},
            create_defaults={
                **values,
                "note": note.strip(),
                "updated_by": user,
                "published": year_published(year),
            },
        )
    return score


def _checked(value, part: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or not 0 <= number <= 100:
        raise DomainError(
            gettext("The score for %(part)s must be between 0 and 100.")
            % {"part": OrganizationScore._meta.get_field(part).verbose_name}
        )
    return _cents(number)


def organization_scores_publish(year: int, *, user) -> int:
    """Make the ranking of `year` public (every score row of the year).
    Returns how many rows were published.

    Raises PermissionDenied (not office staff) and DomainError (no score
    entered for the year, or weights that do not add up to 100)."""
    _check_office(user)
    score_weights()
    with transaction.atomic(), history_context(user):
        scores = OrganizationScore.objects.select_for_update(of=("self",)).filter(
            year=year
        )
        if not scores:
            raise DomainError(
                gettext("No organisation has been scored for %(year)s yet.")
                % {"year": year}
            )
        for score in scores:
            if not score.published:
                score.published = True
                score.updated_by = user
                score.save(update_fields=["published", "updated_by"])
    return len(scores)
