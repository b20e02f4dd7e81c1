"""Custom attributes parley's components read and write (registered once, idempotently)."""
from __future__ import annotations

from spacy.tokens import Doc, Span

SPAN_KEYS = {
    "dates": "parley_dates",
    "figures": "parley_figures",
    "quotes": "parley_quotes",
    "framing": "parley_framing",
    "positions": "parley_positions",
    "events": "parley_events",
}


def register() -> None:
    # The publication date (ISO string) that relative expressions resolve against; None when unknown.
    if not Doc.has_extension("parley_reference"):
        Doc.set_extension("parley_reference", default=None)
    # Per-span fields of a parley result (a plain dict, JSON-serialisable).
    if not Span.has_extension("parley"):
        Span.set_extension("parley", default=None)


register()
