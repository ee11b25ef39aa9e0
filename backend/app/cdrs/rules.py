"""Suppression and exclusion lists (ictVoIP): numbers whose records are not stored, or stored
and never billed.

A rule's pattern is digits with an optional leading ``+`` (ignored: numbers compare without
it) and an optional trailing ``*`` making it a prefix (``4487*``); it matches a record whose
calling **or** dialled number equals it (or starts with it). A rule applies to the records of
its source, of its client (the record's resolved owner), or of both when it names both.
Suppression wins over exclusion. Applied on every import path, after owner resolution.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models.cdr_source import CdrNumberRule

SUPPRESS = "suppress"
EXCLUDE = "exclude"
ACTIONS = (SUPPRESS, EXCLUDE)


@dataclass
class Patterns:
    """Exact numbers and prefixes; ``matches`` is two C-level lookups."""

    exact: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()

    def add(self, pattern: str) -> None:
        body = pattern.removeprefix("+")
        if body.endswith("*"):
            self.prefixes = (*self.prefixes, body[:-1])
        else:
            self.exact.add(body)

    def matches(self, number: str | None) -> bool:
        if not number:
            return False
        key = number[1:] if number[:1] == "+" else number
        return key in self.exact or (bool(self.prefixes) and key.startswith(self.prefixes))


@dataclass
class NumberRules:
    """The rules of one import: those of its source, and those of each client."""

    source: dict[str, Patterns] = field(default_factory=dict)
    clients: dict[uuid.UUID, dict[str, Patterns]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.source or self.clients)

    def decide(self, caller: str | None, dialled: str, client_id: uuid.UUID | None) -> str | None:
        """``suppress``, ``exclude`` or None for a record of these numbers and owner."""
        sets = [self.source]
        if client_id is not None and client_id in self.clients:
            sets.append(self.clients[client_id])
        for action in ACTIONS:
            for rules in sets:
                patterns = rules.get(action)
                if patterns is not None and (patterns.matches(caller) or patterns.matches(dialled)):
                    return action
        return None


async def load_rules(session: AsyncSession, source_id: uuid.UUID | None) -> NumberRules:
    """The rules that apply to an import of ``source_id`` (None: a source not registered)."""
    query = select(CdrNumberRule).where(
        CdrNumberRule.source_id.is_(None) | (CdrNumberRule.source_id == source_id)
    )
    rules = NumberRules()
    clients: dict[uuid.UUID, dict[str, Patterns]] = defaultdict(dict)
    for rule in (await session.execute(query)).scalars():
        target = rules.source if rule.client_id is None else clients[rule.client_id]
        target.setdefault(rule.action, Patterns()).add(rule.pattern)
    rules.clients = dict(clients)
    return rules
