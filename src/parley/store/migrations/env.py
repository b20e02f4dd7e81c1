"""Alembic environment for parley's store. Run programmatically by ``Store.open`` (see store.migrate);
the connection to migrate is passed in ``config.attributes["connection"]``."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from parley.store.schema import metadata

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # the alembic command line: `alembic -x url=sqlite:///parley.db upgrade head`
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url or "sqlite:///parley.db")
    with engine.begin() as conn:
        _run(conn)
