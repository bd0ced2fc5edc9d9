"""Reads across models: a deputy's year, the registry, photos, statistics.

Each function runs a fixed number of queries whatever the row count; the
tests pin them.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext

from congress.ballots import Roll
from congress.models import Attachment, Term, User
from deputies.models import (
    ActivityKind,
    Affiliation,
    AnnualEvaluation,
    Deputy,
    Gender,
    Level,
    Mandate,
    MandateStatus,
    PerformanceRecord,
    RecordStatus,
)
from deputies.search import name_contains

HAN = "汉族"
# (key, lowest age, highest age) of the age bands in the composition form.
AGE_BANDS = [
    ("under_35", None, 34),
    ("35_44", 35, 44),
    ("45_54", 45, 54),
    ("55_over", 55, None),
]


def deputy_year_summary(deputy: Deputy, *, year: int) -> dict:
    """Counts per activity type and status, and the points confirmed records
    carry (stored at confirmation), for the activities dated in `year`. One
    query."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    points: dict[str, int] = defaultdict(int)
    rows = (
        PerformanceRecord.objects.filter(deputy=deputy, date__year=year)
        .values("kind", "status")
        .annotate(n=Count("pk"), points=Sum("points"))
        .order_by()
    )
    for row in rows:
        counts[row["kind"]][row["status"]] = row["n"]
        points[row["kind"]] += row["points"] or 0
    kinds = []
    for kind in ActivityKind:
        if kind.value not in counts:
            continue
        by_status = counts[kind.value]
        confirmed = by_status[RecordStatus.CONFIRMED]
        kinds.append(
            {
                "kind": kind,
                "label": kind.label,
                "confirmed": confirmed,
                "pending": by_status[RecordStatus.PENDING],
                "returned": by_status[RecordStatus.RETURNED],
                "points": points[kind.value],
            }
        )
    return {
        "year": year,
        "kinds": kinds,
        "confirmed": sum(row["confirmed"] for row in kinds),
        "pending": sum(row["pending"] for row in kinds),
        "returned": sum(row["returned"] for row in kinds),
        "points": sum(row["points"] for row in kinds),
    }


def records_photos(records: Iterable[PerformanceRecord]) -> dict[int, list]:
    """The photos of several records by record id, in one query."""
    ids = [record.pk for record in records]
    photos: dict[int, list] = defaultdict(list)
    if not ids:
        return photos
    content_type = ContentType.objects.get_for_model(PerformanceRecord)
    for attachment in Attachment.objects.filter(
        content_type=content_type, object_id__in=ids
    ):
        photos[attachment.object_id].append(attachment)
    return photos


def attach_photos(records: Iterable[PerformanceRecord]) -> None:
    """Set `record.photos` on each record (one query for all of them)."""
    records = list(records)
    photos = records_photos(records)
    for record in records:
        record.photos = photos.get(record.pk, [])


def pending_records(records: QuerySet[PerformanceRecord], *, filters: dict):
    """The records awaiting confirmation among `records`, oldest entry first,
    narrowed by the queue's filters: township or sub-district (of a mandate
    in the current term), part of the deputy's name, kind, activity dates."""
    records = records.filter(status=RecordStatus.PENDING)
    if filters.get("division"):
        records = records.filter(
            Exists(
                Mandate.objects.filter(
                    deputy=OuterRef("deputy"),
                    term__is_current=True,
                    division=filters["division"],
                )
            )
        )
    if filters.get("deputy"):
        records = records.filter(name_contains(filters["deputy"], "deputy"))
    if filters.get("kind"):
        records = records.filter(kind=filters["kind"])
    if filters.get("date_from"):
        records = records.filter(date__gte=filters["date_from"])
    if filters.get("date_to"):
        records = records.filter(date__lte=filters["date_to"])
    return records.select_related("deputy").order_by("created_at", "pk")


def registry_deputies(
    deputies: QuerySet[Deputy], *, filters: dict, id_search: bool = False
) -> QuerySet[Deputy]:
    """Deputies matching the registry's filters, their mandates prefetched.

    Mandate filters (level, term, division, group, status) must hold for one
    and the same mandate; `q` matches part of the name, or (with `id_search`,
    for office staff only) the exact ID number.
    """
    mandate_filters = {
        field: filters[key]
        for key, field in (
            ("level", "level"),
            ("term", "term"),
            ("division", "division"),
            ("group", "groups"),
            ("status", "status"),
        )
        if filters.get(key)
    }
    if mandate_filters:
        deputies = deputies.filter(
            Exists(Mandate.objects.filter(deputy=OuterRef("pk"), **mandate_filters))
        )
    if filters.get("composition"):
        deputies = deputies.filter(composition=filters["composition"])
    deputies = _activity_filter(deputies, filters)
    if filters.get("evaluation"):
        evaluations = AnnualEvaluation.objects.filter(
            deputy=OuterRef("pk"), result=filters["evaluation"]
        )
        if filters.get("evaluation_year"):
            evaluations = evaluations.filter(year=filters["evaluation_year"])
        deputies = deputies.filter(Exists(evaluations))
    query = (filters.get("q") or "").strip()
    if query:
        # Searching by ID number confirms a guessed number: office staff only.
        by_id = Q(id_number=query.upper()) if id_search else Q(pk__in=[])
        deputies = deputies.filter(name_contains(query) | by_id)
    return deputies.order_by("name", "pk").prefetch_related(
        Prefetch(
            "mandates",
            queryset=Mandate.objects.select_related("term", "division").order_by(
                "-term__number", "level"
            ),
        )
    )


def _activity_filter(deputies: QuerySet[Deputy], filters: dict) -> QuerySet[Deputy]:
    """Deputies with a confirmed record between active_from and active_to
    (either may be open), or, with `inactive`, those without one."""
    start, end = filters.get("active_from"), filters.get("active_to")
    if not (start or end):
        return deputies
    records = PerformanceRecord.objects.filter(
        deputy=OuterRef("pk"), status=RecordStatus.CONFIRMED
    )
    if start:
        records = records.filter(date__gte=start)
    if end:
        records = records.filter(date__lte=end)
    if filters.get("inactive"):
        return deputies.filter(~Exists(records))
    return deputies.filter(Exists(records))


def _years_before(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - years, day=28)


def _age_filter(today: datetime.date, low: int | None, high: int | None) -> Q:
    # Age ≥ low ⇔ born on or before today minus low years; age ≤ high ⇔ born
    # after today minus (high + 1) years.
    condition = Q()
    if low is not None:
        condition &= Q(birth_date__lte=_years_before(today, low))
    if high is not None:
        condition &= Q(birth_date__gt=_years_before(today, high + 1))
    return condition


def _rows(counts: list[tuple], total: int) -> list[dict]:
    return [
        {
            "label": label,
            "count": count,
            "percent": round(count * 100 / total, 1) if total else 0,
        }
        for label, count in counts
    ]


def deputy_statistics(*, term: Term | None = None, today: datetime.date) -> dict:
    """The composition of the deputies holding a serving mandate in `term`
    (default: the current term): gender, age band, ethnicity, composition
    category, political affiliation (by party, the democratic parties also
    together), and serving mandates per level. Six queries."""
    # Query 1: the term.
    if term is None:
        term = Term.objects.filter(is_current=True).first()
    if term is None:
        return {"term": None, "total": 0}
    serving = Mandate.objects.filter(term=term, status=MandateStatus.SERVING)
    deputies = Deputy.objects.filter(
        Exists(serving.filter(deputy=OuterRef("pk")))
    ).order_by()
    # Query 2: gender, age bands and Han in one aggregate.
    totals = deputies.aggregate(
        total=Count("pk"),
        han=Count("pk", filter=Q(ethnicity=HAN)),
        age_unknown=Count("pk", filter=Q(birth_date__isnull=True)),
        **{
            f"gender_{gender}": Count("pk", filter=Q(gender=gender))
            for gender in Gender.values
        },
        **{
            f"age_{key}": Count("pk", filter=_age_filter(today, low, high))
            for key, low, high in AGE_BANDS
        },
    )
    total = totals["total"]
    # Query 3: each minority.
    minorities = (
        deputies.exclude(ethnicity=HAN)
        .values_list("ethnicity")
        .annotate(n=Count("pk"))
        .order_by("-n", "ethnicity")
    )
    # Query 4: composition categories.
    compositions = (
        deputies.values_list("composition")
        .annotate(n=Count("pk"))
        .order_by("-n", "composition")
    )
    # Query 5: political affiliations (GB/T 4762 codes).
    affiliations = dict(
        deputies.values_list("affiliation").annotate(n=Count("pk")).order_by()
    )
    # Query 6: serving mandates per level.
    levels = dict(
        serving.values_list("level").annotate(n=Count("pk")).order_by("level")
    )
    age_labels = dict(age_band_labels())
    age_counts = [(age_labels[key], totals[f"age_{key}"]) for key, _l, _h in AGE_BANDS]
    if totals["age_unknown"]:
        age_counts.append((age_labels["unknown"], totals["age_unknown"]))
    return {
        "term": term,
        "total": total,
        "gender": _rows(
            [(label, totals[f"gender_{value}"]) for value, label in Gender.choices],
            total,
        ),
        "age": _rows(age_counts, total),
        "han": _rows([(HAN, totals["han"])], total)[0],
        "minorities_total": _rows([("", total - totals["han"])], total)[0],
        "minorities": _rows(list(minorities), total),
        "composition": _rows(list(compositions), total),
        "affiliation": _affiliation_rows(affiliations, total),
        "levels": _rows(
            [
                (label, levels[value])
                for value, label in Level.choices
                if value in levels
            ],
            sum(levels.values()),
        ),
    }


def _affiliation_rows(counts: dict[str, int], total: int) -> list[dict]:
    """One row per affiliation present, in code order, the eight democratic
    parties followed by their total; "not recorded" last."""
    parties = Affiliation.democratic_parties()
    rows = []
    for value, label in Affiliation.choices:
        if counts.get(value):
            rows.append((label, counts[value]))
        if value == parties[-1] and (n := sum(counts.get(p, 0) for p in parties)):
            rows.append((gettext("Democratic parties in all"), n))
    if counts.get(""):
        rows.append((gettext("Not recorded"), counts[""]))
    return _rows(rows, total)


def age_band_labels() -> list[tuple[str, str]]:
    return [
        ("under_35", gettext("Under 35")),
        ("35_44", gettext("35 to 44")),
        ("45_54", gettext("45 to 54")),
        ("55_over", gettext("55 and over")),
        ("unknown", gettext("Date of birth not recorded")),
    ]


def serving_mandates_on(day: datetime.date, *, level: str = Level.COUNTY):
    """Mandates at `level` that were held on `day`: elected by then and not yet
    ended (terminated or term over) before it. Suspended deputies still count
    as members of their congress."""
    ended = Q(
        status__in=[MandateStatus.TERMINATED, MandateStatus.TERM_ENDED],
        status_date__lte=day,
    )
    return (
        Mandate.objects.filter(level=level, term__start_date__lte=day)
        .filter(Q(term__end_date__isnull=True) | Q(term__end_date__gte=day))
        .filter(Q(elected_on__isnull=True) | Q(elected_on__lte=day))
        .exclude(ended)
    )


def congress_roll(day: datetime.date) -> Roll:
    """The county congress on `day`: every serving county deputy counts; those
    with a login may vote in the browser."""
    mandates = serving_mandates_on(day)
    users = User.objects.filter(
        is_active=True, deputy__mandates__in=mandates
    ).distinct()
    return Roll(size=mandates.count(), users=users)
