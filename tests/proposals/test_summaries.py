"""The precomputed figures (proposals.summaries) equal the live computation
after every kind of change, and after a rebuild; the board's counts of
proposal states follow every write."""

import dataclasses
import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count

from proposals import scores, selectors, summaries
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Contact,
    HandlingSummary,
    LeaderInCharge,
    Proposal,
    ProposalStatus,
    Rating,
    Reply,
    ReplyStatus,
    SatisfactionSummary,
    SummaryQueue,
)
from proposals.summary_models import STATUS_FIELDS
from tests.factories.congress import MeetingFactory, OrganizationFactory
from tests.factories.proposals import CategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db

A = AssignmentStatus
TZ = ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 7, 10)
S = "satisfied"


def _assign(proposal, organization, **fields) -> Assignment:
    values = {
        "role": AssignmentRole.LEAD,
        "status": A.ACCEPTED,
        "assigned_on": datetime.date(2026, 3, 2),
        "due_date": datetime.date(2026, 6, 2),
    }
    return Assignment.objects.create(
        proposal=proposal, organization=organization, **{**values, **fields}
    )


def _reply(assignment, day: int, category: str = "A", round_: int = 1) -> Reply:
    return Reply.objects.create(
        assignment=assignment,
        round=round_,
        text="已列入计划。",
        reference_number=f"县交〔2026〕{assignment.pk}-{round_}号",
        category=category,
        signer="王局长",
        contact="李科长 13900000000",
        status=ReplyStatus.APPROVED,
        sent_at=datetime.datetime(2026, 5, day, 16, tzinfo=TZ),
    )


def _rate(assignment, result: str = S, round_: int = 1, year: int = 2026) -> Rating:
    return Rating.objects.create(
        assignment=assignment,
        round=round_,
        deputy=assignment.proposal.lead_deputy,
        attitude=S,
        result=result,
        rated_at=datetime.datetime(year, 6, 1, 10, tzinfo=TZ),
    )


@dataclasses.dataclass
class World:
    term: object
    org_a: object
    org_b: object
    lead: Assignment  # replied, contacted, rated
    co: Assignment
    late: Assignment  # still with the organisation, overdue


@pytest.fixture
def world(liaison_a, liaison_b) -> World:
    org_a, org_b = liaison_a.organization, liaison_b.organization
    category = CategoryFactory(name="交通运输")
    first = ProposalFactory(
        status=ProposalStatus.ASSIGNED,
        category=category,
        submitted_at=datetime.datetime(2026, 1, 10, tzinfo=TZ),
    )
    lead = _assign(first, org_a, status=A.REPLIED, implementation="solved")
    co = _assign(first, org_b, role=AssignmentRole.CO, status=A.REPLIED)
    _reply(lead, 1)
    Contact.objects.create(assignment=lead, method="meeting", date=lead.assigned_on)
    _rate(lead)
    second = ProposalFactory(status=ProposalStatus.ASSIGNED, term=first.term)
    late = _assign(second, org_b)
    summaries.summaries_rebuild()
    return World(first.term, org_a, org_b, lead, co, late)


def _statistics_rows(statistics) -> list:
    tables = (
        statistics.by_organization,
        statistics.by_category,
        statistics.by_meeting,
        statistics.by_leader,
        [statistics.total],
    )
    return [[dataclasses.asdict(row) for row in table] for table in tables]


def _live_satisfaction() -> dict:
    totals: Counter = Counter()
    for row in scores.satisfaction_counts():
        totals[row["organization"], row["year"], "rated"] += row["rated"]
        totals[row["organization"], row["year"], "satisfied"] += row["satisfied"]
    return {key: value for key, value in totals.items() if value}


def _summary_satisfaction() -> dict:
    figures = {}
    for row in SatisfactionSummary.objects.all():
        for name in ("rated", "satisfied"):
            if value := getattr(row, name):
                figures[row.organization_id, row.year, name] = value
    return figures


def _summary_states() -> dict:
    counts: Counter = Counter()
    for row in HandlingSummary.objects.all():
        for status, field in STATUS_FIELDS.items():
            counts[row.organization_id, status] += getattr(row, field)
    return {key: value for key, value in counts.items() if value}


def _live_states() -> dict:
    rows = Assignment.objects.values_list("organization_id", "status").annotate(
        n=Count("pk")
    )
    return {(org, status): n for org, status, n in rows.order_by()}


def _summary_rows() -> list:
    rows = HandlingSummary.objects.values()
    return sorted(
        (tuple(sorted((k, v) for k, v in row.items() if k != "id")) for row in rows),
        key=repr,
    )


def assert_exact(term) -> None:
    """What readers see (the queue drained) equals the live computation, for
    the whole term and filtered; and a rebuild changes nothing."""
    summaries.summaries_refresh()
    assert not SummaryQueue.objects.exists()
    for filters in ({}, {"year": 2026}, {"kind": "suggestion"}, {"period": "recess"}):
        summary = selectors.handling_statistics(term=term, today=TODAY, **filters)
        live = selectors.handling_statistics_live(term=term, today=TODAY, **filters)
        assert _statistics_rows(summary) == _statistics_rows(live), filters
    assert _summary_satisfaction() == _live_satisfaction()
    assert _summary_states() == _live_states()
    incremental = _summary_rows()
    summaries.summaries_rebuild()
    assert _summary_rows() == incremental


def _new_assignment(w: World) -> None:
    _assign(ProposalFactory(status=ProposalStatus.ASSIGNED, term=w.term), w.org_a)


def _state_changes(w: World) -> None:
    w.late.status = A.REPLIED
    w.late.save(update_fields=["status"])
    _reply(w.late, 20, category="B")


def _moved_to_another_organisation(w: World) -> None:
    leader = LeaderInCharge.objects.create(name="赵六")
    w.lead.organization = OrganizationFactory(is_handling_unit=True)
    w.lead.leader_in_charge = leader
    w.lead.save(update_fields=["organization", "leader_in_charge"])


def _relieved(w: World) -> None:
    w.co.status = A.WITHDRAWN
    w.co.save(update_fields=["status"])


def _deleted_assignment(w: World) -> None:
    w.late.delete()


def _sent_back_reply(w: World) -> None:
    Reply.objects.filter(assignment=w.lead).update(status=ReplyStatus.SENT_BACK)


def _second_round(w: World) -> None:
    Rating.objects.filter(assignment=w.lead).update(result="dissatisfied")
    _reply(w.lead, 25, category="C", round_=2)
    _rate(w.lead, result="basically_satisfied", round_=2, year=2027)


def _contact_after_reply(w: World) -> None:
    Contact.objects.filter(assignment=w.lead).update(date=datetime.date(2026, 6, 1))


def _reclassified(w: World) -> None:
    proposal = w.lead.proposal
    proposal.category = CategoryFactory(name="教育事业")
    proposal.meeting = MeetingFactory(term=w.term)
    proposal.period = "session"
    proposal.kind = "motion"
    proposal.save(update_fields=["category", "meeting", "period", "kind"])


def _submitted_another_year(w: World) -> None:
    Proposal.objects.filter(pk=w.lead.proposal_id).update(
        submitted_at=datetime.datetime(2025, 12, 31, 20, tzinfo=TZ)
    )


def _bulk_update(w: World) -> None:
    Assignment.objects.all().update(status=A.DONE)


def _deleted_proposal(w: World) -> None:
    w.lead.proposal.delete()


@pytest.mark.parametrize(
    "change",
    [
        _new_assignment,
        _state_changes,
        _moved_to_another_organisation,
        _relieved,
        _deleted_assignment,
        _sent_back_reply,
        _second_round,
        _contact_after_reply,
        _reclassified,
        _submitted_another_year,
        _bulk_update,
        _deleted_proposal,
    ],
)
def test_summaries_equal_the_live_figures_after_a_change(world, change):
    assert_exact(world.term)
    change(world)
    assert SummaryQueue.objects.exists()
    assert_exact(world.term)


def test_summaries_are_what_readers_see_before_the_beat_runs(world):
    before = selectors.handling_statistics(term=world.term, today=TODAY).total
    _reply(world.late, 20)
    after = selectors.handling_statistics(term=world.term, today=TODAY).total
    assert after.replied == before.replied + 1


def test_a_rebuild_recounts_rows_written_behind_the_triggers_back(world):
    HandlingSummary.objects.update(replied=99)
    summaries.summaries_rebuild()
    assert_exact(world.term)


def test_refresh_with_nothing_queued_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert summaries.summaries_refresh() == 0


def test_state_counts_follow_every_write(world):
    def live():
        rows = Proposal.objects.values_list("status").annotate(n=Count("pk"))
        return dict(rows.order_by())

    def kept():
        return {k: v for k, v in selectors.proposal_state_counts().items() if v}

    assert kept() == live()
    ProposalFactory(status=ProposalStatus.SUBMITTED, term=world.term)
    Proposal.objects.filter(pk=world.late.proposal_id).update(
        status=ProposalStatus.CLOSED
    )
    world.lead.proposal.delete()
    assert kept() == live()


def test_a_long_queue_is_recounted_whole(world, monkeypatch):
    monkeypatch.setattr(summaries, "REBUILD_ABOVE", 1)
    _second_round(world)
    _new_assignment(world)
    assert_exact(world.term)
