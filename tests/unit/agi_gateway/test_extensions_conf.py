"""The shipped dialplan: authorize -> trunk loop with failover -> finalize in h."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from agi_gateway import authorize, finalize

CONF = Path(__file__).resolve().parents[3] / "agi_gateway" / "asterisk" / "extensions.conf"
_LINE = re.compile(r"(?P<kind>exten|same)\s*=>\s*(?P<rest>.+)")
_STEP = re.compile(
    r"(?P<label>n|[0-9]+)(?:\((?P<name>[A-Za-z0-9_-]+)\))?,(?P<app>\w+)\((?P<args>.*)\)"
)


@dataclass(frozen=True)
class Step:
    extension: str
    label: str | None
    app: str
    args: str


def parse_dialplan(text: str) -> dict[str, list[Step]]:
    """Contexts -> steps, from exten/same lines; fails on anything it cannot read."""
    contexts: dict[str, list[Step]] = {}
    context: str | None = None
    extension: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(";", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            context, extension = line[1:-1], None
            contexts[context] = []
            continue
        match = _LINE.fullmatch(line)
        assert match and context, f"line {number} is not dialplan: {raw!r}"
        rest = match.group("rest")
        if match.group("kind") == "exten":
            extension, rest = rest.split(",", 1)
        assert extension is not None, f"line {number}: 'same' before any 'exten'"
        step = _STEP.fullmatch(rest)
        assert step, f"line {number} is not priority,App(args): {raw!r}"
        assert balanced(step.group("args")), f"line {number}: unbalanced brackets"
        contexts[context].append(
            Step(extension, step.group("name"), step.group("app"), step.group("args"))
        )
    return contexts


def balanced(text: str) -> bool:
    depth = {"(": 0, "[": 0, "{": 0}
    closing = {")": "(", "]": "[", "}": "{"}
    for char in text:
        if char in depth:
            depth[char] += 1
        elif char in closing:
            depth[closing[char]] -= 1
            if depth[closing[char]] < 0:
                return False
    return not any(depth.values())


@pytest.fixture(scope="module")
def outbound() -> list[Step]:
    contexts = parse_dialplan(CONF.read_text())
    assert "tollgate-outbound" in contexts
    return contexts["tollgate-outbound"]


def index_of(steps: list[Step], app: str, contains: str = "") -> int:
    found = [i for i, step in enumerate(steps) if step.app == app and contains in step.args]
    assert found, f"no {app}({contains}...) step"
    return found[0]


def test_authorize_runs_first_and_only_ok_reaches_dial(outbound: list[Step]) -> None:
    main = [step for step in outbound if step.extension != "h"]
    agi = index_of(main, "AGI", "/tollgate/authorize")
    assert main[agi].args.startswith("agi://")
    gate = index_of(main, "GotoIf", '"${TOLLGATE_RESULT}" = "ok"')
    hangup = index_of(main, "Hangup")
    dial = index_of(main, "Dial")
    assert agi < gate < hangup < dial
    target = main[gate].args.split("?")[1]
    assert [step.label for step in main].index(target) > hangup


def test_trunk_loop_dials_each_trunk_with_the_call_limit(outbound: list[Step]) -> None:
    count = f"${{{authorize.TRUNK_COUNT_VARIABLE}}}"
    loop = index_of(outbound, "While", count)
    used = index_of(outbound, "Set", finalize.TRUNK_USED_VARIABLE + "=")
    dial = index_of(outbound, "Dial")
    end = index_of(outbound, "EndWhile")
    assert loop < used < dial < end
    trunk_id = authorize.TRUNK_ID_VARIABLE.format(n="${i}")
    trunk = authorize.TRUNK_VARIABLE.format(n="${i}")
    assert outbound[used].args.endswith(f"${{{trunk_id}}}")
    assert outbound[dial].args.startswith(f"${{{trunk}}},")
    limit = index_of(outbound, "Set", f"L($[${{{authorize.TIMEOUT_VARIABLE}}} * 1000])")
    assert limit < loop
    assert "TOLLGATE_DIAL_OPTIONS" in outbound[dial].args


def test_only_congestion_and_chanunavail_fail_over(outbound: list[Step]) -> None:
    dial = index_of(outbound, "Dial")
    end = index_of(outbound, "EndWhile")
    exits = [
        step for step in outbound[dial:end] if step.app == "ExecIf" and "ExitWhile" in step.args
    ]
    assert len(exits) == 1
    condition = exits[0].args.split("?")[0]
    assert re.findall(r'"\$\{DIALSTATUS\}" != "(\w+)"', condition) == ["CONGESTION", "CHANUNAVAIL"]
    assert "&" in condition


def test_h_extension_runs_finalize(outbound: list[Step]) -> None:
    h = [step for step in outbound if step.extension == "h"]
    agi = index_of(h, "AGI", "/tollgate/finalize")
    assert h[agi].args.startswith("agi://${TOLLGATE_AGI}/")


def test_every_goto_label_exists(outbound: list[Step]) -> None:
    labels = {step.label for step in outbound if step.label}
    for step in outbound:
        if step.app == "GotoIf":
            assert step.args.split("?")[1] in labels
