"""A wire dateline becomes a sentence of its own, so the parser never takes it for a subject."""
from __future__ import annotations

import pytest
import spacy

from parley.nlp.components.dateline import DatelineComponent


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.mark.parametrize("text,first_word", [
    ("CARROW -- Veldoria and the rebels agreed on Monday.", "Veldoria"),
    ("OSKEL, Veldoria \u2014 Shelling resumed overnight.", "Shelling"),
    ("PORT ILSA (Carrow Wire) - Dockworkers stayed home.", "Dockworkers"),
    ("The talks went on.\n\nMARENBURG -- Envoys met again.", "Envoys"),
])
def test_dateline_ends_a_sentence(nlp, text, first_word):
    doc = DatelineComponent()(nlp(text))
    starts = [t.text for t in doc if t.is_sent_start and t.i > 0]
    assert first_word in starts


def test_ordinary_dashes_are_left_alone(nlp):
    doc = DatelineComponent()(nlp("The envoy - a veteran of three wars - arrived in Oskel."))
    assert not any(t.is_sent_start for t in doc if t.i > 0)
