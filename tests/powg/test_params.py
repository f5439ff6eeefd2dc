"""Numbers from the query string: ASCII digits only, anything else is no value."""

import pytest

from powg.params import parse_int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3),
        (" 12 ", 12),
        ("0", 0),
        ("²", None),
        ("¹⁹⁹⁹", None),
        ("١٢", None),  # Arabic-Indic digits: int() takes them, a URL should not
        ("-1", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("9" * 40, None),
        ("\x00", None),
    ],
)
def test_parse_int(value, expected):
    assert parse_int(value) == expected


def test_parse_int_bounds_give_the_default():
    assert parse_int("1899", default=0, minimum=1900, maximum=2200) == 0
    assert parse_int("2201", minimum=1900, maximum=2200) is None
    assert parse_int("2005", minimum=1900, maximum=2200) == 2005
