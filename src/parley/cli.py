"""parley's command line: a thin shell over the library. It never imports spaCy itself.

Errors become one line on stderr; exit codes: 0 all inputs succeeded, 1 some failed, 2 none did
or the command was misused.
"""
from __future__ import annotations

import json
import sys
import time
from datetime import date
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .cli_common import EXIT_NONE, EXIT_OK, EXIT_SOME_FAILED, error_line, ProgressBar
from .errors import InputError, ParleyError
from .options import Options

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="parley reads news coverage of wars and ceasefire talks and keeps an "
                       "evidence-linked record: events, figures with their claimants, quotes, positions.")



class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    plover = "plover"
    acled = "acled"


class TalksFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class TimesFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


def _write(line: str) -> None:
    sys.stdout.write(line + "\n")


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _emitter(fmt: "ExtractFormat"):
    """A function writing one Extraction to stdout in ``fmt``."""
    if fmt is ExtractFormat.plover:
        from .export import to_plover

        def emit(record):
            for row in to_plover(record):
                _write(_dumps(row))
        return emit
    if fmt is ExtractFormat.acled:
        import csv

        from .export import ACLED_COLUMNS, to_acled_rows
        writer = csv.DictWriter(sys.stdout, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
        writer.writeheader()

        def emit(record):
            writer.writerows(to_acled_rows(record))
        return emit
    return lambda record: _write(_dumps(record.to_dict()))


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="Files, folders (searched recursively) or '-' for stdin. "
                                      "Plain text, HTML, JSON or JSONL (fields: text/content, title, "
                                      "date/published, url, outlet/source)."),
    fmt: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", help="jsonl: one extraction record per "
                                      "article; plover: one PLOVER JSON event record per line; acled: CSV with "
                                      "ACLED's columns (mappings in docs/events.md)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for the language pipeline."),
    batch_size: int = typer.Option(8, "--batch-size", min=1, help="Articles per pipeline batch."),
    model: Optional[str] = typer.Option(None, help="spaCy model package to load instead of en_core_web_sm."),
    config: Optional[Path] = typer.Option(None, help="A .cfg file overriding parley's component settings."),
    max_bytes: int = typer.Option(10_000_000, "--max-bytes", help="Refuse inputs larger than this."),
) -> None:
    """Extract the record of each article (article, date, figures, quotes, framing) as JSON lines.

    One line per article on stdout, in input order; one line per bad input on stderr; a summary at the end.
    """
    from . import extract_paths
    options = Options().with_(n_process=jobs, batch_size=batch_size, model=model,
                              config=str(config) if config else None, max_bytes=max_bytes)
    ok = failed = 0
    started = time.perf_counter()
    emit = _emitter(fmt)
    try:
        with ProgressBar() as progress:
            for item in extract_paths(paths, options):
                if isinstance(item, InputError):
                    failed += 1
                    error_line(str(item))
                else:
                    ok += 1
                    emit(item)
                progress.advance()
    except ParleyError as err:
        error_line(str(err))
        raise typer.Exit(EXIT_NONE)
    except BrokenPipeError:
        raise typer.Exit(EXIT_OK)
    sys.stdout.flush()
    elapsed = time.perf_counter() - started
    error_line(f"{ok + failed} inputs, {ok} articles extracted, {failed} failed, {elapsed:.1f} s")
    if ok + failed == 0:
        error_line("no inputs found")
        raise typer.Exit(EXIT_NONE)
    raise typer.Exit(EXIT_OK if failed == 0 else EXIT_SOME_FAILED if ok else EXIT_NONE)


@app.command()
def times(
    file: str = typer.Argument(..., help="A text file (or '-' for stdin)."),
    reference_date: Optional[str] = typer.Option(
        None, "--reference-date", help="The publication date (YYYY-MM-DD) to resolve against; "
        "inferred from the text when left out."),
    fmt: TimesFormat = typer.Option(TimesFormat.jsonl, "--format", help="Output format."),
) -> None:
    """List the time expressions of a text, TIMEX3-style: text, start, end, type, value.

    Offsets are character offsets into the file's decoded text (not cleaned), one JSON line each.
    """
    from .ingest import read_text
    from .timex import find_timexes
    try:
        text = read_text(file)
        if reference_date:
            try:
                ref = date.fromisoformat(reference_date)
            except ValueError:
                error_line(f"--reference-date {reference_date!r} is not a date (YYYY-MM-DD)")
                raise typer.Exit(EXIT_NONE)
        else:
            from .ingest.dating import find_published
            published = find_published(text).date
            ref = date.fromisoformat(published) if published and len(published) == 10 else None
    except ParleyError as err:
        error_line(str(err))
        raise typer.Exit(EXIT_NONE)
    found = find_timexes(text, ref)
    if fmt is TimesFormat.table:
        from rich.console import Console
        from rich.table import Table
        table = Table("text", "start", "end", "type", "value")
        for t in found:
            table.add_row(t.text, str(t.start), str(t.end), t.type, t.value or "")
        Console().print(table)
        return
    for t in found:
        _write(_dumps({"text": t.text, "start": t.start, "end": t.end, "type": t.type, "value": t.value}))


@app.command()
def talks(
    paths: List[str] = typer.Argument(..., help="Articles (files, folders or '-'), as for extract."),
    fmt: TalksFormat = typer.Option(TalksFormat.table, "--format", help="table (fits a terminal), "
                                    "json, or markdown (reads as a brief)."),
    window_days: int = typer.Option(21, "--window-days", min=1,
                                    help="Articles on the same conflict and venue this close in time are one round."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for the language pipeline."),
) -> None:
    """Group articles into rounds of talks, ordered by date, with each party's stance on each issue.

    For each round: dates, venue, parties and mediators, the party x issue matrix with evidence, the
    proposals and their fate, and what changed since the previous round of the same conflict.
    """
    from . import extract_paths
    from .corpus.rounds import build_rounds, rounds_to_json, rounds_to_markdown, rounds_to_table
    records, failed = [], 0
    try:
        with ProgressBar() as progress:
            for item in extract_paths(paths, Options().with_(n_process=jobs)):
                if isinstance(item, InputError):
                    failed += 1
                    error_line(str(item))
                else:
                    records.append(item)
                progress.advance()
    except ParleyError as err:
        error_line(str(err))
        raise typer.Exit(EXIT_NONE)
    if not records:
        error_line("no article could be read")
        raise typer.Exit(EXIT_NONE)
    rounds = build_rounds(records, window_days=window_days)
    if fmt is TalksFormat.json:
        _write(json.dumps(rounds_to_json(rounds), ensure_ascii=False, indent=2))
    elif fmt is TalksFormat.markdown:
        _write(rounds_to_markdown(rounds))
    else:
        from rich.console import Console
        console = Console()
        console.print(rounds_to_table(rounds, width=min(console.width, 120)))
    raise typer.Exit(EXIT_OK if failed == 0 else EXIT_SOME_FAILED)


def _register_more_commands() -> None:
    """Commands over the store and the corpus live in their own module (still no spaCy import)."""
    from .cli_corpus import register
    register(app)


_register_more_commands()


def main() -> None:
    import logging
    logging.basicConfig(level=logging.WARNING, format="parley: %(message)s", stream=sys.stderr)
    app()


if __name__ == "__main__":
    main()
