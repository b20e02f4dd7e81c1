"""parley_positions: who demands, offers, proposes, accepts, rejects or sets as a condition what.

Parties and places are fictional (Varnia, the Kessel Front, Altavia, Orvan). The fast tests build Docs
by hand (words, heads, dependencies, lemmas) so they test our rules, not the statistical model; the
tests marked ``slow`` run the real English model once for the module.
"""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from parley.errors import ConfigError
from parley.nlp.components.positions import KEY, IssueMatcher, PositionsComponent, load_vocabulary
from parley.nlp.extensions import SPAN_KEYS

FIELDS = {"party", "stance", "issue", "detail", "reported_by", "negated", "condition", "evidence"}


# --------------------------------------------------------------------------------------------------
# The vocabulary and the issue matcher (no parse needed)

def test_key_is_the_documented_span_group():
    assert KEY == SPAN_KEYS["positions"] == "parley_positions"


def test_packaged_vocabulary_has_the_documented_issues_and_stances():
    v = load_vocabulary()
    assert set(v.issues) == {"ceasefire", "blockade", "crossings", "disarmament", "rearmament", "hostages",
                             "prisoners", "withdrawal", "seaport_airport", "fishing_zone", "imports", "exports",
                             "reconstruction", "targeted_killings", "return_of_displaced", "humanitarian_aid",
                             "military_operation", "other"}
    assert list(v.issues)[-1] == "other"
    assert v.verbs["agree"] == {"stance": "accept", "negated": "reject", "xcomp": "offer", "needs": (),
                                "object": None, "only": ()}
    assert v.verbs["call"]["needs"] == ("for", "on")  # a bare `on` in YAML is a boolean: read as the word


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def mentions(blank, text, matcher=None):
    matcher = matcher or IssueMatcher(load_vocabulary().issues, load_vocabulary().ignore)
    doc = blank(text)
    return [(doc[m.start:m.end].text, m.issue) for m in matcher.find(doc)]


def test_hyphenated_and_split_words_match_the_same_cue(blank):
    assert mentions(blank, "a cease-fire and a ceasefire and a truce") == [
        ("cease-fire", "ceasefire"), ("ceasefire", "ceasefire"), ("truce", "ceasefire")]
    assert mentions(blank, "to stop Hamas re-arming") == [("re-arming", "rearmament")]


def test_longest_cue_wins_and_ignored_phrases_do_not_match(blank):
    assert mentions(blank, "a hostage-prisoner exchange") == [("hostage", "hostages"),
                                                               ("prisoner exchange", "prisoners")]
    assert mentions(blank, "respect international humanitarian law and let aid in") == [("aid", "humanitarian_aid")]
    assert mentions(blank, "an arms embargo") == [("arms embargo", "rearmament")]


def test_gaps_prefixes_and_optional_words(blank):
    assert mentions(blank, "prying open Orvan's heavily restricted borders") == [
        ("open Orvan's heavily restricted borders", "crossings")]
    assert mentions(blank, "the demilitarisation of the strip") == [("demilitarisation", "disarmament")]
    assert mentions(blank, "an end to the fighting and an end of hostilities") == [
        ("end to the fighting", "ceasefire"), ("end of hostilities", "ceasefire")]


def test_user_issue_file_extends_the_vocabulary(tmp_path, blank):
    user = tmp_path / "issues.yaml"
    user.write_text("issues:\n  water_rights:\n    about: wells and rivers\n    cues: [water rights, wells]\n"
                    "  prisoners:\n    cues: [political detainees]\n")
    v = load_vocabulary(str(user))
    assert "water_rights" in v.issues and "political detainees" in v.issues["prisoners"]
    assert list(v.issues)[-1] == "other"
    matcher = IssueMatcher(v.issues, v.ignore)
    assert mentions(blank, "they want the wells back", matcher) == [("wells", "water_rights")]


@pytest.mark.parametrize("content,message", [
    ("issues:\n  Bad Name:\n    cues: [x]\n", "lower_case"),
    ("- a list\n", "mapping"),
])
def test_bad_user_issue_file_is_a_config_error(tmp_path, content, message):
    user = tmp_path / "issues.yaml"
    user.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_vocabulary(str(user))


def test_unknown_stance_in_user_stance_file_is_a_config_error(tmp_path):
    user = tmp_path / "stances.yaml"
    user.write_text("verbs:\n  covet: {stance: desire}\n")
    with pytest.raises(ConfigError, match="unknown stance 'desire'"):
        load_vocabulary(None, str(user))


def test_default_issue_must_be_in_the_vocabulary(blank):
    with pytest.raises(ConfigError, match="default_issue"):
        PositionsComponent(blank, default_issue="weather")


# --------------------------------------------------------------------------------------------------
# Rules on hand-built parses

def parsed(blank, rows, ents=None):
    """rows: (word, lemma, pos, dep, head index); one sentence."""
    words = [r[0] for r in rows]
    doc = Doc(blank.vocab, words=words, spaces=[True] * (len(words) - 2) + [False, False],
              lemmas=[r[1] for r in rows], pos=[r[2] for r in rows], deps=[r[3] for r in rows],
              heads=[r[4] for r in rows], sent_starts=[True] + [False] * (len(words) - 1),
              ents=ents or ["O"] * len(words))
    return doc


def run(blank, doc):
    return [s._.parley for s in PositionsComponent(blank)(doc).spans[KEY]]


def test_subject_rejects_the_object_on_a_hand_built_parse(blank):
    doc = parsed(blank, [("Varnia", "Varnia", "PROPN", "nsubj", 1), ("rejects", "reject", "VERB", "ROOT", 1),
                         ("the", "the", "DET", "det", 3), ("truce", "truce", "NOUN", "dobj", 1),
                         (".", ".", "PUNCT", "punct", 1)], ents=["B-GPE", "O", "O", "O", "O"])
    (p,) = run(blank, doc)
    assert set(p) == FIELDS
    assert (p["party"], p["stance"], p["issue"], p["detail"]) == ("Varnia", "reject", "ceasefire", "the truce")
    assert p["evidence"] == [0, len(doc.text)] and p["negated"] is False and p["reported_by"] is None


def test_position_never_shares_the_offsets_of_another_components_span(blank):
    # two components' spans on the same words keep their own fields
    doc = parsed(blank, [("Varnia", "Varnia", "PROPN", "nsubj", 1), ("rejects", "reject", "VERB", "ROOT", 1),
                         ("the", "the", "DET", "det", 3), ("truce", "truce", "NOUN", "dobj", 1),
                         (".", ".", "PUNCT", "punct", 1)], ents=["B-GPE", "O", "O", "O", "O"])
    other = doc[2:4]
    other._.parley = {"term": "the truce"}
    doc.spans["parley_framing"] = [other]
    (p,) = run(blank, doc)
    assert p["detail"] == "the truce" and p["party"] == "Varnia"
    assert doc.spans["parley_framing"][0]._.parley == {"term": "the truce"}
    assert doc.spans[KEY][0]._.parley["party"] == "Varnia"


def test_negated_accept_is_a_reject_and_negated_demand_is_no_position(blank):
    accept = parsed(blank, [("Varnia", "Varnia", "PROPN", "nsubj", 3), ("does", "do", "AUX", "aux", 3),
                            ("not", "not", "PART", "neg", 3), ("accept", "accept", "VERB", "ROOT", 3),
                            ("the", "the", "DET", "det", 5), ("truce", "truce", "NOUN", "dobj", 3),
                            (".", ".", "PUNCT", "punct", 3)], ents=["B-GPE"] + ["O"] * 6)
    (p,) = run(blank, accept)
    assert (p["stance"], p["issue"], p["negated"]) == ("reject", "ceasefire", True)
    demand = parsed(blank, [("Varnia", "Varnia", "PROPN", "nsubj", 3), ("does", "do", "AUX", "aux", 3),
                            ("not", "not", "PART", "neg", 3), ("demand", "demand", "VERB", "ROOT", 3),
                            ("disarmament", "disarmament", "NOUN", "dobj", 3), (".", ".", "PUNCT", "punct", 3)],
                    ents=["B-GPE"] + ["O"] * 5)
    assert run(blank, demand) == []


def test_sentence_without_a_cue_gives_nothing(blank):
    doc = parsed(blank, [("The", "the", "DET", "det", 1), ("weather", "weather", "NOUN", "nsubj", 2),
                         ("was", "be", "AUX", "ROOT", 2), ("mild", "mild", "ADJ", "acomp", 2),
                         (".", ".", "PUNCT", "punct", 2)])
    assert run(blank, doc) == []


def test_doc_without_a_parse_gives_an_empty_group(blank):
    doc = PositionsComponent(blank)(blank("Varnia rejects the truce."))
    assert list(doc.spans[KEY]) == []


# --------------------------------------------------------------------------------------------------
# The real model on short invented texts

@pytest.fixture(scope="module")
def nlp():
    from parley.nlp.pipeline import load_model
    model = load_model()
    model.add_pipe("parley_positions")
    return model


def positions(nlp, text, reference="2031-05-04"):
    doc = nlp.make_doc(text)
    doc._.parley_reference = reference
    doc = nlp(doc)
    return [dict(s._.parley, span=s.text) for s in doc.spans[KEY]]


def brief(found):
    return sorted((p["party"], p["stance"], p["issue"]) for p in found)


@pytest.mark.slow
def test_coordinated_objects_are_separate_positions(nlp):
    found = positions(nlp, "The Kessel Front is demanding an end to the siege of Orvan and the release of its "
                           "prisoners, while Varnia wants guarantees that the Kessel Front will disarm.")
    assert brief(found) == [("Kessel Front", "demand", "blockade"), ("Kessel Front", "demand", "prisoners"),
                            ("Varnia", "demand", "disarmament")]
    details = {p["issue"]: p["detail"] for p in found}
    assert details["blockade"] == "an end to the siege of Orvan"
    assert details["prisoners"] == "the release of its prisoners"


@pytest.mark.slow
def test_plan_content_splits_into_one_proposal_per_item(nlp):
    found = positions(nlp, "An Altavian compromise proposal calls for a complete Varnian withdrawal from Orvan, "
                           "the return of displaced families and a prisoner exchange.")
    assert [(p["stance"], p["issue"]) for p in found] == [
        ("proposal", "withdrawal"), ("proposal", "return_of_displaced"), ("proposal", "prisoners")]
    assert all("Altavia" in p["party"] for p in found)


@pytest.mark.slow
def test_position_reported_by_the_other_side(nlp):
    found = positions(nlp, "Kessel Front delegates say that Varnia has agreed to extend the fishing zone off "
                           "Orvan, but that it was standing firm against the Kessel Front's demand for "
                           "unsupervised exports.")
    by = {(p["party"], p["stance"], p["issue"]): p for p in found}
    offer = by[("Varnia", "offer", "fishing_zone")]
    assert "Kessel Front delegates" in offer["reported_by"]
    assert ("Varnia", "reject", "exports") in by  # "it" is Varnia
    assert ("Kessel Front", "demand", "exports") in by  # the demand named inside the refusal


@pytest.mark.slow
def test_negations(nlp):
    assert positions(nlp, "While the plan does not require the Kessel Front to give up its weapons, the "
                          "talks went on.") == []
    (p,) = positions(nlp, "Varnia later said it had not agreed to a truce.")
    assert (p["party"], p["stance"], p["issue"], p["negated"]) == ("Varnia", "reject", "ceasefire", True)


@pytest.mark.slow
def test_no_position_without_a_party_or_under_pressure(nlp):
    assert positions(nlp, "Both sides want a truce.") == []
    assert positions(nlp, "The Kessel Front was pressured by Altavia to accept a truce.") == []


@pytest.mark.slow
def test_conditions(nlp):
    (p,) = positions(nlp, "The Kessel Front will not agree to start the talks without a prisoner exchange.")
    assert (p["party"], p["stance"], p["issue"], p["detail"]) == (
        "Kessel Front", "condition", "prisoners", "a prisoner exchange")
    (p,) = positions(nlp, "Altavia said it would host a donor conference for the reconstruction of Orvan, "
                          "but only if a deal is reached first.")
    assert (p["party"], p["stance"], p["issue"]) == ("Altavia", "offer", "reconstruction")
    assert p["condition"] == "only if a deal is reached first"
    (p,) = positions(nlp, "Varnia will resume the offensive unless the Kessel Front releases the hostages.")
    assert (p["party"], p["stance"], p["issue"]) == ("Varnia", "condition", "hostages")


@pytest.mark.slow
def test_positions_inside_quotes_take_the_speakers_side(nlp):
    (p,) = positions(nlp, '"We will never accept the truce proposal," said Colonel Brannic, a Varnian army '
                          'spokesman.')
    assert "Varnia" in p["party"] and (p["stance"], p["issue"], p["negated"]) == ("reject", "ceasefire", True)
    (p,) = positions(nlp, '"The operation will continue until the last hostage returns," said General Tamsin '
                          'of Varnia.')
    assert (p["party"], p["stance"], p["issue"], p["detail"]) == (
        "Varnia", "condition", "hostages", "the last hostage returns")
    assert p["reported_by"] is None


@pytest.mark.slow
def test_evidence_is_the_sentence_and_the_span_holds_the_detail(nlp):
    text = "The weather in Orvan was mild. Varnia rejects the truce proposal."
    (p,) = positions(nlp, text)
    start, end = p["evidence"]
    assert text[start:end] == "Varnia rejects the truce proposal."
    assert p["span"] == p["detail"] == "the truce proposal"


@pytest.mark.slow
def test_same_words_for_two_parties_keep_their_own_fields(nlp):
    found = positions(nlp, "Varnia and the Kessel Front reject the Altavian truce proposal.")
    rejects = [p for p in found if p["stance"] == "reject"]
    assert brief(rejects) == [("Kessel Front", "reject", "ceasefire"), ("Varnia", "reject", "ceasefire")]
    assert {p["detail"] for p in rejects} == {"the Altavian truce proposal"}
    # the proposal named with its owner is Altavia's own position
    assert [(p["stance"], p["issue"]) for p in found if "Altavia" in p["party"]] == [("proposal", "ceasefire")]


@pytest.mark.slow
def test_plan_content_under_a_proposal_and_in_a_later_sentence(nlp):
    found = positions(nlp, "Under the Altavian proposal, Varnia would withdraw its troops from Orvan and the "
                           "Kessel Front would release the hostages.")
    assert [(p["stance"], p["issue"]) for p in found] == [("proposal", "withdrawal"), ("proposal", "hostages")]
    assert all("Altavia" in p["party"] for p in found)
    found = positions(nlp, "Altavia unveiled a truce plan on Monday. The deal would see Varnia pull its troops "
                           "out of Orvan.")
    assert brief(found) == [("Altavia", "proposal", "ceasefire"), ("Altavia", "proposal", "withdrawal")]


@pytest.mark.slow
def test_stance_nouns_as_subject_and_conditions_by_verb(nlp):
    (p,) = positions(nlp, "The Kessel Front's main demand is the lifting of the siege.")
    assert (p["party"], p["stance"], p["issue"], p["detail"]) == (
        "Kessel Front", "demand", "blockade", "the lifting of the siege")
    (p,) = positions(nlp, "Varnia has conditioned any truce on the release of the hostages.")
    assert (p["party"], p["stance"], p["issue"]) == ("Varnia", "condition", "hostages")
