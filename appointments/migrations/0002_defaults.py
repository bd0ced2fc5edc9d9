"""A fresh installation's reference lists: step orders per case type, the
pre-appointment checklist (任前五关 and the interview) and exam topics.
Staff change them in the admin."""

from django.db import migrations

from appointments.defaults import install_defaults


def forwards(apps, schema_editor):
    install_defaults(
        apps.get_model("appointments", "StepOrder"),
        apps.get_model("appointments", "ChecklistItem"),
        apps.get_model("appointments", "Topic"),
        apps.get_model("appointments", "AppointmentSettings"),
    )


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
