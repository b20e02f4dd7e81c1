"""CLI commands over the store and the corpus (ingest, timeline, figures, export, spark).

``register(app)`` adds them to parley's typer app. Like cli.py, this module never imports spaCy.
"""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the corpus commands to ``app`` (none yet)."""
