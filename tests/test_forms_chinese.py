"""Every form of the portal reads in Chinese: rendered in zh-hans, no option,
empty choice or label is English (ASCII letters only), e.g. Django 6's
"- Select an option -" or a choice without a translation."""

import datetime
import importlib
import inspect
import pkgutil
import re
from types import SimpleNamespace

import pytest
from django import forms
from django.db.models import Value
from django.utils import translation

from appointments.models import Case
from congress import notifications
from congress.ballots import ballot_create
from congress.roles import Role
from deputies.models import Deputy, PerformanceRecord
from supervision.models import OpinionCard
from tests.factories.congress import (
    DivisionFactory,
    MeetingFactory,
    OrganizationFactory,
    TermFactory,
    UserFactory,
)
from tests.factories.deputies import DeputyGroupFactory, MandateFactory
from tests.factories.liaison_stations import StationFactory
from tests.factories.proposals import CategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db

PORTAL_APPS = [
    "congress",
    "deputies",
    "proposals",
    "supervision",
    "appointments",
    "liaison_stations",
]
SKIPPED_PARTS = {"migrations", "management", "admin", "tests"}
OPTION = re.compile(r"<option[^>]*>(.*?)</option>", re.S)
LABEL = re.compile(r"<label[^>]*>(.*?)</label>", re.S)
ENGLISH = re.compile(r"^[\x00-\x7f]*[A-Za-z][\x00-\x7f]*$")


def portal_forms() -> list[type[forms.BaseForm]]:
    found = {}
    for app in PORTAL_APPS:
        try:
            package = importlib.import_module(app)
        except ImportError:
            continue
        names = [app] + [
            info.name
            for info in pkgutil.walk_packages(package.__path__, f"{app}.")
            if not SKIPPED_PARTS & set(info.name.split("."))
        ]
        for name in names:
            module = importlib.import_module(name)
            for value in vars(module).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == name
                ):
                    found[f"{name}.{value.__name__}"] = value
    return [found[key] for key in sorted(found)]


@pytest.fixture
def arguments(db):
    """Values for the keyword arguments forms require, by name."""
    organization = OrganizationFactory(is_handling_unit=True)
    user = UserFactory(roles=[Role.OFFICE], organization=organization)
    term = TermFactory()
    DivisionFactory()
    meeting = MeetingFactory(term=term)
    DeputyGroupFactory(term=term)
    CategoryFactory()
    lead = MandateFactory(term=term).deputy
    ballot = ballot_create(
        title="关于某项决定的表决",
        kind="vote",
        body="committee",
        mode="online",
        pass_rule="majority_of_all",
        user=user,
    )
    return {
        "user": user,
        "lead": lead,
        "proposal": ProposalFactory(lead_deputy=lead),
        "ballot": ballot,
        "initial_choices": notifications.notification_preferences_for(user),
        "groups": notifications.preference_groups(user),
        "deputies": Deputy.objects.annotate(
            attendance_status=Value(""), is_member=Value(False)
        ),
        "term": term,
        "records": PerformanceRecord.objects.all(),
        "cases": Case.objects.all(),
        "today": datetime.date(2026, 12, 7),
        "meeting": meeting,
        "station": StationFactory(),
        "exclude": 0,
        # Read for a year and seats (the 民生实事 vote), for its cards (the
        # session's opinion report): stand-ins carry just those.
        "vote": SimpleNamespace(year=2026, seats=5),
        "report": SimpleNamespace(cards=OpinionCard.objects),
    }


def build(form_class, arguments):
    if issubclass(form_class, forms.ModelForm) and form_class._meta.model is None:
        pytest.skip(f"{form_class.__name__} is a base class without a model")
    required = [
        parameter.name
        for parameter in inspect.signature(form_class.__init__).parameters.values()
        if parameter.kind in (parameter.KEYWORD_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        and parameter.default is parameter.empty
        and parameter.name != "self"
    ]
    if missing := [name for name in required if name not in arguments]:
        # Skipped, and named, so that a new form's arguments get added here.
        pytest.skip(f"{form_class.__name__} needs {missing}: add them to `arguments`")
    return form_class(**{name: arguments[name] for name in required})


def english(html: str) -> list[str]:
    texts = [re.sub(r"<[^>]+>", "", t).strip() for t in OPTION.findall(html)]
    texts += [re.sub(r"<[^>]+>", "", t).strip() for t in LABEL.findall(html)]
    return [text for text in texts if ENGLISH.match(text)]


def test_portal_forms_are_found():
    names = {form.__name__ for form in portal_forms()}
    assert {"RecordForm", "ProposalSearchForm", "PaperEntryForm"} <= names


@pytest.mark.parametrize("form_class", portal_forms(), ids=lambda f: f.__name__)
def test_form_reads_in_chinese(form_class, arguments):
    with translation.override("zh-hans"):
        html = build(form_class, arguments).as_p()
        assert english(html) == [], form_class
