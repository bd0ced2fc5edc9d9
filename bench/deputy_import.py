"""Importing the deputy registry (代表名册) from Excel.

    python bench/deputy_import.py [--rows 10000]

Generates an .xlsx of `--rows` deputies (every column filled in, names with
"·" and characters beyond the basic plane, two groups each), then times, as
staff would meet them: the preview (dry run), the import itself and importing
the same file again (every row unchanged). Each figure is taken in its own
transaction, rolled back, so the database is left as it was.

Prints one "name value unit" line per figure.
"""

import argparse
import datetime
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from congress.models import Division, Term  # noqa: E402
from deputies.imports import registry_import  # noqa: E402
from deputies.models import Constituency, Deputy, DeputyGroup  # noqa: E402
from deputies.resources import DeputyResource  # noqa: E402

NAMES = ["阿依古丽·买买提", "𠮷田", "欧阳明", "王芳", "扎西·次仁"]


class Rollback(Exception):
    pass


def _id_number(i: int) -> str:
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=i)
    body = f"110101{birth:%Y%m%d}{i % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _workbook(rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("代表名册")
    headers = [f.column_name for f in DeputyResource().get_import_fields()]
    sheet.append(headers)
    for i in range(rows):
        sheet.append(
            [
                f"{NAMES[i % len(NAMES)]}{i}",
                "女" if i % 2 else "男",
                "维吾尔族" if i % 5 == 0 else "汉族",
                "",
                _id_number(i),
                "中共党员",
                "大学本科",
                "基准镇第一村党支部书记",
                "农民",
                f"139{i:08d}",
                "县人大代表",
                "基准第一选区",
                "基准镇",
                "基准组甲、基准组乙",
                "否",
            ]
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _setup() -> None:
    term = Term.objects.filter(is_current=True).first() or Term.objects.create(
        number=999, start_date=datetime.date(2022, 1, 1), is_current=True
    )
    division = Division.objects.create(
        name="基准镇", code="999999000001", level=Division.Level.TOWN
    )
    Constituency.objects.create(
        term=term, number=998, name="基准第一选区", division=division
    )
    for name in ("基准组甲", "基准组乙"):
        DeputyGroup.objects.create(term=term, name=name)


def _timed(data: bytes, *, dry_run: bool = False):
    start = time.perf_counter()
    result = registry_import(
        SimpleUploadedFile("名册.xlsx", data), user=None, dry_run=dry_run
    )
    return time.perf_counter() - start, result


def _in_rolled_back_transaction(measure):
    """Each figure in its own transaction, as the admin's preview and confirm
    steps are; rolled back so the database is left as it was."""
    try:
        with transaction.atomic():
            _setup()
            figure = measure()
            raise Rollback
    except Rollback:
        return figure


def _check(ok: bool, result) -> None:
    if not ok:
        raise SystemExit(f"unexpected result: {dict(result.totals)}")


def _import(data: bytes, rows: int) -> float:
    elapsed, result = _timed(data)
    _check(result.totals["new"] == rows and Deputy.objects.count() >= rows, result)
    return elapsed


def _reimport(data: bytes, rows: int) -> float:
    _timed(data)
    elapsed, result = _timed(data)
    _check(result.totals["skip"] == rows, result)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    rows = args.rows
    data = _workbook(rows)
    preview = _in_rolled_back_transaction(lambda: _timed(data, dry_run=True)[0])
    elapsed = _in_rolled_back_transaction(lambda: _import(data, rows))
    again = _in_rolled_back_transaction(lambda: _reimport(data, rows))
    print(f"deputy_import_file_size {len(data) // 1024} KiB")
    print(f"deputy_import_preview_{rows}_rows {preview:.2f} s")
    print(f"deputy_import_{rows}_rows {elapsed:.2f} s")
    print(f"deputy_import_rate {rows / elapsed:.0f} rows/s")
    print(f"deputy_reimport_unchanged_{rows}_rows {again:.2f} s")


if __name__ == "__main__":
    main()
