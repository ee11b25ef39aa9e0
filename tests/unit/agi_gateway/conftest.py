"""Fixtures for gateway tests: a fake backend on a real port and a private spool directory."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.unit.agi_gateway.fake_backend import FakeBackend


@pytest.fixture
async def backend() -> AsyncIterator[FakeBackend]:
    async with FakeBackend() as fake:
        yield fake


@pytest.fixture
def spool_dir() -> Iterator[Path]:
    # Not tmp_path: another pytest process on this machine may prune those while we run.
    path = Path(tempfile.mkdtemp(prefix="tollgate-agi-spool-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)
