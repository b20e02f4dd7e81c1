"""The ONE boundary between spaCy and the rest of parley.

``extract_doc`` turns a processed Doc (spans under ``doc.spans["parley_<kind>"]``, fields in
``span._.parley``) into a frozen :class:`parley.types.Extraction`. ``extract_articles`` streams
inputs through ingest, dating and the pipeline, keeping input order and passing bad inputs on as
errors so one bad file never stops a batch.
"""
from __future__ import annotations

import hashlib
import logging
from collections import deque
from typing import Iterable, Iterator

from spacy.tokens import Doc

from .errors import InputError
from .ingest import RawArticle, iter_inputs
from .ingest.dating import find_published
from .nlp.extensions import SPAN_KEYS
from .nlp.pipeline import build_pipeline
from .options import Options
from .types import (ActorRef, Article, PublishedDate, Event, EventDate, Evidence, Extraction, Figure, Framing, LoadedTerm,
                    Place, Position, Quote, Speaker)


log = logging.getLogger("parley")


def article_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_article(raw: RawArticle) -> Article:
    try:
        published = find_published(raw.text, title=raw.title, metadata_date=raw.date, url=raw.url)
    except Exception as err:  # a dating bug must not lose the article: it stays, undated
        log.warning("%s: publication date not inferred (%s: %s)", raw.source, type(err).__name__, err)
        published = PublishedDate(date=None, inferred=True, confidence=0.0, evidence=())
    return Article(source=raw.source, id=article_id(raw.text), text=raw.text, published=published,
                   outlet=raw.outlet, title=raw.title, url=raw.url)


def _evidence(doc: Doc, span, fields: dict) -> Evidence:
    bounds = fields.get("evidence")
    if bounds:
        start, end = int(bounds[0]), int(bounds[1])
    else:
        sent = span.sent if doc.has_annotation("SENT_START") else span
        start, end = sent.start_char, sent.end_char
    text = doc.text[start:end]
    stripped = text.rstrip()  # a sentence span can carry the paragraph break after it
    return Evidence(text=stripped, start=start, end=end - (len(text) - len(stripped)))


def _spans(doc: Doc, kind: str):
    group = doc.spans.get(SPAN_KEYS[kind]) if SPAN_KEYS[kind] in doc.spans else []
    for span in group:
        fields = span._.parley
        if fields:
            yield span, fields


_FIGURE_FIELDS = ("category", "value", "low", "high", "qualifier", "group", "claimed_by", "location",
                  "date", "since", "running_total", "part_of")


def figures_of(doc: Doc) -> tuple[Figure, ...]:
    out = []
    for span, f in _spans(doc, "figures"):
        out.append(Figure(**{k: f.get(k) for k in _FIGURE_FIELDS if k in f},
                          evidence=_evidence(doc, span, f)))
    return tuple(out)


def quotes_of(doc: Doc) -> tuple[Quote, ...]:
    out = []
    for span, f in _spans(doc, "quotes"):
        sp = f.get("speaker") or {}
        speaker = Speaker(name=sp.get("name"), role=sp.get("role"), affiliation=sp.get("affiliation"),
                          anonymous=bool(sp.get("anonymous")))
        out.append(Quote(speaker=speaker, kind=f.get("kind", "direct"), text=f.get("text") or span.text,
                         cue=f.get("cue"), evidence=_evidence(doc, span, f)))
    return tuple(out)


def framing_of(doc: Doc) -> Framing:
    terms = [LoadedTerm(term=f["term"], in_quote=bool(f.get("in_quote")), category=f.get("category"),
                        evidence=_evidence(doc, span, f))
             for span, f in _spans(doc, "framing")]
    return Framing(loaded_terms=tuple(terms))


def positions_of(doc: Doc) -> tuple[Position, ...]:
    out = []
    for span, f in _spans(doc, "positions"):
        out.append(Position(party=f["party"], stance=f["stance"], issue=f["issue"],
                            detail=f.get("detail") or span.text, evidence=_evidence(doc, span, f),
                            reported_by=f.get("reported_by"), negated=bool(f.get("negated")),
                            condition=f.get("condition")))
    return tuple(out)


def _maybe(cls, fields: dict | None):
    return cls(**fields) if fields else None


def events_of(doc: Doc) -> tuple[Event, ...]:
    out = []
    for span, f in _spans(doc, "events"):
        extra = tuple(Evidence(text=doc.text[s:e], start=s, end=e) for s, e in f.get("extra_evidence") or ())
        out.append(Event(type=f["type"], mode=f.get("mode"), actor=_maybe(ActorRef, f.get("actor")),
                         recipient=_maybe(ActorRef, f.get("recipient")), location=_maybe(Place, f.get("location")),
                         date=_maybe(EventDate, f.get("date")), modality=f.get("modality") or "asserted",
                         evidence=_evidence(doc, span, f), extra_evidence=extra))
    return tuple(out)


def extract_doc(doc: Doc, article: Article) -> Extraction:
    return Extraction(article=article, figures=figures_of(doc), quotes=quotes_of(doc),
                      positions=positions_of(doc), events=events_of(doc), framing=framing_of(doc))


def extract_articles(items: Iterable[RawArticle | InputError], options: Options = Options()
                     ) -> Iterator[Extraction | InputError]:
    """Extract every article, in input order; bad inputs come through as InputError values."""
    nlp = build_pipeline(options.model, options.config)
    pending: deque[tuple[int, InputError]] = deque()

    def feed():
        for index, item in enumerate(items):
            if isinstance(item, InputError):
                pending.append((index, item))
                continue
            article = make_article(item)
            doc = nlp.make_doc(article.text)
            doc._.parley_reference = article.published.date
            yield doc, (index, article)

    for doc, (index, article) in nlp.pipe(feed(), as_tuples=True, batch_size=options.batch_size,
                                           n_process=options.n_process):
        while pending and pending[0][0] < index:
            yield pending.popleft()[1]
        yield extract_doc(doc, article)
    while pending:
        yield pending.popleft()[1]


def extract_paths(paths: list[str], options: Options = Options()) -> Iterator[Extraction | InputError]:
    return extract_articles(iter_inputs(paths, max_bytes=options.max_bytes), options)
