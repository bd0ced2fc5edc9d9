"""The deputy's pages: drafting with co-signers and attachments, co-signing,
submitting, rating (form and signed link), urging, and who may use them."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from congress import rules
from congress.models import Attachment, Meeting
from congress.roles import Role
from proposals import services, workflow
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Proposal,
    ProposalStatus,
    Rating,
    Reply,
    ReplyStatus,
    Signer,
    SignerStatus,
    Urge,
)
from tests.factories.congress import (
    MeetingFactory,
    OrganizationFactory,
    TermFactory,
    UserFactory,
)
from tests.factories.deputies import DeputyFactory, MandateFactory
from tests.factories.proposals import ProposalFactory

pytestmark = pytest.mark.django_db

A = AssignmentStatus
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english(client):
    # Messages are matched on their English msgids.
    client.cookies["django_language"] = "en"


@pytest.fixture
def term(db):
    return TermFactory()


def _serving(user, term, **fields):
    deputy = DeputyFactory(user=user, **fields)
    MandateFactory(deputy=deputy, term=term)
    return deputy


@pytest.fixture
def me(deputy, term):
    return _serving(deputy, term, name="张代表")


@pytest.fixture
def colleague(other_deputy, term):
    return _serving(other_deputy, term, name="李代表")


@pytest.fixture
def draft(me, term):
    return ProposalFactory(lead_deputy=me, term=term)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _replied(proposal, organization, *, round_=1) -> Assignment:
    """A lead assignment whose signed reply awaits rating."""
    assignment = Assignment.objects.create(
        proposal=proposal,
        organization=organization,
        role=AssignmentRole.LEAD,
        status=A.REPLIED,
        assigned_on=datetime.date(2026, 3, 2),
        due_date=datetime.date(2026, 6, 2),
        round=round_,
    )
    Reply.objects.create(
        assignment=assignment,
        round=round_,
        text="已列入明年道路硬化计划。",
        reference_number="县交〔2026〕12号",
        category="B",
        signer="王局长",
        contact="李科长 13900000000",
        status=ReplyStatus.APPROVED,
    )
    return assignment


@pytest.fixture
def assigned(draft):
    draft.status, draft.number = ProposalStatus.ASSIGNED, 1
    draft.save()
    return draft


# Drafting, co-signing and submitting -----------------------------------------------


def test_deputy_drafts_with_attachment_cosigner_confirms_and_lead_submits(
    client, deputy, other_deputy, me, colleague
):
    client.force_login(deputy)
    response = client.post(
        reverse("proposals:deputy_create"),
        {
            "do": "save",
            "kind": "suggestion",
            "period": "recess",
            "title": "关于修缮村道的建议",
            "body": "村道破损严重。",
            "cosigners": [colleague.pk],
            "attachments": [SimpleUploadedFile("现场照片说明.pdf", PDF)],
        },
    )
    proposal = Proposal.objects.get(title="关于修缮村道的建议")
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.lead_deputy == me
    attachment = Attachment.objects.get(object_id=proposal.pk)
    assert attachment.original_name == "现场照片说明.pdf"
    assert proposal.signers.get().status == SignerStatus.INVITED

    client.force_login(other_deputy)
    page = client.get(reverse("proposals:deputy_list")).content.decode()
    assert f'data-testid="cosign-{proposal.pk}"' in page
    client.post(
        reverse("proposals:deputy_cosign", args=[proposal.pk]), {"answer": "confirm"}
    )
    assert proposal.signers.get().status == SignerStatus.CONFIRMED

    client.force_login(deputy)
    confirm_page = client.get(reverse("proposals:deputy_submit", args=[proposal.pk]))
    assert confirm_page.status_code == 200
    client.post(reverse("proposals:deputy_submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_refused_attachment_keeps_nothing(client, deputy, me):
    client.force_login(deputy)
    response = client.post(
        reverse("proposals:deputy_create"),
        {
            "do": "save",
            "kind": "suggestion",
            "period": "recess",
            "title": "关于路灯的建议",
            "body": "路灯不亮。",
            "attachments": [SimpleUploadedFile("a.exe", b"MZ\x90\x00\x03\x00")],
        },
    )
    assert response.status_code == 200
    assert 'data-testid="field-error"' in response.content.decode()
    assert not Proposal.objects.exists()


def test_recess_motion_is_refused_with_the_service_message(client, deputy, me):
    client.force_login(deputy)
    response = client.post(
        reverse("proposals:deputy_create"),
        {
            "do": "save",
            "kind": "motion",
            "period": "recess",
            "title": "关于制定条例的议案",
            "body": "……",
        },
    )
    assert response.status_code == 200
    assert "Motions are submitted only during a session" in response.content.decode()
    assert not Proposal.objects.exists()


def test_find_narrows_cosigners_and_keeps_what_was_typed(
    client, deputy, me, colleague, term
):
    _serving(UserFactory(roles=[Role.DEPUTY]), term, name="王代表")
    client.force_login(deputy)
    response = client.post(
        reverse("proposals:deputy_create"),
        {"do": "find", "find": "李", "title": "半成品标题", "kind": "suggestion"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "李代表" in page
    assert "王代表" not in page
    assert "半成品标题" in page
    assert "张代表" not in page  # never myself
    assert not Proposal.objects.exists()


def test_cosigner_list_offers_serving_deputies_with_a_login_only(
    client, deputy, me, colleague, term
):
    DeputyFactory(name="无账号代表")  # no login, no mandate
    MandateFactory(deputy=DeputyFactory(name="无账号代表二"), term=term)
    client.force_login(deputy)
    page = client.get(reverse("proposals:deputy_create")).content.decode()
    assert "李代表" in page
    assert "无账号代表" not in page


def test_session_motion_can_be_drafted(client, deputy, me, term):
    session = MeetingFactory(
        term=term,
        kind=Meeting.Kind.CONGRESS_SESSION,
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
    )
    client.force_login(deputy)
    client.post(
        reverse("proposals:deputy_create"),
        {
            "do": "save",
            "kind": "motion",
            "period": "session",
            "meeting": session.pk,
            "title": "关于制定条例的议案",
            "body": "……",
        },
    )
    proposal = Proposal.objects.get()
    assert (proposal.kind, proposal.meeting) == ("motion", session)


def test_lead_edits_the_draft_and_invites_more(client, deputy, draft, colleague):
    client.force_login(deputy)
    response = client.post(
        reverse("proposals:deputy_edit", args=[draft.pk]),
        {
            "do": "save",
            "kind": "suggestion",
            "period": "recess",
            "title": "新标题",
            "body": draft.body,
            "cosigners": [colleague.pk],
        },
    )
    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.title == "新标题"
    assert draft.signers.get().deputy == colleague


def test_submitted_item_cannot_be_edited(client, deputy, draft):
    services.proposal_submit(draft, user=deputy)
    client.force_login(deputy)
    response = client.get(reverse("proposals:deputy_edit", args=[draft.pk]))
    assert response.status_code == 302
    assert "can no longer be changed" in _messages(response)[0]


def test_motion_with_too_few_signers_is_refused_and_nothing_changes(
    client, deputy, me, colleague, term
):
    session = MeetingFactory(
        term=term,
        kind=Meeting.Kind.CONGRESS_SESSION,
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
    )
    motion = ProposalFactory(
        lead_deputy=me, term=term, kind="motion", period="session", meeting=session
    )
    Signer.objects.create(proposal=motion, deputy=colleague, status="confirmed")
    client.force_login(deputy)
    url = reverse("proposals:deputy_submit", args=[motion.pk])
    confirm_page = client.get(url).content.decode()
    assert "at least 10 deputies, you included; 2 have confirmed" in confirm_page

    response = client.post(url, follow=True)
    motion.refresh_from_db()
    assert motion.status == ProposalStatus.DRAFT
    assert motion.submitted_at is None
    assert (
        "A motion needs at least 10 deputies, the lead deputy included; it has 2."
        in response.content.decode()
    )


def test_cosigner_declines_from_the_proposal_page(client, other_deputy, draft):
    Signer.objects.create(proposal=draft, deputy=DeputyFactory(user=other_deputy))
    client.force_login(other_deputy)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="cosign-decline"' in page
    client.post(
        reverse("proposals:deputy_cosign", args=[draft.pk]),
        {"answer": "decline", "next": draft.get_absolute_url()},
    )
    assert draft.signers.get().status == SignerStatus.DECLINED


def test_lead_withdraws_a_submitted_item(client, deputy, draft):
    services.proposal_submit(draft, user=deputy)
    client.force_login(deputy)
    url = reverse("proposals:deputy_withdraw", args=[draft.pk])
    assert "cannot be submitted again" in client.get(url).content.decode()
    client.post(url, {"reason": "已另行反映"})
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.WITHDRAWN


def test_withdrawing_a_draft_is_refused_with_a_message(client, deputy, draft):
    client.force_login(deputy)
    response = client.post(reverse("proposals:deputy_withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT
    assert "This step is not allowed" in _messages(response)[0]


# The actions partial on the proposal page --------------------------------------


def test_lead_sees_edit_and_submit_on_a_draft(client, deputy, draft):
    client.force_login(deputy)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="deputy-edit"' in page
    assert 'data-testid="deputy-submit"' in page
    assert 'data-testid="deputy-withdraw"' not in page


def test_other_users_see_no_deputy_actions(client, office, assigned):
    client.force_login(office)
    page = client.get(assigned.get_absolute_url()).content.decode()
    assert 'data-testid="deputy-actions"' not in page


def test_lead_sees_rate_and_urge_buttons(client, deputy, assigned, liaison_a):
    replied = _replied(assigned, liaison_a.organization)
    open_ = Assignment.objects.create(
        proposal=assigned,
        organization=OrganizationFactory(name="协办测试局"),
        role=AssignmentRole.CO,
        assigned_on=datetime.date(2026, 3, 2),
        due_date=datetime.date(2026, 6, 2),
    )
    client.force_login(deputy)
    page = client.get(assigned.get_absolute_url()).content.decode()
    assert f'data-testid="deputy-rate-{replied.pk}"' in page
    assert f'data-testid="deputy-urge-{open_.pk}"' in page
    assert f'data-testid="deputy-urge-{replied.pk}"' not in page


# Rating ------------------------------------------------------------------------


def test_lead_rates_through_the_form(client, deputy, assigned, liaison_a):
    assignment = _replied(assigned, liaison_a.organization)
    client.force_login(deputy)
    url = reverse("proposals:deputy_rate", args=[assignment.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="choices-attitude"' in page
    client.post(
        url, {"attitude": "satisfied", "result": "basically_satisfied", "comment": "好"}
    )
    rating = Rating.objects.get()
    assert (rating.attitude, rating.result, rating.comment) == (
        "satisfied",
        "basically_satisfied",
        "好",
    )
    assignment.refresh_from_db()
    assert assignment.status == A.DONE


def test_rating_without_a_choice_shows_the_form_again(
    client, deputy, assigned, liaison_a
):
    assignment = _replied(assigned, liaison_a.organization)
    client.force_login(deputy)
    response = client.post(
        reverse("proposals:deputy_rate", args=[assignment.pk]), {"attitude": "x"}
    )
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not Rating.objects.exists()


def test_rating_twice_is_refused_with_a_message(client, deputy, assigned, liaison_a):
    assignment = _replied(assigned, liaison_a.organization)
    services.rating_submit(
        assignment, user=deputy, attitude="satisfied", result="satisfied"
    )
    client.force_login(deputy)
    url = reverse("proposals:deputy_rate", args=[assignment.pk])
    assert 'data-testid="not-awaiting"' in client.get(url).content.decode()
    response = client.post(url, {"attitude": "satisfied", "result": "satisfied"})
    assert response.status_code == 302
    assert _messages(response)
    assert Rating.objects.count() == 1


def test_cosigner_may_not_rate_by_default(client, other_deputy, assigned, liaison_a):
    assignment = _replied(assigned, liaison_a.organization)
    Signer.objects.create(
        proposal=assigned, deputy=DeputyFactory(user=other_deputy), status="confirmed"
    )
    client.force_login(other_deputy)
    url = reverse("proposals:deputy_rate", args=[assignment.pk])
    assert client.get(url).status_code == 403


def test_cosigner_rates_when_the_rule_says_so(
    client, other_deputy, assigned, liaison_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rules.rule_set(workflow.COSIGNERS_RATE.key, True)
    assignment = _replied(assigned, liaison_a.organization)
    Signer.objects.create(
        proposal=assigned, deputy=DeputyFactory(user=other_deputy), status="confirmed"
    )
    client.force_login(other_deputy)
    page = client.get(reverse("proposals:deputy_list")).content.decode()
    assert f'data-testid="rate-{assignment.pk}"' in page
    client.post(
        reverse("proposals:deputy_rate", args=[assignment.pk]),
        {"attitude": "satisfied", "result": "dissatisfied"},
    )
    assert Rating.objects.get().deputy.user == other_deputy
    assignment.refresh_from_db()
    assert assignment.status == A.REPLIED  # only the lead's rating decides


def test_lead_rates_through_the_signed_link_prefilled(
    client, deputy, assigned, liaison_a
):
    assignment = _replied(assigned, liaison_a.organization)
    token = services.rating_link(assignment, assigned.lead_deputy)
    url = reverse("proposals:deputy_rate_link", args=[token])
    client.force_login(deputy)
    page = client.get(url + "?result=satisfied").content.decode()
    assert (
        'value="satisfied" class="btn-check" id="id_result_0" required checked' in page
    )
    client.post(url, {"attitude": "satisfied", "result": "satisfied"})
    assert Rating.objects.get().assignment == assignment


def test_tampered_link_shows_the_service_message(client, deputy, assigned, liaison_a):
    assignment = _replied(assigned, liaison_a.organization)
    token = services.rating_link(assignment, assigned.lead_deputy)
    client.force_login(deputy)
    response = client.get(
        reverse("proposals:deputy_rate_link", args=[token[:-2] + "xx"])
    )
    assert response.status_code == 400
    assert "The link is not valid." in response.content.decode()


def test_another_deputy_cannot_use_my_link(
    client, other_deputy, colleague, assigned, liaison_a
):
    assignment = _replied(assigned, liaison_a.organization)
    token = services.rating_link(assignment, assigned.lead_deputy)
    client.force_login(other_deputy)
    url = reverse("proposals:deputy_rate_link", args=[token])
    assert client.get(url).status_code == 404
    response = client.post(url, {"attitude": "satisfied", "result": "satisfied"})
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_rating_link_requires_login(client, assigned, liaison_a):
    assignment = _replied(assigned, liaison_a.organization)
    token = services.rating_link(assignment, assigned.lead_deputy)
    url = reverse("proposals:deputy_rate_link", args=[token])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Urging ------------------------------------------------------------------------


def test_urging_twice_too_soon_is_refused_with_a_message(
    client, deputy, assigned, liaison_a
):
    assignment = Assignment.objects.create(
        proposal=assigned,
        organization=liaison_a.organization,
        role=AssignmentRole.LEAD,
        status=A.ACCEPTED,
        assigned_on=datetime.date(2026, 3, 2),
        due_date=datetime.date(2026, 6, 2),
    )
    client.force_login(deputy)
    url = reverse("proposals:deputy_urge", args=[assignment.pk])
    assert "again after 3 days" in client.get(url).content.decode()
    first = client.post(url, {"note": "请尽快答复"})
    assert "was urged" in _messages(first)[0]
    second = client.post(url)
    assert "you may urge it again" in _messages(second)[-1]
    assert Urge.objects.count() == 1


# Who may use the pages ---------------------------------------------------------


def _deputy_urls(proposal, assignment_pk=1) -> list[str]:
    return [
        reverse("proposals:deputy_list"),
        reverse("proposals:deputy_create"),
        reverse("proposals:deputy_edit", args=[proposal.pk]),
        reverse("proposals:deputy_submit", args=[proposal.pk]),
        reverse("proposals:deputy_withdraw", args=[proposal.pk]),
        reverse("proposals:deputy_cosign", args=[proposal.pk]),
        reverse("proposals:deputy_rate", args=[assignment_pk]),
        reverse("proposals:deputy_urge", args=[assignment_pk]),
        reverse("proposals:deputy_rate_link", args=["x"]),
    ]


def test_another_deputy_cannot_see_or_change_my_draft(
    client, other_deputy, colleague, draft
):
    client.force_login(other_deputy)
    for name in ("deputy_edit", "deputy_submit", "deputy_withdraw", "deputy_cosign"):
        url = reverse(f"proposals:{name}", args=[draft.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"answer": "confirm"}).status_code == 404, name
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT


def test_confirmed_cosigner_cannot_edit_the_leads_draft(
    client, other_deputy, colleague, draft
):
    Signer.objects.create(proposal=draft, deputy=colleague, status="confirmed")
    client.force_login(other_deputy)
    assert (
        client.get(reverse("proposals:deputy_edit", args=[draft.pk])).status_code == 403
    )


def test_another_deputy_cannot_rate_or_urge_my_assignment(
    client, other_deputy, colleague, assigned, liaison_a
):
    assignment = _replied(assigned, liaison_a.organization)
    client.force_login(other_deputy)
    for name in ("deputy_rate", "deputy_urge"):
        url = reverse(f"proposals:{name}", args=[assignment.pk])
        assert client.get(url).status_code == 404, name


def test_organisation_user_gets_403(client, liaison_a, draft):
    client.force_login(liaison_a)
    for url in _deputy_urls(draft):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_login(client, draft):
    for url in _deputy_urls(draft):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_deputy_without_a_file_gets_a_friendly_page(client, deputy):
    client.force_login(deputy)
    for url in (
        reverse("proposals:deputy_list"),
        reverse("proposals:deputy_create"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert 'data-testid="no-deputy"' in response.content.decode()


# Query counts ------------------------------------------------------------------


def _my_rows(me, colleague, liaison_a, count: int) -> None:
    for n in range(count):
        led = ProposalFactory(lead_deputy=me, status="assigned", number=n + 1)
        _replied(led, liaison_a.organization)
        cosigned = ProposalFactory(lead_deputy=colleague)
        Signer.objects.create(proposal=cosigned, deputy=me, status="confirmed")
        invited = ProposalFactory(lead_deputy=colleague)
        Signer.objects.create(proposal=invited, deputy=me)


@pytest.mark.parametrize("rows", [3, 6])
def test_deputy_list_makes_a_fixed_number_of_queries(
    client, deputy, me, colleague, liaison_a, django_assert_num_queries, rows
):
    _my_rows(me, colleague, liaison_a, rows)
    client.force_login(deputy)
    client.get(reverse("proposals:deputy_list"))  # warms the rules cache
    # 1 session, 2 user, 3 user's groups (role check), 4 user's deputy,
    # 5 ids of the items I lead or co-signed, 6 count of my items (paginator),
    # 7 unread notices (navigation bar), 8 co-signing requests, 9 replies to
    # rate, 10 the page of my items, 11 their current assignments with
    # organisations.
    with django_assert_num_queries(11):
        response = client.get(reverse("proposals:deputy_list"))
    page = response.content.decode()
    assert len(re.findall(r'data-testid="cosign-\d+"', page)) == rows
    assert len(re.findall(r'data-testid="rate-\d+"', page)) == rows
    assert len(re.findall(r'data-testid="proposal-\d+"', page)) == 2 * rows
