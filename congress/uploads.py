"""One validator for every upload: size, real content type, archive limits.

The type comes from the content's magic bytes, never from the name or the
browser's Content-Type. ZIP-based files are checked from their central
directory before anything (openpyxl, an import) unpacks them.
"""

import codecs
import math
import re
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext

from congress import rules

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
HEIC = "image/heic"
HEIF = "image/heif"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
ZIP = "application/zip"

TYPE_LABELS = {
    PDF: "PDF",
    PNG: "PNG",
    JPEG: "JPEG",
    HEIC: "HEIC",
    HEIF: "HEIF",
    DOCX: "Word (.docx)",
    XLSX: "Excel (.xlsx)",
    CSV: "CSV",
    ZIP: "ZIP",
}

# The extension a stored file gets for its real type; the other names
# people use for the same type are kept.
EXTENSIONS = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    HEIC: (".heic",),
    HEIF: (".heif", ".heic"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    CSV: (".csv", ".txt"),
    ZIP: (".zip",),
}

USES: dict[str, frozenset[str]] = {
    "document": frozenset({PDF, DOCX, XLSX, JPEG, PNG, HEIC, HEIF}),
    "photo": frozenset({JPEG, PNG, HEIC, HEIF}),
    "spreadsheet": frozenset({XLSX, CSV}),
}

# ISO base media "ftyp" major brands: iPhone photos are "heic"; "mif1" is
# generic HEIF.
FTYP_BRANDS = {
    b"heic": HEIC,
    b"heix": HEIC,
    b"heim": HEIC,
    b"heis": HEIC,
    b"hevc": HEIC,
    b"hevx": HEIC,
    b"mif1": HEIF,
    b"msf1": HEIF,
}

MB = 1024 * 1024
MAX_ARCHIVE_ENTRIES = 10_000
MAX_ARCHIVE_UNPACKED = 100 * MB
# Office XML rarely compresses beyond 20:1; zip bombs reach 1000:1. Small
# entries are let off: a tiny, very repetitive XML part is harmless.
MAX_COMPRESSION_RATIO = 100
RATIO_GRACE = 1 * MB
# What a damaged directory makes zipfile raise; NotImplementedError is for
# flags it cannot handle (e.g. "compressed patched data").
ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError)
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")

UNSAFE_NAME_CHARS = re.compile(r'[<>:"|?*]')
LEADING_DOTS_AND_SPACES = re.compile(r"^[\s.]+")


def validate_upload(uploaded_file: File, *, use: str) -> str:
    """Check an upload for `use` (a key of USES) and return its real MIME type.

    Raises ValidationError naming the file and the problem: empty, too large,
    an unknown or unaccepted type, a damaged archive or one too big unpacked.
    The file is left at position 0.
    """
    allowed = USES[use]
    name = safe_filename(uploaded_file.name or "")
    _check_size(uploaded_file, name)
    try:
        uploaded_file.seek(0)
        mime_type = _sniff(uploaded_file, name)
    finally:
        uploaded_file.seek(0)
    allowed_labels = ", ".join(sorted(TYPE_LABELS[mime] for mime in allowed))
    if mime_type is None:
        raise ValidationError(
            gettext(
                "The content of “%(name)s” is not a recognised file type. "
                "Accepted here: %(allowed)s."
            ),
            code="upload_type_unknown",
            params={"name": name, "allowed": allowed_labels},
        )
    if mime_type not in allowed:
        raise ValidationError(
            gettext(
                "“%(name)s” is a %(type)s file, which is not accepted here. "
                "Accepted here: %(allowed)s."
            ),
            code="upload_type_not_allowed",
            params={
                "name": name,
                "type": TYPE_LABELS[mime_type],
                "allowed": allowed_labels,
            },
        )
    return mime_type


def _check_size(uploaded_file: File, name: str) -> None:
    size = uploaded_file.size
    if not size:
        raise ValidationError(
            gettext("“%(name)s” is empty."),
            code="upload_empty",
            params={"name": name},
        )
    max_mb = rules.get(rules.UPLOAD_MAX_MB.key)
    if size > max_mb * MB:
        # Rounded up, so that a file just over the cap never reads "1.0 MB".
        size_mb = math.ceil(size * 10 / MB) / 10
        raise ValidationError(
            gettext("“%(name)s” is %(size)s MB; files may be at most %(max)s MB."),
            code="upload_too_large",
            params={"name": name, "size": size_mb, "max": max_mb},
        )


def _sniff(uploaded_file: File, name: str) -> str | None:
    head = uploaded_file.read(16)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[4:8] == b"ftyp" and head[8:12] in FTYP_BRANDS:
        return FTYP_BRANDS[head[8:12]]
    if head.startswith(b"PK\x03\x04"):
        return _sniff_archive(uploaded_file, name)
    if _is_text(uploaded_file):
        return CSV
    return None


def _sniff_archive(uploaded_file: File, name: str) -> str:
    try:
        uploaded_file.seek(0)
        # Reads the central directory only; no entry is decompressed.
        entries = zipfile.ZipFile(uploaded_file).infolist()
    except ZIP_ERRORS:
        raise ValidationError(
            gettext("“%(name)s” is damaged and cannot be opened."),
            code="upload_archive_corrupt",
            params={"name": name},
        ) from None
    _check_archive(entries, name)
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" in names:
        if any(entry.startswith("word/") for entry in names):
            return DOCX
        if any(entry.startswith("xl/") for entry in names):
            return XLSX
    return ZIP


def _check_archive(entries: list[zipfile.ZipInfo], name: str) -> None:
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise ValidationError(
            gettext("“%(name)s” contains more than %(max)s files."),
            code="upload_archive_too_many_entries",
            params={"name": name, "max": MAX_ARCHIVE_ENTRIES},
        )
    if sum(entry.file_size for entry in entries) > MAX_ARCHIVE_UNPACKED:
        raise ValidationError(
            gettext("“%(name)s” would unpack to more than %(max)s MB."),
            code="upload_archive_too_large",
            params={"name": name, "max": MAX_ARCHIVE_UNPACKED // MB},
        )
    for entry in entries:
        if (
            entry.file_size > RATIO_GRACE
            and entry.file_size > MAX_COMPRESSION_RATIO * entry.compress_size
        ):
            raise ValidationError(
                gettext(
                    "“%(name)s” is compressed far more than a normal file "
                    "(a possible “zip bomb”) and was refused."
                ),
                code="upload_archive_ratio",
                params={"name": name},
            )


def _is_text(uploaded_file: File) -> bool:
    """UTF-8 (with or without BOM) or GB 18030 (a superset of GBK), no NUL."""
    for encoding in TEXT_ENCODINGS:
        uploaded_file.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in uploaded_file.chunks():
                if b"\x00" in chunk:
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return True
    return False


def safe_filename(name: str, *, max_length: int = 100) -> str:
    """A display name safe to store and send back: no directories, control
    or invisible format characters (e.g. right-to-left overrides), leading
    dots or Windows-reserved characters; Chinese is kept; the extension
    survives shortening."""
    name = unicodedata.normalize("NFC", str(name))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = LEADING_DOTS_AND_SPACES.sub("", UNSAFE_NAME_CHARS.sub("_", name)).rstrip()
    if not name:
        return gettext("attachment")
    if len(name) > max_length:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = f"{stem[: max_length - len(extension) - 1]}.{extension}"
        else:
            name = name[:max_length]
    return name


def name_for_type(name: str, mime_type: str) -> str:
    """The name with an extension that matches the content's real type: a
    JPEG uploaded as “report.html” or “x.exe” is stored as “report.jpg”."""
    extensions = EXTENSIONS[mime_type]
    stem, dot, extension = name.rpartition(".")
    if dot and f".{extension.lower()}" in extensions:
        return name
    if not dot or not stem or len(extension) > 10:
        stem = name
    return f"{stem or gettext('attachment')}{extensions[0]}"
