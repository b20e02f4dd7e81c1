"""The command line as a user runs it: output shape, order, errors on stderr, exit codes, help."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

STORY = ("BRENNIK -- Fighting between the Ostrand army and the Selvan Front killed at least 12 people "
         "on Monday, the Ostrand health ministry said. \"We will not retreat,\" said Front commander "
         "Dario Vell. More than 300 families have fled the village of Tarnow since the offensive began, "
         "according to aid workers.\n")


def parley(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "parley", *args], input=stdin, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("command", ["extract", "times", "talks"])
def test_every_command_has_help(command):
    run = parley(command, "--help")
    assert run.returncode == 0
    assert "Usage" in run.stdout and len(run.stdout) > 200


def test_no_arguments_is_misuse():
    run = parley("extract")
    assert run.returncode == 2


@pytest.mark.slow
def test_extract_streams_records_in_order_and_reports_bad_inputs(tmp_path):
    (tmp_path / "a_story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (tmp_path / "d_story.txt").write_text(STORY.replace("Monday", "Tuesday"), encoding="utf-8")
    run = parley("extract", str(tmp_path))
    assert run.returncode == 1, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [Path(r["article"]["source"]).name for r in records] == ["a_story.txt", "d_story.txt"]
    errors = [line for line in run.stderr.splitlines() if "b_empty.txt" in line or "c_binary.txt" in line]
    assert len(errors) == 2, run.stderr
    assert "4 inputs, 2 articles extracted, 2 failed" in run.stderr
    record = records[0]
    assert record["article"]["text"].startswith("BRENNIK")
    assert record["article"]["id"] != records[1]["article"]["id"]
    for section in ("figures", "quotes", "positions", "events"):
        assert isinstance(record[section], list)
    for figure in record["figures"]:
        ev = figure["evidence"]
        assert record["article"]["text"][ev["start"]:ev["end"]] == ev["text"]


@pytest.mark.slow
def test_extract_all_inputs_bad_exits_2(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    run = parley("extract", str(tmp_path / "empty.txt"))
    assert run.returncode == 2
    assert "empty.txt" in run.stderr


@pytest.mark.slow
def test_extract_reads_stdin():
    run = parley("extract", "-", stdin=STORY)
    assert run.returncode == 0, run.stderr
    (record,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert "Selvan Front" in record["article"]["text"]


def test_times_resolves_against_reference_date(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("The envoy arrived late Monday and talks resumed on Tuesday.", encoding="utf-8")
    run = parley("times", str(path), "--reference-date", "2014-08-19")
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    values = {row["text"]: row["value"] for row in rows}
    assert any(v and v.startswith("2014-08-18") for v in values.values()), rows
    assert any(v == "2014-08-19" for v in values.values()), rows
    for row in rows:
        assert path.read_text()[row["start"]:row["end"]] == row["text"]
        assert row["type"] in {"DATE", "TIME", "DURATION", "SET"}


def test_times_rejects_a_bad_reference_date(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Talks resumed on Tuesday.", encoding="utf-8")
    run = parley("times", str(path), "--reference-date", "19/08/2014")
    assert run.returncode == 2
    assert "reference-date" in run.stderr
