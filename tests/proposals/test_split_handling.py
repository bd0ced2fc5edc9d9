"""Split handling (分口办理): a suggestion spanning several portfolios goes in
parts to organisations under different vice county heads; each part is
replied to the deputy, rated, closed and counted on its own."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from congress.choices import Satisfaction
from congress.exceptions import DomainError
from congress.models import Notification
from congress.roles import Role
from proposals import evaluations, scores, selectors, services
from proposals.letters import reply_letter_docx
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    ProposalStatus,
)
from tests.factories.congress import OrganizationFactory, UserFactory
from tests.factories.proposals import (
    ASSIGNED_ON,
    DUE,
    assigned,
    numbered,
    office_user,
    reply_sent,
    split_assigned,
)

pytestmark = pytest.mark.django_db

A = AssignmentStatus
SATISFIED, DISSATISFIED = Satisfaction.SATISFIED, Satisfaction.DISSATISFIED


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def parts(education, health, leaders):
    """A suggestion split in two: schools to education, clinics to health."""
    return split_assigned([(education, "学校扩建"), (health, "卫生院建设")])


def _rate(assignment, result=SATISFIED):
    return services.rating_submit(
        assignment,
        user=assignment.proposal.lead_deputy.user,
        attitude=SATISFIED,
        result=result,
    )


# Assignment -------------------------------------------------------------------


def test_each_part_is_a_split_assignment_under_its_own_leader(parts, leaders):
    wang, li = leaders
    school, clinic = parts
    assert [a.role for a in parts] == [AssignmentRole.SPLIT] * 2
    assert (school.part, clinic.part) == ("学校扩建", "卫生院建设")
    assert (school.leader_in_charge, clinic.leader_in_charge) == (wang, li)
    assert school.proposal.status == ProposalStatus.ASSIGNED


def test_a_part_may_name_another_leader_than_the_portfolio(education, health, leaders):
    wang, _li = leaders
    _school, clinic = split_assigned(
        [(education, "学校扩建"), (health, "卫生院建设", wang)]
    )
    assert clinic.leader_in_charge == wang


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("one part", "at least two parts"),
        ("no text", "which part"),
        ("with co", "no co-handling"),
        ("with lead", "lead organisation or split"),
        ("twice", "only once"),
    ],
)
def test_a_split_that_does_not_hold_is_refused(education, health, case, message):
    proposal = numbered()
    arguments = {
        "one part": {"parts": [services.SplitPart(education, "学校")]},
        "no text": {
            "parts": [
                services.SplitPart(education, "学校"),
                services.SplitPart(health, " "),
            ]
        },
        "with co": {
            "parts": [
                services.SplitPart(education, "学校"),
                services.SplitPart(health, "卫生院"),
            ],
            "co": [OrganizationFactory()],
        },
        "with lead": {
            "parts": [
                services.SplitPart(education, "学校"),
                services.SplitPart(health, "卫生院"),
            ],
            "lead": OrganizationFactory(),
        },
        "twice": {
            "parts": [
                services.SplitPart(education, "学校"),
                services.SplitPart(education, "幼儿园"),
            ]
        },
    }[case]
    with pytest.raises(DomainError, match=message):
        services.proposals_assign(
            [proposal], assigned_on=ASSIGNED_ON, user=office_user(), **arguments
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REGISTERED
    assert not Assignment.objects.exists()


def test_only_office_staff_split_an_item(education, health):
    proposal = numbered()
    with pytest.raises(PermissionDenied):
        services.proposals_assign(
            [proposal],
            parts=[
                services.SplitPart(education, "学校"),
                services.SplitPart(health, "卫生院"),
            ],
            assigned_on=ASSIGNED_ON,
            user=UserFactory(roles=[Role.ORG_LIAISON], organization=education),
        )
    assert not Assignment.objects.exists()


def test_the_database_refuses_a_split_part_without_its_part(education):
    lead = assigned(education)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Assignment.objects.filter(pk=lead.pk).update(role=AssignmentRole.SPLIT)


def test_a_relieved_part_goes_to_another_organisation_with_its_part(parts, leaders):
    school, _clinic = parts
    liaison = UserFactory(roles=[Role.ORG_LIAISON], organization=school.organization)
    services.assignment_contest(
        school, user=liaison, reason="不属于本单位职责", today=ASSIGNED_ON
    )
    other = OrganizationFactory(name="测试住建局")
    _old, new = services.assignment_relieve(
        school, user=office_user(), reassign_to=other, today=ASSIGNED_ON
    )
    assert (new.role, new.part, new.leader_in_charge) == (
        AssignmentRole.SPLIT,
        "学校扩建",
        leaders[0],
    )


# Replies and rating ---------------------------------------------------------


def test_each_part_replies_to_the_deputy_who_is_asked_to_rate_it(parts):
    school, _clinic = parts
    reply_sent(school)
    deputy_user = school.proposal.lead_deputy.user
    assert Notification.objects.filter(
        recipient=deputy_user, kind="proposals.reply_to_rate"
    ).exists()
    assert not Notification.objects.filter(kind="proposals.co_opinion").exists()


def test_two_parts_are_rated_apart_and_the_item_closes_when_both_are_done(parts):
    school, clinic = parts
    school = reply_sent(school)
    clinic = reply_sent(clinic)
    _rate(school)
    school.refresh_from_db()
    clinic.refresh_from_db()
    assert (school.status, clinic.status) == (A.DONE, A.REPLIED)
    with pytest.raises(DomainError, match="测试卫健局"):
        services.proposal_close(school.proposal, user=office_user())
    _rate(clinic)
    closed = services.proposal_close(school.proposal, user=office_user())
    assert closed.status == ProposalStatus.CLOSED


def test_a_dissatisfied_part_is_handled_again_alone(parts):
    school, clinic = (reply_sent(part) for part in parts)
    _rate(school, DISSATISFIED)
    _rate(clinic)
    school.refresh_from_db()
    clinic.refresh_from_db()
    assert (school.status, school.round) == (A.RE_HANDLING, 2)
    assert clinic.status == A.DONE


def test_only_the_lead_deputy_rates_a_part(parts):
    school = reply_sent(parts[0])
    with pytest.raises(PermissionDenied):
        services.rating_submit(
            school,
            user=UserFactory(roles=[Role.DEPUTY]),
            attitude=SATISFIED,
            result=SATISFIED,
        )
    school.refresh_from_db()
    assert school.status == A.REPLIED


def test_the_reply_letter_names_the_part_it_answers(parts):
    school = reply_sent(parts[0])
    with zipfile.ZipFile(io.BytesIO(reply_letter_docx(school))) as package:
        document = package.read("word/document.xml").decode()
    assert "学校扩建" in document


# Statistics and assessment ----------------------------------------------------


def test_statistics_count_each_part_under_its_own_leader(parts, leaders):
    wang, li = leaders
    school, clinic = parts
    _rate(reply_sent(school))
    reply_sent(clinic)
    stats = selectors.handling_statistics(term=school.proposal.term)
    rows = {row.label: row for row in stats.by_leader}
    assert (rows[str(wang)].assigned, rows[str(wang)].satisfied) == (1, 1)
    assert (rows[str(li)].assigned, rows[str(li)].replied) == (1, 1)
    assert rows[str(li)].rated == 0
    assert (stats.total.assigned, stats.total.co_handled) == (2, 0)


def test_each_part_counts_in_its_organisations_satisfaction(parts):
    school, clinic = (reply_sent(part) for part in parts)
    _rate(school)
    _rate(clinic, DISSATISFIED)
    year = timezone.localdate().year  # rated and evaluated now
    rows = {row.organization.name: row for row in scores.organization_ranking(year)}
    assert (rows["测试教育局"].rated, rows["测试教育局"].satisfaction) == (1, 100)
    assert (rows["测试卫健局"].rated, rows["测试卫健局"].satisfaction) == (1, 0)


def test_each_replied_part_is_evaluated_and_counts_for_its_organisation(parts):
    school, clinic = (reply_sent(part) for part in parts)
    leader = UserFactory(roles=[Role.LEADER])
    grades = dict.fromkeys(evaluations.DIMENSIONS, SATISFIED)
    evaluations.handling_evaluation_submit(school, user=leader, **grades)
    evaluations.handling_evaluation_submit(
        clinic, user=leader, **grades | {"overall": DISSATISFIED}
    )
    year = timezone.localdate().year  # rated and evaluated now
    rows = {row.organization.name: row for row in scores.organization_ranking(year)}
    assert rows["测试教育局"].evaluation == 100
    assert str(rows["测试卫健局"].evaluation) == "83.33"


# Pages ------------------------------------------------------------------------


def _split_post(proposal, education, health, **extra):
    return {
        "proposals": [proposal.pk],
        "mode": "split",
        "split_organization_1": education.pk,
        "split_part_1": "学校扩建",
        "split_organization_2": health.pk,
        "split_part_2": "卫生院建设",
        "assigned_on": ASSIGNED_ON.isoformat(),
        "due_date": DUE.isoformat(),
        **extra,
    }


def test_office_splits_an_item_on_the_assign_form(
    client, office, education, health, leaders
):
    wang, li = leaders
    proposal = numbered()
    client.force_login(office)
    page = client.get(reverse("proposals:office_assign")).content.decode()
    assert 'data-testid="split-rows"' in page
    response = client.post(
        reverse("proposals:office_assign"),
        _split_post(proposal, education, health, split_leader_2=wang.pk),
    )
    assert response.status_code == 302
    school, clinic = Assignment.objects.filter(proposal=proposal).order_by("pk")
    assert (school.role, school.part, school.leader_in_charge) == (
        AssignmentRole.SPLIT,
        "学校扩建",
        wang,
    )
    assert (clinic.part, clinic.leader_in_charge) == ("卫生院建设", wang)
    assert li not in (school.leader_in_charge, clinic.leader_in_charge)


def test_the_assign_form_wants_two_parts_each_with_its_text(
    client, office, education, health
):
    proposal = numbered()
    client.force_login(office)
    data = _split_post(proposal, education, health, split_part_2="")
    response = client.post(reverse("proposals:office_assign"), data)
    assert response.status_code == 200
    assert "Say which part of the item this organisation handles." in (
        response.content.decode()
    )
    del data["split_organization_2"]
    response = client.post(reverse("proposals:office_assign"), data)
    assert "Split handling needs at least two organisations." in (
        response.content.decode()
    )
    assert not Assignment.objects.exists()


def test_office_corrects_the_part_on_the_assignment_details_page(client, office, parts):
    school, _clinic = parts
    client.force_login(office)
    url = reverse("proposals:office_assignment_details", args=[school.pk])
    assert 'name="part"' in client.get(url).content.decode()
    client.post(url, {"part": "片区小学和幼儿园扩建", "handler": "钱股长"})
    school.refresh_from_db()
    assert (school.part, school.handler) == ("片区小学和幼儿园扩建", "钱股长")
    client.post(url, {"part": " "})
    school.refresh_from_db()
    assert school.part == "片区小学和幼儿园扩建"


def test_only_a_split_part_has_a_part_to_correct(client, office, education):
    lead = assigned(education)
    client.force_login(office)
    url = reverse("proposals:office_assignment_details", args=[lead.pk])
    assert 'name="part"' not in client.get(url).content.decode()
    with pytest.raises(DomainError):
        services.assignment_details_set(
            lead,
            user=office,
            leader_in_charge=None,
            handler="",
            supervisor="",
            part="学校",
        )


def test_a_deputy_cannot_use_the_assign_form(client, deputy, education, health):
    proposal = numbered()
    client.force_login(deputy)
    response = client.post(
        reverse("proposals:office_assign"), _split_post(proposal, education, health)
    )
    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_the_deputy_sees_each_part_and_rates_each(client, parts):
    school, clinic = (reply_sent(part) for part in parts)
    deputy_user = school.proposal.lead_deputy.user
    client.force_login(deputy_user)
    page = client.get(school.proposal.get_absolute_url()).content.decode()
    assert "学校扩建" in page
    assert "卫生院建设" in page
    for part in (school, clinic):
        assert f'data-testid="deputy-rate-{part.pk}"' in page
    url = reverse("proposals:deputy_rate", args=[clinic.pk])
    assert "卫生院建设" in client.get(url).content.decode()
    client.post(url, {"attitude": SATISFIED, "result": SATISFIED})
    clinic.refresh_from_db()
    school.refresh_from_db()
    assert (clinic.status, school.status) == (A.DONE, A.REPLIED)


def test_the_organisation_sees_the_part_it_handles(client, parts):
    school, _clinic = parts
    liaison = UserFactory(roles=[Role.ORG_LIAISON], organization=school.organization)
    client.force_login(liaison)
    page = client.get(reverse("proposals:org_assignment", args=[school.pk]))
    assert "学校扩建" in page.content.decode()
