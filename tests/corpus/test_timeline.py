"""The timeline: date order, undated last, one corpus event per happening with every source; filters."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factories import OTHER_STORIES, WIRE_COPIES, event, extraction  # noqa: E402

from parley.corpus.timeline import timeline  # noqa: E402


def _dates(events):
    return [e.date.value if e.date else None for e in events]


def _corpus():
    a = extraction("Report A from Brennik about shelling and talks.", outlet="Northern Ledger", published="2025-03-20",
                   events=[event(date="2025-03-15", place="Tarnow"),
                           event("AGREE", actor="Veldoria", actor_code="VLD", recipient="Kastran Liberation Front",
                                 recipient_code="KLF", place="Carrow", date="2025-03-18"),
                           event("PROTEST", actor="students", actor_code=None, place="Oskel", date=None)])
    b = extraction("Report B from Oskel about a market strike and a retreat.", outlet="Carrow Wire",
                   published="2025-03-02",
                   events=[event(date="2025-03-01", place="Oskel"),
                           event("RETREAT", actor="Kastran Liberation Front", actor_code="KLF", place="Oskel",
                                 date="2025-03", precision="month"),
                           event(date="2025-03-15", place="tarnow", actor="Ostrand Army")])
    return [a, b]


def test_events_in_date_order_with_undated_last():
    events = timeline(_corpus())
    assert _dates(events) == ["2025-03-01", "2025-03", "2025-03-15", "2025-03-18", None]
    starts = [e.date.value for e in events if e.date]
    assert starts[0] < starts[2] < starts[3]


def test_the_same_happening_in_two_articles_is_one_event_listing_both_sources():
    events = timeline(_corpus())
    tarnow = [e for e in events if e.location and e.location.name.lower() == "tarnow"]
    assert len(tarnow) == 1
    assert {s.article.outlet for s in tarnow[0].sources} == {"Northern Ledger", "Carrow Wire"}
    assert sorted(tarnow[0].outlets) == ["Carrow Wire", "Northern Ledger"]
    # sources in publication order, each with its own sentence
    assert [s.article.published for s in tarnow[0].sources] == ["2025-03-02", "2025-03-20"]
    assert all(s.evidence.text for s in tarnow[0].sources)


def test_ingesting_twice_changes_nothing():
    once = timeline(_corpus())
    twice = timeline(_corpus() + _corpus())
    assert twice == once
    assert [e.to_dict() for e in twice] == [e.to_dict() for e in once]


def test_wire_copies_merge_even_undated_events_but_other_stories_do_not():
    undated = event("PROTEST", actor="dockworkers", actor_code=None, place="Port Ilsa", date=None)
    copies = [extraction(text, outlet=outlet, events=[undated]) for outlet, text in WIRE_COPIES.items()]
    other = extraction(OTHER_STORIES[0], outlet="Carrow Wire", events=[undated])
    events = timeline(copies + [other])
    assert len(events) == 2
    merged = max(events, key=lambda e: len(e.sources))
    assert sorted(merged.outlets) == sorted(WIRE_COPIES)


def test_vague_events_of_one_article_stay_apart_and_pair_with_their_wire_copies():
    vague = [event(actor=None, actor_code=None, place=None, date=None, evidence=None) for _ in range(3)]
    copies = [extraction(text, outlet=outlet, events=vague) for outlet, text in WIRE_COPIES.items()]
    events = timeline(copies)
    assert len(events) == 3
    assert all(sorted(e.outlets) == sorted(WIRE_COPIES) for e in events)
    assert all(len({s.article.article_id for s in e.sources}) == 3 for e in events)


def test_different_days_or_places_stay_apart():
    x = extraction("Two strikes.", events=[event(date="2025-03-13"), event(date="2025-03-14"),
                                           event(date="2025-03-13", place="Oskel")])
    assert len(timeline([x])) == 3


def test_filter_by_actor_name_code_or_recipient():
    corpus = _corpus()
    by_name = timeline(corpus, actor="kastran liberation front")
    assert {e.type for e in by_name} == {"AGREE", "RETREAT"}  # recipient of AGREE, actor of RETREAT
    assert [e.key for e in timeline(corpus, actor="KLF")] == [e.key for e in by_name]
    assert {e.type for e in timeline(corpus, actor="ost")} == {"ASSAULT"}


def test_filter_by_type_and_place():
    corpus = _corpus()
    assert {e.type for e in timeline(corpus, type="assault")} == {"ASSAULT"}
    assert len(timeline(corpus, type="ASSAULT")) == 2
    oskel = timeline(corpus, place="Oskel")
    assert _dates(oskel) == ["2025-03-01", "2025-03", None]
    assert len(timeline(corpus, place="VLD")) == 5  # a country code matches every place in it


def test_filter_by_dates_keeps_events_wholly_inside_and_drops_undated():
    corpus = _corpus()
    assert _dates(timeline(corpus, date_from="2025-03-10")) == ["2025-03-15", "2025-03-18"]
    assert _dates(timeline(corpus, date_to="2025-03-15")) == ["2025-03-01", "2025-03-15"]
    assert _dates(timeline(corpus, date_to="2025-03")) == ["2025-03-01", "2025-03", "2025-03-15", "2025-03-18"]
    assert _dates(timeline(corpus, date_from=date(2025, 3, 1), date_to="2025-03-01")) == ["2025-03-01"]
    with pytest.raises(ValueError):
        timeline(corpus, date_from="March")


def test_a_filtered_event_keeps_all_its_sources():
    # only one report names the actor "Ostrand Army" by name; both are listed
    events = timeline(_corpus(), actor="Ostrand Army", date_from="2025-03-15")
    assert len(events) == 1 and len(events[0].sources) == 2


def test_to_dict_has_sources_and_outlets():
    d = timeline(_corpus())[0].to_dict()
    assert {"key", "type", "actor", "location", "date", "sources", "outlets"} <= set(d)
    assert {"article", "evidence", "modality"} <= set(d["sources"][0])
