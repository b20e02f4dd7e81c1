"""Hand-built extraction records for the store, dedup, timeline and ledger tests (no spaCy).

Places, actors and outlets are fictional. Import from a test with::

    sys.path.insert(0, str(Path(__file__).resolve().parents[N]))   # the tests/ folder
    from factories import article, event, figure, extraction
"""
from __future__ import annotations

import hashlib
from typing import Optional

from parley.types import (ActorRef, Article, Event, EventDate, Evidence, Extraction, Figure, Framing, LoadedTerm,
                          Place, Position, PublishedDate, Quote, Speaker)


def ev(text: str = "a sentence", start: int = 0) -> Evidence:
    return Evidence(text=text, start=start, end=start + len(text))


def article(text: str, *, outlet: Optional[str] = None, published: Optional[str] = "2025-03-14",
            source: Optional[str] = None, title: Optional[str] = None) -> Article:
    aid = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(source=source or f"{(outlet or 'unknown').lower().replace(' ', '_')}_{aid[:6]}.txt", id=aid,
                   text=text, published=PublishedDate(date=published, inferred=False, confidence=1.0,
                                                      evidence=("dateline",)),
                   outlet=outlet, title=title)


def event(type: str = "ASSAULT", *, actor: Optional[str] = "Ostrand army", actor_code: Optional[str] = "OST",
          recipient: Optional[str] = None, recipient_code: Optional[str] = None, place: Optional[str] = "Tarnow",
          country: Optional[str] = "VLD", date: Optional[str] = "2025-03-13", precision: str = "day",
          expression: Optional[str] = "on Thursday", modality: str = "asserted", mode: Optional[str] = None,
          evidence: Optional[Evidence] = None) -> Event:
    return Event(type=type, mode=mode,
                 actor=ActorRef(name=actor, code=actor_code) if actor or actor_code else None,
                 recipient=ActorRef(name=recipient, code=recipient_code) if recipient or recipient_code else None,
                 location=Place(name=place, country=country) if place else None,
                 date=EventDate(value=date, precision=precision, expression=expression) if date else None,
                 modality=modality, evidence=evidence or ev(f"{actor} {type.lower()} {place} {date}"))


def figure(value: Optional[float], *, category: str = "killed", qualifier: str = "exact", low=None, high=None,
           group: Optional[str] = "civilians", claimed_by: Optional[str] = None, place: Optional[str] = "Tarnow",
           date: Optional[str] = "2025-03-13", since: Optional[str] = None, running_total: bool = False,
           evidence: Optional[Evidence] = None) -> Figure:
    if low is None and value is not None and qualifier in ("exact", "at_least"):
        low = value
    if high is None and value is not None and qualifier == "exact":
        high = value
    return Figure(category=category, value=value, low=low, high=high, qualifier=qualifier, group=group,
                  claimed_by=claimed_by, evidence=evidence or ev(f"{value} {group} {category}, {claimed_by} said"),
                  location=place, date=date, since=since, running_total=running_total)


def extraction(text: str, *, outlet: Optional[str] = None, published: Optional[str] = "2025-03-14",
               events=(), figures=(), quotes=(), positions=(), terms=(), source: Optional[str] = None) -> Extraction:
    return Extraction(article=article(text, outlet=outlet, published=published, source=source),
                      events=tuple(events), figures=tuple(figures), quotes=tuple(quotes),
                      positions=tuple(positions), framing=Framing(loaded_terms=tuple(terms)))


def full_extraction(text: str = "BRENNIK -- The Ostrand army shelled Tarnow on Thursday, killing at least 12 "
                    "civilians, the Ostrand health ministry said. \"We will not retreat,\" said Dario Vell.",
                    **kw) -> Extraction:
    """An extraction with every kind of record, for round trips."""
    quote = Quote(speaker=Speaker(name="Dario Vell", role="commander", affiliation="Selvan Front"), kind="direct",
                  text="We will not retreat", evidence=ev("\"We will not retreat,\" said Dario Vell.", 100),
                  cue="said")
    position = Position(party="Selvan Front", stance="reject", issue="withdrawal", detail="will not retreat",
                        evidence=ev("We will not retreat", 101), reported_by=None, negated=True)
    term = LoadedTerm(term="massacre", in_quote=False, evidence=ev("a massacre", 40), category="atrocity")
    ex = Event(type="ASSAULT", mode="artillery", actor=ActorRef(name="Ostrand army", code="OST", sector="military"),
               recipient=ActorRef(name="civilians", code=None, sector="civilian"),
               location=Place(name="Tarnow", country="VLD", lat=51.2, lon=20.1, precision=3),
               date=EventDate(value="2025-03-13", precision="day", expression="on Thursday"), modality="asserted",
               evidence=ev("The Ostrand army shelled Tarnow on Thursday", 11),
               extra_evidence=(ev("killing at least 12 civilians", 57),))
    fig = Figure(category="killed", value=12.0, low=12.0, high=None, qualifier="at_least", group="civilians",
                 claimed_by="the Ostrand health ministry", evidence=ev("killing at least 12 civilians", 57),
                 location="Tarnow", date="2025-03-13", since=None, running_total=False, part_of=None)
    return Extraction(article=article(text, **kw), figures=(fig,), quotes=(quote,), positions=(position,),
                      events=(ex,), framing=Framing(loaded_terms=(term,)))


# Three lightly edited copies of one agency story, and two other stories about the same war
WIRE = ("{dateline} -- A missile strike on the harbour of Port Ilsa killed at least seven dockworkers late "
        "Thursday, the port authority said, hours before envoys were due to meet in the neutral city of Carrow. "
        "Some 40 people were wounded, local health officials said. The Kastran Liberation Front said it had fired "
        "15 rockets at army positions near the port in response. The Norland mediator, Ambassador Edda Vinter, "
        "said both sides had accepted a proposal to exchange 200 prisoners. \"This is the first step, not the "
        "last,\" she told reporters in Carrow. About 65,000 people have fled the coastal districts since January, "
        "the United Nations refugee agency said.")

WIRE_COPIES = {
    "Northern Ledger": WIRE.format(dateline="PORT ILSA, March 14 (Carrow Wire)"),
    "Oskel Evening Post": WIRE.format(dateline="PORT ILSA").replace("late Thursday", "on Thursday night")
                                                          .replace("Some 40", "About 40"),
    "Marenburg Daily": WIRE.format(dateline="PORT ILSA (CW)").replace(
        " \"This is the first step, not the last,\" she told reporters in Carrow.", "")
                                                            .replace("dockworkers", "dock workers"),
}

OTHER_STORIES = [
    "MARENBURG -- Talks in Marenburg aimed at ending the three-month war between Veldoria and the Kastran "
    "Liberation Front broke down on Thursday after the rebel delegation walked out, mediators said. The "
    "Veldorian army said it had shot down 12 drones overnight, and rebel officials reported more than two "
    "dozen artillery strikes on the town of Oskel.",
    "OSKEL -- Shelling killed three civilians in Oskel on Sunday, local officials said, the first deaths since "
    "the truce was extended. \"The guns went quiet for four days, and now this,\" said Maren Idris, a teacher "
    "in the town. The Veldorian army denied firing on the town and blamed the rebels.",
]
