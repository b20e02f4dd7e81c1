"""The publication date of an article: given (metadata, URL, dateline) or inferred from the text.

``find_published(text, title=..., metadata_date=..., url=...)`` returns a :class:`PublishedDate`.

Given dates win and are not inferred: ``metadata_date`` (parsed loosely: ISO, RFC 2822, "May 8, 2024"),
then a date in the URL (``/2014/08/19/``), then a dateline at the start of the text
("CAIRO, Aug 19 (Reuters) -", "BOGOTA, 2 JUL 89 (AFP) --", "Tuesday 19 August 2014").

Otherwise the date is inferred. Every cue in the text becomes a likelihood over candidate days
(1985 to today) and the cues are multiplied, so constraints intersect:

- explicit dates and years ("Oct. 19, 2012", "Saturday, July 26", "in 2007"): the article is written
  on or after them, usually soon after the latest; a weekday beside a month-day picks the year;
- office holders with their terms (``data/office_holders.yaml``): "US Secretary of State Hillary
  Clinton" puts the article inside 2009-01-21..2013-02-01;
- anchor events (``data/anchor_events.yaml``): "the Oct. 7 attack" is a lower bound; arithmetic on
  an anchor gives a window: "the seven-month conflict" (war start + 7 months), "a week ago with the
  killing of X", "18 years after Washington invaded", "the anniversary of the 9/11 attacks";
- durations against a start the text itself gives: "a seven-year blockade" + "imposed ... in 2007";
- running totals that only grow (Gaza's death toll by the health ministry's count, shipped with the
  war's anchor): "more than 2,000 Palestinians killed" was written on or after the day the count
  reached 2,000;
- weekdays: news is published on the day of, or the day after, the latest weekday it mentions.

The posterior over days gives the answer: a day when the mass within a day of the best day is high
enough, else the month (``YYYY-MM``), else nothing (date None; when only the year is known it is
named in the evidence with a low confidence). No cue, no guess: date None, confidence 0.

Nothing here is keyed to any particular article: the knowledge is the two cited data files, the
rest is calendar arithmetic.
"""
from __future__ import annotations

import bisect
import email.utils
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Callable, Iterable, Optional, Sequence

import numpy as np
import yaml

from ..errors import ConfigError
from ..types import PublishedDate

__all__ = ["find_published", "parse_date_loose"]

# ----------------------------------------------------------------------------------------- text helpers


def _build_fold() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii():
            table[cp] = base
    table.update({ord("\u2019"): "'", ord("\u2018"): "'", ord("\u02bc"): "'", ord("\u201c"): '"',
                  ord("\u201d"): '"', ord("\u2013"): "-", ord("\u2014"): "-", ord("\u2011"): "-",
                  ord("\u00a0"): " ", ord("\u0131"): "i", ord("\u0142"): "l", ord("\u00f8"): "o",
                  ord("\u00d8"): "O", ord("\u0111"): "d", ord("\u2009"): " ", ord("\u202f"): " "})
    return table


_FOLD = _build_fold()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold(s: str) -> str:
    """Length-preserving: accents dropped, curly quotes and dashes made plain."""
    if s.isascii():
        return s
    return _NON_ASCII.sub(lambda m: _FOLD.get(ord(m.group()), m.group()), s)


_MONTHS = {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
           "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
           "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12}
_MON = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?|"
        r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_MONFULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_NUMWORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
             "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
             "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
             "ninety": 90, "dozen": 12, "a dozen": 12, "half a": 0.5}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
             "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
             "nineteenth": 19, "twentieth": 20, "twenty-fifth": 25, "thirtieth": 30, "fortieth": 40,
             "fiftieth": 50}
_NUM = (r"(?:\d{1,3}|a dozen|half a|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|"
        r"three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
        r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|dozen|an?)")
_ORD = r"(?:\d{1,3}(?:st|nd|rd|th)|" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + ")"


def _num(s: str) -> Optional[float]:
    s = s.lower().strip()
    if s.isdigit():
        return float(s)
    if s in _NUMWORDS:
        return float(_NUMWORDS[s])
    parts = re.split(r"[- ]", s)
    if len(parts) == 2 and parts[0] in _NUMWORDS and parts[1] in _NUMWORDS:
        return float(_NUMWORDS[parts[0]] + _NUMWORDS[parts[1]])
    return None


def _ordinal(s: str) -> Optional[int]:
    s = s.lower()
    if s[:-2].isdigit():
        return int(s[:-2])
    return _ORDINALS.get(s)


_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25, "decade": 3652.5}


def _unit(s: str) -> str:
    s = s.lower().rstrip("s")
    return {"dai": "day"}.get(s, s)


def _add_months(d: date, months: float) -> date:
    whole = int(math.floor(months))
    frac = months - whole
    y, m = divmod(d.month - 1 + whole, 12)
    y += d.year
    m += 1
    day = min(d.day, [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31,
                      31, 30, 31, 30, 31][m - 1])
    return date(y, m, day) + timedelta(days=round(frac * 30.44))


def _shift(d: date, n: float, unit: str) -> date:
    try:
        if unit == "month":
            return _add_months(d, n)
        if unit == "year":
            return _add_months(d, n * 12)
        if unit == "decade":
            return _add_months(d, n * 120)
        return d + timedelta(days=round(n * _UNIT_DAYS[unit]))
    except (ValueError, OverflowError):
        return d


# ----------------------------------------------------------------------------------------- loose parsing

_ISO_RE = re.compile(r"^\s*((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ].*)?\s*$")


def parse_date_loose(value: object) -> tuple[Optional[date], Optional[str]]:
    """Parse a metadata date loosely. Returns (date, precision) with precision day|month|year,
    or (None, None). ISO (with or without time), RFC 2822, "May 8, 2024", "8 May 2024", "2024-05"."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    s = _fold(str(value)).strip()
    if not s:
        return None, None
    m = _ISO_RE.match(s)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        try:
            if d:
                return date(int(y), int(mo), int(d)), "day"
            if mo:
                return date(int(y), int(mo), 1), "month"
            return date(int(y), 1, 1), "year"
        except ValueError:
            return None, None
    try:
        t = email.utils.parsedate_to_datetime(s)
        if t is not None:
            return t.date(), "day"
    except (TypeError, ValueError, IndexError):
        pass
    try:
        from dateutil import parser as du  # a dependency of trafilatura/htmldate
    except ImportError:  # pragma: no cover
        return None, None
    try:
        a = du.parse(s, default=datetime(1904, 1, 1), fuzzy=True)
        b = du.parse(s, default=datetime(1908, 2, 2), fuzzy=True)
    except (ValueError, OverflowError, TypeError):
        return None, None
    if a.year != b.year:
        return None, None
    if a.month != b.month:
        return date(a.year, 1, 1), "year"
    if a.day != b.day:
        return date(a.year, a.month, 1), "month"
    return a.date(), "day"


# ----------------------------------------------------------------------------------------- URL, dateline

_URL_PATTERNS = [
    (re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)"), "ymd"),
    (re.compile(r"/((?:19|20)\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*/(0?[1-9]|[12]\d|3[01])(?=/|$)", re.I), "ymond"),
    (re.compile(r"[/_-]((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"), "ymd"),
    (re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])(?=/)"), "ym"),
]


def _url_date(url: Optional[str]) -> tuple[Optional[date], Optional[str], str]:
    if not url:
        return None, None, ""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.I)
    for rx, kind in _URL_PATTERNS:
        m = rx.search(path)
        if not m:
            continue
        try:
            if kind == "ymd":
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "day", m.group(0)
            if kind == "ymond":
                return date(int(m.group(1)), _MONTHS[m.group(2).lower()[:3]], int(m.group(3))), "day", m.group(0)
            y = int(m.group(1))
            return date(y, int(m.group(2)), 1), "month", m.group(0)
        except ValueError:
            continue
    return None, None, ""


_DATELINE_RES = [
    # CAIRO, Aug 19 (Reuters) -   /  BOGOTA, 2 JUL 89 (AFP) --  /  WASHINGTON, May 8, 2024 (AP) -
    re.compile(r"^\s*(?:[A-Z][A-Za-z.'\- ]{1,40},\s*){1,2}(?P<date>" + _MON + r"\s+\d{1,2}(?:st|nd|rd|th)?"
               r"(?:,?\s+(?:19|20)\d\d)?|\d{1,2}\s+" + _MON + r"(?:\s+(?:(?:19|20)?\d\d))?)\s*"
               r"(?:\([^)]{1,40}\)\s*)?(?:-{1,2}|—|/|:|\()", re.I),
    # a line holding only a date, near the top: "Tuesday 19 August 2014", "Dec 29, 2007"
    re.compile(r"^\s*(?:(?:Published|Posted|Updated|Last updated|First published)(?: on)?:?\s*)?"
               r"(?P<date>(?:" + _WD + r",?\s+)?(?:" + _MON + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d|"
               r"\d{1,2}(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?:19|20)\d\d))(?:\s+\d{1,2}[:.]\d\d.*)?\s*$",
               re.I | re.M),
]


def _parse_date_phrase(s: str) -> tuple[Optional[int], Optional[int], Optional[int]]:
    """(year, month, day) from a phrase like "Aug 19", "2 JUL 89", "19 August 2014"; missing parts None."""
    s = s.strip()
    rx_mdy = r"(?P<mon>" + _MON + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)?\d\d))?\b"
    rx_dmy = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>" + _MON + r")(?:,?\s+(?P<y>(?:19|20)?\d\d))?\b"
    order = (rx_dmy, rx_mdy) if re.match(r"(?:[A-Za-z]+,?\s+)?\d", s) else (rx_mdy, rx_dmy)
    for rx in order:
        m = re.search(rx, s, re.I)
        if not m or not 1 <= int(m.group("d")) <= 31:
            continue
        y = m.group("y")
        year = None
        if y:
            year = int(y)
            if year < 100:
                year += 1900 if year >= 50 else 2000
        return year, _month_num(m.group("mon")), int(m.group("d"))
    return None, None, None


def _dateline(text: str) -> tuple[Optional[int], Optional[int], Optional[int], str]:
    head = text[:400]
    for rx in _DATELINE_RES:
        m = rx.search(head)
        if m:
            y, mo, d = _parse_date_phrase(m.group("date"))
            if mo and d:
                try:
                    date(y or 2000, mo, d)
                except ValueError:
                    continue
                return y, mo, d, m.group(0).strip()[:80]
    return None, None, None, ""


# ----------------------------------------------------------------------------------------- knowledge


def _load_yaml(name: str):
    try:
        raw = resources.files("parley").joinpath("data", name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:  # pragma: no cover
        raise ConfigError(f"parley/data/{name}: {exc}") from exc
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(raw, Loader=loader)
    except yaml.YAMLError as exc:
        raise ConfigError(f"parley/data/{name}: {exc}") from exc
    if not isinstance(data, list):
        raise ConfigError(f"parley/data/{name}: expected a list of entries")
    return data


def _trie_regex(words: Iterable[str]) -> str:
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        alts, end = [], False
        for ch in sorted(node, key=lambda c: (c == "", c)):
            if ch == "":
                end = True
                continue
            alts.append(re.escape(ch) + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            body = "(?:" + body + ")?"
        return body

    return emit(trie)


def _norm_alias(a: str) -> str:
    return re.sub(r"\s+", " ", _fold(a).lower().strip())


@dataclass
class _Office:
    name: str
    role: str
    category: str
    country: str
    start: int
    end: Optional[int]
    source: str


@dataclass
class _Anchor:
    id: str
    name: str
    date: int
    end: Optional[int]
    kind: str
    begins: Optional[str]
    regex: Optional[re.Pattern]
    context: list[list[str]]
    totals: list[dict]
    source: str
    keys: Optional[tuple[str, ...]] = None  # literals one of which every match contains (None: always try)
    trigger: Optional[re.Pattern] = None


_DEMONYMS = {
    "USA": ["U.S.", "US", "American", "United States", "Washington"], "ISR": ["Israeli", "Israel"],
    "PSE": ["Palestinian"], "EGY": ["Egyptian", "Egypt"], "QAT": ["Qatari", "Qatar"], "JOR": ["Jordanian", "Jordan"],
    "SAU": ["Saudi"], "ARE": ["Emirati", "UAE"], "LBN": ["Lebanese", "Lebanon"], "SYR": ["Syrian", "Syria"],
    "IRQ": ["Iraqi", "Iraq"], "IRN": ["Iranian", "Iran"], "TUR": ["Turkish", "Turkey"], "YEM": ["Yemeni", "Yemen"],
    "AFG": ["Afghan", "Afghanistan"], "PAK": ["Pakistani", "Pakistan"], "RUS": ["Russian", "Russia", "Kremlin"],
    "UKR": ["Ukrainian", "Ukraine"], "GBR": ["British", "Britain", "UK", "U.K."], "FRA": ["French", "France"],
    "DEU": ["German", "Germany"], "NOR": ["Norwegian", "Norway"], "ETH": ["Ethiopian", "Ethiopia"],
    "SDN": ["Sudanese", "Sudan"], "SSD": ["South Sudan"], "COL": ["Colombian", "Colombia"],
    "VEN": ["Venezuelan", "Venezuela"], "ARM": ["Armenian", "Armenia"], "AZE": ["Azerbaijani", "Azerbaijan"],
    "LKA": ["Sri Lankan", "Sri Lanka"], "CHN": ["Chinese", "China"], "IND": ["Indian", "India"],
    "LBY": ["Libyan", "Libya"], "NLD": ["Dutch", "Netherlands"], "POL": ["Polish", "Poland"],
}


class _Knowledge:
    """The two data files, compiled once."""

    def __init__(self) -> None:
        offices = _load_yaml("office_holders.yaml")
        self.offices: list[_Office] = []
        self.alias_index: dict[str, list[int]] = {}
        forms: set[str] = set()
        for e in offices:
            try:
                o = _Office(name=str(e["name"]), role=str(e["role"]), category=str(e["category"]),
                            country=str(e["country"]), start=_as_date(e["start"]).toordinal(),
                            end=_as_date(e["end"]).toordinal() if e.get("end") else None,
                            source=str(e["source"]))
            except (KeyError, TypeError, ValueError) as exc:
                raise ConfigError(f"parley/data/office_holders.yaml: bad entry {e!r}: {exc}") from exc
            idx = len(self.offices)
            self.offices.append(o)
            for a in e.get("aliases") or []:
                a = re.sub(r"\s+", " ", _fold(str(a)).strip())
                self.alias_index.setdefault(_norm_alias(a), []).append(idx)
                forms.update({a, a[:1].upper() + a[1:], a.title()})
        # case-sensitive (fast: only capitals start a match; upper-case wire copy is title-cased first);
        # the word boundary before a match is checked by the caller
        self.alias_re = re.compile("(?:" + _trie_regex(sorted(forms)) + r")(?![A-Za-z0-9])")
        anchors = _load_yaml("anchor_events.yaml")
        self.anchors: list[_Anchor] = []
        ctx_words: set[str] = set()
        for e in anchors:
            try:
                pats = [str(p) for p in (e.get("patterns") or [])]
                # matched on the lower-cased text (no IGNORECASE: several times faster)
                rx = re.compile(_lower_pattern("|".join(f"(?:{p})" for p in pats))) if pats else None
                ctx = [[str(w) for w in g] for g in (e.get("context") or [])]
                keys: Optional[list[str]] = []
                for p in pats:
                    k = _required_literals(p)
                    if k is None:
                        keys = None
                        break
                    keys.extend(k)
                a = _Anchor(id=str(e["id"]), name=str(e["name"]), date=_as_date(e["date"]).toordinal(),
                            end=_as_date(e["end"]).toordinal() if e.get("end") else None, kind=str(e["kind"]),
                            begins=e.get("begins"), regex=rx, context=ctx, totals=[], source=str(e["source"]),
                            keys=tuple(sorted(set(keys))) if keys is not None else None)
                if a.keys:
                    a.trigger = re.compile("|".join(re.escape(k) for k in sorted(a.keys, key=len, reverse=True)))
                for t in e.get("running_totals") or []:
                    series = [(_as_date(d).toordinal(), float(v)) for d, v in t["series"]]
                    a.totals.append({"what": t["what"], "words": [str(w) for w in t["words"]],
                                     "series": series, "source": t.get("source", "")})
            except (KeyError, TypeError, ValueError, re.error) as exc:
                raise ConfigError(f"parley/data/anchor_events.yaml: bad entry {e.get('id')!r}: {exc}") from exc
            for g in ctx:
                ctx_words.update(w.lower() for w in g)
            self.anchors.append(a)
        self.anchor_by_id = {a.id: a for a in self.anchors}
        # one pass over the text finds every anchor's literals (overlapping, via a look-ahead)
        self.key_anchors: dict[str, list[int]] = {}
        for i, a in enumerate(self.anchors):
            for k in a.keys or ():
                self.key_anchors.setdefault(k, []).append(i)
        keys = sorted(self.key_anchors)
        # a found key also reveals the keys inside it ("fall of mosul" holds "mosul")
        self.key_inside = {k: [(k2, k.find(k2)) for k2 in keys if k2 in k] for k in keys}
        self.key_re = re.compile(_trie_regex(keys)) if keys else None
        self.ctx_re = re.compile(r"(?<![a-z])(?:" + _trie_regex(sorted(ctx_words)) + r")(?![a-z])") if ctx_words else None
        total_words = {w.lower() for a in self.anchors for t in a.totals for w in t["words"]}
        self.total_words_re = re.compile(r"(?<![a-z])(?:" + _trie_regex(sorted(total_words)) + r")(?![a-z])", re.I)


_COMMON_KEYS = {"operation", "attack", "attacks", "strikes", "death", "killing", "killed", "assassination",
                "assassination of", "since", "war", "conflict", "offensive", "fall", "ouster", "january", "february",
                "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
                "jan", "feb", "oct", "nov", "dec", "sept", "2014", "2017", "2021", "the", "of", "in", "president"}


def _required_literals(pattern: str) -> Optional[list[str]]:
    """Lower-case literals one of which any match of ``pattern`` must contain (None when none is found):
    a cheap test that lets most anchors skip their regular expression."""
    try:
        import re._parser as sre_parse  # Python 3.11+
        from re._constants import BRANCH, LITERAL, SUBPATTERN
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore
        from sre_constants import BRANCH, LITERAL, SUBPATTERN  # type: ignore

    def score(c: list[str]) -> float:
        # proper nouns and digits are rarer than common words; one literal beats a choice of several
        return min(len(x) + (4 if any(ch.isdigit() for ch in x) else 0)
                   - (8 if x.lower() in _COMMON_KEYS else 0) for x in c) - 1.5 * (len(c) - 1)

    def best(items) -> Optional[list[str]]:
        cands: list[list[str]] = []
        run = ""
        for op, av in items:
            if op == LITERAL:
                run += chr(av)
                continue
            if len(run.strip()) >= 3:
                cands.append([run.strip()])
            run = ""
            if op == SUBPATTERN:
                sub = best(av[-1])
                if sub:
                    cands.append(sub)
            elif op == BRANCH:
                alts = [best(b) for b in av[1]]
                if alts and all(alts):
                    cands.append([x for a in alts for x in a])
        if len(run.strip()) >= 3:
            cands.append([run.strip()])
        if not cands:
            return None
        return max(cands, key=score)

    try:
        found = best(list(sre_parse.parse(pattern, re.I)))
        return [x.lower() for x in found] if found else None
    except Exception:  # noqa: BLE001 - a heuristic: fall back to always trying the pattern
        return None


def _as_date(v) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


@functools.lru_cache(maxsize=1)
def _knowledge() -> _Knowledge:
    return _Knowledge()


# ----------------------------------------------------------------------------------------- the day grid

_GRID_START = date(1985, 1, 1)


class _Grid:
    """Candidate publication days lo..hi with their calendar fields (numpy arrays)."""

    def __init__(self, lo: int, hi: int) -> None:
        self.lo = lo
        self.hi = hi
        self.ord = np.arange(lo, hi + 1, dtype=np.int64)
        d64 = (self.ord - _EPOCH).astype("datetime64[D]")
        self.year = d64.astype("datetime64[Y]").astype(np.int64) + 1970
        self.mindex = d64.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
        self.weekday = (self.ord - 1) % 7  # Monday = 0
        self.n = len(self.ord)


_EPOCH = date(1970, 1, 1).toordinal()


@functools.lru_cache(maxsize=64)
def _grid(lo: int, hi: int) -> _Grid:
    return _Grid(lo, hi)


def _mindex(y: int, m: int) -> int:
    return (y - 1970) * 12 + (m - 1)


def _pmf_days(n: int, fast: float, slow: float, flat: int, w=(0.5, 0.3, 0.2)) -> np.ndarray:
    k = np.arange(n, dtype=float)
    p = w[0] * (1 - fast) * fast ** k + w[1] * (1 - slow) * slow ** k + w[2] * (k < flat) / flat
    return p / p.sum()


_RECENT_DAYS = _pmf_days(240, 0.5, 0.93, 120)          # a dated mention, days before publication


def _body_pmf(n: int = 400) -> np.ndarray:
    """Days between a month-day date written in running text and publication. News style (AP
    Stylebook, "dates") names days of the last week by weekday and uses month and day beyond it, so
    a written date is seldom less than six days old."""
    k = np.arange(n, dtype=float)
    p = np.where(k < 6, 0.03, 0.0) + np.where(k >= 6, 0.5 * 0.06 * 0.94 ** (k - 6), 0.0) + np.where(k < 365, 0.32 / 365, 0.0)
    return p / p.sum()


_BODY_DAYS = _body_pmf()
# a named event: written in the months after it, no day singled out
_ANCHOR_DAYS = _pmf_days(365, 0.97, 0.99, 365, (0.5, 0.3, 0.2))
# a caption or a date with its weekday ("Saturday, Jan. 4, 2020"): the day of publication or the day before
_CAPTION_DAYS = np.concatenate([[0.45, 0.33, 0.08, 0.04, 0.03, 0.02], np.full(60, 0.05 / 60)])
_FUTURE_DAYS = _pmf_days(60, 0.8, 0.95, 30, (0.4, 0.4, 0.2))  # a dated mention ahead of publication
_TIGHT_DAYS = np.array([0.55, 0.35, 0.07, 0.03])       # a dateline: the day of, or the day before
_RECENT_MONTHS = np.array([0.10, 0.30, 0.18, 0.12, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02, 0.01, 0.01])
# "in October 2018" in running text: seldom the current month (that would be "this month")
_RECENT_MONTHS_LONG = np.concatenate([[0.04], 0.96 * _pmf_days(59, 0.85, 0.95, 24)])
_RECENT_YEARS = np.array([0.55, 0.25, 0.1, 0.05, 0.03, 0.02])
# weekday mentions: how many days before publication the named day lies (0 = the day itself)
_WD_PAST = np.array([0.30, 0.30, 0.12, 0.08, 0.06, 0.05, 0.04])
_WD_FUTURE = 0.05 / 6


def _weekday_table(kind: str) -> np.ndarray:
    """T[w, pw]: probability that a mention of weekday w appears in an article published on weekday pw."""
    t = np.zeros((7, 7))
    for pw in range(7):
        for w in range(7):
            back = (pw - w) % 7
            fwd = (w - pw) % 7
            if kind == "last":  # "last Thursday": 2..8 days back
                p = {2: 0.15, 3: 0.2, 4: 0.2, 5: 0.15, 6: 0.12, 0: 0.1, 1: 0.08}[back]
            elif kind == "next":  # "will meet Wednesday": today or one of the next days
                p = [0.25, 0.3, 0.15, 0.1, 0.08, 0.06, 0.06][fwd]
            else:
                p = _WD_PAST[back] + (_WD_FUTURE if fwd else 0.0)
            t[w, pw] = p
    return t


_WD_TABLES = {k: np.log(_weekday_table(k)) for k in ("plain", "last", "next")}


# ----------------------------------------------------------------------------------------- cues

Support = list[tuple[int, Optional[int]]]


@dataclass
class _Term:
    """One cue: a log-likelihood over candidate days, computed on demand for a grid.

    ``support`` (for cues that bound the date) lists the day ranges where the cue costs nothing and
    ``penalty`` what it costs elsewhere; the pre-pass uses them to narrow the grid."""

    kind: str
    text: str
    pos: int
    fn: Callable[[_Grid], np.ndarray]
    support: Optional[Support] = None
    penalty: float = 0.0
    hard: bool = False


@dataclass
class _Ctx:
    text: str            # working text (title + text, folded)
    low: str
    sent_starts: list[int]
    kb: "_Knowledge"
    ctx_words: set[str]
    lo: int              # the widest candidate range
    hi: int
    terms: list[_Term] = field(default_factory=list)
    used: list[tuple[int, int]] = field(default_factory=list)

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        s = self.sent_starts[max(i, 0)]
        e = self.sent_starts[i + 1] if i + 1 < len(self.sent_starts) else len(self.text)
        return s, e

    def spans(self, trigger: re.Pattern, lower: bool = False, word: bool = False) -> list[tuple[int, int]]:
        """Where a trigger matches (cached): on the lower-cased text if ``lower``; ``word``: whole words only."""
        key = (trigger.pattern, lower, word)
        cache = self.__dict__.setdefault("_spans", {})
        if key not in cache:
            src = self.low if lower else self.text
            out = [m.span() for m in trigger.finditer(src)]
            if word:
                out = [(a, b) for a, b in out if (a == 0 or not src[a - 1].isalpha()) and (b >= len(src) or not src[b].isalpha())]
            cache[key] = out
        return cache[key]

    def overlaps_used(self, s: int, e: int) -> bool:
        return any(s < ue and us < e for us, ue in self.used)

    def add_density(self, kind: str, text: str, pos: int, wins: Sequence[tuple[int, Optional[int], float]], eps: float,
                    slack: int = 0, decreasing: bool = False, extra: Optional[Callable[[_Grid], np.ndarray]] = None,
                    hard: bool = True) -> None:
        """A cue that puts the date inside windows (``(lo, hi or None for "to today", weight)``)."""
        ws = [(lo, self.hi if hi is None else hi, w) for lo, hi, w in wins]
        ws = [(lo, hi, w) for lo, hi, w in ws if hi >= lo and w > 0]
        if not ws:
            return
        span = self.hi - self.lo + 1
        total_w = sum(w for _, _, w in ws)
        peaks = [(w / total_w) / ((hi - lo + 1) * (0.625 if decreasing and hi > lo else 1.0) + slack) for lo, hi, w in ws]
        penalty = math.log((1 - eps) * max(peaks) / (eps / span))
        top = max(peaks)
        support = [(lo - slack, hi + slack) for (lo, hi, w), pk in zip(ws, peaks) if pk >= 0.05 * top]

        def fn(g: _Grid, ws=ws) -> np.ndarray:
            v = _density_vec(g, ws, eps, span, slack, decreasing)
            return v + extra(g) if extra is not None else v

        self.add(kind, text, pos, fn, support, max(penalty, 0.5), hard)

    def add(self, kind: str, text: str, pos: int, fn: Callable[[_Grid], np.ndarray], support: Optional[Support] = None,
            penalty: float = 0.0, hard: bool = False) -> None:
        self.terms.append(_Term(kind, re.sub(r"\s+", " ", text.strip()), pos, fn, support, penalty, hard))


_SENT_SPLIT = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z\"'(\[])|\n+")


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _SENT_SPLIT.finditer(text):
        starts.append(m.end())
    return starts


def _scan_spans(rx: re.Pattern, text: str, where: Sequence[tuple[int, int]], before: int, after: int) -> list[re.Match]:
    spans: list[list[int]] = []
    for ts, te in sorted(where):
        a, b = max(0, ts - before), min(len(text), te + after)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    out, seen = [], set()
    for a, b in spans:
        for m in rx.finditer(text, a, b):
            if m.span() not in seen:
                seen.add(m.span())
                out.append(m)
    return out


# --- vectors -------------------------------------------------------------------------------------------


def _point_vec(g: _Grid, occ: Sequence[int], alpha: float, fut: float, bg_past: float = 1 / 8000,
               bg_future: float = 1e-6, recent: np.ndarray = _RECENT_DAYS, future: np.ndarray = _FUTURE_DAYS) -> np.ndarray:
    occ_a = np.asarray(sorted(o for o in occ if g.lo - 400 <= o <= g.hi + 400), dtype=np.int64)
    earlier = [o for o in occ if o < g.lo - 400]
    if not len(occ_a):
        return np.full(g.n, math.log((1 - alpha - fut) * (bg_past if earlier else bg_future)))
    idx = np.searchsorted(occ_a, g.ord, side="right") - 1
    has_past = (idx >= 0) | bool(earlier)
    dp = np.where(idx >= 0, g.ord - occ_a[np.clip(idx, 0, None)], 10 ** 6)
    nxt = idx + 1
    has_next = nxt < len(occ_a)
    df = np.where(has_next, occ_a[np.clip(nxt, 0, len(occ_a) - 1)] - g.ord, 10 ** 6)
    rp = np.where(dp < len(recent), recent[np.clip(dp, 0, len(recent) - 1)], 0.0)
    fp = np.where((df >= 1) & (df <= len(future)), future[np.clip(df - 1, 0, len(future) - 1)], 0.0)
    bg = np.where(has_past, bg_past, bg_future)
    return np.log(alpha * rp + fut * fp + (1 - alpha - fut) * bg)


def _month_point_vec(g: _Grid, occ_m: Sequence[int], alpha: float, fut: float, recent: np.ndarray,
                     bg_past: float, bg_future: float) -> np.ndarray:
    """Likelihood of a month mention ("in April", "August 2014") given the candidate day."""
    occ_a = np.asarray(sorted(occ_m), dtype=np.int64)
    idx = np.searchsorted(occ_a, g.mindex, side="right") - 1
    has_past = idx >= 0
    dp = np.where(has_past, g.mindex - occ_a[np.clip(idx, 0, None)], 10 ** 6)
    nxt = idx + 1
    has_next = nxt < len(occ_a)
    df = np.where(has_next, occ_a[np.clip(nxt, 0, len(occ_a) - 1)] - g.mindex, 10 ** 6)
    rp = np.where(dp < len(recent), recent[np.clip(dp, 0, len(recent) - 1)], 0.0)
    fut_p = np.where((df >= 1) & (df <= 6), 1 / 6, 0.0)
    return np.log(alpha * rp + fut * fut_p + (1 - alpha - fut) * np.where(has_past, bg_past, bg_future))


def _year_vec(g: _Grid, year: int, alpha: float, fut: float) -> np.ndarray:
    dy = g.year - year
    rp = np.where((dy >= 0) & (dy < len(_RECENT_YEARS)), _RECENT_YEARS[np.clip(dy, 0, len(_RECENT_YEARS) - 1)], 0.0)
    fp = np.where((dy < 0) & (dy >= -10), 0.1, 0.0)
    bg = np.where(dy >= 0, 1 / 35, 0.0005)
    return np.log(alpha * rp + fut * fp + (1 - alpha - fut) * bg)


def _density_vec(g: _Grid, wins: Sequence[tuple[int, int, float]], eps: float, span: int, slack: int,
                 decreasing: bool) -> np.ndarray:
    """log density of a cue that puts the date inside one of the windows: a mixture (weights w) of
    densities uniform on each window (or falling from 1 to 0.25 across it), with ``slack`` days of
    tolerance at the edges; with probability ``eps`` the cue is misread and the date is anywhere in the
    ``span`` days of the candidate range."""
    total_w = sum(w for _, _, w in wins) or 1.0
    acc = np.zeros(g.n)
    x = g.ord
    for lo, hi, w in wins:
        area = (hi - lo + 1) * (0.625 if decreasing and hi > lo else 1.0) + slack
        if hi + slack < g.lo or lo - slack > g.hi:
            continue
        falling = decreasing and hi > lo
        inside = (x >= lo) & (x <= hi)
        val = np.where(inside, (1.0 - 0.75 * (x - lo) / (hi - lo)) if falling else 1.0, 0.0)
        if slack > 0:
            d = np.where(x < lo, lo - x, x - hi)
            edge = np.where(x < lo, 1.0, 0.25 if falling else 1.0)
            val = val + np.where(~inside & (d <= slack), edge * (1.0 - d / (slack + 1.0)), 0.0)
        acc += (w / total_w) * val / area
    return np.log((1 - eps) * acc + eps / span)


# --- matching helpers ------------------------------------------------------------------------------------

_FUTURE_CUE = re.compile(r"\b(?:will|would|is to|are to|set to|scheduled|due|expected|planned|plans|until|till|by|"
                         r"beginning|begins|starting|starts|effective|takes effect|take effect|go into effect|"
                         r"next|starting|from|deadline|ahead of|before|upcoming|slated|coming)\b[^.]{0,40}$", re.I)
_PAST_CUE = re.compile(r"\b(?:in|since|last|was|were|back in|as early as|earlier|dated)\s+$", re.I)
_CAPTION_CUE = re.compile(r"\(\s*(?:AP|AFP|Reuters|Getty|EPA|Photo)|Photo\b|file photo|\bFILE\b", re.I)
# the signature line of an embedded post ("- Name (@handle) May 8, 2024"): posted in the days before
_EMBED_CUE = re.compile(r"\(@\w+\)\s*$")


@functools.lru_cache(maxsize=2048)
def _occ_month_day(m: int, d: int, weekday: Optional[int], y0: int, y1: int) -> tuple[int, ...]:
    out = []
    for y in range(y0, y1 + 1):
        try:
            o = date(y, m, d)
        except ValueError:
            continue
        if weekday is None or o.weekday() == weekday:
            out.append(o.toordinal())
    return tuple(out)


def _md_occ(ctx: _Ctx, m: int, d: int, weekday: Optional[int] = None) -> tuple[int, ...]:
    return _occ_month_day(m, d, weekday, date.fromordinal(ctx.lo).year - 1, date.fromordinal(ctx.hi).year + 1)


def _context_ok(ctx: _Ctx, groups: list[list[str]]) -> bool:
    return all(any(w.lower() in ctx.ctx_words for w in grp) for grp in groups)


# --- explicit dates ------------------------------------------------------------------------------------

_MON_TRIGGER = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
# the date patterns start at the month or the day number (fast); the weekday before them is looked up apart
_FULL_MDY = re.compile(r"(?P<mon>" + _MON + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)")
_FULL_DMY = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>" + _MON + r"),?\s+(?P<y>(?:19|20)\d\d)(?!\d)")
_ISO_DATE = re.compile(r"(?<![\d/])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_NUM_DATE = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)(?!\d)")
_MD = re.compile(r"(?P<mon>" + _MON + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\d:]|\s*,?\s*(?:19|20)\d\d)(?!\s*(?:percent|%|-))")
_DM = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>" + _MONFULL + r"|" + _MON + r")(?![\w])(?!\s*,?\s*(?:19|20)\d\d)")
_WD_BEFORE = re.compile(r"(?P<wd>" + _WD + r"),?\s+$")


def _word_start(text: str, pos: int) -> bool:
    return pos == 0 or not text[pos - 1].isalnum()


def _weekday_before(text: str, pos: int) -> Optional[int]:
    m = _WD_BEFORE.search(text[max(0, pos - 12):pos])
    return _WEEKDAYS.index(m.group("wd").lower()) if m else None


_MONTH_YEAR = re.compile(r"(?<![\w])(?P<mon>" + _MONFULL + r"|(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.)\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)(?!\d)")
_BARE_MONTH = re.compile(r"\b(?P<prep>in|since|by|until|from|during|last|this|next|early|late|mid-|of|through|before|after)\s+"
                         r"(?:(?:early|late|mid-)\s*)?(?P<mon>" + _MONFULL + r")\b(?!\s+\d)(?!,?\s*(?:19|20)\d\d)")
_YEAR_TRIGGER = re.compile(r"(?:19|20)\d\d")
_YEAR = re.compile(r"(?<![\d,.$#/-])(?P<y>19[5-9]\d|20[0-3]\d)(?![\d%/]|-(?:year|month|day|week)| (?:year|month|day)s?\b|"
                   r"\s+(?:people|civilians|troops|soldiers|fighters|militants|rockets|refugees|families|homes|km|"
                   r"kilometers|kilometres|miles|tons|dollars|men|women|children|members|prisoners|hostages|dead|"
                   r"killed|of them|pounds|feet|meters|metres|GMT|local time|hours|hrs)\b)")
_YEAR_FUTURE = re.compile(r"\b(?:(?:postponed|delayed|pushed back|moved|rescheduled|deferred)(?: \w+){0,3} (?:to|until|till)|"
                          r"by|until|till|through|ahead of|before|in time for|scheduled for|due in|target of|"
                          r"planned for|expected in|next|upcoming|will|would)\s+(?:the\s+)?(?:end of\s+)?$", re.I)


def _month_num(s: str) -> int:
    s = s.lower().rstrip(".")
    return _MONTHS.get(s, _MONTHS.get(s[:3], 0))


_GALLERY = re.compile(r"Hide Caption|\d+ of \d+ Photos|Photos: |Image \d+ of \d+|Slideshow", re.I)


def _paragraph(text: str, s: int, e: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, s) + 1
    b = text.find("\n", e)
    return a, (len(text) if b < 0 else b)


def _date_style(ctx: _Ctx, s: int, e: int, weekday: bool, has_year: bool = False) -> tuple[float, float, str]:
    """How a written date relates to the publication day: (alpha, future weight, pmf name).

    A caption (a photo credit in the same paragraph) or a dateline names the day of publication or
    the day before; a date with its weekday in running text ("Tuesday, March 10") lies within the week
    around it; a bare month-day in running text is usually a week or more old (AP style); a date after
    "will", "until", "starting" is ahead."""
    pa, pb = _paragraph(ctx.text, s, e)
    if _GALLERY.search(ctx.text, max(pa, s - 300), min(pb, e + 300)):
        return 0.0, 0.0, "gallery"  # a photo gallery: captions of any date, often later than the story
    before = ctx.text[max(0, s - 60):s]
    if _EMBED_CUE.search(before):
        return 0.6, 0.02, "embed"
    if _FUTURE_CUE.search(before):
        return 0.15, 0.6, "weekday" if weekday else "body"
    if _CAPTION_CUE.search(ctx.text, max(pa, s - 300), min(pb, e + 300)):
        return 0.6, 0.03, "caption"
    if weekday:
        return 0.5, 0.05, "weekday"
    if _PAST_CUE.search(before):
        return 0.25, 0.01, "body"
    return 0.35, 0.02, "fullbody" if has_year else "body"


_PMFS = {"body": _BODY_DAYS, "caption": _CAPTION_DAYS, "embed": _pmf_days(60, 0.75, 0.9, 14),
         # "Tuesday, March 10" in running text: within the past week or so
         "weekday": np.concatenate([[0.2, 0.2, 0.12, 0.1, 0.09, 0.08, 0.07, 0.05], np.full(30, 0.09 / 30)])}
# a full date with its year in running text: a dateline or time stamp (today) as often as an older event
_PMFS["fullbody"] = 0.6 * _BODY_DAYS + 0.4 * np.concatenate([_CAPTION_DAYS, np.zeros(len(_BODY_DAYS) - len(_CAPTION_DAYS))])


def _pending_date(ctx: _Ctx, kind: str, occ: Sequence[int], text: str, pos: int, weekday: bool,
                  bg_past: float, bg_future: float, support: bool) -> None:
    a, f, pmf = _date_style(ctx, pos, pos + len(text), weekday, kind == "date")
    if pmf == "gallery":
        return
    key = (kind, tuple(occ), pmf, a > 0.05)
    pend = ctx.__dict__.setdefault("_pending_dates", {})
    if key in pend:
        pend[key][4] += 1  # the same date again: more weight, but not as much as a new date
        return
    pend[key] = [text, pos, (a, f, bg_past, bg_future), support and a > 0.05 and f < 0.3, 1]


def _flush_dates(ctx: _Ctx) -> None:
    for (kind, occ, pmf, _), (text, pos, (a, f, bp, bf), support, n) in ctx.__dict__.pop("_pending_dates", {}).items():
        weight = min(1.0 + 0.3 * (n - 1), 1.6)
        fn = lambda g, occ=occ, a=a, f=f, bp=bp, bf=bf, pmf=pmf, w=weight: w * _point_vec(  # noqa: E731
            g, occ, a, f, bg_past=bp, bg_future=bf, recent=_PMFS[pmf])
        sup = [(min(occ) - 45, None)] if support else None
        ctx.add(kind, text, pos, fn, sup, 3.0)


def _add_full_date(ctx: _Ctx, dd: date, text: str, pos: int, cands: Sequence[int] = ()) -> None:
    o = dd.toordinal()
    if not cands and (o < ctx.lo or o > ctx.hi):
        return
    occ = tuple(cands) or (o,)
    wd = _weekday_before(ctx.text, pos) is not None or bool(re.match(_WD, text))
    _pending_date(ctx, "date", occ, text, pos, wd, 1 / 8000, 1e-6, True)


def _explicit_dates(ctx: _Ctx) -> None:
    t = ctx.text
    for rx in (_FULL_MDY, _FULL_DMY):
        for m in _scan_spans(rx, t, ctx.spans(_MON_TRIGGER), 30, 40):
            mon = _month_num(m.group("mon"))
            if ctx.overlaps_used(m.start(), m.end()) or not _word_start(t, m.start()):
                continue
            try:
                dd = date(int(m.group("y")), mon, int(m.group("d")))
            except ValueError:
                continue
            ctx.used.append((m.start(), m.end()))
            _add_full_date(ctx, dd, m.group(0), m.start())
    for m in _ISO_DATE.finditer(t):
        if ctx.overlaps_used(m.start(), m.end()):
            continue
        try:
            dd = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        ctx.used.append((m.start(), m.end()))
        _add_full_date(ctx, dd, m.group(0), m.start())
    for m in _NUM_DATE.finditer(t):
        a_, b_, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        cands = []
        for mo, d in ((a_, b_), (b_, a_)):
            try:
                cands.append(date(y, mo, d).toordinal())
            except ValueError:
                pass
        ctx.used.append((m.start(), m.end()))
        if cands:
            _add_full_date(ctx, date.fromordinal(cands[0]), m.group(0), m.start(), sorted(set(cands)))
    for m in _scan_spans(_MONTH_YEAR, t, ctx.spans(_MON_TRIGGER), 5, 30):
        if ctx.overlaps_used(m.start(), m.end()):
            continue
        mon = _month_num(m.group("mon"))
        y = int(m.group("y"))
        ctx.used.append((m.start(), m.end()))
        mi = _mindex(y, mon)
        before = t[max(0, m.start() - 50):m.start()]
        fut = 0.4 if _FUTURE_CUE.search(before) else 0.03
        fn = lambda g, mi=mi, fut=fut: _month_point_vec(g, [mi], 0.35, fut, _RECENT_MONTHS_LONG, 1 / 400, 1e-5)  # noqa: E731
        sup = None if fut > 0.3 else [(date(y, mon, 1).toordinal(), None)]
        ctx.add("month", m.group(0), m.start(), fn, sup, 3.0)
    # month-day without a year (resolved against each candidate day)
    for rx in (_MD, _DM):
        for m in _scan_spans(rx, t, ctx.spans(_MON_TRIGGER), 30, 30):
            if ctx.overlaps_used(m.start(), m.end()) or not _word_start(t, m.start()):
                continue
            mon = _month_num(m.group("mon"))
            d = int(m.group("d"))
            if not (1 <= d <= 31) or not mon:
                continue
            ctx.used.append((m.start(), m.end()))
            wd = _weekday_before(t, m.start())
            occ = _md_occ(ctx, mon, d, wd)
            if not occ:
                continue
            bgp = 1 / 365 / (8 if wd is not None else 1)
            _pending_date(ctx, "monthday", occ, m.group(0), m.start(), wd is not None, bgp, bgp / 50, False)
    _flush_dates(ctx)


def _bare_months(ctx: _Ctx) -> None:
    y0, y1 = date.fromordinal(ctx.lo).year - 1, date.fromordinal(ctx.hi).year + 1
    for m in _scan_spans(_BARE_MONTH, ctx.text, ctx.spans(_MON_TRIGGER), 30, 30):
        if ctx.overlaps_used(m.start(), m.end()):
            continue
        mon = _month_num(m.group("mon"))
        prep = m.group("prep").lower()
        occ = tuple(_mindex(y, mon) for y in range(y0, y1 + 1))
        before = ctx.text[max(0, m.start() - 50):m.start()]
        if prep in ("next", "until", "by") or _FUTURE_CUE.search(before):
            alpha, fut = 0.15, 0.5
        elif prep == "last":
            alpha, fut = 0.6, 0.0
        else:
            alpha, fut = 0.45, 0.06
        ctx.used.append((m.start(), m.end()))
        fn = lambda g, occ=occ, alpha=alpha, fut=fut: _month_point_vec(g, occ, alpha, fut, _RECENT_MONTHS, 1 / 12, 1 / 12)  # noqa: E731
        ctx.add("month", m.group(0), m.start(), fn)


def _years(ctx: _Ctx) -> None:
    seen: dict[int, int] = {}
    hi_year = date.fromordinal(ctx.hi).year
    for m in _scan_spans(_YEAR, ctx.text, ctx.spans(_YEAR_TRIGGER), 2, 40):
        if ctx.overlaps_used(m.start(), m.end()):
            continue
        y = int(m.group("y"))
        if y > hi_year + 15:
            continue
        before = ctx.text[max(0, m.start() - 30):m.start()]
        future = bool(_YEAR_FUTURE.search(before)) or bool(re.match(r"\s*(?:elections?|polls?|vote|budget|World Cup|"
                                                                     r"Olympics|deadline|target)", ctx.text[m.end():m.end() + 20], re.I))
        key = y * 2 + int(future)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 2:
            continue
        fut = 0.35 if future else 0.01
        fn = lambda g, y=y, fut=fut: _year_vec(g, y, 0.12, fut)  # noqa: E731
        sup = None if future else [(date(y, 1, 1).toordinal(), None)]
        ctx.add("year", m.group(0), m.start(), fn, sup, 2.5)


_WD_TRIGGER = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
_WEEKDAY_RE = re.compile(r"(?<![\w])(?P<pre>(?:last|next|this|on|late|early|since|by|until|Good|Black|Super|Bloody|Ash|Holy|Cyber|Palm|Easter|Maundy)\s+)?"
                         r"(?P<wd>" + _WD + r")(?!s\b)")


def _weekdays(ctx: _Ctx) -> None:
    counts: dict[tuple[int, str], list] = {}
    for m in _scan_spans(_WEEKDAY_RE, ctx.text, ctx.spans(_WD_TRIGGER), 10, 2):
        pre = (m.group("pre") or "").strip().lower()
        if pre in ("good", "black", "super", "bloody", "ash", "holy", "cyber", "palm", "easter", "maundy"):
            continue
        pa, pb = _paragraph(ctx.text, m.start(), m.end())
        if _GALLERY.search(ctx.text, max(pa, m.start() - 300), min(pb, m.end() + 300)):
            continue  # a photo gallery's captions: any day
        w = _WEEKDAYS.index(m.group("wd").lower())
        kind = "last" if pre == "last" else "next" if pre == "next" else "plain"
        if kind == "plain" and pre not in ("late", "early") and not ctx.text[max(0, m.start() - 6):m.start()].lower().endswith("later "):
            before = ctx.text[max(0, m.start() - 40):m.start()]
            if re.search(r"\b(?:will|would|is to|are to|set to|scheduled|due|expected|planned|until|starting|next)\b[^.]{0,30}$",
                         before, re.I) and not re.search(r"\b(?:was|were|had|said)\b", before):
                kind = "next"
        counts.setdefault((w, kind), []).append(m)
    for (w, kind), ms in counts.items():
        n = len(ms)
        weight = min(1.0 + 0.5 * (n - 1), 2.5)
        fn = lambda g, w=w, kind=kind, weight=weight: weight * _WD_TABLES[kind][w][g.weekday]  # noqa: E731
        ctx.add("weekday", ms[0].group(0), ms[0].start(), fn)


# --- office holders ------------------------------------------------------------------------------------

_ROLE_PATTERNS: list[tuple[str, frozenset[str]]] = [
    (r"secretary[- ]general|secretary general|u\.?n\.? chief|nato chief|alliance chief|commissioner[- ]general|"
     r"high commissioner|director[- ]general|director general", frozenset({"secretary_general"})),
    (r"secretary of state|foreign secretary|foreign minister|minister of foreign affairs|minister for foreign affairs|"
     r"foreign affairs minister|top diplomat|foreign policy chief|high representative", frozenset({"foreign_minister"})),
    (r"defen[cs]e secretary|secretary of defen[cs]e|defen[cs]e minister|minister of defen[cs]e|minister for defen[cs]e|"
     r"defen[cs]e chief|pentagon chief|secretary of war|war secretary|armed forces minister|minister of the armed forces",
     frozenset({"defence_minister"})),
    (r"national security advis[eo]r", frozenset({"national_security_adviser"})),
    (r"vice[- ]president|first vice[- ]president", frozenset({"vice_president"})),
    (r"crown prince", frozenset({"crown_prince"})),
    (r"prime minister|premier|chancellor|pm|head of government|chief executive", frozenset({"head_of_government"})),
    (r"president|king|emir|amir|sultan|supreme leader|ayatollah|head of state|monarch",
     frozenset({"head_of_state", "commission_president", "council_president"})),
    (r"spokes(?:man|woman|person)|press secretary", frozenset({"spokesperson"})),
    (r"intelligence chief|spy chief|spymaster|cia director|director of (?:the )?(?:cia|central intelligence)|"
     r"(?:mossad|shin bet|cia|mit) (?:chief|director|head)|intelligence director|head of (?:the )?intelligence",
     frozenset({"intelligence_chief"})),
    (r"chief of (?:the )?(?:general )?staff|army chief|military chief|chairman of the joint chiefs(?: of staff)?|"
     r"joint chiefs chairman|top general|top commander|general|gen\.|lt\. gen\.|field marshal|army commander",
     frozenset({"military_chief"})),
    (r"special envoy|envoy|special representative|special coordinator|coordinator|mediator|chief negotiator|"
     r"negotiator|adviser|advisor|representative", frozenset({"envoy"})),
    (r"ambassador|permanent representative", frozenset({"ambassador"})),
    (r"leader|chief|head|chairman|chairwoman|chair|commander[- ]in[- ]chief|commander|politburo chief|political chief|"
     r"strongman|ruler", frozenset({"leader", "head_of_state", "head_of_government", "secretary_general",
                                     "military_chief", "intelligence_chief"})),
    (r"speaker", frozenset({"speaker"})),
]
_ROLE_ALT = "|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(_ROLE_PATTERNS))
# a title right before the name: "Defense Minister Yoav Gallant", "the Afghan president, Ashraf Ghani"
_ROLE_BEFORE = re.compile(r"(?<![A-Za-z])(?i:" + _ROLE_ALT + r")(?P<gap>\s*,?\s+(?:(?:[A-Z][\w.'\-]*|al-|el-|bin|de|van|von)\s+){0,3})$")
# an appositive after it: "Khaled Meshal, the Hamas leader,"
_ROLE_AFTER = re.compile(r"^\s*(?:,|\()\s*(?:(?:the|a|an|then|new|current|outgoing|acting|interim|de facto|longtime|"
                         r"former|ex-|late|self-proclaimed|self-declared|top|senior|deputy|chief|U\.S\.|US|UN|U\.N\.|"
                         r"[A-Z][\w.'\-]*(?:'s)?)\s+){0,5}(?i:" + _ROLE_ALT + r")(?![a-z])")
_FORMER = re.compile(r"(?:\b(?:former|ex|then|late|one-time|onetime|previous|deposed|ousted|exiled|toppled|slain|"
                     r"assassinated|incoming|future|would-be|erstwhile|disgraced|jailed|imprisoned|fallen|killed|dead|"
                     r"retired)\b|\bex-)[\s\-]*(?:[\w.'\-]+\s+){0,3}$", re.I)
# the person named is dead or gone: "the killing of Hamas military chief X", "X was killed", "X's funeral"
_DEATH_BEFORE = re.compile(r"\b(?:killing|assassination|death|funeral|slaying|murder|burial|coffins?|body|elimination|"
                           r"targeted killing|mourn\w*) of (?:the )?(?:[\w.'\-]+\s+){0,6}$", re.I)
_DEATH_AFTER = re.compile(r"^(?:'s\s+(?:killing|assassination|death|funeral|slaying|body|coffin)|,?\s+(?:who\s+)?(?:was|were|had been|has been)\s+"
                          r"(?:killed|assassinated|slain|eliminated)|\s+(?:was\s+)?(?:killed|assassinated|died))", re.I)


_ROLE_HINT = re.compile(r"minister|secretary|president|premier|chancellor|pm\b|king|emir|amir|sultan|leader|ayatollah|"
                        r"head|monarch|spokes|envoy|representative|coordinator|mediator|negotiator|advis|ambassador|"
                        r"chief|general|gen\.|commander|marshal|chairman|chairwoman|chair\b|prince|speaker|director|"
                        r"commissioner|diplomat|ruler|strongman")


def _role_categories(m: re.Match) -> frozenset[str]:
    for i, (_, cats) in enumerate(_ROLE_PATTERNS):
        if m.group(f"r{i}"):
            return cats
    return frozenset()


def _office_holders(ctx: _Ctx) -> None:
    kb, t = ctx.kb, ctx.text
    done: set[tuple[str, str]] = set()
    for m in kb.alias_re.finditer(t):
        if m.start() and t[m.start() - 1].isalnum():
            continue
        alias = _norm_alias(m.group(0))
        cand = kb.alias_index.get(alias)
        if not cand:
            continue
        short = " " not in alias and "-" not in alias
        s, e = m.start(), m.end()
        ss, se = ctx.sentence(s)
        pre = t[max(ss, s - 70):s]
        if not _ROLE_HINT.search(ctx.low, max(ss, s - 70), s) and not (not short and _ROLE_HINT.search(ctx.low, e, e + 90)):
            continue
        cats: frozenset[str] = frozenset()
        former = False
        phrase_s, phrase_e = s, e
        rb = _ROLE_BEFORE.search(pre)
        if rb:
            cats = _role_categories(rb)
            former = bool(_FORMER.search(pre[:rb.start()][-40:]))
            phrase_s = s - (len(pre) - rb.start())
        elif not short:
            ra = _ROLE_AFTER.search(t[e:e + 90])
            if ra:
                cats = _role_categories(ra)
                former = bool(re.search(r"\b(?:former|ex-|then|late|one-time|previous|deposed|ousted)\b", ra.group(0), re.I))
                phrase_e = e + ra.end()
        if not cats or former:
            continue
        if re.match(r"\s*(?:-elect|-designate|\s+designate)", t[e:e + 12], re.I):
            continue
        entries = [kb.offices[i] for i in cand if kb.offices[i].category in cats]
        if not entries:
            continue
        if len({o.country for o in entries}) > 1:
            near = t[max(ss, s - 45):s]
            keep = [o for o in entries if any(re.search(r"(?<![A-Za-z])" + re.escape(dn) + r"(?![a-z])", near)
                                              for dn in _DEMONYMS.get(o.country, [o.country]))]
            if keep:
                entries = keep
        key = (entries[0].name, entries[0].category)
        if key in done:
            continue
        done.add(key)
        phrase = t[phrase_s:phrase_e]
        ended = [o.end for o in entries if o.end is not None]
        dead = _DEATH_BEFORE.search(t[max(ss, phrase_s - 60):phrase_s]) or _DEATH_AFTER.match(t[e:e + 40])
        if dead and ended and len(ended) == len(entries):
            ctx.add_density("office", phrase, s, [(min(ended) - 1, None, 1.0)], eps=0.05, slack=5)
            continue
        ctx.add_density("office", phrase, s, [(o.start, o.end, 1.0) for o in entries], eps=0.01, slack=10)


# --- anchors, durations, arithmetic ----------------------------------------------------------------------

@dataclass
class _AnchorHit:
    anchor: _Anchor
    start: int
    end: int
    text: str


def _find_anchors(ctx: _Ctx) -> list[_AnchorHit]:
    kb = ctx.kb
    where: dict[int, list[tuple[int, int]]] = {}
    if kb.key_re is not None:
        for m in kb.key_re.finditer(ctx.low):
            for k, off in kb.key_inside[m.group(0)]:
                for i in kb.key_anchors[k]:
                    where.setdefault(i, []).append((m.start() + off, m.start() + off + len(k)))
    hits = []
    for i, a in enumerate(kb.anchors):
        if a.regex is None or (a.keys is not None and i not in where):
            continue
        if a.context and not _context_ok(ctx, a.context):
            continue
        ms = _scan_spans(a.regex, ctx.low, where[i], 120, 120) if a.keys is not None else a.regex.finditer(ctx.low)
        for m in ms:
            hits.append(_AnchorHit(a, m.start(), m.end(), ctx.text[m.start():m.end()]))
    hits.sort(key=lambda h: h.start)
    return hits


_WAR_WORDS = (r"(?:war|wars|conflict|fighting|offensive|campaign|insurgency|uprising|hostilities|bombardment|violence|"
              r"clashes|flare-?up|escalation|assault|civil war|rebellion|crisis|standoff|operation|strikes|airstrikes|"
              r"air strikes|rocket fire|onslaught|invasion)")
_BLOCKADE_WORDS = r"(?:blockade|siege|closure|blockaded|besieged|embargo)"
_RULE_WORDS = r"(?:rule|reign|control|ruled|governed|controlled|run)"
_OCC_WORDS = r"(?:occupation|occupied)"
_FAMILY_KINDS = {"war": {"war", "offensive"}, "blockade": {"blockade", "takeover"}, "rule": {"takeover"},
                 "occupation": {"occupation"}}


def _family(noun: str) -> str:
    n = noun.lower()
    if re.fullmatch(_BLOCKADE_WORDS, n):
        return "blockade"
    if re.fullmatch(_RULE_WORDS, n):
        return "rule"
    if re.fullmatch(_OCC_WORDS, n):
        return "occupation"
    return "war"


# triggers run on the lower-cased text
def _lc(pattern: str) -> re.Pattern:
    """A pattern for the lower-cased text: written in any case, compiled in lower case without IGNORECASE."""
    return re.compile(_lower_pattern(pattern))


def _lower_pattern(pattern: str) -> str:
    return pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")


_UNIT_TRIGGER = re.compile(r"(?:year|month|week|day|decade)(?:s|-?long|-old)?")
_ITS_TRIGGER = re.compile(r"in its")
_OF_TRIGGER = re.compile(r"(?:day|week|month|year) of")
_FOR_TRIGGER = re.compile(r" for (?:the (?:past|last) )?(?:[\w-]+ ){1,3}(?:years?|months?|weeks?|days?|decades?)\b")
_ADJ_WORDS = ("civil", "bloody", "brutal", "devastating", "deadly", "grinding", "ongoing", "long", "bitter", "savage",
              "crippling", "punishing", "israeli-egyptian", "egyptian-israeli", "military", "air", "ground", "border",
              "armed", "sectarian", "guerrilla", "rebel", "separatist", "insurgent")
_DUR_ADJ = _lc(r"(?<![\w-])(?P<q>(?:nearly|almost|more than|over|about|some|around|roughly|close to)\s+(?:a\s+)?)?"
               r"(?:(?P<n>" + _NUM + r")[- ](?P<unit>year|month|week|day|decade)s?(?:[- ]old|[- ]long)?|"
               r"(?P<long>month|week|year|decade)[- ]?long)"
               r"[- ](?P<mods>(?:[a-z][\w'\-]*[ -]){0,3}?)"
               r"(?P<noun>" + _WAR_WORDS + "|" + _BLOCKADE_WORDS + "|" + _RULE_WORDS + "|" + _OCC_WORDS + r")\b")


def _mods_ok(text: str, start: int, mods: str) -> bool:
    """The words between "seven-year" and "blockade": names ("Israeli-Egyptian") or a few adjectives."""
    words = text[start:start + len(mods)].split()
    return all(w[:1].isupper() or w.lower().strip("-") in _ADJ_WORDS for w in words)


_DUR_OF = _lc(r"(?<![\w-])(?P<q>(?:nearly|almost|more than|over|about|some|around|after|roughly|close to)\s+)?"
                     r"(?P<n>" + _NUM + r")\s+(?P<unit>years?|months?|weeks?|days?|decades?)\s+of\s+(?:[\w\-]+\s+){0,2}?"
                     r"(?P<noun>" + _WAR_WORDS + "|" + _BLOCKADE_WORDS + "|" + _OCC_WORDS + r")\b")
_DUR_INTO = _lc(r"(?<![\w-])(?P<q>(?:nearly|almost|more than|over|about|some|around)\s+)?(?P<n>" + _NUM + r")\s+"
                       r"(?P<unit>years?|months?|weeks?|days?)\s+(?:into|after the (?:start|beginning|outbreak) of)\s+"
                       r"(?:a\s+|the\s+|its\s+)?(?:[\w\-]+\s+){0,2}?(?P<noun>" + _WAR_WORDS + "|" + _BLOCKADE_WORDS + r")\b")
_DUR_ITS = _lc(r"(?P<noun>" + _WAR_WORDS + "|" + _BLOCKADE_WORDS + "|" + _OCC_WORDS + r")\b[^.;]{0,40}?"
                      r"\b(?:now )?in its (?P<ord>" + _ORD + r")\s+(?P<unit>year|month|week|day)\b")
_DUR_NTH_DAY = _lc(r"\b(?P<ord>" + _ORD + r")\s+(?P<unit>day|week|month|year)\s+of\s+(?:the\s+|a\s+)?(?:[\w\-]+\s+){0,2}?"
                          r"(?P<noun>" + _WAR_WORDS + "|" + _BLOCKADE_WORDS + r")\b")
_DUR_FOR = _lc(r"\b(?P<verb>ruled|governed|controlled|run|held|besieged|blockaded|occupied)\b"
                      r"(?:\s+[\w\-']+){0,3}?\s+for\s+(?:the\s+(?:past|last)\s+)?"
                      r"(?P<q>(?:nearly|almost|more than|over|about|some|around)\s+)?(?P<n>" + _NUM + r")\s+"
                      r"(?P<unit>years?|months?|weeks?|days?|decades?)\b")
_AGO_TRIGGER = re.compile(r"ago")
_AGO = _lc(r"(?<![\w-])(?P<q>(?:nearly|almost|more than|over|about|some|around|just over|just under)\s+)?"
                  r"(?P<n>" + _NUM + r")\s+(?P<unit>years?|months?|weeks?|days?|decades?)\s+ago\b")
_AFTER_TRIGGER = re.compile(r"(?:years|months|decades)\s+(?:after|since)\b")
_AFTER = _lc(r"(?<![\w-])(?P<q>(?:nearly|almost|more than|over|about|some|around)\s+)?(?P<n>" + _NUM + r")\s+"
                    r"(?P<unit>years?|months?|decades?)\s+(?:after|since)\b")
_ANNIV = _lc(r"\b(?:(?P<n>\d{1,3})(?:st|nd|rd|th)|(?P<ord>" + _ORD + r"))?\s*anniversary\s+of\b")
_START_VERB = re.compile(r"\b(?:began|begun|erupted|started|broke out|launched|flared|was triggered|was sparked|kicked off)\b")


def _qualified(n: float, q: Optional[str], unit: str = "") -> tuple[float, float]:
    """The range of elapsed units a phrase allows: "seven-month" [7, 8), "nearly a month" [0.5, 1].
    Days are counted the way news counts them, the first day included: "eight days" of a war that
    began on the 14th reach the 21st."""
    q = (q or "").lower().strip()
    if unit == "day":
        lo, hi = _qualified(n, q)
        return lo - 1, hi - 1
    if q.startswith(("nearly", "almost", "close", "just under")):
        return n - 0.5, n
    if q.startswith(("about", "some", "around", "roughly")):
        return n - 0.5, n + 0.5
    return n, n + 1


_STARTS_RX = {
    fam: _lc(r"\b" + words + r"\b[^.;]{0,60}?\b(?:imposed|began|started|enforced|in place|since|tightened|"
                    r"introduced|instituted|seized|took)\b[^.;]{0,80}?\b(?:in|since)\s+(?P<y>(?:19|20)\d\d)\b")
    for fam, words in (("blockade", _BLOCKADE_WORDS), ("rule", _RULE_WORDS), ("occupation", _OCC_WORDS))
}
_STARTS_RX["war"] = _lc(r"\b" + _WAR_WORDS + r"\b[^.;]{0,50}?" + _START_VERB.pattern + r"[^.;]{0,30}?\b(?:in|on|since)\s+"
                               r"(?:(?P<mon>" + _MONFULL + r"|" + _MON + r")\s+(?P<d>\d{1,2})(?:,\s*(?P<y2>(?:19|20)\d\d))?|"
                               r"(?P<y>(?:19|20)\d\d))\b")


def _starts_from_text(ctx: _Ctx, family: str) -> list[tuple[int, str, str]]:
    """Starts the text itself gives for a family of nouns: (ordinal | year | -(month*100+day), precision, phrase)."""
    out = []
    for m in _STARTS_RX[family].finditer(ctx.low):
        gd = m.groupdict()
        if gd.get("mon") and gd.get("d"):
            mon, d = _month_num(gd["mon"]), int(gd["d"])
            if gd.get("y2"):
                try:
                    out.append((date(int(gd["y2"]), mon, d).toordinal(), "day", m.group(0)))
                except ValueError:
                    pass
            else:
                out.append((-(mon * 100 + d), "monthday", m.group(0)))
        elif gd.get("y"):
            out.append((int(gd["y"]), "year", m.group(0)))
    return out


def _family_anchor_starts(ctx: _Ctx, family: str, hits: list[_AnchorHit]) -> list[tuple[_Anchor, float]]:
    kinds = _FAMILY_KINDS[family]
    out: dict[str, tuple[_Anchor, float]] = {}
    for h in hits:
        a = h.anchor
        if a.kind in kinds:
            out[a.id] = (a, 1.0)
        elif a.begins and family == "war" and a.begins in ctx.kb.anchor_by_id:
            w = ctx.kb.anchor_by_id[a.begins]
            out[w.id] = (w, 1.0)
    for a in ctx.kb.anchors:
        if a.kind in kinds and a.id not in out and a.context and _context_ok(ctx, a.context):
            out[a.id] = (a, 0.5)
    return list(out.values())


def _duration_windows(ctx: _Ctx, n_lo: float, n_hi: float, unit: str, family: str, hits: list[_AnchorHit],
                      completed: bool = False) -> list[tuple[int, int, float]]:
    """Windows for "N units" of something whose start the text or an anchor gives. For a period that
    ended (an anchor with an end), the text may be written while it lasted or after it ended; the
    tense of the phrase (``completed``: "the eight-day war left...") says which is likelier."""
    wins: list[tuple[int, int, float]] = []
    cache = ctx.__dict__.setdefault("_starts_cache", {})
    if family not in cache:
        cache[family] = _starts_from_text(ctx, family)
    for start, prec, _ in cache[family]:
        if prec == "day":
            s = date.fromordinal(start)
            wins.append((_shift(s, n_lo, unit).toordinal(), _shift(s, n_hi, unit).toordinal() - 1, 1.0))
        elif prec == "year":
            s0, s1 = date(start, 1, 1), date(start, 12, 31)
            wins.append((_shift(s0, n_lo, unit).toordinal(), _shift(s1, n_hi, unit).toordinal() - 1, 1.0))
        elif prec == "monthday":
            mon, d = divmod(-start, 100)
            for o in _md_occ(ctx, mon, d):
                s = date.fromordinal(o)
                lo, hi = _shift(s, n_lo, unit).toordinal(), _shift(s, n_hi, unit).toordinal() - 1
                if lo <= ctx.hi and hi >= ctx.lo:
                    wins.append((lo, hi, 0.3))
    for a, w in _family_anchor_starts(ctx, family, hits):
        s = date.fromordinal(a.date)
        lo, hi = _shift(s, n_lo, unit).toordinal(), _shift(s, n_hi, unit).toordinal() - 1
        if a.end is not None and a.end <= hi + 1:
            if a.end < lo - 14:
                continue  # the period ended before the duration is reached: not this period
            during, after = (0.2, 1.0) if completed else (1.0, 0.25)
            if lo <= a.end:
                wins.append((lo, min(hi, a.end), w * during))
            end = max(lo, a.end)
            wins.append((end, end + 21, w * after))
            wins.append((end, end + 730, 0.1 * w * after))
        else:
            wins.append((lo, hi, w))
    return wins


_COMPLETED = re.compile(r"^[^.;]{0,40}?\b(?:left|ended|killed|claimed|saw|was|lasted|came|took|cost|devastated|"
                        r"destroyed|wrought|in which)\b")


def _durations(ctx: _Ctx, hits: list[_AnchorHit]) -> None:
    t = ctx.text
    found: list[tuple[int, int, float, float, str, str]] = []  # start, end, n_lo, n_hi, unit, noun
    for rx, trig, b, a in ((_DUR_ADJ, _UNIT_TRIGGER, 30, 100), (_DUR_OF, _UNIT_TRIGGER, 30, 50),
                           (_DUR_INTO, _UNIT_TRIGGER, 30, 50), (_DUR_FOR, _FOR_TRIGGER, 60, 5)):
        for m in _scan_spans(rx, ctx.low, ctx.spans(trig, lower=True, word=trig is _UNIT_TRIGGER), b, a):
            gd = m.groupdict()
            if gd.get("mods") is not None and not _mods_ok(t, m.start("mods"), gd["mods"]):
                continue
            if gd.get("long"):
                n, unit = 1.0, _unit(gd["long"])
            else:
                n = _num(gd["n"]) if gd.get("n") else None
                unit = _unit(gd["unit"])
            if n is None or n <= 0 or unit not in _UNIT_DAYS:
                continue
            if unit == "decade":
                n, unit = n * 10, "year"
            noun = gd.get("noun") or {"ruled": "rule", "governed": "rule", "controlled": "rule", "run": "rule",
                                      "held": "rule", "besieged": "siege", "blockaded": "blockade",
                                      "occupied": "occupation"}.get((gd.get("verb") or "").lower(), "war")
            # a duration placed in the past ("a weeklong truce in November", "the 2006 war") says nothing of today
            after = t[m.end():m.end() + 25]
            before = t[max(0, m.start() - 25):m.start()]
            if re.match(r"\s*(?:in|of|during|last)\s+(?:" + _MONFULL + r"|(?:19|20)\d\d|last|the (?:19|20)\d\d)", after) or \
                    re.search(r"\b(?:previous|last|earlier|former|first|second|third|(?:19|20)\d\d|another|past)\s+$", before, re.I):
                continue
            lo, hi = _qualified(n, gd.get("q"), unit)
            found.append((m.start(), m.end(), lo, hi, unit, noun))
    for rx, trig, b, a in ((_DUR_ITS, _ITS_TRIGGER, 70, 30), (_DUR_NTH_DAY, _OF_TRIGGER, 30, 60)):
        for m in _scan_spans(rx, ctx.low, ctx.spans(trig, lower=True), b, a):
            k = _ordinal(m.group("ord"))
            if not k:
                continue
            found.append((m.start(), m.end(), k - 1, k, _unit(m.group("unit")), m.group("noun")))
    seen_spans: list[tuple[int, int]] = []
    for s, e, lo, hi, unit, noun in sorted(found):
        if any(s < se and ss < e for ss, se in seen_spans):
            continue
        seen_spans.append((s, e))
        completed = bool(_COMPLETED.search(t[e:e + 60]))
        wins = _duration_windows(ctx, lo, hi, unit, _family(noun), hits, completed)
        if not wins:
            continue
        ctx.add_density("duration", t[s:e], s, wins, eps=0.03, slack=3, decreasing=True, hard=False)


def _relative_to_anchors(ctx: _Ctx, hits: list[_AnchorHit]) -> None:
    t = ctx.text
    # "N days ago" in a sentence naming an anchor, or with a start verb and an implied war
    for m in _scan_spans(_AGO, ctx.low, ctx.spans(_AGO_TRIGGER, lower=True, word=True), 60, 2):
        n = _num(m.group("n"))
        unit = _unit(m.group("unit"))
        if n is None or unit not in _UNIT_DAYS:
            continue
        if unit == "decade":
            n, unit = n * 10, "year"
        ss, se = ctx.sentence(m.start())
        in_sent = [h for h in hits if ss <= h.start < se]
        wins = []
        tol = {"day": 1, "week": 2, "month": 12, "year": 120}[unit]
        n_eff = n - 1 if unit == "day" else n  # counted with the first day
        for h in in_sent:
            c = _shift(date.fromordinal(h.anchor.date), n_eff, unit).toordinal()
            wins.append((c - tol, c + tol, 1.0))
        if not wins:
            sent = t[ss:se]
            if _START_VERB.search(sent.lower()) and re.search(r"\b" + _WAR_WORDS + r"\b", sent.lower()):
                for a, w in _family_anchor_starts(ctx, "war", hits):
                    c = _shift(date.fromordinal(a.date), n_eff, unit).toordinal()
                    wins.append((c - tol, c + tol, w))
        if wins:
            label = t[m.start():m.end()] + (" / " + in_sent[0].text if in_sent else "")
            ctx.add_density("relative", label, m.start(), wins, eps=0.03, hard=False)
    # "N years after <anchor>"
    for m in _scan_spans(_AFTER, ctx.low, ctx.spans(_AFTER_TRIGGER, lower=True), 40, 10):
        n = _num(m.group("n"))
        unit = _unit(m.group("unit"))
        if n is None or unit not in ("month", "year", "decade"):
            continue
        if unit == "decade":
            n, unit = n * 10, "year"
        rest = [h for h in hits if m.end() <= h.start <= m.end() + 60]
        if not rest:
            continue
        h = rest[0]
        lo_n, hi_n = _qualified(n, m.group("q"))
        base = date.fromordinal(h.anchor.date)
        wins = [(_shift(base, lo_n, unit).toordinal(), _shift(base, hi_n, unit).toordinal() - 1, 1.0)]
        ctx.add_density("relative", t[m.start():h.end], m.start(), wins, eps=0.05, slack=7, decreasing=True, hard=False)
    # anniversaries
    if "anniversar" in ctx.low:
        for m in _ANNIV.finditer(ctx.low):
            rest = [h for h in hits if m.end() <= h.start <= m.end() + 30]
            if not rest:
                continue
            h = rest[0]
            base = date.fromordinal(h.anchor.date)
            k = int(m.group("n")) if m.group("n") else (_ordinal(m.group("ord")) if m.group("ord") else None)
            # "in the same week as the anniversary", "this week's anniversary": within days of it
            r = 5 if re.search(r"\bweek(?:'s)?\b", ctx.low[max(0, m.start() - 60):m.start()]) else 15
            if k:
                c = _shift(base, k, "year").toordinal()
                wins = [(c - r, c + r, 1.0)]
            else:
                wins = [(o - r, o + r, 1.0) for o in _md_occ(ctx, base.month, min(base.day, 28)) if o > h.anchor.date + 300]
            if wins:
                ctx.add_density("relative", t[m.start():h.end], m.start(), wins, eps=0.05, hard=False)


def _anchor_bounds(ctx: _Ctx, hits: list[_AnchorHit]) -> None:
    t = ctx.text
    seen: set[str] = set()
    for h in hits:
        a = h.anchor
        ss, se = ctx.sentence(h.start)
        sent = t[ss:se]
        before = t[max(ss, h.start - 50):h.start]
        if re.search(r"\b(?:possible|potential|planned|threatened|looming|expected|would|could|might|any|a new|another|"
                     r"prevent|avert|avoid)\s+(?:\w+\s+){0,2}$", before, re.I):
            continue
        # a weekday in the same sentence that is the anchor's own weekday: written within the week after it
        wd_m = None
        if a.end is None or a.kind != "war":
            for mw in re.finditer(r"\b(" + _WD + r")\b", sent):
                if _WEEKDAYS.index(mw.group(1).lower()) == date.fromordinal(a.date).weekday():
                    wd_m = mw
                    break
        if wd_m is not None and a.id + "#wd" not in seen:
            seen.add(a.id + "#wd")
            ctx.add_density("anchor", h.text + " ... " + wd_m.group(1), h.start, [(a.date, a.date + 7, 1.0)], eps=0.05,
                            slack=1, decreasing=True)
            continue
        if a.id in seen:
            continue
        seen.add(a.id)
        recency = lambda g, d=a.date: _point_vec(g, (d,), 0.3, 0.0, bg_past=1 / 6000, bg_future=1 / 6000,  # noqa: E731
                                                 recent=_ANCHOR_DAYS)
        ctx.add_density("anchor", h.text, h.start, [(a.date, None, 1.0)], eps=0.02, slack=2, extra=recency)


_NUM_TRIGGER = re.compile(r"\d[\d,]*\d")
_TOLL_NUM = re.compile(r"(?<![\w.,$])(?P<q>(?:more than|over|at least|nearly|almost|about|around|roughly|some|close to|"
                       r"upwards of|in excess of|exceeding|surpassing|passed|topped|reached|to)\s+)?(?P<n>\d{1,3}(?:,\d{3})+|\d{2,6})"
                       r"(?![\d,]|\.\d|-|\s*(?:%|percent|pounds?|kg|km|miles?|years?|months?|days?|hours?|meters?|metres?|"
                       r"square|feet|foot|tons?|dollars|million|billion|rockets|missiles|bombs|trucks|mortars|shells|"
                       r"airstrikes|strikes|targets|sites|troops|soldiers\b(?! and)|police|fighters|militants|homes|houses|"
                       r"buildings|hostages|prisoners|detainees|tunnels)\b)", re.I)
_KILL = re.compile(r"\b(?:killed|killing|dead|died|death toll|deaths|toll|fatalities|lives|martyrs|martyred|slain)\b", re.I)
_WOUND = re.compile(r"\b(?:wounded|injured|injuries|hurt|wounding|injuring)\b", re.I)
_RUNNING = re.compile(r"\b(?:since|so far|total|toll|overall|to date|in the war|in the conflict|in the offensive|"
                      r"during the war|have been killed|has killed|had killed|have died|has risen|rose to|climbed to)\b", re.I)


def _round_step(n: float) -> float:
    """How far a stated total may fall behind before writers move to the next figure: to the next
    round number at the figure's own precision (34,500 -> 35,000), at most 5% (2,000 -> 2,100)."""
    step = 1.0
    for k in range(7):
        for m in (1, 5):
            d = m * 10 ** k
            if n % d == 0:
                step = d
    return max(1.0, min(step, 0.05 * n))


def _series_date(series: list[tuple[int, float]], n: float) -> Optional[float]:
    if n > series[-1][1] * 1.02:
        return None
    if n <= series[0][1]:
        return float(series[0][0])
    for (d0, v0), (d1, v1) in zip(series, series[1:]):
        if v0 < n <= v1:
            return d0 + (d1 - d0) * (n - v0) / max(v1 - v0, 1e-9)
    return float(series[-1][0])


def _tolls(ctx: _Ctx) -> None:
    kb, t = ctx.kb, ctx.text
    wars = [a for a in kb.anchors if a.totals and (not a.context or _context_ok(ctx, a.context))]
    if not wars or not kb.total_words_re.search(t):
        return
    done = set()
    for m in _scan_spans(_TOLL_NUM, t, ctx.spans(_NUM_TRIGGER), 40, 40):
        n = float(m.group("n").replace(",", ""))
        if n < 20:
            continue
        ss, se = ctx.sentence(m.start())
        sent = t[ss:se]
        if not _KILL.search(sent) or not kb.total_words_re.search(sent):
            continue
        after = t[m.end():min(se, m.end() + 60)]
        before = t[max(ss, m.start() - 60):m.start()]
        kill_after = _KILL.search(after)
        wound_after = _WOUND.search(after)
        kill_before = re.search(r"(?:killed|killing|death toll|toll|fatalities|deaths|dead)\b[^.]{0,40}$", before, re.I)
        if wound_after and (not kill_after or wound_after.start() < kill_after.start()) and \
                (not kill_before or wound_after.start() < 30):
            continue
        if not (kill_after or kill_before):
            continue
        q = (m.group("q") or "").strip().lower()
        lower_n = n * 0.93 if q in ("nearly", "almost", "close to") else n
        # a running total goes stale: once the count passes the next round figure, writers use that one
        running = bool(_RUNNING.search(sent))
        cumulative = n >= 100 and (bool(q) or running)
        # a running total is current for a while: once the count passes the next round figure, writers
        # use that one; a mixture of "current" (narrow) and "any time since" (wide)
        w_cur = 0.8 if running and cumulative else 0.6 if cumulative else 0.0
        wins: list[tuple[int, Optional[int], float]] = []
        used = []
        near = (after[:40] + " " + before[-40:]).lower()
        for a in wars:
            for tot in a.totals:
                words = [w.lower() for w in tot["words"]]
                if not any(w in near for w in words):
                    continue
                d = _series_date(tot["series"], lower_n)
                if d is None:
                    continue
                d_hi = _series_date(tot["series"], n if q in ("nearly", "almost", "close to") else n + _round_step(n)) \
                    if w_cur else None
                d0 = int(round(d))
                if d_hi is not None:
                    wins.append((d0, int(d_hi) + 3, w_cur))
                    wins.append((d0, None, 1.0 - w_cur))
                else:
                    wins.append((d0, None, 1.0))
                used.append(a.id)
        if not wins:
            continue
        key = (m.group("n"), tuple(used))
        if key in done:
            continue
        done.add(key)
        if kill_after and kill_after.start() < 50:
            end = m.end() + kill_after.end()
        else:
            cut = t[m.end():m.end() + 40]
            end = m.end() + (cut.rfind(" ") if " " in cut else len(cut))
        ctx.add_density("toll", t[m.start():end], m.start(), wins, eps=0.02, slack=1)


# ----------------------------------------------------------------------------------------- inference


@dataclass
class _Result:
    date: Optional[str]
    confidence: float
    evidence: tuple[str, ...]
    precision: Optional[str]
    year: Optional[int] = None


def _build_ctx(text: str, title: Optional[str], today: date) -> _Ctx:
    body = _fold(text or "")  # no-op on folded text
    head = _fold(title or "")
    work = (head + "\n\n" + body) if head else body
    if work[:2000].isupper():
        work = work.title()  # upper-case wire copy (FBIS): give the month and weekday names their case back
    kb = _knowledge()
    low = work.lower()
    if len(low) != len(work):  # a few characters lower-case to two: keep offsets aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in work)
    ctx_words = set(kb.ctx_re.findall(low)) if kb.ctx_re else set()
    return _Ctx(text=work, low=low, sent_starts=_sentence_starts(work), kb=kb, ctx_words=ctx_words,
                lo=_GRID_START.toordinal(), hi=today.toordinal() + 2)


def _collect(ctx: _Ctx) -> None:
    _explicit_dates(ctx)
    _bare_months(ctx)
    _years(ctx)
    _weekdays(ctx)
    _office_holders(ctx)
    hits = _find_anchors(ctx)
    _anchor_bounds(ctx, hits)
    _durations(ctx, hits)
    _relative_to_anchors(ctx, hits)
    _tolls(ctx)


def _candidate_range(ctx: _Ctx, terms: Sequence[_Term], restrict: Optional[tuple[int, int]]) -> tuple[int, int]:
    """Years that no more cues rule out than the best year does: the day grid covers only those."""
    lo, hi = ctx.lo, ctx.hi
    if restrict is not None:
        lo, hi = max(lo, restrict[0]), min(hi, restrict[1])
    y0, y1 = date.fromordinal(lo).year, date.fromordinal(hi).year
    starts = np.array([date(y, 1, 1).toordinal() for y in range(y0, y1 + 1)])
    ends = np.array([date(y, 12, 31).toordinal() for y in range(y0, y1 + 1)])
    cost = np.zeros(len(starts))
    any_support = False
    for tm in terms:
        if tm.support is None:
            continue
        any_support = True
        ok = np.zeros(len(starts), dtype=bool)
        for a, b in tm.support:
            ok |= (ends >= a) & (starts <= (b if b is not None else 10 ** 9))
        cost += np.where(ok, 0.0, tm.penalty)
    if not any_support:
        return lo, hi
    keep = np.nonzero(cost <= cost.min() + 4.0)[0]
    return max(lo, int(starts[keep[0]]) - 1), min(hi, int(ends[keep[-1]]) + 1)


_DAY_MIN = 0.4
_MONTH_MIN = 0.6
_YEAR_MIN = 0.6


def _decide(ctx: _Ctx, restrict: Optional[tuple[int, int]] = None, extra: Sequence[_Term] = ()) -> _Result:
    terms = list(ctx.terms) + list(extra)
    if not any(tm.kind != "weekday" for tm in terms):
        return _Result(None, 0.0, (), None)
    lo, hi = _candidate_range(ctx, terms, restrict)
    g = _grid(lo, hi)
    vecs = [tm.fn(g) for tm in terms]
    score = np.sum(vecs, axis=0) if vecs else np.zeros(g.n)
    score = score - np.max(score)
    post = np.exp(score)
    total = post.sum()
    if not np.isfinite(total) or total <= 0:
        return _Result(None, 0.0, (), None)
    post /= total
    mass3 = np.convolve(post, np.ones(3), mode="same")
    # the likeliest day; its neighbour only when that covers clearly more (updated stories drift later)
    best = int(np.argmax(post))
    for nb in (best - 1, best + 1):
        if 0 <= nb < g.n and mass3[nb] > mass3[best] + 0.1:
            best = nb
    conf_day = float(mass3[best])
    if conf_day >= _DAY_MIN:
        d = date.fromordinal(int(g.ord[best]))
        return _Result(d.isoformat(), round(min(conf_day, 0.97), 3), _evidence(terms, vecs, best), "day", d.year)
    months = np.bincount(g.mindex - g.mindex[0], weights=post)
    bm = int(np.argmax(months))
    years = np.bincount(g.year - g.year[0], weights=post)
    by = int(np.argmax(years))
    year = int(g.year[0] + by)
    if months[bm] >= _MONTH_MIN:
        mi = int(g.mindex[0] + bm)
        y, mo = divmod(mi, 12)
        idx = int(np.argmax(np.where(g.mindex == mi, post, -1)))
        return _Result(f"{1970 + y:04d}-{mo + 1:02d}", round(float(months[bm]), 3), _evidence(terms, vecs, idx), "month", year)
    if years[by] >= _YEAR_MIN:
        idx = int(np.argmax(np.where(g.year == year, post, -1)))
        return _Result(None, round(min(0.3, 0.3 * float(years[by])), 3), (f"year {year}",) + _evidence(terms, vecs, idx),
                       "year", year)
    return _Result(None, 0.0, (), None)


def _evidence(terms: Sequence[_Term], vecs: Sequence[np.ndarray], idx: int, limit: int = 8) -> tuple[str, ...]:
    scored = []
    for tm, v in zip(terms, vecs):
        finite = v[::5][np.isfinite(v[::5])]
        if not len(finite):
            continue
        support = float(v[idx] - finite.mean())
        if tm.hard and v[idx] >= np.max(finite) - 0.5:
            support = max(support, 1.0)
        if support > 0.7 and tm.kind != "dateline":
            scored.append((support, tm.pos, tm.text))
    scored.sort(key=lambda x: -x[0])
    out, seen = [], set()
    for _, _, txt in scored:
        if txt.lower() in seen:
            continue
        seen.add(txt.lower())
        out.append(txt)
        if len(out) >= limit:
            break
    return tuple(out)


def _infer(text: str, title: Optional[str], today: date, restrict: Optional[tuple[int, int]] = None,
           dateline_md: Optional[tuple[int, int]] = None) -> _Result:
    ctx = _build_ctx(text, title, today)
    _collect(ctx)
    extra = []
    if dateline_md is not None:
        occ = _md_occ(ctx, dateline_md[0], dateline_md[1])
        extra.append(_Term("dateline", "dateline", 0,
                           lambda g, occ=occ: _point_vec(g, occ, 0.97, 0.0, bg_past=1e-5, bg_future=1e-7, recent=_TIGHT_DAYS),
                           None, 0.0, True))
    return _decide(ctx, restrict, extra)


# ----------------------------------------------------------------------------------------- public API


def find_published(text: str, *, title: Optional[str] = None, metadata_date: Optional[object] = None,
                   url: Optional[str] = None, today: Optional[date] = None) -> PublishedDate:
    """The publication date of an article: given by metadata, the URL or a dateline, else inferred.

    ``metadata_date`` is parsed loosely (ISO, RFC 2822, "May 8, 2024"); a full date from it wins with
    ``inferred=False`` and confidence 1.0. A date in ``url`` or a dateline at the start of ``text`` is
    also given (``inferred=False``). Otherwise the date is inferred from the text with a confidence in
    0..1 and the phrases used as evidence; when the text does not tell, the date is None with
    confidence 0. ``today`` (default: the current date) bounds the candidates.
    """
    today = today or date.today()
    text = _fold(text or "")
    month_given: Optional[tuple[date, str]] = None
    year_given: Optional[tuple[date, str]] = None
    if metadata_date is not None and str(metadata_date).strip():
        d, prec = parse_date_loose(metadata_date)
        label = f"metadata: {str(metadata_date).strip()[:60]}"
        if d is not None and prec == "day":
            return PublishedDate(date=d.isoformat(), inferred=False, confidence=1.0, evidence=(label,))
        if d is not None and prec == "month":
            month_given = (d, label)
        elif d is not None and prec == "year":
            year_given = (d, label)
    ud, uprec, utext = _url_date(url)
    if ud is not None and uprec == "day":
        return PublishedDate(date=ud.isoformat(), inferred=False, confidence=0.95, evidence=(f"url: {utext}",))
    if ud is not None and uprec == "month" and month_given is None:
        month_given = (ud, f"url: {utext}")
    dy, dm, dd, dtext = _dateline(text)
    if dm and dd and dy:
        try:
            return PublishedDate(date=date(dy, dm, dd).isoformat(), inferred=False, confidence=0.95,
                                 evidence=(f"dateline: {dtext}",))
        except ValueError:
            pass
    restrict = None
    if month_given is not None:
        m0 = month_given[0]
        restrict = (m0.toordinal(), _add_months(m0, 1).toordinal() - 1)
    elif year_given is not None:
        y0 = year_given[0].year
        restrict = (date(y0, 1, 1).toordinal(), date(y0, 12, 31).toordinal())
    md = (dm, dd) if dm and dd else None
    res = _infer(text, title, today, restrict=restrict, dateline_md=md)
    if md is not None and res.precision == "day" and res.date:
        got = date.fromisoformat(res.date)
        try:
            given = date(got.year, md[0], md[1])
        except ValueError:
            given = None
        if given is not None and abs((got - given).days) <= 1:
            return PublishedDate(date=given.isoformat(), inferred=False, confidence=res.confidence,
                                 evidence=(f"dateline: {dtext}",) + res.evidence)
    if month_given is not None:
        if res.precision == "day" and res.date:
            return PublishedDate(date=res.date, inferred=True, confidence=res.confidence,
                                 evidence=(month_given[1],) + res.evidence)
        m0 = month_given[0]
        return PublishedDate(date=f"{m0.year:04d}-{m0.month:02d}", inferred=False, confidence=1.0,
                             evidence=(month_given[1],))
    if year_given is not None:
        if res.date is None:
            return PublishedDate(date=None, inferred=False, confidence=0.3,
                                 evidence=(year_given[1], f"year {year_given[0].year}"))
        return PublishedDate(date=res.date, inferred=True, confidence=res.confidence,
                             evidence=(year_given[1],) + res.evidence)
    return PublishedDate(date=res.date, inferred=True, confidence=float(res.confidence), evidence=res.evidence)
