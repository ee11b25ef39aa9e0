"""The application factory."""

from __future__ import annotations

from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar

from app.lib.db import alchemy_config
from app.lib.logging import configure_logging
from app.lib.settings import Settings
from app.server.openapi import document_access
from app.server.plugin import TollgatePlugin


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the API application for ``settings`` (default: from the environment)."""
    settings = settings or Settings.from_env()
    configure_logging(settings)
    alchemy = alchemy_config(settings)
    app = Litestar(
        plugins=[TollgatePlugin(settings, alchemy), SQLAlchemyPlugin(config=alchemy)],
        logging_config=None,  # app.lib.logging owns logging configuration
    )
    document_access(app)
    return app
