"""The store, against SQLite and PostgreSQL: idempotent adds, whole-or-nothing articles, round trips,
stories of wire copies, and the same timeline and ledger as the pure functions over the same records."""
from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from factories import OTHER_STORIES, WIRE_COPIES, event, extraction, figure, full_extraction

from parley.corpus.ledger import ledger
from parley.corpus.timeline import timeline
from parley.dedup import find_stories
from parley.store import Store, StoreError, resolve_url
from parley.store import schema


def _corpus():
    """Wire copies (one story, three outlets) plus other stories, with events and figures."""
    strike = event(actor="Kastran Liberation Front", actor_code="KLF", place="Port Ilsa", date="2025-03-13",
                   recipient="dockworkers")
    undated = event("PROTEST", actor="dockworkers", actor_code=None, place="Port Ilsa", date=None)
    port = figure(7, qualifier="at_least", group="dockworkers", claimed_by="the port authority", place="Port Ilsa")
    out = [extraction(text, outlet=outlet, published=f"2025-03-1{i + 4}", events=[strike, undated],
                      figures=[port, figure(40, category="wounded", qualifier="about", group="people",
                                            claimed_by="local health officials", place="Port Ilsa")])
           for i, (outlet, text) in enumerate(WIRE_COPIES.items())]
    out.append(extraction(OTHER_STORIES[0], outlet="Carrow Wire", published="2025-03-20",
                          events=[strike, event("AGREE", actor="Veldoria", actor_code="VLD", place="Marenburg",
                                                date="2025-03-20"),
                                  event("REJECT", actor="Veldoria", actor_code="VLD", place=None, date=None)],
                          figures=[figure(9, group="dockworkers", claimed_by="the Kastran Liberation Front",
                                          place="Port Ilsa"),
                                   figure(1400, qualifier="more_than", since="2025-01-01", date=None,
                                          running_total=True, claimed_by="Veldorian Red Crescent")]))
    out.append(extraction(OTHER_STORIES[1], outlet="Oskel Evening Post", published=None,
                          events=[event(date="2025-03-09", place="Oskel"), undated]))
    out.append(full_extraction(outlet="Brennik Herald"))
    return out


def _dicts(items):
    return [x.to_dict() for x in items]


def test_open_creates_the_schema_by_migration(store):
    assert store.schema_revision() == schema.SCHEMA_VERSION
    assert store.counts()["articles"] == 0
    again = Store.open(store.engine.url.render_as_string(hide_password=False))  # opening twice is fine
    assert again.schema_revision() == schema.SCHEMA_VERSION
    again.close()


def test_migrations_create_exactly_the_schema_the_code_uses(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), schema.metadata)
    assert diff == []


def test_adding_twice_changes_nothing(store):
    corpus = _corpus()
    assert [store.add(x) for x in corpus] == [True] * len(corpus)
    counts, tl, lg = store.counts(), _dicts(store.timeline()), _dicts(store.ledger())
    assert [store.add(x) for x in corpus] == [False] * len(corpus)
    assert store.add_many(reversed(corpus)) == (0, len(corpus))
    assert store.counts() == counts
    assert _dicts(store.timeline()) == tl
    assert _dicts(store.ledger()) == lg
    assert counts["articles"] == len(corpus) and counts["events"] == sum(len(x.events) for x in corpus)


def test_records_round_trip_exactly(store):
    corpus = _corpus()
    store.add_many(corpus)
    for x in corpus:
        assert store.extraction(x.article.id) == x
    assert {x.article.id for x in store.extractions()} == {x.article.id for x in corpus}
    published = [x.article.published.date or "9999" for x in store.extractions()]
    assert published == sorted(published)
    assert store.extraction("0" * 64) is None


def test_an_article_is_stored_whole_or_not_at_all(store, monkeypatch):
    from parley.store import store as store_mod
    x = full_extraction(outlet="Brennik Herald")
    real = store_mod._record_rows

    def failing(extraction, story_id):
        for table, rows in real(extraction, story_id):
            if table is schema.events:
                raise RuntimeError("disk on fire")  # after the article, figures, quotes and positions
            yield table, rows

    monkeypatch.setattr(store_mod, "_record_rows", failing)
    with pytest.raises(RuntimeError):
        store.add(x)
    assert not store.has(x.article.id)
    with store.engine.connect() as conn:
        for table in (schema.articles, schema.article_bands, *schema.RECORD_TABLES):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0, table.name
    monkeypatch.setattr(store_mod, "_record_rows", real)
    assert store.add(x) and store.extraction(x.article.id) == x


def test_wire_copies_become_one_story_with_all_outlets_in_any_order(store_url):
    corpus = _corpus()
    expected = find_stories(x.article for x in corpus)
    for seed in (0, 1):
        order = corpus[:]
        random.Random(seed).shuffle(order)
        store = Store.open(store_url)
        try:
            store.add_many(order)
            assert store.story_map() == expected
            (story,) = store.stories()
            assert sorted(story.outlets) == sorted(WIRE_COPIES)
            assert story.id == min(x.article.id for x in corpus[:3])
            assert len(store.stories(min_articles=1)) == len(corpus) - 2
        finally:
            with store.engine.begin() as conn:
                for table in (*schema.RECORD_TABLES, schema.article_bands, schema.articles):
                    conn.execute(table.delete())
            store.close()


def test_a_bridging_copy_merges_two_stories_and_their_events(store):
    # a, c are each a copy of b but not of each other: stored a, c, then b -> one story, undated events merged
    base = list(WIRE_COPIES.values())[0]
    words = base.split()
    a_text = " ".join(words[: int(len(words) * 0.65)])
    c_text = " ".join(words[int(len(words) * 0.35):])
    undated = event("PROTEST", actor="dockworkers", actor_code=None, place="Port Ilsa", date=None)
    a, b, c = (extraction(t, outlet=o, events=[undated, undated])
               for t, o in ((a_text, "A"), (base, "B"), (c_text, "C")))
    store.add(a)
    store.add(c)
    assert len(store.stories(min_articles=1)) == 2
    assert len(list(store.timeline())) == 4
    store.add(b)
    assert store.story_map() == find_stories([a.article, b.article, c.article])
    (story,) = store.stories()
    assert sorted(story.outlets) == ["A", "B", "C"]
    merged = list(store.timeline())
    assert len(merged) == 2  # two protests, each reported by the three copies
    assert all(sorted(e.outlets) == ["A", "B", "C"] for e in merged)
    assert _dicts(merged) == _dicts(timeline([a, b, c]))


@pytest.mark.parametrize("filters", [
    {}, {"actor": "klf"}, {"actor": "Veldoria"}, {"type": "assault"}, {"place": "Port Ilsa"}, {"place": "VLD"},
    {"date_from": "2025-03-10"}, {"date_to": "2025-03-13"}, {"date_from": "2025-03", "date_to": "2025-03"},
])
def test_store_timeline_is_the_timeline_of_its_records(store, filters):
    corpus = _corpus()
    store.add_many(corpus)
    stored = list(store.timeline(**filters))
    assert _dicts(stored) == _dicts(timeline(corpus, **filters))


def test_store_timeline_is_in_date_order_with_every_source(store):
    store.add_many(_corpus())
    events = list(store.timeline())
    dated = [e.date.value for e in events if e.date and e.date.value]
    assert dated == sorted(dated)
    assert all(e.date is None for e in events[len(dated):])  # undated last
    strike = [e for e in events if e.actor and e.actor.code == "KLF"]
    assert len(strike) == 1
    assert sorted(strike[0].outlets) == sorted([*WIRE_COPIES, "Carrow Wire"])
    assert list(store.timeline(limit=2)) == events[:2]


def test_store_ledger_is_the_ledger_of_its_records(store):
    corpus = _corpus()
    store.add_many(corpus)
    for filters in ({}, {"category": "killed"}, {"place": "port ilsa"}, {"date_from": "2025-03-14"}):
        assert _dicts(store.ledger(**filters)) == _dicts(ledger(corpus, **filters)), filters
    rows = list(store.ledger(category="killed"))
    port = [r for r in rows if r.group == "dockworkers"][0]
    assert {c.claimant for c in port.claims} == {"the port authority", "the Kastran Liberation Front"}
    assert not port.disagree  # "at least 7" (the wire story, one claim for 3 copies) and "9" agree
    assert port.conservative == 7 and len(port.claims) == 2 and len(port.claims[0].copies) == 2
    assert len(list(store.ledger(limit=1))) == 1


def test_derived_views_are_not_stored():
    columns = {c.name for c in schema.figures.columns}
    assert not {"conservative", "best", "disagree"} & columns


def test_urls():
    assert resolve_url(None) == "sqlite:///parley.db"
    assert resolve_url("corpus.db") == "sqlite:///corpus.db"
    assert resolve_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_default_store_is_parley_db_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Store.open() as s:
        s.add(full_extraction())
    assert (tmp_path / "parley.db").is_file()


def test_unreachable_or_bad_stores_are_store_errors(tmp_path):
    with pytest.raises(StoreError):
        Store.open(f"sqlite:///{tmp_path / 'no' / 'such' / 'folder.db'}")
    with pytest.raises(StoreError):
        Store.open("postgresql://nobody:wrong@127.0.0.1:1/none")
    with pytest.raises(StoreError):
        Store.open("nosuchdialect://x")


def test_ingest_survives_an_extraction_bug_on_one_article(tmp_path, monkeypatch):
    """A component raising on one article costs that article only, even when the pipeline held others."""
    import parley.extract
    from parley.errors import InputError

    for i, text in enumerate(["first story about Tarnow", "BOOM the buggy one", "third story about Oskel",
                              "fourth story about Carrow", "fifth story about Brennik"]):
        (tmp_path / f"{i}.txt").write_text(f"{text}. The Ostrand army said so on Monday.\n", encoding="utf-8")

    def fake_extract_articles(items, options):  # buffers 3 inputs, like a pipeline batch
        held = []
        for item in items:
            held.append(item)
            if len(held) == 3:
                yield from (_fake(x) for x in held)
                held = []
        yield from (_fake(x) for x in held)

    def _fake(item):
        if isinstance(item, InputError):
            return item
        if "BOOM" in item.text:
            raise KeyError("type")
        return extraction(item.text, source=item.source)

    monkeypatch.setattr(parley.extract, "extract_articles", fake_extract_articles)
    with Store.open(str(tmp_path / "x.db")) as store:
        report = store.ingest([str(tmp_path)])
        assert (report.inputs, report.added, report.failed) == (5, 4, 1)
        assert "1.txt" in report.errors[0].source and "KeyError" in report.errors[0].reason
        again = store.ingest([str(tmp_path)])
        assert (again.added, again.skipped, again.failed) == (0, 4, 1)
