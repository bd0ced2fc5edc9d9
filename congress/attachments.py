"""Attachments: storing an upload, who may download one, and how it is served."""

from collections.abc import Callable
from typing import Any

from django.core.files import File
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse

from congress.images import IMAGE_TYPES, normalize_photo
from congress.models import Attachment, User
from congress.roles import Role
from congress.uploads import JPEG, PNG, name_for_type, safe_filename, validate_upload


def attachment_create(
    target: models.Model,
    uploaded_file: File,
    *,
    user: User | None,
    use: str = "document",
) -> Attachment:
    """Validate an upload for `use` (see congress.uploads.USES), attach it to
    `target` and return the attachment.

    Every image is re-encoded without metadata (congress.images): HEIC/HEIF
    becomes JPEG. The stored name's extension follows the detected type.
    Raises ValidationError when the upload is refused; nothing is stored then.
    """
    mime_type = validate_upload(uploaded_file, use=use)
    if mime_type in IMAGE_TYPES:
        uploaded_file = normalize_photo(uploaded_file, mime_type=mime_type)
        mime_type = PNG if mime_type == PNG else JPEG
    attachment = Attachment(
        target=target,
        original_name=name_for_type(safe_filename(uploaded_file.name or ""), mime_type),
        mime_type=mime_type,
        size=uploaded_file.size,
        uploaded_by=user,
    )
    attachment.file.save(attachment.original_name, uploaded_file, save=False)
    attachment.save()
    return attachment


# "app_label.model" → visible_to(user): models whose files are confidential
# (nominees' files before the vote) decide who sees them, office staff too.
_audiences: dict[str, Callable[[Any], QuerySet]] = {}


def register_attachment_audience(
    model_label: str, visible_to: Callable[[Any], QuerySet]
) -> None:
    """Attachments of `model_label` objects reach only the uploader and those
    `visible_to(user)` lets see the object; no office-wide access."""
    if model_label in _audiences:
        raise ValueError(
            f"The attachment audience of {model_label} is registered twice."
        )
    _audiences[model_label] = visible_to


def attachment_get_for_user(user, pk: int) -> Attachment | None:
    """The attachment if the user may see it, else None (→ 404).

    Office staff see every attachment except those of models with a
    registered audience; others see what they uploaded and the attachments of
    objects their model's `visible_to(user)` lets them see.
    """
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    if attachment is None:
        return None
    content_type = attachment.content_type
    audience = _audiences.get(f"{content_type.app_label}.{content_type.model}")
    if attachment.uploaded_by_id == user.pk:
        return attachment
    if audience is not None:
        visible = audience(user).filter(pk=attachment.object_id).exists()
        return attachment if visible else None
    if user.has_role(Role.OFFICE):
        return attachment
    model = content_type.model_class()
    visible_to = getattr(model._default_manager, "visible_to", None)
    if visible_to and visible_to(user).filter(pk=attachment.object_id).exists():
        return attachment
    return None


# Types a browser may show in the page (photos); anything else, HTML and SVG
# above all, is always downloaded.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


def attachment_response(
    attachment: Attachment, *, inline: bool = False
) -> FileResponse:
    """The file, downloaded; shown in the browser when `inline` is asked for
    and it is a photo."""
    # FileResponse writes an RFC 5987 filename*, which keeps Chinese names.
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=not (inline and attachment.mime_type in INLINE_TYPES),
        filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
