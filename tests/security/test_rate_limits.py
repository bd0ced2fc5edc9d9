"""Issue 14 §5: every login, password change, public form, export, PDF and
import is rate-limited (congress.ratelimits, rules `limits.*`), with a Chinese
429 page. Each test uses up one budget and tries once more."""

import inspect
import re

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from import_export.admin import ExportMixin, ImportMixin

from congress.admin.imports import RateLimitedImportExportMixin
from congress.models import RateCount
from congress.ratelimits import address_identity, rate_limit_hit
from tests.factories.congress import PASSWORD

pytestmark = pytest.mark.django_db

CHINESE_REFUSAL = "请求过于频繁"


def exhaust(scope: str, identity: str) -> None:
    """Use up this hour's budget of `scope` for `identity`."""
    rate_limit_hit(scope, identity, limit=10**9)
    RateCount.objects.filter(scope=scope, identity=identity).update(count=10**6)


def exhaust_for(user, scope: str) -> None:
    exhaust(scope, f"user:{user.pk}")


def assert_refused(response) -> None:
    assert response.status_code == 429
    assert CHINESE_REFUSAL in response.content.decode()


# One export, one PDF and one import per app ------------------------------------

PAGES = [
    # (scope, url name, args, method, persona)
    ("export", "proposals:reports_statistics_xlsx", [], "get", "office"),
    ("pdf", "proposals:reports_meeting_summary", [], "get", "office"),
    ("import", "proposals:office_paper_upload", [], "post", "office"),
    ("export", "supervision:summary_xlsx", [2026], "get", "office"),
    ("pdf", "supervision:opinion_pdf", [1], "get", "office"),
    ("export", "appointments:statistics_export", ["xlsx"], "get", "office"),
    ("pdf", "appointments:statistics_export", ["pdf"], "get", "office"),
    ("pdf", "appointments:batch_certificates", [1], "post", "office"),
    ("import", "appointments:question_list", [], "post", "office"),
    ("export", "liaison_stations:ledger", [1, "issues", "xlsx"], "get", "office"),
    ("pdf", "liaison_stations:ledger", [1, "issues", "pdf"], "get", "office"),
    ("pdf", "deputies:accounts_create", [], "post", "office"),
    ("pdf", "deputy_reports:pdf", [1, 2025], "get", "office"),
    ("pdf", "deputy_reports:batch", [], "post", "office"),
]


@pytest.mark.parametrize(("scope", "name", "args", "method", "persona"), PAGES)
def test_page_past_its_hourly_limit_answers_429_in_chinese(
    client, request, scope, name, args, method, persona
):
    user = request.getfixturevalue(persona)
    exhaust_for(user, scope)
    client.force_login(user)

    assert_refused(getattr(client, method)(reverse(name, args=args)))


def test_limit_of_one_person_leaves_another_alone(client, office, leader):
    exhaust_for(office, "export")
    client.force_login(leader)

    response = client.get(reverse("proposals:reports_statistics_xlsx"))

    assert response.status_code != 429  # 404 here: no session yet


def test_import_form_display_is_not_counted(client, office):
    exhaust_for(office, "import")
    client.force_login(office)

    assert client.get(reverse("proposals:office_paper_upload")).status_code == 200


def test_role_check_comes_before_the_limit(client, deputy):
    exhaust_for(deputy, "export")
    client.force_login(deputy)

    response = client.get(reverse("proposals:reports_statistics_xlsx"))

    assert response.status_code == 403


def test_statistics_page_is_not_counted_only_its_spreadsheet(client, office):
    exhaust_for(office, "export")
    client.force_login(office)
    url = reverse("liaison_stations:statistics")

    assert client.get(url).status_code == 200
    assert_refused(client.get(url, {"format": "xlsx"}))


# Logins, passwords and public forms ---------------------------------------------


@pytest.mark.parametrize("name", ["login", "login_phone"])
def test_login_posts_past_the_address_limit_are_refused(client, name):
    exhaust("login", address_identity("127.0.0.1"))

    response = client.post(reverse(name), {"username": "x", "password": "y"})

    assert_refused(response)


def test_login_page_still_shows_when_the_address_is_limited(client):
    exhaust("login", address_identity("127.0.0.1"))

    assert client.get(reverse("login")).status_code == 200


def test_login_limit_counts_addresses_apart(client, office):
    exhaust("login", address_identity("10.0.0.9"))

    response = client.post(
        reverse("login"), {"username": office.username, "password": PASSWORD}
    )

    assert response.status_code == 302


def test_password_change_past_its_limit_is_refused(client, deputy):
    exhaust_for(deputy, "password")
    client.force_login(deputy)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )

    assert_refused(response)


def test_temporary_password_reset_past_its_limit_is_refused(client, office, deputy):
    exhaust_for(office, "password")
    client.force_login(office)

    response = client.post(
        reverse("admin:congress_user_changelist"),
        {"action": "reset_passwords", "_selected_action": [deputy.pk]},
    )

    assert_refused(response)
    deputy.refresh_from_db()
    assert not deputy.must_change_password


@pytest.mark.parametrize(
    ("name", "args"),
    [("liaison_stations:public_message", [1]), ("liaison_stations:public_book", [1])],
)
def test_public_form_posts_past_the_address_limit_are_refused(client, name, args):
    exhaust("public_form", address_identity("127.0.0.1"))

    assert_refused(client.post(reverse(name, args=args), {"citizen_name": "张三"}))


def test_public_counters_keep_no_address_in_clear(client):
    client.post(reverse("liaison_stations:public_message", args=[1]))

    identities = list(RateCount.objects.values_list("identity", flat=True))
    assert identities
    assert not any("127.0.0.1" in identity for identity in identities)


# Admin imports and exports --------------------------------------------------------


def test_admin_account_import_past_its_limit_is_refused(client, office):
    exhaust_for(office, "import")
    client.force_login(office)
    upload = SimpleUploadedFile("accounts.csv", "用户名,姓名\n".encode())

    response = client.post(reverse("admin:congress_user_import"), {"file": upload})

    assert_refused(response)


def test_admin_registry_export_past_its_limit_is_refused(client, office):
    exhaust_for(office, "export")
    client.force_login(office)

    response = client.post(reverse("admin:deputies_deputy_export"), {"format": "0"})

    assert_refused(response)


def test_admin_registry_import_past_its_limit_is_refused(client, office):
    exhaust_for(office, "import")
    client.force_login(office)

    response = client.post(reverse("admin:deputies_deputy_import"), {})

    assert_refused(response)


# Guards: nothing new escapes ------------------------------------------------------

# What makes a view an export, a PDF or an import: its URL or its code.
ROUTE_MARKERS = re.compile(r"pdf|xlsx|csv|docx|export|import|upload|ledger")
CODE_MARKERS = re.compile(
    r"pdf_response\(|XLSX|xlsx|FileResponse\(|html_to_pdf|render_pdf\(|"
    r"pdf_job_start|report_job_start|read_rows\(|ImportRejected|text/csv"
)
# Downloads of a file a limited request already made (the limit counted the
# job when it was started).
NOT_GENERATING = {
    "pdf-jobs/<uuid:job_id>/",
    "pdf-jobs/<uuid:job_id>/download/",
    "deputies/report/jobs/<uuid:job_id>/",
    "deputies/report/jobs/<uuid:job_id>/download/",
}


def _routes(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _generates_files(route: str, view) -> bool:
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        source = ""
    return bool(ROUTE_MARKERS.search(route) or CODE_MARKERS.search(source))


def test_every_export_pdf_and_import_page_is_rate_limited():
    unlimited = [
        route
        for route, view in _routes(get_resolver())
        if not route.startswith("admin/")
        and route not in NOT_GENERATING
        and _generates_files(route, view)
        and not getattr(view, "rate_limit", None)
    ]

    assert not unlimited, f"not rate-limited: {unlimited}"


def test_guard_finds_the_known_exports():
    found = {
        route
        for route, view in _routes(get_resolver())
        if not route.startswith("admin/") and _generates_files(route, view)
    }

    assert "proposals/reports/statistics.xlsx" in found
    assert "appointments/exam/questions/" in found  # found by its code


def test_every_import_export_admin_is_rate_limited():
    unlimited = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ImportMixin | ExportMixin)
        and not isinstance(model_admin, RateLimitedImportExportMixin)
    ]

    assert not unlimited
