"""The same extraction as ``parley extract``, as a Spark job: JSONL or Parquet in, Parquet out.

    from parley.scale.spark import run_spark
    report = run_spark("articles.jsonl", "records.parquet", master="local[2]")

- Input: JSONL (one article a line) or Parquet (one article a row), a file or a folder, with the fields
  ``parley extract`` reads from JSON (text/content/body…, title, date/published…, url, outlet/source…).
  Each row goes through the same ingest code (cleaning, language check) as a JSONL line given to
  ``parley extract``, and keeps the same source name (``path:LINE`` for JSONL, ``path[ROW]`` for Parquet).
- Work: ``mapPartitions`` over the rows; each partition runs :func:`parley.extract.extract_articles`, whose
  pipeline is cached per Python process (``build_pipeline`` is an ``lru_cache``), and Spark reuses its
  Python workers, so the model loads once per executor process, not per article or partition. The number
  of loads is counted with an accumulator and reported.
- Output: a Parquet folder, one nested row per article with :func:`parley.tabular.extraction_schema`, the
  same record as ``parley export --format parquet``; read it back with :func:`parley.tabular.read_records`.
  Bad inputs are written as JSONL (source, reason) to ``OUTPUT_errors`` when there are any.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..errors import InputError, UsageError
from ..options import Options

_PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass
class SparkReport:
    inputs: int = 0
    articles: int = 0
    failed: int = 0
    seconds: float = 0.0
    pipeline_loads: int = 0
    partitions: int = 0
    output: str = ""


def detect_format(path: str) -> str:
    """'parquet' or 'jsonl', from the file name (or the files in a folder)."""
    p = Path(path)
    if p.is_dir():
        names = [f.name for f in p.rglob("*") if f.is_file() and not f.name.startswith((".", "_"))]
        return "parquet" if names and all(n.endswith(_PARQUET_SUFFIXES) for n in names) else "jsonl"
    return "parquet" if p.name.endswith(_PARQUET_SUFFIXES) else "jsonl"


def spark_session(master: Optional[str] = None, app_name: str = "parley"):
    """A SparkSession whose Python workers run this interpreter (so they import this parley)."""
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.master(master or os.environ.get("SPARK_MASTER") or "local[*]")
               .appName(app_name)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.python.worker.reuse", "true")
               .config("spark.sql.shuffle.partitions", "8"))
    # the executors' Python must be this one (with parley and the model installed); pyspark reads the
    # variable when the context starts
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("PARLEY_SPARK_LOG_LEVEL", "ERROR"))
    return spark


def run_spark(input: str, out: str, *, options: Options = Options(), master: Optional[str] = None,
              partitions: Optional[int] = None, input_format: Optional[str] = None, spark=None) -> SparkReport:
    """Extract every article of ``input`` on Spark and write the records to ``out`` (Parquet, overwritten)."""
    if not os.path.exists(input):
        raise UsageError(f"{input}: no such file or folder")
    fmt = (input_format or detect_format(input)).lower()
    if fmt not in ("jsonl", "parquet"):
        raise UsageError(f"--input-format must be jsonl or parquet, not {input_format!r}")
    started = time.perf_counter()
    if spark is None:
        from pyspark.sql import SparkSession
        spark = SparkSession.getActiveSession()  # a session the caller started: use it, leave it running
        own_session = spark is None
        spark = spark or spark_session(master)
    else:
        own_session = False
    try:
        report = _run(spark, input, out, fmt, options, partitions)
    finally:
        if own_session:
            spark.stop()
    report.seconds = time.perf_counter() - started
    return report


def _run(spark, input: str, out: str, fmt: str, options: Options, partitions: Optional[int]) -> SparkReport:
    from pyspark import StorageLevel
    from pyspark.sql.pandas.types import from_arrow_schema

    from ..tabular import extraction_schema

    rows = _numbered_rows(spark, input, fmt)
    if partitions:
        rows = rows.repartition(partitions)
    sc = spark.sparkContext
    loads = sc.accumulator(0)
    options_kw = {**dataclasses.asdict(options), "n_process": 1}

    results = rows.mapPartitions(lambda part: _extract_partition(part, options_kw, loads))
    results.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = dict(results.map(lambda r: (r[0], 1)).reduceByKey(lambda a, b: a + b).collect())
        schema = from_arrow_schema(extraction_schema())
        records = results.filter(lambda r: r[0] == "ok").map(lambda r: r[1])
        (spark.read.schema(schema).option("mode", "FAILFAST").json(records)
         .write.mode("overwrite").parquet(out))
        errors_path = out.rstrip("/") + "_errors"
        if os.path.isdir(errors_path):
            shutil.rmtree(errors_path)
        if counts.get("error"):
            results.filter(lambda r: r[0] == "error").map(lambda r: r[1]).coalesce(1).saveAsTextFile(errors_path)
    finally:
        results.unpersist()
    ok, bad = counts.get("ok", 0), counts.get("error", 0)
    return SparkReport(inputs=ok + bad, articles=ok, failed=bad, pipeline_loads=loads.value,
                       partitions=rows.getNumPartitions(), output=out)


def _display(file_uri: str, input: str) -> str:
    """The source name ``parley extract`` would print for a file found under ``input``."""
    from urllib.parse import unquote

    local = unquote(file_uri[len("file:"):]) if file_uri.startswith("file:") else file_uri
    while local.startswith("//"):
        local = local[1:]
    if os.path.isdir(input):
        return os.path.join(input, os.path.relpath(local, os.path.abspath(input)))
    return input


def _numbered_rows(spark, input: str, fmt: str):
    """An RDD of (source, kind, payload): a JSONL line (kind 'line') or a Parquet row as a dict ('record')."""
    from pyspark.sql import functions as F

    if fmt == "jsonl":
        df = spark.read.option("lineSep", "\n").text(input).select(F.col("value").alias("payload"),
                                                                    F.col("_metadata.file_path").alias("file"))
        kind, fmt_source = "line", "{path}:{n}"
        pairs = df.rdd.map(lambda r: (r.file, r.payload))
    else:
        df = spark.read.parquet(input)
        df = df.select(F.struct(*[F.col(f"`{c}`") for c in df.columns]).alias("row"),
                       F.col("_metadata.file_path").alias("file"))
        kind, fmt_source = "record", "{path}[{i}]"
        pairs = df.rdd.map(lambda r: (r.file, r.row.asDict(recursive=True)))
    indexed = pairs.zipWithIndex()  # rows of one file are contiguous and in file order
    first = dict(indexed.map(lambda x: (x[0][0], x[1])).reduceByKey(min).collect())
    names = {f: _display(f, input) for f in first}

    def number(item):
        (file, payload), index = item
        n = index - first[file]
        return (fmt_source.format(path=names[file], n=n + 1, i=n), kind, payload)

    return indexed.map(number)


def _json_safe(value):
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _raw_items(rows: Iterable[tuple]) -> Iterator:
    """RawArticle or InputError per row, through the same reader as ``parley extract``'s JSON input."""
    from ..ingest import article_from_record  # the JSON record reader of ingest (same cleaning, same checks)

    for source, kind, payload in rows:
        if kind == "line":
            line = payload.lstrip("\ufeff")
            if not line.strip():
                continue
            lineno = int(source.rsplit(":", 1)[1])
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(source, f"malformed JSON on line {lineno} (column {exc.colno}: {exc.msg})")
                continue
            yield article_from_record(record, source, lineno=lineno)
        else:
            yield article_from_record(_json_safe(payload), source)


def _extract_partition(rows: Iterable[tuple], options_kw: dict, loads) -> Iterator[tuple[str, str]]:
    """Runs on an executor: extract the partition's articles; ('ok', record JSON) or ('error', JSON)."""
    from ..extract import extract_articles
    from ..nlp.pipeline import build_pipeline

    options = Options(**options_kw)
    before = build_pipeline.cache_info().misses
    try:
        for item in extract_articles(_raw_items(rows), options):
            if isinstance(item, InputError):
                yield ("error", json.dumps({"source": item.source, "reason": item.reason}, ensure_ascii=False))
            else:
                yield ("ok", json.dumps(item.to_dict(), ensure_ascii=False))
    finally:
        loads.add(build_pipeline.cache_info().misses - before)
