"""API keys and OAuth 2.0 client credentials for integrations.

Deliberately imports nothing: ``app.server.auth`` imports :mod:`app.apikeys.denylist`, and the
rest of this package imports ``app.server.auth``.
"""
