"""The handling organisations' yearly 100-point assessment (百分考核).

Staff score leadership responsibility, organisation and management and
handling procedure (0–100 each, OrganizationScore); the deputies'
satisfaction is computed from their ratings, the handling evaluation score
from the 办理情况测评表; the installation's rules weigh the five into a total
out of 100, and the organisations are ranked by it. The ranking stays
internal until office staff publish a year; publishing stores the weights
then in force on the year's rows, and a published year is weighed by them
ever after (a changed rule applies to the years not yet published).

Satisfaction of a year: each answering assignment (a lead or a split part,
not relieved) counts once, with the lead deputy's rating of the result in
the latest round rated that year (rated_at in the year, local time). Ratings
are never changed, so a closed year's figure does not move after it is
published. Satisfaction = 100 × (satisfied + basically satisfied) / rated; an
organisation without any such rating has no satisfaction (None), counts 0 in
the total, and is flagged.

Handling evaluation of a year: every grade of the six dimensions of each
测评表 filled in that year (created_at in the year) on the organisation's
answering assignments; score = 100 × (satisfied + basically satisfied
grades) / all grades, as the form's summary shares count them. Without any
form the score is None and counts 0. Its weight is 0 by default, so that an
installation's totals do not change until it weighs the forms.
"""

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q
from django.db.models.functions import ExtractYear
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
    HandlingEvaluation,
    OrganizationScore,
    Rating,
    Satisfaction,
    SatisfactionSummary,
)

CENT = Decimal("0.01")
STAFF_PARTS = ("leadership", "management", "procedure")
PARTS = (*STAFF_PARTS, "satisfaction", "evaluation")


def _weight(part: str, label, default: int) -> rules.Rule:
    return rules.register(
        rules.Rule(
            f"proposals.score_weight_{part}",
            label,
            default,
            gettext_lazy(
                "Share of the yearly assessment, in points out of 100; the five "
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
    "evaluation": _weight(
        "evaluation",
        gettext_lazy("Assessment weight: handling evaluation forms"),
        0,
    ),
}


@dataclasses.dataclass
class RankingRow:
    """One organisation's line of the ranking."""

    organization: Organization
    score: OrganizationScore | None  # None: staff have not scored it yet
    rated: int = 0  # answering assignments whose lead deputy rated the result
    satisfied: int = 0  # ... satisfied or basically satisfied
    satisfaction: Decimal | None = None  # 100 × satisfied / rated; None: unrated
    evaluations: int = 0  # 测评表 filled in that year on its assignments
    evaluation: Decimal | None = None  # 100 × good grades / all; None: none
    total: Decimal = Decimal(0)
    rank: int = 0

    @property
    def no_rating(self) -> bool:
        """Ranked with satisfaction counted as 0: flag it on the page."""
        return self.satisfaction is None

    def part(self, name: str) -> Decimal | None:
        if name in ("satisfaction", "evaluation"):
            return getattr(self, name)
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
    """The five weights in force (installation rules). Raises DomainError
    unless they add up to 100."""
    weights = {part: rules.get(rule.key) for part, rule in WEIGHTS.items()}
    total = sum(weights.values())
    if total != 100:
        raise DomainError(
            gettext(
                "The weights of the yearly assessment add up to %(sum)s, not 100: "
                "leadership %(leadership)s, management %(management)s, procedure "
                "%(procedure)s, satisfaction %(satisfaction)s, handling evaluation "
                "%(evaluation)s. Correct them in the installation rules."
            )
            % {"sum": total, **weights}
        )
    return weights


def year_weights(year: int, year_scores=None) -> dict[str, int]:
    """The weights of `year`: those stored when it was published, else those
    in force (score_weights, which raises DomainError unless they add up to
    100). One query unless the year's score rows are given."""
    if year_scores is None:
        year_scores = OrganizationScore.objects.filter(year=year, published=True)
    for score in year_scores:
        if score.published and score.weights:
            # A part added after publication weighs nothing in that year.
            return {part: score.weights.get(part, 0) for part in PARTS}
    return score_weights()


# Selectors -------------------------------------------------------------------


def organization_ranking(year: int) -> list[RankingRow]:
    """The ranking of the handling organisations for `year`, best first; ties
    share a rank (1, 1, 3). Raises DomainError when the weights do not add up
    to 100.

    Five queries (plus the five weights, cached, for a year not published):
    the staff scores of the year, the summary queue and the year's
    satisfaction summary rows, evaluation counts grouped by organisation,
    the organisations (handling units that are active or have a score, a
    rating or an evaluation that year)."""
    scores = {
        score.organization_id: score
        for score in OrganizationScore.objects.filter(year=year)
    }
    weights = year_weights(year, scores.values())
    counts = {row["organization_id"]: row for row in _satisfaction_of(year)}
    evaluations = {row["organization"]: row for row in _evaluation_counts(year)}
    organizations = Organization.objects.filter(
        Q(is_active=True) | Q(pk__in=[*counts, *scores, *evaluations]),
        is_handling_unit=True,
    ).order_by("sort_order", "name")
    rows = []
    for organization in organizations:
        row = RankingRow(organization=organization, score=scores.get(organization.pk))
        if found := counts.get(organization.pk):
            row.rated, row.satisfied = found["rated"], found["satisfied"]
            row.satisfaction = _cents(Decimal(100 * row.satisfied) / row.rated)
        if found := evaluations.get(organization.pk):
            row.evaluations = found["forms"]
            grades = len(HandlingEvaluation.DIMENSIONS) * found["forms"]
            row.evaluation = _cents(Decimal(100 * found["good"]) / grades)
        row.total = _cents(
            sum(
                (weights[part] * (row.part(part) or 0) for part in PARTS),
                Decimal(0),
            )
            / 100
        )
        rows.append(row)
    return _ranked(rows)


def satisfaction_counts(*, year: int | None = None, assignments=None):
    """Per assignment and year, whether the lead deputy rated its result
    that year (the latest round rated that year counts) and whether they were
    satisfied or basically satisfied: the live definition of
    SatisfactionSummary, which adds these up per organisation. `assignments`:
    these ids only (None: all)."""
    lead_ratings = Rating.objects.filter(
        assignment__role__in=ANSWERING_ROLES,
        deputy=F("assignment__proposal__lead_deputy"),
    ).exclude(assignment__status=AssignmentStatus.WITHDRAWN)
    if year is not None:
        lead_ratings = lead_ratings.filter(rated_at__year=year)
    if assignments is not None:
        lead_ratings = lead_ratings.filter(assignment__in=assignments)
    later = Rating.objects.filter(
        assignment=OuterRef("assignment"),
        deputy=OuterRef("deputy"),
        round__gt=OuterRef("round"),
        rated_at__year=OuterRef("year"),
    )
    good = [Satisfaction.SATISFIED, Satisfaction.BASICALLY]
    return (
        lead_ratings.annotate(year=ExtractYear("rated_at"))
        .filter(~Exists(later))
        .values("year", "assignment_id", organization=F("assignment__organization_id"))
        .annotate(
            rated=Count("pk"),
            satisfied=Count("pk", filter=Q(result__in=good)),
        )
        .order_by()
    )


def _evaluation_counts(year: int):
    """Query 2: per organisation, the 测评表 filled in that year on its
    answering assignments (not relieved), and their satisfied or basically
    satisfied grades over the six dimensions."""
    bad = Satisfaction.DISSATISFIED
    good = [
        Count("pk", filter=~Q(**{dimension: bad}))
        for dimension in HandlingEvaluation.DIMENSIONS
    ]
    return (
        HandlingEvaluation.objects.filter(
            created_at__year=year, assignment__role__in=ANSWERING_ROLES
        )
        .exclude(assignment__status=AssignmentStatus.WITHDRAWN)
        .values(organization=F("assignment__organization_id"))
        .annotate(forms=Count("pk"), good=sum(good[1:], good[0]))
        .order_by()
    )


def _satisfaction_of(year: int):
    """The summary queue, then rated and satisfied per organisation from the
    summary rows brought up to date: two queries."""
    from proposals import summaries

    summaries.summaries_refresh()
    return SatisfactionSummary.objects.filter(year=year).values(
        "organization_id", "rated", "satisfied"
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
                **_published_with(year),
            },
        )
    return score


def _published_with(year: int) -> dict:
    """A row added to a published year: published, with the year's weights."""
    if not year_published(year):
        return {"published": False}
    return {"published": True, "weights": year_weights(year)}


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
    with transaction.atomic(), history_context(user):
        scores = OrganizationScore.objects.select_for_update(of=("self",)).filter(
            year=year
        )
        if not scores:
            raise DomainError(
                gettext("No organisation has been scored for %(year)s yet.")
                % {"year": year}
            )
        # The weights in force now, or those the year was published with.
        weights = year_weights(year, scores)
        for score in scores:
            if not score.published:
                score.published = True
                score.weights = weights
                score.updated_by = user
                score.save(update_fields=["published", "weights", "updated_by"])
    return len(scores)
