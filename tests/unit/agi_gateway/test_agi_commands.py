"""Formatting AGI commands so Asterisk's parse_args reads back exactly what we meant."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agi_gateway import AgiArgumentError, AgiError
from agi_gateway.protocol import (
    MAX_COMMAND_BYTES,
    command_verb,
    encode_command,
    format_command,
    get_full_variable_command,
    get_variable_command,
    hangup_command,
    is_dead_safe,
    quote_argument,
    set_variable_command,
    verbose_command,
)
from tests.support.fake_asterisk import parse_agi_args

VALUES = [
    "",
    "ok",
    "two words",
    "  leading and trailing  ",
    'say "hello"',
    "back\\slash",
    "ends with backslash\\",
    '\\"',
    "tab\there",
    "Zoë Ωmega 東京 📞",
    "${NOT_EXPANDED}",
    "a,b|c;d'e",
]


@pytest.mark.parametrize("value", VALUES)
def test_set_variable_value_reaches_asterisk_unchanged(value: str) -> None:
    argv = parse_agi_args(set_variable_command("TOLLGATE_RESULT", value))

    assert argv == ["SET", "VARIABLE", "TOLLGATE_RESULT", value]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (get_variable_command("CALLERID(num)"), "GET VARIABLE CALLERID(num)"),
        (get_full_variable_command("${CDR(billsec)}"), 'GET FULL VARIABLE "${CDR(billsec)}"'),
        (set_variable_command("X", 'a "b"'), 'SET VARIABLE X "a \\"b\\""'),
        (verbose_command("no credit", 3), 'VERBOSE "no credit" 3'),
        (hangup_command(), "HANGUP"),
        (format_command("stream file", "beep", ""), 'STREAM FILE "beep" ""'),
    ],
)
def test_commands_have_the_conventional_wire_form(command: str, expected: str) -> None:
    assert command == expected


@pytest.mark.parametrize("bad", ["line\nSET VARIABLE X y", "cr\r", "nul\x00", "\n"])
def test_values_with_line_breaks_or_nul_are_refused(bad: str) -> None:
    for build in (
        lambda: set_variable_command("X", bad),
        lambda: verbose_command(bad),
        lambda: get_full_variable_command(bad),
        lambda: quote_argument(bad),
        lambda: encode_command(f"NOOP {bad}"),
    ):
        with pytest.raises(AgiArgumentError):
            build()


@pytest.mark.parametrize(
    "name", ["", "TWO WORDS", 'Q"', "A\\B", "X\nY", "F(a b)", "F((x))", "CDR(billsec", "${X}"]
)
def test_variable_names_that_are_not_bare_tokens_are_refused(name: str) -> None:
    with pytest.raises(AgiArgumentError):
        get_variable_command(name)
    with pytest.raises(AgiArgumentError):
        set_variable_command(name, "v")


@pytest.mark.parametrize("name", ["TOLLGATE_RESULT", "__INHERITED", "CDR(billsec)", "HASH(a,b)"])
def test_variable_and_function_names_are_accepted(name: str) -> None:
    assert get_variable_command(name).endswith(name)


def test_command_longer_than_asterisk_buffer_is_refused() -> None:
    fits = "x" * (MAX_COMMAND_BYTES - len('SET VARIABLE X ""\n'))
    set_variable_command("X", fits)

    with pytest.raises(AgiArgumentError, match="exceeds"):
        set_variable_command("X", fits + "x")


def test_limit_counts_utf8_bytes_not_characters() -> None:
    with pytest.raises(AgiArgumentError):
        set_variable_command("X", "é" * (MAX_COMMAND_BYTES // 2))


@pytest.mark.parametrize("verb", ["", "GET  VARIABLE", "GET-VARIABLE", "NOOP\nHANGUP", "X1"])
def test_malformed_verbs_are_refused(verb: str) -> None:
    with pytest.raises(AgiArgumentError):
        format_command(verb)


@pytest.mark.parametrize("level", [0, 5, -1])
def test_verbose_level_outside_asterisk_range_is_refused(level: int) -> None:
    with pytest.raises(AgiArgumentError):
        verbose_command("x", level)


def test_argument_error_is_an_agi_error_and_a_value_error() -> None:
    with pytest.raises(AgiError):
        quote_argument("\n")
    with pytest.raises(ValueError, match="newline"):
        quote_argument("\n")


def test_encode_appends_exactly_one_newline() -> None:
    assert encode_command('VERBOSE "ü" 1') == 'VERBOSE "ü" 1\n'.encode()


@pytest.mark.parametrize(
    ("command", "verb", "dead_safe"),
    [
        ("GET VARIABLE X", "GET VARIABLE", True),
        ('GET FULL VARIABLE "${X}"', "GET FULL VARIABLE", True),
        ('SET VARIABLE X "y"', "SET VARIABLE", True),
        ('VERBOSE "x" 1', "VERBOSE", True),
        ("HANGUP", "HANGUP", False),
        ("ANSWER", "ANSWER", False),
        ('STREAM FILE "beep" ""', "STREAM FILE", False),
    ],
)
def test_dead_safe_commands_follow_res_agi_table(command: str, verb: str, dead_safe: bool) -> None:
    assert command_verb(command) == verb
    assert is_dead_safe(verb) is dead_safe


_sendable = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\x00"), max_size=200
)


@given(_sendable)
def test_any_sendable_value_round_trips_through_parse_args(value: str) -> None:
    assert parse_agi_args(set_variable_command("V", value))[3] == value
    assert parse_agi_args(format_command("VERBOSE", value, 1))[1:] == [value, "1"]


@given(st.lists(_sendable, max_size=5))
def test_several_arguments_never_bleed_into_each_other(values: list[str]) -> None:
    assert parse_agi_args(format_command("EXEC", *values))[1:] == values
