"""Every list an editor: the reference lists are edited by office staff in the
admin, the ones an installation needs before any work have a default set from
a data migration, and a fresh installation (migrate, an office account, no
demo) can register and assign a suggestion."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from congress.models import Division, Meeting, Organization, Term
from congress.models.calendar import CalendarOverride
from deputies.models import Constituency, Deputy, DeputyGroup
from proposals.models import (
    Assignment,
    Category,
    LeaderInCharge,
    Proposal,
    ProposalStatus,
)
from tests.factories.congress import (
    DivisionFactory,
    MeetingFactory,
    OrganizationFactory,
    TermFactory,
)
from tests.factories.deputies import ConstituencyFactory, DeputyGroupFactory
from tests.factories.proposals import CategoryFactory

pytestmark = pytest.mark.django_db

# The lists an installation keeps for itself (the values every workflow picks
# from), with a factory for one row. A new reference list belongs here.
REFERENCE_LISTS = {
    Category: CategoryFactory,
    Division: DivisionFactory,
    Organization: OrganizationFactory,
    Term: TermFactory,
    Meeting: MeetingFactory,
    Constituency: ConstituencyFactory,
    DeputyGroup: DeputyGroupFactory,
    LeaderInCharge: lambda: LeaderInCharge.objects.create(
        name="王明", portfolio="教育、卫生健康"
    ),
    CalendarOverride: lambda: CalendarOverride.objects.create(
        date=datetime.date(2026, 10, 1), is_workday=False, name="国庆节"
    ),
}


def ensure_migration_defaults() -> None:
    """What `migrate` leaves in a fresh database: live-server and demo
    modules flush the test database, data migrations' rows included."""
    module = importlib.import_module("proposals.migrations.0007_default_categories")
    module.add_defaults(apps, None)


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", REFERENCE_LISTS, ids=lambda m: m.__name__)
def test_office_edits_each_reference_list_in_the_admin(client, office, model):
    row = REFERENCE_LISTS[model]()
    client.force_login(office)
    assert model in admin.site._registry, f"{model.__name__} has no admin"
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", row.pk),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    # The change form is editable, not read-only, for the office.
    assert "_save" in response.content.decode()


def test_fresh_installation_has_default_categories():
    ensure_migration_defaults()
    names = list(Category.objects.filter(is_active=True).values_list("name", flat=True))
    assert "社会保障" in names
    assert len(names) >= 5


def test_office_adds_and_retires_a_category(client, office):
    client.force_login(office)
    response = client.post(
        admin_url(Category, "add"),
        {"name": "民族宗教", "sort_order": "20", "is_active": "on"},
    )
    assert response.status_code == 302
    category = Category.objects.get(name="民族宗教")
    response = client.post(
        admin_url(Category, "change", category.pk),
        {"name": "民族宗教", "sort_order": "20"},
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert not category.is_active


def admin_add(client, model, data: dict) -> None:
    response = client.post(admin_url(model, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_fresh_installation_office_registers_and_assigns_a_suggestion(client, office):
    """migrate, an office account, then work: no demo data, no factories."""
    ensure_migration_defaults()
    client.force_login(office)
    admin_add(
        client, Term, {"number": "1", "start_date": "2026-01-01", "is_current": "on"}
    )
    admin_add(
        client,
        Organization,
        {
            "name": "县教育局",
            "kind": "government_department",
            "is_handling_unit": "on",
            "is_active": "on",
            "sort_order": "0",
        },
    )
    admin_add(
        client,
        Deputy,
        {
            "name": "张三",
            "gender": "male",
            "ethnicity": "汉族",
            "affiliation": "01",
            "employer_and_post": "城关镇农民",
            "mandates-TOTAL_FORMS": "1",
            "mandates-INITIAL_FORMS": "0",
            "mandates-0-level": "county",
            "mandates-0-term": str(Term.objects.get().pk),
        },
    )
    response = client.post(
        reverse("proposals:office_paper_entry"),
        {
            "lead_deputy": "张三",
            "title": "关于修缮村小学校舍的建议",
            "body": "校舍漏雨，建议尽快修缮。",
            "kind": "suggestion",
            "period": "recess",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    category = Category.objects.get(name="教科文卫")
    client.post(
        reverse("proposals:office_register"),
        {"proposals": [proposal.pk], "category": category.pk},
    )
    client.post(reverse("proposals:office_number"), {"proposals": [proposal.pk]})
    response = client.post(
        reverse("proposals:office_assign"),
        {
            "proposals": [proposal.pk],
            "lead": Organization.objects.get().pk,
            "assigned_on": "2026-06-01",
        },
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ASSIGNED
    assert Assignment.objects.get().organization.name == "县教育局"
