"""docker-compose.yml is documentation that runs: it must parse as a valid Compose file."""

from __future__ import annotations

from pathlib import Path

import yaml
from compose_spec import PyOptions

COMPOSE_FILE = Path(__file__).resolve().parents[3] / "docker-compose.yml"


def test_compose_file_is_valid_per_the_compose_specification() -> None:
    # apply_merge: resolve YAML merge keys (<<) as docker compose does.
    compose = PyOptions(apply_merge=True).from_yaml(COMPOSE_FILE.read_text())
    compose.validate()
    assert {"postgres", "redis", "api", "worker"} <= set(compose.service_names())


def test_every_service_has_a_health_check_and_the_app_waits_for_healthy_dependencies() -> None:
    document = yaml.safe_load(COMPOSE_FILE.read_text())  # PyYAML resolves << merge keys
    services = document["services"]
    for name, service in services.items():
        assert "healthcheck" in service, f"service {name} has no healthcheck"
    for name in ("api", "worker"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert "DATABASE_URL" in services[name]["environment"]
        assert "REDIS_URL" in services[name]["environment"]
