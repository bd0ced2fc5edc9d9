"""Assignment, acceptance or contest, extensions, contact, replies and their
signing, the office's category check, implementation, and the reply and
promise reminders (proposals.services.handling).

Earlier states (registered, assigned, accepted, replied) are reached through
the services (tests.factories.proposals); assertions see only the events and
notices written after the state was built, so that each test checks one
service.
"""

import datetime
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Max
from django.utils import translation
from django.utils.formats import date_format

from congress import reminders, rules
from congress.exceptions import DomainError, TransitionNotAllowed
from congress.models import Attachment, Notification, Organization
from congress.roles import Role
from proposals import services, workflow
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Contact,
    ExtensionRequest,
    ImplementationStatus,
    ProposalEvent,
    ProposalStatus,
    Reply,
    ReplyStatus,
    Signer,
    SignerStatus,
)
from proposals.services import handling
from tests.factories import proposals as build
from tests.factories.congress import OrganizationFactory, UserFactory
from tests.factories.deputies import DeputyFactory

A = AssignmentStatus
ASSIGNED_ON = datetime.date(2026, 6, 1)  # a Monday
DUE = datetime.date(2026, 9, 1)  # three months later, a Tuesday
TODAY = datetime.date(2026, 6, 10)


# What the builders wrote on the way (events, notices) is not what a test
# checks: assertions see only rows written after the state was built.
_BUILT = {"event": 0, "notice": 0}


@pytest.fixture(autouse=True)
def _nothing_built_yet():
    _BUILT.update(event=0, notice=0)


def _built(value):
    _BUILT["event"] = ProposalEvent.objects.aggregate(m=Max("pk"))["m"] or 0
    _BUILT["notice"] = Notification.objects.aggregate(m=Max("pk"))["m"] or 0
    return value


def _events():
    return ProposalEvent.objects.filter(pk__gt=_BUILT["event"])


def _registered(**fields):
    """Registered and numbered, ready to be assigned (through the services)."""
    return _built(build.numbered(**fields))


def _assignment(organization, *, status=A.ACCEPTED, **fields):
    """A lead assignment in `status`, reached through the services."""
    return _built(build.assignment_in(status, organization, **fields))


def _reply(assignment, **fields):
    options = {
        "round": assignment.round,
        "text": "该路段已列入今年道路硬化计划，预计十月完工。",
        "reference_number": "县交〔2026〕12号",
        "category": "A",
        "signer": "王局长",
        "contact": "李科长 13900000000",
        **fields,
    }
    return Reply.objects.create(assignment=assignment, **options)


def _signed(assignment):
    """The reply the builder drafted and the head signed (category A)."""
    return assignment.replies.get(round=assignment.round)


def _reply_fields(**changes):
    return {
        "text": "该路段已列入今年道路硬化计划。",
        "reference_number": "县交〔2026〕12号",
        "category": "A",
        "signer": "王局长",
        "contact": "李科长 13900000000",
        **changes,
    }


def _notices(user, kind):
    return Notification.objects.filter(
        pk__gt=_BUILT["notice"], recipient=user, kind=kind
    ).count()


def _no_event():
    return not _events().exists()


@pytest.fixture(autouse=True)
def _english():
    # Refusals are matched on their English msgids.
    with translation.override("en"):
        yield


@pytest.fixture
def org_a(liaison_a):
    return liaison_a.organization


@pytest.fixture
def org_b(liaison_b):
    return liaison_b.organization


@pytest.fixture
def head_a(org_a):
    return UserFactory(username="t_head_a", roles=[Role.ORG_HEAD], organization=org_a)


@pytest.fixture
def hub_liaison(db):
    hub = OrganizationFactory(
        name="县政府办公室", kind=Organization.Kind.GOVERNMENT_OFFICE
    )
    return UserFactory(username="t_hub", roles=[Role.ORG_LIAISON], organization=hub)


@pytest.fixture
def court():
    return OrganizationFactory(name="县人民法院", kind=Organization.Kind.COURT)


# Assign (交办) -----------------------------------------------------------------


def test_assign_creates_lead_and_co_assignments(office, org_a, org_b):
    proposal = _registered()

    created = services.proposals_assign(
        [proposal], lead=org_a, co=[org_b], assigned_on=ASSIGNED_ON, user=office
    )

    lead, co = created
    assert (lead.organization, lead.role) == (org_a, AssignmentRole.LEAD)
    assert (co.organization, co.role) == (org_b, AssignmentRole.CO)
    assert {a.due_date for a in created} == {DUE}
    assert {a.status for a in created} == {A.ASSIGNED}
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ASSIGNED
    assert _events().get().type == "proposals.assigned"


def test_assign_notifies_each_organisations_liaisons(
    office, liaison_a, liaison_b, org_a, org_b
):
    services.proposals_assign(
        [_registered()], lead=org_a, co=[org_b], assigned_on=ASSIGNED_ON, user=office
    )

    assert _notices(liaison_a, "proposals.assigned") == 1
    assert _notices(liaison_b, "proposals.assigned") == 1


def test_assign_hard_case_gets_the_longer_period(office, org_a):
    (assignment,) = services.proposals_assign(
        [_registered()],
        lead=org_a,
        assigned_on=ASSIGNED_ON,
        user=office,
        hard_case=True,
    )

    assert assignment.due_date == datetime.date(2026, 12, 1)


def test_assign_due_date_moves_past_the_spring_festival(office, org_a):
    # 8 February 2027 is in the Spring Festival holiday; 2027 is not in the
    # package yet, so the calendar's statutory fallback decides.
    (assignment,) = services.proposals_assign(
        [_registered()], lead=org_a, assigned_on=datetime.date(2026, 11, 8), user=office
    )

    assert assignment.due_date == datetime.date(2027, 2, 11)


def test_assign_due_date_on_a_weekend_moves_to_monday(office, org_a):
    # 20 February 2027 is a Saturday.
    (assignment,) = services.proposals_assign(
        [_registered()],
        lead=org_a,
        assigned_on=datetime.date(2026, 11, 20),
        user=office,
    )

    assert assignment.due_date == datetime.date(2027, 2, 22)


def test_assign_batch_shares_one_due_date(office, org_a):
    shared = datetime.date(2026, 8, 31)

    created = services.proposals_assign(
        [_registered(), _registered()],
        lead=org_a,
        assigned_on=ASSIGNED_ON,
        user=office,
        due_date=shared,
    )

    assert [a.due_date for a in created] == [shared, shared]


@pytest.mark.parametrize("due", [ASSIGNED_ON, datetime.date(2026, 5, 29)])
def test_assign_refuses_a_due_date_not_after_the_assignment(office, org_a, due):
    proposal = _registered()

    with pytest.raises(DomainError, match="after the assignment date"):
        services.proposals_assign(
            [proposal], lead=org_a, assigned_on=ASSIGNED_ON, user=office, due_date=due
        )

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REGISTERED
    assert not Assignment.objects.exists()
    assert _no_event()


def test_assign_refuses_a_due_date_beyond_the_legal_maximum(office, org_a):
    with pytest.raises(DomainError, match="legal maximum"):
        services.proposals_assign(
            [_registered()],
            lead=org_a,
            assigned_on=ASSIGNED_ON,
            user=office,
            due_date=datetime.date(2026, 12, 2),
        )

    assert not Assignment.objects.exists()


def test_assign_refuses_an_item_not_yet_registered(office, org_a):
    proposal = _built(build.submitted())

    with pytest.raises(TransitionNotAllowed):
        services.proposals_assign(
            [proposal], lead=org_a, assigned_on=ASSIGNED_ON, user=office
        )

    assert not Assignment.objects.exists()
    assert _no_event()


def test_assign_refuses_the_whole_batch_when_one_item_has_no_number(office, org_a):
    numbered = _registered()
    unnumbered = _built(build.registered())

    with pytest.raises(DomainError, match="no number"):
        services.proposals_assign(
            [numbered, unnumbered], lead=org_a, assigned_on=ASSIGNED_ON, user=office
        )

    numbered.refresh_from_db()
    assert numbered.status == ProposalStatus.REGISTERED
    assert not Assignment.objects.exists()
    assert _no_event()


def test_assign_refuses_the_same_organisation_twice(office, org_a):
    with pytest.raises(DomainError):
        services.proposals_assign(
            [_registered()],
            lead=org_a,
            co=[org_a],
            assigned_on=ASSIGNED_ON,
            user=office,
        )

    assert not Assignment.objects.exists()


def test_assign_is_for_office_staff_only(liaison_a, org_a):
    with pytest.raises(PermissionDenied):
        services.proposals_assign(
            [_registered()], lead=org_a, assigned_on=ASSIGNED_ON, user=liaison_a
        )

    assert not Assignment.objects.exists()


def test_assign_sends_government_departments_through_the_hub(
    office, org_a, court, hub_liaison
):
    lead, co = services.proposals_assign(
        [_registered()], lead=org_a, co=[court], assigned_on=ASSIGNED_ON, user=office
    )

    assert lead.via_hub == hub_liaison.organization
    assert co.via_hub is None
    assert _notices(hub_liaison, "proposals.assigned") == 1


@pytest.mark.django_db(transaction=True)
def test_two_staff_assigning_at_once_produce_one_assignment_set(
    office, org_a, org_b, monkeypatch
):
    proposal = _registered()
    other_office = UserFactory(username="t_office2", roles=[Role.OFFICE])
    locked = threading.Event()
    original = handling._assign_one

    def assign_one_then_wait_for_the_other(*args, **kwargs):
        # The first caller holds the proposal's row lock here; it goes on only
        # once the other staff member's transaction is waiting for that lock.
        if not locked.is_set():
            locked.set()
            outcomes["waiter_seen"] = _wait_for_a_lock_waiter()
        return original(*args, **kwargs)

    monkeypatch.setattr(handling, "_assign_one", assign_one_then_wait_for_the_other)
    outcomes: dict[str, object] = {}

    def assign(name, user, organization, wait):
        try:
            if wait:
                locked.wait(timeout=10)
            outcomes[name] = services.proposals_assign(
                [proposal], lead=organization, assigned_on=ASSIGNED_ON, user=user
            )
        except Exception as error:
            outcomes[name] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=assign, args=("first", office, org_a, False)),
        threading.Thread(target=assign, args=("second", other_office, org_b, True)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes["waiter_seen"]  # the second really waited for the lock
    assert isinstance(outcomes["first"], list)
    assert isinstance(outcomes["second"], TransitionNotAllowed)
    assert list(Assignment.objects.values_list("organization", flat=True)) == [org_a.pk]
    assert ProposalEvent.objects.filter(type="proposals.assigned").count() == 1


def _wait_for_a_lock_waiter() -> bool:
    """Poll (bounded) until another backend waits for a row lock."""
    from django.db import connections

    with connections["default"].cursor() as cursor:
        for _ in range(500):
            # Statistics are a snapshot per transaction unless cleared.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


# Key suggestions ---------------------------------------------------------------


def test_mark_key_names_and_notifies_the_supervising_leaders(office, leader):
    proposal = _registered()

    services.proposal_mark_key(proposal, leaders=[leader], user=office)

    proposal.refresh_from_db()
    assert proposal.is_key
    assert list(proposal.supervising_leaders.all()) == [leader]
    assert _notices(leader, "proposals.key_supervision") == 1


def test_mark_key_refuses_a_supervisor_who_is_not_a_leader(office, member):
    proposal = _registered()

    with pytest.raises(DomainError):
        services.proposal_mark_key(proposal, leaders=[member], user=office)

    proposal.refresh_from_db()
    assert not proposal.is_key
    assert _no_event()


# Accept, contest, relieve ------------------------------------------------------


def test_accept_by_the_organisations_liaison(liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ASSIGNED)

    services.assignment_accept(assignment, user=liaison_a)

    assignment.refresh_from_db()
    assert assignment.status == A.ACCEPTED
    assert _events().get().type == "proposals.accepted"


def test_accept_refused_for_an_organisation_not_assigned(liaison_b, org_a):
    assignment = _assignment(org_a, status=A.ASSIGNED)

    with pytest.raises(PermissionDenied):
        services.assignment_accept(assignment, user=liaison_b)

    assignment.refresh_from_db()
    assert assignment.status == A.ASSIGNED
    assert _no_event()


def test_accept_by_the_hub_for_a_government_department(hub_liaison, org_a):
    assignment = _assignment(org_a, status=A.ASSIGNED)

    services.assignment_accept(assignment, user=hub_liaison)

    assignment.refresh_from_db()
    assert assignment.status == A.ACCEPTED


def test_accept_refused_when_accepted_already(liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ACCEPTED)

    with pytest.raises(TransitionNotAllowed):
        services.assignment_accept(assignment, user=liaison_a)

    assert _no_event()


CONTEST_ASSIGNED_ON = datetime.date(2026, 6, 5)  # a Friday


def test_contest_on_the_last_working_day_of_the_window(office, liaison_a, org_a):
    # Five working days after Friday 5 June: the weekend does not count, so
    # the window runs to Friday 12 June.
    assignment = _assignment(org_a, status=A.ASSIGNED, assigned_on=CONTEST_ASSIGNED_ON)

    services.assignment_contest(
        assignment,
        user=liaison_a,
        reason="此事属县自然资源局职责。",
        today=datetime.date(2026, 6, 12),
    )

    assignment.refresh_from_db()
    assert assignment.status == A.CONTESTED
    assert _notices(office, "proposals.contested") == 1


def test_contest_after_the_window_names_the_closing_date(liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ASSIGNED, assigned_on=CONTEST_ASSIGNED_ON)

    with pytest.raises(DomainError, match="closed on") as refused:
        services.assignment_contest(
            assignment,
            user=liaison_a,
            reason="此事属县自然资源局职责。",
            today=datetime.date(2026, 6, 15),
        )

    assert date_format(datetime.date(2026, 6, 12)) in str(refused.value)
    assignment.refresh_from_db()
    assert assignment.status == A.ASSIGNED
    assert _no_event()


def test_contest_needs_a_reason(liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ASSIGNED)

    with pytest.raises(DomainError):
        services.assignment_contest(
            assignment, user=liaison_a, reason="  ", today=ASSIGNED_ON
        )

    assert _no_event()


def test_relieve_and_reassign_with_the_same_role_and_due_date(
    office, liaison_a, liaison_b, org_a, org_b
):
    assignment = _assignment(org_a, status=A.CONTESTED)

    relieved, new = services.assignment_relieve(
        assignment, user=office, reassign_to=org_b, today=TODAY
    )

    assert relieved.status == A.WITHDRAWN
    assert (new.organization, new.role, new.due_date) == (
        org_b,
        AssignmentRole.LEAD,
        DUE,
    )
    assert new.assigned_on == TODAY
    assert _notices(liaison_a, "proposals.relieved") == 1
    assert _notices(liaison_b, "proposals.assigned") == 1


def test_relieve_refused_unless_contested(office, org_a):
    assignment = _assignment(org_a, status=A.ACCEPTED)

    with pytest.raises(TransitionNotAllowed):
        services.assignment_relieve(assignment, user=office)

    assignment.refresh_from_db()
    assert assignment.status == A.ACCEPTED
    assert _no_event()


def test_relieve_is_for_office_staff_only(liaison_a, org_a):
    assignment = _assignment(org_a, status=A.CONTESTED)

    with pytest.raises(PermissionDenied):
        services.assignment_relieve(assignment, user=liaison_a)

    assert _no_event()


# Extensions --------------------------------------------------------------------


def test_extension_request_notifies_the_office(office, liaison_a, org_a):
    assignment = _assignment(org_a)

    request = services.extension_request(
        assignment,
        user=liaison_a,
        requested_due=datetime.date(2026, 11, 2),
        reason="需协调省级资金。",
    )

    assert request.status == ExtensionRequest.Status.PENDING
    assert _notices(office, "proposals.extension_requested") == 1


def test_extension_request_refused_beyond_the_legal_maximum(liaison_a, org_a):
    assignment = _assignment(org_a)

    with pytest.raises(DomainError, match="legal maximum"):
        services.extension_request(
            assignment,
            user=liaison_a,
            requested_due=datetime.date(2026, 12, 2),
            reason="需协调省级资金。",
        )

    assert not ExtensionRequest.objects.exists()
    assert _no_event()


def _pending_request(assignment, requested_due=datetime.date(2026, 11, 2)):
    return ExtensionRequest.objects.create(
        assignment=assignment, requested_due=requested_due, reason="需协调资金。"
    )


def test_extension_granted_moves_the_due_date(office, liaison_a, org_a):
    assignment = _assignment(org_a)
    request = _pending_request(assignment)

    services.extension_decide(request, user=office, grant=True)

    assignment.refresh_from_db()
    assert assignment.due_date == datetime.date(2026, 11, 2)
    assert _notices(liaison_a, "proposals.extension_granted") == 1


def test_extension_refused_keeps_the_due_date(office, liaison_a, org_a):
    assignment = _assignment(org_a)
    request = _pending_request(assignment)

    services.extension_decide(request, user=office, grant=False)

    assignment.refresh_from_db()
    request.refresh_from_db()
    assert assignment.due_date == DUE
    assert request.status == ExtensionRequest.Status.REFUSED
    assert _notices(liaison_a, "proposals.extension_refused") == 1


def test_extension_decided_only_once(office, org_a):
    assignment = _assignment(org_a)
    request = _pending_request(assignment)
    services.extension_decide(request, user=office, grant=False)

    with pytest.raises(TransitionNotAllowed):
        services.extension_decide(request, user=office, grant=True)

    assignment.refresh_from_db()
    assert assignment.due_date == DUE


def test_extension_decided_by_office_staff_only(liaison_a, org_a):
    request = _pending_request(_assignment(org_a))

    with pytest.raises(PermissionDenied):
        services.extension_decide(request, user=liaison_a, grant=True)

    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.PENDING


# Contact with the deputy -------------------------------------------------------


def test_contact_recorded_by_the_organisation(liaison_a, org_a):
    assignment = _assignment(org_a)

    contact = services.contact_record(
        assignment,
        user=liaison_a,
        method="meeting",
        date=datetime.date(2026, 6, 8),
        participants="张代表、李科长",
        today=TODAY,
    )

    assert contact.assignment == assignment
    assert _events().get().type == "proposals.contact_recorded"


def test_contact_refused_for_a_future_date(liaison_a, org_a):
    assignment = _assignment(org_a)

    with pytest.raises(DomainError):
        services.contact_record(
            assignment,
            user=liaison_a,
            method="phone",
            date=TODAY + datetime.timedelta(days=1),
            participants="张代表",
            today=TODAY,
        )

    assert not Contact.objects.exists()
    assert _no_event()


def test_contact_refused_for_another_organisation(liaison_b, org_a):
    assignment = _assignment(org_a)

    with pytest.raises(PermissionDenied):
        services.contact_record(
            assignment,
            user=liaison_b,
            method="phone",
            date=TODAY,
            participants="张代表",
            today=TODAY,
        )

    assert not Contact.objects.exists()


# Reply drafts ------------------------------------------------------------------


def test_draft_creates_the_reply_and_asks_the_head_to_sign(liaison_a, head_a, org_a):
    assignment = _assignment(org_a)

    reply = services.reply_draft(assignment, user=liaison_a, **_reply_fields())

    assert (reply.status, reply.round, reply.drafted_by) == (
        ReplyStatus.DRAFT,
        1,
        liaison_a,
    )
    assert _notices(head_a, "proposals.reply_to_sign") == 1


def test_draft_again_updates_the_same_reply(liaison_a, org_a):
    assignment = _assignment(org_a)
    services.reply_draft(assignment, user=liaison_a, **_reply_fields())

    services.reply_draft(
        assignment, user=liaison_a, **_reply_fields(text="修改后的答复。")
    )

    assert Reply.objects.get().text == "修改后的答复。"


def test_draft_keeps_the_signed_letter(liaison_a, org_a):
    assignment = _assignment(org_a)
    letter = SimpleUploadedFile(
        "答复函.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )

    reply = services.reply_draft(
        assignment, user=liaison_a, attachment=letter, **_reply_fields()
    )

    assert Attachment.objects.get().target == reply


def test_draft_of_category_b_needs_the_promised_date(liaison_a, org_a):
    assignment = _assignment(org_a)

    with pytest.raises(DomainError, match="promised"):
        services.reply_draft(assignment, user=liaison_a, **_reply_fields(category="B"))

    assert not Reply.objects.exists()
    assert _no_event()


def test_draft_refused_before_the_assignment_is_accepted(liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ASSIGNED)

    with pytest.raises(TransitionNotAllowed):
        services.reply_draft(assignment, user=liaison_a, **_reply_fields())

    assert not Reply.objects.exists()


def test_draft_refused_for_another_organisation(liaison_b, org_a):
    assignment = _assignment(org_a)

    with pytest.raises(PermissionDenied):
        services.reply_draft(assignment, user=liaison_b, **_reply_fields())

    assert not Reply.objects.exists()


# Signing (签发) -----------------------------------------------------------------


@pytest.fixture
def deputy_proposal(deputy):
    """The deputy's item, numbered and ready to be assigned."""
    return _registered(lead_deputy=DeputyFactory(user=deputy))


def test_approve_sends_the_reply_to_the_lead_deputy(
    head_a, org_a, deputy, deputy_proposal
):
    reply = _reply(_assignment(org_a, proposal=deputy_proposal))

    services.reply_approve(reply, user=head_a)

    reply.refresh_from_db()
    assignment = reply.assignment
    assignment.refresh_from_db()
    assert (reply.status, reply.approved_by) == (ReplyStatus.APPROVED, head_a)
    assert reply.sent_at is not None
    assert assignment.status == A.REPLIED
    assert assignment.implementation == ImplementationStatus.SOLVED
    assert _notices(deputy, "proposals.reply_to_rate") == 1


def test_approve_category_b_tracks_the_promised_date(liaison_a, head_a, org_a):
    assignment = _assignment(org_a)
    promised = datetime.date(2026, 10, 31)
    reply = services.reply_draft(
        assignment,
        user=liaison_a,
        **_reply_fields(category="B", promised_date=promised),
    )

    services.reply_approve(reply, user=head_a)

    assignment.refresh_from_db()
    assert assignment.promised_date == promised
    assert assignment.implementation == ImplementationStatus.IN_PROGRESS


def test_approve_notifies_co_signers_when_they_rate(
    head_a, org_a, deputy_proposal, other_deputy
):
    rules.rule_set(workflow.COSIGNERS_RATE.key, True)
    Signer.objects.create(
        proposal=deputy_proposal,
        deputy=DeputyFactory(user=other_deputy),
        status=SignerStatus.CONFIRMED,
    )
    reply = _reply(_assignment(org_a, proposal=deputy_proposal))

    services.reply_approve(reply, user=head_a)

    assert _notices(other_deputy, "proposals.reply_to_rate") == 1


def test_approve_of_a_co_handlers_opinion_goes_to_the_lead(
    liaison_a, liaison_b, org_a, org_b, deputy, deputy_proposal
):
    head_b = UserFactory(username="t_head_b", roles=[Role.ORG_HEAD], organization=org_b)
    _assignment(org_a, proposal=deputy_proposal, co=[org_b])
    co = deputy_proposal.assignments.get(organization=org_b)
    co = _built(services.assignment_accept(co, user=liaison_b))

    services.reply_approve(_reply(co), user=head_b)

    assert _notices(liaison_a, "proposals.co_opinion") == 1
    assert _notices(deputy, "proposals.reply_to_rate") == 0


def test_approve_refused_for_the_liaison(liaison_a, org_a):
    reply = _reply(_assignment(org_a))

    with pytest.raises(PermissionDenied):
        services.reply_approve(reply, user=liaison_a)

    reply.refresh_from_db()
    assert reply.status == ReplyStatus.DRAFT
    assert _no_event()


def test_approve_refused_for_another_organisations_head(org_a, org_b):
    head_b = UserFactory(username="t_head_b", roles=[Role.ORG_HEAD], organization=org_b)
    reply = _reply(_assignment(org_a))

    with pytest.raises(PermissionDenied):
        services.reply_approve(reply, user=head_b)

    assert _no_event()


def test_approve_refused_for_a_reply_sent_already(head_a, org_a):
    assignment = _assignment(org_a, status=A.REPLIED)
    reply = _signed(assignment)

    with pytest.raises(TransitionNotAllowed):
        services.reply_approve(reply, user=head_a)

    assert _no_event()


# Sending back ------------------------------------------------------------------


def test_send_back_returns_the_assignment_to_handling(office, liaison_a, org_a):
    assignment = _assignment(org_a, status=A.REPLIED)
    reply = _signed(assignment)

    services.reply_send_back(
        reply, user=office, reason="答复内容为列入计划，应标为B类。"
    )

    reply.refresh_from_db()
    assignment.refresh_from_db()
    assert reply.status == ReplyStatus.SENT_BACK
    assert assignment.status == A.ACCEPTED
    assert _notices(liaison_a, "proposals.reply_sent_back") == 1


def test_sent_back_reply_is_kept_and_a_new_reply_is_drafted(office, liaison_a, org_a):
    assignment = _assignment(org_a, status=A.REPLIED)
    reply = _signed(assignment)
    services.reply_send_back(reply, user=office, reason="类别不符。")

    new = services.reply_draft(
        assignment,
        user=liaison_a,
        **_reply_fields(category="B", promised_date=datetime.date(2026, 12, 1)),
    )

    reply.refresh_from_db()
    assert new.pk != reply.pk
    assert (reply.status, reply.category) == (ReplyStatus.SENT_BACK, "A")
    assert (new.status, new.category, new.round) == (ReplyStatus.DRAFT, "B", 1)


def test_send_back_refused_for_a_draft(office, org_a):
    reply = _reply(_assignment(org_a))

    with pytest.raises(TransitionNotAllowed):
        services.reply_send_back(reply, user=office, reason="类别不符。")

    reply.refresh_from_db()
    assert reply.status == ReplyStatus.DRAFT
    assert _no_event()


def test_send_back_is_for_office_staff_only(liaison_a, org_a):
    reply = _signed(_assignment(org_a, status=A.REPLIED))

    with pytest.raises(PermissionDenied):
        services.reply_send_back(reply, user=liaison_a, reason="类别不符。")

    assert _no_event()


# Implementation (落实情况) -------------------------------------------------------


def test_implementation_recorded_after_the_reply(liaison_a, org_a):
    assignment = _assignment(org_a, status=A.REPLIED)

    services.implementation_update(
        assignment,
        user=liaison_a,
        status=ImplementationStatus.SOLVED,
        note="道路已硬化并通过验收。",
        amount=120,
        unit="万元",
    )

    assignment.refresh_from_db()
    assert assignment.implementation == ImplementationStatus.SOLVED
    assert (assignment.outcome_amount, assignment.outcome_unit) == (120, "万元")
    assert assignment.status == A.REPLIED


def test_implementation_refused_before_a_reply(liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ACCEPTED)

    with pytest.raises(TransitionNotAllowed):
        services.implementation_update(
            assignment, user=liaison_a, status=ImplementationStatus.SOLVED
        )

    assignment.refresh_from_db()
    assert assignment.implementation == ImplementationStatus.NOT_STARTED
    assert _no_event()


def test_implementation_refused_for_another_organisation(liaison_b, org_a):
    assignment = _assignment(org_a, status=A.REPLIED)

    with pytest.raises(PermissionDenied):
        services.implementation_update(
            assignment, user=liaison_b, status=ImplementationStatus.SOLVED
        )

    assert _no_event()


# Reminders ---------------------------------------------------------------------


def _scan(today, key=handling.REPLY_DUE.key):
    return reminders.scan(today=today, keys=[key])


def test_reply_reminder_seven_days_before_is_sent_once(liaison_a, office, org_a):
    _assignment(org_a, status=A.ACCEPTED)
    seven_before = DUE - datetime.timedelta(days=7)

    first = _scan(seven_before)
    again = _scan(seven_before + datetime.timedelta(days=1))

    assert [(log.step, log.recipient) for log in first] == [("due_in_7", liaison_a)]
    assert again == []
    assert _notices(liaison_a, "proposals.reply_due") == 1
    assert _notices(office, "proposals.reply_due") == 0


def test_overdue_reply_reminds_the_office_too(liaison_a, office, org_a):
    _assignment(org_a, status=A.ACCEPTED)

    _scan(DUE + datetime.timedelta(days=1))

    assert _notices(liaison_a, "proposals.reply_due") == 1
    assert _notices(office, "proposals.reply_due") == 1


def test_replied_assignment_gets_no_reply_reminder(liaison_a, org_a):
    _assignment(org_a, status=A.REPLIED)

    assert _scan(DUE) == []


def test_promise_coming_due_reminds_the_organisation(liaison_a, org_a):
    promised = datetime.date(2026, 10, 31)
    # A category B reply promising completion, rated satisfied.
    _assignment(
        org_a,
        status=A.DONE,
        reply={"category": "B", "promised_date": promised},
    )

    logs = _scan(promised - datetime.timedelta(days=7), handling.PROMISE_DUE.key)

    assert [(log.step, log.recipient) for log in logs] == [("due_in_7", liaison_a)]
    assert _notices(liaison_a, "proposals.promise_due") == 1
