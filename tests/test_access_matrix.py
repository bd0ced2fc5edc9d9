"""Who may open what, asserted as declared.

1. Persona × URL: every portal URL, for every role and for anonymous users,
   answers as its access declaration says (`@public`, `@logged_in`,
   `@roles(...)`): anonymous users are sent to the login page unless the view
   is public; a role the view does not name gets 403; a role it names never
   gets 403 from the declaration (a page, a redirect, or 404 for the object
   pk=1 that does not exist) and nothing ever crashes.
2. Persona × object, on the demo county: each persona asks for the private
   pages of every other persona's objects (a deputy's drafts, ratings, file
   and report; an organisation's assignments and their steps) and gets
   403 or 404, never the page.
"""

import re

import pytest
from django.urls import reverse

from congress.access import LOGGED_IN, PUBLIC
from congress.models import User
from congress.roles import Role
from deputies.models import Deputy, PerformanceRecord
from proposals.access import organizations_acting_for
from proposals.models import Assignment, AssignmentStatus, Proposal, ProposalStatus
from tests.factories.congress import OrganizationFactory, UserFactory
from tests.test_project import portal_views

PERSONAS = [None, *Role]
REFUSED = {403, 404}
ANSWERED = {200, 302, 400, 404, 405}


def concrete(route: str) -> str:
    route = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", route)
    route = re.sub(r"<(\w+:)?\w+>", "1", route)
    return "/" + route


def expected(access, role) -> str:
    """'login', 'forbidden' or 'allowed' for a view's declaration and a role."""
    if access == PUBLIC:
        return "allowed"
    if role is None:
        return "login"
    if access == LOGGED_IN or role in access:
        return "allowed"
    return "forbidden"


def outcome(response, login_url: str) -> str:
    status = response.status_code
    if status == 302 and response["Location"].startswith(login_url):
        return "login"
    if status == 403:
        return "forbidden"
    if status in ANSWERED:
        return "allowed"
    return f"status {status}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", PERSONAS, ids=lambda role: str(role or "anonymous"))
def test_every_url_answers_each_role_as_declared(client, role):
    if role is not None:
        user = UserFactory(
            roles=[role], organization=OrganizationFactory(), is_staff=False
        )
        client.force_login(user)
    login_url = reverse("login")
    wrong = {}
    for route, view in portal_views():
        want = expected(view.access, role)
        got = outcome(client.get(concrete(route)), login_url)
        if got != want:
            wrong[route] = f"expected {want}, got {got}"
    assert not wrong, wrong


# Persona × object on the demo data ---------------------------------------------------

DEMO_DEPUTIES = ["deputy", "deputy2", "deputy3", "deputy4"]
DEMO_ORGANIZATIONS = ["liaison", "edu_head", "jt_liaison", "jt_head", "wj_liaison"]
OTHERS = ["member", "station"]


@pytest.fixture
def demo(demo_db, db):
    """The demo county (seeded once for the module)."""


def _deputy_urls(deputy: Deputy) -> list[str]:
    """The private pages of one deputy's objects."""
    urls = [
        reverse("deputies:detail", args=[deputy.pk]),
        reverse("deputy_reports:pdf", args=[deputy.pk, 2026]),
    ]
    own = Proposal.objects.filter(lead_deputy=deputy).order_by("pk")
    for status in (
        ProposalStatus.DRAFT,
        ProposalStatus.RETURNED,
        ProposalStatus.SUBMITTED,
    ):
        if item := own.filter(status=status).first():
            urls += [
                reverse("proposals:deputy_edit", args=[item.pk]),
                reverse("proposals:deputy_submit", args=[item.pk]),
                reverse("proposals:deputy_withdraw", args=[item.pk]),
            ]
    replied = Assignment.objects.filter(
        proposal__lead_deputy=deputy, status=AssignmentStatus.REPLIED
    ).first()
    if replied:
        urls.append(reverse("proposals:deputy_rate", args=[replied.pk]))
    if record := PerformanceRecord.objects.filter(deputy=deputy).first():
        urls.append(reverse("deputies:record_update", args=[record.pk]))
    return urls


ORG_STEPS = [
    "org_assignment",
    "org_accept",
    "org_contest",
    "org_extension",
    "org_contact",
    "org_reply",
    "org_reply_sign",
    "org_implementation",
    "org_reply_template",
    "reports_assignment_letter",
]


def _organization_urls(user: User) -> list[str]:
    assignments = Assignment.objects.filter(organization=user.organization_id)
    urls = []
    for assignment in assignments.order_by("status", "pk").distinct("status")[:3]:
        urls += [
            reverse(f"proposals:{name}", args=[assignment.pk]) for name in ORG_STEPS
        ]
    return urls


def _objects_of(username: str) -> list[str]:
    user = User.objects.get(username=username)
    if user.has_role(Role.DEPUTY):
        return _deputy_urls(Deputy.objects.get(user=user))
    return _organization_urls(user)


def _may_see_anyway(viewer: User, owner: User, url: str) -> bool:
    """Cases where the other persona is entitled to the object: the same
    organisation (a liaison and its head), or the government office acting
    for the departments."""
    if owner.organization_id and owner.organization_id in organizations_acting_for(
        viewer
    ):
        return True
    return viewer.pk == owner.pk


@pytest.mark.parametrize("viewer", DEMO_DEPUTIES + DEMO_ORGANIZATIONS + OTHERS)
def test_no_persona_opens_another_personas_objects(demo, client, viewer):
    viewer_user = User.objects.get(username=viewer)
    client.force_login(viewer_user)
    opened = {}
    for owner in DEMO_DEPUTIES + DEMO_ORGANIZATIONS:
        owner_user = User.objects.get(username=owner)
        urls = _objects_of(owner)
        assert urls, f"the demo gives {owner} no objects"
        for url in urls:
            if _may_see_anyway(viewer_user, owner_user, url):
                continue
            status = client.get(url).status_code
            if status not in REFUSED:
                opened[url] = (owner, status)
    assert not opened, opened
