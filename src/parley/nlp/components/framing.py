"""parley_framing: loaded terms, in the narrative voice or inside a quotation.

The lexicon is data (``parley/data/loaded_terms.yaml``), matched case-insensitively on
lower-cased tokens with spaCy's PhraseMatcher. A term inside quotation marks is the speaker's
(``in_quote: true``); outside, it is the outlet's own voice (``in_quote: false``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from ...errors import ConfigError
from ..extensions import SPAN_KEYS

KEY = SPAN_KEYS["framing"]
DEFAULT_LEXICON = Path(__file__).resolve().parents[2] / "data" / "loaded_terms.yaml"

# Paired quotation marks: curly, straight; a straight quote pair must not cross a blank line.
_QUOTE_RE = re.compile(r"\u201c[^\u201d]*(?:\u201d|$)|\"[^\"\n]*(?:\"|$)", re.M)


@lru_cache(maxsize=8)
def load_lexicon(path: str) -> tuple[tuple[str, str], ...]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"{path}: cannot read the loaded-terms lexicon ({err})") from err
    terms = []
    for category, words in (data or {}).get("terms", {}).items():
        for word in words or []:
            terms.append((str(word), str(category)))
    if not terms:
        raise ConfigError(f"{path}: the loaded-terms lexicon lists no terms")
    return tuple(terms)


def quoted_regions(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]


class FramingComponent:
    def __init__(self, nlp: Language, lexicon: str | None):
        self.terms = load_lexicon(str(lexicon or DEFAULT_LEXICON))
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.category = {}
        for term, category in self.terms:
            self.matcher.add(term.lower(), [nlp.make_doc(term)])
            self.category[term.lower()] = category

    def __call__(self, doc: Doc) -> Doc:
        regions = quoted_regions(doc.text)
        spans = []
        matches = {(start, end): match_id for match_id, start, end in self.matcher(doc)}
        longest = filter_spans([doc[start:end] for start, end in matches])  # "genocidal war" over "genocidal"
        for span in sorted(longest, key=lambda s: s.start):
            key = doc.vocab.strings[matches[(span.start, span.end)]]
            inside = any(a <= span.start_char and span.end_char <= b for a, b in regions)
            labelled = doc.char_span(span.start_char, span.end_char, label="LOADED")
            labelled._.parley = {"term": span.text, "in_quote": inside, "category": self.category.get(key)}
            spans.append(labelled)
        doc.spans[KEY] = spans
        return doc


@Language.factory("parley_framing", assigns=["doc.spans"], default_config={"lexicon": None})
def make_framing(nlp: Language, name: str, lexicon: str | None) -> FramingComponent:
    return FramingComponent(nlp, lexicon)
