"""Every persona × every portal URL: a page or a refusal, never a crash.

Object-level refusals (404/403 for someone else's file, assignment, ...) are
tested per app; this matrix catches views that fail for a role nobody thought
of.
"""

import re

import pytest

from congress.roles import Role
from tests.factories.congress import OrganizationFactory, UserFactory
from tests.test_project import portal_views

PERSONAS = [None, *Role]
EXPECTED = {200, 302, 400, 403, 404, 405}


def concrete(route: str) -> str:
    route = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", route)
    route = re.sub(r"<(int:)?\w+>", "1", route)
    return "/" + route


@pytest.mark.django_db
@pytest.mark.parametrize("role", PERSONAS, ids=lambda role: str(role or "anonymous"))
def test_no_url_crashes_for_any_persona(client, role):
    if role is not None:
        user = UserFactory(
            roles=[role], organization=OrganizationFactory(), is_staff=False
        )
        client.force_login(user)
    failures = {}
    for route, _view in portal_views():
        status = client.get(concrete(route)).status_code
        if status not in EXPECTED:
            failures[route] = status
    assert not failures, failures
