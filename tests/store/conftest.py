"""The store tests run against a real SQLite file and a real PostgreSQL server.

PostgreSQL: set PARLEY_TEST_POSTGRES_URL (``.ci/postgres.sh`` installs and starts a server and exports it);
each test gets its own schema, dropped afterwards. Without the variable the PostgreSQL cases are skipped.
"""
from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (factories)

POSTGRES_URL = os.environ.get("PARLEY_TEST_POSTGRES_URL")


def _postgres_url():
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL store tests need PARLEY_TEST_POSTGRES_URL (run: source .ci/postgres.sh)")
    from sqlalchemy import create_engine, text

    from parley.store import resolve_url

    base = resolve_url(POSTGRES_URL)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    return url, lambda: _drop(engine, schema)


def _drop(engine, schema):
    from sqlalchemy import text
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    """A URL for an empty store: a SQLite file, or a fresh schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'parley.db'}"
        return
    url, cleanup = _postgres_url()
    try:
        yield url
    finally:
        cleanup()


@pytest.fixture
def store(store_url):
    from parley.store import Store
    s = Store.open(store_url)
    try:
        yield s
    finally:
        s.close()
