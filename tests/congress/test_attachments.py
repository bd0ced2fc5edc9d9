import io
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from congress.attachments import attachment_create
from congress.models import Attachment
from tests.factories.congress import OrganizationFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    # The browser's Content-Type is ignored; the content decides.
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def report(deputy) -> Attachment:
    return attachment_create(deputy, upload("履职报告.pdf", PDF_BYTES), user=deputy)


def download(client, attachment: Attachment):
    return client.get(reverse("attachment_download", args=[attachment.pk]))


def test_attachment_create_stores_checked_file(deputy, report):
    report.refresh_from_db()
    assert report.target == deputy
    assert report.uploaded_by == deputy
    assert report.original_name == "履职报告.pdf"
    assert report.mime_type == "application/pdf"
    assert report.size == len(PDF_BYTES)
    with report.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_attachment_create_keeps_no_path_from_the_name(deputy):
    attachment = attachment_create(
        deputy, upload("..\\..\\履职报告.pdf", PDF_BYTES), user=deputy
    )
    assert attachment.original_name == "履职报告.pdf"
    assert "履职报告" not in attachment.file.name


def test_attachment_create_records_sniffed_type(deputy):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    attachment = attachment_create(
        deputy, upload("照片.jpg", buffer.getvalue()), user=deputy, use="photo"
    )
    assert attachment.mime_type == "image/png"


def test_attachment_create_stores_nothing_when_refused(deputy):
    with pytest.raises(ValidationError) as excinfo:
        attachment_create(deputy, upload("履职报告.pdf", b"MZ\x90\x00"), user=deputy)
    assert excinfo.value.code == "upload_type_unknown"
    assert not Attachment.objects.exists()


def test_attachment_download_serves_uploader(client, deputy, report):
    client.force_login(deputy)
    response = download(client, report)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    response.close()


def test_attachment_download_keeps_chinese_filename(client, deputy, report):
    client.force_login(deputy)
    response = download(client, report)
    response.close()
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('履职报告.pdf')}"
    )


def test_attachment_download_serves_office(client, office, report):
    client.force_login(office)
    response = download(client, report)
    response.close()
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["other_deputy", "liaison_a"])
def test_attachment_download_hides_from_others(client, request, persona, report):
    client.force_login(request.getfixturevalue(persona))
    assert download(client, report).status_code == 404


def test_attachment_download_hides_organisation_file_from_deputy(
    client, office, deputy
):
    organization = OrganizationFactory(name="县教育局")
    attachment = attachment_create(
        organization, upload("答复.pdf", PDF_BYTES), user=office
    )
    client.force_login(deputy)
    assert download(client, attachment).status_code == 404


def test_attachment_download_returns_404_for_missing_attachment(client, office):
    client.force_login(office)
    response = client.get(reverse("attachment_download", args=[999_999]))
    assert response.status_code == 404


def test_attachment_download_sends_anonymous_user_to_login(client, report):
    response = download(client, report)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
