"""One typed settings object, read from environment variables.

Every variable is documented in docs/configuration.md; keep the two in step.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

Environment = Literal["development", "test", "production"]
_ENVIRONMENTS: tuple[Environment, ...] = ("development", "test", "production")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SettingsError(ValueError):
    """A configuration variable holds a value the application cannot use."""


def _text(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name, "").strip()
    return value or default


def _optional(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _integer(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _boolean(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _environment(env: Mapping[str, str]) -> Environment:
    raw = _text(env, "TOLLGATE_ENV", "development")
    for known in _ENVIRONMENTS:
        if raw == known:
            return known
    raise SettingsError(f"TOLLGATE_ENV must be one of {', '.join(_ENVIRONMENTS)}, got {raw!r}")


@dataclass(frozen=True, slots=True)
class Settings:
    """Process configuration. Build it with :meth:`from_env`; tests use ``dataclasses.replace``."""

    environment: Environment = "development"
    database_url: str | None = None
    redis_url: str | None = None
    data_dir: Path = Path(".data")
    host: str = "127.0.0.1"
    port: int = 8000
    redis_prefix: str = "tollgate"
    db_pool_size: int = 10
    log_level: str = "INFO"
    log_json: bool = True
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    service_token: str | None = field(default=None, repr=False)
    worker_threads: int = 4
    heartbeat_seconds: int = 5
    heartbeat_stale_seconds: int = 30
    ready_timeout_seconds: float = 2.0
    sql_echo: bool = False
    access_token_seconds: int = 900
    refresh_token_days: int = 30
    refresh_reuse_seconds: int = 10
    password_reset_minutes: int = 30
    hash_time_cost: int = 2
    hash_memory_kib: int = 19_456
    login_attempts_per_account: int = 5
    login_attempts_per_ip: int = 20
    login_window_seconds: int = 900
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_sender: str = "Tollgate <no-reply@localhost>"
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_starttls: bool = False
    public_url: str = "http://127.0.0.1:8000"
    call_max_seconds: int = 14_400
    call_grace_seconds: int = 300
    loss_guard_margin_percent: int = 0
    call_cache_seconds: int = 5
    call_cache_heard_seconds: int = 3600
    call_db_pool_size: int = 8
    gateway_stale_seconds: int = 60
    api_workers: int = 1
    spa_dir: Path = Path(__file__).resolve().parents[3] / "frontend" / "dist"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read every setting from ``env`` (default: the process environment)."""
        env = os.environ if env is None else env
        environment = _environment(env)
        secret_key = _optional(env, "TOLLGATE_SECRET_KEY")
        if secret_key is None and environment == "production":
            raise SettingsError("TOLLGATE_SECRET_KEY is required when TOLLGATE_ENV=production")
        defaults = cls()
        return cls(
            environment=environment,
            database_url=_optional(env, "DATABASE_URL"),
            redis_url=_optional(env, "REDIS_URL"),
            data_dir=Path(_text(env, "TOLLGATE_DATA_DIR", str(defaults.data_dir))),
            host=_text(env, "TOLLGATE_HOST", defaults.host),
            port=_integer(env, "TOLLGATE_PORT", defaults.port, minimum=0),
            redis_prefix=_text(env, "TOLLGATE_REDIS_PREFIX", defaults.redis_prefix),
            db_pool_size=_integer(env, "TOLLGATE_DB_POOL_SIZE", defaults.db_pool_size, 1),
            log_level=_text(env, "TOLLGATE_LOG_LEVEL", defaults.log_level).upper(),
            log_json=_boolean(env, "TOLLGATE_LOG_JSON", defaults.log_json),
            secret_key=secret_key or defaults.secret_key,
            service_token=_optional(env, "TOLLGATE_SERVICE_TOKEN"),
            worker_threads=_integer(env, "TOLLGATE_WORKER_THREADS", defaults.worker_threads, 1),
            heartbeat_seconds=_integer(
                env, "TOLLGATE_HEARTBEAT_SECONDS", defaults.heartbeat_seconds, 1
            ),
            heartbeat_stale_seconds=_integer(
                env, "TOLLGATE_HEARTBEAT_STALE_SECONDS", defaults.heartbeat_stale_seconds, 1
            ),
            sql_echo=_boolean(env, "TOLLGATE_SQL_ECHO", defaults.sql_echo),
            access_token_seconds=_integer(
                env, "TOLLGATE_ACCESS_TOKEN_SECONDS", defaults.access_token_seconds, 30
            ),
            refresh_token_days=_integer(
                env, "TOLLGATE_REFRESH_TOKEN_DAYS", defaults.refresh_token_days, 1
            ),
            refresh_reuse_seconds=_integer(
                env, "TOLLGATE_REFRESH_REUSE_SECONDS", defaults.refresh_reuse_seconds, 0
            ),
            login_attempts_per_account=_integer(
                env, "TOLLGATE_LOGIN_ATTEMPTS_PER_ACCOUNT", defaults.login_attempts_per_account, 1
            ),
            login_attempts_per_ip=_integer(
                env, "TOLLGATE_LOGIN_ATTEMPTS_PER_IP", defaults.login_attempts_per_ip, 1
            ),
            smtp_host=_text(env, "TOLLGATE_SMTP_HOST", defaults.smtp_host),
            smtp_port=_integer(env, "TOLLGATE_SMTP_PORT", defaults.smtp_port, 1),
            smtp_sender=_text(env, "TOLLGATE_SMTP_SENDER", defaults.smtp_sender),
            smtp_user=_optional(env, "TOLLGATE_SMTP_USER"),
            smtp_password=_optional(env, "TOLLGATE_SMTP_PASSWORD"),
            smtp_starttls=_boolean(env, "TOLLGATE_SMTP_STARTTLS", defaults.smtp_starttls),
            public_url=_text(env, "TOLLGATE_PUBLIC_URL", defaults.public_url),
            spa_dir=Path(_text(env, "TOLLGATE_SPA_DIR", str(defaults.spa_dir))),
            call_max_seconds=_integer(
                env, "TOLLGATE_CALL_MAX_SECONDS", defaults.call_max_seconds, 1
            ),
            call_grace_seconds=_integer(
                env, "TOLLGATE_CALL_GRACE_SECONDS", defaults.call_grace_seconds, 0
            ),
            loss_guard_margin_percent=_integer(
                env, "TOLLGATE_LOSS_GUARD_MARGIN_PERCENT", defaults.loss_guard_margin_percent, 0
            ),
            api_workers=_integer(env, "TOLLGATE_API_WORKERS", defaults.api_workers, 1),
            call_cache_seconds=_integer(
                env, "TOLLGATE_CALL_CACHE_SECONDS", defaults.call_cache_seconds, 0
            ),
            call_cache_heard_seconds=_integer(
                env, "TOLLGATE_CALL_CACHE_HEARD_SECONDS", defaults.call_cache_heard_seconds, 0
            ),
            call_db_pool_size=_integer(
                env, "TOLLGATE_CALL_DB_POOL_SIZE", defaults.call_db_pool_size, 1
            ),
            gateway_stale_seconds=_integer(
                env, "TOLLGATE_GATEWAY_STALE_SECONDS", defaults.gateway_stale_seconds, 1
            ),
        )

    def with_services(self, database_url: str, redis_url: str) -> Settings:
        """The same settings pointed at concrete PostgreSQL and Redis servers."""
        return replace(self, database_url=database_url, redis_url=redis_url)

    def require_database_url(self) -> str:
        if self.database_url is None:
            raise SettingsError("DATABASE_URL is not set and no embedded PostgreSQL was started")
        return self.database_url

    def require_redis_url(self) -> str:
        if self.redis_url is None:
            raise SettingsError("REDIS_URL is not set and no embedded Redis was started")
        return self.redis_url
