"""parley_quotes: direct and reported speech with the speaker's name, role and side.

People, places, armed groups and outlets are fictional (Varnia, Ostrel, the Kessel Front, Radio
Ostrel, the Concord of Nations); the component reads them from a small actors file written here.
The fast tests build parsed Docs by hand, so they test our rules rather than the statistical model;
the tests marked ``slow`` run the real English model, loaded once for the module.
"""
from __future__ import annotations

import json
import time

import pytest
import spacy
import yaml
from spacy.tokens import Doc, Span

from parley.actors import ActorIndex
from parley.nlp.components.quotes import KEY, QuoteFinder, find_regions
from parley.nlp.extensions import SPAN_KEYS

WORLD = {
    "sides": [
        {"name": "Varnia", "code": "VAR", "sector": "GOV", "aliases": ["Varnian", "Varnians"]},
        {"name": "Ostrel", "code": "OST", "sector": "GOV", "aliases": ["Ostrelian", "Ostrelians"]},
        {"name": "Kessel Front", "code": "OST", "sector": "REB", "aliases": ["Kessel"]},
        {"name": "Concord of Nations", "code": None, "sector": "IGO", "aliases": ["CN", "C.N."]},
    ],
    "organisations": [{"name": "Varnian Defence Forces", "side": "Varnia", "sector": "MIL",
                       "aliases": ["Varnian army", "Varnian military"]}],
    "outlets": [{"name": "Radio Ostrel", "side": "Ostrel"}],
    "people": [],
    "places": [{"side": "Ostrel", "names": ["Lirna", "Port Sabe"]},
               {"side": "Varnia", "names": ["Orvan"], "venue": True}],
}


@pytest.fixture(scope="module")
def finder():
    return QuoteFinder(ActorIndex(WORLD))


def quotes(doc: Doc) -> list[dict]:
    out = []
    for span in doc.spans[KEY]:
        fields = span._.parley
        json.dumps(fields)                      # a plain, JSON-able dict
        assert span.label_ == "QUOTE"
        start, end = fields["evidence"]
        out.append({**fields["speaker"], "kind": fields["kind"], "text": fields["text"], "cue": fields["cue"],
                    "evidence": doc.text[start:end], "span": span.text})
    return out


# --------------------------------------------------------------------------------------- quotation marks
def test_regions_pair_curly_and_straight_marks():
    text = '\u201cWe stay,\u201d he said. She said "no" and left. It\'s the soldiers\' town.'
    found = [text[r.inner_start:r.inner_end] for r in find_regions(text)]
    assert found == ["We stay,", "no"]


def test_region_left_open_continues_in_next_paragraph():
    text = '"The first part goes on.\n"And the second part ends here," she said.'
    regions = find_regions(text)
    assert [text[r.inner_start:r.inner_end] for r in regions] == [
        "The first part goes on.", "And the second part ends here,"]
    assert not regions[0].closed and regions[1].continues and regions[1].closed


def test_unbalanced_mark_does_not_swallow_the_next_paragraph():
    text = 'He called it "a trap.\nThe talks resumed on Monday, officials said.'
    regions = find_regions(text)
    assert len(regions) == 1 and "talks" not in text[regions[0].inner_start:regions[0].inner_end]


# ------------------------------------------------------------------------------------ hand-built parses
TAGS = {"NOUN": "NN", "PROPN": "NNP", "VERB": "VBD", "AUX": "VBD", "DET": "DT", "PUNCT": ".", "ADJ": "JJ",
        "PRON": "PRP", "ADV": "RB", "ADP": "IN"}


def parsed(text: str, rows, ents=()) -> Doc:
    """rows: (word, head, dep, POS[, lemma[, tag]]); the words must appear in ``text`` in order."""
    words, spaces, pos = [], [], 0
    for row in rows:
        start = text.index(row[0], pos)
        pos = start + len(row[0])
        words.append(row[0])
        spaces.append(text[pos:pos + 1] == " ")
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=[r[1] for r in rows],
              deps=[r[2] for r in rows], pos=[r[3] for r in rows],
              lemmas=[r[4] if len(r) > 4 and r[4] else r[0].lower() for r in rows],
              tags=[r[5] if len(r) > 5 else TAGS[r[3]] for r in rows])
    assert doc.text == text
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def test_reported_speech_with_anonymous_descriptor(finder):
    doc = parsed("Varnian officials said the border had closed.", [
        ("Varnian", 1, "amod", "ADJ"), ("officials", 2, "nsubj", "NOUN", "official", "NNS"),
        ("said", 2, "ROOT", "VERB", "say"), ("the", 4, "det", "DET"), ("border", 6, "nsubj", "NOUN"),
        ("had", 6, "aux", "AUX", "have"), ("closed", 2, "ccomp", "VERB", "close", "VBN"),
        (".", 2, "punct", "PUNCT")], ents=[(0, 1, "NORP")])
    [q] = quotes(finder(doc))
    assert (q["name"], q["affiliation"], q["anonymous"], q["kind"]) == ("Varnian officials", "Varnia", True,
                                                                        "indirect")
    assert q["text"] == "the border had closed" and q["cue"] == "said"
    assert q["evidence"] == doc.text


def test_cue_lexicon_is_a_setting(finder):
    doc = parsed("Varnian officials said the border had closed.", [
        ("Varnian", 1, "amod", "ADJ"), ("officials", 2, "nsubj", "NOUN", "official", "NNS"),
        ("said", 2, "ROOT", "VERB", "say"), ("the", 4, "det", "DET"), ("border", 6, "nsubj", "NOUN"),
        ("had", 6, "aux", "AUX", "have"), ("closed", 2, "ccomp", "VERB", "close", "VBN"),
        (".", 2, "punct", "PUNCT")], ents=[(0, 1, "NORP")])
    only_tell = QuoteFinder(ActorIndex(WORLD), cues={"tell": ""})
    assert quotes(only_tell(doc)) == []
    assert len(quotes(finder(doc))) == 1


def test_he_said_goes_back_to_the_named_subject(finder):
    text = 'Peter Voss arrived. "We leave," he said.'
    doc = parsed(text, [
        ("Peter", 1, "compound", "PROPN"), ("Voss", 2, "nsubj", "PROPN"), ("arrived", 2, "ROOT", "VERB", "arrive"),
        (".", 2, "punct", "PUNCT"), ('"', 10, "punct", "PUNCT"), ("We", 6, "nsubj", "PRON", "we"),
        ("leave", 10, "ccomp", "VERB"), (",", 10, "punct", "PUNCT"), ('"', 10, "punct", "PUNCT"),
        ("he", 10, "nsubj", "PRON"), ("said", 10, "ROOT", "VERB", "say"), (".", 10, "punct", "PUNCT")],
        ents=[(0, 2, "PERSON")])
    [q] = quotes(finder(doc))
    assert (q["name"], q["kind"], q["text"]) == ("Peter Voss", "direct", "We leave,")
    assert q["evidence"] == '"We leave," he said.'


def test_scare_quotes_in_narration_are_not_quotes(finder):
    doc = parsed('The "security belt" runs north of Lirna.', [
        ("The", 3, "det", "DET"), ('"', 3, "punct", "PUNCT"), ("security", 3, "compound", "NOUN"),
        ("belt", 5, "nsubj", "NOUN"), ('"', 3, "punct", "PUNCT"), ("runs", 5, "ROOT", "VERB", "run", "VBZ"),
        ("north", 5, "advmod", "ADV"), ("of", 6, "prep", "ADP"), ("Lirna", 7, "pobj", "PROPN"),
        (".", 5, "punct", "PUNCT")], ents=[(8, 9, "GPE")])
    assert quotes(finder(doc)) == []


def test_said_without_content_is_not_a_quote(finder):
    doc = parsed("The minister said nothing.", [
        ("The", 1, "det", "DET"), ("minister", 2, "nsubj", "NOUN"), ("said", 2, "ROOT", "VERB", "say"),
        ("nothing", 2, "dobj", "PRON"), (".", 2, "punct", "PUNCT")])
    assert quotes(finder(doc)) == []


def test_negated_cue_is_not_a_quote(finder):
    doc = parsed("Voss did not say the talks failed.", [
        ("Voss", 3, "nsubj", "PROPN"), ("did", 3, "aux", "AUX", "do"), ("not", 3, "neg", "PART", "not", "RB"),
        ("say", 3, "ROOT", "VERB", "say", "VB"), ("the", 5, "det", "DET"), ("talks", 6, "nsubj", "NOUN"),
        ("failed", 3, "ccomp", "VERB", "fail"), (".", 3, "punct", "PUNCT")], ents=[(0, 1, "PERSON")])
    assert quotes(finder(doc)) == []


def test_unparsed_doc_gives_no_quotes(finder):
    doc = spacy.blank("en")('"We leave," he said.')
    assert quotes(finder(doc)) == []


# ------------------------------------------------------------------------------------- the real model
@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    from parley.nlp.pipeline import load_model
    path = tmp_path_factory.mktemp("actors") / "actors.yaml"
    path.write_text(yaml.safe_dump(WORLD), encoding="utf-8")
    model = load_model()
    model.add_pipe("parley_quotes", config={"actors": str(path)})
    return model


def run(nlp, text):
    return quotes(nlp(text))


def brief(found, *keys):
    return [tuple(q[k] for k in keys) for q in found]


@pytest.mark.slow
def test_he_said_takes_the_last_named_person_with_role_and_side(nlp):
    found = run(nlp, 'Varnian Foreign Minister Peter Voss met the mediators in Lirna on Monday.\n'
                     '"We will not sign a deal that leaves our border towns exposed," he said.')
    assert brief(found, "name", "role", "affiliation", "kind", "anonymous") == [
        ("Peter Voss", "Varnian Foreign Minister", "Varnia", "direct", False)]
    assert found[0]["text"].startswith("We will not sign a deal") and found[0]["cue"] == "said"
    assert found[0]["evidence"].startswith('"We will not sign') and found[0]["evidence"].endswith("he said.")


@pytest.mark.slow
def test_split_quote_gives_one_record_per_sentence(nlp):
    found = run(nlp, '"The ceasefire is over," Peter Voss, the Varnian foreign minister, said on Monday. '
                     '"Our army will answer every rocket."')
    assert brief(found, "name", "affiliation", "kind", "text") == [
        ("Peter Voss", "Varnia", "direct", "The ceasefire is over,"),
        ("Peter Voss", "Varnia", "direct", "Our army will answer every rocket.")]
    assert found[1]["evidence"] == '"Our army will answer every rocket."'


@pytest.mark.slow
def test_multi_sentence_quote_is_one_record_with_all_its_sentences(nlp):
    found = run(nlp, '"We waited for three days. Nobody came. The convoy never arrived," said Anna Lind, '
                     'a nurse in Lirna.')
    assert brief(found, "name", "role", "affiliation", "kind") == [("Anna Lind", "nurse in Lirna", "Ostrel",
                                                                    "direct")]
    assert found[0]["text"] == "We waited for three days. Nobody came. The convoy never arrived,"
    assert found[0]["evidence"].startswith('"We waited') and found[0]["evidence"].endswith("nurse in Lirna.")


@pytest.mark.slow
def test_told_an_outlet_with_a_colon(nlp):
    found = run(nlp, 'Kessel Front commander Ivan Drasko told Radio Ostrel: "We are ready to talk, but not to '
                     'surrender."')
    assert brief(found, "name", "role", "affiliation", "kind", "cue") == [
        ("Ivan Drasko", "Kessel Front commander", "Kessel Front", "direct", "told Radio Ostrel")]
    assert found[0]["text"] == "We are ready to talk, but not to surrender."


@pytest.mark.slow
def test_reported_speech_said_that(nlp):
    found = run(nlp, "The Varnian army said that two soldiers were wounded near the border on Sunday.")
    assert brief(found, "name", "affiliation", "kind", "anonymous", "text") == [
        ("Varnian army", "Varnia", "indirect", False, "two soldiers were wounded near the border on Sunday")]


@pytest.mark.slow
def test_according_to(nlp):
    found = run(nlp, "Fourteen people were killed in the strike, according to local health officials.")
    assert brief(found, "name", "kind", "anonymous", "cue") == [
        ("local health officials", "indirect", True, "according to")]
    assert "Fourteen people were killed" in found[0]["text"]


@pytest.mark.slow
def test_according_to_can_be_switched_off(nlp):
    doc = nlp("Fourteen people were killed in the strike, according to local health officials.")
    assert quotes(QuoteFinder(ActorIndex(WORLD), according_to=False)(doc)) == []


@pytest.mark.slow
def test_full_pipeline_has_the_component():
    from parley.nlp.pipeline import build_pipeline
    nlp = build_pipeline()
    assert "parley_quotes" in nlp.pipe_names
    found = quotes(nlp('"The crossing stays shut," Ostrel\'s army said on Monday.'))
    assert brief(found, "kind", "text") == [("direct", "The crossing stays shut,")]


@pytest.mark.slow
@pytest.mark.parametrize("text, name, affiliation", [
    ("A senior Varnian official said the proposal was dead.", "senior Varnian official", "Varnia"),
    ("Dozens of families fled the town overnight, officials said.", "officials", None),
    ("Critics say the measures amount to collective punishment.", "Critics", None),
])
def test_anonymous_sources_are_speakers(nlp, text, name, affiliation):
    found = run(nlp, text)
    assert brief(found, "name", "affiliation", "anonymous", "kind") == [(name, affiliation, True, "indirect")]


@pytest.mark.slow
def test_the_official_goes_back_to_the_earlier_descriptor(nlp):
    found = run(nlp, "A senior Kessel official said the group would attend the talks in Orvan. "
                     "The official added that all prisoners must be freed first.")
    assert brief(found, "name", "affiliation", "cue") == [
        ("senior Kessel official", "Kessel Front", "said"), ("senior Kessel official", "Kessel Front", "added")]


@pytest.mark.slow
@pytest.mark.parametrize("text, name, affiliation, cue", [
    ("Ostrel says the blockade will stay until the attacks stop.", "Ostrel", "Ostrel", "says"),
    ("Radio Ostrel reported that three villages had been shelled overnight.", "Radio Ostrel", "Ostrel", "reported"),
    ("The Kessel Front accused Varnia of shelling a school in Lirna.", "Kessel Front", "Kessel Front", "accused"),
])
def test_a_body_or_state_can_be_the_speaker(nlp, text, name, affiliation, cue):
    found = run(nlp, text)
    assert brief(found, "name", "affiliation", "anonymous", "cue") == [(name, affiliation, False, cue)]


@pytest.mark.slow
def test_quoted_words_carrying_the_claim_make_it_direct(nlp):
    found = run(nlp, 'Voss said Varnia would "answer every rocket" fired at its towns.')
    assert brief(found, "name", "kind") == [("Voss", "direct")]
    found = run(nlp, 'Voss described the offer as "an insult to our soldiers."')
    assert brief(found, "name", "kind", "cue") == [("Voss", "direct", "described")]


@pytest.mark.slow
def test_quoted_label_inside_reported_speech_stays_indirect(nlp):
    found = run(nlp, 'Voss said the talks in the "border zone" had made progress.')
    assert brief(found, "name", "kind", "text") == [("Voss", "indirect", 'the talks in the "border zone" had made progress')]


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    'The so-called "security belt" runs along the river north of Lirna. Farmers there grow wheat.',
    "He would not say whether the team would return to Orvan.",
    "The minister said nothing more and left the room.",
])
def test_no_quote_without_a_speaker_and_content(nlp, text):
    assert run(nlp, text) == []


@pytest.mark.slow
def test_scare_quote_outside_the_reported_clause_is_not_the_speakers(nlp):
    found = run(nlp, 'Troops held the "security belt" for a week before officials said the road had reopened.')
    assert brief(found, "name", "kind", "text") == [("officials", "indirect", "the road had reopened")]


@pytest.mark.slow
def test_quote_opening_a_paragraph_takes_the_attribution_that_follows(nlp):
    found = run(nlp, '"We have buried eleven people this week. There is no more room in the cemetery."\n'
                     'Anna Lind, a nurse in Lirna, said this on Sunday.')
    assert brief(found, "name", "affiliation", "kind") == [("Anna Lind", "Ostrel", "direct")]
    assert found[0]["evidence"].endswith("said this on Sunday.")


@pytest.mark.slow
def test_inverted_attribution_and_place_of_an_unaffiliated_person(nlp):
    found = run(nlp, '"We will not leave," said Marta Kovel, 34, standing outside her shelled home in Port Sabe. '
                     '"Where would we go?"')
    assert brief(found, "name", "affiliation", "kind", "text") == [
        ("Marta Kovel", "Ostrel", "direct", "We will not leave,"),
        ("Marta Kovel", "Ostrel", "direct", "Where would we go?")]


@pytest.mark.slow
def test_records_reach_parley_extract(nlp):
    from parley.extract import quotes_of
    doc = nlp('"The ceasefire is over," said Peter Voss, the Varnian foreign minister.')
    [quote] = quotes_of(doc)
    assert quote.speaker.name == "Peter Voss" and quote.speaker.affiliation == "Varnia"
    assert quote.kind == "direct" and quote.cue == "said"
    assert quote.evidence.text == doc.text and quote.evidence.start == 0


@pytest.mark.slow
def test_cost_is_small_next_to_the_model(nlp):
    paragraph = ('"The talks have failed," Peter Voss, the Varnian foreign minister, said on Monday. '
                 'A senior Kessel official said the group would attend the next round in Orvan. '
                 'Dozens of families fled Lirna overnight, officials said. The so-called "security belt" runs '
                 'along the river, and farmers there grow wheat and barley for the markets of Port Sabe.\n')
    text = paragraph * 30
    model = [nlp.get_pipe(name) for name in nlp.pipe_names if name != "parley_quotes"]
    doc = nlp.make_doc(text)
    start = time.perf_counter()
    for proc in model:
        doc = proc(doc)
    model_time = time.perf_counter() - start
    start = time.perf_counter()
    nlp.get_pipe("parley_quotes")(doc)
    quotes_time = time.perf_counter() - start
    assert len(doc.spans[SPAN_KEYS["quotes"]]) >= 60
    assert quotes_time < 0.25 * model_time
