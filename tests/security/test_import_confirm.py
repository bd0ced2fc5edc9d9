"""Issue 9 §11: the admin import's confirm step reads only the file its own
preview wrote (a signed token, bound to the person), never a posted name."""

import tempfile
from pathlib import Path

import pytest
from django.core import signing
from django.urls import reverse

from congress.admin.imports import sign_import_file
from deputies.models import Deputy
from tests.deputies.test_admin import preview
from tests.deputies.test_import import good_rows, make_registry, xlsx
from tests.factories.congress import UserFactory

pytestmark = pytest.mark.django_db
CONFIRM = "admin:deputies_deputy_process_import"


@pytest.fixture
def registry(db):
    return make_registry()


@pytest.fixture
def victim_file():
    """Another file in the import folder (someone else's upload)."""
    path = Path(tempfile.gettempdir()) / "someone-elses-upload"
    path.write_bytes(b"not yours")
    yield path
    path.unlink(missing_ok=True)


def test_a_posted_file_name_is_refused_and_nothing_is_deleted(
    client, office, registry, victim_file
):
    client.force_login(office)
    confirm = preview(client, xlsx(good_rows())).context["confirm_form"]
    forged = {**confirm.initial, "import_file_name": victim_file.name}
    response = client.post(reverse(CONFIRM), forged)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:deputies_deputy_import")
    assert victim_file.exists()
    assert not Deputy.objects.exists()


def test_a_token_signed_for_another_person_is_refused(
    client, office, registry, victim_file
):
    client.force_login(office)
    confirm = preview(client, xlsx(good_rows())).context["confirm_form"]
    other = UserFactory()
    token = sign_import_file(victim_file.name, user=other)
    client.post(reverse(CONFIRM), {**confirm.initial, "import_file_name": token})
    assert victim_file.exists()
    assert not Deputy.objects.exists()


def test_the_token_names_the_file_the_preview_wrote(client, office, registry):
    client.force_login(office)
    confirm = preview(client, xlsx(good_rows())).context["confirm_form"]
    token = confirm.initial["import_file_name"]
    name = signing.loads(token, salt="congress.admin.import-confirm")["name"]
    assert (Path(tempfile.gettempdir()) / name).exists()
    assert client.post(reverse(CONFIRM), confirm.initial).status_code == 302
    assert Deputy.objects.count() == 3


def test_every_admin_import_confirms_by_signed_token():
    from django.contrib import admin
    from import_export.admin import ImportMixin

    from congress.admin.imports import SignedImportConfirmMixin

    importing = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ImportMixin)
    ]
    assert importing
    assert all(isinstance(a, SignedImportConfirmMixin) for a in importing)
