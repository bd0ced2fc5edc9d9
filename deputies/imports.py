"""Reading a registry spreadsheet and importing it, for the admin and staff views.

The upload is checked (real type, archive size and entry count) before
openpyxl or the CSV reader sees it; CSV may be UTF-8 (with or without BOM)
or GBK/GB 18030.
"""

import csv
import io

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from import_export.formats import base_formats
from import_export.results import Result
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from congress.exceptions import ImportRejected
from congress.spreadsheets import cell_text
from congress.uploads import validate_upload
from deputies.models import Affiliation, Education, Gender, Level
from deputies.resources import DeputyResource, chinese_label

# Text-formatted so that Excel keeps all 18 digits of an ID number.
TEXT_COLUMNS = ("身份证号码", "手机号码", "出生日期")


def _cell(value):
    # Dates stay dates (the birth-date column); everything else becomes the
    # text a person sees, long digit runs stored as floats included.
    if hasattr(value, "year"):
        return value
    return cell_text(value)


def dataset_from_bytes(data: bytes) -> tablib.Dataset:
    """The first sheet of an .xlsx, or a CSV in UTF-8 or GB 18030, as a dataset."""
    if data.startswith(b"PK\x03\x04"):
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        table = [list(row) for row in workbook.active.iter_rows(values_only=True)]
        workbook.close()
    else:
        try:
            decoded = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            decoded = data.decode("gb18030")
        table = list(csv.reader(io.StringIO(decoded)))
    dataset = tablib.Dataset()
    if not table:
        return dataset
    headers = [cell_text(cell) for cell in table[0]]
    width = len(headers)
    dataset.headers = headers
    for cells in table[1:]:
        cells = [_cell(cell) for cell in cells[:width]]
        dataset.append(cells + [""] * (width - len(cells)))
    # Keep blank rows in the middle (row numbers must match the sheet) but
    # drop the trailing ones Excel leaves behind.
    while len(dataset) and not any(dataset[-1]):
        del dataset[-1]
    return dataset


class RegistrySpreadsheet(base_formats.XLSX):
    """The admin's import format: .xlsx or .csv, told apart by content."""

    def get_title(self):
        return "xlsx / csv"

    def get_extension(self):
        return "xlsx"

    def create_dataset(self, in_stream):
        return dataset_from_bytes(bytes(in_stream))


def dataset_from_upload(uploaded_file) -> tablib.Dataset:
    """Validate an upload (raises ValidationError) and read it."""
    validate_upload(uploaded_file, use="spreadsheet")
    return dataset_from_bytes(uploaded_file.read())


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def result_errors(result: Result) -> list[tuple[int, str, str]]:
    """(spreadsheet row, column, message) for every problem; row 0 is the file."""
    errors = [(0, "", _message(error.error)) for error in result.base_errors]
    for row in result.error_rows:
        errors += [(row.number, "", str(error.error)) for error in row.errors]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            errors += [(row.number, column, str(message)) for message in messages]
    return sorted(errors, key=lambda error: error[0])


def registry_import(uploaded_file, *, user, dry_run: bool = False) -> Result:
    """Import a registry spreadsheet: every row or none.

    Raises ValidationError for a file that is not an accepted spreadsheet and
    ImportRejected (with every row's errors) when any row is bad.
    """
    dataset = dataset_from_upload(uploaded_file)
    resource = DeputyResource(user=user)
    result = resource.import_data(dataset, dry_run=dry_run, user=user)
    if result.has_errors() or result.has_validation_errors():
        raise ImportRejected(result_errors(result))
    return result


def registry_template() -> bytes:
    """An empty registry workbook: the headers, text-formatted ID and mobile
    columns, and a row of hints (labels to use) on a second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "代表名册"
    headers = [field.column_name for field in DeputyResource().get_import_fields()]
    sheet.append(headers)
    for index, header in enumerate(headers, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(10, 2.2 * len(header) + 2)
        if header in TEXT_COLUMNS:
            for row in range(2, 2002):
                sheet[f"{letter}{row}"].number_format = "@"
    sheet.freeze_panes = "A2"
    hints = workbook.create_sheet("填写说明")
    for header, hint in registry_hints().items():
        hints.append([header, hint])
    hints.column_dimensions["A"].width = 16
    hints.column_dimensions["B"].width = 80
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def registry_hints() -> dict[str, str]:
    labels = {
        "性别": (Gender, {}),
        "政治面貌": (Affiliation, {}),
        "学历": (Education, {}),
        "代表层级": (Level, {}),
    }
    hints = {
        header: "、".join(chinese_label(choices, v) for v in choices.values)
        for header, (choices, _aliases) in labels.items()
    }
    return {
        **hints,
        "身份证号码": gettext("18 characters; the column is formatted as text."),
        "出生日期": gettext("Left empty, it is read from the ID number."),
        "代表小组": gettext("Several groups separated by 、"),
        "职务代表": "是、否",
    }
