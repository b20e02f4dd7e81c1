"""parley: reads news coverage of wars and ceasefire talks and keeps an evidence-linked record.

Public API (no spaCy needed to import this module; the pipeline loads on first use)::

    from parley import extract_paths, Options
    for record in extract_paths(["articles/"], Options()):
        ...  # parley.types.Extraction, or parley.errors.InputError for a bad input
"""
from __future__ import annotations

from .errors import ConfigError, InputError, NotEnglishError, ParleyError, UsageError
from .options import Options
from .types import (Article, Event, Evidence, Extraction, Figure, LoadedTerm, Position, PublishedDate,
                    Quote, Speaker, Timex)

__version__ = "0.1.0"

__all__ = [
    "Article", "ConfigError", "Event", "Evidence", "Extraction", "Figure", "InputError", "LoadedTerm",
    "NotEnglishError", "Options", "ParleyError", "Position", "PublishedDate", "Quote", "Speaker", "Timex",
    "UsageError", "extract_paths", "find_timexes", "__version__",
]


def extract_paths(paths, options: Options | None = None):
    """Stream :class:`Extraction` records (or :class:`InputError` values) for files, folders or '-'."""
    from .extract import extract_paths as _extract_paths  # loads spaCy
    return _extract_paths(list(paths), options or Options())


def find_timexes(text: str, reference=None):
    """Time expressions in ``text`` resolved against ``reference`` (a date), TIMEX3-style."""
    from .timex import find_timexes as _find
    return _find(text, reference)
