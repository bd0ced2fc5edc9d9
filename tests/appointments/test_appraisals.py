import datetime

import pytest
from django.test import TestCase

from appointments.models import Appraisal, AppraisalTopic, Tenure
from appointments.services import appraisals as svc
from appointments.services.cases import CaseRefused
from congress import ballots
from congress.exceptions import TransitionNotAllowed
from congress.models import Notification
from congress.roles import Role
from tests.factories.appointments import PersonFactory, PostFactory
from tests.factories.congress import UserFactory

A = Appraisal.Status


@pytest.fixture
def chairpersons(db):
    return [UserFactory(username=f"t_chair{n}", roles=[Role.LEADER]) for n in range(5)]


@pytest.fixture
def tenure(db):
    return Tenure.objects.create(
        person=PersonFactory(name="孟局长"),
        post=PostFactory(name="局长"),
        start_date=datetime.date(2024, 3, 1),
    )


def close(ballot, user, voters, totals):
    ballot = ballots.ballot_open(ballot, present=voters, user=user)
    ballots.ballot_record_paper_totals(ballot, totals=totals, user=user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        ballots.ballot_close(ballot, user=user)


def selected(tenure, year, personnel, chairpersons):
    appraisal = svc.appraisal_propose(tenure=tenure, year=year, user=personnel)
    ballot = svc.appraisal_selection_ballot(appraisal, user=personnel)
    close(ballot, personnel, chairpersons, {"for": 4, "against": 1})
    appraisal.refresh_from_db()
    return appraisal


def scored(appraisal, personnel, committee, totals, deputies=None):
    svc.appraisal_hold_session(
        appraisal, user=personnel, held_on=datetime.date(2026, 9, 1), report="述职报告"
    )
    if deputies:
        svc.appraisal_deputy_scores(appraisal, user=personnel, **deputies)
    ballot = svc.appraisal_scoring_ballot(appraisal, user=personnel)
    close(ballot, personnel, committee, totals)
    appraisal.refresh_from_db()
    return appraisal


def test_deputies_submit_questions(deputy, member):
    topic = svc.topic_submit(
        user=deputy, year=2026, about="县教育局", text="学校布局调整？"
    )
    assert AppraisalTopic.objects.get() == topic
    with pytest.raises(CaseRefused):
        svc.topic_submit(user=member, year=2026, about="x", text="y")


def test_chairpersons_secret_vote_fixes_the_subject(tenure, personnel, chairpersons):
    appraisal = selected(tenure, 2026, personnel, chairpersons)
    assert appraisal.status == A.SELECTED
    other = svc.appraisal_propose(
        tenure=Tenure.objects.create(
            person=PersonFactory(),
            post=PostFactory(),
            start_date=datetime.date(2024, 1, 1),
        ),
        year=2026,
        user=personnel,
    )
    ballot = svc.appraisal_selection_ballot(other, user=personnel)
    close(ballot, personnel, chairpersons, {"for": 2, "against": 3})
    other.refresh_from_db()
    assert other.status == A.NOT_SELECTED


def test_satisfied_passes(tenure, personnel, chairpersons, committee):
    appraisal = selected(tenure, 2026, personnel, chairpersons)
    appraisal = scored(
        appraisal, personnel, committee, {"satisfied": 5, "dissatisfied": 1}
    )
    assert (appraisal.status, appraisal.outcome) == (A.PASSED, "satisfied")
    assert not Appraisal.objects.filter(year=2027).exists()


def test_invited_deputies_scores_count_towards_the_outcome(
    tenure, personnel, chairpersons, committee
):
    # Members alone: 2 of 6 approve (33%): 不满意. With 8 deputies of whom 7
    # approve: 9 of 14 (64%, above the 60% threshold), 3 satisfied: 基本满意.
    appraisal = selected(tenure, 2026, personnel, chairpersons)
    appraisal = scored(
        appraisal,
        personnel,
        committee,
        {"satisfied": 2, "dissatisfied": 4},
        deputies={"satisfied": 1, "basically_satisfied": 6, "dissatisfied": 1},
    )
    assert (appraisal.status, appraisal.outcome) == (A.PASSED, "basically_satisfied")


def test_invited_deputies_scores_refused_outside_the_scoring_stage(
    tenure, personnel, chairpersons
):
    appraisal = selected(tenure, 2026, personnel, chairpersons)
    with pytest.raises(CaseRefused):
        svc.appraisal_deputy_scores(
            appraisal,
            user=personnel,
            satisfied=1,
            basically_satisfied=0,
            dissatisfied=0,
        )


def test_invited_deputies_scores_page_records_the_totals(
    client, tenure, personnel, chairpersons, member
):
    from django.urls import reverse

    appraisal = selected(tenure, 2026, personnel, chairpersons)
    svc.appraisal_hold_session(
        appraisal, user=personnel, held_on=datetime.date(2026, 9, 1), report="述职"
    )
    url = reverse("appointments:appraisal_action", args=[appraisal.pk, "deputy_scores"])
    data = {"satisfied": 6, "basically_satisfied": 2, "dissatisfied": 1}
    client.force_login(member)
    assert client.post(url, data).status_code == 403
    client.force_login(personnel)
    assert client.post(url, data).status_code == 302
    appraisal.refresh_from_db()
    assert appraisal.deputies_satisfied == 6
    assert appraisal.deputies_dissatisfied == 1


def test_dissatisfied_rectifies_and_is_next_years_subject(
    tenure, personnel, chairpersons, committee
):
    appraisal = selected(tenure, 2026, personnel, chairpersons)
    appraisal = scored(
        appraisal, personnel, committee, {"satisfied": 1, "dissatisfied": 5}
    )
    assert (appraisal.status, appraisal.outcome) == (A.RECTIFICATION, "dissatisfied")
    assert appraisal.rectify_by is not None
    assert not appraisal.escalated
    follow = Appraisal.objects.get(year=2027)
    assert (follow.status, follow.carried_from) == (A.SELECTED, appraisal)


def test_second_dissatisfied_prompts_an_interpellation_never_drafts_it(
    tenure, personnel, chairpersons, committee
):
    first = selected(tenure, 2026, personnel, chairpersons)
    scored(first, personnel, committee, {"dissatisfied": 6})
    second = scored(
        Appraisal.objects.get(year=2027), personnel, committee, {"dissatisfied": 5}
    )
    assert second.escalated
    assert not second.interpellation_drafted
    notice = Notification.objects.get(kind="appointments.interpellation_prompt")
    assert notice.recipient == personnel
    draft = svc.interpellation_draft(second, user=personnel)
    second.refresh_from_db()
    assert second.interpellation_drafted
    # Drafted in the supervision app, against the official's organisation.
    assert draft.organization == tenure.post.organization
    assert "孟局长" in draft.subject


def test_interpellation_refused_without_two_failures(tenure, personnel, chairpersons):
    appraisal = selected(tenure, 2026, personnel, chairpersons)
    with pytest.raises(CaseRefused):
        svc.interpellation_draft(appraisal, user=personnel)


def test_session_refused_before_selection(tenure, personnel):
    appraisal = svc.appraisal_propose(tenure=tenure, year=2026, user=personnel)
    with pytest.raises(TransitionNotAllowed):
        svc.appraisal_hold_session(
            appraisal, user=personnel, held_on=datetime.date(2026, 9, 1), report="x"
        )


def test_appraisal_pages_and_refusals(
    client, tenure, personnel, chairpersons, committee, deputy, member
):
    from django.urls import reverse

    first = selected(tenure, 2026, personnel, chairpersons)
    scored(first, personnel, committee, {"dissatisfied": 6})
    second = scored(
        Appraisal.objects.get(year=2027), personnel, committee, {"dissatisfied": 5}
    )
    page = reverse("appointments:appraisal_detail", args=[second.pk])
    client.force_login(personnel)
    body = client.get(page).content.decode()
    assert 'data-testid="interpellation-prompt"' in body
    draft = reverse("appointments:appraisal_action", args=[second.pk, "interpellation"])
    assert client.get(draft).status_code == 200
    client.post(draft)
    second.refresh_from_db()
    assert second.interpellation_drafted
    client.force_login(member)
    assert client.get(page).status_code == 200
    assert client.post(draft).status_code == 403
    client.force_login(deputy)
    assert client.get(page).status_code == 404  # not published
    client.force_login(personnel)
    client.post(reverse("appointments:appraisal_action", args=[second.pk, "publish"]))
    client.force_login(deputy)
    assert client.get(page).status_code == 200


def test_deputy_question_form(client, deputy, member):
    from django.urls import reverse

    client.force_login(deputy)
    client.post(
        reverse("appointments:topic_create"),
        {"about": "县教育局局长", "text": "教师编制？"},
    )
    assert AppraisalTopic.objects.get().submitted_by == deputy
    client.force_login(member)
    assert client.get(reverse("appointments:topic_create")).status_code == 403
