"""The corpus commands as a user runs them: help, output formats, exports, errors, no spaCy import."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from factories import OTHER_STORIES, WIRE_COPIES, event, extraction, figure, full_extraction

from parley import tabular
from parley.store import Store

COMMANDS = ["ingest", "timeline", "figures", "stories", "export", "spark"]


def parley(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "parley", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env=env)


def _corpus():
    strike = event(actor="Kastran Liberation Front", actor_code="KLF", place="Port Ilsa", date="2025-03-13")
    out = [extraction(text, outlet=outlet, events=[strike],
                      figures=[figure(7, qualifier="at_least", group="dockworkers", claimed_by="the port authority",
                                      place="Port Ilsa")])
           for outlet, text in WIRE_COPIES.items()]
    out.append(extraction(OTHER_STORIES[0], outlet="Carrow Wire", published="2025-03-20",
                          events=[event("AGREE", actor="Veldoria", actor_code="VLD", place="Marenburg",
                                        date="2025-03-20"), event("REJECT", actor="Veldoria", date=None)],
                          figures=[figure(12, group="dockworkers", claimed_by="the Kastran Liberation Front",
                                          place="Port Ilsa")]))
    out.append(full_extraction(outlet="Brennik Herald"))
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "corpus.db"
    with Store.open(str(path)) as store:
        store.add_many(_corpus())
    return str(path)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    run = parley(command, "--help")
    assert run.returncode == 0, run.stderr
    assert "Usage" in run.stdout and len(run.stdout) > 300


def test_corpus_modules_do_not_import_spacy():
    code = ("import sys, parley.cli, parley.cli_corpus, parley.store, parley.corpus.timeline, "
            "parley.corpus.ledger, parley.dedup, parley.tabular, parley.scale.spark; "
            "assert 'spacy' not in sys.modules, 'spacy imported'")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_timeline_jsonl_is_in_date_order_with_sources(db):
    run = parley("timeline", "--db", db, "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    events = [json.loads(line) for line in run.stdout.splitlines()]
    assert [e["date"]["value"] if e["date"] else None for e in events] == ["2025-03-13", "2025-03-13", "2025-03-20",
                                                                           None]
    strike = [e for e in events if e["actor"] and e["actor"]["code"] == "KLF"][0]
    assert sorted(strike["outlets"]) == sorted(WIRE_COPIES)
    assert all(s["evidence"]["text"] for s in strike["sources"])


def test_timeline_filters_and_csv(db):
    run = parley("timeline", "--db", db, "--actor", "veldoria", "--from", "2025-03-01", "--format", "csv")
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["date"], r["type"], r["actor"]) for r in rows] == [("2025-03-20", "AGREE", "Veldoria")]
    run = parley("timeline", "--db", db, "--type", "ASSAULT", "--place", "Tarnow")
    assert run.returncode == 0 and "Tarnow" in run.stdout and "Port Ilsa" not in run.stdout


def test_figures_lists_claims_with_claimants_and_flags_disagreement(db):
    run = parley("figures", "--db", db, "--category", "killed", "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    port = [r for r in rows if r["group"] == "dockworkers"][0]
    assert {c["claimant"] for c in port["claims"]} == {"the port authority", "the Kastran Liberation Front"}
    assert port["disagree"] is False and port["conservative"] == 7
    assert {r["category"] for r in rows} == {"killed"}
    table = parley("figures", "--db", db)
    assert table.returncode == 0 and "port authority" in table.stdout


def test_stories_lists_the_wire_copies(db):
    run = parley("stories", "--db", db, "--format", "jsonl")
    (story,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert sorted(story["outlets"]) == sorted(WIRE_COPIES)


def test_export_parquet_jsonl_csv_round_trip(db, tmp_path):
    expected = sorted((x.to_dict() for x in _corpus()), key=lambda d: d["article"]["id"])
    for fmt, out in (("parquet", tmp_path / "x.parquet"), ("jsonl", tmp_path / "x.jsonl")):
        run = parley("export", "--db", db, "--format", fmt, "--out", str(out))
        assert run.returncode == 0, run.stderr
        back = sorted((x.to_dict() for x in tabular.read_records(out)), key=lambda d: d["article"]["id"])
        assert back == expected, fmt
    assert pq.read_schema(tmp_path / "x.parquet").equals(tabular.extraction_schema())
    run = parley("export", "--db", db, "--format", "csv", "--out", str(tmp_path / "tables"))
    assert run.returncode == 0, run.stderr
    figures = list(csv.DictReader(open(tmp_path / "tables" / "figures.csv", encoding="utf-8")))
    assert len(figures) == sum(len(x.figures) for x in _corpus())
    assert {"article_id", "category", "value", "claimed_by", "evidence_text"} <= set(figures[0])
    articles = list(csv.DictReader(open(tmp_path / "tables" / "articles.csv", encoding="utf-8")))
    assert len(articles) == len(_corpus())


def test_export_acled_and_plover(db, tmp_path):
    for fmt in ("acled", "plover"):
        out = tmp_path / f"x.{fmt}"
        run = parley("export", "--db", db, "--format", fmt, "--out", str(out))
        assert run.returncode == 0, run.stderr
        assert out.is_file() and out.stat().st_size > 0


def test_reading_a_missing_store_is_an_error_not_a_new_store(tmp_path):
    run = parley("timeline", cwd=tmp_path)
    assert run.returncode == 2 and "no store" in run.stderr
    assert not (tmp_path / "parley.db").exists()


def test_bad_date_and_bad_format_are_misuse(db):
    assert parley("timeline", "--db", db, "--from", "March").returncode == 2
    assert parley("export", "--db", db, "--format", "xls", "--out", "x").returncode == 2
