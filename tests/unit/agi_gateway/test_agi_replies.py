"""Parsing Asterisk's replies (single-line, multi-line 520) and the HANGUP notice."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agi_gateway import AgiCommandError, AgiDeadChannel, AgiHangup, AgiProtocolError
from agi_gateway.protocol import (
    MAX_USAGE_LINES,
    AgiReply,
    AgiReplyParser,
    is_hangup_line,
    parse_reply_line,
)


@pytest.mark.parametrize(
    ("line", "code", "result", "data", "fields", "message"),
    [
        ("200 result=1 (testvariable)", 200, 1, "testvariable", {}, ""),
        ("200 result=0", 200, 0, None, {}, ""),
        ("200 result=1 ()", 200, 1, "", {}, ""),
        ("200 result=1 (two words)", 200, 1, "two words", {}, ""),
        ('200 result=1 (say "hi" \\o/)', 200, 1, 'say "hi" \\o/', {}, ""),
        ("200 result=1 (a (nested) value)", 200, 1, "a (nested) value", {}, ""),
        ("200 result=1 (unbalanced) tail)", 200, 1, "unbalanced) tail", {}, ""),
        ("200 result=1 (looks) endpos=5)", 200, 1, "looks) endpos=5", {}, ""),
        ("200 result=1 (Zoë 東京)", 200, 1, "Zoë 東京", {}, ""),
        ("200 result=-1 endpos=1234", 200, -1, None, {"endpos": "1234"}, ""),
        ("200 result=49 endpos=8640", 200, 49, None, {"endpos": "8640"}, ""),
        ("200 result=1 (dtmf) endpos=5", 200, 1, "dtmf", {"endpos": "5"}, ""),
        (
            "200 result=1 (digit) digit=5 endpos=80",
            200,
            1,
            "digit",
            {"digit": "5", "endpos": "80"},
            "",
        ),
        ("200 result=1 (timeout)\r", 200, 1, "timeout", {}, ""),
        ("200 result=-1 Gosub label not found", 200, -1, None, {}, "Gosub label not found"),
        ("503 result=-2 Memory allocation failure", 503, -2, None, {}, "Memory allocation failure"),
        ("510 Invalid or unknown command", 510, None, None, {}, "Invalid or unknown command"),
        (
            "511 Command Not Permitted on a dead channel or intercept routine",
            511,
            None,
            None,
            {},
            "Command Not Permitted on a dead channel or intercept routine",
        ),
        (
            "520 Invalid command syntax.  Proper usage not available.",
            520,
            None,
            None,
            {},
            "Invalid command syntax.  Proper usage not available.",
        ),
    ],
)
def test_reply_lines_parse_into_typed_fields(
    line: str,
    code: int,
    result: int | None,
    data: str | None,
    fields: dict[str, str],
    message: str,
) -> None:
    reply = parse_reply_line(line)

    assert (reply.code, reply.result, reply.data, dict(reply.fields), reply.message) == (
        code,
        result,
        data,
        fields,
        message,
    )


def test_get_data_digits_keep_their_text_when_not_a_plain_integer() -> None:
    timeout = parse_reply_line("200 result= (timeout)")
    star = parse_reply_line("200 result=1*2")

    assert (timeout.result, timeout.result_text, timeout.data) == (None, "", "timeout")
    assert (star.result, star.result_text) == (None, "1*2")


def test_endpos_is_exposed_as_an_integer() -> None:
    assert parse_reply_line("200 result=0 endpos=8000").endpos == 8000
    assert parse_reply_line("200 result=0").endpos is None


@pytest.mark.parametrize(
    "line", ["", "HANGUP", "abc", "200", "200 foo", "99 result=1", "2000 result=1", "200-x"]
)
def test_lines_that_are_not_replies_are_protocol_errors(line: str) -> None:
    with pytest.raises(AgiProtocolError):
        parse_reply_line(line)


def feed_all(lines: list[str]) -> list[AgiReply | None]:
    parser = AgiReplyParser()
    return [parser.feed(line) for line in lines]


def test_multi_line_520_collects_usage_until_the_closing_line() -> None:
    *pending, reply = feed_all(
        [
            "520-Invalid command syntax.  Proper usage follows:",
            " Usage: GET VARIABLE <variablename>",
            "  520 is not a closing line when indented",
            "HANGUP",
            "520 End of proper usage.",
        ]
    )

    assert pending == [None, None, None, None]
    assert reply is not None
    assert reply.code == 520
    assert reply.message == "Invalid command syntax.  Proper usage follows:"
    assert reply.usage.splitlines() == [
        " Usage: GET VARIABLE <variablename>",
        "  520 is not a closing line when indented",
        "HANGUP",
    ]
    assert len(reply.lines) == 5


def test_multi_line_520_accepts_closing_line_glued_to_the_usage_text() -> None:
    parser = AgiReplyParser()
    assert parser.feed("520-Invalid command syntax.  Proper usage follows:") is None
    assert parser.in_progress
    reply = parser.feed("Returns the digits received.520 End of proper usage.")

    assert reply is not None
    assert reply.code == 520
    assert reply.usage == "Returns the digits received."
    assert not parser.in_progress


def test_runaway_520_usage_is_a_protocol_error() -> None:
    parser = AgiReplyParser()
    parser.feed("520-Invalid command syntax.  Proper usage follows:")

    for index in range(MAX_USAGE_LINES):
        assert parser.feed(f"usage line {index}") is None

    with pytest.raises(AgiProtocolError, match="usage text exceeds"):
        parser.feed("one line too many")


def test_parser_is_ready_for_the_next_reply_after_a_520_block() -> None:
    parser = AgiReplyParser()
    for line in [
        "520-Invalid command syntax.  Proper usage follows:",
        "u",
        "520 End of proper usage.",
    ]:
        parser.feed(line)

    reply = parser.feed("200 result=1")
    assert reply is not None and reply.result == 1


@pytest.mark.parametrize(("line", "expected"), [("HANGUP", True), ("HANGUP\r", True)])
def test_hangup_notice_is_recognised(line: str, expected: bool) -> None:
    assert is_hangup_line(line) is expected


@pytest.mark.parametrize("line", ["hangup", "HANGUP ", "200 result=1 (HANGUP)", "HANGUPS"])
def test_only_the_exact_hangup_notice_counts(line: str) -> None:
    assert is_hangup_line(line) is False


def test_status_mapping_raises_the_documented_exceptions() -> None:
    parse_reply_line("200 result=0").raise_for_status()

    with pytest.raises(AgiDeadChannel) as dead:
        parse_reply_line("511 Command Not Permitted on a dead channel").raise_for_status()
    assert isinstance(dead.value, AgiHangup)
    assert dead.value.reply.code == 511
    for line in ["510 Invalid or unknown command", "520 Invalid command syntax.", "503 result=-2"]:
        with pytest.raises(AgiCommandError) as failed:
            parse_reply_line(line).raise_for_status()
        assert failed.value.reply.lines == (line,)


_printable_value = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\x00"), max_size=200
)


@given(_printable_value)
def test_any_single_line_value_asterisk_prints_parses_back(value: str) -> None:
    # handle_getvariable: ast_agi_send(fd, chan, "200 result=1 (%s)\n", value)
    assert parse_reply_line(f"200 result=1 ({value})").data == value
