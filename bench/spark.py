"""Spark local throughput at 1 and 2 workers, and the scaling efficiency.

    python bench/spark.py                  # 400 articles, local[1] then local[2]
    python bench/spark.py --articles 1000 --workers 1 2

Articles are variations of real ones (see bench/ingest.py), written as one JSONL file. For each number of
workers a fresh local Spark session runs the job twice over the same input: the first run includes the
executors loading the model ("cold"), the second reuses them ("warm": the model loads once per executor
process, so it is not loaded again). Efficiency at N workers = (warm throughput at N / warm throughput at
1) / N. The machine has 2 cores, so 2 workers is the ceiling here.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from ingest import base_texts, variations  # noqa: E402

from parley.scale.spark import run_spark, spark_session  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--partitions", type=int, default=8)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="parley-bench-spark-"))
    try:
        source = tmp / "articles.jsonl"
        words = 0
        with open(source, "w", encoding="utf-8") as fh:
            for i, text in enumerate(variations(base_texts(), args.articles)):
                fh.write(json.dumps({"text": text, "outlet": f"Outlet {i % 7}", "date": "2025-04-01"}) + "\n")
                words += len(text.split())
        print(f"{args.articles} articles, {words:,} words, {args.partitions} partitions")
        warm_rate = {}
        for workers in args.workers:
            started = time.perf_counter()
            spark = spark_session(f"local[{workers}]", app_name=f"parley-bench-{workers}")
            startup = time.perf_counter() - started
            runs = []
            for attempt in ("cold", "warm"):
                report = run_spark(str(source), str(tmp / f"out-{workers}-{attempt}"), partitions=args.partitions,
                                   spark=spark)
                runs.append(report)
                print(f"  local[{workers}] {attempt}: {report.articles} articles in {report.seconds:.1f} s = "
                      f"{report.articles / report.seconds:.1f} articles/s, {words / report.seconds:,.0f} words/s "
                      f"({report.pipeline_loads} model loads)", flush=True)
            spark.stop()
            warm_rate[workers] = runs[1].articles / runs[1].seconds
            print(f"  local[{workers}]: session start {startup:.1f} s")
        if 1 in warm_rate:
            for workers, rate in warm_rate.items():
                if workers > 1:
                    print(f"scaling 1 -> {workers} workers: {rate / warm_rate[1]:.2f}x, efficiency "
                          f"{rate / warm_rate[1] / workers:.0%}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
