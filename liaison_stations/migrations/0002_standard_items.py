"""The station standard "九有" (R7 L232, explained item by item in R8 L245) as
the installation's default reference list; office staff edit it in the admin."""

from django.db import migrations

NINE_HAVES = [
    ("venue", "有场所", "按照就近、便民的原则，设在办事处、社区会议室或党群服务中心"),
    ("sign", "有牌子", "统一命名为“XX人大代表联络站”的站牌"),
    ("equipment", "有设备", "配有桌子、椅子、电脑、文件柜等"),
    ("staff", "有人员", "站长、副站长、联络员和管理员"),
    ("rules", "有制度", "将制度上墙并落到实处"),
    ("plan", "有计划", "全年活动计划和代表接待选民时间表"),
    ("activities", "有活动", "结合重要时间节点开展主题活动和调研、视察工作"),
    ("ledger", "有台账", "活动记录、联系群众记录、建议意见记录和交办转办记录"),
    ("archive", "有档案", "整理相关活动资料，装订成册"),
]


def add_items(apps, schema_editor):
    StandardItem = apps.get_model("liaison_stations", "StandardItem")
    for order, (code, name, evidence) in enumerate(NINE_HAVES, start=1):
        StandardItem.objects.get_or_create(
            code=code,
            defaults={"name": name, "evidence": evidence, "sort_order": order * 10},
        )


def remove_items(apps, schema_editor):
    StandardItem = apps.get_model("liaison_stations", "StandardItem")
    StandardItem.objects.filter(code__in=[row[0] for row in NINE_HAVES]).delete()


class Migration(migrations.Migration):
    dependencies = [("liaison_stations", "0001_initial")]

    operations = [migrations.RunPython(add_items, remove_items)]
