"""The store: articles and their records in SQLite or PostgreSQL (SQLAlchemy 2, Alembic migrations).

    from parley.store import Store
    with Store.open() as store:            # sqlite:///parley.db in the working directory
        store.add(extraction)              # False when the article (same cleaned text) is already stored
        for event in store.timeline(actor="Ostrand"):
            ...
"""
from .store import DEFAULT_URL, IngestReport, Store, StoreError, resolve_url

__all__ = ["DEFAULT_URL", "IngestReport", "Store", "StoreError", "resolve_url"]
