from __future__ import annotations

from pathlib import Path

import pytest

from app.lib.settings import Settings, SettingsError


def test_defaults_serve_the_single_box_on_port_8000_with_embedded_services() -> None:
    settings = Settings.from_env({})
    assert settings.port == 8000
    assert settings.host == "127.0.0.1"
    assert settings.database_url is None
    assert settings.redis_url is None
    assert settings.data_dir == Path(".data")


def test_every_documented_variable_is_read() -> None:
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgresql://db/x",
            "REDIS_URL": "redis://cache/1",
            "TOLLGATE_PORT": "9000",
            "TOLLGATE_LOG_JSON": "false",
            "TOLLGATE_WORKER_THREADS": "8",
            "TOLLGATE_SERVICE_TOKEN": "s3cret",
        }
    )
    assert settings.database_url == "postgresql://db/x"
    assert settings.redis_url == "redis://cache/1"
    assert settings.port == 9000
    assert settings.log_json is False
    assert settings.worker_threads == 8
    assert settings.service_token == "s3cret"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TOLLGATE_PORT", "eighty", "TOLLGATE_PORT must be a whole number"),
        ("TOLLGATE_WORKER_THREADS", "0", "TOLLGATE_WORKER_THREADS must be at least 1"),
        ("TOLLGATE_LOG_JSON", "maybe", "TOLLGATE_LOG_JSON must be true or false"),
        ("TOLLGATE_ENV", "staging", "TOLLGATE_ENV must be one of"),
    ],
)
def test_a_bad_value_is_refused_naming_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({name: value})


def test_production_refuses_to_start_without_a_secret_key() -> None:
    with pytest.raises(SettingsError, match="TOLLGATE_SECRET_KEY is required"):
        Settings.from_env({"TOLLGATE_ENV": "production"})


def test_secrets_are_kept_out_of_the_settings_repr() -> None:
    settings = Settings.from_env({"TOLLGATE_SECRET_KEY": "k3y", "TOLLGATE_SERVICE_TOKEN": "t0k"})
    assert "k3y" not in repr(settings)
    assert "t0k" not in repr(settings)
