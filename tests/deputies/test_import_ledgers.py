"""Real ledgers: GB/T 4762 affiliations, header synonyms, ignored and absent
columns, dates of birth checked against the ID number."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from congress.exceptions import ImportRejected
from deputies.imports import registry_import
from deputies.models import Affiliation, Deputy, Education
from deputies.selectors import deputy_statistics
from tests.deputies.test_import import make_registry
from tests.factories.deputies import MandateFactory, id_number_for

BASE = {
    "姓名": "王一",
    "性别": "男",
    "民族": "汉族",
    "工作单位及职务": "城关镇农民",
}


@pytest.fixture
def registry(db):
    return make_registry()


def ledger(rows: list[dict], name: str = "台账.xlsx") -> SimpleUploadedFile:
    """A ledger with the headers its rows use, in their order."""
    headers = list(dict.fromkeys(h for r in rows for h in r))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(h, "") for h in headers])
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def person(n: int, **values) -> dict:
    return {**BASE, "姓名": f"王{n}", "身份证号码": id_number_for(n), **values}


def rejected(upload) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as error:
        registry_import(upload, user=None)
    assert not Deputy.objects.exists()
    return error.value.errors


LABELS = [
    "中共党员",
    "中共预备党员",
    "共青团员",
    "民革党员",
    "民盟盟员",
    "民建会员",
    "民进会员",
    "农工党党员",
    "致公党党员",
    "九三学社社员",
    "台盟盟员",
    "无党派人士",
    "群众",
]


def test_registry_import_accepts_every_national_affiliation(registry):
    rows = [person(n, 政治面貌=label) for n, label in enumerate(LABELS, start=1)]
    registry_import(ledger(rows), user=None)
    stored = dict(Deputy.objects.values_list("name", "affiliation"))
    assert [stored[f"王{n}"] for n in range(1, 14)] == Affiliation.values
    assert stored["王5"] == Affiliation.CDL  # 民盟盟员, refused before


def test_registry_import_reads_the_headers_ledgers_use(registry):
    row = {
        "代表姓名": "王一",
        "性别": "女",
        "民族": "汉",
        "出生年月": "1980.01",
        "身份证号": id_number_for(1),
        "党派": "民盟",
        "文化程度": "大专",
        "工作单位和职务": "青禾县人民医院医师",
        "联系电话": "13900001111",
        "所在选区": "第一选区",
        "乡镇（街道）": "城关镇",
    }
    result = registry_import(ledger([row]), user=None)
    assert result.ignored_columns == []
    deputy = Deputy.objects.get()
    assert deputy.education == Education.COLLEGE
    assert deputy.affiliation == Affiliation.CDL
    assert deputy.birth_date == datetime.date(1980, 1, 1)  # completed from the ID
    assert deputy.mobile == "13900001111"
    assert deputy.mandates.get().constituency == registry["constituency"]


def test_registry_import_joins_separate_employer_and_post_columns(registry):
    row = {**person(1), "工作单位": "城关镇人民政府", "职务": "镇长"}
    del row["工作单位及职务"]
    registry_import(ledger([row]), user=None)
    assert Deputy.objects.get().employer_and_post == "城关镇人民政府镇长"


def test_registry_import_lists_the_columns_it_ignores(registry):
    rows = [person(1, 籍贯="青禾县", 备注="新当选")]
    result = registry_import(ledger(rows), user=None, dry_run=True)
    assert result.ignored_columns == ["籍贯", "备注"]


def test_admin_preview_warns_of_ignored_columns(client, office, registry):
    client.force_login(office)
    response = client.post(
        reverse("admin:deputies_deputy_import"),
        {"import_file": ledger([person(1, 籍贯="青禾县")]), "format": "0"},
    )
    assert "confirm_form" in response.context
    page = response.content.decode()
    assert 'data-testid="ignored-columns"' in page
    assert "籍贯" in page


def test_registry_import_needs_no_optional_column(registry):
    # No 代表构成, ID, affiliation, groups, level or constituency at all.
    registry_import(ledger([dict(BASE)]), user=None)
    deputy = Deputy.objects.get()
    assert deputy.composition == ""
    assert deputy.affiliation == ""
    assert deputy.mandates.get().constituency is None


def test_registry_import_keeps_what_an_absent_column_held(registry):
    registry_import(ledger([person(1, 代表构成="农民", 选区="第一选区")]), user=None)
    registry_import(ledger([person(1, 工作单位及职务="城关镇镇长")]), user=None)
    deputy = Deputy.objects.get()
    assert deputy.employer_and_post == "城关镇镇长"
    assert deputy.composition == "农民"
    assert deputy.mandates.get().constituency == registry["constituency"]


def test_registry_import_names_a_missing_required_column(registry):
    row = person(1)
    del row["民族"]
    errors = rejected(ledger([row]))
    assert errors[0][:2] == (0, "")
    assert "“民族”" in errors[0][2]


@pytest.mark.parametrize(
    ("value", "stated"),
    [("2099-01-01", "1980-01-01"), ("1979-12-31", "1980-01-01"), ("1981.01", "")],
)
def test_registry_import_refuses_a_birth_date_the_id_number_contradicts(
    registry, value, stated
):
    errors = rejected(ledger([person(1), person(2, 出生日期=value)]))
    assert [(r, c) for r, c, _m in errors] == [(3, "出生日期")]
    assert stated in errors[0][2]


def test_registry_import_refuses_a_future_birth_date_without_an_id(registry):
    row = {**BASE, "出生日期": "2099-01-01"}
    errors = rejected(ledger([row]))
    assert [(r, c) for r, c, _m in errors] == [(2, "出生日期")]


def test_deputy_clean_refuses_a_birth_date_against_the_id_number(db):
    deputy = Deputy(
        **{"name": "王一", "gender": "male", "ethnicity": "汉族"},
        employer_and_post="x",
        id_number=id_number_for(1),
        birth_date=datetime.date(1990, 1, 1),
    )
    with pytest.raises(Exception, match="1980-01-01"):
        deputy.full_clean()


def test_statistics_count_deputies_by_party(db):
    term = make_registry()["term"]
    for affiliation in ["01", "01", "05", "10", ""]:
        MandateFactory(term=term, deputy__affiliation=affiliation)
    rows = deputy_statistics(today=datetime.date(2026, 6, 1))["affiliation"]
    counts = {r["label"]: r["count"] for r in rows}
    assert counts == {
        "中共党员": 2,
        "民盟盟员": 1,
        "九三学社社员": 1,
        "民主党派合计": 2,
        "未登记": 1,
    }
    assert list(counts)[-2:] == ["民主党派合计", "未登记"]
