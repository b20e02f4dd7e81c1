"""The Spark job (local[2]): the same records as `parley extract`, from JSONL and Parquet, with the model
loaded once per executor process rather than per article or partition. Slow: starts Spark and the model."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pytestmark = pytest.mark.slow

if shutil.which("java") is None:
    pytest.skip("Spark needs Java (17+) on the PATH", allow_module_level=True)

ARTICLES = [
    {"title": "Strike on Port Ilsa", "outlet": "Northern Ledger", "date": "2025-03-14",
     "text": "PORT ILSA -- A missile strike on the harbour of Port Ilsa killed at least seven dockworkers late "
             "Thursday, the port authority said. Some 40 people were wounded, local health officials said."},
    {"title": "Talks stall", "outlet": "Carrow Wire", "date": "2025-03-20",
     "text": "MARENBURG -- Talks aimed at ending the war between Veldoria and the Kastran Liberation Front broke "
             "down on Thursday after the rebel delegation walked out, mediators said."},
    {"title": "Convoy", "outlet": "Carrow Wire", "date": "2025-04-01",
     "text": "OSKEL -- Nearly 300 trucks of food and medicine entered Oskel on Tuesday, the first convoy in six "
             "weeks, according to the World Food Programme."},
    {"title": "Prisoners freed", "outlet": "Oskel Evening Post", "date": "2025-04-02",
     "text": "CARROW -- The government released 112 prisoners, a rebel spokesman said. \"This is the first step, "
             "not the last,\" said the Norland mediator, Ambassador Edda Vinter."},
    {"title": "Shelling resumes", "outlet": "Oskel Evening Post", "date": "2025-04-06",
     "text": "OSKEL -- Shelling killed three civilians in Oskel on Sunday, local officials said, the first "
             "deaths since the truce was extended."},
    {"title": "Drones", "outlet": "Brennik Herald", "date": "2025-04-08",
     "text": "BRENNIK -- The Veldorian army said it had shot down 12 drones overnight over Brennik, and rebel "
             "officials reported more than two dozen artillery strikes on the town of Tarnow."},
]


@pytest.fixture(scope="module")
def spark():
    from parley.scale.spark import spark_session
    session = spark_session("local[2]", app_name="parley-test")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "articles.jsonl"
    lines = [json.dumps(a) for a in ARTICLES[:3]] + ["{not json", ""] + [json.dumps(a) for a in ARTICLES[3:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def expected(jsonl):
    from parley import extract_paths
    from parley.errors import InputError
    out = [x.to_dict() for x in extract_paths([str(jsonl)]) if not isinstance(x, InputError)]
    assert len(out) == len(ARTICLES)
    return sorted(out, key=lambda d: d["article"]["source"])


def _records(path):
    from parley.tabular import read_records
    return sorted((x.to_dict() for x in read_records(path)), key=lambda d: d["article"]["source"])


def test_spark_writes_the_same_records_as_extract(spark, jsonl, expected, tmp_path):
    from parley.scale.spark import run_spark
    out = tmp_path / "records.parquet"
    report = run_spark(str(jsonl), str(out), master="local[2]", partitions=3, spark=spark)
    assert (report.inputs, report.articles, report.failed) == (len(ARTICLES) + 1, len(ARTICLES), 1)
    assert _records(out) == expected
    # the model loaded once per executor process (2 in local[2]), not once per partition (3) or article (6)
    assert 1 <= report.pipeline_loads <= 2
    (error,) = [json.loads(line) for f in sorted(Path(f"{out}_errors").glob("part-*"))
                for line in f.read_text().splitlines()]
    assert error["source"] == f"{jsonl}:4" and "malformed JSON" in error["reason"]


def test_spark_reads_parquet_and_reuses_the_loaded_model(spark, jsonl, expected, tmp_path):
    from parley.scale.spark import run_spark
    source = tmp_path / "articles.parquet"
    pq.write_table(pa.Table.from_pylist(ARTICLES), source)
    out = tmp_path / "records.parquet"
    report = run_spark(str(source), str(out), partitions=2, spark=spark)
    assert (report.articles, report.failed) == (len(ARTICLES), 0)
    assert report.pipeline_loads == 0  # the executors of this session have the model already
    got = _records(out)
    assert [d["article"]["source"] for d in got] == [f"{source}[{i}]" for i in range(len(ARTICLES))]
    strip = lambda d: {**d, "article": {k: v for k, v in d["article"].items() if k != "source"}}  # noqa: E731
    by_id = {d["article"]["id"]: strip(d) for d in expected}
    assert [strip(d) for d in got] == [by_id[d["article"]["id"]] for d in got]


def test_parley_spark_command(spark, jsonl, tmp_path):
    """The command as typed (run in this process, so it uses the running local[2] session)."""
    from typer.testing import CliRunner

    from parley.cli import app
    out = tmp_path / "cli.parquet"
    run = CliRunner().invoke(app, ["spark", str(jsonl), "--out", str(out)])
    assert run.exit_code == 1, run.output  # one bad line: some inputs failed
    assert f"{len(ARTICLES) + 1} inputs, {len(ARTICLES)} articles extracted, 1 failed" in run.output
    assert len(_records(out)) == len(ARTICLES)
    assert not spark.sparkContext._jsc.sc().isStopped()
