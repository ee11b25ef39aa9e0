"""A trunk's dial string: strip first, then add, then the number into the template."""

from __future__ import annotations

import pytest

from app.db.models.telephony import Trunk
from app.lib.errors import InvalidInputError
from app.telephony.checks import check_dial_template, normalized_cidrs
from app.telephony.routing import dial_string


def _trunk(template: str = "PJSIP/{number}@carrier-a", strip: str = "", add: str = "") -> Trunk:
    return Trunk(name="carrier-a", dial_template=template, strip_prefix=strip, add_prefix=add)


@pytest.mark.parametrize(
    ("strip", "add", "number", "expected"),
    [
        ("", "", "905551234567", "PJSIP/905551234567@carrier-a"),
        ("90", "", "905551234567", "PJSIP/5551234567@carrier-a"),
        ("", "00", "905551234567", "PJSIP/00905551234567@carrier-a"),
        # CellHub's example: strip first, then add.
        ("90", "00", "905551234567", "PJSIP/005551234567@carrier-a"),
        # A strip prefix the number does not start with changes nothing.
        ("44", "00", "905551234567", "PJSIP/00905551234567@carrier-a"),
        # Stripping never dials the number away.
        ("90", "", "90", "PJSIP/90@carrier-a"),
        ("", "", "+441234", "PJSIP/+441234@carrier-a"),
    ],
)
def test_dial_string_strips_then_adds_then_fills_the_template(
    strip: str, add: str, number: str, expected: str
) -> None:
    assert dial_string(_trunk(strip=strip, add=add), number) == expected


def test_dial_string_uses_the_template_around_the_number() -> None:
    trunk = _trunk("SIP/carrier-b/{number}", add="1010")
    assert dial_string(trunk, "4412345") == "SIP/carrier-b/10104412345"


@pytest.mark.parametrize("number", ["", "44,1", "44&SIP/x", "44|1", "44\n1", "abc"])
def test_dial_string_refuses_what_would_change_dial(number: str) -> None:
    with pytest.raises(ValueError, match="diallable"):
        dial_string(_trunk(), number)


@pytest.mark.parametrize(
    "template",
    [
        "PJSIP/carrier",
        "PJSIP/{number}@{number}",
        "PJSIP/{number}@carrier,60",
        "PJSIP/{number}@a&PJSIP/{number}@b",
        "PJSIP/{number}@carrier|x",
        "PJSIP/{number}@carrier\n",
        "PJSIP/{number}@${CARRIER}",
        " PJSIP/{number}@carrier",
    ],
)
def test_unsafe_dial_templates_are_refused_naming_the_field(template: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        check_dial_template(template)
    assert refused.value.errors[0].field == "dial_template"


def test_allowed_cidrs_are_normalized_and_deduplicated() -> None:
    assert normalized_cidrs(["203.0.113.7/24", "203.0.113.0/24", "2001:db8::1", "10.0.0.1"]) == [
        "203.0.113.0/24",
        "2001:db8::1/128",
        "10.0.0.1/32",
    ]


def test_a_bad_cidr_names_its_position() -> None:
    with pytest.raises(InvalidInputError) as refused:
        normalized_cidrs(["10.0.0.0/8", "10.0.0.300"])
    assert refused.value.errors[0].field == "allowed_cidrs[1]"
