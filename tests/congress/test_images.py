"""Photos from phones: HEIC/HEIF is stored as an upright JPEG without EXIF."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pillow_heif import register_heif_opener

from congress.attachments import attachment_create
from congress.images import MAX_SIDE, normalize_photo

register_heif_opener()

# The upload checks read the installation's size cap from the database.
pytestmark = pytest.mark.django_db

ORIENTATION = 0x0112
GPS_IFD = 0x8825
ROTATE_90_CW = 6  # what an iPhone held upright writes


def heic_bytes(size=(64, 48), *, orientation=None) -> bytes:
    """A real iPhone-like HEIC (x265-encoded) with a GPS position in its EXIF."""
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (30.0, 15.0, 10.0), 3: "E", 4: (120.0, 9.0, 5.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    image = Image.new("RGB", size, "red")
    buffer = io.BytesIO()
    image.save(buffer, format="HEIF", exif=exif.tobytes(), quality=50)
    return buffer.getvalue()


def photo(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/heic")


def test_heic_fixture_is_a_real_heic_with_gps():
    with Image.open(io.BytesIO(heic_bytes())) as image:
        assert image.format == "HEIF"
        assert image.getexif().get_ifd(GPS_IFD)


def test_normalize_photo_converts_heic_to_jpeg_named_jpg():
    converted = normalize_photo(photo("IMG_0001.HEIC", heic_bytes()))
    assert converted.name == "IMG_0001.jpg"
    with Image.open(converted) as image:
        assert image.format == "JPEG"
        assert image.size == (64, 48)


def test_normalize_photo_strips_exif_and_gps():
    converted = normalize_photo(photo("IMG_0001.HEIC", heic_bytes()))
    with Image.open(converted) as image:
        assert not image.getexif()
        assert not image.getexif().get_ifd(GPS_IFD)
        assert "exif" not in image.info


def test_normalize_photo_turns_the_photo_upright():
    content = heic_bytes((64, 48), orientation=ROTATE_90_CW)
    with Image.open(normalize_photo(photo("IMG_0002.HEIC", content))) as image:
        assert image.size == (48, 64)


def test_normalize_photo_caps_the_longest_side():
    content = heic_bytes((MAX_SIDE + 640, 1000))
    with Image.open(normalize_photo(photo("IMG_0003.HEIC", content))) as image:
        assert max(image.size) == MAX_SIDE


def test_normalize_photo_reencodes_a_png_as_png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    converted = normalize_photo(SimpleUploadedFile("照片.png", buffer.getvalue()))
    assert converted.name == "照片.png"
    with Image.open(converted) as image:
        assert image.format == "PNG"


def test_normalize_photo_refuses_a_damaged_heic():
    fake = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)
    with pytest.raises(ValidationError) as excinfo:
        normalize_photo(photo("IMG_0004.HEIC", fake))
    assert excinfo.value.code == "photo_unreadable"


def test_attachment_create_stores_a_heic_photo_as_jpeg_without_gps(deputy):
    attachment = attachment_create(
        deputy, photo("IMG_0001.HEIC", heic_bytes()), user=deputy, use="photo"
    )
    attachment.refresh_from_db()
    assert attachment.mime_type == "image/jpeg"
    assert attachment.original_name == "IMG_0001.jpg"
    with attachment.file.open("rb") as stored:
        content = stored.read()
    assert attachment.size == len(content)
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG"
        assert not image.getexif().get_ifd(GPS_IFD)


def test_attachment_create_converts_a_heic_document_too(deputy):
    attachment = attachment_create(
        deputy, photo("IMG_0001.HEIC", heic_bytes()), user=deputy, use="document"
    )
    assert attachment.mime_type == "image/jpeg"
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
