"""A fresh installation's reference lists: step orders per case type, the
pre-appointment checklist (任前五关 and the interview) and exam topics.
Staff change them in the admin."""

from django.db import migrations

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
# (name, case types, organisation kinds (empty: all), asks for a period)
CHECKLIST = [
    ("主任会议审查考察材料", APPOINTING + ["remove", "resign", "dismiss"], [], False),
    ("任前公示", ["appoint", "decide"], [], True),
    ("经济责任审计", ["appoint", "decide"], ["government_department"], False),
    ("任前座谈（德、能、勤、绩、廉）", ["appoint"], ["court", "procuratorate"], False),
]
TOPICS = ["宪法", "地方组织法", "监督法", "代表法", "行政法律法规", "党内法规"]


def forwards(apps, schema_editor):
    StepOrder = apps.get_model("appointments", "StepOrder")
    ChecklistItem = apps.get_model("appointments", "ChecklistItem")
    Topic = apps.get_model("appointments", "Topic")
    for case_type, steps in STEP_ORDERS.items():
        StepOrder.objects.get_or_create(case_type=case_type, defaults={"steps": steps})
    for order, (name, types, kinds, dates) in enumerate(CHECKLIST, start=1):
        ChecklistItem.objects.get_or_create(
            name=name,
            defaults={
                "case_types": types,
                "organization_kinds": kinds,
                "with_dates": dates,
                "sort_order": order * 10,
            },
        )
    for order, name in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
