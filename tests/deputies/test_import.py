"""The registry spreadsheet: import all-or-nothing, Chinese errors, masked export."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from congress.exceptions import ImportRejected
from congress.roles import Role
from congress.validators import validate_id_number, validate_mobile
from deputies.imports import dataset_from_bytes, registry_import, registry_template
from deputies.models import Deputy, Level, Mandate
from deputies.resources import DeputyResource
from tests.factories.congress import DivisionFactory, TermFactory, UserFactory
from tests.factories.deputies import (
    ConstituencyFactory,
    DeputyFactory,
    DeputyGroupFactory,
    MandateFactory,
    id_number_for,
)

UYGHUR = "阿依古丽·买买提"
RARE = "𠮷野文"  # U+20BB7, beyond the basic multilingual plane
HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "身份证号码",
    "政治面貌",
    "学历",
    "工作单位及职务",
    "代表构成",
    "手机号码",
    "代表层级",
    "选区",
    "乡镇（街道）",
    "代表小组",
    "职务代表",
]


def make_registry() -> dict:
    """The current term with a township, a constituency and two groups."""
    term = TermFactory()
    division = DivisionFactory(name="城关镇")
    return {
        "term": term,
        "division": division,
        "constituency": ConstituencyFactory(
            term=term, number=1, name="第一选区", division=division
        ),
        "groups": [
            DeputyGroupFactory(term=term, name="城关组"),
            DeputyGroupFactory(term=term, name="农业组"),
        ],
    }


@pytest.fixture
def registry(db):
    return make_registry()


def row(n: int, **overrides) -> dict:
    values = {
        "姓名": f"王{n}",
        "性别": "男",
        "民族": "汉族",
        "出生日期": "",
        "身份证号码": id_number_for(n),
        "政治面貌": "中共党员",
        "学历": "大学本科",
        "工作单位及职务": "城关镇农民",
        "代表构成": "农民",
        "手机号码": f"1390000{n:04d}",
        "代表层级": "县人大代表",
        "选区": "第一选区",
        "乡镇（街道）": "城关镇",
        "代表小组": "城关组、农业组",
        "职务代表": "否",
    }
    return {**values, **overrides}


def good_rows() -> list[dict]:
    return [
        row(1, 姓名=UYGHUR, 性别="女", 民族="维吾尔族"),
        row(2, 姓名=RARE, 代表小组="城关组"),
        row(3, 职务代表="是", 出生日期="1980-01-01"),
    ]


def xlsx(rows: list[dict], name: str = "名册.xlsx") -> SimpleUploadedFile:
    """The shipped template, filled in."""
    workbook = load_workbook(io.BytesIO(registry_template()))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    for number, values in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            sheet.cell(number, column).value = values.get(header, "")
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def csv_file(rows: list[dict], encoding: str) -> SimpleUploadedFile:
    lines = [",".join(HEADERS)] + [",".join(r[h] for h in HEADERS) for r in rows]
    data = "\r\n".join(lines).encode(encoding)
    return SimpleUploadedFile("名册.csv", data)


def rejected_errors(upload) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as rejected:
        registry_import(upload, user=None)
    assert not Deputy.objects.exists()
    assert not Mandate.objects.exists()
    return rejected.value.errors


def message_of(validator, value) -> str:
    with pytest.raises(ValidationError) as error:
        validator(value)
    return error.value.messages[0]


# Importing ---------------------------------------------------------------


def test_registry_import_creates_deputies_and_current_mandates(registry):
    result = registry_import(xlsx(good_rows()), user=None)
    assert result.totals["new"] == 3
    uyghur = Deputy.objects.get(name=UYGHUR)
    assert uyghur.gender == "female"
    assert uyghur.ethnicity == "维吾尔族"
    assert uyghur.birth_date == datetime.date(1980, 1, 1)  # read from the ID
    assert Deputy.objects.get(name=RARE).name == RARE
    mandate = uyghur.mandates.get()
    assert mandate.term == registry["term"]
    assert mandate.level == Level.COUNTY
    assert mandate.constituency == registry["constituency"]
    assert mandate.division == registry["division"]
    assert {g.name for g in mandate.groups.all()} == {"城关组", "农业组"}
    assert Deputy.objects.get(name="王3").is_ex_officio


def test_registry_import_dry_run_saves_nothing(registry):
    result = registry_import(xlsx(good_rows()), user=None, dry_run=True)
    assert result.totals["new"] == 3
    assert not Deputy.objects.exists()


def test_registry_import_with_a_bad_check_digit_saves_nothing(registry):
    bad = id_number_for(3)[:-1] + ("0" if id_number_for(3)[-1] != "0" else "1")
    errors = rejected_errors(xlsx([*good_rows()[:2], row(3, 身份证号码=bad)]))
    assert errors == [(4, "身份证号码", message_of(validate_id_number, bad))]


def test_registry_import_refuses_an_id_number_twice_in_the_file(registry):
    rows = [*good_rows(), row(4, 身份证号码=id_number_for(1))]
    errors = rejected_errors(xlsx(rows))
    assert [(r, column) for r, column, _message in errors] == [
        (2, "身份证号码"),
        (5, "身份证号码"),
    ]
    assert "2、5" in errors[0][2]


def test_registry_import_refuses_an_id_number_excel_turned_into_a_number(registry):
    upload = xlsx([*good_rows()[:2], row(3, 身份证号码=6.10923e17)])
    errors = rejected_errors(upload)
    assert errors == [(4, "身份证号码", message_of(validate_id_number, "6.10923E+17"))]
    assert "6.10923E+17" in errors[0][2]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("代表小组", "城关组、不存在的组"),
        ("乡镇（街道）", "不存在镇"),
        ("选区", "第九十九选区"),
        ("代表层级", "村人大代表"),
        ("性别", "未知"),
    ],
)
def test_registry_import_refuses_unknown_names(registry, column, value):
    errors = rejected_errors(xlsx([*good_rows(), row(4, **{column: value})]))
    assert [(r, c) for r, c, _message in errors] == [(5, column)]
    assert value.split("、")[-1] in errors[0][2]


def test_registry_import_refuses_a_malformed_mobile(registry):
    errors = rejected_errors(xlsx([row(1, 手机号码="1381234567")]))
    assert errors == [(2, "手机号码", message_of(validate_mobile, "1381234567"))]


def test_registry_import_refuses_a_file_that_is_not_a_spreadsheet(registry):
    pdf = SimpleUploadedFile("名册.xlsx", b"%PDF-1.7\n" + b"0" * 100)
    with pytest.raises(ValidationError) as error:
        registry_import(pdf, user=None)
    assert error.value.code == "upload_type_not_allowed"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_registry_import_reads_csv_in_utf8_and_gbk(registry, encoding):
    rows = [row(1, 姓名=UYGHUR), row(2, 姓名="欧阳娜娜")]
    registry_import(csv_file(rows, encoding), user=None)
    assert set(Deputy.objects.values_list("name", flat=True)) == {UYGHUR, "欧阳娜娜"}


def test_registry_import_again_updates_instead_of_duplicating(registry):
    registry_import(xlsx(good_rows()), user=None)
    rows = good_rows()
    rows[2] = {**rows[2], "工作单位及职务": "城关镇镇长", "代表小组": "农业组"}
    result = registry_import(xlsx(rows), user=None)
    assert Deputy.objects.count() == 3
    assert Mandate.objects.count() == 3
    assert result.totals["skip"] == 2
    changed = Deputy.objects.get(name="王3")
    assert changed.employer_and_post == "城关镇镇长"
    assert [g.name for g in changed.mandates.get().groups.all()] == ["农业组"]


def test_registry_import_changes_only_the_groups_of_a_mandate(registry):
    registry_import(xlsx(good_rows()), user=None)
    rows = good_rows()
    rows[0] = {**rows[0], "代表小组": ""}
    registry_import(xlsx(rows), user=None)
    assert not Deputy.objects.get(name=UYGHUR).mandates.get().groups.exists()


def test_dataset_keeps_row_numbers_and_drops_trailing_blank_rows():
    data = "姓名,性别\r\n张三,男\r\n,\r\n李四,女\r\n,\r\n,\r\n".encode()
    dataset = dataset_from_bytes(data)
    assert dataset["姓名"] == ["张三", "", "李四"]


# Exporting ---------------------------------------------------------------


@pytest.fixture
def registered(registry):
    mandate = MandateFactory(
        deputy=DeputyFactory(
            name=UYGHUR,
            id_number=id_number_for(7),
            birth_date=datetime.date(1980, 1, 1),
        ),
        term=registry["term"],
        constituency=registry["constituency"],
    )
    mandate.groups.set(registry["groups"])
    return mandate.deputy


def exported(user) -> dict:
    dataset = DeputyResource(user=user).export(Deputy.objects.all())
    return dict(zip(dataset.headers, dataset[0], strict=True))


def test_registry_export_masks_id_and_mobile_for_staff_outside_the_office(registered):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    values = exported(superuser)
    assert (
        values["身份证号码"]
        == registered.id_number[:6] + "********" + (registered.id_number[-4:])
    )
    assert "****" in values["手机号码"]
    assert values["姓名"] == UYGHUR


def test_registry_export_shows_office_staff_the_full_id(registered, office):
    values = exported(office)
    assert values["身份证号码"] == registered.id_number
    assert values["代表层级"] == "县人大代表"
    assert values["选区"] == "第一选区"
    assert set(values["代表小组"].split("、")) == {"城关组", "农业组"}
    assert values["职务代表"] == "否"


def test_registry_export_can_be_imported_again_by_the_office(registered, office):
    dataset = DeputyResource(user=office).export(Deputy.objects.all())
    upload = SimpleUploadedFile("导出.xlsx", dataset.export("xlsx"))
    result = registry_import(upload, user=office)
    assert result.totals["skip"] == 1
    assert Deputy.objects.count() == 1


def test_office_role_is_what_unmasks(registered):
    viewer = UserFactory(roles=[Role.VIEWER, Role.LEADER])
    assert exported(viewer)["身份证号码"] != registered.id_number
