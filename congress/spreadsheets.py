"""Reading staff spreadsheets (.xlsx, or .csv in UTF-8 or GBK) into row dicts,
and making every exported cell inert.

Every export (XLSX or CSV, admin import-export resources, statistics, any later
one) passes its cells through `neutralise()`: a text that Excel or WPS would
run as a formula (=, +, -, @, a tab or carriage return first, or their
full-width forms) gets a leading apostrophe, so it shows as typed and never
calls HYPERLINK, DDE or anything else (OWASP “CSV injection”).
"""

import csv
import io

from openpyxl import load_workbook

from congress.uploads import validate_upload


def read_rows(uploaded_file, columns: dict[str, str]) -> list[tuple[int, dict]]:
    """Rows as (spreadsheet row number, {field: text}), headers mapped by `columns`
    (header text → field name). Blank rows are skipped. The upload is validated
    (type sniffed, archive size checked) before it is opened."""
    mime_type = validate_upload(uploaded_file, use="spreadsheet")
    if mime_type == "text/csv":
        table = _csv_rows(uploaded_file.read())
    else:
        workbook = load_workbook(uploaded_file, read_only=True, data_only=True)
        table = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    if not table:
        return []
    headers = [columns.get(str(cell or "").strip()) for cell in table[0]]
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        pairs = zip(headers, cells, strict=False)
        values = {field: cell_text(cell) for field, cell in pairs if field}
        if any(values.values()):
            rows.append((number, values))
    return rows


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(value):
    """The value, with a text that looks like a formula made inert."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(row) -> list:
    return [neutralise(value) for value in row]


def neutralise_dataset(dataset):
    """A tablib Dataset with every cell neutralised (in place; returned)."""
    rows = [neutralise_row(row) for row in dataset]
    headers = dataset.headers
    dataset.wipe()
    dataset.headers = neutralise_row(headers) if headers else headers
    for row in rows:
        dataset.append(row)
    return dataset


class NeutralisedExportMixin:
    """For import-export resources: the exported dataset is inert in any
    format. A guard test requires it on every resource of the portal."""

    def export(self, *args, **kwargs):
        return neutralise_dataset(super().export(*args, **kwargs))


def cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        # Excel stores long digit strings as floats; keep what is left visible
        # so validators can say the column must be text.
        return f"{cell:.6G}" if cell >= 1e15 else str(int(cell))
    return str(cell).strip()


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")  # validate_upload checked that it decodes
    return list(csv.reader(io.StringIO(text)))
