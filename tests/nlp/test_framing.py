"""Loaded terms: narrative voice vs inside a quotation, from the data lexicon."""
from __future__ import annotations

import pytest
import spacy

from parley.errors import ConfigError
from parley.nlp.components.framing import FramingComponent, load_lexicon
from parley.nlp.extensions import SPAN_KEYS


@pytest.fixture(scope="module")
def framing():
    nlp = spacy.blank("en")
    return nlp, FramingComponent(nlp, None)


def terms(framing, text):
    nlp, component = framing
    doc = component(nlp(text))
    return [(s._.parley["term"], s._.parley["in_quote"]) for s in doc.spans[SPAN_KEYS["framing"]]]


def test_narrative_term_is_not_in_quote(framing):
    assert terms(framing, "The army pressed its Brutal Offensive on the besieged town of Varn.") == [
        ("Brutal Offensive", False), ("besieged", False)]


def test_term_inside_quotation_marks_is_the_speakers(framing):
    found = terms(framing, "\u201cThe occupation army fires at will,\u201d said Ilse Marn. Troops entered Varn.")
    assert found == [("occupation army", True)]
    found = terms(framing, 'He said: "we face a genocidal war". The devastated city waited.')
    assert found == [("genocidal war", True), ("devastated", False)]


def test_neutral_text_has_no_loaded_terms(framing):
    assert terms(framing, "The two delegations met in Varn on Monday and agreed to meet again.") == []


def test_lexicon_must_list_terms(tmp_path):
    bad = tmp_path / "empty.yaml"
    bad.write_text("terms: {}\n")
    with pytest.raises(ConfigError, match="no terms"):
        load_lexicon(str(bad))


def test_user_lexicon_replaces_default(tmp_path):
    own = tmp_path / "own.yaml"
    own.write_text("terms:\n  custom:\n    - iron fist\n")
    nlp = spacy.blank("en")
    doc = FramingComponent(nlp, str(own))(nlp("An iron fist met a brutal offensive."))
    assert [s.text for s in doc.spans[SPAN_KEYS["framing"]]] == ["iron fist"]
