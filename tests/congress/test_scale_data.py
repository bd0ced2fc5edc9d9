"""generate_scale_data: every app's generator, one profile, seeded."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from congress import scale

pytestmark = pytest.mark.django_db

TINY = scale.PROFILES["tiny"]
# Rows each app adds with the tiny profile (stations: one year of slots).
MODELS = [
    ("deputies", "Deputy"),
    ("deputies", "PerformanceRecord"),
    ("proposals", "Proposal"),
    ("proposals", "Assignment"),
    ("supervision", "Item"),
    ("appointments", "Case"),
    ("liaison_stations", "Station"),
    ("liaison_stations", "DutySlot"),
    ("liaison_stations", "Reception"),
]


def _counts() -> dict[tuple[str, str], int]:
    return {key: apps.get_model(*key).objects.count() for key in MODELS}


def test_generators_run_in_dependency_order():
    names = [name for name, _generator in scale.generators()]
    assert names == [
        "deputies",
        "proposals",
        "supervision",
        "appointments",
        "liaison_stations",
    ]


def test_tiny_profile_fills_every_app(settings):
    settings.DEBUG = False
    history = apps.get_model("deputies", "PerformanceRecordHistory").objects
    history_before = history.count()
    before = _counts()
    call_command("generate_scale_data", profile="tiny", yes=True, stdout=io.StringIO())
    added = {key: n - before[key] for key, n in _counts().items()}
    assert added["deputies", "Deputy"] == TINY.deputies
    assert added["deputies", "PerformanceRecord"] == TINY.records
    assert added["proposals", "Proposal"] == TINY.proposals
    assert added["proposals", "Assignment"] > 0
    assert added["supervision", "Item"] == (
        TINY.supervision_years * TINY.supervision_items
    )
    assert added["appointments", "Case"] == (
        TINY.appointment_years * TINY.appointments_per_year
    )
    assert added["liaison_stations", "Station"] == TINY.stations
    assert added["liaison_stations", "DutySlot"] > 50 * TINY.stations
    assert added["liaison_stations", "Reception"] > 0
    # Loaded behind the services, the stations' summaries are rebuilt.
    assert apps.get_model("liaison_stations", "StationMonthStats").objects.exists()
    # Synthetic: no history rows were written.
    assert history.count() == history_before


def test_same_seed_gives_the_same_proposal_titles():
    call_command(
        "generate_scale_data", profile="tiny", seed=7, yes=True, stdout=io.StringIO()
    )
    proposals = apps.get_model("proposals", "Proposal").objects
    first = list(proposals.order_by("pk").values_list("title", flat=True))
    proposals.all().delete()
    call_command(
        "generate_scale_data", profile="tiny", seed=7, yes=True, stdout=io.StringIO()
    )
    assert list(proposals.order_by("pk").values_list("title", flat=True)) == first


def test_refuses_without_debug_unless_yes(settings):
    settings.DEBUG = False
    before = _counts()
    with pytest.raises(CommandError):
        call_command("generate_scale_data", profile="tiny")
    assert _counts() == before
