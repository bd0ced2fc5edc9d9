"""Terms and elections: opening a term, ending its mandates, importing the
results into the new term, carrying deputies over, by-elections."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from congress.exceptions import DomainError
from congress.models import Term
from deputies import elections, services
from deputies.imports import registry_import
from deputies.models import Deputy, Level, Mandate, MandateStatus, RecordStatus
from deputies.resources import DeputyResource
from tests.factories.congress import DivisionFactory, TermFactory
from tests.factories.deputies import (
    ConstituencyFactory,
    DeputyFactory,
    MandateFactory,
    PerformanceRecordFactory,
    id_number_for,
)

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
NEW_START = datetime.date(2027, 1, 5)
OLD_END = datetime.date(2027, 1, 4)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime.datetime(2027, 3, 1, 9, 0, tzinfo=SHANGHAI), tick=True
    ):
        yield


@pytest.fixture
def old_term(db):
    return TermFactory()  # the 9th, current, from 2022-01-10


def open_new(office) -> Term:
    return elections.term_open(number=10, start_date=NEW_START, user=office)


# Opening a term -----------------------------------------------------------


def test_term_open_makes_the_new_term_current_and_ends_the_old(old_term, office):
    new = open_new(office)
    old_term.refresh_from_db()
    assert new.is_current
    assert (new.number, new.start_date, new.end_date) == (10, NEW_START, None)
    assert not old_term.is_current
    assert old_term.end_date == OLD_END
    assert Term.objects.get(is_current=True) == new


@pytest.mark.parametrize("number", [8, 9])
def test_term_open_refuses_a_number_not_above_the_current(old_term, office, number):
    with pytest.raises(DomainError):
        elections.term_open(number=number, start_date=NEW_START, user=office)
    assert Term.objects.get(is_current=True) == old_term


@pytest.mark.parametrize(
    "start", [datetime.date(2021, 1, 1), datetime.date(2022, 1, 10)]
)
def test_term_open_refuses_a_start_not_after_the_current(old_term, office, start):
    with pytest.raises(DomainError):
        elections.term_open(number=10, start_date=start, user=office)
    old_term.refresh_from_db()
    assert old_term.is_current
    assert old_term.end_date is None


def test_term_open_is_office_only(old_term, leader):
    with pytest.raises(PermissionDenied):
        open_new(leader)


# Ending the old term's mandates ------------------------------------------------


def test_term_close_mandates_ends_open_mandates_on_the_end_date(old_term, office):
    serving = MandateFactory(term=old_term)
    suspended = MandateFactory(term=old_term, status=MandateStatus.SUSPENDED)
    resigned = services.mandate_terminate(
        MandateFactory(term=old_term),
        ground="resignation",
        date=datetime.date(2024, 5, 6),
        reason="辞职",
        user=office,
    )
    open_new(office)
    old_term.refresh_from_db()

    assert elections.term_close_mandates(old_term, user=office) == 2

    for mandate in (serving, suspended):
        mandate.refresh_from_db()
        assert (mandate.status, mandate.status_date) == ("term_ended", OLD_END)
    resigned.refresh_from_db()
    assert (resigned.status, resigned.status_date) == (
        "terminated",
        datetime.date(2024, 5, 6),
    )
    assert elections.term_close_mandates(old_term, user=office) == 0


def test_term_close_mandates_leaves_pending_records_with_the_deputy(old_term, office):
    record = PerformanceRecordFactory(deputy=MandateFactory(term=old_term).deputy)
    open_new(office)
    elections.term_close_mandates(Term.objects.get(number=9), user=office)
    record.refresh_from_db()
    assert record.status == RecordStatus.PENDING


def test_term_close_mandates_refuses_the_current_term(old_term, office):
    mandate = MandateFactory(term=old_term)
    with pytest.raises(DomainError):
        elections.term_close_mandates(old_term, user=office, on=OLD_END)
    mandate.refresh_from_db()
    assert mandate.status == MandateStatus.SERVING


def test_term_close_mandates_is_office_only(old_term, office, leader):
    open_new(office)
    with pytest.raises(PermissionDenied):
        elections.term_close_mandates(Term.objects.get(number=9), user=leader)


# Importing the election results into the new term ---------------------------


def results_xlsx(rows: list[dict]) -> SimpleUploadedFile:
    """A results spreadsheet with the registry template's headers."""
    headers = [f.column_name for f in DeputyResource().get_import_fields()]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(header, "") for header in headers])
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile("选举结果.xlsx", output.getvalue())


def result_row(deputy: Deputy, **overrides) -> dict:
    return {
        "姓名": deputy.name,
        "性别": "男",
        "民族": "汉族",
        "身份证号码": deputy.id_number,
        "政治面貌": "中共党员",
        "工作单位及职务": "城关镇镇长",
        "代表构成": "干部",
        "代表层级": "县人大代表",
        "职务代表": "否",
        **overrides,
    }


def test_import_after_term_open_keeps_the_re_elected_deputy(old_term, office):
    old = MandateFactory(term=old_term, deputy__id_number=id_number_for(1))
    record = PerformanceRecordFactory(deputy=old.deputy)
    new_term = open_new(office)
    constituency = ConstituencyFactory(term=new_term, number=3, name="第三选区")
    newcomer = {
        "姓名": "李新",
        "性别": "女",
        "民族": "汉族",
        "身份证号码": id_number_for(2),
        "政治面貌": "群众",
        "工作单位及职务": "个体户",
        "代表构成": "农民",
        "代表层级": "县人大代表",
        "职务代表": "否",
    }

    registry_import(
        results_xlsx([result_row(old.deputy, 选区="第三选区"), newcomer]), user=office
    )
    elections.term_close_mandates(Term.objects.get(number=9), user=office)

    deputy = Deputy.objects.get(id_number=id_number_for(1))
    assert deputy.pk == old.deputy.pk
    assert deputy.employer_and_post == "城关镇镇长"
    assert deputy.records.get() == record
    mandates = {m.term.number: m for m in deputy.mandates.select_related("term")}
    assert set(mandates) == {9, 10}
    assert mandates[9].status == MandateStatus.TERM_ENDED
    assert mandates[10].status == MandateStatus.SERVING
    assert mandates[10].constituency == constituency
    assert mandates[10].elected_on == new_term.start_date
    assert Deputy.objects.get(name="李新").mandates.get().term == new_term


# Carrying re-elected deputies over --------------------------------------------


def test_mandates_carry_over_copies_level_and_division(old_term, office):
    division = DivisionFactory(name="城关镇")
    county = MandateFactory(term=old_term, division=division)
    county.constituency = ConstituencyFactory(term=old_term, number=1)
    county.save()
    township = MandateFactory(term=old_term, deputy=county.deputy, level=Level.TOWNSHIP)
    new_term = open_new(office)

    created = elections.mandates_carry_over(
        [county.deputy], from_term=old_term, to_term=new_term, user=office
    )

    assert {(m.level, m.division_id) for m in created} == {
        (Level.COUNTY, division.pk),
        (Level.TOWNSHIP, township.division_id),
    }
    for mandate in created:
        mandate.refresh_from_db()
        assert mandate.term == new_term
        assert mandate.status == MandateStatus.SERVING
        assert mandate.elected_on == NEW_START
        assert mandate.constituency is None
        assert not mandate.by_election
    again = elections.mandates_carry_over(
        [county.deputy], from_term=old_term, to_term=new_term, user=office
    )
    assert again == []


def test_mandates_carry_over_refuses_a_deputy_without_a_mandate(old_term, office):
    carried = MandateFactory(term=old_term).deputy
    stranger = DeputyFactory(name="张无")
    new_term = open_new(office)
    with pytest.raises(DomainError, match="张无"):
        elections.mandates_carry_over(
            [carried, stranger], from_term=old_term, to_term=new_term, user=office
        )
    assert not Mandate.objects.filter(term=new_term).exists()


# By-elections ----------------------------------------------------------------


def by_elect(deputy, term, user, **kwargs):
    return elections.mandate_by_election(
        deputy,
        level=kwargs.pop("level", Level.COUNTY),
        term=term,
        elected_on=kwargs.pop("elected_on", datetime.date(2026, 4, 2)),
        user=user,
        **kwargs,
    )


def test_mandate_by_election_creates_a_by_elected_serving_mandate(old_term, office):
    constituency = ConstituencyFactory(term=old_term, number=4)
    mandate = by_elect(DeputyFactory(), old_term, office, constituency=constituency)
    mandate.refresh_from_db()
    assert mandate.by_election
    assert mandate.status == MandateStatus.SERVING
    assert mandate.elected_on == mandate.status_date == datetime.date(2026, 4, 2)
    assert mandate.constituency == constituency


def test_mandate_by_election_refuses_a_seat_already_held(old_term, office):
    held = MandateFactory(term=old_term)
    with pytest.raises(DomainError):
        by_elect(held.deputy, old_term, office)
    assert held.deputy.mandates.count() == 1


def test_mandate_by_election_allows_another_level(old_term, office):
    held = MandateFactory(term=old_term)
    by_elect(held.deputy, old_term, office, level=Level.TOWNSHIP)
    assert held.deputy.mandates.count() == 2


@pytest.mark.parametrize(
    "elected_on", [datetime.date(2021, 12, 31), datetime.date(2027, 3, 2)]
)
def test_mandate_by_election_refuses_a_date_outside_the_term(
    old_term, office, elected_on
):
    with pytest.raises(DomainError):
        by_elect(DeputyFactory(), old_term, office, elected_on=elected_on)


def test_mandate_by_election_is_office_only(old_term, leader):
    with pytest.raises(PermissionDenied):
        by_elect(DeputyFactory(), old_term, leader)


# The overview ------------------------------------------------------------------


def test_terms_overview_counts_by_level_status_and_by_election(old_term, office):
    MandateFactory.create_batch(2, term=old_term)
    MandateFactory(term=old_term, level=Level.TOWNSHIP)
    by_elect(DeputyFactory(), old_term, office)
    new_term = open_new(office)
    MandateFactory(term=new_term)
    elections.term_close_mandates(Term.objects.get(number=9), user=office)

    old, new = elections.terms_overview()[1], elections.terms_overview()[0]
    assert new.term == new_term
    assert old.counts == {
        Level.COUNTY: {MandateStatus.TERM_ENDED: 3},
        Level.TOWNSHIP: {MandateStatus.TERM_ENDED: 1},
    }
    assert (old.by_elections, old.total, old.open_mandates) == (1, 4, 0)
    assert (new.total, new.open_mandates, new.by_elections) == (1, 1, 0)


@pytest.mark.parametrize("terms", [2, 4])
def test_terms_overview_query_count(db, django_assert_num_queries, terms):
    for number in range(1, terms + 1):
        term = TermFactory(
            number=number,
            start_date=datetime.date(2000 + 5 * number, 1, 1),
            is_current=number == terms,
        )
        MandateFactory.create_batch(2, term=term)
    # 1: the terms; 2: the mandates counted by term, level, status, by-election.
    with django_assert_num_queries(2):
        assert len(elections.terms_overview()) == terms


# Pages ---------------------------------------------------------------------


def test_terms_page_lists_the_terms_with_counts(client, office, old_term):
    MandateFactory.create_batch(3, term=old_term)
    client.force_login(office)
    response = client.get(reverse("deputies:terms"))
    assert response.status_code == 200
    assert response.context["form"]["number"].value() == 10
    assert response.context["overview"][0].total == 3


def test_terms_page_opens_a_term(client, office, old_term):
    client.force_login(office)
    response = client.post(
        reverse("deputies:terms"), {"number": "10", "start_date": "2027-01-05"}
    )
    assert response.status_code == 302
    assert Term.objects.get(is_current=True).number == 10


def test_terms_page_shows_a_refused_opening(client, office, old_term):
    client.force_login(office)
    response = client.post(
        reverse("deputies:terms"), {"number": "9", "start_date": "2027-01-05"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Term.objects.get(is_current=True) == old_term


def test_term_close_page_confirms_then_ends_the_mandates(client, office, old_term):
    mandate = MandateFactory(term=old_term)
    open_new(office)
    client.force_login(office)
    url = reverse("deputies:term_close", args=[old_term.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert page.context["open_mandates"] == 1
    mandate.refresh_from_db()
    assert mandate.status == MandateStatus.SERVING

    assert client.post(url).status_code == 302
    mandate.refresh_from_db()
    assert (mandate.status, mandate.status_date) == ("term_ended", OLD_END)


def test_by_election_page_records_a_by_election(client, office, old_term):
    deputy = DeputyFactory(name="赵补")
    client.force_login(office)
    response = client.post(
        reverse("deputies:by_election"),
        {"deputy": "赵补", "level": "county", "elected_on": "2026-04-02"},
    )
    assert response.status_code == 302
    mandate = deputy.mandates.get()
    assert (mandate.term, mandate.by_election) == (old_term, True)


@pytest.mark.parametrize("name", ["不存在", "同名"])
def test_by_election_page_refuses_an_unknown_or_ambiguous_name(
    client, office, old_term, name
):
    DeputyFactory.create_batch(2, name="同名")
    client.force_login(office)
    response = client.post(
        reverse("deputies:by_election"),
        {"deputy": name, "level": "county", "elected_on": "2026-04-02"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["deputy"]
    assert not Mandate.objects.exists()


def test_by_election_page_takes_an_id_number_for_namesakes(client, office, old_term):
    first, _second = DeputyFactory.create_batch(2, name="同名")
    client.force_login(office)
    client.post(
        reverse("deputies:by_election"),
        {"deputy": first.id_number, "level": "county", "elected_on": "2026-04-02"},
    )
    assert first.mandates.get().by_election


def test_by_election_page_shows_a_refused_seat(client, office, old_term):
    held = MandateFactory(term=old_term)
    client.force_login(office)
    response = client.post(
        reverse("deputies:by_election"),
        {"deputy": held.deputy.name, "level": "county", "elected_on": "2026-04-02"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def election_urls(term: Term) -> list[str]:
    return [
        reverse("deputies:terms"),
        reverse("deputies:term_close", args=[term.pk]),
        reverse("deputies:by_election"),
    ]


@pytest.mark.parametrize("persona", ["leader", "member", "deputy", "liaison_a"])
def test_election_pages_are_office_only(client, request, old_term, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in election_urls(old_term):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert Term.objects.count() == 1


def test_election_pages_need_a_login(client, old_term):
    for url in election_urls(old_term):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
