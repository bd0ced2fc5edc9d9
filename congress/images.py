"""Images as browsers can show them, and without what they give away.

Every uploaded image is decoded and encoded again when it is stored: HEIC/HEIF
from iPhones (which no common browser displays) becomes JPEG, JPEG stays JPEG
and PNG stays PNG. Re-encoding drops the EXIF block, and with it the GPS
position a phone writes into each photo (a deputy's home is often where the
picture was taken), the camera and the time. Images are measured before they
are decoded, so a decompression bomb is refused without being unpacked.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext
from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from congress import rules
from congress.uploads import (
    HEIC,
    HEIF,
    JPEG,
    PNG,
    name_for_type,
    safe_filename,
    validate_upload,
)

register_heif_opener()

MAX_SIDE = 2560
JPEG_QUALITY = 85
IMAGE_TYPES = frozenset({JPEG, PNG, HEIC, HEIF})
# What a damaged or hostile image makes Pillow or libheif raise while decoding.
DECODE_ERRORS = (OSError, ValueError, SyntaxError, Image.DecompressionBombError)


def normalize_photo(uploaded_file: File, *, mime_type: str | None = None) -> File:
    """Any uploaded image (JPEG, PNG, HEIC/HEIF) re-encoded: turned upright
    first (EXIF orientation), at most MAX_SIDE pixels on its longest side,
    without EXIF or XMP metadata (GPS position, camera, time). PNG stays PNG;
    everything else becomes JPEG, named like the original with the right
    extension. Non-images are returned unchanged.

    The image is measured from its header before any pixel is decoded: more
    pixels than the installation allows (a decompression bomb) is refused.
    `mime_type` is the sniffed type when the caller already validated the
    upload; otherwise it is sniffed here (ValidationError for a non-photo).
    Raises ValidationError when the image is too large or cannot be decoded.
    """
    if mime_type is None:
        mime_type = validate_upload(uploaded_file, use="photo")
    if mime_type not in IMAGE_TYPES:
        return uploaded_file
    name = safe_filename(uploaded_file.name or "")
    target = PNG if mime_type == PNG else JPEG
    try:
        uploaded_file.seek(0)
        with Image.open(uploaded_file) as image:
            _check_pixels(image, name)
            content = _reencode(image, target)
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(name) from error
    except DECODE_ERRORS as error:
        raise ValidationError(
            gettext("The photo “%(name)s” is damaged and cannot be read."),
            code="photo_unreadable",
            params={"name": name},
        ) from error
    finally:
        uploaded_file.seek(0)
    return ContentFile(content, name=name_for_type(name, target))


def _check_pixels(image: Image.Image, name: str) -> None:
    width, height = image.size
    if width * height > rules.get(rules.IMAGE_MAX_MEGAPIXELS.key) * 1_000_000:
        raise _too_many_pixels(name)


def _too_many_pixels(name: str) -> ValidationError:
    return ValidationError(
        gettext(
            "The image “%(name)s” has more than %(max)s million pixels; "
            "send a smaller one."
        ),
        code="photo_too_many_pixels",
        params={"name": name, "max": rules.get(rules.IMAGE_MAX_MEGAPIXELS.key)},
    )


def _reencode(image: Image.Image, target: str) -> bytes:
    icc_profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # Pillow writes only the metadata passed here: no EXIF (GPS, camera,
    # time), no XMP, no text chunks. The colour profile stays, or iPhone
    # (Display P3) colours come out dull.
    if target == PNG:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(buffer, format="PNG", optimize=True, icc_profile=icc_profile)
    else:
        if image.mode != "RGB":
            image = image.convert("RGB")
        image.save(
            buffer,
            format="JPEG",
            quality=JPEG_QUALITY,
            optimize=True,
            icc_profile=icc_profile,
        )
    return buffer.getvalue()
