"""The handling organisations' yearly assessment (百分考核): weights, ranking,
office staff's scores and publication, the public ranking (proposals.scores,
proposals.views.scores)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from congress import rules
from congress.exceptions import DomainError
from congress.models import Organization
from proposals import scores, summaries
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    HandlingEvaluation,
    OrganizationScore,
    ProposalStatus,
    Rating,
    Satisfaction,
)
from tests.factories.congress import OrganizationFactory, UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.proposals import ProposalFactory

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2026
S, B, D = (
    Satisfaction.SATISFIED,
    Satisfaction.BASICALLY,
    Satisfaction.DISSATISFIED,
)
RANKING = reverse("proposals:scores_ranking")
PUBLIC = reverse("proposals:scores_public")


def _lead(organization, *, role=AssignmentRole.LEAD, status=AssignmentStatus.DONE):
    proposal = ProposalFactory(status=ProposalStatus.ASSIGNED)
    return Assignment.objects.create(
        proposal=proposal,
        organization=organization,
        role=role,
        status=status,
        assigned_on=datetime.date(2026, 1, 5),
        due_date=datetime.date(2026, 4, 5),
    )


def _rate(assignment, result, *, round_=1, deputy=None, day=(YEAR, 6, 1)):
    rating = Rating.objects.create(
        assignment=assignment,
        round=round_,
        deputy=deputy or assignment.proposal.lead_deputy,
        attitude=S,
        result=result,
    )
    # rated_at is auto_now_add: move it to the day the test needs.
    rated_at = datetime.datetime(*day, 10, tzinfo=TZ)
    Rating.objects.filter(pk=rating.pk).update(rated_at=rated_at)
    return rating


def _evaluate(assignment, overall, *, day=(YEAR, 7, 1)):
    """A 测评表 with five dimensions satisfied and `overall` as given."""
    evaluation = HandlingEvaluation.objects.create(
        assignment=assignment,
        evaluator=UserFactory(),
        evaluator_role="leader",
        **dict.fromkeys(HandlingEvaluation.DIMENSIONS, S) | {"overall": overall},
    )
    created_at = datetime.datetime(*day, 10, tzinfo=TZ)
    HandlingEvaluation.objects.filter(pk=evaluation.pk).update(created_at=created_at)
    return evaluation


def _score(organization, leadership, management, procedure, year=YEAR):
    return OrganizationScore.objects.create(
        organization=organization,
        year=year,
        leadership=leadership,
        management=management,
        procedure=procedure,
    )


def _org(name: str, sort_order: int, **fields) -> Organization:
    return OrganizationFactory(name=name, sort_order=sort_order, **fields)


@pytest.fixture
def known(liaison_a, liaison_b):
    """Five handling organisations with known figures for 2026 (default
    weights 20/20/20/40):

    A: 90/80/70, satisfaction 2 of 3 = 66.67 → total 74.67, rank 2
    B: 80/80/80, one assignment rated twice (latest round counts) → 100,
       total 88.00, rank 1
    C: 100/100/100, no rating → satisfaction None (0), total 60.00, rank 3
    T: 70/70/60, satisfaction 1 of 2 = 50 → total 60.00, rank 3 (tie)
    U: not scored, no rating → total 0.00, rank 5

    Handling evaluation forms (weight 0 by default): A two forms, 11 of 12
    grades good = 91.67; T one form, 5 of 6 = 83.33; the others none.
    """
    org_a, org_b = liaison_a.organization, liaison_b.organization
    Organization.objects.filter(pk=org_a.pk).update(sort_order=1)
    Organization.objects.filter(pk=org_b.pk).update(sort_order=2)
    orgs = {
        "A": org_a,
        "B": org_b,
        "C": _org("测试局丙", 3),
        "T": _org("测试局丁", 4),
        "U": _org("测试局戊", 5),
    }
    _score(orgs["A"], 90, 80, 70)
    _score(orgs["B"], 80, 80, 80)
    _score(orgs["C"], 100, 100, 100)
    _score(orgs["T"], 70, 70, 60)
    # A: satisfied, basically satisfied, dissatisfied.
    first = _lead(org_a)
    _rate(first, S)
    _rate(_lead(org_a), B)
    _rate(_lead(org_a), D)
    # ... none of these count: a co-signer's rating, the rating of a
    # co-handling assignment, a rating of another year, a relieved assignment.
    _rate(first, D, deputy=DeputyFactory())
    _rate(_lead(org_a, role=AssignmentRole.CO), D)
    _rate(_lead(org_a), D, day=(YEAR - 1, 12, 31))
    _rate(_lead(org_a, status=AssignmentStatus.WITHDRAWN), D)
    _evaluate(first, S)
    _evaluate(first, D)
    # ... nor these forms: on a co-handling or relieved assignment, or of
    # another year.
    _evaluate(_lead(org_a, role=AssignmentRole.CO), D)
    _evaluate(_lead(org_a, status=AssignmentStatus.WITHDRAWN), D)
    _evaluate(_lead(org_a), D, day=(YEAR - 1, 12, 31))
    # B: dissatisfied, re-handled, then satisfied: counts once, satisfied.
    rehandled = _lead(org_b)
    _rate(rehandled, D, round_=1, day=(YEAR, 3, 1))
    _rate(rehandled, S, round_=2, day=(YEAR, 5, 1))
    # T: one satisfied, one dissatisfied.
    _rate(_lead(orgs["T"]), S)
    _rate(_lead(orgs["T"]), D)
    _evaluate(_lead(orgs["T"]), D)
    # Not ranked: an inactive organisation without anything that year, and an
    # organisation that does not handle suggestions.
    _org("已撤销局", 6, is_active=False)
    _org("县人大办公室", 7, is_handling_unit=False)
    return orgs


def _by_name(rows):
    return {row.organization.name: row for row in rows}


# Ranking ----------------------------------------------------------------------


def test_ranking_matches_the_known_data(known):
    rows = scores.organization_ranking(YEAR)
    assert [(row.organization.name, row.total, row.rank) for row in rows] == [
        ("测试局乙", Decimal("88.00"), 1),
        ("测试局甲", Decimal("74.67"), 2),
        ("测试局丙", Decimal("60.00"), 3),
        ("测试局丁", Decimal("60.00"), 3),
        ("测试局戊", Decimal("0.00"), 5),
    ]
    by_name = _by_name(rows)
    assert (by_name["测试局甲"].satisfied, by_name["测试局甲"].rated) == (2, 3)
    assert by_name["测试局甲"].satisfaction == Decimal("66.67")
    assert by_name["测试局乙"].satisfaction == Decimal("100.00")
    assert by_name["测试局丁"].satisfaction == Decimal("50.00")


def test_ranking_flags_organisations_without_rating(known):
    by_name = _by_name(scores.organization_ranking(YEAR))
    assert by_name["测试局丙"].satisfaction is None
    assert by_name["测试局丙"].no_rating
    assert by_name["测试局戊"].no_rating
    assert by_name["测试局戊"].score is None
    assert not by_name["测试局甲"].no_rating


def test_ranking_follows_the_weights(known):
    rules.rule_set("proposals.score_weight_leadership", 10)
    rules.rule_set("proposals.score_weight_satisfaction", 50)
    rows = scores.organization_ranking(YEAR)
    by_name = _by_name(rows)
    # A: (10×90 + 20×80 + 20×70 + 50×66.67) / 100 = 72.335 → 72.34
    assert by_name["测试局甲"].total == Decimal("72.34")
    # C: (10 + 20 + 20) × 100 / 100 = 50; T: (700 + 1400 + 1200 + 2500) / 100
    assert (by_name["测试局丙"].total, by_name["测试局丙"].rank) == (50, 4)
    assert (by_name["测试局丁"].total, by_name["测试局丁"].rank) == (58, 3)


def _weigh(capture, **weights):
    """Set weight rules; the cache follows on commit, as in the portal."""
    with capture(execute=True):
        for part, value in weights.items():
            rules.rule_set(f"proposals.score_weight_{part}", value)


def test_ranking_counts_the_evaluation_forms_by_their_weight(
    known, django_capture_on_commit_callbacks
):
    by_name = _by_name(scores.organization_ranking(YEAR))
    assert (by_name["测试局甲"].evaluations, by_name["测试局甲"].evaluation) == (
        2,
        Decimal("91.67"),
    )
    assert by_name["测试局丁"].evaluation == Decimal("83.33")
    assert by_name["测试局乙"].evaluation is None
    _weigh(django_capture_on_commit_callbacks, satisfaction=30, evaluation=10)
    by_name = _by_name(scores.organization_ranking(YEAR))
    # A: (20×90 + 20×80 + 20×70 + 30×66.67 + 10×91.67) / 100 = 77.168 → 77.17
    assert by_name["测试局甲"].total == Decimal("77.17")
    # B: no form counts 0: (3 × 20×80 + 30×100) / 100 = 78
    assert by_name["测试局乙"].total == Decimal("78.00")
    # T: (1400 + 1400 + 1200 + 30×50 + 10×83.33) / 100 = 63.333 → 63.33
    assert by_name["测试局丁"].total == Decimal("63.33")


def test_a_published_year_keeps_the_weights_it_was_published_with(
    office, known, django_capture_on_commit_callbacks
):
    scores.organization_scores_publish(YEAR, user=office)
    _score(known["A"], 10, 10, 10, year=YEAR - 1)
    _weigh(django_capture_on_commit_callbacks, satisfaction=30, evaluation=10)
    published = _by_name(scores.organization_ranking(YEAR))
    assert published["测试局甲"].total == Decimal("74.67")
    assert scores.year_weights(YEAR)["evaluation"] == 0
    # A year not published follows the rules in force: A in 2025 is
    # (3 × 20×10 + 30×0 + 10×83.33) / 100 (its one rating dissatisfied, its
    # one form 5 of 6).
    earlier = _by_name(scores.organization_ranking(YEAR - 1))
    assert earlier["测试局甲"].total == Decimal("14.33")
    # Weights that no longer add up do not stop the published year.
    _weigh(django_capture_on_commit_callbacks, leadership=50)
    assert _by_name(scores.organization_ranking(YEAR))["测试局甲"].total == Decimal(
        "74.67"
    )


def test_a_score_added_to_a_published_year_takes_its_weights(
    office, known, django_capture_on_commit_callbacks
):
    scores.organization_scores_publish(YEAR, user=office)
    _weigh(django_capture_on_commit_callbacks, satisfaction=30, evaluation=10)
    late = scores.organization_score_set(
        known["U"], YEAR, leadership=1, management=1, procedure=1, user=office
    )
    assert late.weights["evaluation"] == 0
    assert late.weights["satisfaction"] == 40


def test_ranking_refuses_weights_not_adding_up_to_100(known):
    rules.rule_set("proposals.score_weight_satisfaction", 50)
    with pytest.raises(DomainError, match="110"):
        scores.organization_ranking(YEAR)


def test_ranking_includes_an_inactive_organisation_scored_that_year(known):
    gone = _org("已合并局", 8, is_active=False)
    _score(gone, 50, 50, 50)
    assert "已合并局" in _by_name(scores.organization_ranking(YEAR))
    assert "已撤销局" not in _by_name(scores.organization_ranking(YEAR))


def test_ranking_other_year_has_no_satisfaction(known):
    rows = scores.organization_ranking(YEAR - 1)
    by_name = _by_name(rows)
    # The one 2025 rating: A dissatisfied, 0 of 1.
    assert by_name["测试局甲"].satisfaction == Decimal("0.00")
    assert all(row.score is None for row in rows)


def _many(count: int, offset: int = 0) -> None:
    for number in range(offset, offset + count):
        organization = _org(f"批量局{number}", 10 + number)
        _score(organization, 80, 80, 80)
        _rate(_lead(organization), S if number % 2 else D)


def test_ranking_query_count_is_fixed(db, django_assert_num_queries):
    scores.score_weights()  # the five rules, cached from here on
    _many(3)
    summaries.summaries_refresh()  # as the beat task does every minute
    # 1 the year's scores, 2 the summary queue, 3 satisfaction summary rows,
    # 4 evaluation counts, 5 the organisations.
    with django_assert_num_queries(5):
        assert len(scores.organization_ranking(YEAR)) == 3
    _many(3, offset=3)
    summaries.summaries_refresh()
    with django_assert_num_queries(5):
        assert len(scores.organization_ranking(YEAR)) == 6


def test_ranking_page_query_count_is_fixed(client, leader, django_assert_num_queries):
    client.force_login(leader)
    _many(3)
    client.get(RANKING, {"year": YEAR})  # warms the session and the rules
    # 1 session, 2 user, 3 roles, 4-8 the ranking (organization_ranking),
    # 9-10 years with scores or ratings, 11 the year's published weights,
    # 12 whether the year is published, 13 unread notifications (base.html).
    with django_assert_num_queries(13):
        assert client.get(RANKING, {"year": YEAR}).status_code == 200
    _many(3, offset=3)
    summaries.summaries_refresh()
    with django_assert_num_queries(13):
        assert client.get(RANKING, {"year": YEAR}).status_code == 200


# Services ---------------------------------------------------------------------


def test_score_set_creates_then_updates(office, liaison_a):
    organization = liaison_a.organization
    values = {"leadership": 90, "management": "85.5", "procedure": 70}
    scores.organization_score_set(organization, YEAR, **values, user=office)
    score = scores.organization_score_set(
        organization, YEAR, **{**values, "procedure": 75}, note=" 良好 ", user=office
    )
    assert OrganizationScore.objects.count() == 1
    assert (score.management, score.procedure) == (Decimal("85.50"), 75)
    assert (score.note, score.updated_by, score.published) == ("良好", office, False)


@pytest.mark.parametrize("value", [-1, "100.01", "abc", "NaN"])
def test_score_set_refuses_values_outside_0_to_100(office, liaison_a, value):
    with pytest.raises(DomainError):
        scores.organization_score_set(
            liaison_a.organization,
            YEAR,
            leadership=value,
            management=50,
            procedure=50,
            user=office,
        )
    assert not OrganizationScore.objects.exists()


def test_score_set_refuses_anyone_but_office(leader, liaison_a):
    with pytest.raises(PermissionDenied):
        scores.organization_score_set(
            liaison_a.organization,
            YEAR,
            leadership=1,
            management=1,
            procedure=1,
            user=leader,
        )


def test_publish_marks_the_year_and_later_scores_published(office, known):
    assert scores.organization_scores_publish(YEAR, user=office) == 4
    assert not OrganizationScore.objects.filter(published=False).exists()
    late = scores.organization_score_set(
        known["U"], YEAR, leadership=1, management=1, procedure=1, user=office
    )
    assert late.published


def test_publish_refuses_a_year_without_scores(office):
    with pytest.raises(DomainError):
        scores.organization_scores_publish(YEAR, user=office)


def test_publish_refuses_anyone_but_office(leader, known):
    with pytest.raises(PermissionDenied):
        scores.organization_scores_publish(YEAR, user=leader)
    assert not scores.year_published(YEAR)


# Pages ------------------------------------------------------------------------


def _edit_url(organization, year=YEAR) -> str:
    return reverse("proposals:scores_edit", args=[year, organization.pk])


def test_ranking_page_shows_the_table_and_office_links(client, office, known):
    client.force_login(office)
    response = client.get(RANKING, {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="ranking"' in html
    assert "74.67" in html
    assert _edit_url(known["A"]) in html
    assert reverse("proposals:scores_publish", args=[YEAR]) in html


def test_ranking_page_shows_the_weights_error_without_500(client, office, known):
    rules.rule_set("proposals.score_weight_procedure", 30)
    client.force_login(office)
    response = client.get(RANKING, {"year": YEAR})
    assert response.status_code == 200
    assert 'data-testid="ranking-error"' in response.content.decode()
    assert "110" in response.content.decode()


def test_ranking_page_refuses_a_deputy(client, deputy):
    client.force_login(deputy)
    assert client.get(RANKING).status_code == 403


def test_ranking_page_404_for_a_malformed_year(client, office):
    client.force_login(office)
    assert client.get(RANKING, {"year": "20x6"}).status_code == 404


def test_leader_sees_the_ranking_but_cannot_edit(client, leader, known):
    client.force_login(leader)
    response = client.get(RANKING, {"year": YEAR})
    assert response.status_code == 200
    assert _edit_url(known["A"]) not in response.content.decode()
    assert client.get(_edit_url(known["A"])).status_code == 403
    publish = reverse("proposals:scores_publish", args=[YEAR])
    assert client.post(publish).status_code == 403
    assert not scores.year_published(YEAR)


def test_office_edits_scores(client, office, known):
    client.force_login(office)
    assert client.get(_edit_url(known["U"])).status_code == 200
    response = client.post(
        _edit_url(known["U"]),
        {"leadership": "60", "management": "70", "procedure": "80", "note": "及时"},
    )
    assert response.status_code == 302
    score = OrganizationScore.objects.get(organization=known["U"], year=YEAR)
    assert (score.leadership, score.procedure, score.note) == (60, 80, "及时")
    assert score.updated_by == office


def test_office_edit_shows_form_errors(client, office, known):
    client.force_login(office)
    response = client.post(
        _edit_url(known["U"]), {"leadership": "101", "management": "", "procedure": 1}
    )
    assert response.status_code == 200
    assert 'data-testid="field-error"' in response.content.decode()
    assert not OrganizationScore.objects.filter(organization=known["U"]).exists()


def test_office_edit_404_for_a_non_handling_organisation(client, office, db):
    client.force_login(office)
    other = _org("县人大办公室", 7, is_handling_unit=False)
    assert client.get(_edit_url(other)).status_code == 404


def test_office_publishes_after_a_confirm_page(client, office, known):
    client.force_login(office)
    publish = reverse("proposals:scores_publish", args=[YEAR])
    response = client.get(publish)
    assert response.status_code == 200
    assert 'data-testid="consequence"' in response.content.decode()
    assert not scores.year_published(YEAR)
    assert client.post(publish).status_code == 302
    assert scores.year_published(YEAR)


def test_public_page_says_nothing_is_published_then_shows_the_year(
    client, office, known
):
    # Linked from every footer: before publication it says so (never a 404).
    for query in ({}, {"year": YEAR}):
        response = client.get(PUBLIC, query)
        assert response.status_code == 200
        assert 'data-testid="nothing-published"' in response.content.decode()
    scores.organization_scores_publish(YEAR, user=office)
    response = client.get(PUBLIC, {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "测试局乙" in html
    assert "74.67" in html
    assert "/scores/2026/organizations/" not in html  # no edit links
    assert client.get(PUBLIC).status_code == 200  # the latest published year
    assert client.get(PUBLIC, {"year": YEAR - 1}).status_code == 404
