"""The figure ledger: every claimed number, with who claimed it, one row per what was counted.

Pure functions over records. A row is one (category, group, place, period); under ``claims`` it keeps every
claim as stated: value, range, qualifier, claimant, the article and the sentence. Nothing is overwritten
or averaged away. A wire copy repeating the same claim (same story, same number, same claimant) is one
claim listing every copy.

Periods keep running totals and one-day counts apart, so they are never summed together:

- ``day``: a count for a date (the figure's ``date``): "killed seven dockworkers late Thursday";
- ``running_total``: a count since a start (``since``, or a figure marked as a running total), as of the
  figure's date or else the article's publication date: "1,400 killed since the war began in March";
- ``reported``: a count with neither, as of the article's publication date.

Derived, never stored (the store keeps the claims only):

- ``conservative``: ACLED's rule, the lowest credible figure: the smallest stated number (or low end of a
  stated range) among the claims;
- ``low`` / ``best`` / ``high``: UCDP's estimates: the lowest number any claim allows, the median of the
  claimed numbers, the highest number any claim states (an open claim such as "at least 12" counts as 12);
- ``disagree``: True when the claims' ranges cannot all be true at once ("exactly 5" and "at least 12").
"""
from __future__ import annotations

import hashlib
import math
import statistics
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping, Optional

from ..types import Evidence, Extraction, Figure, Record
from .timeline import UNDATED, SourceRef, _clean, date_bounds, norm, parse_bound, source_ref

INF = math.inf


# ---------------------------------------------------------------------------------------------------
# Records

@dataclass(frozen=True)
class Period(Record):
    kind: str                       # day | running_total | reported
    date: Optional[str] = None      # day: the date counted
    since: Optional[str] = None     # running_total: the start (None when the article does not say)
    as_of: Optional[str] = None     # running_total / reported: the date the count stood at


@dataclass(frozen=True)
class Claim(Record):
    """One claimed figure as the article states it."""

    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    qualifier: str
    claimant: Optional[str]
    article: SourceRef
    evidence: Evidence
    copies: tuple[SourceRef, ...] = ()  # other copies of the same story repeating this claim

    @property
    def range(self) -> tuple[float, float]:
        return claim_range(self.value, self.low, self.high, self.qualifier)


@dataclass(frozen=True)
class LedgerRow(Record):
    key: str
    category: str
    group: Optional[str]
    place: Optional[str]
    period: Period
    claims: tuple[Claim, ...]

    # --- derived from the claims, never stored ---
    @property
    def claimants(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.claimant for c in self.claims if c.claimant))

    @property
    def numbered(self) -> tuple[Claim, ...]:
        """The claims that state a number or a range (a bare "dozens" with no bounds states neither)."""
        return tuple(c for c in self.claims if c.value is not None or c.low is not None or c.high is not None)

    @property
    def disagree(self) -> bool:
        ranges = [c.range for c in self.numbered]
        return bool(ranges) and max(lo for lo, _ in ranges) > min(hi for _, hi in ranges)

    @property
    def conservative(self) -> Optional[float]:
        floors = [f for f in (_floor(c) for c in self.numbered) if f is not None]
        return min(floors) if floors else None

    @property
    def low(self) -> Optional[float]:
        lows = []
        for c in self.numbered:
            candidates = [v for v in (c.range[0], _floor(c)) if v is not None and not math.isinf(v)]
            if candidates:
                lows.append(min(candidates))
        return min(lows) if lows else None

    @property
    def best(self) -> Optional[float]:
        points = [p for p in (_point(c) for c in self.numbered) if p is not None]
        if not points:
            return None
        best = statistics.median(points)
        low, high = self.low, self.high
        if low is not None:
            best = max(best, low)
        if high is not None:
            best = min(best, high)
        return best

    @property
    def high(self) -> Optional[float]:
        highs = []
        for c in self.numbered:
            hi, point = c.range[1], _point(c)
            candidates = [v for v in (None if math.isinf(hi) else hi, point) if v is not None]
            if candidates:
                highs.append(max(candidates))
        return max(highs) if highs else None

    def to_dict(self) -> dict:
        d = super().to_dict()
        d.update(claimants=list(self.claimants), disagree=self.disagree, conservative=self.conservative,
                 low=self.low, best=self.best, high=self.high)
        return d


# ---------------------------------------------------------------------------------------------------
# Ranges and keys

_NEAR = 0.1  # "about"/"nearly" allow 10% when the figure gives no range of its own


def claim_range(value, low, high, qualifier) -> tuple[float, float]:
    """The numbers a claim allows: its own low/high where the extractor gave them, else by qualifier."""
    q = qualifier or "exact"
    if low is not None:
        lo = float(low)
    elif value is None:
        lo = 0.0
    elif q == "about" or q == "nearly":
        lo = value * (1 - _NEAR)
    elif q == "up_to":
        lo = 0.0
    elif q == "more_than":
        lo = value + 1 if float(value).is_integer() else value
    else:
        lo = float(value)
    if high is not None:
        hi = float(high)
    elif value is None:
        hi = INF
    elif q == "about":
        hi = value * (1 + _NEAR)
    elif q in ("exact", "nearly", "up_to"):
        hi = float(value)
    else:  # at_least, more_than, vague
        hi = INF
    return lo, max(lo, hi)


def _floor(c: Claim) -> Optional[float]:
    """ACLED's reading of one claim: the stated number, or the low end of a stated range."""
    if c.value is not None:
        return float(c.value)
    return None if c.low is None else float(c.low)


def _point(c: Claim) -> Optional[float]:
    if c.value is not None:
        return float(c.value)
    lo, hi = c.range
    if c.low is not None and not math.isinf(hi):
        return (lo + hi) / 2
    return None if c.low is None else float(c.low)


def period_of(figure: Figure, published: Optional[str]) -> Period:
    if figure.since or figure.running_total:
        return Period(kind="running_total", since=figure.since, as_of=figure.date or published)
    if figure.date:
        return Period(kind="day", date=figure.date)
    return Period(kind="reported", as_of=published)


def period_sort(period: Period) -> date:
    bounds = date_bounds(period.date if period.kind == "day" else period.as_of)
    return bounds[0] if bounds else UNDATED


def figure_fields(figure: Figure, published: Optional[str]) -> dict:
    """The derived, indexed fields of a figure: normalised group and place, period, ledger key."""
    period = period_of(figure, published)
    group, place = norm(figure.group), norm(figure.location)
    parts = (figure.category or "", group, place, period.kind, period.date or "", period.since or "",
             period.as_of or "")
    return {
        "ledger_key": hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:24],
        "group_norm": group,
        "place_norm": place,
        "period_kind": period.kind,
        "period_sort": period_sort(period),
    }


@dataclass(frozen=True)
class FigureRow:
    """A figure as the ledger reads it: the record, the article it came from and that article's story."""

    figure: Figure
    article: SourceRef
    story_id: str
    index: int = 0

    def order(self) -> tuple:
        return (self.article.published or "9999", self.article.article_id, self.index)


@dataclass(frozen=True)
class Filters:
    category: Optional[str] = None
    place: Optional[str] = None
    group: Optional[str] = None
    date_from: Optional[date] = None
    date_to: Optional[date] = None

    @classmethod
    def make(cls, *, category=None, place=None, group=None, date_from=None, date_to=None) -> "Filters":
        if isinstance(date_from, str):
            date_from = parse_bound(date_from)
        if isinstance(date_to, str):
            date_to = parse_bound(date_to, end=True)
        return cls(category=_clean(category), place=_clean(place), group=_clean(group),
                   date_from=date_from, date_to=date_to)


def row_matches(figure: Figure, fields: Mapping, filters: Filters) -> bool:
    """Filters on the row's own key fields (so a row is kept or left out whole). The store mirrors this."""
    if filters.category and figure.category != filters.category.strip().lower():
        return False
    if filters.place and fields["place_norm"] != norm(filters.place):
        return False
    if filters.group and fields["group_norm"] != norm(filters.group):
        return False
    if filters.date_from and fields["period_sort"] < filters.date_from:
        return False
    if filters.date_to and fields["period_sort"] > filters.date_to:
        return False
    return True


def _claim_identity(row: FigureRow) -> tuple:
    f = row.figure
    return (row.story_id, f.value, f.low, f.high, f.qualifier, norm(f.claimed_by))


def build_rows(rows: Iterable[FigureRow], filters: Filters | None = None) -> list[LedgerRow]:
    """Group figures into ledger rows ordered by category, then period, then key."""
    groups: dict[str, list[FigureRow]] = {}
    sort: dict[str, tuple] = {}
    for row in rows:
        fields = figure_fields(row.figure, row.article.published)
        if filters is not None and not row_matches(row.figure, fields, filters):
            continue
        key = fields["ledger_key"]
        groups.setdefault(key, []).append(row)
        sort[key] = (row.figure.category or "", fields["period_sort"], key)
    return [ledger_row(key, groups[key]) for key in sorted(groups, key=sort.__getitem__)]


def ledger_row(key: str, group: list[FigureRow]) -> LedgerRow:
    """One ledger row from the figures that share its key (any order)."""
    group = sorted(group, key=FigureRow.order)
    claims: dict[tuple, list[FigureRow]] = {}
    for row in group:
        claims.setdefault(_claim_identity(row), []).append(row)
    first = group[0]
    f = first.figure
    return LedgerRow(
        key=key,
        category=f.category,
        group=next((r.figure.group for r in group if r.figure.group), None),
        place=next((r.figure.location for r in group if r.figure.location), None),
        period=period_of(f, first.article.published),
        claims=tuple(Claim(value=c[0].figure.value, low=c[0].figure.low, high=c[0].figure.high,
                           qualifier=c[0].figure.qualifier, claimant=c[0].figure.claimed_by,
                           article=c[0].article, evidence=c[0].figure.evidence,
                           copies=tuple(r.article for r in c[1:]))
                     for c in claims.values()),
    )


def rows_of(extractions: Iterable[Extraction], stories: Mapping[str, str] | None = None) -> list[FigureRow]:
    unique = list({x.article.id: x for x in extractions}.values())
    if stories is None:
        from ..dedup import find_stories
        stories = find_stories(x.article for x in unique)
    return [FigureRow(figure=f, article=source_ref(x), story_id=stories.get(x.article.id, x.article.id), index=i)
            for x in unique for i, f in enumerate(x.figures)]


def ledger(extractions: Iterable[Extraction], *, category: str | None = None, place: str | None = None,
           group: str | None = None, date_from: str | date | None = None, date_to: str | date | None = None,
           stories: Mapping[str, str] | None = None) -> list[LedgerRow]:
    """The figure ledger of these extractions: one row per (category, group, place, period), every claim
    under ``claims``; rows ordered by category, then period date (undated last)."""
    filters = Filters.make(category=category, place=place, group=group, date_from=date_from, date_to=date_to)
    return build_rows(rows_of(extractions, stories), filters)
