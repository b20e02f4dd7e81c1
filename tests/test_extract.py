"""The Doc -> record boundary: spans with fields become frozen records with exact evidence offsets."""
from __future__ import annotations

import dataclasses

import pytest
import spacy

from parley.extract import article_id, extract_doc
from parley.nlp.extensions import SPAN_KEYS
from parley.types import Article, PublishedDate

TEXT = "Rebels shelled Varn on Monday. At least 12 people were killed, the Varn clinic said."


@pytest.fixture()
def doc():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp(TEXT)


def article():
    return Article(source="varn.txt", id=article_id(TEXT), text=TEXT,
                   published=PublishedDate(date="2031-03-04", inferred=False, confidence=1.0))


def test_figure_span_becomes_a_record_with_sentence_evidence(doc):
    span = doc.char_span(TEXT.index("At least"), TEXT.index(" people"), label="FIGURE")
    span._.parley = {"category": "killed", "value": 12, "low": 12, "high": None, "qualifier": "at_least",
                     "group": "people", "claimed_by": "the Varn clinic", "running_total": False}
    doc.spans[SPAN_KEYS["figures"]] = [span]
    (figure,) = extract_doc(doc, article()).figures
    assert (figure.category, figure.value, figure.qualifier, figure.claimed_by) == (
        "killed", 12, "at_least", "the Varn clinic")
    assert figure.evidence.text == "At least 12 people were killed, the Varn clinic said."
    assert TEXT[figure.evidence.start:figure.evidence.end] == figure.evidence.text
    with pytest.raises(dataclasses.FrozenInstanceError):
        figure.value = 13  # records are frozen


def test_explicit_evidence_bounds_win_over_the_sentence(doc):
    span = doc.char_span(0, 6, label="QUOTE")
    span._.parley = {"speaker": {"name": "the Varn clinic", "affiliation": None}, "kind": "indirect",
                     "text": "x", "evidence": [0, len(TEXT)]}
    doc.spans[SPAN_KEYS["quotes"]] = [span]
    (quote,) = extract_doc(doc, article()).quotes
    assert quote.evidence.text == TEXT
    assert quote.speaker.name == "the Varn clinic" and quote.speaker.anonymous is False


def test_event_fields_become_nested_records(doc):
    span = doc.char_span(7, 14, label="EVENT")
    span._.parley = {"type": "ASSAULT", "mode": "heavy-weapons", "actor": {"name": "Rebels", "code": None},
                     "recipient": None, "location": {"name": "Varn", "country": None},
                     "date": {"value": "2031-03-03", "precision": "day", "expression": "on Monday"},
                     "modality": "asserted", "extra_evidence": [[31, len(TEXT)]]}
    doc.spans[SPAN_KEYS["events"]] = [span]
    record = extract_doc(doc, article())
    (event,) = record.events
    assert event.actor.name == "Rebels" and event.location.name == "Varn" and event.date.value == "2031-03-03"
    assert event.extra_evidence[0].text.startswith("At least 12")
    as_json = record.to_dict()
    assert as_json["events"][0]["date"]["expression"] == "on Monday"
    assert as_json["article"]["published"]["date"] == "2031-03-04"


def test_a_doc_without_results_gives_empty_sections(doc):
    record = extract_doc(doc, article()).to_dict()
    assert record["figures"] == record["quotes"] == record["events"] == record["positions"] == []
    assert record["framing"] == {"loaded_terms": []}


def test_article_id_is_the_content_hash():
    assert article_id("abc") == article_id("abc") != article_id("abd")
    assert len(article_id("abc")) == 64
