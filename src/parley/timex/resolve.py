"""Interpret candidate expressions and resolve them against the reference (publication) date.

``interpret`` turns one regex match into a *spec*: its final span, its TIMEX3 type, and a resolver with
arguments. Specs are resolved in document order by ``resolve_all``, which keeps the last mentioned
date as the anchor of anaphoric expressions ("a year earlier", "that day", "the following Tuesday").
Tense of the surrounding words decides between the past and the future reading of bare weekdays,
months, seasons and holidays ("Tuesday" in a past-tense report is the most recent Tuesday on or before
the reference date; after "will" it is the next one).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Callable, NamedTuple, Optional

from .lexicon import (
    AMBIGUOUS_MONTHS,
    DAY_PARTS,
    HOLIDAYS_EASTER,
    HOLIDAYS_FIXED,
    HOLIDAYS_NTH,
    MONTHS,
    SEASONS,
    SET_WORDS,
    WEEKDAYS,
)
from .recognize import ORDINAL_VALUE, WORD_SPLIT, Candidate, parse_number

Date = dt.date


class Spec(NamedTuple):
    start: int
    end: int
    type: str
    fn: Callable
    args: tuple


class Point(NamedTuple):
    """A resolved calendar point: a date standing for a unit (D W WE M Q H SE Y DE CE)."""

    date: Date
    gran: str
    extra: str = ""  # season code, "TNI" part of day, "T09:30" clock time


# ---------------------------------------------------------------- formatting and arithmetic
_PRECISION = {"D": "day", "W": "week", "WE": "week", "M": "month", "Q": "year", "H": "year",
              "SE": "year", "Y": "year", "DE": "decade", "CE": "decade", "T": "time"}
_X = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX",
      "H": "XXXX-HX", "Y": "XXXX", "DE": "XXX", "CE": "XX", "SE": "XXXX-"}
_ORDER = {"T": 0, "D": 1, "W": 2, "WE": 2, "M": 3, "Q": 4, "SE": 4, "H": 5, "Y": 6, "DE": 7, "CE": 8}


def fmt(p: Point) -> str:
    d, g = p.date, p.gran
    if g == "D":
        return d.isoformat() + p.extra
    if g in ("W", "WE"):
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if g == "WE" else "")
    if g == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if g == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if g == "H":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if g == "SE":
        return f"{d.year:04d}-{p.extra}"
    if g == "Y":
        return f"{d.year:04d}"
    if g == "DE":
        return f"{d.year // 10:03d}"
    if g == "CE":
        return f"{d.year // 100:02d}"
    return d.isoformat()


def add_months(d: Date, n: int) -> Date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    if not 1 <= y <= 9999:
        return d
    day = min(d.day, calendar.monthrange(y, m + 1)[1])
    return Date(y, m + 1, day)


_MONTHS_PER = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "CE": 1200}


def shift(d: Date, unit: str, n: float) -> Date:
    n = int(n)
    try:
        if unit == "D":
            return d + dt.timedelta(days=n)
        if unit in ("W", "WE"):
            return d + dt.timedelta(days=7 * n)
        if unit == "2W":
            return d + dt.timedelta(days=14 * n)
        if unit in _MONTHS_PER:
            return add_months(d, _MONTHS_PER[unit] * n)
    except OverflowError:
        return d
    return d


def _num(n: Optional[float]) -> str:
    if n is None:
        return "X"
    if float(n).is_integer():
        return str(int(n))
    return f"{n:g}"


_FRACTION = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H"), "H": (60, "MIN"), "MIN": (60, "S")}


def duration(n: Optional[float], unit: str) -> str:
    """ISO-8601/TIMEX3 duration: (2, 'D') -> P2D, (3, 'H') -> PT3H, (None, 'Y') -> PXY, (2.5, 'Y') -> P2Y6M."""
    if unit == "DE":
        unit, n = "Y", (n * 10 if n is not None else None)
        if n is None:
            return "PXDE"
    elif unit == "CE":
        unit, n = "Y", (n * 100 if n is not None else None)
        if n is None:
            return "PXCE"
    if n is not None and not float(n).is_integer() and unit in _FRACTION:
        whole = int(n)
        per, small = _FRACTION[unit]
        rest = round((n - whole) * per)
        if float(rest).is_integer():
            big = duration(whole, unit) if whole else "P"
            part = duration(rest, small)
            if big == "P":
                return part
            if unit in ("H", "MIN") or small in ("H", "MIN", "S"):
                if "T" in big:
                    return big + part[2:]
                return big + part[1:]
            return big + part[1:]
    if unit in ("H", "MIN", "S"):
        return f"PT{_num(n)}{'M' if unit == 'MIN' else unit}"
    if unit == "WE":
        return "P2D" if n in (None, 1) else f"P{_num(n * 2 if n else None)}D"
    if unit == "2W":
        return f"P{_num(n * 2 if n is not None else None)}W"
    if unit == "HALF":
        return f"P{_num(n * 6 if n is not None else None)}M"
    return f"P{_num(n)}{unit}"


# ---------------------------------------------------------------- context: tense, words around
_FUT_WORDS = frozenset(
    "will 'll won't shall scheduled expected expects expect due upcoming next would payable effective "
    "expire expires expiring deadline tomorrow".split()
)
_FUT_PAIRS = frozenset(
    tuple(p.split()) for p in (
        "going to", "is to", "are to", "plans to", "plan to", "planning to", "hopes to", "hope to", "aims to",
        "aim to", "set to", "intends to", "intend to", "be held", "soon as", "early as",
    )
)
_PAST_WORDS = frozenset(
    "said was were had did told ago last earlier since yesterday brought began came went took made gave got "
    "held left met paid sold bought fell rose won lost saw sent spent stood struck thought wrote ran kept "
    "found became broke chose drove flew grew knew shot spoke stole threw fought caught sought built felt "
    "heard meant sat lay laid hit agreed freed".split()
)
_NOT_PAST = frozenset(
    "needed extended proposed red bed hundred united armed based related concerned interested used called "
    "so-called named detailed advanced limited fixed supposed alleged embed shed speed feed seed need "
    "indeed led".split()
)
_STRIP = ".,;:!?\"'()`[]"
_MAYBE_CUE = _FUT_WORDS | _PAST_WORDS | {p[0] for p in _FUT_PAIRS}
_CLAUSE_BREAK = frozenset("and but that which who while when whereas because although though".split())


def _cue(words: list[str], i: int) -> int:
    """+1 / -1 / 0: the tense a word (with its right neighbour) signals."""
    w = words[i]
    if i + 1 < len(words):
        pair = (w, words[i + 1])
        if pair in _FUT_PAIRS:
            return 1
        if pair == ("next", "to"):
            return 0
    if w in _FUT_WORDS:
        return 1
    if w in _PAST_WORDS:
        return -1
    if len(w) > 3 and w.endswith("ed") and not w.endswith("eed") and w not in _NOT_PAST:
        return -1
    return 0


# a sentence end (on the original text): not after an initial, "a.m.", "U.S." or a short capitalised
# abbreviation ("Gen.", "Sept.", "Inc.")
_SENT_LEFT = re.compile(
    r"[.!?;\n](?:(?<=[;\n])|(?<![A-Z].)(?<!\b[A-Z][a-z].)(?<!\b[A-Z][a-z][a-z].)(?<!\b[A-Z][a-z][a-z][a-z].)"
    r"(?<![A-Za-z]\.[A-Za-z].)[\"')]?\s+(?=[A-Z0-9\"'(`]))"
)
_NEXTW = re.compile(r"[\s\"']*([a-z0-9$%'-]+)")


class Ctx:
    __slots__ = ("text", "low", "ref", "anchor", "last_q", "_tense")

    def __init__(self, text: str, low: str, ref: Optional[Date]):
        self.text = text
        self.low = low
        self.ref = ref
        self.anchor: Optional[Point] = None  # last calendar date mentioned
        self.last_q: Optional[Point] = None  # last quarter / half mentioned
        self._tense: dict = {}

    def prev_word(self, s: int) -> str:
        """The word before offset ``s`` (lower case, without quotes or trailing commas)."""
        parts = self.low[s - 30 if s > 30 else 0 : s].split()
        return parts[-1].strip("\"'(`").strip(".,") if parts else ""

    def next_word(self, e: int) -> str:
        """The word after offset ``e`` (lower case, without punctuation around it)."""
        parts = self.low[e : e + 30].split(None, 1)
        return parts[0].strip(_STRIP) if parts else ""

    def tense(self, s: int, e: int) -> int:
        """+1 future, -1 past, 0 unknown: the nearest tense cue in the sentence around [s, e)."""
        key = (s, e)
        got = self._tense.get(key)
        if got is not None:
            return got
        low = self.low
        lo = s - 100 if s > 100 else 0
        cut = None
        for cut in _SENT_LEFT.finditer(self.text, lo, s):
            pass
        if cut is not None:
            lo = cut.end()
        hi = e + 70
        stop = _SENT_LEFT.search(self.text, e, hi)
        if stop:
            hi = stop.start()
        sign = 0
        left = low[lo:s].split()[-15:]
        best_d = 10_000
        maybe = _MAYBE_CUE
        for i in range(len(left) - 1, -1, -1):
            w = left[i] = left[i].strip(_STRIP)  # its right neighbour is already stripped
            if w in maybe or w[-2:] == "ed":
                c = _cue(left, i)
                if c:
                    sign = c
                    best_d = len(left) - 1 - i
                    break
        right = [w.strip(_STRIP) for w in low[e:hi].split()[: min(best_d, 12) + 1]]
        for i in range(min(len(right), best_d)):
            w = right[i]
            if w in _CLAUSE_BREAK and sign:  # "met on Tuesday and will meet again": another clause
                break
            if w in maybe or w[-2:] == "ed":
                c = _cue(right, i)
                if c:
                    if i + 1.5 < best_d:  # the words before the expression weigh more
                        sign = c
                    break
        if not sign and left and left[-1] in ("until", "till", "by", "before"):
            sign = 1  # a deadline with no verb to date it: "until 9 a.m. Tuesday to sign"
        self._tense[key] = sign
        return sign


def _part(word: Optional[str]) -> str:
    if not word:
        return ""
    w = word.split()[-1]
    return "T" + DAY_PARTS.get(w, "NI")


# ---------------------------------------------------------------- resolvers
# fn(ctx, *args) -> (value, precision, anchored, point) or None
def _r_abs(ctx: Ctx, value: str, precision: Optional[str], point: Optional[Point] = None):
    return value, precision, True, point


def _x(gran: str, extra: str = ""):
    return _X.get(gran, "XXXX") + extra, _PRECISION.get(gran), False, None


def _pt(p: Point, time: bool = False):
    prec = "time" if (time or (p.extra and p.extra.startswith("T"))) else _PRECISION[p.gran]
    return fmt(p), prec, True, p


def _r_rel(ctx: Ctx, unit: str, n: float, part: str = ""):
    """Relative to the reference date: ``n`` units from it (today, last week, two years ago...)."""
    if ctx.ref is None:
        return _x(unit, part if unit == "D" else "")
    return _pt(Point(shift(ctx.ref, unit, n), unit, part if unit == "D" else ""))


def _anchor_for(ctx: Ctx, unit: str) -> Optional[Point]:
    a = ctx.anchor
    if a is None:
        return None
    if _ORDER.get(a.gran, 9) > _ORDER.get(unit, 9):
        return None  # the anchor is coarser than the unit asked for
    return a


def _r_ana(ctx: Ctx, unit: str, n: float, part: str = "", base: str = "anchor"):
    """Relative to the last mentioned date (falls back on the reference date)."""
    if unit == "Y" and n == -1 and ctx.last_q is not None:  # "a year earlier" in a quarterly report
        q = ctx.last_q
        return _pt(Point(shift(q.date, "Y", n), q.gran))
    a = _anchor_for(ctx, unit) if base == "anchor" else None
    d = a.date if a is not None else ctx.ref
    if d is None:
        return _x(unit, part)
    return _pt(Point(shift(d, unit, n), unit, part if unit == "D" else ""))


def _r_weekday(ctx: Ctx, wd: int, rel: str, part: str, s: int, e: int):
    if ctx.ref is None:
        return f"XXXX-WXX-{wd}{part}", "time" if part else "day", False, None
    ref = ctx.ref
    if rel in ("the previous", "the following", "the next", "the last", "that", "the same"):
        a = _anchor_for(ctx, "D")
        base = a.date if a is not None and a.gran == "D" else ref
        if rel in ("the previous", "the last"):
            d = base - dt.timedelta(days=(base.isoweekday() - wd) % 7 or 7)
        elif rel in ("the following", "the next"):
            d = base + dt.timedelta(days=(wd - base.isoweekday()) % 7 or 7)
        else:
            d = base - dt.timedelta(days=(base.isoweekday() - wd) % 7)
    elif rel in ("last", "this past", "past", "previous"):
        d = ref - dt.timedelta(days=(ref.isoweekday() - wd) % 7 or 7)
    elif rel in ("next", "this coming", "coming"):
        d = ref + dt.timedelta(days=(wd - ref.isoweekday()) % 7 or 7)
    elif rel in ("this", "of this week"):
        d = ref + dt.timedelta(days=wd - ref.isoweekday())
    elif rel in ("of last week", "of next week"):  # "on Tuesday last week"
        d = ref + dt.timedelta(days=wd - ref.isoweekday() + (7 if rel == "of next week" else -7))
    else:
        if not ctx.low.startswith("'s", e) and ctx.tense(s, e) > 0:
            d = ref + dt.timedelta(days=(wd - ref.isoweekday()) % 7)
        else:
            d = ref - dt.timedelta(days=(ref.isoweekday() - wd) % 7)
    return _pt(Point(d, "D", part))


def _pick_year(ctx: Ctx, month: int, day: Optional[int], rel: str, s: int, e: int) -> int:
    """The year of a month (and day) named without one: the nearest to the reference date,
    pushed back by a past-tense cue and forward by a future one."""
    ref = ctx.ref
    y = ref.year
    here = (month, day or 0)
    now = (ref.month, ref.day if day else 0)
    if rel in ("last", "past", "this past"):
        return y if here < now else y - 1
    if rel in ("next", "coming", "this coming"):
        return y if here > now else y + 1
    if rel == "this" or here == now:
        return y
    r = ref.toordinal()
    dates = []
    for yy in (y - 1, y, y + 1):
        try:
            dates.append((Date(yy, month, day or 15).toordinal(), yy))
        except ValueError:
            continue
    if not dates:
        return y
    gaps = sorted(abs(d - r) for d, _ in dates)
    if len(gaps) > 1 and gaps[1] - gaps[0] > 260:  # no tense cue could change the answer
        return min(dates, key=lambda dy: abs(dy[0] - r))[1]
    t = ctx.tense(s, e)
    best = None
    for d, yy in dates:
        dist = abs(d - r)
        if (t < 0 and d > r) or (t > 0 and d < r):
            dist += 200
        elif t == 0 and day is None and d > r:
            dist += 60  # news looks back more often than ahead
        if best is None or dist < best[0]:
            best = (dist, yy)
    return best[1]


def _r_month(ctx: Ctx, month: int, day: Optional[int], year: Optional[int], rel: str, wd: Optional[int],
             s: int, e: int):
    gran = "D" if day else "M"
    if year is None:
        if ctx.ref is None:
            v = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
            return v, _PRECISION[gran], False, None
        if wd and day:
            best = None
            for y in (ctx.ref.year, ctx.ref.year - 1, ctx.ref.year + 1):
                try:
                    d = Date(y, month, day)
                except ValueError:
                    continue
                if d.isoweekday() == wd:
                    best = y
                    break
            year = best if best is not None else _pick_year(ctx, month, day, rel, s, e)
        else:
            year = _pick_year(ctx, month, day, rel, s, e)
    try:
        d = Date(year, month, day or 1)
    except ValueError:
        d = Date(year, month, 1)
        gran = "M"
    return _pt(Point(d, gran))


_SEASON_IDX = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _r_season(ctx: Ctx, code: str, year: Optional[int], rel: str, s: int, e: int):
    if year is None:
        if ctx.ref is None:
            return f"XXXX-{code}", "year", False, None
        ref = ctx.ref
        m = ref.month
        cur_code = "SP" if 3 <= m <= 5 else "SU" if 6 <= m <= 8 else "FA" if 9 <= m <= 11 else "WI"
        cur_year = ref.year - 1 if m <= 2 else ref.year
        cur = cur_year * 4 + _SEASON_IDX[cur_code]
        idx = _SEASON_IDX[code]
        same = cur_year * 4 + idx
        before = same if same < cur else same - 4
        after = same if same > cur else same + 4
        if rel in ("last", "past", "this past"):
            tgt = before
        elif rel in ("next", "coming", "this coming"):
            tgt = after
        elif rel == "this":
            tgt = ref.year * 4 + idx if code != cur_code else cur
        else:
            t = ctx.tense(s, e)
            if code == cur_code:
                tgt = cur
            elif t < 0:
                tgt = before
            elif t > 0:
                tgt = after
            else:
                tgt = ref.year * 4 + idx
        year = tgt // 4
    return _pt(Point(Date(year, _SEASON_START[code], 1), "SE", code))


def _r_quarter(ctx: Ctx, q: Optional[int], half: bool, year: Optional[int], rel: str, s: int, e: int):
    """A quarter (or half, when ``half``): explicit ordinal, or this/last/next/the (latest)."""
    gran = "H" if half else "Q"
    per = 6 if half else 3
    if year is None and ctx.ref is None:
        return (f"XXXX-{'H' if half else 'Q'}{q if q else 'X'}", "year", False, None)
    ref = ctx.ref
    if q is None and ref is None:
        return f"{year:04d}-{'H' if half else 'Q'}X", "year", True, None
    if q is None:
        if rel in ("this", "the current", "current", "the present"):
            d = ref
        elif rel == "next":
            d = add_months(ref, per)
        elif rel == "last":
            d = add_months(ref, -per)
        elif rel == "that" and ctx.last_q is not None:
            d = ctx.last_q.date
        elif rel == "latest":
            d = add_months(ref, -per)
        else:  # "the quarter", "the latest quarter": the one it ended in, the last one talked about, the last closed
            ended = _ENDED.match(ctx.low, e)
            if ended and not half:
                mon = MONTHS.get(ended.group(1))
                if mon:  # a fiscal quarter ending in July is mostly the calendar second quarter
                    y = ref.year if mon <= ref.month else ref.year - 1
                    mid = mon - 1 if mon > 1 else 12
                    if mid == 12:
                        y -= 1
                    return _pt(Point(Date(y if year is None else year, (mid - 1) // 3 * 3 + 1, 1), "Q"))
            if ctx.last_q is not None and ctx.last_q.gran == gran:
                d = ctx.last_q.date
            else:
                d = add_months(ref, -per)
        if year is not None:
            d = Date(year, d.month, 1)
        return _pt(Point(Date(d.year, (d.month - 1) // per * per + 1, 1), gran))
    if year is None:
        year = ref.year
        cur = (ref.month - 1) // per + 1
        if q > cur and ctx.tense(s, e) < 0:
            year -= 1
    return _pt(Point(Date(year, (q - 1) * per + 1, 1), gran))


_ENDED = re.compile(r"\s*,?\s*(?:that\s+|which\s+)?(?:ended|ending|ends|through)\s+(?:on\s+)?([a-z]+)")


def _r_weekend(ctx: Ctx, rel: str, s: int, e: int):
    if ctx.ref is None:
        return "XXXX-WXX-WE", "week", False, None
    ref = ctx.ref
    wd = ref.isoweekday()
    if rel in ("last", "past", "this past"):
        d = ref - dt.timedelta(days=wd)  # Sunday of last week
    elif rel in ("next", "coming", "this coming"):
        d = ref + dt.timedelta(days=13 - wd if wd < 6 else 14 - wd)
    elif rel == "this":
        d = ref + dt.timedelta(days=6 - wd) if wd <= 6 else ref
    else:
        if wd >= 6:
            d = ref
        elif ctx.tense(s, e) > 0:
            d = ref + dt.timedelta(days=6 - wd)
        else:
            d = ref - dt.timedelta(days=wd)
    return _pt(Point(d, "WE"))


def _easter(y: int) -> Date:
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return Date(y, month, day + 1)


def holiday_date(name: str, y: int) -> Optional[Date]:
    if name in HOLIDAYS_FIXED:
        mo, d = HOLIDAYS_FIXED[name]
        return Date(y, mo, d)
    if name in HOLIDAYS_NTH:
        mo, wd, nth = HOLIDAYS_NTH[name]
        if nth > 0:
            first = Date(y, mo, 1)
            return first + dt.timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (nth - 1))
        last = Date(y, mo, calendar.monthrange(y, mo)[1])
        return last - dt.timedelta(days=(last.isoweekday() - wd) % 7)
    if name in HOLIDAYS_EASTER:
        return _easter(y) + dt.timedelta(days=HOLIDAYS_EASTER[name])
    if name == "election day":
        first = Date(y, 11, 2)
        return first + dt.timedelta(days=(2 - first.isoweekday()) % 7)
    return None


def _r_holiday(ctx: Ctx, name: str, year: Optional[int], rel: str, s: int, e: int):
    if year is None:
        if ctx.ref is None:
            return "XXXX-XX-XX", "day", False, None
        ref = ctx.ref
        this = holiday_date(name, ref.year)
        if this is None:
            return None
        if rel in ("last", "past", "this past"):
            year = ref.year if this < ref else ref.year - 1
        elif rel in ("next", "coming", "this coming"):
            year = ref.year if this > ref else ref.year + 1
        else:
            t = ctx.tense(s, e)
            year = ref.year
            if t < 0 and this > ref:
                year -= 1
            elif t > 0 and this < ref:
                year += 1
    d = holiday_date(name, year)
    return _pt(Point(d, "D")) if d else None


def _r_time(ctx: Ctx, hh: Optional[int], mm: int, part: str, day: Optional[Spec]):
    """A clock time (or a part of day when ``hh`` is None) on a day: ``day`` or the anchor or the reference."""
    clock = f"T{hh:02d}:{mm:02d}" if hh is not None else part
    if day is not None:
        r = day.fn(ctx, *day.args)
        if r is None:
            return None
        v, prec, anchored, p = r
        if p is not None and p.gran == "D":
            return fmt(Point(p.date, "D")) + clock, "time", anchored, p
        if v and v.startswith("XXXX"):
            return v.split("T")[0] + clock, "time", False, None
    a = _anchor_for(ctx, "D")
    if a is not None and a.gran == "D":
        return a.date.isoformat() + clock, "time", True, None
    if ctx.ref is None:
        return "XXXX-XX-XX" + clock, "time", False, None
    return ctx.ref.isoformat() + clock, "time", True, None


# ---------------------------------------------------------------- interpretation of one candidate
_CAP_CHECK_PREPS = {"in", "since", "until", "till", "by", "of", "from", "before", "after", "during",
                    "through", "throughout", "early", "late", "mid", "last", "next", "this", "end",
                    "between", "to", "and", "or", "for", "around", "on", "beginning", "start", "middle",
                    "following", "previous", "past", "each", "every", "that", "until", "as"}
_FALL_PREPS = {"in", "during", "since", "until", "by", "this", "last", "next", "early", "late", "over", "through"}
_SEASON_PREPS = {"in", "since", "until", "till", "by", "during", "through", "throughout", "over", "into",
                 "for", "this", "last", "next", "early", "late", "mid", "the", "before", "after",
                 "of", "until", "past", "that", "coming"}
_COUNT_NOUNS = re.compile(
    r"(?:people|persons|soldiers|troops|civilians|fighters|militants|men|women|children|families|"
    r"homes|houses|buildings|units|rockets|missiles|shells|dollars|shares|jobs|members|residents|"
    r"refugees|prisoners|detainees|feet|foot|meters|metres|miles|km|kilometers|kilometres|tons|tonnes|"
    r"barrels|votes|cases|deaths|dead|killed|casualties|points|students|workers|employees|acres|"
    r"hectares|vehicles|cars|tanks|aircraft|planes|ships|boats|pounds|euros|yen|yuan|rupees|words|"
    r"pages|copies|seats|delegates|hours|minutes|days|weeks|months|years|times|cc|mm|square)\b"
)
_QUANT_PREV = {"about", "nearly", "almost", "some", "than", "approximately", "roughly", "least", "only",
               "just", "additional", "another", "estimated", "over", "under", "$", "no", "no.", "number",
               "route", "flight", "room", "page", "p", "article", "resolution", "highway", "interstate",
               "rs", "us$", "a$", "c$", "£", "€", "x"}
_OLD = ("-old", " old", "s-old", "s old", "-olds")


def _norm(text: Optional[str]) -> Optional[str]:
    """Collapse white space inside a matched phrase ("last\nweek" -> "last week")."""
    if text is None or (" " not in text and "\n" not in text and "\t" not in text):
        return text
    return " ".join(text.split())
_MONEY_BEFORE = re.compile(r"(?:\d|million|billion|trillion|thousand|%|percent|cents?|dollars?|times|twice|once)$")


def interpret(c: Candidate, ctx: Ctx) -> Optional[Spec]:
    fn = _INTERP.get(c.rule)
    return fn(c, c.match, ctx) if fn else None


def _i_iso(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    if g["y"]:
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
    elif g["y2"]:
        mo, d, y = int(g["m2"]), int(g["d2"]), int(g["y2"])
        if mo > 12 and d <= 12:
            mo, d = d, mo
        if y < 100:
            y += 2000 if y < 50 else 1900
    else:
        y, mo, d = int(g["y3"]), int(g["m3"]), int(g["d3"])
    try:
        day = Date(y, mo, d)
    except ValueError:
        return None
    if g["hh"]:
        v = f"{day.isoformat()}T{m.group('hh')}:{m.group('mm')}"
        return Spec(c.start, c.end, "TIME", _r_abs, (v, "time", Point(day, "D")))
    return Spec(c.start, c.end, "DATE", _r_abs, (day.isoformat(), "day", Point(day, "D")))


def _month_ok(ctx: Ctx, m: re.Match, has_context: bool) -> bool:
    g = m.groupdict()
    ms = m.start("mon")
    tok = g["mon"].rstrip(".")
    orig = ctx.text[ms]
    if not orig.isupper():
        return False
    if tok in AMBIGUOUS_MONTHS or len(tok) <= 3 and not g["mon"].endswith("."):
        if has_context:
            return True
        pw = ctx.prev_word(m.start())
        if tok == "may" and ctx.text[ms : ms + 3] == "MAY":
            return False
        if pw not in _CAP_CHECK_PREPS:
            return False
        return tok in ("may", "march") or g["mon"].endswith(".")
    return True


def _i_month(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    mon = MONTHS[g["mon"].rstrip(".")]
    d1, d2 = g["d1"], g["d2"]
    day = int(d1 or d2) if (d1 or d2) else None
    ytxt = g["y"]
    yrel = g["yrel"]
    has_context = bool(day or ytxt or yrel or g["rel"] or g["mod"])
    if not _month_ok(ctx, m, has_context):
        return None
    start, end = c.start, c.end
    if day is not None and not 1 <= day <= 31:
        if d2 and not d1:
            day = None
            end = m.end("mon")
        else:
            return None
    if day is not None:
        try:
            Date(2000, mon, day)
        except ValueError:
            return None
    year = None
    if ytxt:
        if ytxt.startswith("'"):
            yy = int(ytxt[1:])
            base = (ctx.ref.year if ctx.ref else 2000) % 100
            year = (2000 if yy <= base + 5 else 1900) + yy
        else:
            year = int(ytxt)
    wd = WEEKDAYS.get(g["wd"]) if g["wd"] else None
    rel = " ".join((g["rel"] or "").split())
    if rel in ("each", "every"):
        if day or ytxt or wd:
            return None
        return Spec(start, end, "SET", _r_abs, (f"XXXX-{mon:02d}", None))
    if yrel:
        if ctx.ref is None:
            v = f"XXXX-{mon:02d}" + (f"-{day:02d}" if day else "")
            return Spec(start, end, "DATE", _r_abs, (v, "day" if day else "month"))
        year = ctx.ref.year + {"last": -1, "next": 1, "this": 0}[yrel]
    if g["wk"]:
        if not day:
            return None
        return Spec(start, end, "DATE", _r_week_of, (mon, day, year, rel, start, end))
    return Spec(start, end, "DATE", _r_month, (mon, day, year, rel, wd, start, end))


def _r_week_of(ctx: Ctx, mon: int, day: int, year: Optional[int], rel: str, s: int, e: int):
    """"the week of March 6": the ISO week of that day."""
    r = _r_month(ctx, mon, day, year, rel, None, s, e)
    if r is None or r[3] is None:
        return ("XXXX-WXX", "week", False, None) if r is not None else None
    return _pt(Point(r[3].date, "W"))


def _i_weekday(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    ws = m.start("wd")
    if not ctx.text[ws].isupper():
        return None
    wd = WEEKDAYS[g["wd"]]
    if g["pl"]:
        if g["rel"] or g["mod"]:
            return None
        return Spec(ws, c.end, "SET", _r_abs, (f"XXXX-WXX-{wd}", None))
    rel = " ".join((g["rel"] or "").split())
    part = _part(g["part"])
    if rel in ("each", "every"):
        return Spec(c.start, c.end, "SET", _r_abs, (f"XXXX-WXX-{wd}{part}", None))
    if not rel:
        w = _WEEK_AFTER.match(ctx.low, c.end)
        if w:
            rel = f"of {w.group(1)} week"
    typ = "TIME" if part else "DATE"
    return Spec(c.start, c.end, typ, _r_weekday, (wd, rel, part, c.start, c.end))


def _i_deictic(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    deic = g["deic"]
    if deic:
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[deic]
        part = _part(g["part"]) if g["part"] else ("TNI" if deic == "tonight" else "")
        return Spec(c.start, c.end, "TIME" if part else "DATE", _r_rel, ("D", off, part))
    if g["deic2"]:
        off = -2 if "yesterday" in g["deic2"] else 2
        return Spec(c.start, c.end, "DATE", _r_rel, ("D", off, ""))
    if g["on"]:
        return Spec(c.start, c.end, "TIME", _r_rel, ("D", -1, "TNI"))
    rel = g["rel"]
    partw = g["part2"]
    part = _part(partw)
    off = {"this": 0, "last": -1, "tomorrow": 1, "yesterday": -1}[rel]
    if rel == "last" and partw != "night":
        return None
    return Spec(c.start, c.end, "TIME", _r_rel, ("D", off, part))


def _i_daypart(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    det = " ".join(g["det"].split())
    if det in ("the", "the day's"):
        return None
    part = _part(g["part"])
    off = {"the next": 1, "the following": 1, "the previous": -1}.get(det, 0)
    return Spec(c.start, c.end, "TIME", _r_ana, ("D", off, part))


_WEEK_AFTER = re.compile(r",?\s+(?:of\s+)?(last|next|this)\s+week\b")
_CLOCK_PREPS = {"at", "from", "until", "till", "after", "before", "around", "about", "by", "since"}
_WORD_HOURS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NOON = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0), "lunchtime": (12, 0)}


def _i_time(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    start = c.start
    if g["approx"] and g["approx"] in ("until", "till", "by"):
        start = m.end("approx") + 1
    mm = 0
    part = g["part"] or ""
    if g["ampm"]:
        hh = int(g["h"])
        mm = int(g["m"] or 0)
        if hh > 12 or hh == 0 and "p" in g["ampm"]:
            return None
        if g["ampm"].startswith("p") and hh < 12:
            hh += 12
        elif g["ampm"].startswith("a") and hh == 12:
            hh = 0
    elif g["h2"]:
        hh, mm = int(g["h2"]), int(g["m2"])
        if hh > 24:
            return None
        pw = ctx.prev_word(c.start)
        if not (g["tz"] or g["hrs"] or pw in _CLOCK_PREPS):
            return None
    elif g["h3"]:
        h3 = g["h3"]
        hh = int(h3) if h3.isdigit() else _WORD_HOURS[h3]
        if hh > 12:
            return None
        if part and any(w in part for w in ("afternoon", "evening", "night")) and hh < 12:
            hh += 12
    elif g["h4"]:
        hh, mm = int(g["h4"][:2]), int(g["h4"][2:])
        if hh > 24:
            return None
    else:
        if ctx.low.startswith("pre-", c.start - 4):  # "a pre-dawn raid"
            return None
        w = g["noon"].replace("-", "")
        if w in _NOON:
            hh, mm = _NOON[w]
        else:
            return Spec(start, c.end, "TIME", _r_time, (None, 0, _part(w), None))
    if part and g["h"] and not g["ampm"]:
        if any(w in part for w in ("afternoon", "evening", "night")) and hh < 12:
            hh += 12
    return Spec(start, c.end, "TIME", _r_time, (hh, mm, "", None))


_UNIT_CODE = {"second": "S", "minute": "MIN", "hour": "H", "day": "D", "night": "D", "week": "W",
              "weekend": "WE", "fortnight": "2W", "month": "M", "quarter": "Q", "year": "Y",
              "decade": "DE", "century": "CE", "millennium": "ML", "half": "HALF"}
_CAL = {"D": "D", "W": "W", "WE": "WE", "M": "M", "Q": "Q", "Y": "Y", "DE": "DE", "CE": "CE", "HALF": "H"}
_LAST = {"last", "past", "this past", "the last", "the past", "the previous", "the preceding", "previous",
         "the prior", "the latest", "recent", "the recent"}
_NEXT = {"next", "the next", "coming", "the coming", "this coming", "upcoming", "the upcoming",
         "the following", "the ensuing"}
_NOT_AFTER_QUARTER = {"of", "-", "a", "an", "hour", "century", "mile", "point"}
_DURATION_DETS = _NEXT | _LAST | {
    "the", "the first", "the entire", "the whole", "the full", "the remaining", "the same", "", "another", "a full",
    "a single", "those", "these", "its", "their", "his", "her", "our", "the initial", "the final", "the second",
    "the third", "the fourth", "that", "this", "the current"}
_QUARTER_DETS = {
    "the", "this", "last", "next", "the latest", "the current", "that", "the same", "its", "the past", "the last",
    "the previous", "the comparable", "the year-earlier", "the year-ago", "the comparable year-ago",
    "the corresponding", "the recent", "the present"}
_YEAR_AGO_DETS = {"the year-earlier", "the year-ago", "the comparable year-ago", "the comparable", "the corresponding"}
_AGO = {"ago", "back", "earlier", "later", "before", "after", "prior", "from now", "hence"}
_FORWARD = {"later", "from now", "hence", "after"}
_PLURAL_OK_PREV = {"for", "in", "within", "over", "after", "than", "lasted", "took", "spent", "waited",
                   "last", "lasting", "taking", "spanning", "spanned", "endured", "since"}


def _i_unit(c: Candidate, m: re.Match, ctx: Ctx):  # noqa: C901 - one table of cases, read top to bottom
    g = m.groupdict()
    unit_w = g["unit"]
    code = _UNIT_CODE.get(unit_w)
    if code is None or code == "ML":
        return None
    pl = bool(g["pl"])
    det = _norm(g["det"]) or ""
    ordw = g["ord"]
    num_txt = _norm(g["num"])
    approx = g["approx"]
    mod = g["mod"]
    post = _norm(g["post"])
    start, end = c.start, c.end
    low = ctx.low
    ue = m.end("unit") + (1 if pl else 0)
    # ages: "29-year-old", "a six-month-old baby"
    if low.startswith(_OLD, m.end("long") if g["long"] else ue) and (num_txt or det == ""):
        if post is None or post == "old":
            return None
    if post == "old":
        return None
    if not g["long"] and ue < len(low) and low[ue] == "-":  # "year-ago", "year-end": another rule
        return None
    # "a quarter of the vote", "three quarters of", "half of"
    if code in ("Q", "HALF") and not (ordw or det or mod):
        if (num_txt and not pl) or ctx.next_word(ue) in _NOT_AFTER_QUARTER:
            return None
    if code == "HALF" and not ordw and det not in ("the first", "the second", "the last", "the latter", "the final"):
        return None  # "half of", "a half"
    if approx and not num_txt and approx in ("over", "under", "some", "just", "only", "about", "around", "roughly"):
        start = m.start("det") if g["det"] else (m.start("num") if num_txt else m.start("unit"))
        approx = None
    if code == "S" and num_txt in ("a", "an") and not post:
        return None
    n = None
    vague = False
    if num_txt:
        n = parse_number(num_txt)
        if n is None:
            vague = True
        elif g["vague"] == "and a half":
            n += 0.5
        if num_txt in ("a", "an") and det:
            return None
        if n is not None and 1600 <= n < 2100 and num_txt.isdigit():  # "the 1988 quarter": a year
            return None
    # post "before"/"after" with a count: the duration alone ("a month after" -> "a month")
    if (post in ("before", "after", "later") and (num_txt or pl)) or (post == "earlier" and (vague or pl)):
        # "a month after", "three days later": the duration alone (TimeML keeps the signal out)
        end = m.start("post") - 1
        while end > start and low[end - 1] == " ":
            end -= 1
        post = None
    if post in ("before", "after", "earlier", "later", "prior", "back") and code in ("H", "MIN", "S") and not num_txt:
        return None
    # ------------------------------------------------------------ SETs
    if det in ("each", "every", "per") and not approx:
        if det == "each" and ctx.next_word(m.end()) in ("other",):
            return None
        if code == "WE":
            return Spec(start, end, "SET", _r_abs, ("XXXX-WXX-WE", None))
        return Spec(start, end, "SET", _r_abs, (duration(1 if not num_txt else n, code), None))
    if num_txt in ("a", "an") and not det and not post and not approx and not mod:
        pw = low[max(0, start - 20):start].rstrip()
        if _MONEY_BEFORE.search(pw) or pw.endswith("$"):
            return Spec(start, end, "SET", _r_abs, (duration(1, code), None))
    if (g["py"] or g["pyrel"]) and code not in ("Q", "HALF"):
        end = m.end("unit") + (1 if pl else 0)
        if g["long"]:
            end = m.end("long")
    # "the seven-month conflict": the article belongs to the noun
    if num_txt and det == "the" and not pl and low[m.end("num")] == "-":
        start = m.start("num")
    yoff = None
    if det.endswith("year's"):
        yoff = {"this": 0, "last": -1, "next": 1}[det.split()[0]]
        if code not in ("Q", "HALF") or num_txt:
            return None
        if not ordw:
            if ctx.ref is None:
                return Spec(start, end, "DATE", _r_abs, ("XXXX-QX", "year"))
            return Spec(start, end, "DATE", _r_quarter, (None, code == "HALF", ctx.ref.year + yoff, "", start, end))
    if code in ("Q", "HALF") and det in ("the last", "the final", "the latter") and not num_txt and (g["py"] or g["pyrel"]):
        ordw = "final"
    # ------------------------------------------------------------ quarters and halves, named by ordinal
    if code in ("Q", "HALF") and ordw and not num_txt:
        q = ORDINAL_VALUE.get(ordw, None)
        if ordw in ("final", "last"):
            q = 4 if code == "Q" else 2
        if q is None or q < 1 or (code == "Q" and q > 4) or (code == "HALF" and q > 2):
            return None
        year = int(g["py"]) if g["py"] else None
        if g["pyrel"] and ctx.ref:
            year = ctx.ref.year + {"last": -1, "next": 1, "this": 0}[g["pyrel"]]
        if yoff is not None and ctx.ref:
            year = ctx.ref.year + yoff
        if det.startswith("the year-") or det.startswith("the comparable") or det in ("the corresponding",):
            return Spec(start, end, "DATE", _r_ana, ("Y", -1))
        return Spec(start, end, "DATE", _r_quarter, (q, code == "HALF", year, "", start, end))
    if code in ("Q", "HALF") and det in _QUARTER_DETS and not num_txt and not pl:
        if det in _YEAR_AGO_DETS:
            return Spec(start, end, "DATE", _r_ana, ("Y", -1))
        if det in ("its",):
            start = m.start("unit") if not ordw else start
        rel = {"the latest": "latest", "the": "", "its": "", "the current": "this", "the present": "this",
               "the same": "that", "the past": "last", "the last": "last", "the previous": "last",
               "the recent": "last"}.get(det, det)
        year = int(g["py"]) if g["py"] else None
        return Spec(start, end, "DATE", _r_quarter, (None, code == "HALF", year, rel, start, end))
    if code == "HALF":
        return None
    # ------------------------------------------------------------ "ago", "earlier", "later", "from now"
    if post in _AGO:
        if det and det not in ("the", "a full", "some") and post not in ("before", "after"):
            return None
        if vague or (pl and not num_txt):
            sign = 1 if post in _FORWARD else -1
            return Spec(start, end, "DATE", _r_abs, ("FUTURE_REF" if sign > 0 else "PAST_REF", None))
        if n is None:
            if det == "the" and post in ("before", "after"):
                n = 1
            else:
                return None
        sign = 1 if post in _FORWARD else -1
        cal = _CAL.get(code)
        if code == "2W":
            cal, n = "W", n * 2
        if code in ("H", "MIN", "S"):
            if post in ("ago", "back") or post in ("from now", "hence"):
                return Spec(start, end, "DATE", _r_rel, ("D", 0, ""))
            return Spec(start, end, "DATE", _r_ana, ("D", 0, ""))
        if cal is None or not float(n).is_integer():
            return None
        if post in ("ago", "back", "from now", "hence"):
            if cal == "Y":
                return Spec(start, end, "DATE", _r_ago_year, (int(n) * sign,))
            return Spec(start, end, "DATE", _r_rel, (cal, int(n) * sign, ""))
        return Spec(start, end, "DATE", _r_ana, (cal, int(n) * sign, ""))
    if post == "to date":
        end = m.start("post") - 1
    # ------------------------------------------------------------ with a count: durations
    if num_txt or (g["long"] and not det):
        if det in _DURATION_DETS:
            return Spec(start, end, "DURATION", _r_abs, (duration(None if vague else n, code), None))
        return None
    if g["long"] and not pl:
        return Spec(start, end, "DURATION", _r_abs, (duration(1, code), None))
    # ------------------------------------------------------------ plural without a count
    if pl:
        if det in ("recent", "the recent", "the past", "past", "the last", "last") and code not in ("H", "MIN", "S"):
            if det in ("recent", "the recent") and code == "Y":
                return Spec(start, end, "DATE", _r_abs, ("PAST_REF", None))
            return Spec(start, end, "DURATION", _r_abs, (duration(None, code), None))
        if det in ("coming", "the coming", "upcoming", "the upcoming", "the next"):
            return Spec(start, end, "DURATION", _r_abs, (duration(None, code), None))
        if det in ("these",) and code == "D":
            return Spec(start, end, "DATE", _r_abs, ("PRESENT_REF", None))
        if det in ("those",) and code == "D":
            return Spec(start, end, "DATE", _r_abs, ("PAST_REF", None))
        if det == "" and not approx and not mod:
            if code == "WE":
                return Spec(start, end, "SET", _r_abs, ("XXXX-WXX-WE", None))
            if ctx.prev_word(start) in _PLURAL_OK_PREV:
                return Spec(start, end, "DURATION", _r_abs, (duration(None, code), None))
        return None
    # ------------------------------------------------------------ singular, no count: calendar units
    cal = _CAL.get(code)
    if code == "D" and unit_w == "night":
        return None
    if det in ("last", "past", "this past", "previous") and cal and code not in ("D",):
        if code == "WE":
            return Spec(start, end, "DATE", _r_weekend, ("last", start, end))
        return Spec(start, end, "DATE", _r_rel, (cal, -1, ""))
    if det in ("next", "coming", "this coming", "upcoming", "the coming", "the upcoming") and cal and code != "D":
        if code == "WE":
            return Spec(start, end, "DATE", _r_weekend, ("next", start, end))
        return Spec(start, end, "DATE", _r_rel, (cal, 1, ""))
    if det in ("this", "the current", "the present") and cal and code != "D":
        if code == "WE":
            return Spec(start, end, "DATE", _r_weekend, ("this", start, end))
        return Spec(start, end, "DATE", _r_rel, (cal, 0, ""))
    if det in ("that", "the same", "that same") and cal:
        return Spec(start, end, "DATE", _r_ana, (cal, 0, ""))
    if det in ("the previous", "the preceding", "the prior") and cal:
        return Spec(start, end, "DATE", _r_ana, (cal, -1, ""))
    if det in ("the next", "the following", "the ensuing") and cal:
        return Spec(start, end, "DATE", _r_ana, (cal, 1, ""))
    if det in ("the past", "the last", "the latest") and cal:
        if code == "WE":
            return Spec(start, end, "DATE", _r_weekend, ("last", start, end))
        return Spec(start, end, "DURATION", _r_abs, (duration(1, code), None))
    if det in ("the", "a full", "the full", "the entire", "the whole") or (det == "" and (mod or g["fiscal"])):
        if code == "WE":
            return Spec(start, end, "DATE", _r_weekend, ("", start, end))
        if code == "D" and post in ("before", "after"):
            return Spec(start, end, "DATE", _r_ana, ("D", -1 if post == "before" else 1, ""))
        if code == "Y":
            if not mod and _ENDED.match(low, end):  # "for the year ended Sept. 30"
                return Spec(start, end, "DURATION", _r_abs, ("P1Y", None))
            return Spec(start, end, "DATE", _r_rel, ("Y", 0, ""))
        if mod and code in ("M", "W"):
            return Spec(start, end, "DATE", _r_rel, (cal, 0, ""))
        return None
    return None


def _r_ago_year(ctx: Ctx, n: int):
    q = ctx.last_q
    if q is not None and n == -1:  # "from $x a year ago" in a quarterly report
        return _pt(Point(shift(q.date, "Y", n), q.gran))
    return _r_rel(ctx, "Y", n, "")


def _i_year(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    y = int(g["y"])
    pre = " ".join((g["pre"] or "").split())
    pw = ctx.prev_word(c.start)
    nw = ctx.next_word(m.end("y"))
    ref = ctx.ref
    if ref is not None and y > ref.year + 60:
        return None
    if not pre and not g["mod"]:
        if pw in _QUANT_PREV or pw.endswith("$") or pw.startswith("$"):
            return None
        if _COUNT_NOUNS.match(nw or "") and not g["post"]:
            return None
        if c.start > 0 and ctx.low[c.start - 1] in "$#€£-/":
            if not (ctx.low[c.start - 1] == "-" and c.start > 1 and ctx.low[c.start - 2].isalpha()):
                return None
    start = c.start
    if pre == "the" and not g["post"]:
        start = m.start("y")
    post = g["post"]
    if post and ("quarter" in post or "half" in post):
        if post in ("quarter",):
            return Spec(start, c.end, "DATE", _r_quarter, (None, False, y, "", start, c.end))
        q = ORDINAL_VALUE.get(post.split()[0])
        return Spec(start, c.end, "DATE", _r_quarter, (q, "half" in post, y, "", start, c.end))
    end = c.end
    if post and post not in ("period", "season", "fiscal year"):
        end = m.end("y")
    if post == "period":
        return Spec(start, end, "DATE", _r_year_period, (y,))
    return Spec(start, end, "DATE", _r_abs, (f"{y:04d}", "year", Point(Date(y, 1, 1), "Y")))


def _r_year_period(ctx: Ctx, y: int):
    q = ctx.last_q
    if q is not None:
        return _pt(Point(Date(y, q.date.month, 1), q.gran))
    return f"{y:04d}", "year", True, Point(Date(y, 1, 1), "Y")


_DECW = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
         "eighties": 8, "nineties": 9}
_CENTW = {"first": 1, "nineteenth": 19, "twentieth": 20, "eighteenth": 18, "twenty-first": 21, "twenty first": 21}


def _i_decade(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    if g["dec"]:
        v = g["dec"][:3]
        return Spec(c.start, c.end, "DATE", _r_abs, (v, "decade", Point(Date(int(v) * 10, 1, 1), "DE")))
    if g["dec2"] or g["decw"]:
        if g["decw"] and not ctx.low.startswith("the", c.start):
            return None
        dd = int(g["dec2"][0]) if g["dec2"] else _DECW[g["decw"]]
        base = ctx.ref.year if ctx.ref else 2000
        cent = base // 100
        if cent * 100 + dd * 10 > base:
            cent -= 1
        v = f"{cent:02d}{dd}"
        return Spec(c.start, c.end, "DATE", _r_abs, (v, "decade", Point(Date(int(v) * 10, 1, 1), "DE")))
    if g["centn"] or g["centw"]:
        n = int(g["centn"]) if g["centn"] else _CENTW.get(" ".join(g["centw"].split()).replace(" ", "-"))
        if not n or n > 21:
            return None
        v = f"{n - 1:02d}"
        return Spec(c.start, c.end, "DATE", _r_abs, (v, "decade", None))
    rel = " ".join(g["centrel"].split())
    off = {"this": 0, "the current": 0, "last": -1, "the last": -1, "the past": -1, "next": 1, "the next": 1}[rel]
    if rel in ("the past", "the last", "the next"):
        return Spec(c.start, c.end, "DURATION", _r_abs, ("P1CE", None))
    return Spec(c.start, c.end, "DATE", _r_rel, ("CE", off, ""))


def _i_season(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    sw = g["season"]
    code = SEASONS[sw]
    rel = " ".join((g["rel"] or "").split())
    y = int(g["y"]) if g["y"] else None
    mod = g["mod"]
    start = c.start
    if rel in ("the",) and not y:
        if ctx.next_word(m.end("season")) == "of":
            return None
    if not (rel and rel != "the" or y or mod):
        pw = ctx.prev_word(c.start)
        if sw == "fall" and rel != "the":
            return None
        if pw not in _SEASON_PREPS:
            return None
        if sw == "fall" and pw not in _FALL_PREPS:
            return None
    if sw == "fall" and not ctx.text[m.start("season")].islower() and not (rel or y):
        return None
    if rel == "the":
        start = m.start("rel")
    return Spec(start, c.end, "DATE", _r_season, (code, y, rel if rel != "the" else "", start, c.end))


_REF = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "presently": "PRESENT_REF", "at present": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "the foreseeable future": "FUTURE_REF",
    "the immediate future": "FUTURE_REF", "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF", "the medium term": "FUTURE_REF", "soon": "FUTURE_REF",
}
_LONG = {"weeklong": "P1W", "week-long": "P1W", "monthlong": "P1M", "month-long": "P1M",
         "yearlong": "P1Y", "year-long": "P1Y", "daylong": "P1D", "day-long": "P1D", "nightlong": "P1D",
         "decade-long": "P1DE", "decades-long": "PXDE", "centuries-long": "PXCE"}


_FUNCTION_WORDS = {
    "of", "is", "was", "will", "and", "or", "but", "in", "for", "to", "as", "that", "when", "with", "at",
    "on", "by", "are", "were", "be", "has", "have", "had", "would", "could", "may", "might", "than",
    "it", "he", "she", "they", "we", "i", "you", "the", "a", "an", "there", "this", "if", "because",
    "so", "not", "looks", "look", "seems", "remains", "lies", "holds", "said", "says", "he's", "it's",
    "depends", "is.", "rather",
}


def _next_is_noun(ctx: Ctx, e: int) -> bool:
    """Is the expression used as a modifier ("future payments", "quarterly dividend")?"""
    m = _NEXTW.match(ctx.low, e, e + 40)
    if not m or m.start(1) != e + 1 or ctx.low[e] != " ":
        return False
    w = m.group(1)
    return w.isalpha() and w not in _FUNCTION_WORDS and not w.endswith("ly")


def _i_ref(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    r = " ".join(g["ref"].split())
    if r in _REF:
        v = _REF[r]
        if r == "now" and ctx.next_word(c.end) == "that":
            return None  # "now that ..." is a conjunction
        if r == "soon":
            pw = ctx.prev_word(c.start)
            if pw in ("as", "how", "too") or ctx.low.startswith(" as", c.end) or ctx.low.startswith(" after", c.end):
                return None
        if r in ("future", "the future", "current") and _next_is_noun(ctx, c.end) and r != "current":
            return None
        if r == "future" and ctx.prev_word(c.start) not in ("in", "for", "near", "the", "of", "into"):
            return None
        return Spec(c.start, c.end, "DATE", _r_abs, (v, None))
    if r in _LONG:
        return Spec(c.start, c.end, "DURATION", _r_abs, (_LONG[r], None))
    if r in ("the latest period", "the current period", "the recent period", "the period"):
        return Spec(c.start, c.end, "DATE", _r_quarter, (None, False, None, "", c.start, c.end))
    if r in ("year-earlier", "year-ago") or r.startswith("the year-") or r.startswith("the comparable") \
            or r.startswith("the same period") or r.startswith("the corresponding"):
        return Spec(c.start, c.end, "DATE", _r_ana, ("Y", -1))
    if r in ("year-end", "year end", "year's end"):
        return Spec(c.start, c.end, "DATE", _r_year_end, ())
    if r in ("midyear", "mid-year"):
        return Spec(c.start, c.end, "DATE", _r_rel, ("Y", 0, ""))
    return None


def _r_year_end(ctx: Ctx):
    a = ctx.anchor
    base = a.date if a is not None and a.gran == "Y" else ctx.ref
    if base is None:
        return "XXXX-12-31", "day", False, None
    return f"{base.year:04d}-12-31", "day", True, None


_DETERMINERS = {"its", "the", "a", "their", "first", "initial", "regular", "his", "her", "our"}


def _i_set(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    if g["sw"]:
        sw = g["sw"]
        if sw in ("quarterly", "monthly", "yearly", "annually", "semiannually", "biweekly") and (
                _next_is_noun(ctx, c.end) or ctx.prev_word(c.start) in _DETERMINERS):
            return None
        return Spec(c.start, c.end, "SET", _r_abs, (SET_WORDS[g["sw"]], None))
    if g["freq"]:
        return Spec(c.start, c.end, "SET", _r_abs, (duration(1, _UNIT_CODE[g["funit"]]), None))
    if g["wdpl"]:
        return None  # handled by the weekday rule
    u = g["sunit"]
    n = parse_number(g["n"]) if g["n"] else 1
    if u in WEEKDAYS:
        return Spec(c.start, c.end, "SET", _r_abs, (f"XXXX-WXX-{WEEKDAYS[u]}", None))
    if u in SEASONS:
        return Spec(c.start, c.end, "SET", _r_abs, (f"XXXX-{SEASONS[u]}", None))
    if u in DAY_PARTS:
        return Spec(c.start, c.end, "SET", _r_abs, (f"XXXX-XX-XXT{DAY_PARTS[u]}", None))
    mon = MONTHS.get(u.rstrip("."))
    if mon:
        if not ctx.text[m.start("sunit")].isupper():
            return None
        return Spec(c.start, c.end, "SET", _r_abs, (f"XXXX-{mon:02d}", None))
    code = _UNIT_CODE.get(u)
    if code is None:
        return None
    if code == "WE":
        return Spec(c.start, c.end, "SET", _r_abs, ("XXXX-WXX-WE", None))
    if g["q"] == "each" and ctx.next_word(c.end) == "other":
        return None
    return Spec(c.start, c.end, "SET", _r_abs, (duration(n, code), None))


def _i_holiday(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    name = g["hol"]
    hs = m.start("hol")
    if not ctx.text[hs].isupper():
        return None
    rel = " ".join((g["rel"] or "").split())
    y = int(g["y"]) if g["y"] else None
    return Spec(c.start, c.end, "DATE", _r_holiday, (name, y, rel, c.start, c.end))


_YW_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
            "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
            "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_YW_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10}


def _i_yearword(c: Candidate, m: re.Match, ctx: Ctx):
    g = m.groupdict()
    if g["yw"]:
        words = WORD_SPLIT.split(g["yw"])[1:]
        words = [w for w in words if w not in ("hundred", "and")]
        if not words or words[0] not in _YW_TENS:
            return None
        y = 1900 + _YW_TENS[words[0]] + (_YW_ONES.get(words[1], 0) if len(words) > 1 else 0)
    else:
        words = WORD_SPLIT.split(g["yw2"])[2:]
        words = [w for w in words if w != "and"]
        y = 2000 + (_YW_ONES.get(words[0], 0) if words else 0)
    start = c.start
    if ctx.low.startswith("in ", start):
        start += 3
    return Spec(start, c.end, "DATE", _r_abs, (f"{y}", "year", Point(Date(y, 1, 1), "Y")))


_INTERP = {
    "iso": _i_iso, "month": _i_month, "weekday": _i_weekday, "deictic": _i_deictic, "daypart": _i_daypart,
    "time": _i_time, "unit": _i_unit, "year": _i_year, "decade": _i_decade, "season": _i_season,
    "ref": _i_ref, "set": _i_set, "holiday": _i_holiday, "yearword": _i_yearword,
}

_GAP = re.compile(r"\s*,?\s*(?:on\s+)?$")


def merge_times(specs: list[Spec], low: str) -> list[Spec]:
    """'9 a.m. Tuesday', '5 p.m. EST, Nov. 6', 'noon Thursday': a clock time followed by its day is one
    expression; in '8 p.m. on Tuesday' the two stay apart but the time takes Tuesday's date."""
    out: list[Spec] = []
    i = 0
    while i < len(specs):
        s = specs[i]
        if s.fn is _r_time and s.args[3] is None and i + 1 < len(specs):
            nxt = specs[i + 1]
            gap = low[s.end : nxt.start]
            if len(gap) <= 5 and _GAP.match(gap) and nxt.type in ("DATE", "TIME") and _is_day_spec(nxt):
                hh, mm, part, _ = s.args
                if nxt.fn in (_r_weekday, _r_month, _r_holiday):  # read the tense from the clock time on
                    nxt = nxt._replace(args=nxt.args[:-2] + (s.start, nxt.end))
                if "on" in gap:
                    out.append(Spec(s.start, s.end, "TIME", _r_time, (hh, mm, part, nxt)))
                    i += 1
                    continue
                out.append(Spec(s.start, nxt.end, "TIME", _r_time, (hh, mm, part, nxt)))
                i += 2
                continue
        out.append(s)
        i += 1
    return out


def _is_day_spec(s: Spec) -> bool:
    if s.fn in (_r_weekday, _r_holiday):
        return not (s.fn is _r_weekday and s.args[2])
    if s.fn is _r_month:
        return s.args[1] is not None
    if s.fn is _r_rel:
        return s.args[0] == "D" and not s.args[2]
    if s.fn is _r_abs:
        return s.args[1] == "day"
    return False


_NO_ANCHOR = {_r_ana, _r_ago_year, _r_year_period, _r_year_end}


def resolve_all(specs: list[Spec], ctx: Ctx):
    """Resolve specs in document order; yields (spec, value, precision, anchored).

    Dates named outright or relative to the reference date become the anchor of later anaphoric
    expressions; anaphoric ones ("a year earlier") do not, so they never chain.
    """
    for s in specs:
        r = s.fn(ctx, *s.args)
        if r is None:
            continue
        value, precision, anchored, point = r
        if point is not None and s.type in ("DATE", "TIME") and s.fn not in _NO_ANCHOR:
            ctx.anchor = Point(point.date, point.gran)
            if s.fn is _r_quarter and (ctx.ref is None or point.date <= ctx.ref):
                ctx.last_q = ctx.anchor  # the reporting period of a results story (never a future one)
        yield s, value, precision, anchored
