"""A default set of subject categories (类别), so that a fresh installation can
register items before anyone edits the list (office staff change it in the
admin). Added only where the list is empty."""

from django.db import migrations

DEFAULT_CATEGORIES = [
    "农林水牧",
    "交通运输",
    "教科文卫",
    "财税金融",
    "城乡建设",
    "生态环境",
    "社会保障",
    "政法综合",
    "其他",
]


def add_defaults(apps, schema_editor):
    Category = apps.get_model("proposals", "Category")
    if Category.objects.exists():
        return
    Category.objects.bulk_create(
        Category(name=name, sort_order=order)
        for order, name in enumerate(DEFAULT_CATEGORIES, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0006_bounded_text")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
