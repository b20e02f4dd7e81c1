"""CLI commands over the store and the corpus: ingest, timeline, figures, stories, export, spark.

``register(app)`` adds them to parley's typer app. Like cli.py, this module never imports spaCy: the
extraction is loaded inside ``Store.ingest`` and the Spark job, only when those commands run.

Every command takes ``--db URL`` (or the PARLEY_DB environment variable): a SQLAlchemy URL
(``sqlite:///path.db``, ``postgresql://user:password@host/db``) or a plain path to a SQLite file;
default ``parley.db`` in the working directory. Errors become one line on stderr; exit codes: 0 done,
1 some inputs failed, 2 nothing done or the command was misused.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .cli_common import EXIT_NONE, EXIT_OK, EXIT_SOME_FAILED, error_line, ProgressBar
from .errors import ParleyError


_DB_HELP = ("The store: a SQLAlchemy URL (sqlite:///file.db, postgresql://user:password@host/db) or a path to "
            "a SQLite file. Default: parley.db in the working directory.")


class ViewFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"
    acled = "acled"
    plover = "plover"


def _db_option():
    return typer.Option(None, "--db", envvar="PARLEY_DB", help=_DB_HELP, show_default=False)


def _open_store(db: Optional[str], *, create: bool):
    """Open the store; a read command on a SQLite file that does not exist is an error, not a new store."""
    from .store import Store, StoreError, resolve_url
    from sqlalchemy.engine import make_url

    url = resolve_url(db)
    if not create and url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:" and not Path(path).exists():
            error_line(f"no store at {path} (run 'parley ingest' first, or name one with --db)")
            raise typer.Exit(EXIT_NONE)
    try:
        return Store.open(url)
    except StoreError as err:
        error_line(str(err))
        raise typer.Exit(EXIT_NONE)


def _stdout_rows(rows, fmt: ViewFormat, columns: Optional[list[str]] = None) -> int:
    from .tabular import write_rows
    try:
        return write_rows(rows, sys.stdout.buffer if fmt is ViewFormat.csv else sys.stdout, fmt.value,
                          columns=columns)
    except BrokenPipeError:
        return 0


def _console():
    """A console for tables: the terminal's width, or a wide one when the output is piped."""
    from rich.console import Console
    return Console() if sys.stdout.isatty() else Console(width=200)


def _num(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def register(app: typer.Typer) -> None:
    """Add the corpus commands to ``app``."""

    @app.command()
    def ingest(
        paths: List[str] = typer.Argument(..., help="Files, folders (searched recursively) or '-' for stdin: "
                                          "plain text, HTML, JSON or JSONL, as for 'parley extract'."),
        db: Optional[str] = _db_option(),
        jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for the language pipeline."),
        batch_size: int = typer.Option(8, "--batch-size", min=1, help="Articles per pipeline batch."),
        model: Optional[str] = typer.Option(None, help="spaCy model package to load instead of en_core_web_sm."),
        config: Optional[Path] = typer.Option(None, help="A .cfg file overriding parley's component settings."),
        max_bytes: int = typer.Option(10_000_000, "--max-bytes", help="Refuse inputs larger than this."),
    ) -> None:
        """Extract articles and store them with their records (events, figures, quotes, positions).

        The article id is the hash of its cleaned text: an article already stored is skipped without being
        extracted again, so running the same command twice changes nothing, and a run that was stopped
        (even killed) picks up where it left off. Each article is stored whole or not at all. Wire copies
        are grouped into stories as they are stored. A summary goes to stderr at the end.
        """
        from .options import Options

        options = Options().with_(n_process=jobs, batch_size=batch_size, model=model,
                                  config=str(config) if config else None, max_bytes=max_bytes)
        store = _open_store(db, create=True)


        try:
            with ProgressBar() as progress:
                def on_result(item, status: str) -> None:
                    if status == "failed":
                        error_line(str(item))
                    progress.advance()

                report = store.ingest(paths, options, on_result=on_result)
        except ParleyError as err:
            error_line(str(err))
            raise typer.Exit(EXIT_NONE)
        finally:
            store.close()
        error_line(f"{report.inputs} inputs, {report.added} articles stored, {report.skipped} already stored, "
             f"{report.failed} failed, {report.seconds:.1f} s ({store.url})")
        if report.inputs == 0:
            error_line("no inputs found")
            raise typer.Exit(EXIT_NONE)
        ok = report.added + report.skipped
        raise typer.Exit(EXIT_OK if report.failed == 0 else EXIT_SOME_FAILED if ok else EXIT_NONE)

    @app.command()
    def timeline(
        db: Optional[str] = _db_option(),
        actor: Optional[str] = typer.Option(None, "--actor", help="Only events with this actor or recipient "
                                            "(name or country code, case-insensitive)."),
        type: Optional[str] = typer.Option(None, "--type", help="Only this PLOVER event type (ASSAULT, AGREE, …)."),
        place: Optional[str] = typer.Option(None, "--place", help="Only events at this place (name or country code)."),
        date_from: Optional[str] = typer.Option(None, "--from", help="Only events dated on or after this day "
                                                "(YYYY-MM-DD, YYYY-MM or YYYY); leaves out undated events."),
        date_to: Optional[str] = typer.Option(None, "--to", help="Only events dated on or before this day "
                                              "(or the end of this month or year); leaves out undated events."),
        limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many events."),
        fmt: ViewFormat = typer.Option(ViewFormat.table, "--format", help="Output format."),
    ) -> None:
        """List the corpus events in date order (undated ones last), each with every article that reported it.

        One happening reported by several articles is one event: same type, date, place and actor (or, when
        the date or both place and actor are unknown, the same event in copies of one story). An event is
        listed when one of its reports passes the filters.
        """
        store = _open_store(db, create=False)
        try:
            events = store.timeline(actor=actor, type=type, place=place, date_from=date_from, date_to=date_to,
                                    limit=limit)
            if fmt is ViewFormat.table:
                _timeline_table(events)
            else:
                _stdout_rows(events if fmt is ViewFormat.jsonl else (_timeline_flat(e) for e in events), fmt)
        except ValueError as err:
            error_line(str(err))
            raise typer.Exit(EXIT_NONE)
        finally:
            store.close()

    @app.command()
    def figures(
        db: Optional[str] = _db_option(),
        category: Optional[str] = typer.Option(None, "--category", help="Only this category (killed, wounded, "
                                               "displaced, detained, …)."),
        place: Optional[str] = typer.Option(None, "--place", help="Only figures for this place."),
        group: Optional[str] = typer.Option(None, "--group", help="Only figures counting this group."),
        date_from: Optional[str] = typer.Option(None, "--from", help="Only periods dated on or after this day."),
        date_to: Optional[str] = typer.Option(None, "--to", help="Only periods dated on or before this day."),
        limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many rows."),
        fmt: ViewFormat = typer.Option(ViewFormat.table, "--format", help="Output format."),
    ) -> None:
        """The figure ledger: one row per (category, group, place, period) with every claim and its claimant.

        Each claim keeps its value, range, qualifier, claimant, article and sentence; rows whose claims
        cannot all be true are flagged. Derived, not stored: the conservative count (ACLED: the lowest
        credible figure) and low/best/high (UCDP). Running totals and one-day counts are separate rows,
        never summed together.
        """
        store = _open_store(db, create=False)
        try:
            rows = store.ledger(category=category, place=place, group=group, date_from=date_from, date_to=date_to,
                                limit=limit)
            if fmt is ViewFormat.table:
                _ledger_table(rows)
            else:
                _stdout_rows(rows, fmt)
        except ValueError as err:
            error_line(str(err))
            raise typer.Exit(EXIT_NONE)
        finally:
            store.close()

    @app.command()
    def stories(
        db: Optional[str] = _db_option(),
        min_articles: int = typer.Option(2, "--min-articles", min=1, help="Only stories run by at least this "
                                         "many articles (2: wire copies only)."),
        fmt: ViewFormat = typer.Option(ViewFormat.table, "--format", help="Output format."),
    ) -> None:
        """List stories: near-duplicate articles (wire copies) recognised as one, with every outlet that ran them."""
        store = _open_store(db, create=False)
        try:
            found = store.stories(min_articles=min_articles)
        finally:
            store.close()
        if fmt is ViewFormat.table:
            from rich.table import Table
            table = Table("story", "articles", "outlets", "title")
            for s in found:
                table.add_row(s.id[:12], str(len(s.articles)), ", ".join(s.outlets),
                              next((m.title for m in s.articles if m.title), "") or "")
            _console().print(table)
        else:
            _stdout_rows(found, fmt)

    @app.command()
    def export(
        db: Optional[str] = _db_option(),
        fmt: ExportFormat = typer.Option(..., "--format", help="parquet: one nested row per article (the "
                                         "extraction record); jsonl: one record per line; csv: a folder with "
                                         "one table per record kind; acled: ACLED-style event rows (CSV); "
                                         "plover: PLOVER event records (JSONL)."),
        out: Path = typer.Option(..., "--out", help="The file to write (a folder for --format csv)."),
    ) -> None:
        """Export every stored article with its records, as Parquet, CSV, JSONL, ACLED rows or PLOVER events."""
        from . import tabular

        store = _open_store(db, create=False)
        try:
            extractions = store.extractions()
            if fmt is ExportFormat.parquet:
                n = tabular.write_parquet(extractions, out)
                what = f"{n} articles"
            elif fmt is ExportFormat.jsonl:
                n = tabular.write_jsonl(extractions, out)
                what = f"{n} articles"
            elif fmt is ExportFormat.csv:
                counts = tabular.write_csv(extractions, out)
                what = ", ".join(f"{v} {k}" for k, v in counts.items())
            elif fmt is ExportFormat.acled:
                from .export import to_acled_rows
                n = tabular.write_rows((row for x in extractions for row in to_acled_rows(x)), out, "csv")
                what = f"{n} ACLED rows"
            else:
                from .export import to_plover
                n = tabular.write_jsonl((rec for x in extractions for rec in _as_list(to_plover(x))), out)
                what = f"{n} PLOVER events"
        except (ParleyError, OSError) as err:
            error_line(str(err))
            raise typer.Exit(EXIT_NONE)
        finally:
            store.close()
        error_line(f"wrote {what} to {out}")

    @app.command()
    def spark(
        input: str = typer.Argument(..., help="JSONL or Parquet input: a file or a folder of them, one article a "
                                    "row (fields as for 'parley extract': text/content, title, date, url, outlet)."),
        out: str = typer.Option(..., "--out", help="Output folder: Parquet, one nested row per article, the "
                                "same record as 'parley export --format parquet'."),
        master: Optional[str] = typer.Option(None, "--master", help="Spark master URL (default: the "
                                             "SPARK_MASTER environment variable, else local[*])."),
        partitions: Optional[int] = typer.Option(None, "--partitions", min=1, help="Split the input into this "
                                                 "many partitions (default: Spark's)."),
        input_format: Optional[str] = typer.Option(None, "--input-format", help="jsonl or parquet (default: "
                                                   "from the file names)."),
        model: Optional[str] = typer.Option(None, help="spaCy model package to load instead of en_core_web_sm."),
        config: Optional[Path] = typer.Option(None, help="A .cfg file overriding parley's component settings "
                                              "(must be readable by every executor)."),
        batch_size: int = typer.Option(8, "--batch-size", min=1, help="Articles per pipeline batch."),
    ) -> None:
        """Run the extraction as a Spark job (pyspark) over JSONL or Parquet, writing Parquet.

        The language model loads once per executor process, not per article. Bad rows are counted and
        written to OUTPUT_errors (JSONL), not stored.
        """
        from .options import Options
        from .scale.spark import run_spark

        options = Options().with_(batch_size=batch_size, model=model, config=str(config) if config else None)
        try:
            report = run_spark(input, out, options=options, master=master, partitions=partitions,
                               input_format=input_format)
        except ParleyError as err:
            error_line(str(err))
            raise typer.Exit(EXIT_NONE)
        error_line(f"{report.inputs} inputs, {report.articles} articles extracted, {report.failed} failed, "
             f"{report.seconds:.1f} s, {report.pipeline_loads} pipeline loads ({out})")
        if report.inputs == 0:
            raise typer.Exit(EXIT_NONE)
        raise typer.Exit(EXIT_OK if report.failed == 0 else EXIT_SOME_FAILED if report.articles else EXIT_NONE)


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    return list(value)


def _who(actor) -> str:
    if actor is None:
        return ""
    return actor.name or actor.code or ""


def _timeline_flat(e) -> dict:
    """A corpus event as one CSV row: the event's fields, its outlets and sources as JSON."""
    d = e.to_dict()
    return {"date": e.date.value if e.date else None, "type": e.type, "mode": e.mode,
            "actor": _who(e.actor), "actor_code": e.actor.code if e.actor else None,
            "recipient": _who(e.recipient), "recipient_code": e.recipient.code if e.recipient else None,
            "place": e.location.name if e.location else None,
            "country": e.location.country if e.location else None, "modality": e.modality,
            "n_sources": len(e.sources), "outlets": d["outlets"], "sources": d["sources"], "key": e.key}


def _timeline_table(events) -> None:
    from rich.table import Table

    table = Table("date", "type", "actor", "recipient", "place", "sources", "evidence")
    for e in events:
        outlets = ", ".join(e.outlets) or ", ".join(s.article.source for s in e.sources)
        table.add_row(e.date.value if e.date and e.date.value else "undated", e.type + (f"/{e.mode}" if e.mode else ""),
                      _who(e.actor), _who(e.recipient), e.location.name if e.location else "",
                      f"{len(e.sources)}: {outlets}", e.sources[0].evidence.text[:120])
    _console().print(table)


def _claim_line(c) -> str:
    value = _num(c.value) or f"{_num(c.low)}–{_num(c.high)}"
    line = f"{value} · {c.qualifier} · {c.claimant or 'unattributed'} · {c.article.outlet or c.article.source}"
    if c.copies:
        line += f" (+{len(c.copies)} cop{'y' if len(c.copies) == 1 else 'ies'})"
    return line


def _ledger_table(rows) -> None:
    from rich.table import Table

    table = Table("category", "group", "place", "period", "claims: value · qualifier · claimant · outlet",
                  "conservative", "low/best/high", "disagree")
    for r in rows:
        p = r.period
        period = (p.date if p.kind == "day" else
                  f"since {p.since or '?'} as of {p.as_of or '?'}" if p.kind == "running_total" else
                  f"reported {p.as_of or '?'}")
        claims = "\n".join(_claim_line(c) for c in r.claims)
        table.add_row(r.category, r.group or "", r.place or "", period, claims, _num(r.conservative),
                      f"{_num(r.low)}/{_num(r.best)}/{_num(r.high)}", "YES" if r.disagree else "")
    _console().print(table)
