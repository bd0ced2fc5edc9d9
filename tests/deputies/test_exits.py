"""Exit cases (代表退出) end mandates; reports to voters enter the file."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from congress.exceptions import DomainError, TransitionNotAllowed
from congress.models import Notification
from deputies import services
from deputies.models import (
    ActivityKind,
    ExitCase,
    ExitKind,
    MandateStatus,
    PerformanceRecord,
    RecordStatus,
    TerminationGround,
    VoterAppraisal,
    VoterReport,
)
from tests.factories.congress import MeetingFactory
from tests.factories.deputies import DeputyGroupFactory, MandateFactory

TODAY = datetime.date(2026, 11, 20)
DECIDED = datetime.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC), tick=True
    ):
        yield


@pytest.fixture
def mandate(db):
    mandate = MandateFactory()
    mandate.groups.add(DeputyGroupFactory(term=mandate.term))
    return mandate


@pytest.fixture
def case(mandate, office):
    return services.exit_case_open(
        mandate,
        kind=ExitKind.PERSUADED_TO_RESIGN,
        reason="选民评议不称职",
        user=office,
    )


def test_exit_case_accepted_ends_the_mandate_and_leaves_the_groups(
    case, mandate, office
):
    services.exit_case_decide(case, accepted=True, decision_date=DECIDED, user=office)
    mandate.refresh_from_db()
    assert mandate.status == MandateStatus.TERMINATED
    assert mandate.termination_ground == TerminationGround.RESIGNATION
    assert mandate.status_date == DECIDED
    assert "选民评议不称职" in mandate.status_reason
    assert not mandate.groups.exists()
    case.refresh_from_db()
    assert (case.status, case.decision_date, case.decided_by) == (
        ExitCase.Status.ACCEPTED,
        DECIDED,
        office,
    )


def _recall(mandate, office):
    return services.exit_case_open(
        mandate, kind=ExitKind.RECALL, reason="选民联名罢免", user=office
    )


def test_a_recall_vote_of_more_than_half_the_voters_ends_the_mandate(mandate, office):
    case = services.exit_case_record_recall_vote(
        _recall(mandate, office),
        vote_date=DECIDED,
        electorate=2000,
        votes_cast=1500,
        votes_for=1001,
        user=office,
    )
    assert (case.status, case.votes_for, case.electorate) == ("accepted", 1001, 2000)
    mandate.refresh_from_db()
    assert mandate.termination_ground == TerminationGround.RECALL
    assert mandate.status_date == DECIDED


def test_a_recall_vote_of_half_the_voters_or_fewer_fails(mandate, office):
    # A majority of those voting is not enough: half of all the voters is needed.
    case = services.exit_case_record_recall_vote(
        _recall(mandate, office),
        vote_date=DECIDED,
        electorate=2000,
        votes_cast=1200,
        votes_for=1000,
        user=office,
    )
    assert case.status == ExitCase.Status.REFUSED
    mandate.refresh_from_db()
    assert mandate.status == MandateStatus.SERVING


def test_a_recall_is_not_an_office_decision(mandate, office):
    with pytest.raises(DomainError):
        services.exit_case_decide(
            _recall(mandate, office), accepted=True, decision_date=DECIDED, user=office
        )


@pytest.mark.parametrize(
    ("electorate", "cast", "votes_for"), [(100, 120, 60), (100, 50, 60), (0, 0, 0)]
)
def test_a_recall_vote_that_does_not_add_up_is_refused(
    mandate, office, electorate, cast, votes_for
):
    with pytest.raises(DomainError):
        services.exit_case_record_recall_vote(
            _recall(mandate, office),
            vote_date=DECIDED,
            electorate=electorate,
            votes_cast=cast,
            votes_for=votes_for,
            user=office,
        )


def test_a_decision_records_its_legal_ground_and_meeting(case, mandate, office):
    meeting = MeetingFactory(term=mandate.term)
    services.exit_case_decide(
        case,
        accepted=True,
        decision_date=DECIDED,
        meeting=meeting,
        ground=TerminationGround.MOVED_AWAY,
        user=office,
    )
    mandate.refresh_from_db()
    assert mandate.termination_ground == TerminationGround.MOVED_AWAY
    assert ExitCase.objects.get(pk=case.pk).meeting == meeting


def test_exit_case_history_keeps_the_serving_mandate(case, mandate, office):
    services.exit_case_decide(case, accepted=True, decision_date=DECIDED, user=office)
    statuses = list(mandate.history.order_by("pgh_id").values_list("status", flat=True))
    assert statuses[0] == MandateStatus.SERVING
    assert statuses[-1] == MandateStatus.TERMINATED
    assert mandate.history.last().pgh_context.metadata["user"] == office.pk


def test_exit_case_refused_keeps_the_mandate(case, mandate, office):
    services.exit_case_decide(case, accepted=False, decision_date=DECIDED, user=office)
    mandate.refresh_from_db()
    assert mandate.status == MandateStatus.SERVING
    assert mandate.groups.count() == 1
    case.refresh_from_db()
    assert case.status == ExitCase.Status.REFUSED


@pytest.mark.parametrize("second", [True, False])
def test_exit_case_decided_twice_is_refused(case, office, second):
    services.exit_case_decide(case, accepted=True, decision_date=DECIDED, user=office)
    with pytest.raises(TransitionNotAllowed):
        services.exit_case_decide(
            case, accepted=second, decision_date=DECIDED, user=office
        )


def test_exit_case_by_non_office_is_denied(mandate, case, member, deputy):
    with pytest.raises(PermissionDenied):
        services.exit_case_open(
            mandate, kind=ExitKind.RECALL, reason="罢免", user=member
        )
    with pytest.raises(PermissionDenied):
        services.exit_case_decide(
            case, accepted=True, decision_date=DECIDED, user=deputy
        )
    mandate.refresh_from_db()
    assert mandate.status == MandateStatus.SERVING


def test_exit_case_open_refuses_an_ended_mandate_and_a_second_case(
    case, mandate, office
):
    with pytest.raises(DomainError):
        services.exit_case_open(
            mandate, kind=ExitKind.RECALL, reason="罢免", user=office
        )
    services.exit_case_decide(case, accepted=True, decision_date=DECIDED, user=office)
    with pytest.raises(TransitionNotAllowed):
        services.exit_case_open(
            mandate, kind=ExitKind.RECALL, reason="罢免", user=office
        )


def test_exit_case_decision_date_in_the_future_is_refused(case, office):
    with pytest.raises(DomainError):
        services.exit_case_decide(
            case,
            accepted=True,
            decision_date=TODAY + datetime.timedelta(days=1),
            user=office,
        )


def test_exits_count_by_kind_for_a_year(office):
    for kind, accepted in [
        (ExitKind.VOLUNTARY_RESIGNATION, True),
        (ExitKind.VOLUNTARY_RESIGNATION, True),
        (ExitKind.PERSUADED_TO_RESIGN, True),
        (ExitKind.ORDERED_TO_RESIGN, False),
    ]:
        case = services.exit_case_open(
            MandateFactory(), kind=kind, reason="原因", user=office
        )
        services.exit_case_decide(
            case, accepted=accepted, decision_date=DECIDED, user=office
        )
    counts = ExitCase.objects.accepted_in(2026).counts_by_kind()
    assert counts[ExitKind.VOLUNTARY_RESIGNATION] == 2
    assert counts[ExitKind.PERSUADED_TO_RESIGN] == 1
    assert counts[ExitKind.ORDERED_TO_RESIGN] == 0
    assert sum(ExitCase.objects.accepted_in(2025).counts_by_kind().values()) == 0


# Reports to voters (述职) ----------------------------------------------------


def _report(deputy, user, **values):
    return services.voter_report_record(
        deputy,
        date=values.pop("date", DECIDED),
        place="城关镇第三选区",
        voters_present=values.pop("voters_present", 56),
        assessment="选民提问三个",
        user=user,
        **values,
    )


def test_voter_report_enters_the_performance_file(mandate, office):
    report = _report(mandate.deputy, office, rating=VoterAppraisal.COMPETENT)
    record = PerformanceRecord.objects.get(deputy=mandate.deputy)
    assert record.kind == ActivityKind.REPORT_TO_VOTERS
    assert record.status == RecordStatus.CONFIRMED
    assert (record.source_id, record.date) == (report.pk, DECIDED)
    assert not Notification.objects.filter(
        kind="deputies.voter_report_dissatisfied"
    ).exists()


def test_voter_report_incompetent_notifies_office(mandate, office, member):
    report = _report(mandate.deputy, office, rating=VoterAppraisal.INCOMPETENT)
    notice = Notification.objects.get(kind="deputies.voter_report_dissatisfied")
    assert notice.recipient == office
    assert notice.object_id == report.pk
    assert notice.params["deputy"] == mandate.deputy.name


def test_voter_report_by_non_office_is_denied(mandate, deputy):
    with pytest.raises(PermissionDenied):
        _report(mandate.deputy, deputy)
    assert not VoterReport.objects.exists()


@pytest.mark.parametrize(
    "values",
    [{"date": TODAY + datetime.timedelta(days=1)}, {"voters_present": -1}],
)
def test_voter_report_bad_values_are_refused(mandate, office, values):
    with pytest.raises(DomainError):
        _report(mandate.deputy, office, **values)
    assert not PerformanceRecord.objects.exists()
