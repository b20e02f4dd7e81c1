"""The records parley produces: one frozen dataclass per kind, no dicts as records.

Field names follow ``CONTRACT.md`` (the extraction record). ``to_dict`` gives the JSON shape.
Nothing here imports spaCy: the store, timeline, CLI and web app build on these types only.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional


_CALENDAR_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?(?=$|T)")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


class Record:
    """Mixin: JSON-ready dict of a frozen record."""

    def to_dict(self) -> dict:
        return _plain(self)


@dataclass(frozen=True)
class Evidence(Record):
    """The sentence a record came from: text and character offsets into ``Article.text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Timex(Record):
    """A time expression, TIMEX3-style: ``value`` like 2014-08-18, 2014-W33, 2014-06, P8D, PRESENT_REF."""

    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: Optional[str]
    precision: Optional[str] = None  # day | week | month | year | decade | time (None for durations/sets)
    anchored: bool = True  # False when resolved without a reference date

    @property
    def iso_date(self) -> Optional[str]:
        """The value as an ISO date (YYYY-MM-DD / YYYY-MM / YYYY) when it names a calendar date."""
        if self.type not in ("DATE", "TIME") or not self.value:
            return None
        match = _CALENDAR_DATE.match(self.value)
        return match.group(0) if match else None


@dataclass(frozen=True)
class PublishedDate(Record):
    date: Optional[str]  # ISO date, or YYYY-MM when only the month is known; None when unknown
    inferred: bool
    confidence: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article(Record):
    """One cleaned input article."""

    source: str
    id: str
    text: str
    published: PublishedDate
    outlet: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = "en"


@dataclass(frozen=True)
class Figure(Record):
    category: str
    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    qualifier: str
    group: Optional[str]
    claimed_by: Optional[str]
    evidence: Evidence
    location: Optional[str] = None
    date: Optional[str] = None
    since: Optional[str] = None
    running_total: bool = False
    part_of: Optional[int] = None  # index of the enclosing figure ("At least 21 people, including 14 ...")
    extractor: str = "parley_figures.v1"


@dataclass(frozen=True)
class Speaker(Record):
    name: Optional[str]
    role: Optional[str] = None
    affiliation: Optional[str] = None
    anonymous: bool = False


@dataclass(frozen=True)
class Quote(Record):
    speaker: Speaker
    kind: str  # direct | indirect
    text: str
    evidence: Evidence
    cue: Optional[str] = None  # the speech verb ("said", "told AFP", "wrote on Twitter")
    extractor: str = "parley_quotes.v1"


@dataclass(frozen=True)
class LoadedTerm(Record):
    term: str
    in_quote: bool
    evidence: Evidence
    category: Optional[str] = None


@dataclass(frozen=True)
class Framing(Record):
    loaded_terms: tuple[LoadedTerm, ...] = ()


@dataclass(frozen=True)
class ActorRef(Record):
    name: Optional[str]
    code: Optional[str] = None
    sector: Optional[str] = None


@dataclass(frozen=True)
class Place(Record):
    name: str
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    precision: Optional[int] = None


@dataclass(frozen=True)
class EventDate(Record):
    value: Optional[str]
    precision: Optional[str]
    expression: Optional[str]


@dataclass(frozen=True)
class Event(Record):
    type: str
    mode: Optional[str]
    actor: Optional[ActorRef]
    recipient: Optional[ActorRef]
    location: Optional[Place]
    date: Optional[EventDate]
    modality: str
    evidence: Evidence
    extra_evidence: tuple[Evidence, ...] = ()
    extractor: str = "parley_events.v1"


@dataclass(frozen=True)
class Position(Record):
    party: str
    stance: str
    issue: str
    detail: str
    evidence: Evidence
    reported_by: Optional[str] = None
    negated: bool = False
    condition: Optional[str] = None
    extractor: str = "parley_positions.v1"


@dataclass(frozen=True)
class Extraction(Record):
    """Everything parley extracts from one article: the record of CONTRACT.md."""

    article: Article
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    positions: tuple[Position, ...] = ()
    events: tuple[Event, ...] = ()
    framing: Framing = field(default_factory=Framing)
