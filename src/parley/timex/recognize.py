"""Find candidate time expressions: a cheap trigger scan, then rule regexes around each trigger.

Everything runs on the lower-cased text (same offsets as the original). One trie-shaped trigger regex
finds the head words (month and weekday names, units, "today", years, clock times...); each trigger
kind names the few rule regexes worth trying in a small window around it. Overlapping candidates keep
the longest. All regexes are compiled once, at import.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Optional

from .lexicon import (
    DAY_PARTS,
    HOLIDAYS_EASTER,
    HOLIDAYS_FIXED,
    HOLIDAYS_NTH,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    SEASONS,
    SET_WORDS,
    UNITS,
    WEEKDAYS,
    trie_regex,
)


class Candidate(NamedTuple):
    start: int
    end: int
    rule: str
    match: re.Match


# ---------------------------------------------------------------- building blocks (lower case)
_MON = trie_regex(MONTHS)
_MON_FULL = trie_regex([m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")])
_MON_ABBR = trie_regex([m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july")])
MON = rf"(?:(?:{_MON_FULL})\b|(?:{_MON_ABBR})(?:\.|\b))"
WD = trie_regex(WEEKDAYS)
YEAR4 = r"(?:1[6-9]\d\d|20\d\d)"
_NUMW = trie_regex([w for w in NUMBER_WORDS if w not in ("a", "an", "half")])
NUMWORD = rf"(?:{_NUMW})(?:[\s-](?:{_NUMW}))*"
VAGUE = r"(?:a\s+few|few|several|many|some|numerous|a\s+couple\s+of|couple\s+of|a\s+couple|a\s+number\s+of|dozens\s+of|hundreds\s+of|a\s+dozen|a\s+half-dozen|a\s+half\s+dozen|half\s+a|half\s+an)"
NUM = (
    rf"(?:\d+(?:[.,]\d+)?(?:\s+\d/\d|\s+and\s+a\s+half)?|{NUMWORD}(?:\s+and\s+a\s+half)?"
    rf"|{VAGUE}|an?(?:\s+and\s+a\s+half)?)"
)
_UNIT_WORDS = [u for u in UNITS if u not in ("centuries", "millennia")] + ["half"]
UNIT = rf"(?:{trie_regex(_UNIT_WORDS)})"
ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last|latter|latest|current|fiscal|same)"
MOD = (
    r"(?:early|late|mid|middle|end|the\s+(?:end|beginning|start|middle|close|rest|remainder|turn|"
    r"latter\s+part|early\s+part|first\s+part|last\s+part|first\s+half|second\s+half|last\s+half|"
    r"latter\s+half|first\s+week|last\s+week|first\s+days|final\s+days|last\s+days|first\s+day|last\s+day)"
    r"\s+of|(?:end|beginning|start|middle)\s+of|earlier|later)"
)
APPROX = (
    r"(?:about|around|approximately|nearly|almost|more\s+than|less\s+than|fewer\s+than|at\s+least|"
    r"at\s+most|up\s+to|over|under|roughly|barely|well\s+over|close\s+to|upwards\s+of|"
    r"no\s+more\s+than|no\s+less\s+than|not\s+more\s+than|fully|another|an\s+additional|"
    r"the\s+better\s+part\s+of|a\s+full|an\s+extra|a\s+further|some|just|only)"
)
TZ = r"(?:[ecmp][sd]t|gmt|utc|bst|cet|cest|eet|eest|msk|ist|jst|local\s+time|a?st|aedt|aest)\b"
PART = r"(?:morning|afternoon|evening|night|overnight)"
SEASON = trie_regex(SEASONS)

# ---------------------------------------------------------------- rules
_R: dict[str, re.Pattern] = {}


def _rule(name: str, pattern: str) -> None:
    _R[name] = re.compile(pattern)


_rule(
    "iso",
    r"\b(?:(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
    r"(?:t(?P<hh>[0-2]\d):(?P<mm>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?:z|[+-]\d\d:?\d\d)?)?"
    r"|(?P<m2>[01]?\d)/(?P<d2>[0-3]?\d)/(?P<y2>(?:1[6-9]|20)\d\d|\d\d)"
    r"|(?P<y3>(?:1[6-9]|20)\d\d)/(?P<m3>[01]?\d)/(?P<d3>[0-3]?\d))\b(?![/-]\d)",
)
_rule(
    "month",
    rf"\b(?:(?P<wd>{WD}),?\s+)?"
    rf"(?:(?P<mod>{MOD})[\s-]+)?"
    r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|coming|past)\s+)?"
    r"(?:(?:the\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
    rf"(?P<mon>{MON})"
    r"(?:\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b(?![.,]\d|\s*%|:\d|\s*-\s*(?:year|month|day|week)))?"
    rf"(?:,?\s*(?P<y>{YEAR4}|'\d\d)\b(?![.,]\d)|\s+(?:of\s+)?(?P<yrel>last|next|this)\s+year)?",
)
_rule(
    "weekday",
    r"\b(?:(?P<mod>early|late|mid|earlier|later)\s+)?"
    r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|coming|past|previous|the\s+previous|"
    r"the\s+following|following|the\s+next|the\s+last|that|the\s+same)\s+)?"
    rf"(?P<wd>{WD})(?P<pl>s\b)?"
    rf"(?:\s+(?P<part>{PART}))?",
)
_rule(
    "deictic",
    r"\b(?:(?P<mod>early|late|mid|earlier|later)\s+)?"
    rf"(?:(?P<deic>today|tonight|yesterday|tomorrow)(?:\s+(?P<part>{PART}))?"
    r"|(?P<deic2>(?:the\s+)?day\s+(?:before\s+yesterday|after\s+tomorrow))"
    rf"|(?P<rel>this|last|tomorrow|yesterday)\s+(?P<part2>{PART})"
    r"|(?P<on>overnight))\b",
)
_rule(
    "daypart",
    r"\b(?:(?P<mod>early|late)\s+)?"
    r"(?P<det>that|the\s+next|the\s+following|the\s+previous|the\s+same|the\s+same\s+day|"
    r"later\s+that|earlier\s+that|that\s+same|the\s+day's|the)\s+"
    r"(?P<part>morning|afternoon|evening|night)\b(?!\s+of\b)",
)
_rule(
    "time",
    r"\b(?:(?P<approx>about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after)|"
    r"roughly|exactly|precisely|until|till|by)\s+)?"
    r"(?:(?P<h>[01]?\d)(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>a\.?\s?m\b\.?|p\.?\s?m\b\.?)"
    r"|(?P<h2>[0-2]?\d):(?P<m2>[0-5]\d)(?![\d:])(?:\s*(?P<hrs>h(?:ou)?rs?)\b)?"
    r"|(?P<h3>[01]?\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o'?\s?clock"
    r"|(?P<h4>[0-2]\d[0-5]\d)(?=\s+(?:gmt|utc|hours|hrs|local))"
    r"|(?P<noon>noon|midnight|midday|mid-?afternoon|mid-?morning|dawn|dusk|daybreak|nightfall|sunrise|sunset|lunchtime))"
    rf"(?:\s+(?P<tz>{TZ}))?"
    r"(?:\s+(?P<part>in\s+the\s+(?:morning|afternoon|evening)|at\s+night|tonight|this\s+(?:morning|afternoon|evening)))?",
)
_rule(
    "unit",
    rf"\b(?:(?P<mod>{MOD})[\s-]+)?"
    rf"(?:(?P<approx>{APPROX})\s+)?"
    r"(?:(?P<det>the\s+(?:past|last|next|coming|previous|preceding|following|same|entire|whole|full|"
    r"current|remaining|ensuing|prior|upcoming|recent|latest|present|corresponding|comparable|"
    r"year-earlier|year-ago)|this|these|those|that|last|next|past|coming|this\s+year's|last\s+year's|next\s+year's|"
    r"recent|previous|each|every|per|another|upcoming|its|the|their|his|her|our|a\s+full|a\s+single|"
    r"the\s+year-earlier|the\s+year-ago|the\s+same|that\s+same|this\s+past|this\s+coming|the\s+past|"
    r"the\s+comparable\s+year-ago|the\s+comparable|the\s+latest|the\s+first|the\s+last|the\s+final|"
    r"the\s+latter)\s+)?"
    r"(?:(?P<fiscal0>fiscal)[\s-]+)?"
    r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|latter)[\s-]+)?"
    r"(?:(?P<fiscal>fiscal|calendar|financial)[\s-]+)?"
    rf"(?:(?P<num>{NUM})[\s-]+)?"
    r"(?:(?P<adj>full|calendar|fiscal|business|trading|working|school|straight|consecutive|more|"
    r"additional|long|extra|further)[\s-]+)?"
    rf"(?P<unit>{UNIT})(?P<pl>s)?(?P<long>[\s-]?long)?\b"
    r"(?:\s+(?P<vague>or\s+so|or\s+more|or\s+two|or\s+less|or\s+longer|and\s+a\s+half))?"
    r"(?:\s+(?P<post>ago|earlier|later|before|after|from\s+now|hence|back|prior|running|in\s+a\s+row|"
    r"to\s+date|ahead|of\s+(?P<py>1[6-9]\d\d|20\d\d)|"
    r"of\s+(?P<pyrel>last|next|this)\s+year)\b)?",
)
_rule(
    "year",
    rf"\b(?:(?P<mod>{MOD})[\s-]+)?"
    r"(?:(?P<pre>the\s+year|the\s+fiscal\s+year|the\s+calendar\s+year|fiscal\s+year|fiscal|calendar\s+year|"
    r"calendar|fy|the|model\s+year|the\s+full\s+year|full\s+year|full-year)[\s-]*)?"
    rf"(?P<y>{YEAR4})(?![\d.,/:%-]\d|\s*%|\s*percent|'?s\b)"
    r"(?:\s+(?P<post>period|quarter|first\s+quarter|second\s+quarter|third\s+quarter|fourth\s+quarter|"
    r"first\s+half|second\s+half|season|fiscal\s+year|figure|level|levels)\b)?",
)
_rule(
    "decade",
    r"\b(?:the\s+)?(?:(?P<mod>early|late|mid|middle|end\s+of\s+the|last\s+half\s+of\s+the|first\s+half\s+of\s+the)[\s-]+)?"
    r"(?:(?P<dec>1[0-9]\d0|20\d0)'?s|'(?P<dec2>\d0)'?s|(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b"
    r"|\b(?:the\s+)?(?P<centn>\d{1,2})(?:st|nd|rd|th)[\s-]+century"
    r"|\b(?:the\s+)?(?P<centw>(?:twenty[\s-])?(?:first|nineteenth|twentieth|eighteenth))[\s-]+century"
    r"|\b(?P<centrel>this|last|the\s+last|the\s+next|next|the\s+past|the\s+current)\s+century",
)
_rule(
    "season",
    rf"\b(?:(?P<mod>{MOD})[\s-]+)?"
    r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|coming|past|the|early|late|that)\s+)?"
    rf"(?P<season>{SEASON})(?![\s-]+(?:of\s+)?(?:the\s+)?[a-z]+\s+(?:said|says))"
    rf"(?:,?\s+(?:of\s+)?(?P<y>{YEAR4})\b)?",
)
_rule(
    "ref",
    r"\b(?P<ref>right\s+now|now|currently|current|presently|at\s+present|nowadays|these\s+days|"
    r"recently|recent|lately|previously|formerly|the\s+past|the\s+(?:near|distant|foreseeable|immediate)\s+future|"
    r"the\s+future|future|the\s+(?:near|short|long|medium)\s+term|soon|shortly|"
    r"in\s+the\s+meantime|meantime|meanwhile|once|so\s+far|to\s+date|at\s+the\s+moment|"
    r"at\s+this\s+time|at\s+that\s+time|this\s+time|that\s+time|then|time|earlier|later|"
    r"some\s+day|someday|one\s+day|eventually|any\s+time|anytime|former|past|so\s+far\s+this\s+year|"
    r"year-earlier|year-ago|year-end|year\s+end|year-to-date|year\s+to\s+date|midyear|mid-year|"
    r"the\s+same\s+period\s+(?:a\s+year\s+(?:earlier|ago)|last\s+year)|"
    r"the\s+corresponding\s+period\s+(?:a\s+year\s+(?:earlier|ago)|last\s+year)|"
    r"the\s+year-(?:earlier|ago)\s+(?:period|quarter|level|figure)s?|"
    r"the\s+comparable\s+(?:year-(?:earlier|ago)\s+)?(?:period|quarter)|"
    r"the\s+(?:previous|prior)\s+year's|weeklong|monthlong|yearlong|daylong|nightlong|"
    r"week-long|month-long|year-long|day-long|decades?-long|centuries-long|"
    r"midweek|midmonth|mid-month|mid-week|year-round|all\s+year)\b",
)
_rule(
    "set",
    r"\b(?:(?P<freq>once|twice|thrice|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many)"
    r"\s+times)\s+(?:a|an|per|each|every)\s+(?P<funit>day|week|month|year|quarter|hour|minute|decade)"
    r"|(?P<q>every|each)\s+(?:other\s+)?(?:(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|few|couple\s+of)\s+)?"
    rf"(?P<sunit>day|week|month|year|quarter|hour|minute|morning|night|evening|afternoon|weekend|{WD}|"
    rf"{SEASON}|{MON}|decade|second)s?"
    rf"|(?P<sw>{trie_regex(SET_WORDS)})"
    rf"|(?P<wdpl>{WD})s)\b",
)
_HOL = trie_regex(list(HOLIDAYS_FIXED) + list(HOLIDAYS_NTH) + list(HOLIDAYS_EASTER) + ["election day"])
_rule(
    "holiday",
    r"\b(?:(?P<rel>last|next|this|this\s+past|this\s+coming|coming|past)\s+)?"
    rf"(?P<hol>{_HOL})\b(?:,?\s+(?P<y>{YEAR4})\b)?",
)
_rule(
    "yearword",
    r"\b(?:the\s+year\s+|in\s+)?(?P<yw>nineteen[\s-](?:hundred(?:\s+and)?[\s-])?(?:ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)\b"
    r"|\bthe\s+year\s+(?P<yw2>two\s+thousand(?:\s+and)?(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine|ten))?)\b",
)

# ---------------------------------------------------------------- the trigger scan
_TRIGGER_KINDS = {
    "mon": ("month",),
    "wd": ("weekday", "month", "set", "time"),
    "unit": ("unit", "set", "ref", "time", "season"),
    "deic": ("deictic", "time"),
    "part": ("deictic", "daypart", "weekday", "time"),
    "ref": ("ref",),
    "season": ("season", "set"),
    "setw": ("set", "ref"),
    "year": ("year", "month", "season", "unit", "decade", "holiday"),
    "decade": ("decade",),
    "time": ("time",),
    "iso": ("iso",),
    "hol": ("holiday",),
    "yw": ("yearword",),
}
_T_UNIT = trie_regex(_UNIT_WORDS + ["centuries", "millennia"])
_T_REF = trie_regex(
    ["now", "current", "currently", "presently", "present", "nowadays", "recently", "recent", "lately",
     "previously", "formerly", "future", "past", "term", "soon", "shortly", "meantime", "meanwhile",
     "once", "far", "date", "moment", "time", "then", "earlier", "later", "someday", "eventually",
     "anytime", "former", "weeklong", "monthlong", "yearlong", "daylong", "nightlong", "midweek",
     "midmonth", "midyear", "mid-year", "mid-month", "mid-week"]
)
_T_SET = trie_regex(list(SET_WORDS) + ["once", "twice", "thrice", "times", "every", "each"])
_T_HOL = trie_regex(["christmas", "thanksgiving", "easter", "halloween", "new year's", "independence day",
                     "valentine's", "veterans", "boxing day", "bastille", "patrick's", "labor day",
                     "memorial day", "mother's day", "father's day", "columbus day", "presidents'",
                     "martin luther king", "good friday", "palm sunday", "may day", "election day"])
TRIGGER = re.compile(
    r"\b(?:"
    rf"(?P<mon>{_MON})"
    rf"|(?P<wd>{WD})"
    rf"|(?P<unit>{_T_UNIT})"
    r"|(?P<deic>today|tonight|yesterday|tomorrow|overnight)"
    rf"|(?P<part>{trie_regex(DAY_PARTS)})"
    rf"|(?P<ref>{_T_REF})"
    rf"|(?P<season>{SEASON})"
    rf"|(?P<setw>{_T_SET})"
    rf"|(?P<hol>{_T_HOL})"
    r"|(?P<decade>(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|century))"
    r"|(?P<yw>nineteen|thousand)"
    r"|(?P<iso>(?:1[6-9]|20)\d\d[-/][01]?\d[-/][0-3]?\d|[01]?\d/[0-3]?\d/\d\d(?:\d\d)?)"
    r"|(?P<year>(?:1[6-9]|20)\d\d(?=s\b|'s\b)|1[6-9]\d\d|20\d\d|'\d0s)"
    r"|(?P<time>noon|midnight|midday|mid-?afternoon|mid-?morning|dawn|dusk|daybreak|nightfall|sunrise|sunset|lunchtime|\d{1,2}(?:[:.][0-5]\d)?\s*[ap]\.?\s?m\b|\d{1,2}:[0-5]\d|o'?\s?clock|\d{4}\s+(?:gmt|utc|hours|hrs))"
    r")(?:s|es|'s)?\b"
)
_LEFT = 60
_RIGHT = 45


def _pick(cands: list[Candidate]) -> list[Candidate]:
    """Greedy non-overlapping selection: longest first, then earliest."""
    cands.sort(key=lambda c: (c.start - c.end, c.start))
    taken: list[Candidate] = []
    for c in cands:
        for t in taken:
            if c.start < t.end and t.start < c.end:
                break
        else:
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


def candidates(low: str) -> list[Candidate]:
    """All non-overlapping candidate expressions in ``low`` (the lower-cased text)."""
    n = len(low)
    seen: set = set()
    found: list[Candidate] = []
    for tm in TRIGGER.finditer(low):
        ts, te = tm.start(), tm.end()
        kind = tm.lastgroup
        lo = ts - _LEFT if ts > _LEFT else 0
        hi = te + _RIGHT if te + _RIGHT < n else n
        for rule in _TRIGGER_KINDS[kind]:
            rx = _R[rule]
            for m in rx.finditer(low, lo, hi):
                s, e = m.span()
                if s >= te:
                    break
                if e <= ts or s == e:
                    continue
                key = (s, e, rule)
                if key in seen:
                    continue
                seen.add(key)
                found.append(Candidate(s, e, rule, m))
    return found


def select(found: list[Candidate]) -> list[Candidate]:
    return _pick(found)


NUMBER_VALUE = dict(NUMBER_WORDS)
ORDINAL_VALUE = dict(ORDINALS)
ORDINAL_VALUE.update({"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "latter": 2})


def parse_number(text: Optional[str]) -> Optional[float]:
    """'two' -> 2, 'twenty-four' -> 24, '2 1/2' -> 2.5, 'a' -> 1; vague quantities -> None."""
    if text is None:
        return None
    t = text.strip().replace(",", "")
    half = 0.0
    if t.endswith("and a half"):
        half = 0.5
        t = t[: -len("and a half")].strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(\d)/(\d))?", t)
    if m:
        v = float(m.group(1))
        if m.group(2):
            v += int(m.group(2)) / int(m.group(3))
        return v + half
    total = 0.0
    cur = 0.0
    for w in re.split(r"[\s-]+", t):
        if w in ("and",):
            continue
        v = NUMBER_VALUE.get(w)
        if v is None:
            return None
        if w == "hundred":
            cur = (cur or 1) * 100
        elif w == "thousand":
            total += (cur or 1) * 1000
            cur = 0
        else:
            cur += v
    return total + cur + half
