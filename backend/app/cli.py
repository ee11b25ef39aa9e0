"""The ``tollgate`` command."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from app.lib.embedded import EmbeddedServices
from app.lib.logging import configure_logging
from app.lib.settings import Settings

OPENAPI_PATH = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"


@contextmanager
def _services(settings: Settings) -> Iterator[Settings]:
    """``settings`` pointed at real servers: the configured ones, or embedded ones we own."""
    with EmbeddedServices(settings.data_dir, settings.database_url, settings.redis_url) as found:
        assert found.database_url is not None and found.redis_url is not None
        yield settings.with_services(found.database_url, found.redis_url)


def _stop_event() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    from app.server.runner import run_single_box

    return run_single_box(settings, seed=not args.no_seed)


def cmd_api(settings: Settings, _: argparse.Namespace) -> int:
    import uvicorn

    from app.asgi import create_app

    with _services(settings) as ready:
        if ready.api_workers == 1:
            uvicorn.run(
                create_app(ready),
                host=ready.host,
                port=ready.port,
                log_config=None,
                proxy_headers=True,
            )
            return 0
        # Worker processes build the app from the environment: hand them the resolved servers
        # and one secret key (a per-process random key would reject each other's tokens).
        os.environ.update(
            DATABASE_URL=ready.require_database_url(),
            REDIS_URL=ready.require_redis_url(),
            TOLLGATE_SECRET_KEY=ready.secret_key,
        )
        uvicorn.run(
            "app.asgi:create_app",
            factory=True,
            workers=ready.api_workers,
            host=ready.host,
            port=ready.port,
            log_config=None,
            proxy_headers=True,
        )
    return 0


def cmd_worker(settings: Settings, _: argparse.Namespace) -> int:
    from app.worker.main import run_worker

    with _services(settings) as ready:
        run_worker(ready, _stop_event())
    return 0


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from app.lib.migrations import downgrade, upgrade

    with _services(settings) as ready:
        if args.downgrade:
            downgrade(ready.require_database_url(), args.downgrade)
        else:
            upgrade(ready.require_database_url(), args.revision)
    return 0


def cmd_makemigration(settings: Settings, args: argparse.Namespace) -> int:
    from app.lib.migrations import make_migration, upgrade

    with _services(settings) as ready:
        upgrade(ready.require_database_url())
        make_migration(ready.require_database_url(), args.message, args.id)
    return 0


def cmd_seed_demo(settings: Settings, _: argparse.Namespace) -> int:
    from app.lib.migrations import upgrade
    from app.system.seed import seed_demo

    with _services(settings) as ready:
        upgrade(ready.require_database_url())
        for login in asyncio.run(seed_demo(ready)):
            print(f"{login.role:<11} {login.email:<28} {login.password}")
    return 0


def openapi_document() -> str:
    """The app's OpenAPI document as committed: stable key order, two-space indent."""
    from app.asgi import create_app

    placeholder = Settings(database_url="postgresql://localhost/unused", redis_url="redis://x")
    document = create_app(placeholder).openapi_schema.to_schema()
    # default=str: Decimal defaults (money, percentages) are written as decimal strings.
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def cmd_openapi(_: Settings, args: argparse.Namespace) -> int:
    target = Path(args.output)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(openapi_document(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "run": cmd_run,
    "api": cmd_api,
    "worker": cmd_worker,
    "migrate": cmd_migrate,
    "makemigration": cmd_makemigration,
    "seed-demo": cmd_seed_demo,
    "openapi": cmd_openapi,
}


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="tollgate", description="Tollgate VoIP billing")
    sub = root.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="API + worker together, embedded services when unset")
    run.add_argument("--no-seed", action="store_true", help="do not create the demo data")
    sub.add_parser("api", help="serve the HTTP API")
    sub.add_parser("worker", help="consume background jobs and run the scheduler")
    migrate = sub.add_parser("migrate", help="apply database migrations")
    migrate.add_argument("--revision", default="head")
    migrate.add_argument("--downgrade", metavar="REVISION", help="downgrade to REVISION")
    make = sub.add_parser("makemigration", help="autogenerate a migration from the models")
    make.add_argument("-m", "--message", required=True)
    make.add_argument("--id", required=True, help="revision id, e.g. 0002")
    sub.add_parser("seed-demo", help="create the demo accounts and print their logins")
    openapi = sub.add_parser("openapi", help="write the OpenAPI document")
    openapi.add_argument("--output", default=str(OPENAPI_PATH))
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = Settings.from_env()
    configure_logging(settings)
    return COMMANDS[args.command](settings, args)


if __name__ == "__main__":
    sys.exit(main())
