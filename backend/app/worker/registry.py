"""Where actors are declared.

Feature ``tasks.py`` modules mark plain functions with :func:`task`; :func:`declare_actors`
turns every marked function into a Dramatiq actor on a concrete broker. Keeping the broker out
of import time lets the API, the worker and the tests each build a broker from their own
settings. Actor names follow ``"<feature>.<verb>"``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import dramatiq

F = TypeVar("F", bound=Callable[..., Any])

_TASKS: dict[str, TaskSpec] = {}


@dataclass(frozen=True, slots=True)
class TaskSpec:
    name: str
    fn: Callable[..., Any]
    queue: str = "default"
    options: dict[str, Any] = field(default_factory=dict)


def task(name: str, *, queue: str = "default", **options: Any) -> Callable[[F], F]:
    """Register ``fn`` as the body of the actor ``name`` (``"<feature>.<verb>"``)."""
    if name.count(".") != 1:
        raise ValueError(f"actor names are '<feature>.<verb>', got {name!r}")

    def register(fn: F) -> F:
        existing = _TASKS.get(name)
        if existing is not None and existing.fn is not fn:
            raise ValueError(f"two functions claim the actor name {name!r}")
        _TASKS[name] = TaskSpec(name=name, fn=fn, queue=queue, options=dict(options))
        return fn

    return register


def registered_tasks() -> dict[str, TaskSpec]:
    _import_task_modules()
    return dict(_TASKS)


def declare_actors(broker: dramatiq.Broker) -> dict[str, dramatiq.Actor[Any, Any]]:
    """Declare every registered task on ``broker`` (idempotent) and return the actors."""
    actors: dict[str, dramatiq.Actor[Any, Any]] = {}
    for spec in registered_tasks().values():
        if spec.name in broker.actors:
            actors[spec.name] = broker.get_actor(spec.name)
            continue
        actors[spec.name] = dramatiq.Actor(
            spec.fn,
            broker=broker,
            actor_name=spec.name,
            queue_name=spec.queue,
            priority=0,
            options=spec.options,
        )
    return actors


def _import_task_modules() -> None:
    # The one list of modules that hold actors; a feature with tasks adds its module here.
    from app.accounts import tasks as accounts_tasks
    from app.alerts import tasks as alerts_tasks
    from app.billing import tasks as billing_tasks
    from app.calls import tasks as calls_tasks
    from app.cdrs import rerate_tasks as cdrs_rerate_tasks
    from app.cdrs import tasks as cdrs_tasks
    from app.invoicing import tasks as invoicing_tasks
    from app.ratedecks import tasks as ratedecks_tasks
    from app.system import tasks as system_tasks

    del (
        accounts_tasks,
        alerts_tasks,
        billing_tasks,
        calls_tasks,
        cdrs_rerate_tasks,
        cdrs_tasks,
        invoicing_tasks,
        ratedecks_tasks,
        system_tasks,
    )
