"""TOLLGATE_AGI_* environment variables -> GatewayConfig."""

from __future__ import annotations

from pathlib import Path

import pytest

from agi_gateway.config import FallbackTrunk, GatewayConfig, parse_fallback_trunks
from agi_gateway.errors import ConfigError


def test_defaults_without_any_variable() -> None:
    config = GatewayConfig.from_env({})

    assert (config.host, config.port) == ("0.0.0.0", 4573)
    assert config.backend_url == "http://127.0.0.1:8000"
    assert config.service_token == ""
    assert config.timeout == 2.0
    assert config.fail_policy == "closed"
    assert config.failopen_trunks == ()
    assert config.spool_dir == Path(".data/agi-spool")
    assert config.replay_seconds == 30


def test_every_variable_is_read() -> None:
    config = GatewayConfig.from_env(
        {
            "TOLLGATE_AGI_HOST": "127.0.0.1",
            "TOLLGATE_AGI_PORT": "14573",
            "TOLLGATE_AGI_BACKEND_URL": "https://billing.internal:8443/",
            "TOLLGATE_SERVICE_TOKEN": " s3cret ",
            "TOLLGATE_AGI_TIMEOUT_MS": "750",
            "TOLLGATE_AGI_FAIL_POLICY": "OPEN",
            "TOLLGATE_AGI_FAILOPEN_TRUNKS": "a=PJSIP/{number}@a | PJSIP/{number}@b",
            "TOLLGATE_AGI_FAILOPEN_MAX_DURATION": "90",
            "TOLLGATE_AGI_SPOOL_DIR": "/var/spool/tollgate-agi",
            "TOLLGATE_AGI_REPLAY_SECONDS": "5",
        }
    )

    assert (config.host, config.port) == ("127.0.0.1", 14573)
    assert config.backend_url == "https://billing.internal:8443"
    assert config.service_token == "s3cret"
    assert config.timeout == 0.75
    assert config.fail_policy == "open"
    assert config.failopen_trunks == (
        FallbackTrunk("a", "PJSIP/{number}@a"),
        FallbackTrunk("failopen-2", "PJSIP/{number}@b"),
    )
    assert config.failopen_max_duration == 90
    assert config.spool_dir == Path("/var/spool/tollgate-agi")
    assert config.replay_seconds == 5


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"TOLLGATE_AGI_PORT": "http"}, "TOLLGATE_AGI_PORT"),
        ({"TOLLGATE_AGI_PORT": "70000"}, "TOLLGATE_AGI_PORT"),
        ({"TOLLGATE_AGI_TIMEOUT_MS": "0"}, "TOLLGATE_AGI_TIMEOUT_MS"),
        ({"TOLLGATE_AGI_BACKEND_URL": "billing:8000"}, "TOLLGATE_AGI_BACKEND_URL"),
        ({"TOLLGATE_AGI_FAIL_POLICY": "ajar"}, "TOLLGATE_AGI_FAIL_POLICY"),
        ({"TOLLGATE_AGI_FAIL_POLICY": "open"}, "TOLLGATE_AGI_FAILOPEN_TRUNKS"),
        ({"TOLLGATE_AGI_FAILOPEN_TRUNKS": "PJSIP/a&PJSIP/b"}, "TOLLGATE_AGI_FAILOPEN_TRUNKS"),
        ({"TOLLGATE_AGI_FAILOPEN_MAX_DURATION": "0"}, "TOLLGATE_AGI_FAILOPEN_MAX_DURATION"),
        ({"TOLLGATE_AGI_REPLAY_SECONDS": "-1"}, "TOLLGATE_AGI_REPLAY_SECONDS"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        GatewayConfig.from_env(env)


def test_fallback_dial_strings_keep_their_own_equals_signs() -> None:
    [trunk] = parse_fallback_trunks("PJSIP/{number}@carrier/sip:gw.example;transport=tcp")

    assert trunk.id == "failopen-1"
    assert trunk.dial_string("4420") == "PJSIP/4420@carrier/sip:gw.example;transport=tcp"
