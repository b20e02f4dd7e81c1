"""Quality gate: the shared scorer over the seed articles, with floors that may only go up.

Skipped (with the reason) when ../shared is not beside the project.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("PARLEY_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
SCORER = SHARED / "eval" / "score.py"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SEEDS / "gold").is_dir() or not SCORER.is_file(),
                       reason=f"the shared seeds and scorer are not at {SHARED} (set PARLEY_SHARED)"),
]

# Floors: raise them when parley gets better; never lower them.
FLOORS = {
    "published_within_tolerance": 3,
    "boilerplate_removed": 8,
    "content_kept": 4,
    "loaded_terms_found": 4,
    ("figures", "f1"): 0.95,
    ("figures", "claimed_by_accuracy"): 0.95,
    ("figures", "qualifier_accuracy"): 0.95,
    ("quotes", "f1"): 0.86,
    ("quotes", "affiliation_accuracy"): 0.95,
    ("quotes", "kind_accuracy"): 0.95,
    ("positions", "f1"): 0.90,
    ("positions", "stance_accuracy"): 0.95,
    ("events", "f1"): 0.90,
    ("events", "actor_accuracy"): 0.90,
    ("events", "date_accuracy"): 0.95,
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("quality") / "seeds.jsonl"
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    with open(out, "w") as handle:
        run = subprocess.run([sys.executable, "-m", "parley", "extract", *seeds], stdout=handle,
                             stderr=subprocess.PIPE, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    scored = subprocess.run([sys.executable, str(SCORER), "--gold", str(SEEDS / "gold"), "--pred", str(out),
                             "--json"], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(scored.stdout)


@pytest.mark.parametrize("key", [k for k in FLOORS if isinstance(k, str)])
def test_document_floor(report, key):
    value = report["documents"][key]
    got = value[0] if isinstance(value, list) else value
    assert got >= FLOORS[key], f"{key}: {value} is below the floor {FLOORS[key]}"


@pytest.mark.parametrize("section,metric", [k for k in FLOORS if isinstance(k, tuple)])
def test_section_floor(report, section, metric):
    got = report[section][metric]
    assert got >= FLOORS[(section, metric)], f"{section} {metric} {got} is below the floor {FLOORS[(section, metric)]}"


def test_talks_puts_the_seed_rounds_in_date_order():
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    run = subprocess.run([sys.executable, "-m", "parley", "talks", *seeds, "--format", "json"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    rounds = json.loads(run.stdout)["rounds"]
    order = [[Path(a["source"]).name[:3] for a in r["articles"]] for r in rounds]
    assert order == [["001"], ["000"], ["002"]]
    assert [r["start"][:4] for r in rounds] == ["2012", "2014", "2024"]
    assert all(r["venue"] == "Cairo" for r in rounds)
