"""Ballot pages: staff run a ballot, members vote online, results by audience."""

import pytest
from django.urls import reverse

from congress import ballots
from congress.models import Ballot, BallotVoter
from congress.roles import Role
from tests.factories.congress import UserFactory

Kind, Body, Mode, Rule = Ballot.Kind, Ballot.Body, Ballot.Mode, Ballot.PassRule


@pytest.fixture
def client(client):
    # English msgids in assertions; the catalogue is tested elsewhere.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def members(member):
    """Four committee members: the persona first."""
    return [
        member,
        *(UserFactory(username=f"bv{n}", roles=[Role.MEMBER]) for n in range(3)),
    ]


def make_ballot(office, *, mode=Mode.ONLINE, pass_rule=Rule.MAJORITY_OF_VOTING):
    return ballots.ballot_create(
        title="关于批准预算调整方案的表决",
        kind=Kind.VOTE,
        body=Body.COMMITTEE,
        mode=mode,
        pass_rule=pass_rule,
        user=office,
    )


def open_ballot(office, members, *, present=3, **kwargs) -> Ballot:
    return ballots.ballot_open(
        make_ballot(office, **kwargs),
        electorate=members,
        present=members[:present],
        user=office,
    )


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m.message)) for m in response.context["messages"]]


# The whole online journey


def test_online_ballot_journey_result_shows_counts_and_passed(client, office, members):
    client.force_login(office)
    response = client.post(
        reverse("ballot_create"),
        {
            "title": "关于批准预算调整方案的表决",
            "kind": Kind.VOTE,
            "body": Body.COMMITTEE,
            "mode": Mode.ONLINE,
            "pass_rule": Rule.MAJORITY_OF_VOTING,
        },
        follow=True,
    )
    ballot = Ballot.objects.get()
    assert response.redirect_chain[-1][0] == reverse("ballot_manage", args=[ballot.pk])
    response = client.post(
        reverse("ballot_open", args=[ballot.pk]),
        {
            "electorate": [m.pk for m in members],
            "present": [m.pk for m in members[:3]],
        },
        follow=True,
    )
    assert messages_of(response) == [("success", "The ballot is open.")]
    for voter, option in [(members[0], "for"), (members[1], "for")]:
        client.force_login(voter)
        response = client.post(
            reverse("ballot_vote", args=[ballot.pk]), {"option": option}, follow=True
        )
        assert messages_of(response) == [("success", "Your vote was recorded.")]
    client.force_login(office)
    manage = client.get(reverse("ballot_manage", args=[ballot.pk])).content.decode()
    client.post(reverse("ballot_close", args=[ballot.pk]))

    page = client.get(reverse("ballot_result", args=[ballot.pk]))

    assert 'data-testid="voted-count">2<' in manage
    assert 'data-testid="ballot-result"' not in manage  # no running totals
    assert page.context["rows"] == [("For", 2), ("Against", 0), ("Abstain", 0)]
    assert "Passed" in page.content.decode()
    ballot.refresh_from_db()
    assert (ballot.status, ballot.passed) == (Ballot.Status.CLOSED, True)


def test_ballot_create_invalid_form_shows_errors(client, office):
    client.force_login(office)

    response = client.post(reverse("ballot_create"), {"title": ""})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Ballot.objects.exists()


def test_ballot_open_without_quorum_shows_message(client, office, members):
    ballot = make_ballot(office)
    client.force_login(office)

    response = client.post(
        reverse("ballot_open", args=[ballot.pk]),
        {"electorate": [m.pk for m in members], "present": [members[0].pk]},
        follow=True,
    )

    assert messages_of(response) == [
        ("error", "1 of 4 members are present; the quorum is 1/2.")
    ]
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.DRAFT


def test_ballot_manage_draft_lists_committee_members(client, office, members):
    ballot = make_ballot(office)
    client.force_login(office)

    response = client.get(reverse("ballot_manage", args=[ballot.pk]))

    assert [row[0] for row in response.context["open_form"].rows()] == sorted(
        members, key=lambda m: (m.real_name, m.username)
    )


# Paper ballots


def test_paper_totals_are_saved(client, office, members):
    ballot = open_ballot(office, members, mode=Mode.PAPER)
    client.force_login(office)

    response = client.post(
        reverse("ballot_totals", args=[ballot.pk]),
        {"for": 2, "against": 1, "abstain": 0},
        follow=True,
    )

    assert messages_of(response) == [
        ("success", "The paper ballot totals have been saved.")
    ]
    assert dict(ballot.tallies.values_list("option", "count")) == {
        "for": 2,
        "against": 1,
        "abstain": 0,
    }


def test_paper_totals_over_count_refused_with_message(client, office, members):
    ballot = open_ballot(office, members, mode=Mode.PAPER)
    client.force_login(office)

    response = client.post(
        reverse("ballot_totals", args=[ballot.pk]),
        {"for": 3, "against": 1, "abstain": 0},
        follow=True,
    )

    assert response.status_code == 200
    assert messages_of(response) == [
        ("error", "4 votes were counted but only 3 members are present.")
    ]
    assert not ballot.tallies.exists()


def test_paper_totals_negative_shows_form_error(client, office, members):
    ballot = open_ballot(office, members, mode=Mode.PAPER)
    client.force_login(office)

    response = client.post(
        reverse("ballot_totals", args=[ballot.pk]),
        {"for": -1, "against": 0, "abstain": 0},
    )

    assert response.status_code == 400
    assert response.context["totals_form"].errors["for"]


# Closing and publishing


def test_ballot_close_get_shows_confirm_page(client, office, members):
    ballot = open_ballot(office, members)
    client.force_login(office)

    response = client.get(reverse("ballot_close", args=[ballot.pk]))

    assert "fixes the result for good" in response.content.decode()
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.OPEN


def test_ballot_close_refused_without_quorum_shows_message(client, office, members):
    ballot = open_ballot(office, members)
    # Presence is fixed at opening; a ballot edited outside the services must
    # still not close (see test_ballots).
    Ballot.objects.filter(pk=ballot.pk).update(present_count=2)
    client.force_login(office)

    response = client.post(reverse("ballot_close", args=[ballot.pk]), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [
        ("error", "2 of 4 members are present; the quorum is 1/2.")
    ]
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.OPEN


def test_ballot_close_twice_refused_with_message(client, office, members):
    ballot = ballots.ballot_close(open_ballot(office, members), user=office)
    client.force_login(office)

    response = client.post(reverse("ballot_close", args=[ballot.pk]), follow=True)

    assert [level for level, _text in messages_of(response)] == ["error"]


def test_ballot_publish_requires_post(client, office, members):
    ballot = ballots.ballot_close(open_ballot(office, members), user=office)
    client.force_login(office)

    assert client.get(reverse("ballot_publish", args=[ballot.pk])).status_code == 405
    client.post(reverse("ballot_publish", args=[ballot.pk]))

    ballot.refresh_from_db()
    assert ballot.published is True


# Members voting


def test_member_second_vote_refused(client, office, members):
    ballot = open_ballot(office, members)
    client.force_login(members[0])
    url = reverse("ballot_vote", args=[ballot.pk])
    client.post(url, {"option": "for"}, follow=True)

    response = client.post(url, {"option": "against"}, follow=True)

    assert messages_of(response) == [
        ("error", "You have already voted on this ballot.")
    ]
    assert list(ballot.votes.values_list("option", flat=True)) == ["for"]


def test_vote_page_warns_that_the_choice_is_secret_and_final(client, office, members):
    ballot = open_ballot(office, members)
    client.force_login(members[0])

    page = client.get(reverse("ballot_vote", args=[ballot.pk])).content.decode()

    assert "Your choice is secret" in page
    assert 'type="radio" name="option" value="abstain"' in page


def test_vote_without_choice_shows_form_error(client, office, members):
    ballot = open_ballot(office, members)
    client.force_login(members[0])

    response = client.post(reverse("ballot_vote", args=[ballot.pk]), {})

    assert response.context["form"].errors["option"]
    assert not BallotVoter.objects.filter(voted=True).exists()


def test_absent_member_gets_404_on_vote_page(client, office, members):
    ballot = open_ballot(office, members, present=3)
    client.force_login(members[3])

    assert client.get(reverse("ballot_vote", args=[ballot.pk])).status_code == 404
    response = client.post(reverse("ballot_vote", args=[ballot.pk]), {"option": "for"})
    assert response.status_code == 404


def test_member_outside_electorate_gets_404_on_vote_page(client, office, members):
    ballot = ballots.ballot_open(
        make_ballot(office), electorate=members[1:], present=members[1:], user=office
    )
    client.force_login(members[0])

    assert client.get(reverse("ballot_vote", args=[ballot.pk])).status_code == 404


def test_vote_list_shows_waiting_ballots_and_own_results(client, office, members):
    waiting = open_ballot(office, members)
    voted = open_ballot(office, members)
    ballots.ballot_cast(voted, voter=members[0], option="for")
    closed = ballots.ballot_close(open_ballot(office, members), user=office)
    elsewhere = ballots.ballot_close(
        ballots.ballot_open(
            make_ballot(office),
            electorate=members[1:],
            present=members[1:],
            user=office,
        ),
        user=office,
    )
    client.force_login(members[0])

    response = client.get(reverse("ballot_vote_list"))

    assert list(response.context["waiting"]) == [waiting]
    assert list(response.context["page_obj"]) == [closed]
    assert elsewhere not in response.context["page_obj"]


# Results by audience


def test_result_visible_to_electorate_before_publishing(client, office, members):
    ballot = ballots.ballot_close(open_ballot(office, members), user=office)
    client.force_login(members[3])  # absent, but in the electorate

    assert client.get(reverse("ballot_result", args=[ballot.pk])).status_code == 200


def test_deputy_sees_result_only_after_publishing(client, office, members, deputy):
    ballot = ballots.ballot_close(open_ballot(office, members), user=office)
    client.force_login(deputy)
    url = reverse("ballot_result", args=[ballot.pk])

    assert client.get(url).status_code == 404
    ballots.ballot_publish(ballot, user=office)
    assert client.get(url).status_code == 200


def test_result_of_open_ballot_is_404_even_for_staff(client, office, members):
    ballot = open_ballot(office, members)
    client.force_login(office)

    assert client.get(reverse("ballot_result", args=[ballot.pk])).status_code == 404


# Access


STAFF_PAGES = [
    ("ballot_list", False),
    ("ballot_create", False),
    ("ballot_manage", True),
    ("ballot_close", True),
]
MEMBER_PAGES = [("ballot_vote_list", False), ("ballot_vote", True)]


@pytest.mark.parametrize(("name", "with_pk"), STAFF_PAGES)
def test_staff_pages_forbidden_to_deputy(client, office, deputy, name, with_pk):
    ballot = make_ballot(office)
    client.force_login(deputy)

    response = client.get(reverse(name, args=[ballot.pk] if with_pk else []))

    assert response.status_code == 403


@pytest.mark.parametrize(
    "name", ["ballot_open", "ballot_totals", "ballot_close", "ballot_publish"]
)
def test_staff_transitions_forbidden_to_member(client, office, member, name):
    ballot = make_ballot(office)
    client.force_login(member)

    assert client.post(reverse(name, args=[ballot.pk])).status_code == 403


def test_vote_pages_forbidden_to_deputy(client, office, members, deputy):
    ballot = open_ballot(office, members)
    client.force_login(deputy)

    assert client.get(reverse("ballot_vote_list")).status_code == 403
    assert client.get(reverse("ballot_vote", args=[ballot.pk])).status_code == 403


@pytest.mark.parametrize(
    ("name", "with_pk"),
    [*STAFF_PAGES, *MEMBER_PAGES, ("ballot_result", True)],
)
def test_anonymous_redirected_to_login(client, office, name, with_pk):
    ballot = make_ballot(office)

    response = client.get(reverse(name, args=[ballot.pk] if with_pk else []))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Query counts


@pytest.mark.parametrize("count", [3, 6])
def test_staff_ballot_list_query_count_is_fixed(
    client, office, members, count, django_assert_num_queries
):
    for n in range(count):
        ballot = open_ballot(office, members) if n % 2 else make_ballot(office)
        if n % 3 == 0 and ballot.status == Ballot.Status.OPEN:
            ballots.ballot_close(ballot, user=office)
    client.force_login(office)

    # 1 session, 2 user, 3 the user's groups (roles, cached on the user for
    # the navbar too), 4 paginator count, 5 the navbar's unread notices,
    # 6 the page of ballots with their voted counts (a subquery).
    with django_assert_num_queries(6):
        response = client.get(reverse("ballot_list"))

    assert len(response.context["page_obj"]) == count
