"""A fresh installation's reference lists (the data migration installs them;
tests and the demo re-install them after a database flush)."""

STEP_ORDERS = {
    "appoint": [
        "submission",
        "review",
        "exam",
        "introduction",
        "statement",
        "vote",
        "certificate",
        "oath",
    ],
    "decide": [
        "submission",
        "review",
        "exam",
        "introduction",
        "statement",
        "vote",
        "certificate",
        "oath",
    ],
    "assessor": ["submission", "review", "vote", "certificate", "oath"],
    "acting": ["submission", "review", "vote", "oath"],
    "remove": ["submission", "review", "vote"],
    "resign": ["submission", "review", "vote"],
    "dismiss": ["submission", "review", "vote"],
}
APPOINTING = ["appoint", "decide", "assessor", "acting"]
# (name, case types, organisation kinds (empty: all), asks for a period):
# the five gates (任前五关) that are checks, and the interview for court and
# procuratorate posts the organisation department does not vet (R2 L88).
CHECKLIST = [
    ("主任会议审查考察材料", [*APPOINTING, "remove", "resign", "dismiss"], [], False),
    ("任前公示", ["appoint", "decide"], [], True),
    ("经济责任审计", ["appoint", "decide"], ["government_department"], False),
    ("任前座谈（德、能、勤、绩、廉）", ["appoint"], ["court", "procuratorate"], False),
]
TOPICS = ["宪法", "地方组织法", "监督法", "代表法", "行政法律法规", "党内法规"]


def install_defaults(
    step_order_model, checklist_model, topic_model, settings_model=None
) -> None:
    """Create what is missing; never changes what staff edited."""
    if settings_model is not None:
        settings_model.objects.get_or_create(pk=1)
    for case_type, steps in STEP_ORDERS.items():
        step_order_model.objects.get_or_create(
            case_type=case_type, defaults={"steps": steps}
        )
    for order, (name, types, kinds, dates) in enumerate(CHECKLIST, start=1):
        checklist_model.objects.get_or_create(
            name=name,
            defaults={
                "case_types": types,
                "organization_kinds": kinds,
                "with_dates": dates,
                "sort_order": order * 10,
            },
        )
    for order, name in enumerate(TOPICS, start=1):
        topic_model.objects.get_or_create(
            name=name, defaults={"sort_order": order * 10}
        )
