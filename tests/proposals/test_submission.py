"""Drafting, co-signing, submission, paper entry, review, numbering, 并案 and
the presidium's decision (proposals.services.submission)."""

import datetime
import threading
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone, translation

from congress import notifications, rules
from congress.exceptions import DomainError, ImportRejected, TransitionNotAllowed
from congress.models import Meeting, Notification
from deputies.models import ActivityKind, PerformanceRecord
from proposals import services, workflow
from proposals.models import (
    Period,
    PresidiumDecision,
    Proposal,
    ProposalEvent,
    ProposalKind,
    ProposalStatus,
    Signer,
    SignerStatus,
)
from proposals.services import submission
from tests.factories.congress import MeetingFactory, TermFactory
from tests.factories.deputies import DeputyFactory, MandateFactory
from tests.factories.proposals import (
    CategoryFactory,
    DeputyWithLoginFactory,
    ProposalFactory,
)

S = ProposalStatus
NOW = datetime.datetime(2026, 1, 12, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


# Setup ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english():
    # Refusals are matched on their English msgids.
    with translation.override("en"):
        yield


@pytest.fixture
def term(db):
    return TermFactory()


@pytest.fixture
def session(term):
    # Sitting today: a closed session takes no items (proposals.session_window).
    today = timezone.localdate()
    return MeetingFactory(
        term=term,
        kind=Meeting.Kind.CONGRESS_SESSION,
        number=3,
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=1),
    )


@pytest.fixture
def category(db):
    return CategoryFactory(name="城建交通")


@pytest.fixture
def lead(deputy, term):
    """The deputy persona's record: the lead deputy (领衔代表)."""
    lead = DeputyFactory(user=deputy, name="张领衔")
    MandateFactory(deputy=lead, term=term)
    return lead


@pytest.fixture
def other(other_deputy, term):
    other = DeputyFactory(user=other_deputy, name="李其他")
    MandateFactory(deputy=other, term=term)
    return other


@pytest.fixture
def min_signers(db):
    rules.rule_set(workflow.MOTION_MIN_SIGNERS.key, 3)
    return 3


@pytest.fixture
def draft(lead):
    return ProposalFactory(lead_deputy=lead, title="关于修建村级道路的建议")


def _row(proposal: Proposal) -> dict:
    return Proposal.objects.values().get(pk=proposal.pk)


def _events(proposal: Proposal) -> list[str]:
    # In the order they were written (services date them with `now`).
    return list(
        ProposalEvent.objects.filter(proposal=proposal)
        .order_by("pk")
        .values_list("type", flat=True)
    )


def _notices(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


def _paper(office, lead, *, kind=ProposalKind.SUGGESTION, meeting=None, **values):
    return services.proposal_register_paper(
        lead_deputy=lead,
        kind=kind,
        title=values.pop("title", "关于整治城区道路的建议"),
        body=values.pop("body", "城区道路坑洼不平。"),
        period=Period.SESSION if meeting else Period.RECESS,
        meeting=meeting,
        category=None,
        user=office,
        **values,
    )


def _registered(office, lead, category, **values) -> Proposal:
    return services.proposal_register(
        _paper(office, lead, **values), user=office, category=category
    )


def _cosigners(count: int) -> list:
    return DeputyWithLoginFactory.create_batch(count)


# Notice kinds -------------------------------------------------------------------


def test_every_notice_kind_of_the_module_is_registered():
    for key in submission._KINDS:
        assert notifications.kind_for(key).key == key


# Create -----------------------------------------------------------------------


def test_create_makes_a_draft_with_bigrams_in_the_current_term(lead, deputy, term):
    proposal = services.proposal_create(
        lead_deputy=lead,
        kind=ProposalKind.SUGGESTION,
        title="关于道路硬化的建议",
        body="雨天泥泞",
        period=Period.RECESS,
        user=deputy,
    )

    assert proposal.status == S.DRAFT
    assert proposal.term == term
    assert "道路" in proposal.search_bigrams
    assert "泥泞" in proposal.search_bigrams
    assert _events(proposal) == ["proposals.created"]


def test_create_a_motion_during_the_session_takes_the_session_term(
    lead, deputy, session
):
    proposal = services.proposal_create(
        lead_deputy=lead,
        kind=ProposalKind.MOTION,
        title="关于加快洞河治理的议案",
        body="……",
        period=Period.SESSION,
        meeting=session,
        user=deputy,
    )

    assert (proposal.kind, proposal.term) == (ProposalKind.MOTION, session.term)


def test_create_for_another_deputy_is_refused(lead, other_deputy, term):
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            lead_deputy=lead,
            kind=ProposalKind.SUGGESTION,
            title="关于道路的建议",
            body="……",
            period=Period.RECESS,
            user=other_deputy,
        )

    assert not Proposal.objects.exists()


def test_create_a_motion_in_recess_is_refused(lead, deputy, term):
    with pytest.raises(DomainError, match="during a session"):
        services.proposal_create(
            lead_deputy=lead,
            kind=ProposalKind.MOTION,
            title="关于道路的议案",
            body="……",
            period=Period.RECESS,
            user=deputy,
        )

    assert not Proposal.objects.exists()


def test_create_a_motion_at_a_committee_meeting_is_refused(lead, deputy, term):
    committee_meeting = MeetingFactory(term=term)

    with pytest.raises(DomainError, match="congress session"):
        services.proposal_create(
            lead_deputy=lead,
            kind=ProposalKind.MOTION,
            title="关于道路的议案",
            body="……",
            period=Period.SESSION,
            meeting=committee_meeting,
            user=deputy,
        )

    assert not Proposal.objects.exists()


# Search --------------------------------------------------------------------------


def test_search_finds_a_two_character_word_through_the_bigrams(lead, deputy, term):
    road = services.proposal_create(
        lead_deputy=lead,
        kind=ProposalKind.SUGGESTION,
        title="关于乡村交通的建议",
        body="建议硬化通村道路。",
        period=Period.RECESS,
        user=deputy,
    )
    services.proposal_create(
        lead_deputy=lead,
        kind=ProposalKind.SUGGESTION,
        title="关于学校的建议",
        body="建议改善校舍。",
        period=Period.RECESS,
        user=deputy,
    )

    assert list(workflow.search(Proposal.objects.all(), "道路")) == [road]


def test_update_refreshes_the_bigrams(draft, deputy):
    services.proposal_update(draft, user=deputy, title="关于校舍的建议", body="改建")

    found = workflow.search(Proposal.objects.all(), "校舍")
    assert list(found) == [draft]
    assert not workflow.search(Proposal.objects.all(), "道路").exists()


# Update ------------------------------------------------------------------------


def test_update_by_another_deputy_is_refused(draft, other_deputy):
    before = _row(draft)

    with pytest.raises(PermissionDenied):
        services.proposal_update(draft, user=other_deputy, title="改")

    assert _row(draft) == before
    assert _events(draft) == []


def test_update_after_submission_is_refused(draft, deputy):
    services.proposal_submit(draft, user=deputy)
    before = _row(draft)

    with pytest.raises(TransitionNotAllowed):
        services.proposal_update(draft, user=deputy, title="改")

    assert _row(draft) == before
    assert _events(draft) == ["proposals.submitted"]


def test_update_into_a_motion_in_recess_is_refused(draft, deputy):
    before = _row(draft)

    with pytest.raises(DomainError):
        services.proposal_update(draft, user=deputy, kind=ProposalKind.MOTION)

    assert _row(draft) == before
    assert _events(draft) == []


# Co-signers -------------------------------------------------------------------


def test_invite_creates_signers_and_notifies_each_invitee(draft, deputy, other):
    third = DeputyWithLoginFactory()

    signers = services.signer_invite(draft, deputies=[other, third], user=deputy)

    assert {s.deputy for s in signers} == {other, third}
    assert {s.status for s in signers} == {SignerStatus.INVITED}
    assert len(_notices(other.user, "proposals.cosign_requested")) == 1
    assert len(_notices(third.user, "proposals.cosign_requested")) == 1
    assert _events(draft) == ["proposals.cosigners_invited"]


def test_invite_again_after_a_decline_asks_again(draft, deputy, other):
    (signer,) = services.signer_invite(draft, deputies=[other], user=deputy)
    services.signer_answer(signer, accept=False, user=other.user)

    services.signer_invite(draft, deputies=[other], user=deputy)

    signer.refresh_from_db()
    assert signer.status == SignerStatus.INVITED
    assert len(_notices(other.user, "proposals.cosign_requested")) == 2


def test_invite_the_lead_deputy_is_refused(draft, deputy, lead):
    with pytest.raises(DomainError):
        services.signer_invite(draft, deputies=[lead], user=deputy)

    assert not Signer.objects.exists()
    assert _events(draft) == []


def test_invite_by_another_deputy_is_refused(draft, other_deputy, other):
    with pytest.raises(PermissionDenied):
        services.signer_invite(draft, deputies=[other], user=other_deputy)

    assert not Signer.objects.exists()


def test_invite_after_submission_is_refused(draft, deputy, other):
    services.proposal_submit(draft, user=deputy)

    with pytest.raises(TransitionNotAllowed):
        services.signer_invite(draft, deputies=[other], user=deputy)

    assert not Signer.objects.exists()


def test_confirming_notifies_the_lead_deputy(draft, deputy, other):
    (signer,) = services.signer_invite(draft, deputies=[other], user=deputy)

    services.signer_answer(signer, accept=True, user=other.user, now=NOW)

    signer.refresh_from_db()
    assert (signer.status, signer.answered_at) == (SignerStatus.CONFIRMED, NOW)
    assert len(_notices(deputy, "proposals.cosign_confirmed")) == 1
    assert _events(draft)[-1] == "proposals.cosign_confirmed"


def test_declining_notifies_the_lead_deputy(draft, deputy, other):
    (signer,) = services.signer_invite(draft, deputies=[other], user=deputy)

    services.signer_answer(signer, accept=False, user=other.user)

    signer.refresh_from_db()
    assert signer.status == SignerStatus.DECLINED
    assert len(_notices(deputy, "proposals.cosign_declined")) == 1


def test_answer_by_someone_else_is_refused(draft, deputy, other):
    (signer,) = services.signer_invite(draft, deputies=[other], user=deputy)

    with pytest.raises(PermissionDenied):
        services.signer_answer(signer, accept=True, user=deputy)

    signer.refresh_from_db()
    assert signer.status == SignerStatus.INVITED
    assert _events(draft) == ["proposals.cosigners_invited"]


def test_answer_twice_is_refused(draft, deputy, other):
    (signer,) = services.signer_invite(draft, deputies=[other], user=deputy)
    services.signer_answer(signer, accept=True, user=other.user)

    with pytest.raises(TransitionNotAllowed):
        services.signer_answer(signer, accept=False, user=other.user)

    signer.refresh_from_db()
    assert signer.status == SignerStatus.CONFIRMED


# Submit ----------------------------------------------------------------------------


def test_submit_sets_the_time_and_notifies_office_staff(draft, deputy, office):
    services.proposal_submit(draft, user=deputy, now=NOW)

    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at) == (S.SUBMITTED, NOW)
    assert len(_notices(office, "proposals.submitted")) == 1
    assert _events(draft) == ["proposals.submitted"]


def test_submit_and_return_enter_nothing_in_the_performance_file(
    draft, deputy, lead, office
):
    services.proposal_submit(draft, user=deputy, now=NOW)
    services.proposal_return(draft, user=office, reason="请补充具体路段")
    services.proposal_submit(draft, user=deputy, now=NOW)

    assert not PerformanceRecord.objects.filter(deputy=lead).exists()


def test_register_enters_the_lead_and_each_cosigner_once(office, lead, category):
    cosigners = _cosigners(2)
    proposal = _registered(office, lead, category, cosigners=cosigners)

    record = PerformanceRecord.objects.get(deputy=lead)
    assert record.kind == ActivityKind.PROPOSAL
    assert record.description == proposal.title
    assert (record.status, record.points) == ("confirmed", 3)
    kinds = PerformanceRecord.objects.filter(deputy__in=cosigners).values_list(
        "kind", "points"
    )
    assert list(kinds) == [(ActivityKind.COSIGNED, 1)] * 2


def test_submit_by_another_deputy_is_refused(draft, other_deputy):
    before = _row(draft)

    with pytest.raises(PermissionDenied):
        services.proposal_submit(draft, user=other_deputy)

    assert _row(draft) == before
    assert _events(draft) == []


def test_submit_twice_is_refused(draft, deputy):
    services.proposal_submit(draft, user=deputy)

    with pytest.raises(TransitionNotAllowed):
        services.proposal_submit(draft, user=deputy)

    assert _events(draft) == ["proposals.submitted"]


def test_submit_a_motion_with_too_few_confirmed_signers_is_refused(
    lead, deputy, session, min_signers, office
):
    motion = ProposalFactory(
        lead_deputy=lead,
        kind=ProposalKind.MOTION,
        period=Period.SESSION,
        meeting=session,
    )
    confirmed, invited = _cosigners(2)
    services.signer_invite(motion, deputies=[confirmed, invited], user=deputy)
    services.signer_answer(
        motion.signers.get(deputy=confirmed), accept=True, user=confirmed.user
    )
    before, events = _row(motion), _events(motion)

    with pytest.raises(DomainError, match="at least 3 deputies") as refusal:
        services.proposal_submit(motion, user=deputy)

    assert "it has 2" in str(refusal.value)
    assert _row(motion) == before
    assert _events(motion) == events
    assert not _notices(office, "proposals.submitted")
    assert not PerformanceRecord.objects.exists()


def test_submit_a_motion_with_enough_confirmed_signers(
    lead, deputy, session, min_signers
):
    motion = ProposalFactory(
        lead_deputy=lead,
        kind=ProposalKind.MOTION,
        period=Period.SESSION,
        meeting=session,
    )
    signers = _cosigners(2)
    for signer in services.signer_invite(motion, deputies=signers, user=deputy):
        services.signer_answer(signer, accept=True, user=signer.deputy.user)

    services.proposal_submit(motion, user=deputy)

    motion.refresh_from_db()
    assert motion.status == S.SUBMITTED


# Paper entry ----------------------------------------------------------------------


def test_paper_entry_submits_at_once_with_one_notice_to_the_lead(
    office, lead, deputy, session, min_signers
):
    cosigners = _cosigners(2)

    motion = _paper(
        office, lead, kind=ProposalKind.MOTION, meeting=session, cosigners=cosigners
    )

    assert motion.status == S.SUBMITTED
    assert motion.entered_by == office
    assert set(motion.signers.values_list("status", flat=True)) == {"confirmed"}
    assert Notification.objects.filter(recipient=deputy).count() == 1
    assert len(_notices(deputy, "proposals.paper_entered")) == 1
    assert not Notification.objects.filter(recipient=office).exists()
    # Points come with acceptance (登记), not with entry.
    assert not PerformanceRecord.objects.filter(deputy=lead).exists()
    assert "道路" in motion.search_bigrams


def test_paper_entry_by_a_deputy_is_refused(deputy, lead, term):
    with pytest.raises(PermissionDenied):
        _paper(deputy, lead)

    assert not Proposal.objects.exists()


def test_paper_motion_with_too_few_cosigners_is_refused(
    office, lead, session, min_signers
):
    with pytest.raises(DomainError, match="at least 3 deputies"):
        _paper(
            office,
            lead,
            kind=ProposalKind.MOTION,
            meeting=session,
            cosigners=_cosigners(1),
        )

    assert not Proposal.objects.exists()


def _batch_row(lead, **values) -> dict:
    return {
        "lead_deputy": lead,
        "kind": ProposalKind.SUGGESTION,
        "title": "关于道路的建议",
        "body": "……",
        "period": Period.RECESS,
        "meeting": None,
        "category": None,
        **values,
    }


def test_batch_entry_enters_every_row(office, lead, other, term):
    rows = [_batch_row(lead), _batch_row(other, title="关于学校的建议")]

    proposals = services.proposals_register_paper_batch(rows, user=office)

    assert [p.status for p in proposals] == [S.SUBMITTED, S.SUBMITTED]
    assert Proposal.objects.count() == 2
    assert len(_notices(other.user, "proposals.paper_entered")) == 1


def test_batch_entry_with_a_bad_row_saves_nothing_and_names_the_row(
    office, lead, other, term
):
    rows = [
        _batch_row(lead),
        _batch_row(other),
        _batch_row(lead, title=""),
        _batch_row(other, kind=ProposalKind.MOTION),
    ]

    with pytest.raises(ImportRejected) as rejected:
        services.proposals_register_paper_batch(rows, user=office)

    errors = rejected.value.errors
    assert {(row, field) for row, field, _ in errors} >= {(3, "title"), (4, "kind")}
    assert not {row for row, _, _ in errors} & {1, 2}
    assert not Proposal.objects.exists()
    assert not Notification.objects.exists()


def test_batch_entry_by_a_deputy_is_refused(deputy, lead, term):
    with pytest.raises(PermissionDenied):
        services.proposals_register_paper_batch([_batch_row(lead)], user=deputy)

    assert not Proposal.objects.exists()


# Return and withdraw --------------------------------------------------------------


def test_return_tells_the_lead_deputy_why(office, lead, deputy, term):
    proposal = _paper(office, lead)

    services.proposal_return(proposal, user=office, reason="请写明具体路段")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.return_reason) == (S.RETURNED, "请写明具体路段")
    (notice,) = _notices(deputy, "proposals.returned")
    assert notice.params["reason"] == "请写明具体路段"
    assert _events(proposal)[-1] == "proposals.returned"


def test_return_without_a_reason_is_refused(office, lead, term):
    proposal = _paper(office, lead)
    before = _row(proposal)

    with pytest.raises(DomainError):
        services.proposal_return(proposal, user=office, reason="  ")

    assert _row(proposal) == before
    assert _events(proposal) == ["proposals.submitted"]


def test_return_by_a_deputy_is_refused(office, lead, deputy, term):
    proposal = _paper(office, lead)

    with pytest.raises(PermissionDenied):
        services.proposal_return(proposal, user=deputy, reason="不行")

    assert _row(proposal)["status"] == S.SUBMITTED


def test_return_of_a_draft_is_refused(draft, office):
    with pytest.raises(TransitionNotAllowed):
        services.proposal_return(draft, user=office, reason="不行")

    assert _row(draft)["status"] == S.DRAFT
    assert _events(draft) == []


def test_a_returned_item_can_be_revised_and_submitted_again(office, lead, deputy, term):
    proposal = _paper(office, lead)
    services.proposal_return(proposal, user=office, reason="请补充")

    services.proposal_update(proposal, user=deputy, body="补充了具体路段。")
    services.proposal_submit(proposal, user=deputy)

    assert _row(proposal)["status"] == S.SUBMITTED


def test_withdraw_by_the_lead_deputy_tells_office_staff(draft, deputy, office):
    services.proposal_submit(draft, user=deputy)

    services.proposal_withdraw(draft, user=deputy, reason="已解决")

    assert _row(draft)["status"] == S.WITHDRAWN
    assert len(_notices(office, "proposals.withdrawn")) == 1
    assert _events(draft)[-1] == "proposals.withdrawn"


def test_withdraw_by_office_staff_tells_the_lead_deputy(office, lead, deputy, term):
    proposal = _paper(office, lead)

    services.proposal_withdraw(proposal, user=office, reason="代表要求撤回")

    assert _row(proposal)["status"] == S.WITHDRAWN
    assert len(_notices(deputy, "proposals.withdrawn")) == 1


def test_withdraw_by_another_deputy_is_refused(draft, deputy, other_deputy):
    services.proposal_submit(draft, user=deputy)

    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(draft, user=other_deputy)

    assert _row(draft)["status"] == S.SUBMITTED
    assert _events(draft) == ["proposals.submitted"]


def test_withdraw_a_draft_is_refused(draft, deputy):
    with pytest.raises(TransitionNotAllowed):
        services.proposal_withdraw(draft, user=deputy)

    assert _row(draft)["status"] == S.DRAFT


# Register (审查、分类) ---------------------------------------------------------------


def test_register_classifies_a_submitted_item(office, lead, category, term):
    proposal = _paper(office, lead)

    services.proposal_register(proposal, user=office, category=category)

    row = _row(proposal)
    assert (row["status"], row["category_id"]) == (S.REGISTERED, category.pk)
    assert _events(proposal)[-1] == "proposals.registered"


def test_register_by_a_deputy_is_refused(office, lead, deputy, category, term):
    proposal = _paper(office, lead)
    before = _row(proposal)

    with pytest.raises(PermissionDenied):
        services.proposal_register(proposal, user=deputy, category=category)

    assert _row(proposal) == before


def test_register_a_draft_is_refused(draft, office, category):
    with pytest.raises(TransitionNotAllowed):
        services.proposal_register(draft, user=office, category=category)

    assert _row(draft)["status"] == S.DRAFT
    assert _events(draft) == []


# Numbering (编号) -------------------------------------------------------------------


def test_each_sequence_numbers_on_its_own(office, lead, category, session, min_signers):
    recess = [_registered(office, lead, category) for _ in range(2)]
    in_session = [
        _registered(office, lead, category, meeting=session) for _ in range(2)
    ]
    motion = _registered(
        office,
        lead,
        category,
        kind=ProposalKind.MOTION,
        meeting=session,
        cosigners=_cosigners(2),
    )
    services.motion_decide(motion, decision=PresidiumDecision.ON_AGENDA, user=office)

    services.proposals_number([*recess, *in_session, motion], user=office)

    numbers = {p.pk: _row(p)["number"] for p in [*recess, *in_session, motion]}
    assert [numbers[p.pk] for p in recess] == [1, 2]
    assert [numbers[p.pk] for p in in_session] == [1, 2]
    assert numbers[motion.pk] == 1


def test_numbering_continues_from_the_highest_number_of_the_sequence(
    office, lead, category, term
):
    first = _registered(office, lead, category)
    services.proposals_number([first], user=office)
    later = _registered(office, lead, category)

    services.proposals_number([later, first], user=office)

    assert (_row(first)["number"], _row(later)["number"]) == (1, 2)


def test_numbering_follows_the_submission_time_then_the_key(
    office, lead, category, term
):
    late = _registered(office, lead, category, now=NOW + datetime.timedelta(hours=1))
    early_a = _registered(office, lead, category, now=NOW)
    early_b = _registered(office, lead, category, now=NOW)

    services.proposals_number([late, early_b, early_a], user=office)

    assert [_row(p)["number"] for p in (early_a, early_b, late)] == [1, 2, 3]


def test_numbering_notifies_the_lead_deputy_and_records_events(
    office, lead, deputy, category, term
):
    proposal = _registered(office, lead, category)

    services.proposals_number([proposal], user=office)

    (notice,) = _notices(deputy, "proposals.numbered")
    assert notice.params["number"] == 1
    assert _events(proposal)[-1] == "proposals.numbered"


def test_numbering_an_item_not_yet_registered_numbers_nothing(
    office, lead, category, term
):
    registered = _registered(office, lead, category)
    submitted = _paper(office, lead)

    with pytest.raises(TransitionNotAllowed):
        services.proposals_number([registered, submitted], user=office)

    assert _row(registered)["number"] is None
    assert _events(registered)[-1] == "proposals.registered"


def test_numbering_a_motion_before_the_presidium_decided_is_refused(
    office, lead, category, session, min_signers
):
    motion = _registered(
        office,
        lead,
        category,
        kind=ProposalKind.MOTION,
        meeting=session,
        cosigners=_cosigners(2),
    )

    with pytest.raises(DomainError, match="not decided"):
        services.proposals_number([motion], user=office)

    assert _row(motion)["number"] is None


def test_numbering_by_a_deputy_is_refused(office, lead, deputy, category, term):
    proposal = _registered(office, lead, category)

    with pytest.raises(PermissionDenied):
        services.proposals_number([proposal], user=deputy)

    assert _row(proposal)["number"] is None


@pytest.mark.django_db(transaction=True)
def test_two_staff_numbering_at_once_never_duplicate(
    office, lead, category, term, monkeypatch
):
    items = [_registered(office, lead, category) for _ in range(20)]
    both_locked_rows = threading.Barrier(2)
    lock_sequence = submission._lock_sequence

    def racing_lock(*sequence):
        # Both hold their row locks and have read nothing yet: without the
        # sequence lock they would both continue from the same highest number.
        both_locked_rows.wait(timeout=10)
        lock_sequence(*sequence)

    monkeypatch.setattr(submission, "_lock_sequence", racing_lock)
    errors: list[BaseException] = []

    def number(batch):
        try:
            services.proposals_number(batch, user=office)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=number, args=(items[start::2],)) for start in (0, 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    numbers = sorted(Proposal.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 21))


# 并案 ----------------------------------------------------------------------------


def test_merge_links_the_items_and_each_keeps_its_number(
    office, lead, other, deputy, category, term
):
    into, merged = (_registered(office, person, category) for person in (other, lead))
    services.proposals_number([into, merged], user=office)

    services.proposal_merge([merged], into=into, user=office)

    row = _row(merged)
    assert (row["merged_into_id"], row["number"]) == (into.pk, 2)
    assert _row(into)["number"] == 1
    assert _events(merged)[-1] == "proposals.merged"
    assert _events(into)[-1] == "proposals.merged_with"
    assert len(_notices(deputy, "proposals.merged")) == 1


def test_merge_into_itself_is_refused(office, lead, category, term):
    proposal = _registered(office, lead, category)

    with pytest.raises(DomainError):
        services.proposal_merge([proposal], into=proposal, user=office)

    assert _row(proposal)["merged_into_id"] is None


def test_merge_a_motion_with_a_suggestion_is_refused(
    office, lead, category, session, min_signers
):
    suggestion = _registered(office, lead, category, meeting=session)
    motion = _registered(
        office,
        lead,
        category,
        kind=ProposalKind.MOTION,
        meeting=session,
        cosigners=_cosigners(2),
    )

    with pytest.raises(DomainError, match="not handled together"):
        services.proposal_merge([motion], into=suggestion, user=office)

    assert _row(motion)["merged_into_id"] is None
    assert _events(motion)[-1] == "proposals.registered"


def test_merge_an_item_not_registered_is_refused(office, lead, category, term):
    into = _registered(office, lead, category)
    submitted = _paper(office, lead)

    with pytest.raises(TransitionNotAllowed):
        services.proposal_merge([submitted], into=into, user=office)

    assert _row(submitted)["merged_into_id"] is None


def test_merge_into_an_item_already_merged_is_refused(office, lead, category, term):
    first, second, third = (_registered(office, lead, category) for _ in range(3))
    services.proposal_merge([second], into=first, user=office)

    with pytest.raises(TransitionNotAllowed):
        services.proposal_merge([third], into=second, user=office)

    assert _row(third)["merged_into_id"] is None


def test_merge_by_a_deputy_is_refused(office, lead, deputy, category, term):
    into, merged = (_registered(office, lead, category) for _ in range(2))

    with pytest.raises(PermissionDenied):
        services.proposal_merge([merged], into=into, user=deputy)

    assert _row(merged)["merged_into_id"] is None


# The presidium's decision ------------------------------------------------------------


@pytest.fixture
def motion(office, lead, category, session, min_signers):
    return _registered(
        office,
        lead,
        category,
        kind=ProposalKind.MOTION,
        meeting=session,
        cosigners=_cosigners(2),
    )


def test_decide_records_the_decision_and_tells_the_lead(motion, office, deputy):
    services.motion_decide(motion, decision=PresidiumDecision.REFERRED, user=office)

    row = _row(motion)
    assert (row["presidium_decision"], row["kind"]) == ("referred", "motion")
    assert len(_notices(deputy, "proposals.motion_referred")) == 1
    assert _events(motion)[-1] == "proposals.motion_decided"


def test_a_converted_motion_is_numbered_as_a_session_suggestion(
    motion, office, lead, category, session
):
    suggestion = _registered(office, lead, category, meeting=session)
    services.proposals_number([suggestion], user=office)

    services.motion_decide(motion, decision=PresidiumDecision.CONVERTED, user=office)
    services.proposals_number([motion], user=office)

    row = _row(motion)
    assert (row["kind"], row["number"]) == (ProposalKind.SUGGESTION, 2)


def test_decide_on_a_numbered_motion_is_refused(motion, office):
    services.motion_decide(motion, decision=PresidiumDecision.ON_AGENDA, user=office)
    services.proposals_number([motion], user=office)
    Proposal.objects.filter(pk=motion.pk).update(presidium_decision="")
    before = _row(motion)

    with pytest.raises(TransitionNotAllowed):
        services.motion_decide(
            motion, decision=PresidiumDecision.CONVERTED, user=office
        )

    assert _row(motion) == before


def test_decide_twice_is_refused(motion, office):
    services.motion_decide(motion, decision=PresidiumDecision.ON_AGENDA, user=office)

    with pytest.raises(TransitionNotAllowed):
        services.motion_decide(
            motion, decision=PresidiumDecision.CONVERTED, user=office
        )

    assert _row(motion)["presidium_decision"] == "on_agenda"


def test_decide_on_a_suggestion_is_refused(office, lead, category, term):
    suggestion = _registered(office, lead, category)

    with pytest.raises(DomainError, match="motions only"):
        services.motion_decide(
            suggestion, decision=PresidiumDecision.ON_AGENDA, user=office
        )

    assert _events(suggestion)[-1] == "proposals.registered"


def test_decide_by_a_deputy_is_refused(motion, deputy):
    before = _row(motion)

    with pytest.raises(PermissionDenied):
        services.motion_decide(
            motion, decision=PresidiumDecision.ON_AGENDA, user=deputy
        )

    assert _row(motion) == before
