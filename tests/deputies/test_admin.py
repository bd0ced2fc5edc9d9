"""The registry in the staff admin: import preview and confirm, export, masking."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from deputies.models import Deputy, Level, PerformanceRecord
from deputies.resources import DeputyResource
from tests.deputies.test_import import (
    HEADERS,
    RARE,
    UYGHUR,
    good_rows,
    make_registry,
    row,
    xlsx,
)
from tests.factories.congress import TermFactory, UserFactory
from tests.factories.deputies import (
    DeputyFactory,
    MandateFactory,
    PerformanceRecordFactory,
)

CHANGELIST = "admin:deputies_deputy_changelist"


@pytest.fixture
def registry(db):
    return make_registry()


@pytest.fixture
def staff_outside_office(db):
    """Admin access (is_staff, superuser) but not the office role."""
    return UserFactory(username="t_superuser", is_staff=True, is_superuser=True)


def preview(client, upload):
    return client.post(
        reverse("admin:deputies_deputy_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )


def export_xlsx(client, query: str = "") -> dict[str, list]:
    fields = {f"deputyresource_{name}": "on" for name in DeputyResource.Meta.fields}
    response = client.post(
        reverse("admin:deputies_deputy_export") + query,
        {"format": "0", "resource": "0", **fields},
    )
    assert response.status_code == 200, response.content[:500]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return {header: [r[i] for r in rows[1:]] for i, header in enumerate(rows[0])}


# Import --------------------------------------------------------------------


def test_admin_import_previews_then_saves_on_confirm(client, office, registry):
    client.force_login(office)
    response = preview(client, xlsx(good_rows()))
    assert response.status_code == 200
    assert not Deputy.objects.exists()  # the preview saved nothing
    confirm = response.context["confirm_form"]
    assert UYGHUR in response.content.decode()
    response = client.post(
        reverse("admin:deputies_deputy_process_import"), confirm.initial
    )
    assert response.status_code == 302
    assert set(Deputy.objects.values_list("name", flat=True)) == {
        UYGHUR,
        RARE,
        "王3",
    }
    assert Deputy.objects.get(name=RARE).mandates.get().level == Level.COUNTY


def test_admin_import_confirm_saves_nothing_if_a_row_has_gone_bad(
    client, office, registry
):
    client.force_login(office)
    confirm = preview(client, xlsx(good_rows())).context["confirm_form"]
    registry["groups"][1].delete()  # 农业组, named in rows 2 and 4
    response = client.post(
        reverse("admin:deputies_deputy_process_import"), confirm.initial, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("admin:deputies_deputy_import")
    assert "代表小组" in response.content.decode()
    assert not Deputy.objects.exists()


def test_admin_import_preview_names_row_and_column_and_cannot_confirm(
    client, office, registry
):
    client.force_login(office)
    rows = [*good_rows(), row(4, 手机号码="12345")]
    response = preview(client, xlsx(rows))
    assert "confirm_form" not in response.context
    invalid = response.context["result"].invalid_rows
    assert [(r.number, list(r.field_specific_errors)) for r in invalid] == [
        (5, ["手机号码"])
    ]
    assert "手机号码" in response.content.decode()
    assert not Deputy.objects.exists()


def test_admin_import_refuses_an_oversized_archive_before_opening_it(
    client, office, registry, monkeypatch
):
    monkeypatch.setattr("congress.uploads.MAX_ARCHIVE_ENTRIES", 3)
    client.force_login(office)
    response = preview(client, xlsx(good_rows()))
    assert "import_file" in response.context["form"].errors
    assert not Deputy.objects.exists()


def test_admin_import_is_refused_to_staff_without_change_rights(client, registry):
    viewer = UserFactory(is_staff=True)
    client.force_login(viewer)
    response = client.get(reverse("admin:deputies_deputy_import"))
    assert response.status_code == 403


def test_admin_template_download_has_the_registry_headers(client, office):
    client.force_login(office)
    response = client.get(reverse("admin:deputies_deputy_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet["E2"].number_format == "@"  # ID column kept as text


# Export --------------------------------------------------------------------


@pytest.fixture
def two_levels(db):
    term = TermFactory()
    county = MandateFactory(term=term, deputy__name=UYGHUR).deputy
    MandateFactory(term=term, level=Level.TOWNSHIP, deputy__name="乡代表")
    return county


def test_admin_export_masks_the_id_for_staff_outside_the_office(
    client, staff_outside_office, two_levels
):
    client.force_login(staff_outside_office)
    columns = export_xlsx(client, "?mandates__level__exact=county")
    assert columns["姓名"] == [UYGHUR]  # the filter is honoured
    assert columns["身份证号码"] == [
        two_levels.id_number[:6] + "********" + two_levels.id_number[-4:]
    ]


def test_admin_export_shows_office_staff_the_full_id(client, office, two_levels):
    client.force_login(office)
    columns = export_xlsx(client, "?mandates__level__exact=county")
    assert columns["身份证号码"] == [two_levels.id_number]


# Changelist ----------------------------------------------------------------


def test_admin_changelist_masks_the_id_for_everyone(
    client, staff_outside_office, office, two_levels
):
    # Office staff see the full number on the (recorded) change form only.
    for user in (staff_outside_office, office):
        client.force_login(user)
        page = client.get(reverse(CHANGELIST)).content.decode()
        assert two_levels.id_number not in page
        assert two_levels.id_number[:6] + "********" in page


@pytest.mark.parametrize("term", ["古丽·买", "𠮷野", "11010119800101"])
def test_admin_changelist_search_finds_middle_dots_and_rare_characters(
    client, office, term
):
    DeputyFactory(name=UYGHUR, id_number="")
    DeputyFactory(name=RARE, id_number="")
    wanted = DeputyFactory(name="王五")
    client.force_login(office)
    search = wanted.id_number if term.isdigit() else term
    response = client.get(reverse(CHANGELIST), {"q": search})
    names = [deputy.name for deputy in response.context["cl"].result_list]
    expected = {"古丽·买": [UYGHUR], "𠮷野": [RARE]}.get(term, ["王五"])
    assert names == expected


# session; user; user and group permissions (2); the user's groups (roles);
# filter choices: terms, constituencies, groups; total and filtered count (2);
# the page of deputies; their current mandates; composition values.
QUERIES_PER_PAGE = 13


def test_admin_changelist_query_count_does_not_grow(
    client, office, django_assert_num_queries
):
    term = TermFactory()
    MandateFactory.create_batch(5, term=term)
    client.force_login(office)
    with django_assert_num_queries(QUERIES_PER_PAGE):
        client.get(reverse(CHANGELIST))
    MandateFactory.create_batch(5, term=term)
    with django_assert_num_queries(QUERIES_PER_PAGE):
        client.get(reverse(CHANGELIST))


def test_deputy_cannot_open_the_admin(client, deputy):
    client.force_login(deputy)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Performance records -------------------------------------------------------


def test_admin_confirm_action_confirms_pending_records(client, office):
    pending = PerformanceRecordFactory()
    client.force_login(office)
    response = client.post(
        reverse("admin:deputies_performancerecord_changelist"),
        {"action": "confirm_records", "_selected_action": [pending.pk]},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == PerformanceRecord.Status.CONFIRMED
    assert pending.confirmed_by == office


def test_a_record_with_a_timeline_cannot_be_deleted_in_the_admin(client, office):
    from deputies import services as deputy_services
    from tests.factories.deputies import DeputyFactory

    deputy = DeputyFactory()
    record = deputy_services.record_log(
        deputy,
        kind=PerformanceRecord.Kind.RESEARCH,
        date=datetime.date(2026, 3, 2),
        description="调研",
        user=office,
    )
    client.force_login(office)

    for url in (
        reverse("admin:deputies_performancerecord_delete", args=[record.pk]),
        reverse("admin:deputies_deputy_delete", args=[deputy.pk]),
    ):
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert PerformanceRecord.objects.filter(pk=record.pk).exists()
