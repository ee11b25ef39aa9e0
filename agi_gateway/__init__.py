"""Tollgate's FastAGI gateway: speaks AGI to Asterisk; holds no billing logic and no database.

Public surface::

    Gateway(config)                   the whole gateway: AGI listener, tollgate/authorize and
                                      tollgate/finalize handlers, backend client, finalize spool
    GatewayConfig.from_env(environ)   its TOLLGATE_AGI_* configuration
    AgiServer(handlers, host, port)   dispatches each FastAGI connection by script name
    AgiSession                        get_variable / get_full_variable / set_variable /
                                      verbose / hangup / run_command for one call
    Handler                           async (session) -> None
    AgiEnvironment, AgiReply          typed views of what Asterisk sent
    AgiError and its subclasses       the one exception tree (see agi_gateway.errors)

Run it with ``python -m agi_gateway``.
"""

from agi_gateway.config import GatewayConfig
from agi_gateway.errors import (
    AgiArgumentError,
    AgiCommandError,
    AgiConnectionLost,
    AgiDeadChannel,
    AgiError,
    AgiHangup,
    AgiProtocolError,
    AgiTimeout,
    BackendError,
    BackendProblem,
    BackendProtocolError,
    BackendUnavailable,
    ConfigError,
)
from agi_gateway.gateway import Gateway
from agi_gateway.protocol import AgiEnvironment, AgiReply
from agi_gateway.server import (
    REASON_VARIABLE,
    RESULT_VARIABLE,
    AgiServer,
    AgiSession,
    Handler,
)

__all__ = [
    "REASON_VARIABLE",
    "RESULT_VARIABLE",
    "AgiArgumentError",
    "AgiCommandError",
    "AgiConnectionLost",
    "AgiDeadChannel",
    "AgiEnvironment",
    "AgiError",
    "AgiHangup",
    "AgiProtocolError",
    "AgiReply",
    "AgiServer",
    "AgiSession",
    "AgiTimeout",
    "BackendError",
    "BackendProblem",
    "BackendProtocolError",
    "BackendUnavailable",
    "ConfigError",
    "Gateway",
    "GatewayConfig",
    "Handler",
]
