"""Motions after the presidium's decision: a motion on the agenda is referred
to a special committee, reported on and ends in a resolution or decision; a
motion handled as a suggestion follows the suggestion workflow."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from congress import rules
from congress.exceptions import DomainError, TransitionNotAllowed
from congress.models import Meeting, Notification, Organization
from proposals import services, workflow
from proposals.models import (
    MotionReview,
    Period,
    PresidiumDecision,
    Proposal,
    ProposalEvent,
    ProposalKind,
    ProposalStatus,
)
from tests.factories.congress import (
    MeetingFactory,
    OrganizationFactory,
    TermFactory,
    UserFactory,
)
from tests.factories.deputies import DeputyFactory, MandateFactory
from tests.factories.proposals import (
    CategoryFactory,
    DeputyWithLoginFactory,
    ProposalFactory,
)
from tests.factories.proposals import rated as rated_builder

pytestmark = pytest.mark.django_db
P, MR = ProposalStatus, MotionReview.Status
DAY = datetime.date(2026, 1, 20)


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def term(db):
    return TermFactory()


@pytest.fixture
def committee(db):
    return OrganizationFactory(
        name="测试法制委员会", kind=Organization.Kind.SPECIAL_COMMITTEE
    )


@pytest.fixture
def lead(term):
    lead = DeputyWithLoginFactory(name="林领衔")
    MandateFactory(deputy=lead, term=term)
    return lead


def _motion(office, lead, term, decision: str) -> Proposal:
    """A motion entered from paper, reviewed, decided on and numbered."""
    rules.rule_set(workflow.MOTION_MIN_SIGNERS.key, 2)
    today = timezone.localdate()
    session = MeetingFactory(
        term=term,
        kind=Meeting.Kind.CONGRESS_SESSION,
        number=3,
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=1),
    )
    cosigner = DeputyFactory()
    MandateFactory(deputy=cosigner, term=term)
    motion = services.proposal_register_paper(
        lead_deputy=lead,
        kind=ProposalKind.MOTION,
        title="关于加强饮用水水源地保护的议案",
        body="水源保护区内仍有零散养殖。",
        period=Period.SESSION,
        meeting=session,
        category=None,
        cosigners=[cosigner],
        user=office,
    )
    services.proposal_register(motion, user=office, category=CategoryFactory())
    services.motion_decide(motion, decision=decision, user=office)
    (motion,) = services.proposals_number([motion], user=office)
    return motion


@pytest.fixture
def on_agenda(office, lead, term):
    return _motion(office, lead, term, PresidiumDecision.ON_AGENDA)


def _walk_to_report(motion, office, committee) -> MotionReview:
    review = services.motion_refer(
        motion, committee=committee, referred_on=DAY, user=office
    )
    return services.motion_report(
        review,
        report="委员会经审议认为议案可行，建议作出决议。",
        reported_on=DAY + datetime.timedelta(days=10),
        user=office,
    )


def _events(motion) -> list[str]:
    return list(
        ProposalEvent.objects.filter(proposal=motion)
        .order_by("pk")
        .values_list("type", flat=True)
    )


# The agenda path -----------------------------------------------------------------


def test_motion_on_the_agenda_ends_in_a_resolution_and_closes(
    on_agenda, office, committee, lead
):
    review = _walk_to_report(on_agenda, office, committee)
    services.motion_resolve(
        review,
        outcome="resolution",
        title="关于加强饮用水水源地保护的决议",
        adopted_on=DAY + datetime.timedelta(days=20),
        user=office,
    )
    review.refresh_from_db()
    on_agenda.refresh_from_db()
    assert (review.status, review.outcome) == (MR.RESOLVED, "resolution")
    assert on_agenda.status == P.CLOSED
    assert _events(on_agenda)[-3:] == [
        "proposals.motion_committee",
        "proposals.motion_reported",
        "proposals.motion_resolved",
    ]
    kinds = Notification.objects.filter(recipient=lead.user).values_list(
        "kind", flat=True
    )
    assert {"proposals.motion_committee", "proposals.motion_resolved"} <= set(kinds)


def test_motion_on_the_agenda_is_not_assigned(on_agenda, office):
    with pytest.raises(DomainError, match="special committee, not assigned"):
        services.proposals_assign(
            [on_agenda],
            lead=OrganizationFactory(),
            assigned_on=DAY,
            user=office,
        )
    on_agenda.refresh_from_db()
    assert on_agenda.status == P.REGISTERED


def test_resolution_before_the_report_is_refused(on_agenda, office, committee):
    review = services.motion_refer(
        on_agenda, committee=committee, referred_on=DAY, user=office
    )
    with pytest.raises(TransitionNotAllowed):
        services.motion_resolve(
            review, outcome="decision", title="决定", adopted_on=DAY, user=office
        )
    on_agenda.refresh_from_db()
    assert on_agenda.status == P.REGISTERED


def test_referral_to_a_working_body_is_refused(on_agenda, office):
    working_body = OrganizationFactory(kind=Organization.Kind.WORKING_BODY)
    with pytest.raises(DomainError, match="special committee"):
        services.motion_refer(
            on_agenda, committee=working_body, referred_on=DAY, user=office
        )
    assert not MotionReview.objects.exists()


def test_a_motion_is_referred_once(on_agenda, office, committee):
    services.motion_refer(on_agenda, committee=committee, referred_on=DAY, user=office)
    with pytest.raises(TransitionNotAllowed, match="already"):
        services.motion_refer(
            on_agenda, committee=committee, referred_on=DAY, user=office
        )


def test_only_office_staff_refer(on_agenda, committee, lead):
    with pytest.raises(PermissionDenied):
        services.motion_refer(
            on_agenda, committee=committee, referred_on=DAY, user=lead.user
        )


def test_report_without_text_is_refused(on_agenda, office, committee):
    review = services.motion_refer(
        on_agenda, committee=committee, referred_on=DAY, user=office
    )
    with pytest.raises(DomainError, match="deliberation report"):
        services.motion_report(review, report=" ", reported_on=DAY, user=office)


# The suggestion path ---------------------------------------------------------------


def test_motion_handled_as_a_suggestion_follows_the_suggestion_workflow(
    office, lead, term, committee
):
    motion = _motion(office, lead, term, PresidiumDecision.CONVERTED)
    assert motion.kind == ProposalKind.SUGGESTION
    with pytest.raises(DomainError, match="put on the agenda"):
        services.motion_refer(motion, committee=committee, referred_on=DAY, user=office)
    assignment = rated_builder(proposal=motion)
    proposal = services.proposal_close(motion, user=office)
    assert assignment.status == "done"
    assert proposal.status == P.CLOSED


# Screens -------------------------------------------------------------------------


def _office_client(client, office):
    client.force_login(office)
    return client


def test_office_walks_the_agenda_path_through_its_screens(
    client, office, on_agenda, committee
):
    client.force_login(office)
    page = client.get(reverse("proposals:office_motions")).content.decode()
    assert f'data-testid="refer-{on_agenda.pk}"' in page
    client.post(
        reverse("proposals:office_motion_refer", args=[on_agenda.pk]),
        {"committee": committee.pk, "referred_on": "2026-01-20"},
    )
    review = MotionReview.objects.get(proposal=on_agenda)
    client.post(
        reverse("proposals:office_motion_report", args=[review.pk]),
        {"report": "建议作出决议。", "reported_on": "2026-02-01"},
    )
    client.post(
        reverse("proposals:office_motion_resolve", args=[review.pk]),
        {
            "outcome": "resolution",
            "title": "关于水源地保护的决议",
            "adopted_on": "2026-02-10",
            "text": "",
        },
    )
    on_agenda.refresh_from_db()
    assert on_agenda.status == P.CLOSED
    detail = client.get(on_agenda.get_absolute_url()).content.decode()
    assert 'data-testid="motion-outcome"' in detail
    assert "关于水源地保护的决议" in detail


def test_lead_deputy_reads_the_resolution_on_the_proposal_page(
    client, office, on_agenda, committee, lead
):
    review = _walk_to_report(on_agenda, office, committee)
    services.motion_resolve(
        review,
        outcome="decision",
        title="关于水源的决定",
        adopted_on=DAY + datetime.timedelta(days=30),
        user=office,
    )
    client.force_login(lead.user)
    page = client.get(on_agenda.get_absolute_url()).content.decode()
    assert "关于水源的决定" in page


@pytest.mark.parametrize("role", ["deputy", "org_liaison", "leader"])
def test_other_roles_cannot_open_the_motion_screens(
    client, role, on_agenda, office, committee
):
    review = services.motion_refer(
        on_agenda, committee=committee, referred_on=DAY, user=office
    )
    client.force_login(UserFactory(roles=[role]))
    for url in (
        reverse("proposals:office_motions"),
        reverse("proposals:office_motion_refer", args=[on_agenda.pk]),
        reverse("proposals:office_motion_report", args=[review.pk]),
        reverse("proposals:office_motion_resolve", args=[review.pk]),
    ):
        assert client.get(url).status_code == 403


def _listed_motions(rows: int, committee) -> None:
    """Numbered motions on the agenda, half of them referred (ORM: the page's
    rows are the input here)."""
    for number in range(1, rows + 1):
        motion = ProposalFactory(
            kind=ProposalKind.MOTION,
            period=Period.SESSION,
            status=P.REGISTERED,
            number=number,
            presidium_decision=PresidiumDecision.ON_AGENDA,
        )
        if number % 2:
            MotionReview.objects.create(
                proposal=motion, committee=committee, referred_on=DAY
            )


@pytest.mark.parametrize("rows", [4, 8])
def test_motions_page_query_count(
    client, office, committee, rows, django_assert_num_queries
):
    _listed_motions(rows, committee)
    client.force_login(office)
    url = reverse("proposals:office_motions")
    client.get(url)  # warm the caches
    # 1 session, 2 user, 3 roles, 4 motions with their lead deputy, term,
    # deliberation and committee, 5 unread notices.
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.content.decode().count('data-testid="motion-') == rows
