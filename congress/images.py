"""Photos as browsers can show them: HEIC/HEIF from phones becomes JPEG.

iPhones save photos as HEIC, which no common browser displays. Converting once,
when the photo is stored, keeps every page and PDF simple. The conversion also
drops the EXIF block, and with it the GPS position a phone writes into each
photo (a deputy's home is often where the picture was taken).
"""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext
from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from congress.uploads import HEIC, HEIF, safe_filename, validate_upload

register_heif_opener()

MAX_SIDE = 2560
JPEG_QUALITY = 85
CONVERTED_TYPES = frozenset({HEIC, HEIF})
# What a damaged or hostile image makes Pillow or libheif raise while decoding.
DECODE_ERRORS = (OSError, ValueError, SyntaxError, Image.DecompressionBombError)


def normalize_photo(uploaded_file: File, *, mime_type: str | None = None) -> File:
    """A HEIC/HEIF photo as a JPEG File named like the original with .jpg:
    turned upright (EXIF orientation), at most MAX_SIDE pixels on its longest
    side, without EXIF metadata. Other images are returned unchanged.

    `mime_type` is the sniffed type when the caller already validated the
    upload; otherwise it is sniffed here (ValidationError for a non-photo).
    Raises ValidationError when a HEIC/HEIF file cannot be decoded.
    """
    if mime_type is None:
        mime_type = validate_upload(uploaded_file, use="photo")
    if mime_type not in CONVERTED_TYPES:
        return uploaded_file
    name = safe_filename(uploaded_file.name or "")
    try:
        uploaded_file.seek(0)
        with Image.open(uploaded_file) as image:
            jpeg = _to_jpeg(image)
    except DECODE_ERRORS as error:
        raise ValidationError(
            gettext("The photo “%(name)s” is damaged and cannot be read."),
            code="photo_unreadable",
            params={"name": name},
        ) from error
    finally:
        uploaded_file.seek(0)
    return ContentFile(jpeg, name=_jpeg_name(name))


def _to_jpeg(image: Image.Image) -> bytes:
    icc_profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if image.mode != "RGB":
        image = image.convert("RGB")
    buffer = io.BytesIO()
    # Pillow writes only the metadata passed here: no EXIF (GPS, camera,
    # time) and no XMP. The colour profile stays, or iPhone (Display P3)
    # colours come out dull.
    image.save(
        buffer,
        format="JPEG",
        quality=JPEG_QUALITY,
        optimize=True,
        icc_profile=icc_profile,
    )
    return buffer.getvalue()


def _jpeg_name(name: str) -> str:
    stem = PurePath(name).stem if name else ""
    return f"{stem or 'photo'}.jpg"
