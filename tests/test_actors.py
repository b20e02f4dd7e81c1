"""parley.actors: names, roles and descriptors resolved to a side, a country code and a sector.

The rules are tested on a fictional world (Varnia, Ostrel, the Kessel Front, the Concord of Nations);
a few tests check the shipped actors.yaml: its schema, and the sides the issue names.
"""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from parley import actors
from parley.actors import ActorIndex, affiliation_of, canonical_actor
from parley.errors import ConfigError

WORLD = {
    "sides": [
        {"name": "Varnia", "code": "VAR", "sector": "GOV", "aliases": ["Varnian", "Varnians", "Republic of Varnia"]},
        {"name": "Ostrel", "code": "OST", "sector": "GOV", "aliases": ["Ostrelian", "Ostrelians"]},
        {"name": "Kessel Front", "code": "OST", "sector": "REB", "aliases": ["Kessel", "Kessel fighters"]},
        {"name": "Concord of Nations", "code": None, "sector": "IGO", "aliases": ["CN", "C.N."]},
        {"name": "MBC", "code": "VAR", "sector": "MED", "aliases": ["Meridian Broadcasting Corporation"]},
        {"name": "Gull Party", "code": "VAR", "sector": "PTY", "aliases": ["=Gull"]},
    ],
    "organisations": [
        {"name": "Varnian Defence Forces", "side": "Varnia", "sector": "MIL",
         "aliases": ["VDF", "Varnian army", "Varnian military"]},
        {"name": "CN Relief Agency", "side": "Concord of Nations", "aliases": ["CNRA", "CN agency for Ostrelian refugees"]},
    ],
    "outlets": [
        {"name": "Orvan Tribune", "side": "Varnia", "aliases": ["=The Tribune"]},
        {"name": "Radio Ostrel", "side": "Ostrel"},
    ],
    "people": [
        {"name": "Dana Velk", "aliases": ["Velk"], "side": "Varnia",
         "roles": [{"title": "Foreign Minister", "start": "2019-01-01", "end": "2022-12"}]},
        {"name": "Tomas Brenn", "aliases": ["Brenn"], "side": "Kessel Front",
         "roles": [{"title": "Kessel Front commander", "start": 2020, "end": "2029-12-31"},
                   {"title": "Ostrelian President", "start": "2030-01-01", "end": None, "side": "Ostrel",
                    "sector": "GOV"}]},
    ],
    "places": [
        {"side": "Ostrel", "names": ["Lirna", "Port Sabe"]},
        {"side": "Varnia", "names": ["Orvan"], "venue": True},
    ],
}


@pytest.fixture(scope="module")
def world():
    return ActorIndex(WORLD, source="test world")


# --- rules, on the fictional world ------------------------------------------------------------------------
@pytest.mark.parametrize("text, side", [
    ("Varnian government spokesman", "Varnia"),
    ("the Ostrelians", "Ostrel"),
    ("Kessel's chief negotiator", "Kessel Front"),             # possessive dropped
    ("a senior Kessel official in Lirna", "Kessel Front"),      # an armed group outweighs a place
    ("the CN agency for Ostrelian refugees, CNRA", "Concord of Nations"),  # a named body outweighs a demonym
    ("Varnia's ambassador to the CN", "Varnia"),               # "to the CN" is where, not whose
    ("the CN envoy for Ostrel", "Concord of Nations"),         # "for Ostrel" after an envoy is the posting
    ("the Varnia-based Radio Ostrel", "Ostrel"),                # "X-based" counts less than the outlet
    ("an Ostrel-backed Varnian militia", "Varnia"),             # ... and less than a plain demonym
    ("Ostrelian-backed Kessel fighters", "Kessel Front"),      # the backer is not the side
    ("a spokesman for Velk", "Varnia"),                        # a person's side
    ("Mr Velk", "Varnia"),
    ("the Varnian army", "Varnia"),
    ("a resident of Port Sabe", "Ostrel"),                      # places count when nothing else does
    ("Meridian Broadcasting Corporation", "MBC"),              # an outlet that is its own side
])
def test_affiliation_rules(world, text, side):
    assert world.affiliation_of(text) == side


@pytest.mark.parametrize("text", ["local media", "critics", "an emergency doctor", "", "anti-Kessel protesters",
                                   "for the sake of peace",          # "Sabe" is a place, "sake" is not
                                   "the tribune of the people",      # "=The Tribune" only as written
                                   "a gull on the pier"])
def test_affiliation_unknown(world, text):
    assert world.affiliation_of(text) is None


def test_capital_acronyms_only_match_in_capitals(world):
    assert world.affiliation_of("CN officials") == "Concord of Nations"
    assert world.affiliation_of("they told cn") is None
    # in a text written all in capitals the short acronyms and "=" words are left out, longer names match
    assert world.affiliation_of("THE REPUBLIC OF VARNIA SAID IT WAS READY", all_caps=True) == "Varnia"
    assert world.affiliation_of("THE GULL PARTY AND THE GULL SAID", all_caps=True) == "Gull Party"


def test_roles_bounded_by_dates_change_a_persons_side(world):
    assert world.affiliation_of("Tomas Brenn") == "Kessel Front"
    assert world.affiliation_of("Tomas Brenn", on=date(2025, 5, 1)) == "Kessel Front"
    assert world.affiliation_of("Brenn", on=date(2031, 2, 1)) == "Ostrel"
    assert world.role_of("Brenn", date(2031, 2, 1)) == "Ostrelian President"
    assert world.role_of("Dana Velk", "2021-06-01") == "Foreign Minister"
    assert world.role_of("Dana Velk", "2022-12-31") == "Foreign Minister"   # "2022-12" ends with the month
    assert world.role_of("Dana Velk", date(2023, 1, 1)) is None


def test_canonical_actor(world):
    assert world.canonical_actor("Varnian troops") == {"name": "Varnia", "code": "VAR", "sector": "MIL",
                                                       "side": "Varnia"}
    assert world.canonical_actor("Varnian civilians")["sector"] == "CVL"
    assert world.canonical_actor("the VDF") == {"name": "Varnian Defence Forces", "code": "VAR", "sector": "MIL",
                                                "side": "Varnia"}
    assert world.canonical_actor("Kessel fighters")["sector"] == "REB"
    assert world.canonical_actor("CNRA") == {"name": "CN Relief Agency", "code": None, "sector": "IGO",
                                             "side": "Concord of Nations"}
    assert world.canonical_actor("Radio Ostrel")["sector"] == "MED"
    brenn = world.canonical_actor("Tomas Brenn", on=date(2031, 1, 2))
    assert brenn == {"name": "Tomas Brenn", "code": "OST", "sector": "GOV", "side": "Ostrel"}
    assert world.canonical_actor("the weather") is None


def test_find_gives_offsets(world):
    text = "Velk met Kessel envoys in Lirna"
    found = [(m.text, m.actor.kind) for m in world.find(text)]
    assert found == [("Velk", "person"), ("Kessel", "group"), ("Lirna", "place")]
    m = world.find(text)[2]
    assert text[m.start:m.end] == "Lirna"


def test_person_lookup(world):
    assert world.person("Velk").name == "Dana Velk"
    assert world.person("Dana  Velk").name == "Dana Velk"
    assert world.person("Anna Velk") is None


@pytest.mark.parametrize("broken, message", [
    ({"people": []}, "sides"),
    ({"sides": [{"code": "XXX"}]}, "no name"),
    ({"sides": [{"name": "A"}], "organisations": [{"name": "B", "side": "Nowhere"}]}, "unknown side"),
    ({"sides": [{"name": "A"}], "people": [{"name": "P", "side": "A", "roles": [{"title": "t", "start": "soon"}]}]},
     "bad date"),
])
def test_bad_data_is_a_config_error(broken, message):
    with pytest.raises(ConfigError, match=message):
        ActorIndex(broken)


def test_unreadable_file_is_a_config_error(tmp_path):
    bad = tmp_path / "actors.yaml"
    bad.write_text("sides: [unclosed\n")
    with pytest.raises(ConfigError, match="cannot read"):
        actors.load_index(str(bad))


# --- the shipped data --------------------------------------------------------------------------------
SCORER_SIDES = ["Israel", "Palestinians", "Hamas", "Egypt", "Qatar", "United States", "United Nations", "Russia",
                "Ukraine", "Taliban", "Houthis", "Saudi Arabia", "Syria", "Turkey", "NATO"]
SECTORS = {"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "REB", "SEP", "OPP", "PTY", "IGO", "NGO", "MED", "HLH", "EDU",
           "REL", "BUS", "CVL", "REF"}


@pytest.fixture(scope="module")
def shipped():
    return yaml.safe_load(Path(actors.DEFAULT_DATA).read_text(encoding="utf-8"))


def test_shipped_schema_is_documented_and_valid(shipped):
    head = Path(actors.DEFAULT_DATA).read_text(encoding="utf-8").split("\nversion:")[0]
    for key in ("sides:", "organisations:", "outlets:", "people:", "places:", "roles:", "sector"):
        assert key in head
    sides = {s["name"] for s in shipped["sides"]}
    for s in shipped["sides"]:
        assert s["code"] is None or re.fullmatch(r"[A-Z]{3}", s["code"]), s
        assert s["sector"] in SECTORS, s
    for section in ("organisations", "outlets", "people", "places"):
        for item in shipped[section]:
            assert item["side"] in sides, item
            assert item.get("sector", "GOV") in SECTORS, item
    for person in shipped["people"]:
        for role in person.get("roles") or []:
            assert role.get("title"), person
    actors.load_index()   # loads without error


def test_shipped_data_covers_many_conflicts(shipped):
    sides = {s["name"] for s in shipped["sides"]}
    assert set(SCORER_SIDES) <= sides
    for side in ("Hezbollah", "Afghan government", "Sudan", "Rapid Support Forces", "Ethiopia", "TPLF", "Colombia",
                 "FARC", "Myanmar", "Armenia", "Azerbaijan", "DR Congo", "M23", "pro-Russian separatists"):
        assert side in sides
    assert len(shipped["people"]) > 300


@pytest.mark.parametrize("text, side", [
    ("Israeli", "Israel"), ("Palestinian", "Palestinians"), ("U.S.", "United States"), ("American", "United States"),
    ("White House", "United States"), ("State Department", "United States"), ("Pentagon", "United States"),
    ("BBC", "BBC"), ("Haaretz", "Israel"), ("Al Jazeera", "Qatar"), ("UNRWA", "United Nations"),
    ("Hamas", "Hamas"), ("Islamic Jihad", "Islamic Jihad"), ("IDF", "Israel"), ("Hezbollah", "Hezbollah"),
    ("Taliban", "Taliban"), ("Houthi rebels", "Houthis"), ("Kremlin", "Russia"), ("Egyptian security officials", "Egypt"),
])
def test_shipped_affiliations(text, side):
    assert affiliation_of(text) == side


def test_shipped_people_and_dates():
    assert affiliation_of("Benjamin Netanyahu") == "Israel"
    assert canonical_actor("Israeli troops")["code"] == "ISR"
    assert canonical_actor("Hamas")["sector"] == "REB"
    assert actors.role_of("Hillary Clinton", date(2012, 11, 21)) == "US Secretary of State"
    assert actors.role_of("Hillary Clinton", date(2016, 1, 1)) is None


def test_actors_module_does_not_import_spacy():
    code = "import sys, parley.actors as a; a.affiliation_of('Israeli'); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
