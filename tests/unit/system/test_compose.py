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
    assert {"postgres", "redis", "api", "worker", "agi-gateway"} <= set(compose.service_names())


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


def test_the_gateway_keeps_its_spool_on_a_volume_and_reaches_the_api() -> None:
    gateway = yaml.safe_load(COMPOSE_FILE.read_text())["services"]["agi-gateway"]
    environment = gateway["environment"]
    spool = environment["TOLLGATE_AGI_SPOOL_DIR"]
    assert any(volume.endswith(f":{spool}") for volume in gateway["volumes"])
    assert environment["TOLLGATE_AGI_BACKEND_URL"] == "http://api:8000"
    assert gateway["depends_on"]["api"]["condition"] == "service_healthy"
