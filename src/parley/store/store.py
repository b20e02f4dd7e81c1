"""The store: articles and their records in SQLite (default) or PostgreSQL, through SQLAlchemy.

- The article id is the sha256 of the cleaned text, so storing an article twice changes nothing
  (:meth:`Store.add` returns False).
- Each article is stored in one transaction, whole or not at all: a batch killed half-way and run again
  ends with every article stored once.
- Wire copies are grouped into stories as they arrive (MinHash band keys in an indexed table, see
  :mod:`parley.dedup`); events get their corpus key (:mod:`parley.corpus.timeline`) and figures their
  ledger key (:mod:`parley.corpus.ledger`) when stored, so the timeline and ledger queries are index scans.
- The schema is created and upgraded by the Alembic migrations shipped in ``parley/store/migrations``,
  run on :meth:`Store.open`.

Nothing here imports spaCy, except :meth:`Store.ingest`, which runs the extraction.
"""
from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from sqlalchemy import (Connection, Engine, and_, bindparam, create_engine, event, func, insert, or_, select,
                        union_all, update)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError

from .. import dedup
from ..corpus import ledger as ledger_mod
from ..corpus import timeline as timeline_mod
from ..corpus.ledger import FigureRow, LedgerRow
from ..corpus.timeline import CorpusEvent, EventRow, SourceRef, code, norm
from ..errors import InputError, ParleyError
from ..options import Options
from ..types import (ActorRef, Article, Event, EventDate, Evidence, Extraction, Figure, Framing, LoadedTerm,
                     Place, Position, PublishedDate, Quote, Speaker)
from .schema import RECORD_TABLES, article_bands, articles, events, figures, loaded_terms, positions, quotes

DEFAULT_URL = "sqlite:///parley.db"
MIGRATIONS = Path(__file__).with_name("migrations")
_PAGE = 500


class StoreError(ParleyError):
    """The store cannot be opened or used: a bad URL, an unreachable server, a database parley did not make."""


def resolve_url(url: str | None = None) -> str:
    """A SQLAlchemy URL from what a user types: None (``sqlite:///parley.db``), a file path, or a URL.

    ``postgresql://`` and ``postgres://`` use the psycopg (3) driver.
    """
    if not url:
        return DEFAULT_URL
    if "://" not in url:
        return "sqlite:///" + url
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@dataclass
class IngestReport:
    inputs: int = 0
    added: int = 0
    skipped: int = 0      # already stored (same cleaned text)
    failed: int = 0
    seconds: float = 0.0
    errors: list[InputError] = field(default_factory=list)


class Store:
    """Articles and records in a SQL database. Open with :meth:`Store.open`; close (or use ``with``)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # -------------------------------------------------------------------------------------------
    # Opening

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> "Store":
        """Open (creating and migrating as needed) the store at ``url``: default ``sqlite:///parley.db`` in
        the working directory; a plain path means a SQLite file; ``postgresql://user:pw@host/db``."""
        url = resolve_url(url)
        try:
            engine = _engine(url)
            store = cls(engine)
            if migrate:
                store.migrate()
            else:
                with engine.connect():
                    pass
        except (OperationalError, NoSuchModuleError, ArgumentError) as err:
            raise StoreError(f"cannot open the store at {_redact(url)}: {_first_line(err)}") from err
        return store

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def schema_revision(self) -> Optional[str]:
        from alembic.runtime.migration import MigrationContext
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self):
        """A connection whose transaction takes SQLite's write lock at once (no lock upgrades to fail)."""
        return self.engine.connect().execution_options(parley_begin="BEGIN IMMEDIATE")

    # -------------------------------------------------------------------------------------------
    # Writing

    def has(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is not None

    def add(self, extraction: Extraction) -> bool:
        """Store one article with all its records in one transaction. False if it was already stored."""
        a = extraction.article
        if self.has(a.id):
            return False
        sig = dedup.signature(a.text)
        keys = sorted(set(dedup.band_keys(sig)))
        try:
            with self._write() as conn, conn.begin():
                if conn.execute(select(articles.c.id).where(articles.c.id == a.id)).first() is not None:
                    return False
                story_id = self._assign_story(conn, a.id, sig, keys)
                conn.execute(insert(articles), [_article_row(a, story_id, sig)])
                conn.execute(insert(article_bands), [{"key": k, "article_key": key64(a.id)} for k in keys])
                for table, rows in _record_rows(extraction, story_id):
                    if rows:
                        conn.execute(insert(table), rows)
        except IntegrityError:
            if self.has(a.id):  # stored meanwhile by another writer
                return False
            raise
        return True

    def add_many(self, extractions: Iterable[Extraction]) -> tuple[int, int]:
        """Store each extraction in its own transaction; (added, already stored)."""
        added = skipped = 0
        for x in extractions:
            if self.add(x):
                added += 1
            else:
                skipped += 1
        return added, skipped

    def _assign_story(self, conn: Connection, article_id: str, sig, keys: list[int]) -> str:
        """The story of a new article: the smallest id among it and its near-duplicates' stories.

        Stories joined by the new article are merged (renamed to the smallest id), and the corpus keys of
        their story-scoped events follow.
        """
        candidates = conn.execute(
            select(articles.c.story_id, articles.c.minhash).distinct()
            .join(article_bands, article_bands.c.article_key == articles.c.key64)
            .where(article_bands.c.key.in_(keys))).all()
        joined = {row.story_id for row in candidates
                  if dedup.same_story(sig, dedup.signature_from_bytes(row.minhash))}
        if not joined:
            return article_id
        target = min(joined | {article_id})
        renamed = sorted(joined - {target})
        if renamed:
            conn.execute(update(articles).where(articles.c.story_id.in_(renamed)).values(story_id=target))
            self._rekey_events(conn, target)
        return target

    def _rekey_events(self, conn: Connection, story_id: str) -> None:
        rows = conn.execute(select(events).join(articles, articles.c.id == events.c.article_id)
                            .where(articles.c.story_id == story_id)
                            .order_by(events.c.article_id, events.c.idx)).all()
        by_article: dict[str, list] = {}
        for r in rows:
            by_article.setdefault(r.article_id, []).append(r)
        changes = []
        for group in by_article.values():
            fields = timeline_mod.article_event_fields([_event_from_row(r) for r in group], story_id)
            for r, f in zip(group, fields):
                if f["corpus_key"] != r.corpus_key:
                    changes.append({"eid": r.id, "new_key": f["corpus_key"]})
        if changes:
            conn.execute(update(events).where(events.c.id == bindparam("eid"))
                         .values(corpus_key=bindparam("new_key")), changes)

    def ingest(self, paths: list[str], options: Options = Options(),
               on_result: Callable[[object, str], None] | None = None) -> IngestReport:
        """Extract and store every input under ``paths``; inputs already stored are not extracted again.

        ``on_result(item, status)`` is called per input with status ``added``, ``skipped`` (already stored)
        or ``failed`` (item is then the :class:`InputError`). Loads spaCy.
        """
        from ..extract import article_id, extract_articles
        from ..ingest import iter_inputs

        report = IngestReport()
        started = time.perf_counter()

        def note(item, status: str) -> None:
            report.inputs += 1
            if status == "failed":
                report.failed += 1
                report.errors.append(item)
            elif status == "added":
                report.added += 1
            else:
                report.skipped += 1
            if on_result:
                on_result(item, status)

        def todo():
            for item in iter_inputs(list(paths), max_bytes=options.max_bytes):
                if not isinstance(item, InputError) and self.has(article_id(item.text)):
                    note(item, "skipped")
                    continue
                yield item

        def store(result) -> None:
            if isinstance(result, InputError):
                note(result, "failed")
            else:
                note(result, "added" if self.add(result) else "skipped")

        # A bug that raises while one article is extracted must not stop the batch (nor lose the articles
        # the pipeline was holding): extraction yields one result per input, in order, so the inputs fed
        # but not yet answered are known; they are retried one at a time, the culprit is reported as
        # failed, and the stream goes on.
        stream = todo()
        fed: deque = deque()
        broken = []  # set when reading the inputs (not extracting them) raised: that is not ours to absorb

        def feed():
            while True:
                try:
                    item = next(stream)
                except StopIteration:
                    return
                except Exception:
                    broken.append(True)
                    raise
                fed.append(item)
                yield item

        while True:
            try:
                for result in extract_articles(feed(), options):
                    fed.popleft()
                    store(result)
                break
            except Exception as err:  # noqa: BLE001 - a bulkhead around other components' bugs
                if broken:
                    raise
                retry, first_error = list(fed), err
                fed.clear()
                single = options.with_(n_process=1)
                for item in retry:
                    try:
                        for result in extract_articles([item], single):
                            store(result)
                    except Exception as err:  # noqa: BLE001
                        source = getattr(item, "source", "?")
                        store(InputError(source, f"extraction failed ({type(err).__name__}: {err})"))
                if not retry:
                    raise first_error
        report.seconds = time.perf_counter() - started
        return report

    # -------------------------------------------------------------------------------------------
    # Reading records back

    def counts(self) -> dict[str, int]:
        """Rows per table (articles, stories, figures, quotes, positions, events, loaded_terms)."""
        with self.engine.connect() as conn:
            out = {"articles": conn.execute(select(func.count()).select_from(articles)).scalar_one(),
                   "stories": conn.execute(select(func.count(articles.c.story_id.distinct()))).scalar_one()}
            for table in RECORD_TABLES:
                out[table.name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
        return out

    def article_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(articles.c.id).order_by(articles.c.id)).scalars())

    def article(self, article_id: str) -> Optional[Article]:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        return _article_from_row(row) if row else None

    def articles(self) -> Iterator[Article]:
        """Every stored article, by publication date (undated last), then id."""
        for x in self.extractions(records=False):
            yield x.article

    def extraction(self, article_id: str) -> Optional[Extraction]:
        found = list(self._extractions_of([article_id], records=True))
        return found[0] if found else None

    def extractions(self, *, records: bool = True) -> Iterator[Extraction]:
        """Every stored article with its records, by publication date (undated last), then id."""
        with self.engine.connect() as conn:
            ids = list(conn.execute(select(articles.c.id).order_by(
                func.coalesce(articles.c.published_date, "9999"), articles.c.id)).scalars())
        for i in range(0, len(ids), _PAGE):
            yield from self._extractions_of(ids[i:i + _PAGE], records=records)

    def _extractions_of(self, ids: list[str], *, records: bool) -> Iterator[Extraction]:
        with self.engine.connect() as conn:
            arts = {r.id: _article_from_row(r) for r in conn.execute(select(articles).where(articles.c.id.in_(ids)))}
            children: dict[str, dict[str, list]] = {aid: {} for aid in arts}
            if records:
                for table, build in ((figures, _figure_from_row), (quotes, _quote_from_row),
                                     (positions, _position_from_row), (events, _event_from_row),
                                     (loaded_terms, _term_from_row)):
                    for r in conn.execute(select(table).where(table.c.article_id.in_(ids))
                                          .order_by(table.c.article_id, table.c.idx)):
                        children[r.article_id].setdefault(table.name, []).append(build(r))
        for aid in ids:
            if aid not in arts:
                continue
            c = children[aid]
            yield Extraction(article=arts[aid], figures=tuple(c.get("figures", ())), quotes=tuple(c.get("quotes", ())),
                             positions=tuple(c.get("positions", ())), events=tuple(c.get("events", ())),
                             framing=Framing(loaded_terms=tuple(c.get("loaded_terms", ()))))

    def events(self, *, article_id: str | None = None) -> Iterator[tuple[Event, SourceRef]]:
        """Every stored event (one per report, not merged) with the article it came from."""
        q = select(events, *_SOURCE_COLUMNS).join(articles, articles.c.id == events.c.article_id)
        if article_id:
            q = q.where(events.c.article_id == article_id)
        with self.engine.connect() as conn:
            for r in conn.execute(q.order_by(events.c.date_sort, events.c.id)):
                yield _event_from_row(r), _source_from_row(r)

    def figures(self, *, category: str | None = None) -> Iterator[tuple[Figure, SourceRef]]:
        """Every stored figure (one per claim as stated) with the article it came from."""
        q = select(figures, *_SOURCE_COLUMNS).join(articles, articles.c.id == figures.c.article_id)
        if category:
            q = q.where(figures.c.category == category.strip().lower())
        with self.engine.connect() as conn:
            for r in conn.execute(q.order_by(figures.c.period_sort, figures.c.id)):
                yield _figure_from_row(r), _source_from_row(r)

    # -------------------------------------------------------------------------------------------
    # Stories (wire copies)

    def story_map(self) -> dict[str, str]:
        """Article id -> story id."""
        with self.engine.connect() as conn:
            return {r.id: r.story_id for r in conn.execute(select(articles.c.id, articles.c.story_id))}

    def stories(self, *, min_articles: int = 2) -> list[dedup.Story]:
        """Stories of at least ``min_articles`` articles (wire copies), largest first."""
        big = (select(articles.c.story_id).group_by(articles.c.story_id)
               .having(func.count() >= min_articles).subquery())
        q = (select(articles.c.id, articles.c.story_id, articles.c.source, articles.c.outlet, articles.c.title,
                    articles.c.published_date)
             .where(articles.c.story_id.in_(select(big.c.story_id))))
        members: dict[str, list] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(q):
                members.setdefault(r.story_id, []).append(dedup.StoryMember(
                    article_id=r.id, source=r.source, outlet=r.outlet, title=r.title, published=r.published_date))
        out = [dedup.Story(id=sid, articles=tuple(sorted(ms, key=lambda m: (m.published or "9999", m.article_id))))
               for sid, ms in members.items()]
        out.sort(key=lambda s: (-len(s.articles), s.id))
        return out

    # -------------------------------------------------------------------------------------------
    # Corpus views

    def timeline(self, *, actor: str | None = None, type: str | None = None, place: str | None = None,
                 date_from=None, date_to=None, limit: int | None = None) -> Iterator[CorpusEvent]:
        """Corpus events in date order (undated last), each with every article that reported it.

        The same view as :func:`parley.corpus.timeline.timeline` over the stored extractions, from
        indexed queries: first the matching corpus keys in order, then their reports, a page at a time.
        """
        filters = timeline_mod.Filters.make(actor=actor, type=type, place=place, date_from=date_from,
                                            date_to=date_to)
        with self.engine.connect() as keys_conn, self.engine.connect() as rows_conn:
            q = _timeline_keys(keys_conn, filters, limit)
            page: list[str] = []
            for r in keys_conn.execution_options(yield_per=_PAGE).execute(q):
                page.append(r.corpus_key)
                if len(page) >= _PAGE:
                    yield from self._corpus_events(rows_conn, page)
                    page = []
            if page:
                yield from self._corpus_events(rows_conn, page)

    def _corpus_events(self, conn: Connection, keys: list[str]) -> list[CorpusEvent]:
        q = (select(events, *_SOURCE_COLUMNS).join(articles, articles.c.id == events.c.article_id)
             .where(events.c.corpus_key.in_(keys)))
        rows = [EventRow(event=_event_from_row(r), article=_source_from_row(r), story_id=r.story_id, index=r.idx,
                         key=r.corpus_key)
                for r in conn.execute(q)]
        return timeline_mod.build_events(rows)

    def ledger(self, *, category: str | None = None, place: str | None = None, group: str | None = None,
               date_from=None, date_to=None, limit: int | None = None) -> Iterator[LedgerRow]:
        """The figure ledger: one row per (category, group, place, period) with every claim; the same view
        as :func:`parley.corpus.ledger.ledger` over the stored extractions."""
        filters = ledger_mod.Filters.make(category=category, place=place, group=group, date_from=date_from,
                                          date_to=date_to)
        conds = []
        if filters.category:
            conds.append(figures.c.category == filters.category.strip().lower())
        if filters.place:
            conds.append(figures.c.place_norm == norm(filters.place))
        if filters.group:
            conds.append(figures.c.group_norm == norm(filters.group))
        if filters.date_from:
            conds.append(figures.c.period_sort >= filters.date_from)
        if filters.date_to:
            conds.append(figures.c.period_sort <= filters.date_to)
        q = (select(figures, *_SOURCE_COLUMNS).join(articles, articles.c.id == figures.c.article_id)
             .where(*conds).order_by(figures.c.category, figures.c.period_sort, figures.c.ledger_key))
        done = 0
        with self.engine.connect() as conn:
            key, group_rows = None, []
            for r in conn.execution_options(yield_per=2000).execute(q):
                if r.ledger_key != key and group_rows:
                    yield ledger_mod.ledger_row(key, group_rows)
                    done += 1
                    group_rows = []
                    if limit is not None and done >= limit:
                        return
                key = r.ledger_key
                group_rows.append(FigureRow(figure=_figure_from_row(r), article=_source_from_row(r),
                                            story_id=r.story_id, index=r.idx))
            if group_rows and (limit is None or done < limit):
                yield ledger_mod.ledger_row(key, group_rows)


# ---------------------------------------------------------------------------------------------------
# Engine

def _first_line(err: Exception) -> str:
    text = str(getattr(err, "orig", None) or err)
    return text.strip().splitlines()[0] if text.strip() else type(err).__name__


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot open the store at {url}: folder {parent} does not exist")
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
            cur = dbapi_conn.cursor()
            # WAL + synchronous=NORMAL: a commit survives a killed process (not a power cut) without an fsync;
            # checkpoints (which do fsync) every ~40 MB of WAL rather than 4 MB; a 64 MB page cache
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=60000",
                           "wal_autocheckpoint=10000", "cache_size=-65536"):
                cur.execute(f"PRAGMA {pragma}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql(conn.get_execution_options().get("parley_begin", "BEGIN"))

        return engine
    return create_engine(url, pool_pre_ping=True)


# ---------------------------------------------------------------------------------------------------
# Rows <-> records

_SOURCE_COLUMNS = (articles.c.source, articles.c.outlet, articles.c.title, articles.c.published_date,
                   articles.c.story_id)


def _source_from_row(r) -> SourceRef:
    return SourceRef(article_id=r.article_id, source=r.source, outlet=r.outlet, title=r.title,
                     published=r.published_date)


def _timeline_keys(conn: Connection, f: timeline_mod.Filters, limit: int | None):
    """SQL for the corpus keys whose reports pass :func:`parley.corpus.timeline.row_matches`, in date order.

    The actor filter matches any of four columns and the place filter either of two. One OR over indexed
    columns makes the planner merge whole index ranges and sort them; instead each alternative is its own
    branch, ordered by its own index and cut at ``limit``, and the union of the branches is ordered and cut
    again: a first page of a frequent actor's events reads a few hundred index entries, not all of them.
    An alternative no stored event has (a place name given to the country-code column) is left out, so
    the planner never scans another index for it.
    """

    def present(alternatives):
        kept = [alt for alt in alternatives
                if conn.execute(select(events.c.id).where(alt).limit(1)).first() is not None]
        return kept or alternatives[:1]  # nothing matches: one branch, which finds nothing fast

    base = []
    if f.type:
        base.append(events.c.type_code == code(f.type))
    if f.date_from:
        base.append(and_(events.c.date_sort >= f.date_from, events.c.date_start.is_not(None)))
    if f.date_to:
        base.append(and_(events.c.date_sort <= f.date_to, events.c.date_end <= f.date_to))
    actor_alternatives = place_alternatives = None
    if f.actor:
        a, c = norm(f.actor), code(f.actor)
        actor_alternatives = present([events.c.actor_norm == a, events.c.recipient_norm == a,
                                      events.c.actor_code_norm == c, events.c.recipient_code_norm == c])
    if f.place:
        place_alternatives = present([events.c.place_norm == norm(f.place), events.c.country_norm == code(f.place)])
    if actor_alternatives:
        if place_alternatives:
            base.append(or_(*place_alternatives) if len(place_alternatives) > 1 else place_alternatives[0])
        branches = [[alt, *base] for alt in actor_alternatives]
    elif place_alternatives:
        branches = [[alt, *base] for alt in place_alternatives]
    else:
        branches = [base]

    def ordered(q):
        q = q.order_by(events.c.date_sort, events.c.corpus_key)
        return q.limit(limit) if limit is not None else q

    if len(branches) == 1:
        return ordered(select(events.c.date_sort, events.c.corpus_key).distinct().where(*branches[0]))
    parts = [ordered(select(events.c.date_sort, events.c.corpus_key).where(*conds)).subquery()
             for conds in branches]
    union = union_all(*(select(p.c.date_sort, p.c.corpus_key) for p in parts)).subquery()
    q = select(union.c.date_sort, union.c.corpus_key).distinct().order_by(union.c.date_sort, union.c.corpus_key)
    return q.limit(limit) if limit is not None else q


def _ev(e: Evidence) -> dict:
    return {"evidence_text": e.text, "evidence_start": e.start, "evidence_end": e.end}


def _evidence_of(r) -> Evidence:
    return Evidence(text=r.evidence_text, start=r.evidence_start, end=r.evidence_end)


def _article_row(a: Article, story_id: str, sig) -> dict:
    p = a.published
    return {"id": a.id, "source": a.source, "outlet": a.outlet, "title": a.title, "url": a.url,
            "language": a.language, "published_date": p.date if p else None,
            "published_inferred": bool(p.inferred) if p else True,
            "published_confidence": float(p.confidence) if p else 0.0,
            "published_evidence": list(p.evidence) if p else [], "text": a.text, "story_id": story_id,
            "minhash": dedup.signature_to_bytes(sig), "key64": key64(a.id),
            "added_at": datetime.now(timezone.utc).replace(tzinfo=None)}


def key64(article_id: str) -> int:
    """The first 8 bytes of an article id (sha256 hex) as a signed 64-bit integer."""
    return int.from_bytes(bytes.fromhex(article_id[:16]), "big", signed=True)


def _article_from_row(r) -> Article:
    return Article(source=r.source, id=r.id, text=r.text, outlet=r.outlet, title=r.title, url=r.url,
                   language=r.language,
                   published=PublishedDate(date=r.published_date, inferred=r.published_inferred,
                                           confidence=r.published_confidence,
                                           evidence=tuple(r.published_evidence or ())))


def _record_rows(x: Extraction, story_id: str):
    aid = x.article.id
    published = x.article.published.date if x.article.published else None
    yield figures, [{
        "article_id": aid, "idx": i, "category": f.category, "value": f.value, "low": f.low, "high": f.high,
        "qualifier": f.qualifier, "group_name": f.group, "claimed_by": f.claimed_by, "location": f.location,
        "date": f.date, "since": f.since, "running_total": bool(f.running_total), "part_of": f.part_of,
        "extractor": f.extractor, **_ev(f.evidence), **ledger_mod.figure_fields(f, published)}
        for i, f in enumerate(x.figures)]
    yield quotes, [{
        "article_id": aid, "idx": i, "speaker_name": q.speaker.name, "speaker_role": q.speaker.role,
        "speaker_affiliation": q.speaker.affiliation, "speaker_anonymous": bool(q.speaker.anonymous),
        "kind": q.kind, "text": q.text, "cue": q.cue, "extractor": q.extractor, **_ev(q.evidence)}
        for i, q in enumerate(x.quotes)]
    yield positions, [{
        "article_id": aid, "idx": i, "party": p.party, "stance": p.stance, "issue": p.issue, "detail": p.detail,
        "reported_by": p.reported_by, "negated": bool(p.negated), "condition": p.condition,
        "extractor": p.extractor, **_ev(p.evidence)}
        for i, p in enumerate(x.positions)]
    derived = timeline_mod.article_event_fields(x.events, story_id)
    yield events, [_event_row(aid, i, e, fields) for i, (e, fields) in enumerate(zip(x.events, derived))]
    yield loaded_terms, [{
        "article_id": aid, "idx": i, "term": t.term, "in_quote": bool(t.in_quote), "category": t.category,
        **_ev(t.evidence)}
        for i, t in enumerate(x.framing.loaded_terms if x.framing else ())]


def _event_row(aid: str, i: int, e: Event, fields: dict) -> dict:
    actor, recipient, place, d = e.actor, e.recipient, e.location, e.date
    return {
        "article_id": aid, "idx": i, "type": e.type, "mode": e.mode,
        "actor_name": actor.name if actor else None, "actor_code": actor.code if actor else None,
        "actor_sector": actor.sector if actor else None,
        "recipient_name": recipient.name if recipient else None,
        "recipient_code": recipient.code if recipient else None,
        "recipient_sector": recipient.sector if recipient else None,
        "place_name": place.name if place else None, "place_country": place.country if place else None,
        "place_lat": place.lat if place else None,
        "place_lon": place.lon if place else None, "place_precision": place.precision if place else None,
        "date_value": d.value if d else None, "date_precision": d.precision if d else None,
        "date_expression": d.expression if d else None,
        "modality": e.modality, "extractor": e.extractor, **_ev(e.evidence),
        "extra_evidence": [{"text": v.text, "start": v.start, "end": v.end} for v in e.extra_evidence],
        **fields,
    }


def _figure_from_row(r) -> Figure:
    return Figure(category=r.category, value=r.value, low=r.low, high=r.high, qualifier=r.qualifier,
                  group=r.group_name, claimed_by=r.claimed_by, evidence=_evidence_of(r), location=r.location,
                  date=r.date, since=r.since, running_total=r.running_total, part_of=r.part_of,
                  extractor=r.extractor)


def _quote_from_row(r) -> Quote:
    return Quote(speaker=Speaker(name=r.speaker_name, role=r.speaker_role, affiliation=r.speaker_affiliation,
                                 anonymous=r.speaker_anonymous),
                 kind=r.kind, text=r.text, evidence=_evidence_of(r), cue=r.cue, extractor=r.extractor)


def _position_from_row(r) -> Position:
    return Position(party=r.party, stance=r.stance, issue=r.issue, detail=r.detail, evidence=_evidence_of(r),
                    reported_by=r.reported_by, negated=r.negated, condition=r.condition, extractor=r.extractor)


def _event_from_row(r) -> Event:
    actor = (ActorRef(name=r.actor_name, code=r.actor_code, sector=r.actor_sector)
             if r.actor_name is not None or r.actor_code is not None or r.actor_sector is not None else None)
    recipient = (ActorRef(name=r.recipient_name, code=r.recipient_code, sector=r.recipient_sector)
                 if r.recipient_name is not None or r.recipient_code is not None
                 or r.recipient_sector is not None else None)
    place = (Place(name=r.place_name, country=r.place_country, lat=r.place_lat, lon=r.place_lon,
                   precision=r.place_precision) if r.place_name is not None else None)
    when = (EventDate(value=r.date_value, precision=r.date_precision, expression=r.date_expression)
            if r.date_value is not None or r.date_precision is not None or r.date_expression is not None else None)
    return Event(type=r.type, mode=r.mode, actor=actor, recipient=recipient, location=place, date=when,
                 modality=r.modality, evidence=_evidence_of(r),
                 extra_evidence=tuple(Evidence(text=v["text"], start=v["start"], end=v["end"])
                                      for v in (r.extra_evidence or ())),
                 extractor=r.extractor)


def _term_from_row(r) -> LoadedTerm:
    return LoadedTerm(term=r.term, in_quote=r.in_quote, evidence=_evidence_of(r), category=r.category)
