"""Find candidate time expressions: a cheap trigger scan, then rule regexes anchored near each trigger.

Everything runs on the lower-cased text (same offsets as the original).

1. Two scans find the head words: a trie-shaped regex for words (month and weekday names, units,
   "today", "now", seasons...) and one for numbers (years, clock times, ISO dates). Each head word
   names the few rules worth trying (``_KIND``).
2. A regex run backwards from the head (on the reversed text) finds how far the words that may open an
   expression reach to its left ("the past two", "early next", "mid-").
3. Each rule regex is tried with ``match`` from that point (then from each later word start), so no
   rule ever scans the text.

Overlapping candidates are settled later, longest first. All regexes are compiled once, at import.
"""
from __future__ import annotations

import re
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple, Optional

from .lexicon import (
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
_MON_FULL = trie_regex([m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")])
_MON_ABBR = trie_regex([m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july")])
MON = rf"(?:(?:{_MON_FULL})\b|(?:{_MON_ABBR})(?:\.|\b))"
WD = trie_regex(WEEKDAYS)
YEAR4 = r"(?:1[6-9]\d\d|20\d\d)"
_NUMW = trie_regex([w for w in NUMBER_WORDS if w not in ("a", "an", "half")])
NUMWORD = rf"(?:{_NUMW})(?:[\s-](?:{_NUMW}))*"
VAGUE = trie_regex(["a few", "few", "several", "many", "some", "numerous", "a couple of", "couple of",
                    "a couple", "a number of", "dozens of", "hundreds of", "a dozen", "a half-dozen",
                    "a half dozen", "half a", "half an"])
NUM = (
    rf"(?:\d+(?:[.,]\d+)?(?:\s+\d/\d|\s+and\s+a\s+half)?|{NUMWORD}(?:\s+and\s+a\s+half)?"
    rf"|{VAGUE}|an?(?:\s+and\s+a\s+half)?)"
)
_UNIT_WORDS = [u for u in UNITS if u not in ("centuries", "millennia")] + ["half"]
UNIT = rf"(?:{trie_regex(_UNIT_WORDS)})"
MOD = trie_regex(
    ["early", "late", "mid", "middle", "end", "earlier", "later", "end of", "beginning of", "start of",
     "middle of"]
    + [f"the {w} of" for w in (
        "end", "beginning", "start", "middle", "close", "rest", "remainder", "turn", "latter part",
        "early part", "first part", "last part", "first half", "second half", "last half", "latter half",
        "first week", "last week", "first days", "final days", "last days", "first day", "last day")]
)
APPROX = trie_regex(
    ["about", "around", "approximately", "nearly", "almost", "more than", "less than", "fewer than",
     "at least", "at most", "up to", "over", "under", "roughly", "barely", "well over", "close to",
     "upwards of", "no more than", "no less than", "not more than", "fully", "another", "an additional",
     "the better part of", "a full", "an extra", "a further", "some", "just", "only"]
)
DET = trie_regex(
    [f"the {w}" for w in (
        "past", "last", "next", "coming", "previous", "preceding", "following", "same", "entire", "whole",
        "full", "current", "remaining", "ensuing", "prior", "upcoming", "recent", "latest", "present",
        "corresponding", "comparable", "year-earlier", "year-ago", "comparable year-ago")]
    + ["this year's", "last year's", "next year's", "this", "these", "those", "that", "last", "next", "past",
       "coming", "recent", "previous", "each", "every", "per", "another", "upcoming", "its", "the", "their",
       "his", "her", "our", "a full", "a single", "that same", "this past", "this coming"]
)
TZ = r"(?:[ecmp][sd]?t|gmt|utc|bst|cet|cest|eet|eest|msk|ist|jst|local\s+time|a?st|aedt|aest)\b"
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
    rf"\b(?:(?P<wk>the\s+week\s+of)\s+|(?P<wd>{WD}),?\s+)?"
    rf"(?:(?P<mod>{MOD})[\s-]+)?"
    r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|coming|past|each|every)\s+)?"
    r"(?:(?:the\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
    rf"(?P<mon>{MON})"
    r"(?:\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b(?![.,]\d|\s*%|:\d|\s*-\s*(?:year|month|day|week)))?"
    rf"(?:,?\s*(?P<y>{YEAR4}|'\d\d)\b(?![.,]\d)|\s+(?:of\s+)?(?P<yrel>last|next|this)\s+year)?",
)
_rule(
    "weekday",
    r"\b(?:(?P<mod>early|late|mid|earlier|later)\s+)?"
    r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|coming|past|previous|the\s+previous|"
    r"the\s+following|following|the\s+next|the\s+last|that|the\s+same|each|every)\s+)?"
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
    rf"(?:(?P<det>{DET})\s+)?"
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
    rf"(?P<y>{YEAR4})(?![\d.,/:%-]\d|\s*%|\s*percent|s\b)"
    r"(?:\s+(?P<post>period|quarter|first\s+quarter|second\s+quarter|third\s+quarter|fourth\s+quarter|"
    r"first\s+half|second\s+half|season|fiscal\s+year|figure|level|levels)\b)?",
)
_rule(
    "decade",
    r"\b(?:the\s+)?(?:(?P<mod>early|late|mid|middle|end\s+of\s+the|last\s+half\s+of\s+the|first\s+half\s+of\s+the)[\s-]+)?"
    r"(?:(?P<dec>1[0-9]\d0|20\d0)'?s|'(?P<dec2>\d0)'?s"
    r"|(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b"
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
    r"recently|lately|the\s+past|the\s+(?:near|distant|foreseeable|immediate)\s+future|"
    r"the\s+future|future|the\s+(?:near|short|long|medium)\s+term|soon|"
    r"year-earlier|year-ago|year-end|year\s+end|year's\s+end|midyear|mid-year|"
    r"the\s+same\s+period\s+(?:a\s+year\s+(?:earlier|ago)|last\s+year)|"
    r"the\s+corresponding\s+period\s+(?:a\s+year\s+(?:earlier|ago)|last\s+year)|"
    r"the\s+year-(?:earlier|ago)\s+(?:period|quarter|level|figure)s?|"
    r"the\s+comparable\s+(?:year-(?:earlier|ago)\s+)?(?:period|quarter)|the\s+(?:latest|current|recent)\s+period|"
    r"weeklong|monthlong|yearlong|daylong|nightlong|decades?-long|centuries-long)\b",
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
# One trie of head words (a capturing group per kind would make ``re`` try every branch at every word).
_KIND: dict[str, tuple[str, ...]] = {}


def _kind(words, rules: tuple[str, ...]) -> None:
    for w in words:
        _KIND[w] = rules


_kind(MONTHS, ("month",))
_kind(WEEKDAYS, ("weekday",))
_kind([u for u in _UNIT_WORDS] + ["centuries", "millennia"], ("unit",))
_kind(["year"], ("unit",))
_kind(["today", "tonight", "yesterday", "tomorrow", "overnight"], ("deictic",))
_kind(["morning", "afternoon", "evening"], ("deictic", "daypart"))
_kind(["night"], ("deictic", "daypart", "unit"))
_kind(["noon", "midnight", "midday", "mid-afternoon", "midafternoon", "mid-morning", "midmorning", "dawn",
       "dusk", "daybreak", "nightfall", "sunrise", "sunset", "lunchtime", "o'clock", "oclock"], ("time",))
_kind(["now", "current", "currently", "presently", "present", "nowadays", "recently", "lately", "future",
       "past", "term", "soon", "weeklong", "monthlong", "yearlong", "daylong", "nightlong", "midyear",
       "mid-year", "period"], ("ref",))
_kind(SEASONS, ("season",))
_kind(SET_WORDS, ("set",))
_kind(["every"], ("set",))
_kind(["christmas", "thanksgiving", "easter", "halloween", "valentine", "independence", "labor",
       "memorial", "election", "veterans", "bastille", "columbus"],
      ("holiday",))
_kind(["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties",
       "century"], ("decade",))
_kind(["nineteen", "thousand"], ("yearword",))

# Words are found on a copy of the text where every separator is a space: a pattern that starts with
# a literal space lets ``re`` jump from space to space instead of trying every position.
_SEPARATORS = {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "'")}
_SEPARATORS.update({c: " " for c in "\u00a0\u2018\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb"})
_TO_SPACES = str.maketrans(_SEPARATORS)
_TRIE = trie_regex([w for w in _KIND if "-" not in w])
WORD_TRIGGER = re.compile(rf" (?:{_TRIE})(?:s|es|'s)?\b")
QUOTED_TRIGGER = re.compile(rf"'(?<![a-z0-9]')(?:{_TRIE})(?:s|es|'s)?\b")  # a word right after a quote mark
# Numbers are found on a copy where every digit is "0", so the pattern starts with a literal and ``re``
# jumps from digit to digit; the rules check the real digits.
_DIGITS_TO_0 = str.maketrans("123456789", "000000000")
DIGIT_TRIGGER = re.compile(
    r"0(?<![a-z0-9]0)(?:000[-/]00?[-/]00?\b|0?/00?/00(?:00)?\b|0?(?:[:.]00)?\s*[ap]\.?\s?m\b|0?:00(?![0:])"
    r"|000\s+(?:gmt|utc|hours|hrs)\b|000(?:'?s)?\b)"
)
QUOTED_DECADE = re.compile(r"'(?<![a-z0-9]')00s\b")  # "the '90s"


def _triggers(low: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of every head word and number in ``low``."""
    spaced = " " + low.translate(_TO_SPACES)  # index i + 1 here is index i in ``low``
    out = [(m.start(), m.end() - 1, m.group()[1:]) for m in WORD_TRIGGER.finditer(spaced)]
    if "'" in low:
        out += [(m.start(), m.end() - 1, m.group()[1:]) for m in QUOTED_TRIGGER.finditer(spaced)]
    if "0" in spaced or any(d in low for d in "123456789"):
        zeros = low.translate(_DIGITS_TO_0)
        out += [(m.start(), m.end(), low[m.start() : m.end()]) for m in DIGIT_TRIGGER.finditer(zeros)]
        if "'" in low:
            out += [(m.start(), m.end(), low[m.start() : m.end()]) for m in QUOTED_DECADE.finditer(zeros)]
    return out
_YEAR_RULES = ("year", "decade")


_PLURAL_OK = {"unit", "weekday", "season", "deictic", "daypart", "decade", "holiday"}
# every form the word trigger can match -> the rules to try ("years", "friday's" ...)
_RULES_OF: dict[str, tuple[str, ...]] = {}
for _w, _r in _KIND.items():
    _RULES_OF[_w + "'s"] = _r
    if _r[0] in _PLURAL_OK:
        _RULES_OF[_w + "s"] = _RULES_OF[_w + "es"] = _r
for _w, _r in _KIND.items():
    _RULES_OF[_w] = _r


def _digit_rules(word: str) -> tuple[str, ...]:
    if word[0] == "'":
        return ("decade",)
    if "/" in word or (len(word) > 7 and word[4] == "-"):
        return ("iso",)
    if len(word) == 4 or word.endswith("s"):
        return _YEAR_RULES
    return ("time",)


# words that may stand before a head word inside an expression ("the past two", "early next", "mid-")
_LEFT_WORDS = (
    "the a an last next this past coming previous following early late mid middle end of beginning start "
    "rest remainder close turn first second third fourth final half latter part about around approximately "
    "nearly almost more less fewer than at least most up to over under roughly barely well upwards no not "
    "fully another additional better full extra further some just only entire whole current remaining "
    "ensuing prior upcoming recent latest present corresponding comparable earlier later same these those "
    "that each every per its their his her our single fiscal calendar financial business trading working "
    "school straight consecutive long several few many numerous couple number dozens hundreds dozen "
    "half-dozen year year's fy model shortly exactly precisely preceding initial intervening subsequent week "
    "1st 2nd 3rd 4th near short medium foreseeable distant immediate and"
).split() + [w for w in NUMBER_WORDS if w not in ("a", "an")]
_REV_WORDS = trie_regex(sorted({w[::-1] for w in _LEFT_WORDS}))
_REV_WD = trie_regex(sorted({w[::-1] for w in WEEKDAYS}))
LEFT_REV = re.compile(
    rf"(?:[\s-]+(?:(?:{_REV_WORDS})|(?:ht|ts|dn|dr)?\d+(?:[.,/]\d+)?|(?:\.?m\.?\s*[ap]\s*\d+))(?![a-z0-9'])"
    rf"|\s+,?(?:{_REV_WD})(?![a-z0-9']))*"
)
_WORD_GAP = re.compile(r"[\s-]+")
_LEFT = 60  # how far an expression may reach left of its head word
_RIGHT = 60


def _pick(cands: list) -> list:
    """Non-overlapping selection: within each cluster of overlapping candidates, longest first,
    then earliest (works on anything with ``start`` and ``end``)."""
    if len(cands) < 2:
        return list(cands)
    cands = sorted(cands, key=_START)
    kept = []
    cluster = [cands[0]]
    reach = cands[0].end
    for c in cands[1:]:
        if c.start < reach:
            cluster.append(c)
            if c.end > reach:
                reach = c.end
            continue
        kept.extend(cluster if len(cluster) == 1 else _greedy(cluster))
        cluster = [c]
        reach = c.end
    kept.extend(cluster if len(cluster) == 1 else _greedy(cluster))
    return kept


def _greedy(cluster: list) -> list:
    cluster.sort(key=_LONGEST_FIRST)
    kept: list = []
    for c in cluster:
        for k in kept:
            if c.start < k.end and k.start < c.end:
                break
        else:
            kept.append(c)
    kept.sort(key=_START)
    return kept


def _LONGEST_FIRST(c) -> tuple[int, int]:
    return (c.start - c.end, c.start)


_START = attrgetter("start")
_new = tuple.__new__  # builds a NamedTuple without its Python-level __new__


def candidates(low: str) -> list[Candidate]:
    """Candidate expressions in ``low`` (the lower-cased text); they may overlap."""
    n = len(low)
    rev = low[::-1]
    seen: set = set()
    found: list[Candidate] = []
    rules_of = _RULES_OF.get
    left_rev = LEFT_REV.match
    gap = _WORD_GAP.search
    rx_of = _R
    for ts, te, word in _triggers(low):
        rules = rules_of(word) or (_digit_rules(word) if word[0] in "0123456789'" else None)
        if not rules:
            continue
        r0 = n - ts
        left = ts - (left_rev(rev, r0, r0 + _LEFT).end() - r0)
        if word[0] in "yda" or word[0] == "m":
            if word == "year" or word == "year's":
                # "year-end", "year-earlier", "the year-ago period", "New Year's Day"
                if te < n and (low[te] == "-" or low.startswith(" end", te) or low.startswith(" to date", te)):
                    rules = ("unit", "ref")
                elif ts >= 4 and low.startswith("new ", ts - 4):
                    rules, left = ("holiday",), ts - 4
            elif word == "day" and (low.startswith(" before yesterday", te) or low.startswith(" after tomorrow", te)):
                rules = ("deictic",)
            elif (word == "afternoon" or word == "morning") and ts >= 4 and low.startswith("mid", ts - 4):
                rules, left = ("time",), ts - 4  # "mid-afternoon", "mid morning"
        hi = te + _RIGHT if te + _RIGHT < n else n
        for rule in rules:
            match = rx_of[rule].match
            pos = left
            while True:
                m = match(low, pos, hi)
                if m is not None:
                    ms, me = m.span()
                    if me > ts:
                        key = (ms, me, rule)
                        if key not in seen:
                            seen.add(key)
                            found.append(_new(Candidate, (ms, me, rule, m)))
                        break
                if pos >= ts:
                    break
                g = gap(low, pos, ts)
                pos = ts if g is None else g.end()
    return found


def select(found: list[Candidate]) -> list[Candidate]:
    return _pick(found)


NUMBER_VALUE = dict(NUMBER_WORDS)
ORDINAL_VALUE = dict(ORDINALS)
ORDINAL_VALUE.update({"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "latter": 2})


_DIGITS = re.compile(r"(\d+(?:\.\d+)?)(?:\s+(\d)/(\d))?")
WORD_SPLIT = re.compile(r"[\s-]+")


@lru_cache(maxsize=1024)
def parse_number(text: Optional[str]) -> Optional[float]:
    """'two' -> 2, 'twenty-four' -> 24, '2 1/2' -> 2.5, 'a' -> 1; vague quantities -> None."""
    if text is None:
        return None
    t = text.strip().replace(",", "")
    half = 0.0
    if t.endswith("and a half"):
        half = 0.5
        t = t[: -len("and a half")].strip()
    m = _DIGITS.fullmatch(t)
    if m:
        v = float(m.group(1))
        if m.group(2):
            v += int(m.group(2)) / int(m.group(3))
        return v + half
    total = 0.0
    cur = 0.0
    for w in WORD_SPLIT.split(t):
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
