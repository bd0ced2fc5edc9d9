import contextlib
import io
import unicodedata
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from congress import rules
from congress.uploads import (
    CSV,
    DOCX,
    HEIC,
    JPEG,
    MB,
    PDF,
    PNG,
    XLSX,
    safe_filename,
    validate_upload,
)

pytestmark = pytest.mark.django_db  # the size cap is an installation rule

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(64)
HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)
CSV_TEXT = "姓名,单位,手机\n张三,县教育局,13812345678\n"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, image_format)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "单位"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes], **options) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", **options) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": "<w:document>履职报告</w:document>".encode(),
        },
        compression=zipfile.ZIP_DEFLATED,
    )


def zeros_bomb(megabytes: int) -> bytes:
    """An xlsx look-alike whose one sheet is `megabytes` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        # Streamed, so the test never holds the unpacked size in memory.
        with zf.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(megabytes):
                sheet.write(bytes(MB))
    return buffer.getvalue()


def refusal(uploaded_file, use: str = "document") -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(uploaded_file, use=use)
    return excinfo.value


@pytest.mark.parametrize(
    ("name", "content", "use", "mime_type"),
    [
        ("报告.pdf", PDF_BYTES, "document", PDF),
        ("照片.png", image_bytes("PNG"), "photo", PNG),
        ("照片.jpg", image_bytes("JPEG"), "photo", JPEG),
        ("IMG_0001.HEIC", HEIC_BYTES, "photo", HEIC),
        ("名单.xlsx", xlsx_bytes(), "spreadsheet", XLSX),
        ("名单.xlsx", xlsx_bytes(), "document", XLSX),
        ("履职报告.docx", docx_bytes(), "document", DOCX),
        ("名单.csv", CSV_TEXT.encode(), "spreadsheet", CSV),
        ("名单.csv", CSV_TEXT.encode("utf-8-sig"), "spreadsheet", CSV),
        ("名单.csv", CSV_TEXT.encode("gbk"), "spreadsheet", CSV),
    ],
    ids=[
        "pdf",
        "png",
        "jpeg",
        "heic",
        "xlsx",
        "xlsx-as-document",
        "docx",
        "csv-utf8",
        "csv-utf8-bom",
        "csv-gbk",
    ],
)
def test_validate_upload_accepts_allowed_content(name, content, use, mime_type):
    assert validate_upload(upload(name, content), use=use) == mime_type


def test_validate_upload_trusts_content_over_extension():
    assert validate_upload(upload("照片.jpg", image_bytes("PNG")), use="photo") == PNG


def test_validate_upload_refuses_disguised_content_not_allowed_for_use():
    error = refusal(upload("名单.xlsx", image_bytes("PNG")), use="spreadsheet")
    assert error.code == "upload_type_not_allowed"


def test_validate_upload_refuses_executable_named_pdf():
    error = refusal(upload("履职报告.pdf", EXE_BYTES))
    assert error.code == "upload_type_unknown"
    assert "履职报告.pdf" in error.messages[0]


@pytest.mark.parametrize(
    ("content", "use"),
    [
        (CSV_TEXT.encode(), "document"),
        (PDF_BYTES, "photo"),
        (zip_bytes({"a.txt": b"a"}), "document"),
    ],
    ids=["csv-as-document", "pdf-as-photo", "plain-zip"],
)
def test_validate_upload_refuses_types_not_allowed_for_use(content, use):
    assert refusal(upload("file", content), use=use).code == "upload_type_not_allowed"


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\xfa\xfb" * 10, "名单".encode("utf-16")],
    ids=["invalid-bytes", "utf-16-has-nul"],
)
def test_validate_upload_refuses_text_neither_utf8_nor_gbk(content):
    assert refusal(upload("名单.csv", content), "spreadsheet").code == (
        "upload_type_unknown"
    )


def test_validate_upload_refuses_empty_file():
    assert refusal(upload("空.pdf", b"")).code == "upload_empty"


def test_validate_upload_refuses_file_over_size_rule():
    rules.rule_set("attachments.max_upload_mb", 1)
    content = PDF_BYTES + bytes(MB)
    error = refusal(upload("大文件.pdf", content))
    assert error.code == "upload_too_large"
    assert error.params == {"name": "大文件.pdf", "size": 1.1, "max": 1}


def test_validate_upload_accepts_file_of_exactly_size_rule():
    rules.rule_set("attachments.max_upload_mb", 1)
    content = PDF_BYTES + bytes(MB - len(PDF_BYTES))
    assert validate_upload(upload("刚好.pdf", content), use="document") == PDF


def test_validate_upload_refuses_archive_unpacking_too_large():
    error = refusal(upload("炸弹.xlsx", zeros_bomb(200)), "spreadsheet")
    assert error.code == "upload_archive_too_large"


def test_validate_upload_refuses_archive_with_extreme_compression():
    error = refusal(upload("炸弹.xlsx", zeros_bomb(2)), "spreadsheet")
    assert error.code == "upload_archive_ratio"


def test_validate_upload_refuses_archive_with_too_many_entries():
    entries = {f"xl/{number}.xml": b"" for number in range(20_000)}
    content = zip_bytes({"[Content_Types].xml": b"<Types/>", **entries})
    error = refusal(upload("很多.xlsx", content), "spreadsheet")
    assert error.code == "upload_archive_too_many_entries"


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04" + b"not really a zip" * 10, xlsx_bytes()[:-40]],
    ids=["garbage", "truncated-xlsx"],
)
def test_validate_upload_refuses_corrupt_archive(content):
    error = refusal(upload("坏的.xlsx", content), "spreadsheet")
    assert error.code == "upload_archive_corrupt"


@pytest.mark.parametrize(
    ("name", "content", "use"),
    [
        ("名单.xlsx", xlsx_bytes(), "spreadsheet"),
        ("名单.csv", CSV_TEXT.encode("gbk"), "spreadsheet"),
        ("照片.png", image_bytes("PNG"), "photo"),
        ("履职报告.pdf", EXE_BYTES, "document"),
    ],
    ids=["xlsx", "csv", "png", "refused"],
)
def test_validate_upload_leaves_file_at_start(name, content, use):
    uploaded_file = upload(name, content)
    uploaded_file.read(3)
    with contextlib.suppress(ValidationError):
        validate_upload(uploaded_file, use=use)
    assert uploaded_file.tell() == 0


def test_validate_upload_reads_xlsx_spooled_to_disk():
    # Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE arrive as temporary files.
    content = xlsx_bytes()
    uploaded_file = TemporaryUploadedFile("名单.xlsx", XLSX, len(content), None)
    uploaded_file.write(content)
    uploaded_file.seek(0)
    with uploaded_file:
        assert validate_upload(uploaded_file, use="spreadsheet") == XLSX
        assert openpyxl.load_workbook(uploaded_file).active["A1"].value == "姓名"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("履职报告.pdf", "履职报告.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\张三\\履职报告.docx", "履职报告.docx"),
        (".htaccess", "htaccess"),
        ("..履职报告.pdf", "履职报告.pdf"),
        ("报告\x00\r\n.pdf", "报告.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ('a<b>:c"d|e?f*.pdf', "a_b__c_d_e_f_.pdf"),
        (unicodedata.normalize("NFD", "résumé.pdf"), "résumé.pdf"),
        ("  名单 .xlsx  ", "名单 .xlsx"),
    ],
)
def test_safe_filename_cleans_names(name, safe):
    assert safe_filename(name) == safe


def test_safe_filename_shortens_long_names_keeping_extension():
    safe = safe_filename("关于加强县人民代表大会代表联络站建设的建议" * 10 + ".docx")
    assert len(safe) == 100
    assert safe.endswith("代表大会.docx")


def test_safe_filename_names_nameless_upload():
    assert safe_filename("../..")


@given(st.text())
def test_safe_filename_never_returns_unsafe_names(name):
    safe = safe_filename(name)
    assert 0 < len(safe) <= 100
    assert not safe.startswith(".")
    assert "/" not in safe
    assert "\\" not in safe
    assert all(unicodedata.category(char)[0] != "C" for char in safe)
