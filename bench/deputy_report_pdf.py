"""Rendering one deputy's performance report (履职报告) to PDF.

    python bench/deputy_report_pdf.py [--records 100] [--runs 5] [--out FILE]

Builds a deputy with a county mandate in a deputy group, an annual evaluation
and confirmed records spread over 2025 (all thirteen activity types, a table
each), renders the report `--runs` times and prints the median. 100 records
fill six A4 pages (150 fill seven): the budget is 1 s for about five pages. Everything
happens in one transaction that is rolled back, so the database is left as it
was. `--out` keeps the last PDF for a look.

Prints one "name value unit" line per figure.
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from congress.models import Term  # noqa: E402
from deputies.models import (  # noqa: E402
    ActivityKind,
    AnnualEvaluation,
    Constituency,
    Deputy,
    DeputyGroup,
    Mandate,
    PerformanceRecord,
    RecordStatus,
)
from deputies.report import performance_report_pdf  # noqa: E402

YEAR = 2025
JANUARY_1 = datetime.date(YEAR, 1, 1)
PLACES = ["青禾镇代表联络站", "白石乡人民政府", "县人大常委会会议室", "柳溪乡石桥村"]
DESCRIPTIONS = [
    "农村饮水安全专题调研，走访农户",
    "接待选民，收集道路维修意见建议",
    "审议县政府生态环境保护工作报告",
    "参加代表小组活动",
]


class Rollback(Exception):
    pass


def _build(records: int) -> Deputy:
    term = Term.objects.filter(is_current=True).first() or Term.objects.create(
        number=999, start_date=datetime.date(2022, 1, 1)
    )
    deputy = Deputy.objects.create(
        name="阿依古丽·买买提",
        gender="female",
        ethnicity="维吾尔族",
        birth_date=datetime.date(1982, 4, 9),
        affiliation="01",
        employer_and_post="青禾县第一中学教师",
        composition="专业技术人员",
    )
    constituency = Constituency.objects.create(term=term, number=998, name="第998选区")
    group = DeputyGroup.objects.create(term=term, name="基准测试代表小组")
    mandate = Mandate.objects.create(
        deputy=deputy, level="county", term=term, constituency=constituency
    )
    mandate.groups.add(group)
    kinds = ActivityKind.values
    PerformanceRecord.objects.bulk_create(
        PerformanceRecord(
            deputy=deputy,
            kind=kinds[i % len(kinds)],
            date=JANUARY_1 + datetime.timedelta(days=i * 365 // records),
            hours=Decimal(1 + i % 6),
            place=PLACES[i % len(PLACES)],
            description=DESCRIPTIONS[i % len(DESCRIPTIONS)],
            status=RecordStatus.CONFIRMED,
            points=3,
        )
        for i in range(records)
    )
    AnnualEvaluation.objects.create(
        deputy=deputy,
        year=YEAR,
        result="excellent",
        evaluated_by="青禾县人大常委会",
        evaluated_on=datetime.date(YEAR, 12, 20),
    )
    return deputy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out")
    args = parser.parse_args()
    try:
        with transaction.atomic():
            deputy = _build(args.records)
            performance_report_pdf(deputy, YEAR)  # warm fonts and caches
            timings, cpu = [], []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    pdf = performance_report_pdf(deputy, YEAR)
                    timings.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - start_cpu)
            raise Rollback
    except Rollback:
        pass
    if args.out:
        Path(args.out).write_bytes(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"deputy_report_pdf_render {statistics.median(timings):.3f} s")
    # CPU time as well: on a busy machine the wall clock also counts waiting.
    print(f"deputy_report_pdf_render_cpu {statistics.median(cpu):.3f} s")
    print(f"deputy_report_pdf_pages {pages} pages")
    print(f"deputy_report_pdf_queries {len(queries)} queries")
    print(f"deputy_report_pdf_size {len(pdf) // 1024} KiB")


if __name__ == "__main__":
    main()
