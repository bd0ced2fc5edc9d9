"""Page times of the appointments pages on the large data profile.

    python manage.py seed_demo                          # the demo county
    python manage.py generate_scale_data --profile province --yes    # once
    python bench/appointments_pages.py [--runs 5]
    python bench/appointments_pages.py --certificates 50

Logs the personnel committee's staff in (bench_personnel, created if missing)
and fetches the case board, the register of office-holders (current and
everyone), a case file, an office-holder's page and the yearly statistics,
`--runs` times each; prints "name median_ms ms" and "name_queries count
queries". `--certificates N` renders N certificates as one PDF and prints
"certificates_pdf_N seconds s" and the PDF's pages.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from pagetiming import time_page  # noqa: E402

from appointments.models import (  # noqa: E402
    AppointmentSettings,
    Case,
    Tenure,
)
from appointments.services import ceremonies  # noqa: E402
from congress.models import User  # noqa: E402
from congress.roles import Role  # noqa: E402


def personnel() -> User:
    body_id = AppointmentSettings.load().personnel_body_id
    user, _created = User.objects.get_or_create(
        username="bench_personnel", defaults={"real_name": "基准测试"}
    )
    user.working_body_id = body_id
    user.save(update_fields=["working_body"])
    user.groups.add(Role.OFFICE.group())
    return user


def pages(runs: int) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = personnel()
    client = Client()
    client.force_login(user)
    print(f"cases {Case.objects.count()} cases")
    print(f"open_cases {Case.objects.open().count()} cases")
    print(f"tenures {Tenure.objects.count()} tenures")
    case = Case.objects.order_by("-pk").first()
    busiest = (
        Tenure.objects.values("person").annotate(n=Count("pk")).order_by("-n").first()
    )
    year = Case.objects.exclude(decided_on=None).latest("decided_on").decided_on.year
    urls = [
        ("board", reverse("appointments:board")),
        ("register", reverse("appointments:register")),
        ("register_all", reverse("appointments:register") + "?all=1"),
        ("case_detail", reverse("appointments:case_detail", args=[case.pk])),
        ("statistics", reverse("appointments:statistics") + f"?year={year}"),
    ]
    if busiest:
        urls.append(
            (
                "person_detail",
                reverse("appointments:person_detail", args=[busiest["person"]]),
            )
        )
    for name, url in urls:
        time_page(client, name, url, runs)


def certificates(count: int) -> None:
    chosen = list(ceremonies.certificates_for_print()[:count])
    if len(chosen) < count:
        print(
            f"# only {len(chosen)} certificates: "
            "run generate_scale_data --profile province"
        )
    started = time.perf_counter()
    pdf = ceremonies.certificates_print(chosen, user=personnel(), reason="基准测试")
    elapsed = time.perf_counter() - started
    from pypdf import PdfReader

    print(f"certificates_pdf_{len(chosen)} {elapsed:.2f} s")
    print(f"certificates_pdf_pages {len(PdfReader(io.BytesIO(pdf)).pages)} pages")
    print(f"certificates_pdf_size {len(pdf) // 1024} KiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--certificates", type=int, default=0)
    options = parser.parse_args()
    if options.certificates:
        certificates(options.certificates)
    else:
        pages(options.runs)
