from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from congress.workflow import diagrams_markdown

TARGET = Path(settings.BASE_DIR) / "docs" / "workflows.md"


class Command(BaseCommand):
    help = "Write docs/workflows.md from the registered TRANSITIONS maps."

    def handle(self, *args, **options):
        with translation.override("zh-hans"):
            TARGET.write_text(diagrams_markdown(), encoding="utf-8")
        self.stdout.write(f"Wrote {TARGET}")
