"""Number normalization: every written form of a number rates as the same digits."""

from __future__ import annotations

import pytest

from app.rating import InvalidNumberError, InvalidRateError, NumberingPlan, normalize_number
from tests.unit.rating.rating_tables import table_cases

CASES = table_cases("normalization.csv")


def plan_from(row: dict[str, str]) -> NumberingPlan:
    lengths = frozenset(int(n) for n in row["national_lengths"].split(";") if n)
    return NumberingPlan(
        country_code=row["country_code"],
        exit_code=row["exit_code"],
        trunk_prefix=row["trunk_prefix"],
        strip_prefix=row["strip_prefix"],
        add_prefix=row["add_prefix"],
        national_lengths=lengths,
    )


@pytest.mark.parametrize(("case", "row"), CASES, ids=[case for case, _ in CASES])
def test_dialled_number_normalizes_as_the_table_says(case: str, row: dict[str, str]) -> None:
    plan = plan_from(row)
    if row["expected"] == "InvalidNumberError":
        with pytest.raises(InvalidNumberError, match="not a valid phone number"):
            normalize_number(row["dialled"], plan)
    else:
        assert normalize_number(row["dialled"], plan) == row["expected"]


def test_non_string_number_is_a_domain_error() -> None:
    with pytest.raises(InvalidNumberError, match="must be a string"):
        normalize_number(4420, NumberingPlan("44"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fields",
    [
        {"country_code": ""},
        {"country_code": "+44"},
        {"country_code": "44", "exit_code": "+"},
        {"country_code": "44", "trunk_prefix": "O"},
        {"country_code": "44", "add_prefix": "abc"},
    ],
)
def test_numbering_plan_rejects_non_digit_settings(fields: dict[str, str]) -> None:
    with pytest.raises(InvalidRateError):
        NumberingPlan(**fields)  # type: ignore[arg-type]
