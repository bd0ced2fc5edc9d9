"""Validators and masking used by every form, import, export and log."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import numdb
from stdnum.cn import ric

# [0-9], not \d: \d also matches full-width and other Unicode digits.
MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
ID_NUMBER_RE = re.compile(r"^[0-9]{17}[0-9X]$")


def is_ascii_number(value) -> bool:
    """Digits 0-9 only. str.isdigit() also accepts “²” and other Unicode
    digits that int() then refuses (a 500): use this before int()."""
    text = str(value)
    return text.isascii() and text.isdigit()


def normalize_id_number(value: str) -> str:
    return str(value).strip().replace(" ", "").upper()


def validate_id_number(value: str) -> None:
    """Strictly validate an 18-digit resident ID number (GB 11643).

    The check digit and the birth date must be right. The region prefix is
    not checked here (see id_number_warnings): region codes change and older
    IDs keep their old prefix.
    """
    number = normalize_id_number(value)
    if "E+" in number or "." in number:
        raise ValidationError(
            _(
                "The ID number looks like a spreadsheet number (%(value)s) and "
                "has lost digits; format the column as text."
            ),
            code="id_number_scientific",
            params={"value": value},
        )
    if not ID_NUMBER_RE.match(number):
        raise ValidationError(
            _("The ID number must be 18 characters: 17 digits and a digit or X."),
            code="id_number_format",
        )
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("The ID number contains an impossible birth date."),
            code="id_number_birth_date",
        ) from None
    if not datetime.date(1900, 1, 1) <= birth <= timezone.localdate():
        raise ValidationError(
            _("The ID number contains an impossible birth date."),
            code="id_number_birth_date",
        )
    # calc_check_digit expects the full 18 characters and ignores the last one.
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(
            _("The ID number's check digit is wrong; please check each digit."),
            code="id_number_checksum",
        )


def id_number_warnings(value: str) -> list[str]:
    """Soft findings for a valid ID number: a region prefix that never existed."""
    code = normalize_id_number(value)[:6]
    # Not ric.get_birth_place(): it wants the code to exist in the birth year,
    # but codes are given at registration, so people born before a county's
    # code was created (320102 dates from 1983) would be flagged wrongly.
    found = [props for _part, props in numdb.get("cn/loc").info(code)]
    if not any("county" in props for props in found):
        return [
            _("The ID number's region code %(code)s is not known.") % {"code": code}
        ]
    return []


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(str(value).strip()):
        raise ValidationError(
            _("Enter an 11-digit mainland mobile number starting with 1."),
            code="mobile_format",
        )


def mask_id_number(value: str | None) -> str:
    """110101199003071234 → 110101********1234; short values are fully masked."""
    if not value:
        return ""
    value = str(value)
    if len(value) < 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_mobile(value: str | None) -> str:
    """13812345678 → 138****5678."""
    if not value:
        return ""
    value = str(value)
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


PERSONAL_FIELD_MASKS = {
    "id_number": mask_id_number,
    "mobile": mask_mobile,
    "phone": mask_mobile,
}


def mask_personal(field: str, value):
    """Mask a value if its field holds personal data (by field name)."""
    mask = PERSONAL_FIELD_MASKS.get(field)
    return mask(value) if mask and value else value
