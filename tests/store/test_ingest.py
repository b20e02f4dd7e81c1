"""`parley ingest` with the real model (slow): twice changes nothing; killed half-way and run again, every
article is stored once and nothing is lost; the shared seeds and dev articles ingested twice keep the
same timeline."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parley.store import Store

pytestmark = pytest.mark.slow

SHARED = Path(os.environ.get("PARLEY_SHARED", Path(__file__).resolve().parents[3] / "shared"))

PLACES = ["Tarnow", "Oskel", "Brennik", "Port Ilsa", "Carrow", "Marenburg", "Velda", "Sorrin", "Kestel", "Amrath",
          "Dunmore", "Halvik", "Ystra", "Coriven", "Lantha", "Meroe Ridge"]
SIDES = ["the Ostrand army", "the Selvan Front", "the Kastran Liberation Front", "Veldorian police",
         "the Norland border guard", "the Amrath militia"]
BODIES = ["the health ministry", "local officials", "the Red Crescent", "aid workers", "the United Nations",
          "a hospital spokesman", "the army", "rebel commanders"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "Shelling by {side} killed at least {n} people in {place} on {day}, {body} said.",
    "More than {m} families have fled {place} since the offensive began, according to {body}.",
    "{Side} said it had shot down {n} drones over {place2} overnight.",
    "\"We will not leave {place},\" said a commander of {side}, who asked not to be named.",
    "Envoys met in {place2} on {day} to discuss a {n}-day ceasefire, {body} said.",
    "About {m} trucks of food entered {place} on {day}, the first convoy in weeks.",
    "{Side} released {n} prisoners in {place2}, {body} said, and demanded the withdrawal of troops.",
    "Talks in {place2} broke down after {side} rejected a proposal to reopen the crossings.",
    "At least {n} people were wounded in a strike on a market in {place}, {body} said.",
    "The curfew in {place} was lifted on {day} after {n} days, residents said.",
    "{Side} accused its rivals of firing {m} rockets at {place2} since the truce.",
    "Schools in {place} will reopen next week, {body} said, if the ceasefire holds.",
]


def make_articles(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        place, place2 = rng.sample(PLACES, 2)
        side = rng.choice(SIDES)
        sentences = [t.format(side=side, Side=side[0].upper() + side[1:], place=place, place2=place2,
                              day=rng.choice(DAYS), body=rng.choice(BODIES), n=rng.randint(2, 90),
                              m=rng.randint(100, 5000))
                     for t in rng.sample(TEMPLATES, 5)]
        text = f"{place.upper()}, March {rng.randint(1, 28)} -- " + " ".join(sentences) + "\n"
        path = folder / f"{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def parley(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "parley", *args], capture_output=True, text=True, timeout=600, **kw)


def _snapshot(db: str) -> dict:
    with Store.open(db) as store:
        return {"counts": store.counts(),
                "extractions": [x.to_dict() for x in store.extractions()],
                "timeline": [e.to_dict() for e in store.timeline()],
                "ledger": [r.to_dict() for r in store.ledger()],
                "stories": store.story_map()}


def test_ingest_twice_changes_nothing(tmp_path):
    make_articles(tmp_path / "in", 12)
    db = str(tmp_path / "x.db")
    first = parley("ingest", str(tmp_path / "in"), "--db", db)
    assert first.returncode == 0, first.stderr
    assert "12 inputs, 12 articles stored, 0 already stored" in first.stderr
    before = _snapshot(db)
    timeline = parley("timeline", "--db", db, "--format", "jsonl").stdout
    second = parley("ingest", str(tmp_path / "in"), "--db", db)
    assert second.returncode == 0, second.stderr
    assert "12 inputs, 0 articles stored, 12 already stored" in second.stderr
    assert _snapshot(db) == before
    assert parley("timeline", "--db", db, "--format", "jsonl").stdout == timeline
    assert before["counts"]["articles"] == 12 and before["counts"]["figures"] > 0


def _count(db_path: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_killed_ingest_resumes_with_every_article_stored_once(tmp_path):
    n = 100
    make_articles(tmp_path / "in", n)
    db_path = tmp_path / "killed.db"
    db = str(db_path)
    proc = subprocess.Popen([sys.executable, "-m", "parley", "ingest", str(tmp_path / "in"), "--db", db,
                             "--batch-size", "4"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = _count(db_path)
        if stored >= n // 3:
            break
        time.sleep(0.01)
    assert proc.poll() is None, f"ingest finished before it could be killed: {proc.stderr.read().decode()}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    killed_at = _count(db_path)
    assert 0 < killed_at < n

    # the killed store is consistent: every stored article has all its records, none half-written
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()

    again = parley("ingest", str(tmp_path / "in"), "--db", db, "--batch-size", "4")
    assert again.returncode == 0, again.stderr
    assert f"{n} inputs, {n - killed_at} articles stored, {killed_at} already stored, 0 failed" in again.stderr

    reference = str(tmp_path / "reference.db")
    clean = parley("ingest", str(tmp_path / "in"), "--db", reference)
    assert clean.returncode == 0, clean.stderr
    resumed, fresh = _snapshot(db), _snapshot(reference)
    assert resumed["counts"]["articles"] == n
    ids = [x["article"]["id"] for x in resumed["extractions"]]
    assert len(ids) == len(set(ids)) == n           # every article once
    assert resumed == fresh                          # nothing lost, nothing doubled


@pytest.mark.skipif(not (SHARED / "corpus" / "seeds").is_dir(), reason=f"no shared corpus at {SHARED}")
def test_seeds_and_dev_articles_ingested_twice_keep_the_same_timeline(tmp_path):
    inputs = sorted(str(p) for p in (SHARED / "corpus" / "seeds").glob("*.txt"))  # not the gold beside them
    if (SHARED / "corpus" / "dev" / "articles").is_dir():
        inputs.append(str(SHARED / "corpus" / "dev" / "articles"))
    db = str(tmp_path / "seeds.db")
    first = parley("ingest", *inputs, "--db", db)
    assert first.returncode in (0, 1) and "Traceback" not in first.stderr, first.stderr
    timeline = parley("timeline", "--db", db, "--format", "jsonl")
    assert timeline.returncode == 0, timeline.stderr
    events = [json.loads(line) for line in timeline.stdout.splitlines()]
    assert events, "the seeds gave no events"
    dates = [e["date"]["value"] for e in events if e["date"] and e["date"]["value"]]
    from parley.corpus.timeline import date_bounds
    starts = [date_bounds(d)[0] if date_bounds(d) else None for d in dates]
    assert [s for s in starts if s] == sorted(s for s in starts if s)
    figures = parley("figures", "--db", db, "--format", "jsonl")
    rows = [json.loads(line) for line in figures.stdout.splitlines()]
    assert any(c["claimant"] for r in rows for c in r["claims"]), "no claim has its claimant"
    before = _snapshot(db)
    second = parley("ingest", *inputs, "--db", db)
    assert " 0 articles stored" in second.stderr, second.stderr
    assert parley("timeline", "--db", db, "--format", "jsonl").stdout == timeline.stdout
    assert _snapshot(db) == before
