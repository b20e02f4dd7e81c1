"""The timeline: corpus events in date order, undated ones last, each with every article that reported it.

Pure functions over records. One happening reported by several articles becomes one
:class:`CorpusEvent` (GDELT counts one strike many times; parley must not):

- an event with a calendar date and a place or an actor is keyed by (type, date, place, actor): the same
  strike on Rafah on 7 May 2024 by Israel is one event whichever articles report it;
- any other event (undated, or with neither place nor actor) is too vague to match across stories, so it
  merges only with the same event in copies of the same story (wire copies, see :mod:`parley.dedup`).

Places and actors compare case- and space-insensitively; an actor compares by its country code when it has
one (``Israeli army`` and ``Israel`` both ISR), else by name. Known limit: two strikes by the same actor on
the same place and day are one corpus event.

:func:`timeline` builds the whole view from extractions; :class:`parley.store.Store` computes the same keys
when storing (:func:`article_event_fields`) and returns the same :class:`CorpusEvent` records
from indexed queries (:func:`build_events`, :func:`sort_key`, :func:`row_matches`).
"""
from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping, Optional

from ..types import ActorRef, Event, EventDate, Evidence, Extraction, Place, Record

UNDATED = date(9999, 12, 31)  # sorts after every real date (and is never one)


# ---------------------------------------------------------------------------------------------------
# Normalising names and dates (shared with the ledger and the store)

def norm(text: Optional[str]) -> str:
    """Case- and space-insensitive form of a name ('' for none)."""
    return " ".join(text.lower().split()) if text else ""


def code(text: Optional[str]) -> str:
    return text.strip().upper() if text else ""


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")


def date_bounds(value: Optional[str]) -> Optional[tuple[date, date]]:
    """First and last day of an ISO date, month (2024-05), year (2024) or week (2024-W19); None otherwise."""
    if not value:
        return None
    value = value.strip()
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _YEAR.match(value):
            y = int(m[1])
            return date(y, 1, 1), date(y, 12, 31)
        if m := _WEEK.match(value):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + timedelta(days=6)
    except ValueError:
        return None
    return None


def _clean(value: Optional[str]) -> Optional[str]:
    """A filter value, or None when it is empty or blank (a blank filter filters nothing)."""
    return value.strip() or None if isinstance(value, str) else value


def parse_bound(value: Optional[str], *, end: bool = False) -> Optional[date]:
    """A --from/--to value (YYYY-MM-DD, YYYY-MM or YYYY) as a date: its first day, or its last with end=True."""
    if value is None or value == "":
        return None
    bounds = date_bounds(value)
    if bounds is None:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return bounds[1] if end else bounds[0]


# ---------------------------------------------------------------------------------------------------
# Records

@dataclass(frozen=True)
class SourceRef(Record):
    """The article a record came from, as the corpus views cite it."""

    article_id: str
    source: str
    outlet: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None


@dataclass(frozen=True)
class EventReport(Record):
    """One article's report of a corpus event: where it said so and how sure it was."""

    article: SourceRef
    evidence: Evidence
    modality: str
    date_expression: Optional[str] = None


@dataclass(frozen=True)
class CorpusEvent(Record):
    """One happening, however many articles reported it."""

    key: str
    type: str
    mode: Optional[str]
    actor: Optional[ActorRef]
    recipient: Optional[ActorRef]
    location: Optional[Place]
    date: Optional[EventDate]
    modality: str                      # 'asserted' if any report asserts it, else the first report's
    sources: tuple[EventReport, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.article.outlet for s in self.sources if s.article.outlet))

    def to_dict(self) -> dict:
        d = super().to_dict()
        d["outlets"] = list(self.outlets)
        return d


@dataclass(frozen=True)
class EventRow:
    """An event as the timeline reads it: the record, the article it came from and that article's story."""

    event: Event
    article: SourceRef
    story_id: str
    index: int = 0              # the event's position in its article
    key: Optional[str] = None   # its corpus key, when already known (the store keeps it)

    def order(self) -> tuple:
        """Reports are listed by publication date, then article id, then position in the article."""
        return (self.article.published or "9999", self.article.article_id, self.index)


@dataclass(frozen=True)
class Filters:
    """Timeline filters. ``actor`` matches actor or recipient, by name or country code; ``place`` matches a
    place name or country code; ``date_from``/``date_to`` keep events whose whole date lies in the window
    (undated events are left out when either is given)."""

    actor: Optional[str] = None
    type: Optional[str] = None
    place: Optional[str] = None
    date_from: Optional[date] = None
    date_to: Optional[date] = None

    @classmethod
    def make(cls, *, actor=None, type=None, place=None, date_from=None, date_to=None) -> "Filters":
        if isinstance(date_from, str):
            date_from = parse_bound(date_from)
        if isinstance(date_to, str):
            date_to = parse_bound(date_to, end=True)
        return cls(actor=_clean(actor), type=_clean(type), place=_clean(place), date_from=date_from,
                   date_to=date_to)


# ---------------------------------------------------------------------------------------------------
# Keys and derived fields (the store keeps these as indexed columns)

def actor_key(actor: Optional[ActorRef]) -> str:
    if actor is None:
        return ""
    return code(actor.code) or norm(actor.name)


def _key_parts(event: Event, story_id: str) -> tuple[str, ...]:
    bounds = date_bounds(event.date.value) if event.date else None
    place = norm(event.location.name) if event.location else ""
    actor = actor_key(event.actor)
    etype = code(event.type)
    if bounds and (place or actor):
        return ("dated", etype, bounds[0].isoformat(), bounds[1].isoformat(), place, actor)
    return ("story", story_id, etype, event.date.value if event.date and event.date.value else "", place, actor,
            actor_key(event.recipient))


def article_event_fields(events: Iterable[Event], story_id: str) -> list[dict]:
    """:func:`event_fields` for the events of one article, in article order.

    Events too vague to match across stories are told apart by their order among the article's events with
    the same vague description: the 2nd undated ASSAULT of an article is the 2nd undated ASSAULT of each of
    its wire copies, and never merges with the 1st.
    """
    seen: dict[tuple, int] = {}
    out = []
    for e in events:
        parts = _key_parts(e, story_id)
        occurrence = 0
        if parts[0] == "story":
            occurrence = seen.get(parts, 0)
            seen[parts] = occurrence + 1
        out.append(event_fields(e, story_id, occurrence))
    return out


def event_fields(event: Event, story_id: str, occurrence: int = 0) -> dict:
    """The derived, indexed fields of an event: normalised names, date bounds, corpus key.

    ``occurrence`` tells apart vague events of one article (see :func:`article_event_fields`).
    """
    bounds = date_bounds(event.date.value) if event.date else None
    place = norm(event.location.name) if event.location else ""
    etype = code(event.type)
    parts = _key_parts(event, story_id)
    if parts[0] == "story":
        parts = (*parts, str(occurrence))
    key = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
    return {
        "corpus_key": key,
        "type_code": etype,
        "actor_norm": norm(event.actor.name) if event.actor else "",
        "actor_code_norm": code(event.actor.code) if event.actor else "",
        "recipient_norm": norm(event.recipient.name) if event.recipient else "",
        "recipient_code_norm": code(event.recipient.code) if event.recipient else "",
        "place_norm": place,
        "country_norm": code(event.location.country) if event.location else "",
        "date_start": bounds[0] if bounds else None,
        "date_end": bounds[1] if bounds else None,
        "date_sort": bounds[0] if bounds else UNDATED,
    }


def row_matches(fields: Mapping, filters: Filters) -> bool:
    """Does one report (its :func:`event_fields`) pass the filters? The store's SQL mirrors this."""
    if filters.type and fields["type_code"] != code(filters.type):
        return False
    if filters.actor:
        a, c = norm(filters.actor), code(filters.actor)
        if a not in (fields["actor_norm"], fields["recipient_norm"]) and c not in (
                fields["actor_code_norm"], fields["recipient_code_norm"]):
            return False
    if filters.place:
        if norm(filters.place) != fields["place_norm"] and code(filters.place) != fields["country_norm"]:
            return False
    if filters.date_from and (fields["date_start"] is None or fields["date_sort"] < filters.date_from):
        return False
    if filters.date_to and (fields["date_end"] is None or fields["date_sort"] > filters.date_to
                            or fields["date_end"] > filters.date_to):
        return False
    return True


def sort_key(event: CorpusEvent) -> tuple:
    """Date order (by the first day of the event's date), undated last; same-day events in key order."""
    bounds = date_bounds(event.date.value) if event.date else None
    return (bounds[0] if bounds else UNDATED, event.key)


def _first(values):
    return next((v for v in values if v is not None), None)


def build_events(rows: Iterable[EventRow], filters: Filters | None = None) -> list[CorpusEvent]:
    """Group reports into corpus events (by their corpus key), in date order, undated last.

    With ``filters``, keep the events at least one of whose reports passes them all. Reports are listed by
    publication date; the first names the event, and fields it lacks come from the next ones that have them.
    """
    groups: dict[str, list[EventRow]] = {}
    matched: set[str] = set()
    for row in rows:
        fields = event_fields(row.event, row.story_id)
        key = row.key or fields["corpus_key"]
        groups.setdefault(key, []).append(row)
        if filters is None or row_matches(fields, filters):
            matched.add(key)
    out = [_corpus_event(key, group) for key, group in groups.items() if key in matched]
    out.sort(key=sort_key)
    return out


def _corpus_event(key: str, group: list[EventRow]) -> CorpusEvent:
    group = sorted(group, key=EventRow.order)
    events = [r.event for r in group]
    modalities = [e.modality for e in events]
    return CorpusEvent(
        key=key,
        type=code(events[0].type),
        mode=_first(e.mode for e in events),
        actor=_first(e.actor for e in events),
        recipient=_first(e.recipient for e in events),
        location=_first(e.location for e in events),
        date=_first(e.date for e in events if e.date and e.date.value) or _first(e.date for e in events),
        modality="asserted" if "asserted" in modalities else modalities[0],
        sources=tuple(EventReport(article=r.article, evidence=r.event.evidence, modality=r.event.modality,
                                  date_expression=r.event.date.expression if r.event.date else None)
                      for r in group),
    )


def source_ref(extraction: Extraction) -> SourceRef:
    a = extraction.article
    return SourceRef(article_id=a.id, source=a.source, outlet=a.outlet, title=a.title,
                     published=a.published.date if a.published else None)


def rows_of(extractions: Iterable[Extraction], stories: Mapping[str, str] | None = None) -> list[EventRow]:
    """Every event of every (distinct) article, with its source and story (computed when not given)."""
    unique = list({x.article.id: x for x in extractions}.values())
    if stories is None:
        from ..dedup import find_stories
        stories = find_stories(x.article for x in unique)
    rows = []
    for x in unique:
        story = stories.get(x.article.id, x.article.id)
        for i, (e, fields) in enumerate(zip(x.events, article_event_fields(x.events, story))):
            rows.append(EventRow(event=e, article=source_ref(x), story_id=story, index=i, key=fields["corpus_key"]))
    return rows


def timeline(extractions: Iterable[Extraction], *, actor: str | None = None, type: str | None = None,
             place: str | None = None, date_from: str | date | None = None, date_to: str | date | None = None,
             stories: Mapping[str, str] | None = None) -> list[CorpusEvent]:
    """The corpus events of these extractions in date order (undated last), each with all its sources.

    An event is listed when at least one of its reports passes every filter (see :class:`Filters`); it is
    then listed with all its reports. Ingesting an article twice changes nothing: articles are taken once
    by id. ``stories`` maps article id to story id (:func:`parley.dedup.find_stories` when left out).
    """
    filters = Filters.make(actor=actor, type=type, place=place, date_from=date_from, date_to=date_to)
    return build_events(rows_of(extractions, stories), filters)
