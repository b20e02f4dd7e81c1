"""What every parley command shares: exit codes, the one-line error, the progress bar. No spaCy."""
from __future__ import annotations

import sys

EXIT_OK, EXIT_SOME_FAILED, EXIT_NONE = 0, 1, 2


def error_line(message: str) -> None:
    sys.stderr.write(f"parley: {message}\n")
    sys.stderr.flush()


class ProgressBar:
    """A rich progress bar on stderr when stderr is a terminal; silent otherwise."""

    def __init__(self) -> None:
        self.bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
            self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                TextColumn("{task.completed} articles"), TimeElapsedColumn(),
                                console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("extracting", total=None)

    def __enter__(self):
        if self.bar:
            self.bar.__enter__()
        return self

    def advance(self) -> None:
        if self.bar:
            self.bar.advance(self.task)

    def __exit__(self, *exc):
        if self.bar:
            self.bar.__exit__(*exc)
