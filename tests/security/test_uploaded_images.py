"""Issue 9 §5 and §11: every uploaded image comes back without EXIF (GPS,
camera), upright; a decompression bomb is refused before it is decoded; the
stored name's extension follows the detected type."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from congress import rules
from congress.attachments import attachment_create
from congress.models import Attachment
from tests.factories.congress import TermFactory
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def tagged(format_: str, size=(64, 48), orientation=None) -> bytes:
    exif = Image.Exif()
    exif[MAKE] = "SpyCam"
    exif[GPS_IFD] = {1: "N", 2: (30.0, 15.0, 10.0), 3: "E", 4: (120.0, 9.0, 5.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format_, exif=exif.tobytes())
    return buffer.getvalue()


def png_bomb(side: int = 20000) -> bytes:
    """A valid PNG header claiming side × side pixels, a few bytes long."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("format_", ["JPEG", "PNG"])
@pytest.mark.parametrize("use", ["photo", "document"])
def test_a_gps_tagged_image_comes_back_without_exif(deputy, format_, use):
    upload = SimpleUploadedFile(f"IMG.{format_.lower()}", tagged(format_))
    assert Image.open(io.BytesIO(upload.read())).getexif().get_ifd(GPS_IFD)
    upload.seek(0)
    attachment = attachment_create(deputy, upload, user=deputy, use=use)
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == format_
        assert not image.getexif()
        assert "exif" not in image.info


def test_orientation_is_applied_before_the_exif_goes(deputy):
    upload = SimpleUploadedFile("IMG.jpg", tagged("JPEG", (64, 48), orientation=6))
    attachment = attachment_create(deputy, upload, user=deputy, use="photo")
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (48, 64)


def test_a_decompression_bomb_is_refused(deputy):
    upload = SimpleUploadedFile("bomb.png", png_bomb())
    with pytest.raises(ValidationError) as refused:
        attachment_create(deputy, upload, user=deputy, use="photo")
    assert refused.value.code == "photo_too_many_pixels"
    assert not Attachment.objects.exists()


def test_the_pixel_limit_is_an_installation_rule(deputy, office):
    rules.rule_set(rules.IMAGE_MAX_MEGAPIXELS.key, 1, user=office)
    upload = SimpleUploadedFile("big.png", png_bomb(1100))
    with pytest.raises(ValidationError) as refused:
        attachment_create(deputy, upload, user=deputy, use="photo")
    assert "1" in refused.value.messages[0]


@pytest.mark.parametrize("name", ["report.html", "setup.exe", "noextension"])
def test_the_stored_extension_follows_the_detected_type(deputy, name):
    upload = SimpleUploadedFile(name, tagged("JPEG"))
    attachment = attachment_create(deputy, upload, user=deputy, use="document")
    assert attachment.original_name.endswith(".jpg")
    assert attachment.file.name.endswith(".jpg")
    assert not attachment.original_name.endswith((".html", ".exe"))


def test_a_pdf_named_jpg_is_stored_as_pdf(deputy):
    upload = SimpleUploadedFile("photo.jpg", b"%PDF-1.4\n%%EOF\n")
    attachment = attachment_create(deputy, upload, user=deputy, use="document")
    assert attachment.original_name == "photo.pdf"


def test_a_deputy_photo_in_the_admin_loses_its_exif(client, office):
    TermFactory()
    deputy = DeputyFactory()
    client.force_login(office)
    url = reverse("admin:deputies_deputy_change", args=[deputy.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "photo"
    }
    data.update({"mandates-TOTAL_FORMS": "0", "mandates-INITIAL_FORMS": "0"})
    data["photo"] = SimpleUploadedFile("me.jpg", tagged("JPEG"))
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    deputy.refresh_from_db()
    with deputy.photo.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
