"""Issue 9 §8: no input, however odd, produces a 500. NUL characters in any
query string or form field are refused with 400; non-ASCII digits (“²”) are
refused or ignored by forms and filters."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from congress.models import User
from tests.factories.congress import UserFactory
from tests.test_project import portal_views

NUL = "\x00"
ODD_VALUES = [NUL, "²", "١٢", "9" * 30, "-1", "%", "'"]
# The parameters the portal's lists and filters read.
FILTER_PARAMETERS = [
    "q",
    "page",
    "year",
    "find",
    "status",
    "kind",
    "organization",
    "division",
    "group",
    "term",
    "meeting",
    "category",
    "session",
    "next",
    "sort",
    "date",
]


def concrete(route: str) -> str:
    route = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", route)
    return "/" + re.sub(r"<(int:)?\w+>", "1", route)


@pytest.mark.django_db
def test_nul_in_the_published_search_is_a_400_without_login(client):
    response = client.get(reverse("proposals:reports_published") + "?q=%00")
    assert response.status_code == 400


@pytest.mark.django_db
def test_nul_in_a_form_field_is_a_400(client, deputy):
    client.force_login(deputy)
    response = client.post(reverse("password_change"), {"old_password": "a\x00b"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_pghistory_events_with_facets_do_not_crash(client, deputy):
    deputy.real_name = "改名"
    deputy.save()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/pghistory/events/?_facets=True")
    assert response.status_code == 200


CRAWL_VALUES = [NUL, "²", "9" * 30]
CRAWL_USERS = [None, "office", "leader", "deputy", "liaison", "station"]


def _form_of(response):
    contexts = getattr(response, "context", None) or []
    form = contexts.get("form") if hasattr(contexts, "get") else None
    return form if hasattr(form, "fields") else None


@pytest.mark.django_db
@pytest.mark.parametrize("username", CRAWL_USERS, ids=lambda name: name or "anonymous")
def test_odd_values_in_every_filter_and_form_give_no_500(demo_db, username):
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(User.objects.get(username=username))
    crashes = []
    for route, _view in portal_views():
        path = concrete(route)
        if "logout" in path:
            continue
        for value in CRAWL_VALUES:
            query = dict.fromkeys(FILTER_PARAMETERS, value)
            response = client.get(path, query)
            if response.status_code >= 500:
                crashes.append(("GET", path, repr(value)))
            if value == NUL and response.status_code != 400:
                crashes.append(("GET not refused", path, response.status_code))
        form = _form_of(client.get(path))
        if form is None:
            continue
        for value in CRAWL_VALUES:
            data = dict.fromkeys(form.fields, value)
            response = client.post(path, data)
            if response.status_code >= 500:
                crashes.append(("POST", path, repr(value)))
    assert not crashes, crashes


@pytest.mark.django_db
def test_a_unicode_digit_as_cosigner_is_no_500(demo_db):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="deputy"))
    url = reverse("proposals:deputy_create")
    for value in ["²", "١٢"]:
        response = client.post(url, {"cosigners": [value], "title": "测试"})
        assert response.status_code in {200, 302}
        assert client.get(url, {"cosigners": value}).status_code == 200
