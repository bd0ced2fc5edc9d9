import uuid
from pathlib import PurePath

import pghistory
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Stored names never come from the user; the original name is kept apart.
    # The extension is the detected type's (see attachment_create).
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"attachments/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


@pghistory.track()
class Attachment(models.Model):
    """An uploaded file attached to any object; served by a permission-checking view."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("attachment_download", args=[self.pk])
