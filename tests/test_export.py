"""parley.export: PLOVER JSON records and ACLED rows from an extraction. Pure Python, no spaCy.

Actors and places are fictional (Ostrand, Varnia, Tarnow), built with tests/factories.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from factories import ev, event, extraction, figure  # noqa: E402

from parley.errors import ConfigError  # noqa: E402
from parley.export import ACLED_COLUMNS, acled_type, fatalities, load_mapping, to_acled_rows, to_plover  # noqa: E402
from parley.types import ActorRef, Event, EventDate, Evidence, Place  # noqa: E402

SENTENCE = "Ostrand shelled Tarnow on Thursday, killing 12 people, officials said."


def strike(**kw):
    return event("ASSAULT", mode="heavy-weapons", recipient="Varnia", recipient_code="VRN",
                 evidence=Evidence(text=SENTENCE, start=0, end=len(SENTENCE)), **kw)


def test_plover_record_fields():
    x = extraction(SENTENCE, events=[strike()])
    (rec,) = to_plover(x)
    assert rec["id"].startswith("parley-") and rec["date"] == "2025-03-13"
    assert rec["event"] == ["ASSAULT"] and rec["mode"] == "heavy-weapons"
    assert rec["source"] == [{"code": "OST", "identifier_text": "Ostrand army", "actor_text": "Ostrand army"}]
    assert rec["recipient"][0]["code"] == "VRN"
    assert rec["quad_code"] == 4 and rec["event_scale"] == -9.3
    assert rec["event_loc"] == {"name": "Tarnow", "cc3": "VLD"}
    assert rec["event_text"] == [SENTENCE]
    assert rec["text_info"]["start"] == 0 and rec["context"] == []
    assert rec["cite_info"]["coder"] == "parley_events.v1"
    assert to_plover(x.to_dict()) == [rec]            # the dict form (a JSONL record) works too


def test_plover_coarse_dates_denials_and_history():
    month = event("AGREE", date="2024-11", precision="month", modality="denied")
    old = event("COERCE", date="2019", precision="year", modality="hypothetical")
    recs = to_plover(extraction("x", events=[month, old]))
    assert (recs[0]["date"], recs[0]["enddate"], recs[0]["date_precision"]) == ("2024-11-01", "2024-11-30", "month")
    assert recs[0]["context"] == ["negation"]
    assert recs[1]["context"] == ["hypothetical", "historical"] and recs[1]["enddate"] == "2019-12-31"
    assert recs[0]["id"] != recs[1]["id"]


def test_acled_row_columns_type_and_fatalities():
    x = extraction(SENTENCE, events=[strike()], figures=[figure(12, evidence=Evidence(SENTENCE, 0, len(SENTENCE)))])
    (row,) = to_acled_rows(x)
    assert tuple(row) == ACLED_COLUMNS
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence",
                                                          "Shelling/artillery/missile attack")
    assert row["event_date"] == "2025-03-13" and row["time_precision"] == 1
    assert row["actor1"] == "Ostrand army" and row["actor2"] == "Varnia"
    assert row["fatalities"] == 12
    assert SENTENCE in row["notes"]


def test_fatalities_take_the_lowest_claim_per_group_and_skip_totals_and_parts():
    span = Evidence(SENTENCE, 0, len(SENTENCE))
    e = strike().to_dict()
    figs = [figure(12, group="civilians", evidence=span).to_dict(),
            figure(9, group="civilians", claimed_by="Ostrand army", evidence=span).to_dict(),
            figure(3, group="soldiers", evidence=span).to_dict(),
            figure(500, group="people", since="2024-01-01", evidence=span).to_dict(),
            figure(40, group="civilians", evidence=Evidence("Another sentence.", 500, 517)).to_dict(),
            {**figure(2, group="children", evidence=span).to_dict(), "part_of": 0},
            figure(1, category="wounded", group="nurses", evidence=span).to_dict()]
    assert fatalities(e, figs) == 9 + 3


def test_verbal_events_have_no_acled_row_and_modes_map():
    x = extraction("x", events=[event("ACCUSE"), event("CONSULT"), event("COERCE", mode="arrest"),
                                event("ASSAULT", mode="aerial"), event("AGREE", date="2024-11", precision="month")])
    rows = to_acled_rows(x)
    assert [(r["event_type"], r["sub_event_type"]) for r in rows] == [
        ("Strategic developments", "Arrests"), ("Explosions/Remote violence", "Air/drone strike"),
        ("Strategic developments", "Agreement")]
    assert rows[-1]["event_date"] == "2024-11-15" and rows[-1]["time_precision"] == 3


def test_targeted_violence_against_an_armed_recipient_is_a_battle():
    civilians = {"type": "ASSAULT", "mode": "targeted", "recipient": {"name": "x", "sector": "CVL"}}
    fighters = {"type": "ASSAULT", "mode": "targeted", "recipient": {"name": "x", "sector": "REB"}}
    assert acled_type(civilians) == ("Violence against civilians", "Attack")
    assert acled_type(fighters) == ("Battles", "Armed clash")


def test_every_plover_type_has_a_mapping_rule():
    from parley.nlp.components.events import TYPES
    assert set(load_mapping()["rules"]) == set(TYPES)


def test_an_event_without_a_date_uses_the_publication_date():
    bare = Event(type="ASSAULT", mode=None, actor=ActorRef("Ostrand army", "OST"), recipient=None,
                 location=Place("Tarnow", "VLD", 1.0, 2.0, 1), date=None, modality="asserted", evidence=ev())
    (row,) = to_acled_rows(extraction("x", events=[bare]))
    assert row["event_date"] == "2025-03-14" and row["time_precision"] == 3
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == (1.0, 2.0, 1)


def test_a_broken_mapping_file_is_a_config_error(tmp_path):
    bad = tmp_path / "map.yaml"
    bad.write_text("codebook: x\n")
    with pytest.raises(ConfigError):
        to_acled_rows(extraction("x", events=[event()]), mapping_path=str(bad))


def test_not_an_extraction_is_a_type_error():
    with pytest.raises(TypeError):
        to_plover(["not", "a", "record"])
