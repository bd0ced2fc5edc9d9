import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from congress.validators import (
    id_number_warnings,
    mask_id_number,
    mask_mobile,
    validate_id_number,
    validate_mobile,
)

CHECK_CHARACTERS = "0123456789X"
# GB 11643: weight of position i is 2^(17-i) mod 11; the sum mod 11 picks the
# check character. Written out here so the tests do not share stdnum's
# calling convention with the code under test.
WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def check_digit(body: str) -> str:
    # calc_check_digit takes the full 18 characters and ignores the last one.
    return ric.calc_check_digit(body + "0")


def with_check_digit(body: str) -> str:
    return body + check_digit(body)


def error_code(value: str, validator=validate_id_number) -> str:
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    return excinfo.value.code


birth_dates = st.dates(datetime.date(1900, 1, 1), datetime.date(2020, 12, 31))
id_bodies = st.builds(
    lambda region, birth, sequence: f"{region:06d}{birth:%Y%m%d}{sequence:03d}",
    st.integers(min_value=110000, max_value=999999),
    st.dates(
        min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)
    ),
    st.integers(min_value=0, max_value=999),
)


@pytest.mark.parametrize(
    "value",
    [
        "11010519491231002X",  # GB 11643's own example
        "11010519491231002x",
        " 110105 19491231 002X ",
        with_check_digit("32010219550612003"),
        with_check_digit("61092319900101123"),
    ],
)
def test_validate_id_number_accepts_valid_numbers(value):
    validate_id_number(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "id_number_checksum"),
        (with_check_digit("11010519900230123"), "id_number_birth_date"),
        # The standard's other example: right check digit, born 1880.
        ("440524188001010014", "id_number_birth_date"),
        ("11010519491231002", "id_number_format"),
        ("11010519491231002XX", "id_number_format"),
        ("１１０１０５１９４９１２３１００２Ｘ", "id_number_format"),
        ("6.10923E+17", "id_number_scientific"),
        ("6.10923e+17", "id_number_scientific"),
    ],
    ids=[
        "wrong-check-digit",
        "february-30",
        "before-1900",
        "17-characters",
        "19-characters",
        "full-width-digits",
        "excel-scientific",
        "excel-scientific-lowercase",
    ],
)
def test_validate_id_number_rejects_invalid_numbers(value, code):
    assert error_code(value) == code


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_validate_id_number_rejects_future_birth_date():
    assert error_code(with_check_digit("11010520260602123")) == "id_number_birth_date"


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_validate_id_number_accepts_birth_date_of_today():
    validate_id_number(with_check_digit("11010520260601123"))


@given(id_bodies)
def test_stdnum_check_digit_matches_gb_11643_weights(body):
    total = sum(
        int(digit) * weight for digit, weight in zip(body, WEIGHTS, strict=True)
    )
    assert check_digit(body) == "10X98765432"[total % 11]


@given(id_bodies)
def test_validate_id_number_accepts_any_number_with_right_check_digit(body):
    validate_id_number(with_check_digit(body))


@given(id_bodies, st.integers(min_value=1, max_value=10))
def test_validate_id_number_rejects_any_other_check_digit(body, shift):
    right = CHECK_CHARACTERS.index(check_digit(body))
    wrong = CHECK_CHARACTERS[(right + shift) % len(CHECK_CHARACTERS)]
    assert error_code(body + wrong) == "id_number_checksum"


def test_id_number_of_county_created_after_birth_is_valid_without_warning():
    # 320102 (Xuanwu, Nanjing) dates from 1983; people born earlier got it when
    # their ID was issued.
    number = with_check_digit("32010219550612003")
    validate_id_number(number)
    assert id_number_warnings(number) == []


def test_id_number_with_unknown_region_is_valid_with_warning():
    number = with_check_digit("99010119800101123")
    validate_id_number(number)
    warnings = id_number_warnings(number)
    assert len(warnings) == 1
    assert "990101" in warnings[0]


@pytest.mark.parametrize("value", ["13812345678", "19912345678", " 15012345678 "])
def test_validate_mobile_accepts_mainland_numbers(value):
    validate_mobile(value)


@pytest.mark.parametrize(
    "value",
    [
        "12812345678",
        "1381234567",
        "138123456789",
        "+8613812345678",
        "138-1234-5678",
        "13８１２３４５６７８",
        "",
    ],
)
def test_validate_mobile_rejects_other_values(value):
    assert error_code(value, validate_mobile) == "mobile_format"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("110101199003071234", "110101********1234"),
        ("11010119900307123X", "110101********123X"),
        ("110101900307123", "110101*****7123"),  # old 15-digit number
        ("12345", "*****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number_keeps_region_and_last_four(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("12345", "*****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_mobile_keeps_first_three_and_last_four(value, masked):
    assert mask_mobile(value) == masked
