"""parley_figures: counts with qualifier, range, group, claimant and time.

Unit tests build parsed Docs by hand (fictional places and groups), so they test our rules rather than
the statistical model; the tests marked ``slow`` run the real en_core_web_sm pipeline on short invented
sentences.
"""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import spacy
from spacy.tokens import Doc, Span

from parley.errors import ConfigError
from parley.nlp.components.figures import DEFAULT_WORDS, FiguresComponent, load_lexicon
from parley.nlp.extensions import SPAN_KEYS

KEY, DATES = SPAN_KEYS["figures"], SPAN_KEYS["dates"]
TAGS = {"NUM": "CD", "NOUN": "NNS", "PROPN": "NNP", "VERB": "VBD", "AUX": "VBD", "ADP": "IN", "DET": "DT",
        "PUNCT": ".", "ADJ": "JJ", "CCONJ": "CC", "ADV": "RB", "SPACE": "_SP", "PRON": "PRP", "PART": "TO"}
NO_SPACE_BEFORE = {",", ".", "-", "%", "\n"}
NO_SPACE_AFTER = {"-", "$", "\n"}


@pytest.fixture(scope="module")
def component():
    return FiguresComponent(load_lexicon(str(DEFAULT_WORDS.with_name("figure_categories.yaml")),
                                         str(DEFAULT_WORDS)))


def parsed(rows, *, ents=(), dates=(), reference=None) -> Doc:
    """rows: (word, head index, dep, POS[, lemma[, tag]]); ents: (start, end, label); dates: (start, end, fields)."""
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE and w not in NO_SPACE_AFTER
              for i, w in enumerate(words)]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=[r[1] for r in rows],
              deps=[r[2] for r in rows], pos=[r[3] for r in rows],
              lemmas=[r[4] if len(r) > 4 and r[4] else r[0].lower() for r in rows],
              tags=[r[5] if len(r) > 5 else TAGS[r[3]] for r in rows])
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    spans = []
    for s, e, fields in dates:
        span = Span(doc, s, e, label="TIMEX")
        span._.parley = {"text": span.text, "start": span.start_char, "end": span.end_char, "precision": None,
                         **fields}
        spans.append(span)
    doc.spans[DATES] = spans
    doc._.parley_reference = reference
    return doc


def figures(component, doc) -> list[dict]:
    doc = component(doc)
    out = []
    for span in doc.spans[KEY]:
        fields = dict(span._.parley)
        json.dumps(fields)  # plain, JSON-able
        start, end = fields.pop("evidence")
        fields["evidence"] = doc.text[start:end]
        fields["span"] = span.text
        out.append(fields)
    return out


def brief(figs, *keys):
    return [tuple(f[k] for k in keys) for f in figs]


# --------------------------------------------------------------------------------------------- unit
def test_qualifier_conjuncts_and_claimant_in_sentence(component):
    doc = parsed([
        ("More", 2, "amod", "ADJ", "more", "JJR"), ("than", 2, "quantmod", "ADP"), ("2,000", 3, "nummod", "NUM"),
        ("Zorvans", 8, "nsubjpass", "PROPN", "Zorvans", "NNPS"), ("and", 3, "cc", "CCONJ"),
        ("five", 6, "nummod", "NUM"), ("Kelts", 3, "conj", "PROPN", "Kelts", "NNPS"),
        ("were", 8, "auxpass", "AUX", "be"), ("killed", 11, "ccomp", "VERB", "kill", "VBN"),
        (",", 11, "punct", "PUNCT"), ("officials", 11, "nsubj", "NOUN", "official"),
        ("said", 11, "ROOT", "VERB", "say"), (".", 11, "punct", "PUNCT")],
        ents=[(3, 4, "NORP"), (6, 7, "NORP")])
    figs = figures(component, doc)
    assert brief(figs, "category", "value", "low", "high", "qualifier", "group", "claimed_by") == [
        ("killed", 2000, 2001, None, "more_than", "Zorvans", "officials"),
        ("killed", 5, 5, 5, "exact", "Kelts", "officials")]
    assert figs[0]["span"] == "More than 2,000"
    assert figs[0]["evidence"] == doc.text
    assert figs[0]["part_of"] is None and figs[0]["running_total"] is False


def test_number_words_and_dozens(component):
    doc = parsed([
        ("Sixty", 2, "compound", "NUM"), ("-", 2, "punct", "PUNCT", "-", "HYPH"), ("four", 3, "nummod", "NUM"),
        ("soldiers", 4, "nsubj", "NOUN", "soldier"), ("died", 4, "ROOT", "VERB", "die"), (".", 4, "punct", "PUNCT"),
        ("Pilots", 7, "nsubj", "NOUN", "pilot"), ("flew", 7, "ROOT", "VERB", "fly"),
        ("nearly", 9, "advmod", "ADV"), ("two", 11, "nummod", "NUM"), ("dozen", 9, "quantmod", "NOUN", "dozen", "NN"),
        ("airstrikes", 7, "dobj", "NOUN", "airstrike"), (".", 7, "punct", "PUNCT")])
    figs = figures(component, doc)
    assert brief(figs, "category", "value", "qualifier", "low", "high", "span") == [
        ("killed", 64, "exact", 64, 64, "Sixty-four"),
        ("strikes", 24, "nearly", None, 24, "nearly two dozen")]


def test_vague_amount_has_no_value_but_a_range(component):
    doc = parsed([
        ("Tens", 2, "quantmod", "NOUN", "ten"), ("of", 2, "quantmod", "ADP"), ("thousands", 5, "nsubj", "NUM", "thousand"),
        ("of", 2, "prep", "ADP"), ("people", 3, "pobj", "NOUN"), ("are", 5, "ROOT", "AUX", "be", "VBP"),
        ("homeless", 5, "acomp", "ADJ"), (".", 5, "punct", "PUNCT")])
    assert brief(figures(component, doc), "category", "value", "low", "high", "qualifier", "group") == [
        ("homeless", None, 10000, 99999, "vague", "people")]


def test_range_between_two_numbers(component):
    doc = parsed([
        ("Between", 1, "quantmod", "ADP"), ("10", 4, "nummod", "NUM"), ("and", 1, "cc", "CCONJ"),
        ("20", 1, "conj", "NUM"), ("fighters", 6, "nsubjpass", "NOUN", "fighter"), ("were", 6, "auxpass", "AUX", "be"),
        ("captured", 6, "ROOT", "VERB", "capture", "VBN"), (".", 6, "punct", "PUNCT")])
    assert brief(figures(component, doc), "category", "value", "low", "high", "qualifier") == [
        ("detained", None, 10, 20, "vague")]


def test_nested_count_is_part_of_the_enclosing_one(component):
    doc = parsed([
        ("At", 1, "advmod", "ADV"), ("least", 2, "advmod", "ADV"), ("21", 3, "nummod", "NUM"),
        ("people", 12, "nsubjpass", "NOUN"), (",", 3, "punct", "PUNCT"), ("including", 3, "prep", "VERB", "include", "VBG"),
        ("14", 7, "nummod", "NUM"), ("women", 5, "pobj", "NOUN", "woman"), ("and", 7, "cc", "CCONJ"),
        ("children", 7, "conj", "NOUN", "child"), (",", 12, "punct", "PUNCT"), ("were", 12, "auxpass", "AUX", "be"),
        ("wounded", 12, "ROOT", "VERB", "wound", "VBN"), (".", 12, "punct", "PUNCT")])
    figs = figures(component, doc)
    assert brief(figs, "category", "value", "qualifier", "group", "part_of") == [
        ("wounded", 21, "at_least", "people", None),
        ("wounded", 14, "exact", "women and children", 0)]


def past_week_rows():
    return [
        ("Rebels", 1, "nsubj", "NOUN", "rebel"), ("fired", 1, "ROOT", "VERB", "fire"), ("more", 4, "amod", "ADJ"),
        ("than", 4, "quantmod", "ADP"), ("800", 5, "nummod", "NUM"), ("rockets", 1, "dobj", "NOUN", "rocket"),
        ("over", 1, "prep", "ADP"), ("the", 9, "det", "DET"), ("past", 9, "amod", "ADJ"),
        ("week", 6, "pobj", "NOUN", "week", "NN"), (",", 1, "punct", "PUNCT"), ("162", 1, "npadvmod", "NUM"),
        ("in", 11, "prep", "ADP"), ("the", 15, "det", "DET"), ("past", 15, "amod", "ADJ"),
        ("day", 12, "pobj", "NOUN", "day", "NN"), ("alone", 15, "advmod", "ADV"), (".", 1, "punct", "PUNCT")]


def test_running_total_since_a_period_and_one_days_count(component):
    doc = parsed(past_week_rows(), reference="2031-03-10",
                 dates=[(7, 10, {"type": "DURATION", "value": "P1W"}), (13, 16, {"type": "DURATION", "value": "P1D"})])
    figs = figures(component, doc)
    assert brief(figs, "category", "value", "since", "date", "running_total") == [
        ("rockets_fired", 800, "2031-03-03", None, True),
        ("rockets_fired", 162, None, "2031-03-09", False)]


def test_without_a_reference_date_periods_give_no_dates(component):
    doc = parsed(past_week_rows(), reference=None,
                 dates=[(7, 10, {"type": "DURATION", "value": "P1W"}), (13, 16, {"type": "DURATION", "value": "P1D"})])
    assert brief(figures(component, doc), "value", "since", "date") == [(800, None, None), (162, None, None)]


def test_since_a_date_and_on_a_day(component):
    doc = parsed([
        ("Forty", 1, "nummod", "NUM"), ("Zorvans", 4, "nsubjpass", "PROPN", "Zorvans", "NNPS"),
        ("have", 4, "aux", "AUX", "have", "VBP"), ("been", 4, "auxpass", "AUX", "be", "VBN"),
        ("killed", 4, "ROOT", "VERB", "kill", "VBN"), ("since", 4, "prep", "ADP"), ("Oct.", 5, "pobj", "PROPN"),
        ("7", 6, "nummod", "NUM"), (".", 4, "punct", "PUNCT"),
        ("On", 14, "prep", "ADP"), ("Tuesday", 9, "pobj", "PROPN"), ("six", 12, "nummod", "NUM"),
        ("soldiers", 14, "nsubjpass", "NOUN", "soldier"), ("were", 14, "auxpass", "AUX", "be"),
        ("wounded", 14, "ROOT", "VERB", "wound", "VBN"), (".", 14, "punct", "PUNCT")],
        ents=[(1, 2, "NORP")], reference="2031-11-20",
        dates=[(6, 8, {"type": "DATE", "value": "2031-10-07"}), (10, 11, {"type": "DATE", "value": "2031-11-18"})])
    figs = figures(component, doc)
    assert brief(figs, "category", "value", "since", "date", "running_total") == [
        ("killed", 40, "2031-10-07", None, True), ("wounded", 6, None, "2031-11-18", False)]


def report_rows(second_verb_aux=()):
    first = [
        ("The", 2, "det", "DET"), ("Varn", 2, "compound", "PROPN"), ("ministry", 3, "nsubj", "NOUN", "ministry", "NN"),
        ("reported", 3, "ROOT", "VERB", "report"), ("30", 5, "nummod", "NUM"),
        ("airstrikes", 3, "dobj", "NOUN", "airstrike"), (".", 3, "punct", "PUNCT")]
    second = [("At", 1, "advmod", "ADV"), ("least", 2, "advmod", "ADV"), ("21", 3, "nummod", "NUM"),
              ("people", 5 + len(second_verb_aux), "nsubjpass", "NOUN")]
    for word, lemma, tag in second_verb_aux:
        second.append((word, 5 + len(second_verb_aux), "aux" if lemma == "have" else "advmod",
                       "AUX" if lemma == "have" else "ADV", lemma, tag))
    verb = 5 + len(second_verb_aux)
    second += [("were" if not second_verb_aux else "been", verb, "auxpass", "AUX", "be"),
               ("wounded", verb, "ROOT", "VERB", "wound", "VBN"), (".", verb, "punct", "PUNCT")]
    return first, second


def join(first, second, gap=()):
    offset = len(first) + len(gap)
    rows = list(first) + [(w, len(first) - 1, "dep", "SPACE", w, "_SP") for w in gap]
    rows += [(r[0], r[1] + offset) + tuple(r[2:]) for r in second]
    return rows


def test_claimant_carries_over_to_the_next_sentence_of_the_same_report(component):
    first, second = report_rows()
    figs = figures(component, parsed(join(first, second)))
    assert brief(figs, "category", "value", "claimed_by") == [
        ("strikes", 30, "Varn ministry"), ("wounded", 21, "Varn ministry")]


def test_claimant_does_not_cross_a_paragraph(component):
    first, second = report_rows()
    figs = figures(component, parsed(join(first, second, gap=("\n",))))
    assert brief(figs, "value", "claimed_by") == [(30, "Varn ministry"), (21, None)]
    assert figs[1]["evidence"] == "At least 21 people were wounded."


def test_a_tally_in_the_narrators_voice_does_not_inherit(component):
    first, second = report_rows(second_verb_aux=(("have", "have", "VBP"), ("also", "also", "RB")))
    figs = figures(component, parsed(join(first, second)))
    assert brief(figs, "value", "claimed_by") == [(30, "Varn ministry"), (21, None)]


def test_counts_in_a_proposal_are_not_figures(component):
    rows = [("Rebels", 2, "nsubj", "NOUN", "rebel"), ("would", 2, "aux", "AUX", "would", "MD"),
            ("release", 2, "ROOT", "VERB", "release", "VB"), ("33", 4, "nummod", "NUM"),
            ("hostages", 2, "dobj", "NOUN", "hostage"), (".", 2, "punct", "PUNCT")]
    assert figures(component, parsed(rows)) == []
    done = [r for r in rows if r[0] != "would"]
    done = [(w, h - 1 if h > 1 else h, d, p, *rest) for (w, h, d, p, *rest) in done]
    assert brief(figures(component, parsed(done)), "category", "value", "group") == [("released", 33, "hostages")]


def test_a_guest_worker_counts_one_in_a_casualty_list(component):
    doc = parsed([
        ("Two", 1, "nummod", "NUM"), ("soldiers", 7, "nsubjpass", "NOUN", "soldier"), ("and", 1, "cc", "CCONJ"),
        ("a", 5, "det", "DET"), ("guest", 5, "compound", "NOUN", "guest", "NN"),
        ("worker", 1, "conj", "NOUN", "worker", "NN"), ("were", 7, "auxpass", "AUX", "be"),
        ("killed", 7, "ROOT", "VERB", "kill", "VBN"), (".", 7, "punct", "PUNCT")])
    assert brief(figures(component, doc), "category", "value", "group", "span") == [
        ("killed", 2, "soldiers", "Two"), ("killed", 1, "guest worker", "a")]


def test_ages_hyphenated_modifiers_and_distances_are_not_counts(component):
    # "The 24-hour barrage of 2,000-pound bombs killed Moud, 29, and 12 others 40 kilometres away."
    doc = parsed([
        ("The", 4, "det", "DET"), ("24", 3, "nummod", "NUM"), ("-", 3, "punct", "PUNCT", "-", "HYPH"),
        ("hour", 4, "compound", "NOUN", "hour", "NN"), ("barrage", 10, "nsubj", "NOUN", "barrage", "NN"),
        ("of", 4, "prep", "ADP"), ("2,000", 8, "nummod", "NUM"), ("-", 8, "punct", "PUNCT", "-", "HYPH"),
        ("pound", 9, "compound", "NOUN", "pound", "NN"), ("bombs", 5, "pobj", "NOUN", "bomb"),
        ("killed", 10, "ROOT", "VERB", "kill"), ("Moud", 10, "dobj", "PROPN"), (",", 11, "punct", "PUNCT"),
        ("29", 11, "appos", "NUM"), (",", 11, "punct", "PUNCT"), ("and", 11, "cc", "CCONJ"),
        ("12", 17, "nummod", "NUM"), ("others", 11, "conj", "NOUN", "other"), ("40", 19, "nummod", "NUM"),
        ("kilometres", 20, "npadvmod", "NOUN", "kilometre"), ("away", 10, "advmod", "ADV"),
        (".", 10, "punct", "PUNCT")], ents=[(11, 12, "PERSON")])
    assert brief(figures(component, doc), "category", "value", "span") == [("killed", 12, "12")]


def test_money_and_percentages_are_not_counts(component):
    doc = parsed([
        ("Donors", 1, "nsubj", "NOUN", "donor"), ("sent", 1, "ROOT", "VERB", "send"), ("$", 3, "nmod", "SYM", "$", "$"),
        ("5", 4, "compound", "NUM"), ("million", 5, "nummod", "NUM"), ("trucks", 1, "dobj", "NOUN", "truck"),
        ("and", 1, "cc", "CCONJ"), ("30", 8, "nummod", "NUM"), ("%", 9, "nsubjpass", "NOUN", "%", "NN"),
        ("of", 8, "prep", "ADP"), ("rockets", 9, "pobj", "NOUN", "rocket"), ("were", 12, "auxpass", "AUX", "be"),
        ("intercepted", 1, "conj", "VERB", "intercept", "VBN"), (".", 1, "punct", "PUNCT")])
    assert figures(component, doc) == []


def test_a_doc_without_numbers_gets_an_empty_group(component):
    doc = parsed([("Talks", 1, "nsubj", "NOUN", "talk"), ("resumed", 1, "ROOT", "VERB", "resume"),
                  (".", 1, "punct", "PUNCT")])
    assert figures(component, doc) == []
    assert KEY in doc.spans


def test_lexicon_rejects_unknown_categories(tmp_path):
    bad = tmp_path / "cats.yaml"
    bad.write_text("categories:\n  casualties:\n    verbs: [kill]\n")
    with pytest.raises(ConfigError, match="casualties"):
        load_lexicon(str(bad), str(DEFAULT_WORDS))
    broken = tmp_path / "broken.yaml"
    broken.write_text("categories: [")
    with pytest.raises(ConfigError, match="cannot read"):
        load_lexicon(str(broken), str(DEFAULT_WORDS))


def test_factory_takes_user_lexicons(tmp_path):
    cats = tmp_path / "cats.yaml"
    cats.write_text("categories:\n  missing:\n    verbs: [lose]\nperson_nouns: [hiker]\n")
    nlp = spacy.blank("en")
    nlp.add_pipe("parley_figures", config={"categories": str(cats)})
    doc = parsed([("Ten", 1, "nummod", "NUM"), ("hikers", 3, "nsubjpass", "NOUN", "hiker"),
                  ("were", 3, "auxpass", "AUX", "be"), ("lost", 3, "ROOT", "VERB", "lose", "VBN")])
    assert brief(figures(nlp.get_pipe("parley_figures"), doc), "category", "value") == [("missing", 10)]


# --------------------------------------------------------------------------------------------- slow
@pytest.fixture(scope="module")
def nlp():
    from parley.nlp.pipeline import add_components, load_model
    return add_components(load_model(), {}, only=("parley_dates", "parley_figures"))


def run(nlp, text, reference="2031-05-21"):
    doc = nlp.make_doc(text)
    doc._.parley_reference = reference
    return figures(lambda d: d, nlp(doc))


def near(iso, expected, days=1):
    return iso is not None and abs((date.fromisoformat(iso) - expected).days) <= days


@pytest.mark.slow
def test_real_running_total_since_a_start_with_a_claimant(nlp):
    figs = run(nlp, "Some 136 Vantarans and five Ostrians have been killed since the fighting began eight "
                    "days ago, officials say.")
    assert brief(figs, "category", "value", "qualifier", "claimed_by") == [
        ("killed", 136, "about", "officials"), ("killed", 5, "exact", "officials")]
    assert all(f["running_total"] and near(f["since"], date(2031, 5, 13)) for f in figs)


@pytest.mark.slow
def test_real_one_days_count_and_a_lower_bound_over_a_list(nlp):
    ref = date(2031, 5, 21)
    tuesday = ref - timedelta(days=(ref.weekday() - 1) % 7 or 7)
    figs = run(nlp, "On Tuesday alone, the conflict claimed the lives of at least 20 Vantarans and two Ostrians.")
    assert brief(figs, "category", "value", "qualifier", "date", "claimed_by") == [
        ("killed", 20, "at_least", tuesday.isoformat(), None), ("killed", 2, "at_least", tuesday.isoformat(), None)]


@pytest.mark.slow
def test_real_claimant_carried_over_and_nested_count(nlp):
    text = ("Ostrian officials in Varn reported more than two dozen airstrikes. At least 21 people, including 14 "
            "women and children, were wounded in a strike that hit a building in Varn City.")
    figs = run(nlp, text)
    assert brief(figs, "category", "value", "qualifier", "part_of") == [
        ("strikes", 24, "more_than", None), ("wounded", 21, "at_least", None), ("wounded", 14, "exact", 1)]
    assert all(f["claimed_by"] and f["claimed_by"].startswith("Ostrian officials") for f in figs)
    apart = run(nlp, text.replace("airstrikes. ", "airstrikes.\n\n"))
    assert [f["claimed_by"] for f in apart][1:] == [None, None]


@pytest.mark.slow
def test_real_according_to_and_settled_facts(nlp):
    figs = run(nlp, "More than 2,000 Vantarans, most of them civilians, were killed, according to Vantaran and UN "
                    "officials. Sixty-four Ostrian soldiers, two Ostrian civilians and a guest worker have also "
                    "been killed.")
    assert brief(figs, "category", "value", "claimed_by") == [
        ("killed", 2000, "Vantaran and UN officials"), ("killed", 64, None), ("killed", 2, None), ("killed", 1, None)]


@pytest.mark.slow
def test_real_rockets_fired_and_intercepted(nlp):
    figs = run(nlp, "The army says more than 800 rockets have been fired at Ostria over the past week, 162 in the "
                    "past day alone. Overnight, two rockets were knocked down by the Shield system, the army said.")
    assert brief(figs, "category", "value", "claimed_by") == [
        ("rockets_fired", 800, "army"), ("rockets_fired", 162, "army"), ("rockets_intercepted", 2, "army")]
    assert near(figs[0]["since"], date(2031, 5, 14)) and figs[0]["date"] is None
    assert near(figs[1]["date"], date(2031, 5, 20)) and figs[1]["since"] is None


@pytest.mark.slow
def test_real_ages_distances_money_and_durations_are_not_figures(nlp):
    text = ("Tarek Moud, 29, said Ostria will widen the fishing zone from five to 10 kilometres and pay $5 million, "
            "or 30% of the budget, after a seven-month war and a 24-hour truce that began at 12 o'clock, two hours "
            "after the first of 2,000-pound bombs fell on a 40-kilometre front.")
    assert run(nlp, text) == []


@pytest.mark.slow
def test_real_munitions_and_population(nlp):
    figs = run(nlp, "The shipment consisted of more than 3,500 bombs, the official said. The blockade has cut off "
                    "the territory of 1.8 million people.")
    assert brief(figs, "category", "value", "qualifier") == [
        ("munitions", 3500, "more_than"), ("population", 1800000, "exact")]
