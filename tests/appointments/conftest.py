"""Appointments fixtures: the personnel working committee's staff, a
committee of seven members, a meeting and a helper that makes cases."""

import datetime

import pytest

from appointments import services
from appointments.models import AppointmentSettings, ChecklistItem
from congress.models import Organization
from congress.roles import Role
from tests.factories.appointments import PersonFactory, PostFactory
from tests.factories.congress import MeetingFactory, OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _reference_lists(request):
    """The data migration's lists; transactional tests elsewhere flush them."""
    uses_db = "db" in request.fixturenames or request.node.get_closest_marker(
        "django_db"
    )
    if not uses_db:
        return
    from appointments.defaults import install_defaults
    from appointments.models import StepOrder, Topic

    request.getfixturevalue("db")
    install_defaults(StepOrder, ChecklistItem, Topic)


@pytest.fixture
def personnel_body(db):
    body = OrganizationFactory(
        name="人事代表工作委员会", kind=Organization.Kind.WORKING_BODY
    )
    AppointmentSettings.objects.update_or_create(
        pk=1, defaults={"personnel_body": body}
    )
    return body


@pytest.fixture
def personnel(personnel_body):
    return UserFactory(
        username="t_personnel", roles=[Role.OFFICE], working_body=personnel_body
    )


@pytest.fixture
def committee(db):
    """Seven members (the statutory roll): majority of all is four."""
    return [UserFactory(username=f"t_cm{n}", roles=[Role.MEMBER]) for n in range(7)]


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        start_date=datetime.date(2026, 6, 26), end_date=datetime.date(2026, 6, 27)
    )


@pytest.fixture
def nominating_body(db):
    return OrganizationFactory(name="测试县人民政府", kind=Organization.Kind.GOVERNMENT)


@pytest.fixture
def make_case(personnel, meeting, nominating_body):
    def make(case_type="appoint", *, person=None, post=None, **kwargs):
        kwargs.setdefault("meeting", meeting)
        return services.case_create(
            case_type=case_type,
            person=person or PersonFactory(),
            post=post or PostFactory(),
            nominating_body=nominating_body,
            user=personnel,
            letter_number="测政任〔2026〕3号",
            **kwargs,
        )

    return make


def tick_checks(case, user):
    for check in case.checks.select_related("item"):
        dates = {}
        if check.item.with_dates:
            dates = {
                "period_start": datetime.date(2026, 6, 1),
                "period_end": datetime.date(2026, 6, 7),
            }
        services.check_record(
            check, user=user, done_on=datetime.date(2026, 6, 8), **dates
        )


def no_checklist():
    ChecklistItem.objects.update(is_active=False)
