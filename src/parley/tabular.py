"""Tables of records for export, through pyarrow: Parquet, CSV and JSONL.

- :func:`extraction_schema` is the Arrow schema of one :class:`~parley.types.Extraction` (one row per article,
  nested exactly like the JSON record of CONTRACT.md). It is derived from the dataclasses in ``types.py``,
  so a field added there appears here. The Spark job writes Parquet with this schema too.
- :func:`write_parquet` / :func:`write_jsonl` write extractions (streamed, a batch at a time).
- :func:`write_csv` writes flat tables, one CSV per record kind (articles, figures, quotes, positions,
  events, loaded_terms), nested fields flattened with ``_`` and lists as JSON text.
- :func:`write_rows` writes plain rows (dicts or records) as CSV or JSONL: the timeline, the ledger,
  ACLED rows.
- :func:`read_records` / :func:`from_dict` read them back as records.
"""
from __future__ import annotations

import dataclasses
import json
import types as pytypes
import typing
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .types import Extraction, Record

BATCH = 1000
KINDS = ("articles", "figures", "quotes", "positions", "events", "loaded_terms")

_SCALARS = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def _unwrap_optional(hint):
    origin = typing.get_origin(hint)
    if origin in (Union, pytypes.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def arrow_type(hint) -> pa.DataType:
    """The Arrow type of a field of a record dataclass (scalars, Optional, tuple[X, ...], dataclasses)."""
    hint = _unwrap_optional(hint)
    if hint in _SCALARS:
        return _SCALARS[hint]
    if dataclasses.is_dataclass(hint):
        return pa.struct([pa.field(name, arrow_type(h)) for name, h in _hints(hint).items()])
    origin = typing.get_origin(hint)
    if origin in (tuple, list):
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return pa.list_(arrow_type(args[0]) if args else pa.string())
    return pa.string()  # anything else is written as text


def _hints(cls) -> dict:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def extraction_schema() -> pa.Schema:
    """One row per article: article, figures, quotes, positions, events, framing (as CONTRACT.md)."""
    return pa.schema([pa.field(name, arrow_type(h)) for name, h in _hints(Extraction).items()])


# ---------------------------------------------------------------------------------------------------
# Reading records back

def from_dict(cls, data: Any):
    """Rebuild a record dataclass (e.g. :class:`Extraction`) from its ``to_dict()`` shape."""
    return _build(cls, data)


def _build(hint, value):
    if value is None:
        return None
    hint = _unwrap_optional(hint)
    if dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        kwargs = {name: _build(h, value[name]) for name, h in hints.items() if name in value}
        # a list field read back from Arrow is never missing: drop None for defaulted fields
        for f in dataclasses.fields(hint):
            if kwargs.get(f.name, 0) is None and (f.default is not dataclasses.MISSING
                                                  or f.default_factory is not dataclasses.MISSING):
                default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
                if default is not None:
                    kwargs[f.name] = default
        return hint(**kwargs)
    origin = typing.get_origin(hint)
    if origin in (tuple, list):
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return tuple(_build(args[0], v) for v in value) if args else tuple(value)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def read_records(path: str | Path) -> Iterator[Extraction]:
    """Extractions from a Parquet file or folder (ours or the Spark job's) or a JSONL file."""
    path = Path(path)
    if path.suffix in (".jsonl", ".ndjson", ".json"):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield from_dict(Extraction, json.loads(line))
        return
    dataset = pq.ParquetDataset(path)
    for row in dataset.read().to_pylist():
        yield from_dict(Extraction, row)


# ---------------------------------------------------------------------------------------------------
# Writing extractions

def _batches(items: Iterable, size: int = BATCH) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _as_dict(item) -> dict:
    if hasattr(item, "to_dict"):
        return item.to_dict()
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return dataclasses.asdict(item)
    return dict(item)


def write_parquet(extractions: Iterable[Extraction | dict], path: str | Path) -> int:
    """Write extractions as one Parquet file (nested, one row per article). Returns the row count."""
    schema = extraction_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for batch in _batches(extractions):
            writer.write_table(pa.Table.from_pylist([_as_dict(x) for x in batch], schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def write_jsonl(items: Iterable[Record | dict], path) -> int:
    """One JSON object per line (records via ``to_dict()``) to a path or an open text file. Returns the count."""
    if hasattr(path, "write"):
        return _jsonl_to(items, path)
    with open(path, "w", encoding="utf-8") as fh:
        return _jsonl_to(items, fh)


def _jsonl_to(items, fh) -> int:
    n = 0
    for item in items:
        fh.write(json.dumps(_as_dict(item), ensure_ascii=False) + "\n")
        n += 1
    fh.flush()
    return n


# ---------------------------------------------------------------------------------------------------
# Flat tables

def _flatten(prefix: str, value: Any, out: dict) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}_{k}" if prefix else k, v, out)
    elif isinstance(value, (list, tuple)):
        out[prefix] = json.dumps(list(value), ensure_ascii=False)
    else:
        out[prefix] = value


def flat(record: Record | dict) -> dict:
    """A record as one flat row: nested fields joined with '_', lists as JSON text."""
    out: dict = {}
    _flatten("", _as_dict(record), out)
    return out


def _flat_schema(struct: pa.DataType, prefix: str = "") -> list[pa.Field]:
    fields = []
    for f in struct:
        name = f"{prefix}_{f.name}" if prefix else f.name
        if pa.types.is_struct(f.type):
            fields.extend(_flat_schema(f.type, name))
        elif pa.types.is_list(f.type):
            fields.append(pa.field(name, pa.string()))
        else:
            fields.append(pa.field(name, f.type))
    return fields


def flat_schemas() -> dict[str, pa.Schema]:
    """The flat table of each record kind; every row but the article's starts with article_id and idx."""
    full = extraction_schema()
    key = [pa.field("article_id", pa.string()), pa.field("idx", pa.int64())]
    article = full.field("article").type
    out = {"articles": pa.schema([f for f in _flat_schema(article)])}
    for kind in ("figures", "quotes", "positions", "events"):
        out[kind] = pa.schema(key + _flat_schema(full.field(kind).type.value_type))
    terms = full.field("framing").type.field("loaded_terms").type.value_type
    out["loaded_terms"] = pa.schema(key + _flat_schema(terms))
    return out


def flat_rows(extraction: Extraction) -> dict[str, list[dict]]:
    aid = extraction.article.id
    rows = {"articles": [flat(extraction.article)]}
    for kind in ("figures", "quotes", "positions", "events"):
        rows[kind] = [{"article_id": aid, "idx": i, **flat(r)} for i, r in enumerate(getattr(extraction, kind))]
    terms = extraction.framing.loaded_terms if extraction.framing else ()
    rows["loaded_terms"] = [{"article_id": aid, "idx": i, **flat(t)} for i, t in enumerate(terms)]
    return rows


def write_csv(extractions: Iterable[Extraction], folder: str | Path) -> dict[str, int]:
    """One CSV per record kind in ``folder`` (created): articles.csv, figures.csv, … Returns row counts."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    schemas = flat_schemas()
    writers = {kind: pacsv.CSVWriter(str(folder / f"{kind}.csv"), schemas[kind]) for kind in KINDS}
    counts = dict.fromkeys(KINDS, 0)
    try:
        for batch in _batches(extractions, 500):
            pending: dict[str, list[dict]] = {kind: [] for kind in KINDS}
            for x in batch:
                for kind, rows in flat_rows(x).items():
                    pending[kind].extend(rows)
            for kind, rows in pending.items():
                if rows:
                    writers[kind].write_table(pa.Table.from_pylist(rows, schema=schemas[kind]))
                    counts[kind] += len(rows)
    finally:
        for w in writers.values():
            w.close()
    return counts


def write_rows(rows: Iterable[Record | dict], path, fmt: str, columns: Optional[list[str]] = None) -> int:
    """Plain rows (the timeline, the ledger, ACLED rows) as ``csv`` or ``jsonl``, to a path or an open file
    (text for JSONL, binary for CSV).

    CSV rows are flattened (:func:`flat`); the columns are ``columns`` or those of the first rows, and
    values are written as text (whole numbers without '.0', lists as JSON).
    """
    if fmt == "jsonl":
        return write_jsonl(rows, path)
    if fmt != "csv":
        raise ValueError(f"unknown format {fmt!r}")
    writer = None
    n = 0
    try:
        for batch in _batches(rows):
            flats = [flat(r) for r in batch]
            if columns is None:
                columns = list(dict.fromkeys(k for r in flats for k in r))
            if writer is None:
                schema = pa.schema([pa.field(c, pa.string()) for c in columns])
                writer = pacsv.CSVWriter(_sink(path), schema)
            writer.write_table(pa.Table.from_pydict(
                {c: [_text(r.get(c)) for r in flats] for c in columns}, schema=schema))
            n += len(batch)
        if writer is None:
            schema = pa.schema([pa.field(c, pa.string()) for c in columns or []])
            pacsv.write_csv(schema.empty_table(), _sink(path))
    finally:
        if writer is not None:
            writer.close()
    return n


def _sink(path):
    return path if hasattr(path, "write") else str(path)


def _text(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
