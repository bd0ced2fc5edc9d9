import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from congress import demo
from congress.models import Division, Meeting, Organization, User
from congress.roles import Role

pytestmark = pytest.mark.django_db

WORKSPACES = {
    "office": "workspace_office",
    "member": "workspace_member",
    "deputy": "workspace_deputy",
    "liaison": "workspace_org_liaison",
    "station": "workspace_station_manager",
    "security": "workspace_security_admin",
    "auditor": "workspace_audit_admin",
}


def counts():
    return [model.objects.count() for model in (Division, Organization, Meeting, User)]


def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("seed_demo")
    assert counts() == first
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    before = User.objects.count()
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert User.objects.count() == before


@pytest.mark.parametrize(("username", "workspace"), WORKSPACES.items())
def test_each_demo_account_lands_in_its_workspace(demo_db, client, username, workspace):
    client.post(
        reverse("login"), {"username": username, "password": demo.DEMO_PASSWORD}
    )
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(workspace)


def test_leader_holds_two_roles_and_sees_the_switcher(demo_db, client):
    client.post(reverse("login"), {"username": "leader", "password": "congress-demo"})
    page = client.get(reverse("home")).content.decode()
    assert reverse("workspace_leader") in page
    assert User.objects.get(username="leader").roles == [Role.LEADER, Role.MEMBER]


def test_demo_admin_reaches_the_admin(demo_db, client):
    client.post(reverse("login"), {"username": "admin", "password": "congress-demo"})
    assert client.get(reverse("admin:index")).status_code == 200


def test_demo_office_reaches_the_admin_by_role(demo_db, client):
    client.post(reverse("login"), {"username": "office", "password": "congress-demo"})
    assert (
        client.get(reverse("admin:congress_organization_changelist")).status_code == 200
    )


def test_seed_demo_leaves_unread_notices_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    deputy = User.objects.get(username="deputy")
    welcome = deputy.notifications.filter(kind__startswith="congress.")
    assert welcome.filter(read_at__isnull=True).count() == 2
