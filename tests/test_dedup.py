"""Wire copies: the same story lightly edited under three outlets is one story with three outlets."""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from factories import OTHER_STORIES, WIRE, WIRE_COPIES, article  # noqa: E402

from parley import dedup  # noqa: E402


def _corpus():
    copies = [article(text, outlet=outlet) for outlet, text in WIRE_COPIES.items()]
    others = [article(text, outlet="Carrow Wire") for text in OTHER_STORIES]
    return copies, others


def test_three_wire_copies_are_one_story_with_three_outlets():
    copies, others = _corpus()
    stories = dedup.group_stories(copies + others)
    assert len(stories) == 3
    wire = stories[0]
    assert sorted(wire.outlets) == sorted(WIRE_COPIES)
    assert {m.article_id for m in wire.articles} == {a.id for a in copies}
    assert wire.id == min(a.id for a in copies)  # the smallest member id names the story
    assert all(len(s.articles) == 1 for s in stories[1:])
    assert sorted(wire.to_dict()["outlets"]) == sorted(WIRE_COPIES)


def test_stories_do_not_depend_on_input_order():
    copies, others = _corpus()
    expected = dedup.find_stories(copies + others)
    for seed in range(5):
        shuffled = copies + others
        random.Random(seed).shuffle(shuffled)
        assert dedup.find_stories(shuffled) == expected


def test_articles_about_the_same_war_are_not_merged():
    _, others = _corpus()
    mapping = dedup.find_stories(others)
    assert len(set(mapping.values())) == 2


def test_a_rewritten_article_is_not_a_copy():
    copy = article(WIRE.format(dateline="PORT ILSA"))
    rewritten = article("Dockworkers died in Port Ilsa when a missile hit the harbour on Thursday night; seven "
                        "bodies were recovered according to the port authority, and dozens were hurt. Envoys "
                        "still plan to meet in Carrow, where the Norland mediator Edda Vinter announced a swap "
                        "of 200 prisoners.")
    assert len(set(dedup.find_stories([copy, rewritten]).values())) == 2


def test_identical_text_is_one_article():
    a = article(WIRE.format(dateline="PORT ILSA"), outlet="One")
    b = article(WIRE.format(dateline="PORT ILSA"), outlet="Two")
    assert a.id == b.id
    assert dedup.find_stories([a, b]) == {a.id: a.id}


def test_band_keys_find_copies_and_signatures_round_trip():
    a, b = (dedup.signature(t) for t in list(WIRE_COPIES.values())[:2])
    assert set(dedup.band_keys(a)) & set(dedup.band_keys(b))
    assert dedup.similarity(a, b) >= dedup.THRESHOLD
    back = dedup.signature_from_bytes(dedup.signature_to_bytes(a))
    assert list(back) == list(a)
    assert len(dedup.band_keys(a)) == dedup.lsh_bands()[0]
