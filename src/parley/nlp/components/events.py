"""parley_events: placeholder being replaced by the real component."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import SPAN_KEYS

KEY = SPAN_KEYS["events"]


class Component:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[KEY] = []
        return doc


@Language.factory("parley_events", assigns=["doc.spans"], default_config={})
def make(nlp: Language, name: str) -> Component:
    return Component()
