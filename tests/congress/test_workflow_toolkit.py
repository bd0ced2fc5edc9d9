"""The workflow toolkit: machines that name the actor of each edge, the
lock-and-check helper, require_role and workspace panels."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress import workspaces
from congress.access import require_role
from congress.exceptions import TransitionNotAllowed
from congress.models import Ballot
from congress.roles import Role
from congress.workflow import SYSTEM, Machine, transition
from tests.factories.congress import UserFactory

pytestmark = pytest.mark.django_db
S = Ballot.Status
MACHINE = Machine(
    "test.Ballot",
    S,
    {
        S.DRAFT: {S.OPEN: {Role.OFFICE}},
        S.OPEN: {S.CLOSED: {Role.OFFICE, SYSTEM}},
        S.CLOSED: {},
    },
    register=False,
)


@pytest.fixture
def ballot(office):
    return Ballot.objects.create(
        title="表决", kind="vote", body="committee", mode="paper", pass_rule="x"
    )


def test_machine_refuses_a_missing_edge_naming_both_states(office):
    with pytest.raises(TransitionNotAllowed) as refused:
        MACHINE.check(S.DRAFT, S.CLOSED, office)

    assert "Draft" in str(refused.value) or "草稿" in str(refused.value)
    assert str(S.CLOSED.label) in str(refused.value)


def test_machine_refuses_an_edge_to_the_wrong_actor(office, deputy):
    assert MACHINE.may(S.DRAFT, S.OPEN, office)
    assert not MACHINE.may(S.DRAFT, S.OPEN, deputy)
    with pytest.raises(TransitionNotAllowed):
        MACHINE.check(S.DRAFT, S.OPEN, deputy)


def test_machine_lets_the_system_take_only_system_edges():
    assert MACHINE.may(S.OPEN, S.CLOSED, None)
    assert not MACHINE.may(S.DRAFT, S.OPEN, None)


def test_machine_refuses_an_inactive_user(office):
    office.is_active = False

    assert not MACHINE.may(S.DRAFT, S.OPEN, office)


def test_machine_rejects_unknown_states_and_duplicate_names():
    with pytest.raises(ValueError, match="unknown"):
        Machine("test.bad", S, {S.DRAFT: {"nowhere": {SYSTEM}}}, register=False)
    Machine("test.once", S, {S.DRAFT: {}, S.OPEN: {}, S.CLOSED: {}})
    with pytest.raises(ValueError, match="twice"):
        Machine("test.once", S, {S.DRAFT: {}, S.OPEN: {}, S.CLOSED: {}})
    from congress import workflow

    del workflow._machines["test.once"]


@pytest.mark.django_db(transaction=True)
def test_transition_locks_only_its_own_row_and_sets_the_state(ballot, office):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = transition(ballot, S.OPEN, machine=MACHINE, user=office)

    assert locked.status == S.OPEN
    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert len(locks) == 1
    assert locks[0].endswith('FOR UPDATE OF "congress_ballot"')
    ballot.refresh_from_db()
    assert ballot.status == S.DRAFT  # unsaved: the caller saves once


def test_require_role_refuses_other_roles(office, deputy):
    require_role(office, Role.OFFICE, Role.LEADER)
    with pytest.raises(PermissionDenied):
        require_role(deputy, Role.OFFICE)
    with pytest.raises(PermissionDenied):
        require_role(None, Role.OFFICE)


@pytest.fixture
def two_panels():
    saved = dict(workspaces._panels)
    workspaces.register_panel(
        Role.VIEWER,
        "a.waiting",
        title="待答复",
        order=2,
        count=lambda user: 3,
        url_name="notification_inbox",
    )
    workspaces.register_panel(
        Role.VIEWER, "b.info", title="本月安排", order=1, count=lambda user: None
    )
    yield
    workspaces._panels.clear()
    workspaces._panels.update(saved)


def test_workspace_shows_panels_of_every_app_in_order_with_counts(client, two_panels):
    viewer = UserFactory(username="t_viewer", roles=[Role.VIEWER])
    client.force_login(viewer)

    page = client.get(reverse("workspace_viewer")).content.decode()

    assert page.index("本月安排") < page.index("待答复")
    assert 'data-testid="panel-count">3<' in page
    assert reverse("notification_inbox") in page


def test_panel_keys_are_unique_per_role(two_panels):
    with pytest.raises(ValueError, match="twice"):
        workspaces.register_panel(Role.VIEWER, "a.waiting", title="x", order=1)
