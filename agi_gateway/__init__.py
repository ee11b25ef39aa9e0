"""Tollgate's FastAGI gateway: speaks AGI to Asterisk; holds no billing logic and no database.

Public surface::

    AgiServer(handlers, host, port)   dispatches each FastAGI connection by script name
    AgiSession                        get_variable / get_full_variable / set_variable /
                                      verbose / hangup / run_command for one call
    Handler                           async (session) -> None
    AgiEnvironment, AgiReply          typed views of what Asterisk sent
    AgiError and its subclasses       the one exception tree (see agi_gateway.errors)
"""

from agi_gateway.errors import (
    AgiArgumentError,
    AgiCommandError,
    AgiConnectionLost,
    AgiDeadChannel,
    AgiError,
    AgiHangup,
    AgiProtocolError,
    AgiTimeout,
)
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
    "Handler",
]
