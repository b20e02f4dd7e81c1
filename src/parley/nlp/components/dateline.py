"""parley_dateline: a wire dateline ("OSKEL, Veldoria --", "CAIRO (Reuters) -") is its own sentence.

Runs before the parser, which respects sentence starts set earlier: without it, the parser reads the
dateline as the subject of the first sentence ("CARROW -- Veldoria and the rebels agreed" would make
CARROW the one who agreed). Only the opening of the text or of a paragraph is looked at.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

# An upper-case place, optionally ", Country" or a date, an optional "(Agency)", then a dash separator.
DATELINE_RE = re.compile(
    r"(?:^|\n)[ \t]*[A-Z][A-Z.'\- ]{1,40}(?:,[ \t]+[A-Z][\w.]*(?:[ \t]+[\w.]+){0,3})?"
    r"(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*(?:--|\u2014|\u2013|-)[ \t]+(?=\S)")


class DatelineComponent:
    def __call__(self, doc: Doc) -> Doc:
        for match in DATELINE_RE.finditer(doc.text):
            span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
            if span is not None and span.start > 0:
                doc[span.start].is_sent_start = True
        return doc


@Language.factory("parley_dateline", assigns=["token.is_sent_start"], default_config={})
def make_dateline(nlp: Language, name: str) -> DatelineComponent:
    return DatelineComponent()
