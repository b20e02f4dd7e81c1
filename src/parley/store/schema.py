"""The store's tables (SQLAlchemy Core). The migrations in ``migrations/versions`` create exactly these.

Every record kind has its own table keyed to its article; evidence is kept as text and character offsets.
Columns ending in ``_norm``, ``_code``, ``date_*``, ``period_*``, ``corpus_key`` and ``ledger_key`` are
derived when an article is stored (see :mod:`parley.corpus.timeline` and :mod:`parley.corpus.ledger`) and
indexed so that timeline and ledger queries stay fast over millions of rows. Derived views (corpus events,
conservative counts, UCDP estimates) are never stored.
"""
from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer,
                        LargeBinary, MetaData, String, Table, Text)

SCHEMA_VERSION = "0001"

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
})

ID = String(64)  # sha256 hex of the cleaned text
KEY = String(24)
ROWID = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements INTEGER PRIMARY KEY only


def _article_fk() -> Column:
    return Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def _evidence() -> list[Column]:
    return [Column("evidence_text", Text, nullable=False), Column("evidence_start", Integer, nullable=False),
            Column("evidence_end", Integer, nullable=False)]


articles = Table(
    "articles", metadata,
    Column("id", ID, primary_key=True),
    Column("source", Text, nullable=False),
    Column("outlet", Text),
    Column("title", Text),
    Column("url", Text),
    Column("language", Text),
    Column("published_date", Text),
    Column("published_inferred", Boolean, nullable=False),
    Column("published_confidence", Float, nullable=False),
    Column("published_evidence", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("story_id", ID, nullable=False),
    Column("minhash", LargeBinary, nullable=False),
    Column("key64", BigInteger, nullable=False),  # the first 8 bytes of the id, as a signed integer
    Column("added_at", DateTime, nullable=False),
    Index(None, "key64", unique=True),
    Index(None, "story_id"),
    Index(None, "published_date"),
)

# LSH band keys of each article's MinHash (parley.dedup): articles sharing a key are duplicate candidates.
# Articles are named here by ``key64`` (the first 8 bytes of their id) to keep this large table small.
article_bands = Table(
    "article_bands", metadata,
    Column("key", BigInteger, primary_key=True),
    Column("article_key", BigInteger, primary_key=True),
    sqlite_with_rowid=False,
)

figures = Table(
    "figures", metadata,
    Column("id", ROWID, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("category", Text, nullable=False),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("qualifier", Text, nullable=False),
    Column("group_name", Text),
    Column("claimed_by", Text),
    Column("location", Text),
    Column("date", Text),
    Column("since", Text),
    Column("running_total", Boolean, nullable=False),
    Column("part_of", Integer),
    Column("extractor", Text, nullable=False),
    *_evidence(),
    # derived, for the ledger
    Column("ledger_key", KEY, nullable=False),
    Column("group_norm", Text, nullable=False),
    Column("place_norm", Text, nullable=False),
    Column("period_kind", Text, nullable=False),
    Column("period_sort", Date, nullable=False),
    Index(None, "article_id", "idx"),
    Index(None, "category", "period_sort", "ledger_key"),
    Index(None, "place_norm", "period_sort"),
    Index(None, "period_sort", "ledger_key"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", ROWID, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("speaker_name", Text),
    Column("speaker_role", Text),
    Column("speaker_affiliation", Text),
    Column("speaker_anonymous", Boolean, nullable=False),
    Column("kind", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("cue", Text),
    Column("extractor", Text, nullable=False),
    *_evidence(),
    Index(None, "article_id", "idx"),
)

positions = Table(
    "positions", metadata,
    Column("id", ROWID, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("party", Text, nullable=False),
    Column("stance", Text, nullable=False),
    Column("issue", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("reported_by", Text),
    Column("negated", Boolean, nullable=False),
    Column("condition", Text),
    Column("extractor", Text, nullable=False),
    *_evidence(),
    Index(None, "article_id", "idx"),
)

events = Table(
    "events", metadata,
    Column("id", ROWID, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    Column("actor_name", Text),
    Column("actor_code", Text),
    Column("actor_sector", Text),
    Column("recipient_name", Text),
    Column("recipient_code", Text),
    Column("recipient_sector", Text),
    Column("place_name", Text),
    Column("place_country", Text),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("place_precision", Integer),
    Column("date_value", Text),
    Column("date_precision", Text),
    Column("date_expression", Text),
    Column("modality", Text, nullable=False),
    Column("extractor", Text, nullable=False),
    *_evidence(),
    Column("extra_evidence", JSON, nullable=False),
    # derived, for the timeline
    Column("corpus_key", KEY, nullable=False),
    Column("type_code", Text, nullable=False),
    Column("actor_norm", Text, nullable=False),
    Column("actor_code_norm", Text, nullable=False),
    Column("recipient_norm", Text, nullable=False),
    Column("recipient_code_norm", Text, nullable=False),
    Column("place_norm", Text, nullable=False),
    Column("country_norm", Text, nullable=False),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_sort", Date, nullable=False),
    Index(None, "article_id", "idx"),
    Index(None, "corpus_key"),
    Index(None, "date_sort", "corpus_key"),
    Index(None, "type_code", "date_sort", "corpus_key"),
    Index(None, "actor_norm", "date_sort"),
    Index(None, "actor_code_norm", "date_sort"),
    Index(None, "recipient_norm", "date_sort"),
    Index(None, "recipient_code_norm", "date_sort"),
    Index(None, "place_norm", "date_sort"),
    Index(None, "country_norm", "date_sort"),
)

loaded_terms = Table(
    "loaded_terms", metadata,
    Column("id", ROWID, primary_key=True, autoincrement=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("term", Text, nullable=False),
    Column("in_quote", Boolean, nullable=False),
    Column("category", Text),
    *_evidence(),
    Index(None, "article_id", "idx"),
)

RECORD_TABLES = (figures, quotes, positions, events, loaded_terms)
