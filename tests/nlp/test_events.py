"""parley_events: who did what to whom, where and when (PLOVER).

Actors and places are fictional (Drovania, the Kessel Front, Varnia, the town of Tarnow). The fast
tests build Docs by hand (words, lemmas, tags, heads, dependencies, entities) so they test our rules,
not the statistical model, and plug in fictional actor and place resolvers. The tests marked ``slow``
load the real English model once for the module.
"""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from parley.errors import ConfigError
from parley.nlp.components.events import KEY, TYPES, EventsComponent, _event_value, load_lexicon
from parley.nlp.extensions import SPAN_KEYS

ACTORS = {
    "drovania": {"name": "Drovania", "code": "DRV", "sector": "GOV"},
    "drovanian": {"name": "Drovania", "code": "DRV", "sector": "GOV"},
    "kessel front": {"name": "Kessel Front", "code": "VRN", "sector": "REB"},
    "varnia": {"name": "Varnia", "code": "VRN", "sector": "GOV"},
}
PLACES = {"tarnow": {"name": "Tarnow", "country": "VRN", "lat": 10.5, "lon": 20.25, "precision": 1}}


def fake_actor(text, on=None):
    text = text.lower().replace("'s", "").strip()
    for key, actor in ACTORS.items():
        if key in text:
            return dict(actor)
    return None


def fake_place(name, near=False):
    place = PLACES.get(name.lower())
    if place and near:
        return {**place, "precision": 2}
    return dict(place) if place else None


# --------------------------------------------------------------------------------------------------
# Hand-built Docs

@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.fixture()
def component(nlp):
    comp = EventsComponent(nlp)
    comp.actor_resolver = fake_actor
    comp.place_resolver = fake_place
    return comp


def make_doc(nlp, sentences, reference="2025-03-14", ents=(), dates=()):
    """sentences: lists of (word, lemma, pos, tag, dep, head offset within the sentence or None for root).
    ents: (start, end, label) token spans; dates: (start, end, value, precision) token spans."""
    words, lemmas, pos, tags, deps, heads, starts = [], [], [], [], [], [], []
    for sent in sentences:
        base = len(words)
        for k, (w, lemma, p, t, d, h) in enumerate(sent):
            words.append(w)
            lemmas.append(lemma)
            pos.append(p)
            tags.append(t)
            deps.append(d)
            heads.append(base + (k if h is None else h))
            starts.append(k == 0)
    spaces = [not (i + 1 < len(words) and words[i + 1] in (".", ",", "'s", '"')) for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, tags=tags, deps=deps, heads=heads,
              sent_starts=starts)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    spans = []
    for s, e, value, precision in dates:
        span = Span(doc, s, e, label="TIMEX")
        span._.parley = {"text": span.text, "start": span.start_char, "end": span.end_char, "type": "DATE",
                         "value": value, "precision": precision}
        spans.append(span)
    doc.spans[SPAN_KEYS["dates"]] = spans
    doc._.parley_reference = reference
    return doc


def events(component, doc):
    return [s._.parley for s in component(doc).spans[KEY]]


LEDE = [("Officials", "official", "NOUN", "NNS", "nsubj", 1), ("met", "meet", "VERB", "VBD", "ROOT", None),
        ("again", "again", "ADV", "RB", "advmod", 1), (".", ".", "PUNCT", ".", "punct", 1)]

# Drovanian troops shelled Tarnow on Tuesday .
SHELLED = [("Drovanian", "drovanian", "ADJ", "JJ", "amod", 1), ("troops", "troop", "NOUN", "NNS", "nsubj", 2),
           ("shelled", "shell", "VERB", "VBD", "ROOT", None), ("Tarnow", "Tarnow", "PROPN", "NNP", "dobj", 2),
           ("on", "on", "ADP", "IN", "prep", 2), ("Tuesday", "Tuesday", "PROPN", "NNP", "pobj", 4),
           (".", ".", "PUNCT", ".", "punct", 2)]


def test_key_types_and_lexicon():
    assert KEY == SPAN_KEYS["events"] == "parley_events"
    lex = load_lexicon(str(__import__("parley.nlp.components.events", fromlist=["x"]).DEFAULT_LEXICON))
    assert lex.verbs["shell"] == ("ASSAULT", "heavy-weapons")
    assert lex.compounds["air strike"] == ("ASSAULT", "aerial")
    assert {f.type for frames in lex.frames_by_verb.values() for f in frames} <= set(TYPES)
    assert "ACCUSE" in lex.stance_types  # kept in capitals


def test_a_bad_lexicon_is_a_config_error(tmp_path):
    bad = tmp_path / "cues.yaml"
    bad.write_text("verbs: {shell: [BOMBARD, null]}\nnouns: {raid: [ASSAULT, null]}\n")
    with pytest.raises(ConfigError):
        load_lexicon(str(bad))


def test_violence_with_actor_place_date_and_evidence(nlp, component):
    doc = make_doc(nlp, [LEDE, SHELLED], ents=[(4, 5, "NORP"), (7, 8, "GPE")], dates=[(9, 10, "2025-03-11", "day")])
    (ev,) = [e for e in events(component, doc) if e["type"] == "ASSAULT"]
    assert ev["mode"] == "heavy-weapons"
    assert ev["actor"] == {"name": "Drovania", "code": "DRV", "sector": "GOV"}
    assert ev["location"]["name"] == "Tarnow" and ev["location"]["precision"] == 1
    assert ev["date"] == {"value": "2025-03-11", "precision": "day", "expression": "Tuesday"}
    assert ev["modality"] == "asserted"
    start, end = ev["evidence"]
    assert doc.text[start:end] == "Drovanian troops shelled Tarnow on Tuesday."
    assert ev["extra_evidence"] == []


def test_no_date_in_the_sentence_falls_back_to_the_publication_week(nlp, component):
    doc = make_doc(nlp, [LEDE, SHELLED[:4] + [SHELLED[-1]]], ents=[(7, 8, "GPE")])
    (ev,) = [e for e in events(component, doc) if e["type"] == "ASSAULT"]
    assert ev["date"] == {"value": "2025-03-14", "precision": "week", "expression": None}


def test_quotes_and_casualty_passives_are_not_events(nlp, component):
    quoted = [('"', '"', "PUNCT", "``", "punct", 8), ("Drovania", "Drovania", "PROPN", "NNP", "nsubj", 2),
              ("attacked", "attack", "VERB", "VBD", "ccomp", 8), ("our", "our", "PRON", "PRP$", "poss", 4),
              ("homes", "home", "NOUN", "NNS", "dobj", 2), (",", ",", "PUNCT", ",", "punct", 8),
              ('"', '"', "PUNCT", "''", "punct", 8), ("he", "he", "PRON", "PRP", "nsubj", 8),
              ("said", "say", "VERB", "VBD", "ROOT", None), (".", ".", "PUNCT", ".", "punct", 8)]
    passive = [("Ten", "ten", "NUM", "CD", "nummod", 1), ("people", "people", "NOUN", "NNS", "nsubjpass", 3),
               ("were", "be", "AUX", "VBD", "auxpass", 3), ("killed", "kill", "VERB", "VBN", "ROOT", None),
               (".", ".", "PUNCT", ".", "punct", 3)]
    doc = make_doc(nlp, [LEDE, quoted, passive])
    assert [e["type"] for e in events(component, doc)] == ["CONSULT"]


def test_an_infinitive_is_a_plan_not_a_happening(nlp, component):
    wants = [("Drovania", "Drovania", "PROPN", "NNP", "nsubj", 1), ("wanted", "want", "VERB", "VBD", "ROOT", None),
             ("to", "to", "PART", "TO", "aux", 3), ("attack", "attack", "VERB", "VB", "xcomp", 1),
             ("Tarnow", "Tarnow", "PROPN", "NNP", "dobj", 3), (".", ".", "PUNCT", ".", "punct", 1)]
    doc = make_doc(nlp, [LEDE, wants])
    assert [e["type"] for e in events(component, doc)] == ["CONSULT"]


def test_an_announced_escalation_is_a_threat_with_the_speaker_as_actor(nlp, component):
    # Varnia said it might expand its offensive .
    said = [("Varnia", "Varnia", "PROPN", "NNP", "nsubj", 1), ("said", "say", "VERB", "VBD", "ROOT", None),
            ("it", "it", "PRON", "PRP", "nsubj", 4), ("might", "might", "AUX", "MD", "aux", 4),
            ("expand", "expand", "VERB", "VB", "ccomp", 1), ("its", "its", "PRON", "PRP$", "poss", 6),
            ("offensive", "offensive", "NOUN", "NN", "dobj", 4), (".", ".", "PUNCT", ".", "punct", 1)]
    doc = make_doc(nlp, [LEDE, said], ents=[(4, 5, "GPE")])
    (ev,) = [e for e in events(component, doc) if e["type"] != "CONSULT"]
    assert ev["type"] == "THREATEN" and ev["modality"] == "hypothetical"
    assert ev["actor"]["name"] == "Varnia"


def test_a_denied_agreement_is_a_rejection(nlp, component):
    # The Kessel Front did not agree to the truce .
    refused = [("The", "the", "DET", "DT", "det", 2), ("Kessel", "Kessel", "PROPN", "NNP", "compound", 2),
               ("Front", "Front", "PROPN", "NNP", "nsubj", 5), ("did", "do", "AUX", "VBD", "aux", 5),
               ("not", "not", "PART", "RB", "neg", 5), ("agree", "agree", "VERB", "VB", "ROOT", None),
               ("to", "to", "ADP", "IN", "prep", 5), ("the", "the", "DET", "DT", "det", 8),
               ("truce", "truce", "NOUN", "NN", "pobj", 6), (".", ".", "PUNCT", ".", "punct", 5)]
    doc = make_doc(nlp, [LEDE, refused], ents=[(5, 7, "ORG")])
    (ev,) = [e for e in events(component, doc) if e["type"] != "CONSULT"]
    assert ev["type"] == "REJECT"
    assert ev["actor"]["name"] == "Kessel Front"


def test_present_tense_stance_in_the_body_is_a_position_not_an_event(nlp, component):
    # Varnia demands a ceasefire .
    demands = [("Varnia", "Varnia", "PROPN", "NNP", "nsubj", 1), ("demands", "demand", "VERB", "VBZ", "ROOT", None),
               ("a", "a", "DET", "DT", "det", 3), ("ceasefire", "ceasefire", "NOUN", "NN", "dobj", 1),
               (".", ".", "PUNCT", ".", "punct", 1)]
    in_body = make_doc(nlp, [LEDE, demands])
    assert [e["type"] for e in events(component, in_body)] == ["CONSULT"]
    as_lede = make_doc(nlp, [demands])
    assert [e["type"] for e in events(component, as_lede)] == ["REQUEST"]


def test_one_event_per_happening_across_sentences(nlp, component):
    # Drovania seized the crossing on Monday . Drovania 's seizure of the crossing angered Varnia .
    seized = [("Drovania", "Drovania", "PROPN", "NNP", "nsubj", 1), ("seized", "seize", "VERB", "VBD", "ROOT", None),
              ("the", "the", "DET", "DT", "det", 3), ("crossing", "crossing", "NOUN", "NN", "dobj", 1),
              ("on", "on", "ADP", "IN", "prep", 1), ("Monday", "Monday", "PROPN", "NNP", "pobj", 4),
              (".", ".", "PUNCT", ".", "punct", 1)]
    again = [("Drovania", "Drovania", "PROPN", "NNP", "poss", 2), ("'s", "'s", "PART", "POS", "case", 0),
             ("seizure", "seizure", "NOUN", "NN", "nsubj", 6), ("of", "of", "ADP", "IN", "prep", 2),
             ("the", "the", "DET", "DT", "det", 5), ("crossing", "crossing", "NOUN", "NN", "pobj", 3),
             ("angered", "anger", "VERB", "VBD", "ROOT", None), ("Varnia", "Varnia", "PROPN", "NNP", "dobj", 6),
             (".", ".", "PUNCT", ".", "punct", 6)]
    doc = make_doc(nlp, [LEDE, seized, again], dates=[(9, 10, "2025-03-10", "day")])
    found = [e for e in events(component, doc) if e["type"] == "COERCE"]
    assert len(found) == 1
    ev = found[0]
    assert ev["mode"] == "seize" and ev["actor"]["name"] == "Drovania"
    assert [doc.text[s:e] for s, e in ev["extra_evidence"]] == ["Drovania's seizure of the crossing angered Varnia."]


def test_nominal_cue_with_demonym_and_context_actor_for_the_next_strike(nlp, component):
    # Officials reported Drovanian airstrikes . Five people were wounded in a strike .
    reported = [("Officials", "official", "NOUN", "NNS", "nsubj", 1), ("reported", "report", "VERB", "VBD", "ROOT", None),
                ("Drovanian", "drovanian", "ADJ", "JJ", "amod", 3), ("airstrikes", "airstrike", "NOUN", "NNS", "dobj", 1),
                (".", ".", "PUNCT", ".", "punct", 1)]
    wounded = [("Five", "five", "NUM", "CD", "nummod", 1), ("people", "people", "NOUN", "NNS", "nsubjpass", 3),
               ("were", "be", "AUX", "VBD", "auxpass", 3), ("wounded", "wound", "VERB", "VBN", "ROOT", None),
               ("in", "in", "ADP", "IN", "prep", 3), ("a", "a", "DET", "DT", "det", 6),
               ("strike", "strike", "NOUN", "NN", "pobj", 4), (".", ".", "PUNCT", ".", "punct", 3)]
    doc = make_doc(nlp, [LEDE, reported, wounded], ents=[(6, 7, "NORP")])
    found = [e for e in events(component, doc) if e["type"] == "ASSAULT"]
    assert [e["mode"] for e in found] == ["aerial", None]
    assert [e["actor"]["name"] for e in found] == ["Drovania", "Drovania"]


def test_without_a_parse_the_component_writes_nothing(nlp, component):
    doc = nlp("Drovania shelled Tarnow.")
    assert list(component(doc).spans[KEY]) == []


@pytest.mark.parametrize("value,text,expected", [
    ("2025-03-11", "Tuesday", ("2025-03-11", "day")),
    ("2025-03-10TNI", "overnight", ("2025-03-10", "day")),
    ("2024-11", "in November", ("2024-11", "month")),
    ("2007", "in 2007", ("2007", "year")),
    ("2025-W10", "a week ago", ("2025-03-07", "week")),
    ("2025-W09", "last week", ("2025-02-26", "week")),
    ("PRESENT_REF", "current", None),
    ("XXXX-06", "in June", None),
])
def test_time_expressions_become_event_dates(value, text, expected):
    import datetime
    assert _event_value({"value": value}, text, datetime.date(2025, 3, 14)) == expected


# --------------------------------------------------------------------------------------------------
# The real model (one load for the module)

@pytest.fixture(scope="module")
def real():
    from parley.nlp.pipeline import add_components, load_model
    model = load_model()
    add_components(model, {}, only=("parley_dates", "parley_events"))
    model.get_pipe("parley_events").actor_resolver = fake_actor
    model.get_pipe("parley_events").place_resolver = fake_place
    return model


def run(real, text, reference="2025-03-14"):
    doc = real.make_doc(text)
    doc._.parley_reference = reference
    for _, proc in real.pipeline:
        doc = proc(doc)
    return [s._.parley for s in doc.spans[KEY]], doc


@pytest.mark.slow
def test_real_model_article(real):
    text = ("Talks between Drovania and the Kessel Front resumed in the capital on Monday. "
            "Drovanian warplanes bombed Tarnow on Wednesday, killing four people, local officials said. "
            "Varnia condemned the bombing and urged Drovania to halt its offensive. "
            "Drovania's defence minister said the army might expand its operation if the talks failed.")
    found, doc = run(real, text)
    types = [e["type"] for e in found]
    assert "CONSULT" in types and "ACCUSE" in types and "REQUEST" in types and "THREATEN" in types
    (assault,) = [e for e in found if e["type"] == "ASSAULT"]
    assert assault["actor"]["name"] == "Drovania"
    assert assault["date"]["value"] == "2025-03-12"
    assert assault["location"]["name"] == "Tarnow"
    assert assault["modality"] == "reported"
    (consult,) = [e for e in found if e["type"] == "CONSULT"]
    assert consult["date"]["value"] == "2025-03-10"
    # "the bombing" in the third sentence is the topic of the condemnation, not a second attack
    assert types.count("ASSAULT") == 1


@pytest.mark.slow
def test_real_model_background_event_keeps_its_coarse_date(real):
    found, _ = run(real, "Officials met on Friday. The Kessel Front seized Tarnow in 2019.")
    (seize,) = [e for e in found if e["type"] == "COERCE"]
    assert seize["date"]["value"] == "2019" and seize["date"]["precision"] == "year"
    assert seize["actor"]["name"] == "Kessel Front"


@pytest.mark.slow
def test_real_model_headline_and_running_totals_make_no_events(real):
    text = ("Kessel Front attacks\n\nMore than 500 people have been killed since the war began, "
            "health officials say.")
    found, _ = run(real, text)
    assert found == []


@pytest.mark.slow
def test_real_model_with_the_real_actor_dictionary():
    from parley.nlp.pipeline import add_components, load_model
    model = load_model()
    add_components(model, {}, only=("parley_dates", "parley_events"))
    doc = model.make_doc("Officials met in the morning. Egyptian mediators secured an extension of the truce on Monday.")
    doc._.parley_reference = "2025-03-14"
    for _, proc in model.pipeline:
        doc = proc(doc)
    agree = [s._.parley for s in doc.spans[KEY] if s._.parley["type"] == "AGREE"]
    assert agree and agree[0]["actor"]["code"] == "EGY"
    assert agree[0]["date"]["value"] == "2025-03-10"
