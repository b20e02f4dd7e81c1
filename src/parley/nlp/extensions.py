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


def _fields_key(span: Span) -> tuple:
    # spaCy keys plain span extensions by character offsets alone, so two components' spans over
    # the same words would share one value; parley keys them by label (one per component) and id too.
    return ("parley", span.label_, span.id_, span.start_char, span.end_char)


def _get_fields(span: Span):
    return span.doc.user_data.get(_fields_key(span))


def _set_fields(span: Span, value) -> None:
    span.doc.user_data[_fields_key(span)] = value


def register() -> None:
    # The publication date (ISO string) that relative expressions resolve against; None when unknown.
    if not Doc.has_extension("parley_reference"):
        Doc.set_extension("parley_reference", default=None)
    # Per-span fields of a parley result (a plain dict, JSON-serialisable), kept per label and offsets.
    if not Span.has_extension("parley"):
        Span.set_extension("parley", getter=_get_fields, setter=_set_fields)


register()
