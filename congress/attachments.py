"""Attachments: who may download one, and how it is served."""

from django.http import FileResponse

from congress.models import Attachment
from congress.roles import Role


def attachment_get_for_user(user, pk: int) -> Attachment | None:
    """The attachment if the user may see it, else None (→ 404).

    Office staff see every attachment; others see what they uploaded and the
    attachments of objects their model's `visible_to(user)` lets them see.
    """
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    if attachment is None:
        return None
    if user.has_role(Role.OFFICE) or attachment.uploaded_by_id == user.pk:
        return attachment
    model = attachment.content_type.model_class()
    visible_to = getattr(model._default_manager, "visible_to", None)
    if visible_to and visible_to(user).filter(pk=attachment.object_id).exists():
        return attachment
    return None


def attachment_response(attachment: Attachment) -> FileResponse:
    # FileResponse writes an RFC 5987 filename*, which keeps Chinese names.
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
