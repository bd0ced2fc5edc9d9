"""The deadlock interleaving of issues 8 and 9, on two real connections.

The lead deputy rates the lead organisation's reply (a satisfied rating also
finishes the co-handling assignments) while office staff send a co-handling
reply back. The old lock helpers locked the joined proposal, organisation and
deputy rows too, so each transaction held a row the other wanted: a deadlock,
answered with a 500. `transition()` locks only the rows a step changes, in the
order written in congress.workflow, so either order of arrival ends cleanly.
"""

import datetime
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.utils import translation

from congress.exceptions import TransitionNotAllowed
from proposals import services
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    ProposalStatus,
    Reply,
    ReplyStatus,
    Satisfaction,
)
from proposals.services import rating
from tests.factories.deputies import DeputyFactory
from tests.factories.proposals import ProposalFactory

A = AssignmentStatus
NOW = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

pytestmark = pytest.mark.django_db(transaction=True)


def _replied(proposal, organization, role) -> tuple[Assignment, Reply]:
    assignment = Assignment.objects.create(
        proposal=proposal,
        organization=organization,
        role=role,
        status=A.REPLIED,
        assigned_on=datetime.date(2026, 3, 2),
        due_date=datetime.date(2026, 6, 2),
    )
    reply = Reply.objects.create(
        assignment=assignment,
        round=1,
        text="已列入明年道路硬化计划。",
        reference_number="县交〔2026〕12号",
        category="B",
        signer="王局长",
        contact="李科长 13900000000",
        status=ReplyStatus.APPROVED,
        sent_at=NOW,
    )
    return assignment, reply


@pytest.fixture
def setting(deputy, liaison_a, liaison_b):
    proposal = ProposalFactory(
        status=ProposalStatus.ASSIGNED, lead_deputy=DeputyFactory(user=deputy)
    )
    lead, _lead_reply = _replied(proposal, liaison_a.organization, AssignmentRole.LEAD)
    co, co_reply = _replied(proposal, liaison_b.organization, AssignmentRole.CO)
    return lead, co, co_reply


def _someone_waits_for_a_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


def _until(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _run(target, outcomes: dict, name: str) -> threading.Thread:
    def body():
        try:
            with translation.override("zh-hans"):
                outcomes[name] = target()
        except Exception as error:
            outcomes[name] = error
        finally:
            connection.close()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


def test_send_back_while_the_rating_holds_the_lead_ends_without_deadlock(
    setting, deputy, office, monkeypatch
):
    """The rating has locked the lead assignment and pauses; the office sends
    the co-handling reply back meanwhile. Before: the send-back waited for the
    proposal row the rating held, the rating then waited for the co-handling
    row: deadlock. Now the send-back goes through and the rating, resumed,
    leaves the co-handling assignment to be handled again."""
    lead, co, co_reply = setting
    outcomes: dict[str, object] = {}
    holding, go_on = threading.Event(), threading.Event()
    finish = rating._finish_co_handling

    def pause_then_finish(*args, **kwargs):
        holding.set()
        go_on.wait(timeout=10)
        return finish(*args, **kwargs)

    monkeypatch.setattr(rating, "_finish_co_handling", pause_then_finish)
    rate = _run(
        lambda: services.rating_submit(
            lead,
            user=deputy,
            attitude=Satisfaction.SATISFIED,
            result=Satisfaction.SATISFIED,
            now=NOW,
        ),
        outcomes,
        "rating",
    )
    assert holding.wait(timeout=10)
    send_back = _run(
        lambda: services.reply_send_back(co_reply, user=office, reason="意见不具体。"),
        outcomes,
        "send_back",
    )
    # The send-back either finishes or waits for a lock; either way resume.
    _until(lambda: "send_back" in outcomes or _someone_waits_for_a_lock())
    go_on.set()
    for thread in (rate, send_back):
        thread.join(timeout=30)

    assert not isinstance(outcomes["rating"], Exception), outcomes["rating"]
    assert not isinstance(outcomes["send_back"], Exception), outcomes["send_back"]
    lead.refresh_from_db()
    co.refresh_from_db()
    assert (lead.status, co.status) == (A.DONE, A.ACCEPTED)


def test_send_back_after_the_rating_finished_the_co_handling_is_refused_in_chinese(
    setting, deputy, office, monkeypatch
):
    """The rating has finished the co-handling assignment and not committed
    yet; the send-back waits for that row, then finds it done and is refused
    with a message naming both states: no deadlock, no 500."""
    lead, co, co_reply = setting
    outcomes: dict[str, object] = {}
    holding, go_on = threading.Event(), threading.Event()
    finish = rating._finish_co_handling

    def finish_then_pause(*args, **kwargs):
        finish(*args, **kwargs)
        holding.set()
        go_on.wait(timeout=10)

    monkeypatch.setattr(rating, "_finish_co_handling", finish_then_pause)
    rate = _run(
        lambda: services.rating_submit(
            lead,
            user=deputy,
            attitude=Satisfaction.SATISFIED,
            result=Satisfaction.SATISFIED,
            now=NOW,
        ),
        outcomes,
        "rating",
    )
    assert holding.wait(timeout=10)
    send_back = _run(
        lambda: services.reply_send_back(co_reply, user=office, reason="意见不具体。"),
        outcomes,
        "send_back",
    )
    assert _until(_someone_waits_for_a_lock)  # the send-back waits for the row
    go_on.set()
    for thread in (rate, send_back):
        thread.join(timeout=30)

    assert not isinstance(outcomes["rating"], Exception), outcomes["rating"]
    refusal = outcomes["send_back"]
    assert isinstance(refusal, TransitionNotAllowed)
    assert str(refusal.message).startswith("不允许此操作：“已办结”不能变为")
    co.refresh_from_db()
    co_reply.refresh_from_db()
    assert (co.status, co_reply.status) == (A.DONE, ReplyStatus.APPROVED)
