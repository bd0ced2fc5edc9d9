"""Scale data of appointments (congress.scale): ten years of a large county.

About 300 cases a year (assessor batches included) for ten years, with their
checklists, timelines, exam attempts, certificates and the register of
office-holders; the last months' cases are still open (the board's load).
Synthetic rows: no services, no notices, built with bulk inserts.
"""

import datetime
import random

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from appointments.models import (
    APPOINTING_TYPES,
    DEFAULT_STEP_ORDERS,
    Batch,
    Case,
    CaseCheck,
    CaseEvent,
    CaseStatus,
    CaseType,
    Certificate,
    ChecklistItem,
    Person,
    Post,
    Tenure,
)
from congress.models import Meeting, Organization, Term

TYPES = [
    (CaseType.APPOINT, 35),
    (CaseType.DECIDE, 20),
    (CaseType.ASSESSOR, 25),
    (CaseType.ACTING, 3),
    (CaseType.REMOVE, 12),
    (CaseType.RESIGN, 4),
    (CaseType.DISMISS, 1),
]
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
)
GIVEN = "建国志强丽华秀英明亮海波春燕振华玉兰文斌晓东红梅立新永刚淑芬卫东雪梅"


def generate(profile, rng: random.Random, log) -> dict[str, int]:
    """Add the profile's years of appointment cases, the last ones open."""
    count = profile.appointments_per_year * profile.appointment_years
    with transaction.atomic():
        posts = _posts()
        meetings = _meetings(profile.appointment_years)
        made = _cases(rng, posts, meetings, count, profile.appointments_open)
    return {Case._meta.db_table: made, Person._meta.db_table: made}


def _posts() -> list[Post]:
    orgs = list(Organization.objects.filter(is_handling_unit=True).order_by("pk"))
    posts = []
    for org in orgs:
        for name in ("局长", "副局长", "副院长", "审判员", "人民陪审员", "委员"):
            post, _created = Post.objects.get_or_create(
                organization=org, name=f"{name}（规模数据）"
            )
            posts.append(post)
    return posts


def _meetings(years: int) -> list[Meeting]:
    term, _created = Term.objects.get_or_create(
        number=90, defaults={"start_date": datetime.date(2010, 1, 1)}
    )
    today = timezone.localdate()
    meetings = []
    for n in range(years * 6):
        day = today - datetime.timedelta(days=60 * (years * 6 - n))
        meeting, _created = Meeting.objects.get_or_create(
            term=term,
            kind=Meeting.Kind.COMMITTEE_MEETING,
            number=n + 1,
            defaults={"start_date": day, "end_date": day},
        )
        meetings.append(meeting)
    return meetings


def _cases(rng, posts, meetings, count, open_count) -> int:
    kinds = [kind for kind, weight in TYPES for _n in range(weight)]
    people = Person.objects.bulk_create(
        Person(name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN))
        for _n in range(count)
    )
    batches = Batch.objects.bulk_create(
        Batch(title=f"规模数据：{meeting}", meeting=meeting) for meeting in meetings
    )
    nominating = (
        Organization.objects.filter(is_handling_unit=True).order_by("pk").first()
    )
    cases = []
    for n, person in enumerate(people):
        position = n * len(meetings) // count
        meeting, batch = meetings[position], batches[position]
        kind = rng.choice(kinds)
        is_open = n >= count - open_count
        status = (
            rng.choice([CaseStatus.SUBMISSION, CaseStatus.REVIEW, CaseStatus.VOTE])
            if is_open
            else (CaseStatus.REJECTED if rng.random() < 0.02 else CaseStatus.COMPLETED)
        )
        cases.append(
            Case(
                case_type=kind,
                person=person,
                post=rng.choice(posts),
                batch=batch,
                meeting=meeting,
                nominating_body=nominating,
                steps=DEFAULT_STEP_ORDERS[kind],
                status=status,
                decided_on=None if is_open else meeting.start_date,
                created_at=timezone.make_aware(
                    datetime.datetime.combine(meeting.start_date, datetime.time(9))
                )
                - datetime.timedelta(days=20),
            )
        )
    cases = Case.objects.bulk_create(cases, batch_size=2000)
    _details(rng, cases)
    return len(cases)


def _details(rng, cases) -> None:
    items = list(ChecklistItem.objects.filter(is_active=True).order_by("pk"))
    checks, events, tenures, certificates = [], [], [], []
    # Continue each year's numbering after the certificates already there.
    sequences = dict(
        Certificate.objects.values_list("year").annotate(n=Max("sequence"))
    )
    for case in cases:
        events.append(
            CaseEvent(
                case=case, type="appointments.created", created_at=case.created_at
            )
        )
        if not case.is_closed:
            checks += [CaseCheck(case=case, item=item) for item in items]
            continue
        events.append(
            CaseEvent(
                case=case,
                type="appointments.voted",
                created_at=case.created_at + datetime.timedelta(days=20),
                data={"passed": case.status == CaseStatus.COMPLETED},
            )
        )
        if case.status == CaseStatus.COMPLETED and case.case_type in APPOINTING_TYPES:
            tenures.append(
                Tenure(
                    person=case.person,
                    post=case.post,
                    start_date=case.decided_on,
                    appointed_by=case,
                )
            )
            year = case.decided_on.year
            sequences[year] = sequences.get(year, 0) + 1
            certificates.append(
                Certificate(
                    case=case,
                    year=year,
                    sequence=sequences[year],
                    number=f"规模任〔{year}〕{sequences[year]}号",
                    issued_on=case.decided_on,
                    wording="任命",
                )
            )
    CaseCheck.objects.bulk_create(checks, batch_size=5000)
    CaseEvent.objects.bulk_create(events, batch_size=5000)
    Tenure.objects.bulk_create(tenures, batch_size=5000)
    Certificate.objects.bulk_create(certificates, batch_size=5000)
