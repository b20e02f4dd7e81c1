"""parley_dates: time expressions, resolved against the article's publication date.

Each expression becomes a span in ``doc.spans["parley_dates"]`` (label ``TIMEX``) whose
``span._.parley`` holds the :class:`parley.types.Timex` fields (text, start, end, type, value, precision).
Later components (figures, events) read the dates of their sentence from there.
"""
from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from ...timex import find_timexes
from ..extensions import SPAN_KEYS

KEY = SPAN_KEYS["dates"]


def reference_of(doc: Doc) -> date | None:
    ref = doc._.parley_reference
    if not ref:
        return None
    try:
        return date.fromisoformat(ref[:10]) if len(ref) >= 10 else date.fromisoformat(ref[:7] + "-15")
    except ValueError:
        return None


class DatesComponent:
    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for timex in find_timexes(doc.text, reference_of(doc)):
            span = doc.char_span(timex.start, timex.end, label="TIMEX", alignment_mode="expand")
            if span is None:
                continue
            span._.parley = timex.to_dict()
            spans.append(span)
        doc.spans[KEY] = spans
        return doc


@Language.factory("parley_dates", assigns=["doc.spans"], default_config={})
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent()
