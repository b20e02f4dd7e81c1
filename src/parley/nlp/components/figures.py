"""parley_figures: every count that matters in a conflict, with its qualifier, range, claimant and time.

Runs after the statistical pipeline (tagger, parser, NER) and ``parley_dates``. Writes one span per
figure to ``doc.spans["parley_figures"]`` (label ``FIGURE``, covering the number phrase); its
``span._.parley`` is a plain dict: category, value, low, high, qualifier, group, claimed_by, location,
date, since, running_total, part_of (index in the same list of the enclosing figure, or None) and
evidence ([start_char, end_char] of the sentence). ``parley.extract`` turns each into a
:class:`parley.types.Figure`.

How a figure is read (the words are data: ``parley/data/figure_words.yaml`` and
``figure_categories.yaml``):

1. **Number phrases**: digits and number words ("34,500", "1.8 million", "Sixty-four", "two dozen"),
   with a qualifier before or after ("more than", "at least", "some", "nearly", "up to", "or more"),
   ranges ("five to 10", "between 10 and 20") and vague amounts ("tens of thousands", "several").
2. **Not counts**: a number that is a duration, distance, weight, sum of money, share, age, time of day,
   year, label ("Resolution 242"), hyphenated modifier ("40-kilometre", "29-year-old", "seven-month"),
   an ordinal or a time expression found by ``parley_dates`` is skipped.
3. **What is counted**: the noun the number modifies ("2,000 Palestinians"), the "of" complement of a
   vague or partitive number ("tens of thousands of people"), or nothing (a bare number, "killing
   around 1,200"). Conjuncts share their first conjunct's role ("136 Palestinians and five Israelis
   have been killed"); containers are transparent ("a total of 10 rockets", "the lives of 20").
4. **Category**: thing nouns first (rockets, airstrikes, bombs, aid trucks), then a cue adjective right
   after the count ("two dead and 15 wounded"), a toll ("the death toll rose to 200"), the governing verb
   (patient or subject), a participle ("105 hostages freed"), an event noun ("the killing of"), a
   population container ("the territory of 1.8 million people"), and last the noun itself ("hostages").
   Casualty verbs count people (or bare numbers), strike verbs count places ("attacked 100 sites").
   A count governed by a negated, modal or infinitive verb ("would release 33", "to free") is a
   proposal or a threat, not a figure. A number with no category is not a figure, nor is a single
   rocket or strike, nor a "population" under 1,000.
5. **Nesting**: "21 people, including 14 women and children" and "100 sites, of which 50 ..." give the
   inner figure ``part_of`` the outer one; it takes the outer category, claimant and time if it has none.
6. **Claimant**: the subject of a speech verb whose report holds the figure ("officials say", "the
   health ministry in Gaza said", "Palestinian officials reported"), a trailing attribution ("...,
   militants and doctors said"), or "according to X"; pronouns and bare definites ("the official")
   point back to the fuller earlier mention. A figure without one inherits the claimant of the previous
   sentence of the same paragraph when that sentence reported a claimed figure, unless it reads as the
   narrator's own tally ("... have also been killed"); a narrator's aside (between dashes, a
   non-restrictive relative clause) claims nothing.
7. **Time**: the nearest time expression of ``parley_dates`` in the dependency tree, within the figure's
   clause: "since ..." and "over the past week" give ``since`` (a running total), "on Tuesday (alone)",
   "overnight", "in the past day" give ``date``. A count reports the past, so a yearless date resolved
   after the publication date ("Oct. 7" read forward) is moved back a year.

Cost: a few passes over the tokens of the sentences that hold a number; no regex per token, no nlp().
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ...errors import ConfigError
from ..extensions import SPAN_KEYS

KEY = SPAN_KEYS["figures"]
DATES_KEY = SPAN_KEYS["dates"]
DATA = Path(__file__).resolve().parents[2] / "data"
DEFAULT_CATEGORIES = DATA / "figure_categories.yaml"
DEFAULT_WORDS = DATA / "figure_words.yaml"

CATEGORIES = ("killed", "wounded", "missing", "displaced", "homeless", "abducted", "hostages_held", "released",
              "detained", "rockets_fired", "rockets_intercepted", "strikes", "munitions", "aid", "population",
              "other")

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_SPACES = re.compile(r"\s+")
_FOUR_DIGITS = re.compile(r"\b\d{4}\b")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_DURATION = re.compile(r"^P(?:T(\d+(?:\.\d+)?)H|(\d+(?:\.\d+)?)([DWMY]))$")
_PERIOD_TEXT = re.compile(r"\b(?:past|last|previous)\s+(?:(\d+|[a-z]+)\s+)?(hour|day|week|month|year)s?\b", re.I)

# Dependency labels (spaCy's ClearNLP-style English scheme).
_NUM_DEPS = {"nummod", "quantmod", "amod", "det", "compound", "nmod", "npadvmod", "advmod", "predet"}
_PATIENT_DEPS = {"dobj", "nsubjpass", "obj", "oprd", "dative"}
_NOUNS = {"NOUN", "PROPN"}
_VERBS = {"VERB", "AUX"}
_COPULAS = {"be", "remain", "become", "stay", "go", "lie", "leave", "render", "make", "list", "report", "keep",
            "declare", "confirm", "presume", "believe", "feel"}
_PERSON_ENTS = {"NORP", "PERSON"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_LOC_PREPS = {"in", "at", "near", "across", "inside", "throughout", "around", "outside"}
_PERIOD_PREPS = {"over", "in", "during", "for", "within", "throughout", "across"}
_BRACKETS = {"(": ")", "[": "]", "\u2013": "\u2013", "\u2014": "\u2014", "--": "--"}
_CASUALTY = {"killed", "wounded", "missing", "displaced", "homeless", "abducted", "hostages_held", "released",
             "detained"}
_REALIS_CONTROL = {"continue", "begin", "start", "appear", "seem", "happen", "use", "keep", "go", "come", "tend"}
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_FINAL = set(".!?")
_CLOSERS = {'"', "\u201d", "'", "\u2019", ")", "]"}


# --------------------------------------------------------------------------------------------- lexicon
def _words(items) -> tuple[str, ...]:
    return tuple(str(x).lower().strip() for x in (items or ()) if str(x).strip())


def _seqs(items) -> tuple[tuple[str, ...], ...]:
    """Phrases as token tuples, longest first (matched on spaCy's tokenisation: "o'clock" stays one)."""
    return tuple(sorted({tuple(w.split()) for w in _words(items)}, key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    """The two data files, indexed for lookups by lower-cased word or lemma."""

    units: dict
    scales: dict
    qualifiers: tuple  # ((tokens...), qualifier)
    post_qualifiers: tuple
    vague: tuple  # ((tokens...), low, high)
    not_counted: frozenset
    not_counted_before: frozenset
    not_counted_entities: frozenset
    speech_verbs: frozenset
    reporting_verbs: frozenset
    according: frozenset
    drop_leading: frozenset
    irrealis_aux: frozenset
    running_phrases: tuple
    nesting_preps: frozenset
    nesting_pronouns: frozenset
    one_words: frozenset
    verbs: dict  # lemma -> ((category, second word or None), ...)
    subject_verbs: dict
    adjectives: dict
    events: dict
    nouns: dict  # "lemma" or "compound lemma" -> category
    thing_categories: frozenset
    families: dict  # category -> categories a verb may move it to
    containers: frozenset
    transparent: frozenset
    toll_nouns: frozenset
    toll_verbs: frozenset
    toll_modifiers: dict
    toll_bare: dict  # toll noun -> category when it has no modifier ("toll" -> killed)
    person_nouns: frozenset


def _read_yaml(path: str) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"{path}: cannot read the figures lexicon ({err})") from err
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the figures lexicon must be a mapping")
    return data


@lru_cache(maxsize=8)
def load_lexicon(categories_path: str, words_path: str) -> Lexicon:
    cats, words = _read_yaml(categories_path), _read_yaml(words_path)
    table = cats.get("categories") or {}
    unknown = set(table) - set(CATEGORIES)
    if not table or unknown:
        raise ConfigError(f"{categories_path}: categories must be some of {', '.join(CATEGORIES)}"
                          + (f" (unknown: {', '.join(sorted(unknown))})" if unknown else ""))

    def verb_index(kind: str) -> dict:
        index: dict[str, list] = {}
        for category, cues in table.items():
            for entry in _words((cues or {}).get(kind)):
                head, _, second = entry.partition(" ")
                index.setdefault(head, []).append((category, second.split()[-1] if second else None))
        return {k: tuple(v) for k, v in index.items()}

    def word_index(kind: str) -> dict:
        return {w: category for category, cues in table.items() for w in _words((cues or {}).get(kind))}

    numbers = words.get("numbers") or {}
    quals = []
    for qualifier, phrases in (words.get("qualifiers") or {}).items():
        quals.extend((seq, qualifier) for seq in _seqs(phrases))
    post = []
    for qualifier, phrases in (words.get("post_qualifiers") or {}).items():
        post.extend((seq, qualifier) for seq in _seqs(phrases))
    vague = [(tuple(str(k).lower().split()), int(v[0]), int(v[1])) for k, v in (words.get("vague") or {}).items()]
    not_counted = set()
    for group in (words.get("not_counted") or {}).values():
        not_counted.update(_words(group))
    tolls = cats.get("tolls") or {}
    toll_mods = {w: category for category, ws in (tolls.get("modifiers") or {}).items() for w in _words(ws)}
    return Lexicon(
        units={str(k).lower(): float(v) for k, v in (numbers.get("units") or {}).items()},
        scales={str(k).lower(): float(v) for k, v in (numbers.get("scales") or {}).items()},
        qualifiers=tuple(sorted(quals, key=lambda q: len(q[0]), reverse=True)),
        post_qualifiers=tuple(sorted(post, key=lambda q: len(q[0]), reverse=True)),
        vague=tuple(sorted(vague, key=lambda v: len(v[0]), reverse=True)),
        not_counted=frozenset(not_counted),
        not_counted_before=frozenset(_words(words.get("not_counted_before"))),
        not_counted_entities=frozenset(str(x).upper() for x in words.get("not_counted_entities") or ()),
        speech_verbs=frozenset(_words(words.get("speech_verbs"))),
        reporting_verbs=frozenset(_words(words.get("reporting_verbs"))),
        according=frozenset(_words(words.get("according"))),
        drop_leading=frozenset(_words(words.get("claimant_drop_leading"))),
        irrealis_aux=frozenset(_words(words.get("irrealis_aux"))),
        running_phrases=_seqs(words.get("running_total_phrases")),
        nesting_preps=frozenset(_words(words.get("nesting_preps"))),
        nesting_pronouns=frozenset(_words(words.get("nesting_pronouns"))),
        one_words=frozenset(_words(words.get("one_words"))),
        verbs=verb_index("verbs"),
        subject_verbs=verb_index("subject_verbs"),
        adjectives=word_index("adjectives"),
        events=word_index("events"),
        nouns=word_index("nouns"),
        thing_categories=frozenset(_words(cats.get("thing_categories"))),
        families={str(k): tuple(v) for k, v in (cats.get("families") or {}).items()},
        containers=frozenset(_words(cats.get("population_containers"))),
        transparent=frozenset(_words(cats.get("transparent"))),
        toll_nouns=frozenset(_words(tolls.get("nouns"))),
        toll_verbs=frozenset(_words(tolls.get("verbs"))),
        toll_modifiers=toll_mods,
        toll_bare={str(k).lower(): str(v) for k, v in (tolls.get("bare") or {}).items()},
        person_nouns=frozenset(_words(cats.get("person_nouns"))),
    )


# ------------------------------------------------------------------------------------------ helpers
def _lem(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


def _dominates(a: Token, b: Token) -> bool:
    """b lies in a's subtree (English parses from spaCy are projective)."""
    return a.left_edge.i <= b.i <= a.right_edge.i


def _tree_distance(a: Token, b: Token, limit: int = 40) -> int:
    depth = {}
    x, d = a, 0
    while d < limit:
        depth[x.i] = d
        if x.head.i == x.i:
            break
        x, d = x.head, d + 1
    x, d = b, 0
    while d < limit:
        if x.i in depth:
            return depth[x.i] + d
        if x.head.i == x.i:
            break
        x, d = x.head, d + 1
    return 999


def _iso_date(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    m = _ISO.match(value)
    return m.group(0) if m else None


@dataclass
class _Segment:
    start: int  # token indices [start, end)
    end: int
    para: int
    start_char: int
    end_char: int
    running: Optional[bool] = None  # a running-total phrase in the sentence (computed when asked)


@dataclass
class _Fig:
    start: int  # span of the phrase (qualifier included)
    end: int
    num_start: int  # first token of the number itself
    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    qualifier: str
    seg: _Segment
    one: bool = False  # "a guest worker"
    head: Optional[Token] = None  # syntactic head of the phrase
    noun: Optional[Token] = None  # the counted noun
    role: Optional[Token] = None  # the token whose dependency relation says what happened to the count
    pronoun_partitive: bool = False  # "14 of them", "of which 50"
    category: Optional[str] = None
    cue: Optional[str] = None  # how the category was found: verb, noun, parent, ...
    parent: Optional["_Fig"] = None
    group: Optional[str] = None
    claimed_by: Optional[str] = None
    location: Optional[str] = None
    date: Optional[str] = None
    since: Optional[str] = None
    running_total: bool = False
    index: int = -1


# ---------------------------------------------------------------------------------------- component
class FiguresComponent:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        lex = lexicon
        self._starts = frozenset(set(lex.units) | {"a", "an", "half"} | {s[0] for s, _ in lex.qualifiers}
                                 | {v[0][0] for v in lex.vague} | set(lex.one_words) | {"between"})
        self._qualifiers = _by_first(lex.qualifiers)
        self._post_qualifiers = _by_first(lex.post_qualifiers)
        self._vague = _by_first(tuple((seq, (low, high)) for seq, low, high in lex.vague))
        self._running = _by_first(tuple((seq, True) for seq in lex.running_phrases))
        self._num_words = set(lex.units) | set(lex.scales)
        self._casualty = _CASUALTY | {"population"}
        self._family_of = {m: set(members) for members in lex.families.values() for m in members}

    # ------------------------------------------------------------------ entry point
    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        low = [strings[h] for h in doc.to_array(LOWER).tolist()]  # no Token objects: cheap
        if not any(w[:1].isdigit() or w in self._starts for w in low):
            doc.spans[KEY] = []
            return doc
        segments = self._segments(doc, low)
        places = [e for e in doc.ents if e.label_ in _PLACE_ENTS]
        timexes = list(doc.spans[DATES_KEY]) if DATES_KEY in doc.spans else []
        timex_tokens = set()
        for span in timexes:
            timex_tokens.update(range(span.start, span.end))
        reference = _reference(doc)
        figures: list[_Fig] = []
        previous: list[_Fig] = []  # figures of the previous segment
        for n, seg in enumerate(segments):
            figs = self._find(doc, low, seg, timex_tokens)
            if figs:
                self._resolve(doc, seg, figs, previous)
                figs = [f for f in figs if f.category]
            if figs:
                for f in figs:
                    self._claimant(doc, seg, f)
                self._carry_over(seg, figs, previous, segments[n - 1] if n else None)
                for f in figs:
                    self._time(doc, seg, f, timexes, figs, reference)
                    self._location(doc, seg, f, places)
                self._inherit_from_parent(figs)
                figures.extend(figs)
            previous = figs
        spans = []
        for i, f in enumerate(figures):
            f.index = i
        for f in figures:
            span = Span(doc, f.start, f.end, label="FIGURE")
            span._.parley = {
                "category": f.category, "value": _num(f.value), "low": _num(f.low), "high": _num(f.high),
                "qualifier": f.qualifier, "group": f.group, "claimed_by": f.claimed_by,
                "location": f.location, "date": f.date, "since": f.since,
                "running_total": bool(f.running_total or f.since),
                "part_of": f.parent.index if f.parent is not None and f.parent.index >= 0 else None,
                "evidence": [f.seg.start_char, f.seg.end_char],
            }
            spans.append(span)
        doc.spans[KEY] = spans
        return doc

    # ------------------------------------------------------------------ sentences and paragraphs
    def _segments(self, doc: Doc, low: list) -> list[_Segment]:
        """Sentences for evidence: spaCy's, cut at line breaks, re-joined where spaCy split mid-sentence."""
        n = len(doc)
        breaks = {i for i, w in enumerate(low) if "\n" in w and not w.strip()}
        starts = {sent.start for sent in doc.sents} if doc.has_annotation("SENT_START") else set()
        out: list[_Segment] = []
        para, start = 0, None
        for i in sorted(breaks | starts | {n}):
            if i in breaks or i == n:
                self._close(doc, out, start, i, para)
                start = i + 1 if i + 1 < n else None
                para += i in breaks
                continue
            if start is None:
                start = i
                continue
            if i <= start or all(doc[k].is_space for k in range(start, i)):
                start = i
                continue
            prev = i - 1
            while prev > start and doc[prev].is_space:
                prev -= 1
            if self._real_break(doc[prev], doc[i]):
                self._close(doc, out, start, i, para)
                start = i
        return out

    @staticmethod
    def _close(doc: Doc, out: list, start: Optional[int], end: int, para: int) -> None:
        if start is None:
            return
        while start < end and doc[start].is_space:
            start += 1
        last = end - 1
        while last >= start and doc[last].is_space:
            last -= 1
        if last >= start:
            out.append(_Segment(start, last + 1, para, doc[start].idx, doc[last].idx + len(doc[last].text)))

    @staticmethod
    def _real_break(prev: Token, tok: Token) -> bool:
        if tok.text[:1].islower():
            return False
        text = prev.text
        if text in _CLOSERS and prev.i > 0:
            text = prev.nbor(-1).text + text
        return bool(text) and (text.rstrip("".join(_CLOSERS))[-1:] in _FINAL or text[-1:] in ":;")

    # ------------------------------------------------------------------ number phrases
    @staticmethod
    def _match(low: list, i: int, end: int, index: dict) -> tuple[int, object]:
        """Longest phrase of ``index`` (first word -> ((tokens...), payload), longest first) at token i."""
        for seq, payload in index.get(low[i], ()) if i < end else ():
            n = len(seq)
            if i + n <= end and low[i:i + n] == list(seq):
                return i + n, payload
        return i, None

    def _number_run(self, doc: Doc, low_: list, i: int, end: int) -> tuple[int, Optional[float]]:
        """Longest run of number tokens from i: '34,500', 'Sixty - four', 'two dozen', 'a hundred'."""
        lex, words = self.lex, []
        k = i
        while k < end:
            t = doc[k]
            low = low_[k]
            if _DIGITS.match(t.text) and not words:
                words.append(low)
            elif low in lex.units and (not words or words[-1] in lex.scales or words[-1] == "-"
                                       or (words[-1] in lex.units and lex.units[words[-1]] >= 20
                                           and lex.units[low] < 10)):
                words.append(low)
            elif low in lex.scales and words and words[-1] != "-" and (len(low) > 2 or _DIGITS.match(words[-1])):
                words.append(low)
            elif low in ("a", "an") and not words and k + 1 < end and low_[k + 1] in lex.scales \
                    and len(low_[k + 1]) > 2:
                words.append("a")
            elif low == "half" and not words and k + 2 < end and low_[k + 1] in ("a", "an") \
                    and low_[k + 2] in lex.scales:
                words.extend(["half", "a"])
                k += 2
                continue
            elif low == "-" and words and words[-1] in lex.units and k + 1 < end \
                    and low_[k + 1] in lex.units and not t.whitespace_ and not doc[k - 1].whitespace_:
                words.append("-")
            elif low == "and" and words and words[-1] == "hundred" and k + 1 < end and low_[k + 1] in lex.units:
                words.append("and")
            else:
                break
            k += 1
        while words and words[-1] in ("-", "and", "a"):
            words.pop()
            k -= 1
        if not words or words == ["half", "a"]:
            return i, None
        return k, self._value(words)

    def _value(self, words: list[str]) -> float:
        lex = self.lex
        total, cur = 0.0, None
        for w in words:
            if w in ("-", "and"):
                continue
            if w == "half":
                cur = 0.5
            elif w == "a":
                cur = cur if cur is not None else 1.0
            elif w in lex.units:
                cur = (cur or 0.0) + lex.units[w]
            elif w in lex.scales:
                scale = lex.scales[w]
                if scale >= 1000:
                    total += (cur if cur is not None else 1.0) * scale
                    cur = None
                else:
                    cur = (cur if cur is not None else 1.0) * scale
            else:
                cur = (cur or 0.0) + float(w.replace(",", ""))
        return total + (cur or 0.0)

    def _phrase_at(self, doc: Doc, low: list, i: int, seg: _Segment) -> Optional[_Fig]:
        end = seg.end
        j, qualifier = self._match(low, i, end, self._qualifiers)
        between = False
        if qualifier is None and low[i] == "between":
            j, between = i + 1, True
        k, bounds = self._match(low, j, end, self._vague)
        if bounds is not None:
            return _Fig(i, k, j, None, float(bounds[0]), float(bounds[1]), "vague", seg)
        k, value = self._number_run(doc, low, j, end)
        if value is None:
            return None
        fig = _Fig(i, k, j, value, None, None, qualifier or "exact", seg)
        # a range: "five to 10", "10-20", "two or three", "between 10 and 20"
        if k + 1 < end and low[k] in (("and",) if between else ("to", "-", "\u2013", "or")):
            k2, value2 = self._number_run(doc, low, k + 1, end)
            if value2 is not None and value2 > value:
                fig.end, fig.value, fig.low, fig.high, fig.qualifier = k2, None, value, value2, "vague"
                return fig
        if between:
            return None
        k2, post = self._match(low, fig.end, end, self._post_qualifiers)
        if post is not None:
            fig.end, fig.qualifier = k2, post
        return fig

    def _find(self, doc: Doc, low: list, seg: _Segment, timex_tokens: set) -> list[_Fig]:
        figs: list[_Fig] = []
        starts = self._starts
        i = seg.start
        while i < seg.end:
            if low[i] not in starts and not low[i][:1].isdigit():
                i += 1
                continue
            fig = self._phrase_at(doc, low, i, seg)
            if fig is None:
                if low[i] in self.lex.one_words:
                    one = self._one_at(doc, doc[i], seg)
                    if one is not None:
                        figs.append(one)
                i += 1
                continue
            if not self._excluded(doc, fig, timex_tokens):
                figs.append(fig)
            i = fig.end
        return figs

    def _one_at(self, doc: Doc, t: Token, seg: _Segment) -> Optional[_Fig]:
        """'a guest worker', 'an Israeli soldier' as a count of one, when a casualty verb governs it."""
        noun = t.head
        if t.dep_ != "det" or noun.i <= t.i or noun.pos_ not in _NOUNS or not self._is_person(noun):
            return None
        if any(c.dep_ == "nummod" for c in noun.children) or noun.tag_ in ("NNS", "NNPS"):
            return None
        if noun.dep_ not in ("conj", "nsubjpass", "dobj"):
            return None
        fig = _Fig(t.i, t.i + 1, t.i, 1.0, None, None, "exact", seg, one=True)
        return fig

    def _excluded(self, doc: Doc, f: _Fig, timex_tokens: set) -> bool:
        lex = self.lex
        nums = doc[f.num_start:f.end]
        if any(t.i in timex_tokens for t in nums):
            return True
        if any(t.ent_type_ in lex.not_counted_entities for t in nums):
            return True
        first, last = doc[f.num_start], doc[f.end - 1]
        if f.value is not None and f.num_start + 1 == f.end and first.lower_ == "one":
            if first.dep_ != "nummod" or (f.end < len(doc) and doc[f.end].lower_ == "of"):
                return True
        # year
        if f.value is not None and f.num_start + 1 == f.end and _YEAR.match(first.text):
            nxt = doc[f.end] if f.end < len(doc) else None
            if nxt is None or nxt.pos_ not in _NOUNS or nxt.ent_type_:
                return True
        # hyphenated modifiers: "40-kilometre", "29-year-old", "F-16", "COVID-19"
        if f.end + 1 < len(doc) and doc[f.end].text in ("-", "\u2010", "\u2011") and not last.whitespace_ \
                and doc[f.end + 1].is_alpha and doc[f.end + 1].lower_ not in self._num_words:
            return True
        if f.start >= 2 and doc[f.start - 1].text in ("-", "\u2010", "\u2011", "/") and not doc[f.start - 1].whitespace_ \
                and not doc[f.start - 2].whitespace_:
            return True  # "Boeing 767-300", "F-16", "COVID-19", "24/7"
        # units and labels around the number
        after = [doc[k] for k in range(f.end, min(f.end + 3, len(doc)))]
        for k, t in enumerate(after):
            if t.lower_ in ("of", "more", "other", "additional", "further", "extra") and k < 2:
                continue
            if t.lower_ in lex.not_counted or _lem(t) in lex.not_counted:
                return True
            if t.lower_ == "per" and k + 1 < len(after) and after[k + 1].lower_ == "cent":
                return True
            break
        if last.text[-1:] in ("%",):
            return True
        if f.start >= 2 and doc[f.start - 1].text == "(" and (doc[f.start - 2].like_num
                                                               or doc[f.start - 2].lower_ in self._num_words):
            return True  # "five thousand (5,000)": the same number again
        if self._age(doc, f):
            return True
        if f.start > 0:
            before = doc[f.start - 1]
            if before.lower_ in lex.not_counted_before or before.text in ("$", "\u20ac", "\u00a3", "#"):
                return True
        return False

    # ------------------------------------------------------------------ structure and category
    def _resolve(self, doc: Doc, seg: _Segment, figs: list[_Fig], previous: list[_Fig]) -> None:
        for f in figs:
            self._anchor(doc, f)
        by_noun = {f.noun.i: f for f in figs if f.noun is not None}
        earlier = previous if previous and previous[0].seg.para == seg.para else []
        for f in figs:
            self._nest(doc, f, figs, by_noun, earlier)
        for f in figs:
            if f.parent is None:
                self._categorise(doc, f)
        for f in figs:
            if f.parent is None:
                continue
            family = self._family_of.get(f.parent.category or "")
            if family and f.role is not None:  # "40 rockets ..., of which 12 were intercepted"
                f.category = self._verb_category(f.role, f.noun, family, patient_only=True)
            else:
                self._categorise(doc, f)
            if not f.category and f.parent.category:
                f.category, f.cue = f.parent.category, "parent"
        for f in figs:
            if f.parent is not None and not f.parent.category:
                f.parent = None  # the enclosing phrase turned out not to be a figure
        for f in figs:
            if self._implausible(f):
                f.category = None
        for f in figs:
            if f.category and f.group is None:
                f.group = self._group(doc, f)
        for n, f in enumerate(figs):  # elliptical: "..., 162 in the past day alone"
            if not f.category and f.noun is None and not f.one and n and figs[n - 1].category \
                    and f.head is not None and not self._age_like(f.head):
                f.category, f.cue = figs[n - 1].category, "ellipsis"
                f.group = figs[n - 1].group
        # "at least 20 Palestinians and two Israelis": a lower bound covers the whole list
        for f in figs:
            if f.qualifier != "exact" or f.noun is None or f.category is None or f.one:
                continue
            root = f.noun
            while root.dep_ == "conj" and root.head.i != root.i:
                root = root.head
            lead = by_noun.get(root.i)
            if lead is not None and lead is not f and lead.qualifier == "at_least" and lead.start < f.start:
                f.qualifier = "at_least"
        for f in figs:
            self._bounds(f)

    def _implausible(self, f: _Fig) -> bool:
        """A single rocket, strike or truck is an event, not a count; a population is not a handful."""
        if f.category in self.lex.thing_categories and f.value == 1:
            return True
        size = f.value if f.value is not None else f.high
        return f.category == "population" and size is not None and size < 1000

    def _anchor(self, doc: Doc, f: _Fig) -> None:
        if not doc.has_annotation("DEP"):
            return
        inside = range(f.start, f.end)
        h = doc[f.end - 1]
        steps = 0
        while h.head.i in inside and h.head.i != h.i and steps < 10:
            h, steps = h.head, steps + 1
        f.head = h
        if f.one:
            f.noun, f.role = h.head, self._climb(h.head)
            return
        role = h
        noun = None
        if h.dep_ in _NUM_DEPS and h.head.pos_ in _NOUNS and h.head.i >= f.end and h.head.i != h.i \
                and _lem(h.head) not in self.lex.not_counted:
            noun = role = h.head
        else:
            of = self._of_child(doc, f)
            if of is not None:
                pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    if pobj.pos_ == "PRON" or pobj.lower_ in self.lex.nesting_pronouns:
                        f.pronoun_partitive = True
                    elif pobj.pos_ in _NOUNS:
                        noun = pobj
        if noun is not None and (_lem(noun) in self.lex.not_counted or noun.lower_ in self.lex.not_counted):
            f.category = None
            f.head = None
            return
        f.noun, f.role = noun, self._climb(role)

    def _of_child(self, doc: Doc, f: _Fig) -> Optional[Token]:
        for k in range(f.num_start, f.end):
            for c in doc[k].children:
                if c.dep_ == "prep" and c.lower_ == "of" and c.i >= f.end:
                    return c
        return None

    def _climb(self, tok: Token) -> Token:
        """From the counted noun to the token whose relation tells what happened: up conj chains and
        through transparent containers ("a total of", "the lives of")."""
        for _ in range(8):
            if tok.dep_ in ("conj", "appos") and tok.head.i != tok.i and tok.head.pos_ in _NOUNS | {"NUM", "PRON"}:
                tok = tok.head
                continue
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.i != tok.head.i:
                container = tok.head.head
                if _lem(container) in self.lex.transparent and container.pos_ in _NOUNS:
                    tok = container
                    continue
            break
        return tok

    def _nest(self, doc: Doc, f: _Fig, figs: list[_Fig], by_noun: dict, earlier: list[_Fig]) -> None:
        if f.head is None:
            return
        x = f.noun if f.noun is not None else f.head
        while x.dep_ == "conj" and x.head.i != x.i:
            x = x.head
        # "21 people, including 14 women and children" / "among them 3 children"
        if x.dep_ == "pobj" and x.head.lower_ in self.lex.nesting_preps:
            outer = x.head.head
            for _ in range(3):
                if outer.i in by_noun and by_noun[outer.i] is not f:
                    f.parent = by_noun[outer.i]
                    return
                if outer.pos_ in _VERBS:  # "38 people have been killed since July 8, including 35 soldiers"
                    clause = [g for g in figs if g.start < f.start and g.role is not None and g.parent is None
                              and g.role.head.i == outer.i]
                    if clause:
                        f.parent = clause[-1]
                        return
                if outer.head.i == outer.i:
                    break
                outer = outer.head
        # "14 of them were children", "of which approximately 50 were launchers"
        if f.noun is None:
            pronoun = f.pronoun_partitive or any(
                c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ in self.lex.nesting_pronouns
                                                             for g in c.children)
                for c in list(f.head.head.children))
            if pronoun:
                before = [g for g in figs if g.start < f.start and g.head is not None and g is not f]
                if before:
                    f.parent = before[-1]
                elif earlier and f.pronoun_partitive:  # "... 50 civilians were killed. Twelve of them were children."
                    f.parent = earlier[-1]

    def _categorise(self, doc: Doc, f: _Fig) -> None:
        if f.head is None or f.role is None:
            return
        lex = self.lex
        noun, role = f.noun, f.role
        thing = self._noun_category(noun) if noun is not None else None
        if thing in lex.thing_categories:
            family = set(lex.families.get(thing, ()))
            cat = self._verb_category(role, noun, family, patient_only=True) if family else None
            if cat is None and family:
                cat = self._participle_category(noun, family)
            f.category, f.cue = cat or thing, "noun"
            return
        if self._irrealis_governor(role):
            return
        person = noun is None or self._is_person(noun)
        if person:
            allowed = self._casualty
        elif noun is not None and noun.ent_type_ in _PLACE_ENTS | {"ORG"}:
            allowed = {"strikes"}
        else:  # "killed five comrades": kill and wound need no list of persons; seize or free do
            allowed = {"strikes", "killed", "wounded"}
        cat, cue = None, None
        if not f.one and person:
            cat, cue = self._right_cue(doc, f), "adjective"  # "15 wounded", "160 Palestinians dead"
        if cat is None:
            cat, cue = self._toll(role), "toll"
            f.running_total = cat is not None and cat != "population"
        if cat is None:
            # a person (or a bare number) is a casualty; a place or object hit is a strike
            cat, cue = self._verb_category(role, noun, allowed), "verb"
        if cat is None and not f.one:
            cat, cue = self._participle_category(noun if noun is not None else f.head, allowed), "participle"
        if cat is None and role.dep_ == "pobj" and role.head.lower_ == "of" and role.head.head.i != role.head.i \
                and person and not f.one:
            cat, cue = self._event_category(role.head.head, f), "event"
        if cat is None and person and noun is not None and role.dep_ == "pobj" and role.head.lower_ in ("of", "to") \
                and _lem(role.head.head) in lex.containers:
            cat, cue = "population", "container"
        if cat is None and noun is not None and not f.one:
            cat, cue = self._noun_category(noun), "noun"
            if cat is None and person and any(c.dep_ == "poss" and c.ent_type_ in _PLACE_ENTS
                                              for c in noun.children):
                cat, cue = "population", "possessive"  # "Gaza's 2.3 million people"
        if cat is not None and f.one and cue != "verb":
            cat = None
        f.category, f.cue = cat, (cue if cat else None)

    def _right_cue(self, doc: Doc, f: _Fig) -> Optional[str]:
        """A cue adjective or participle right after the count: "two dead and 15 wounded", "left 5,200
        injured", "more than 160 Palestinians dead", "thousands homeless"."""
        k = f.end
        if f.noun is not None and f.noun.i >= k:
            k = f.noun.i + 1
        while k < len(doc) and doc[k].lower_ in ("more", "others", "other", "people", "persons"):
            k += 1
        if k >= len(doc) or k > f.end + 6:
            return None
        t = doc[k]
        if t.pos_ not in ("ADJ", "VERB") or (t.tag_ not in ("JJ", "VBN", "VBD")):
            return None
        if k + 1 < len(doc) and doc[k + 1].pos_ in _NOUNS:
            return None  # "20 wounded soldiers": a modifier; the noun's own clause decides
        return self.lex.adjectives.get(t.lower_)

    def _noun_category(self, noun: Token) -> Optional[str]:
        nouns = self.lex.nouns
        lemma = _lem(noun)
        for c in noun.children:
            if c.dep_ in ("compound", "amod") and c.i < noun.i:
                cat = nouns.get(f"{_lem(c)} {lemma}") or nouns.get(f"{c.lower_} {lemma}")
                if cat:
                    return cat
        return nouns.get(lemma) or nouns.get(noun.lower_)

    def _is_person(self, tok: Token) -> bool:
        if tok.ent_type_ in _PERSON_ENTS or _lem(tok) in self.lex.person_nouns or tok.lower_ in self.lex.person_nouns:
            return True
        return tok.tag_ == "NNPS" or (tok.pos_ == "PROPN" and tok.text.endswith("s") and tok.text[:1].isupper()
                                      and tok.ent_type_ == "NORP")

    @staticmethod
    def _age(doc: Doc, f: _Fig) -> bool:
        """'Carsten Thomassen, 39, died', 'Hussam Zahar (24)': a bare number set off after a name."""
        if f.value is None or f.num_start + 1 != f.end or f.start != f.num_start or not 0 < f.value < 120:
            return False
        if f.start < 2 or f.end >= len(doc):
            return False
        before, name, after = doc[f.start - 1], doc[f.start - 2], doc[f.end]
        set_off = (before.text == "," and after.text in (",", ".", ";", ")", "\u2014", "\u2013", "--")) or (
            before.text == "(" and after.text == ")")
        return set_off and (name.ent_type_ == "PERSON" or name.pos_ == "PROPN" or name.tag_ in ("NN", "NNS"))

    def _age_like(self, tok: Token) -> bool:
        head = tok.head
        return tok.dep_ in ("appos", "npadvmod") and (head.ent_type_ == "PERSON" or head.pos_ == "PROPN")

    def _irrealis(self, verb: Token) -> bool:
        if verb.pos_ not in _VERBS:
            return False
        for c in verb.children:
            if c.dep_ == "neg":
                return True
            if c.dep_ in ("aux", "auxpass") and c.lower_ in self.lex.irrealis_aux:
                if c.lower_ == "to" and verb.dep_ == "xcomp" and _lem(verb.head) in _REALIS_CONTROL:
                    continue
                return True
        return False

    def _irrealis_governor(self, role: Token) -> bool:
        gov = role.head
        if role.dep_ == "pobj" and gov.head.i != gov.i:
            gov = gov.head
        return gov.i != role.i and self._irrealis(gov)

    def _cue_matches(self, verb: Token, arg: Optional[Token], second: Optional[str]) -> bool:
        if second is None:
            return True
        if arg is not None and _lem(arg) == second:
            return True
        return any(_lem(c) == second or c.lower_ == second for c in verb.children
                   if c.dep_ in ("prt", "oprd", "acomp", "dobj", "advmod", "xcomp", "attr", "prep", "ccomp"))

    def _lookup_verb(self, verb: Token, arg: Optional[Token], table: dict,
                     allowed: Optional[set] = None) -> Optional[str]:
        """The category a verb gives its argument; a two-word cue ("shoot down") beats a one-word one."""
        entries = [e for e in table.get(_lem(verb), ()) if allowed is None or e[0] in allowed]
        for cat, second in entries:
            if second is not None and self._cue_matches(verb, arg, second):
                return cat
        for cat, second in entries:
            if second is None:
                return cat
        return None

    def _verb_category(self, role: Token, noun: Optional[Token], allowed: set,
                       patient_only: bool = False) -> Optional[str]:
        """The category the clause around the count gives it, among ``allowed``."""
        lex = self.lex
        gov, dep = role.head, role.dep_
        if gov.i == role.i:
            return None
        if dep in ("prep", "advmod") and role.pos_ in ("ADP", "ADV") and gov.pos_ in _VERBS:
            dep = "dobj"  # "killing around 1,200": the qualifier heads the phrase
        if dep == "conj" and gov.pos_ in _VERBS and any(c.dep_ == "dobj" and c.i < role.i for c in gov.children):
            dep = "dobj"  # "killing a politician and five other people", the list hung on the verb
        # "were shot and killed": a conjoined verb without arguments of its own shares them
        verbs = [gov] + [c for c in gov.conjuncts if c.pos_ in _VERBS and c.i > gov.i and not any(
            g.dep_ in ("nsubj", "nsubjpass", "dobj") for g in c.children)]
        for verb in verbs:
            passive_like = dep == "nsubj" and verb.tag_ == "VBN" and not any(
                c.dep_ in ("aux", "auxpass") and _lem(c) in ("be", "have") for c in verb.children)
            if verb.pos_ in _VERBS and (dep in _PATIENT_DEPS or passive_like):
                cat = self._lookup_verb(verb, role, lex.verbs, allowed)
                if cat:
                    return cat
                if dep in ("dobj", "oprd"):  # "left 20 dead", "shot three dead", "left 5,200 injured"
                    for c in verb.children:
                        if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advcl") and c.i > role.i:
                            cat = lex.adjectives.get(c.lower_) or lex.adjectives.get(_lem(c))
                            if cat in allowed:
                                return cat
        if not patient_only:
            if dep == "nsubj" and gov.tag_ in ("VBG", "VBN", "JJ") and lex.adjectives.get(gov.lower_) in allowed \
                    and any(c.dep_ in ("aux", "auxpass") and _lem(c) == "be" for c in gov.children) \
                    and not any(c.dep_ == "dobj" for c in gov.children):
                return lex.adjectives[gov.lower_]  # "300 people are missing" (tagged as a verb)
            if gov.pos_ in _VERBS and dep in ("nsubj", "attr", "expl"):
                for verb in verbs:
                    cat = self._lookup_verb(verb, role, lex.subject_verbs, allowed)
                    if cat:
                        return cat
                if _lem(gov) in _COPULAS:
                    for c in gov.children:
                        if c.dep_ in ("acomp", "attr", "oprd", "xcomp", "advmod") and c.i != role.i:
                            cat = lex.adjectives.get(_lem(c)) or lex.adjectives.get(c.lower_)
                            if cat in allowed:
                                return cat
            # "six dead", "20 wounded" (adjective or participle heading the count)
            if dep in ("npadvmod", "nsubj", "nummod", "amod", "advmod") and noun is None and (
                    gov.pos_ == "ADJ" or (gov.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "dobj")
                                                                       for c in gov.children))):
                cat = lex.adjectives.get(gov.lower_) or lex.adjectives.get(_lem(gov))
                if cat in allowed:
                    return cat
        return None

    def _participle_category(self, noun: Token, allowed: set) -> Optional[str]:
        """'105 hostages freed', 'the 20 people killed', '2,000 displaced people', 'people who were killed'."""
        lex = self.lex
        for c in noun.children:
            if c.dep_ in ("acl", "amod", "relcl") and not self._irrealis(c):
                if c.dep_ == "relcl" and not any(g.dep_ in ("nsubjpass", "dobj") and g.tag_ in ("WP", "WDT")
                                                 for g in c.children):
                    continue
                cat = lex.adjectives.get(c.lower_) or (self._lookup_verb(c, noun, lex.verbs, allowed)
                                                       if c.pos_ == "VERB" or c.tag_ == "VBN" else None)
                if cat in allowed:
                    return cat
        return None

    def _event_category(self, event: Token, f: _Fig) -> Optional[str]:
        lex = self.lex
        cands = [event] + [c for c in event.conjuncts]
        cands = sorted((c for c in cands if c.i < f.start), key=lambda c: -c.i) or [event]
        for e in cands:
            cat = lex.events.get(_lem(e)) or lex.events.get(e.lower_)
            if cat is None and e.pos_ == "VERB":
                cat = self._lookup_verb(e, None, lex.verbs, self._casualty)
            if cat:
                return cat
        return None

    def _toll(self, role: Token) -> Optional[str]:
        """'the death toll rose to 200', 'bringing the number of fatalities to five', 'a toll of 200'."""
        lex = self.lex
        toll = None
        gov = role.head
        if role.dep_ == "pobj" and gov.lower_ in ("to", "at", "of") and gov.head.i != gov.i:
            x = gov.head
            if _lem(x) in lex.toll_nouns and x.pos_ == "NOUN":
                toll = x
            elif _lem(x) in lex.toll_verbs:
                toll = self._toll_subject(x)
        elif role.dep_ in ("attr", "dobj") and gov.i != role.i and _lem(gov) in lex.toll_verbs:
            toll = self._toll_subject(gov)
        if toll is None:
            return None
        mods = [c for c in toll.children if c.dep_ in ("compound", "amod", "nmod")]
        for prep in toll.children:  # "the number of fatalities"
            if prep.dep_ == "prep" and prep.lower_ == "of":
                mods.extend(c for c in prep.children if c.dep_ == "pobj")
        for c in mods:
            cat = lex.toll_modifiers.get(_lem(c)) or lex.toll_modifiers.get(c.lower_)
            if cat:
                return cat
        return lex.toll_bare.get(_lem(toll))

    def _toll_subject(self, verb: Token) -> Optional[Token]:
        """The toll a verb reports on, also through a conjoined verb ("has fluctuated and is estimated at")."""
        for v in (verb, verb.head) if verb.dep_ == "conj" else (verb,):
            toll = next((c for c in v.children if c.dep_ in ("nsubj", "dobj", "nsubjpass")
                         and _lem(c) in self.lex.toll_nouns and c.pos_ == "NOUN"), None)
            if toll is not None:
                return toll
        return None

    def _bounds(self, f: _Fig) -> None:
        v = f.value
        if v is None:
            return
        q = f.qualifier
        whole = float(v).is_integer()
        if q == "exact":
            f.low = f.high = v
        elif q == "at_least":
            f.low = v
        elif q == "more_than":
            f.low = v + 1 if whole else v
        elif q in ("nearly", "up_to"):
            f.high = v
        elif q == "below":
            f.qualifier, f.high = "up_to", (v - 1 if whole else v)

    def _group(self, doc: Doc, f: _Fig) -> Optional[str]:
        noun = f.noun
        if noun is None:
            if f.head is not None:
                attr = next((c for c in f.head.head.children if c.dep_ == "attr" and c.pos_ in _NOUNS), None)
                if attr is not None:
                    return self._np_text(doc, attr, drop_det=True, keep_of=False)
            return f.parent.group if f.parent is not None else None
        text = self._np_text(doc, noun, drop_det=True, keep_of=_lem(noun) in ("member", "resident", "relative"),
                             skip=set(range(f.start, f.end)))
        return text or None

    # ------------------------------------------------------------------ claimant
    def _claimant(self, doc: Doc, seg: _Segment, f: _Fig) -> None:
        start = f.role if f.role is not None else (f.noun or f.head)
        if start is None:
            return
        asides = self._asides(doc, seg)
        inside = [a for a in asides if a[0] < f.start < a[1]]
        x, came = start, start
        steps = 0
        while x.head.i != x.i and seg.start <= x.head.i < seg.end and steps < 30:
            steps += 1
            came, x = x, x.head
            if came.dep_ == "relcl" and came.left_edge.i > seg.start \
                    and doc[came.left_edge.i - 1].text in (",", "(", "\u2013", "\u2014", "--"):
                return
            if inside and not any(a[0] < x.i < a[1] for a in inside):
                return
            if any(a[0] < x.i < a[1] and not a[0] < f.start < a[1] for a in asides):
                continue  # a speech verb inside someone else's aside claims nothing here
            if _lem(x) in self.lex.speech_verbs and x.pos_ in _VERBS and came.dep_ not in ("nsubj", "nsubjpass") \
                    and (came.dep_ not in ("dobj", "prep", "dative", "npadvmod")
                         or _lem(x) in self.lex.reporting_verbs):
                name = self._speaker(doc, x, seg)
                if name:
                    f.claimed_by = name
                    return
        # "..., officials said" attached as parataxis; "according to X"
        root = x
        for c in root.children:
            if c.dep_ in ("parataxis", "advcl") and _lem(c) in self.lex.speech_verbs and c.i > start.i \
                    and not any(a[0] < c.i < a[1] for a in asides):
                name = self._speaker(doc, c, seg)
                if name:
                    f.claimed_by = name
                    return
        if inside:
            return
        # a trailing attribution: "..., and 40 Palestinians were wounded, militants and doctors said."
        for k in range(max(start.i, f.end), seg.end):
            t = doc[k]
            if _lem(t) in self.lex.speech_verbs and t.pos_ in _VERBS and not any(
                    c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > t.i for c in t.children):
                subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
                lead = doc[subj.left_edge.i - 1] if subj is not None and subj.left_edge.i > seg.start else None
                if subj is not None and subj.i < t.i and lead is not None and lead.text in (",", '"', "\u201d") \
                        and not any(a[0] < k < a[1] for a in asides):
                    name = self._speaker(doc, t, seg)
                    if name:
                        f.claimed_by = name
                        return
        for k in range(seg.start, seg.end):
            t = doc[k]
            if t.lower_ in self.lex.according and k + 1 < seg.end and doc[k + 1].lower_ == "to":
                pobj = next((c for c in doc[k + 1].children if c.dep_ == "pobj"), None)
                if pobj is None:
                    pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
                if pobj is not None and not any(a[0] < k < a[1] for a in asides):
                    name = self._resolve_name(doc, pobj, seg)
                    if name:
                        f.claimed_by = name
                        return

    def _asides(self, doc: Doc, seg: _Segment) -> list[tuple[int, int]]:
        out, open_at = [], {}
        for k in range(seg.start, seg.end):
            t = doc[k].text
            if t in open_at:
                out.append((open_at.pop(t), k))
            elif t in _BRACKETS:
                open_at[_BRACKETS[t]] = k
        for closer, k in open_at.items():  # an unclosed dash runs to the next comma
            if closer in ("\u2013", "\u2014", "--") and any(doc[j].pos_ in _VERBS for j in range(seg.start, k)):
                # (a dash with no verb before it is a dateline: "KABUL (AFP) - At least six ...")
                end = next((j for j in range(k + 1, seg.end) if doc[j].text == ","), seg.end)
                out.append((k, end))
        return out

    def _speaker(self, doc: Doc, verb: Token, seg: _Segment) -> Optional[str]:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.dep_ == "nsubjpass":
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if subj is None:
            return None
        return self._resolve_name(doc, subj, seg)

    def _resolve_name(self, doc: Doc, tok: Token, seg: _Segment) -> Optional[str]:
        if tok.pos_ == "PRON" or tok.lower_ in ("he", "she", "it", "they", "we", "i"):
            return self._antecedent(doc, tok, seg)
        if tok.tag_ in ("WP", "WDT"):
            return None
        left = [c for c in tok.children if c.i < tok.i and c.dep_ not in ("punct", "cc")]
        if left and all(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in left) \
                and tok.ent_type_ == "" and tok.pos_ == "NOUN":
            earlier = self._fuller_mention(doc, tok)
            if earlier:
                return earlier
        return self._np_text(doc, tok, drop_det=True, keep_of=True) or None

    def _fuller_mention(self, doc: Doc, tok: Token) -> Optional[str]:
        lemma = _lem(tok)
        for k in range(tok.i - 1, max(-1, tok.i - 600), -1):
            t = doc[k]
            if t.pos_ == "NOUN" and _lem(t) == lemma and any(
                    c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < t.i for c in t.children):
                return self._np_text(doc, t, drop_det=True, keep_of=False)
        return None

    def _antecedent(self, doc: Doc, pron: Token, seg: _Segment) -> Optional[str]:
        personal = pron.lower_ in ("he", "she")
        if pron.lower_ in ("we", "i"):
            return None
        for k in range(pron.i - 1, max(-1, pron.i - 400), -1):
            t = doc[k]
            if t.dep_ in ("nsubj",) and _lem(t.head) in self.lex.speech_verbs and t.pos_ != "PRON":
                if not personal or t.ent_type_ == "PERSON" or _lem(t) in self.lex.person_nouns:
                    return self._resolve_name(doc, t, seg)
            if personal and t.ent_type_ == "PERSON" and t.ent_iob_ == "B":
                ent = next((e for e in doc.ents if e.start == t.i), None)
                if ent is not None:
                    return ent.text
        return None

    def _np_text(self, doc: Doc, tok: Token, drop_det: bool, keep_of: bool, skip: set = frozenset()) -> str:
        drop = set(skip)
        for c in tok.children:
            if c.dep_ in ("relcl", "acl", "appos", "advcl", "parataxis") or (
                    c.dep_ == "prep" and (not keep_of or c.i < tok.i or c.lower_ not in ("of", "in", "for", "at"))):
                drop.update(range(c.left_edge.i, c.right_edge.i + 1))
            if c.dep_ in ("nummod", "quantmod") or (c.dep_ == "amod" and c.i in skip):
                drop.update(range(c.left_edge.i, c.right_edge.i + 1))
            if c.dep_ == "conj" and skip and any(g.dep_ in ("nummod", "det") and (g.like_num or g.lower_ in ("a", "an"))
                                                 for g in c.children):
                drop.update(range(c.left_edge.i, c.right_edge.i + 1))
                drop.update(k for k in range(tok.i + 1, c.left_edge.i) if doc[k].dep_ in ("cc", "punct"))
        # stop at the first comma, bracket or dash after the head
        right = tok.right_edge.i
        for k in range(tok.i + 1, tok.right_edge.i + 1):
            if doc[k].text in (",", "(", "\u2013", "\u2014", "--", ";", ":"):
                right = k - 1
                break
        toks = [t for t in doc[tok.left_edge.i:right + 1] if t.i not in drop and t.text not in ('"', "\u201c", "\u201d")]
        while toks and (toks[0].is_punct or (drop_det and toks[0].lower_ in self.lex.drop_leading)
                        or toks[0].dep_ == "predet" or toks[0].lower_ in ("other", "more")):
            toks = toks[1:]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        if not toks:
            return ""
        text = "".join(t.text_with_ws for t in toks[:-1]) + toks[-1].text
        return _SPACES.sub(" ", text).strip()

    def _carry_over(self, seg: _Segment, figs: list[_Fig], previous: list[_Fig], prev_seg) -> None:
        """A sentence continuing a claimed report takes its claimant: same paragraph, right after a sentence
        whose figures were claimed. A sentence adding settled facts in the narrator's voice ("... have also
        been killed") does not."""
        if prev_seg is None or prev_seg.para != seg.para:
            return
        claimed = [g for g in previous if g.claimed_by]
        if not claimed:
            return
        for f in figs:
            if f.claimed_by is None and f.parent is None and not self._narrator_voice(f):
                f.claimed_by = claimed[-1].claimed_by

    def _narrator_voice(self, f: _Fig) -> bool:
        """'also' on the figure's verb, or a present perfect ("have been killed"): a tally the writer adds."""
        if f.role is None:
            return False
        verb = f.role.head
        for _ in range(3):
            if verb.pos_ in _VERBS or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb.pos_ not in _VERBS:
            return False
        kids = list(verb.children)
        if any(c.lower_ in ("also", "too", "meanwhile") for c in kids):
            return True
        return any(c.dep_ == "aux" and _lem(c) == "have" and c.tag_ in ("VBP", "VBZ") for c in kids)

    # ------------------------------------------------------------------ time
    def _time(self, doc: Doc, seg: _Segment, f: _Fig, timexes: list, figs: list[_Fig],
              reference: Optional[date]) -> None:
        anchor = f.head if f.head is not None else doc[f.num_start]
        others = [g for g in figs if g is not f and g.head is not None]
        best, best_d = None, 999
        for span in timexes:
            if span.start < seg.start or span.end > seg.end:
                continue
            info = span._.parley or {}
            root = span.root
            owner = next((g for g in others if _dominates(g.head, root) and g.head.i != anchor.i
                          and not _dominates(g.head, anchor)), None)
            if owner is not None and not _dominates(anchor, root):
                continue
            kind, value = self._timex_meaning(doc, span, info, f, anchor, reference)
            if kind is None:
                continue
            d = _tree_distance(anchor, root)
            period = (info.get("type") or "").upper() == "DURATION"
            if d > 10 or ((kind == "date" or period) and self._other_clause(root, anchor)):
                continue
            if reference is not None and value and value[:10] > reference.isoformat()[:len(value[:10])] \
                    and not _FOUR_DIGITS.search(span.text):
                value = _year_before(value)  # a count reports the past: "Oct. 7" read as a coming date
            if d < best_d:
                best, best_d = (kind, value), d
        running = self._running_cue(doc, seg, anchor)
        if best is not None:
            kind, value = best
            if kind == "date" and running and len(value) < 10:
                kind = "since"  # "so far this year": a running total from the start of the year
            if kind == "since":
                f.since, f.running_total = value, True
            else:
                f.date = value
        f.running_total = f.running_total or running

    def _timex_meaning(self, doc: Doc, span: Span, info: dict, f: _Fig, anchor: Token,
                       reference: Optional[date]) -> tuple[Optional[str], Optional[str]]:
        kind = (info.get("type") or "DATE").upper()
        value = info.get("value")
        text = info.get("text") or span.text
        before = doc[span.start - 1] if span.start > 0 else None
        period = _PERIOD_TEXT.search(text)
        if kind == "DURATION" or (period and "past" in text.lower() or period and "the last" in text.lower()):
            if not period and not (before is not None and before.lower_ in _PERIOD_PREPS):
                return None, None
            if before is not None and before.lower_ not in _PERIOD_PREPS and not period:
                return None, None
            days = _duration_days(value, text)
            if days is None or reference is None:
                return None, None
            if days <= 1:
                return "date", (reference - timedelta(days=1)).isoformat()
            return "since", (reference - timedelta(days=round(days))).isoformat()
        if kind not in ("DATE", "TIME"):
            return None, None
        iso = _iso_date(value)
        if iso is None:
            return None, None
        if self._is_since(doc, span, anchor):
            return "since", iso
        return "date", iso

    @staticmethod
    def _other_clause(root: Token, anchor: Token) -> bool:
        """The time expression sits in a clause of its own below the one holding the figure
        ("the blockade, imposed after Hamas seized control in 2007, ... 1.8 million people")."""
        x = root
        for _ in range(30):
            if _dominates(x, anchor) or x.head.i == x.i:
                return False
            if x.pos_ in _VERBS and x.dep_ in ("advcl", "acl", "relcl", "ccomp", "csubj", "conj", "parataxis",
                                               "xcomp", "pcomp"):
                return True
            x = x.head
        return False

    def _is_since(self, doc: Doc, span: Span, anchor: Token) -> bool:
        since = span[0] if span[0].lower_ == "since" else (
            doc[span.start - 1] if span.start > 0 and doc[span.start - 1].lower_ == "since" else None)
        if since is not None:
            # "killed since Oct. 7": yes; "since a truce in November saw 105 hostages freed": the figure
            # is inside the since-clause, so the date is when it happened
            return since.dep_ != "mark" or not _dominates(since.head, anchor)
        x = span.root
        for _ in range(3):
            if any(c.lower_ == "since" and c.dep_ in ("mark", "prep", "advmod") for c in x.children):
                return not _dominates(x, anchor)
            if x.head.i == x.i:
                break
            x = x.head
        return False

    def _running_cue(self, doc: Doc, seg: _Segment, anchor: Token) -> bool:
        """'so far', 'to date', 'in all' in the sentence: the count is a running total."""
        if seg.running is None:
            low = [t.lower_ for t in doc[seg.start:seg.end]]
            n = len(low)
            seg.running = any(self._match(low, k, n, self._running)[1] for k in range(n))
        return seg.running

    # ------------------------------------------------------------------ location
    def _location(self, doc: Doc, seg: _Segment, f: _Fig, places: list) -> None:
        anchor = f.role if f.role is not None else (f.head or doc[f.num_start])
        best, best_d = None, 999
        for ent in places:
            if ent.start < seg.start or ent.end > seg.end:
                continue
            root = ent.root
            if root.dep_ != "pobj" or root.head.lower_ not in _LOC_PREPS:
                continue
            if f.claimed_by and ent.text in f.claimed_by:
                continue
            d = _tree_distance(anchor, root)
            if d < best_d:
                best, best_d = ent.text, d
        f.location = best

    @staticmethod
    def _inherit_from_parent(figs: list[_Fig]) -> None:
        for f in figs:
            p = f.parent
            if p is None:
                continue
            if f.claimed_by is None:
                f.claimed_by = p.claimed_by
            if f.date is None and f.since is None:
                f.date, f.since = p.date, p.since
                f.running_total = f.running_total or p.running_total
            if f.location is None:
                f.location = p.location


def _duration_days(value: Optional[str], text: str) -> Optional[float]:
    if value:
        m = _DURATION.match(value)
        if m:
            if m.group(1):
                return float(m.group(1)) / 24
            n = float(m.group(2))
            return n * {"D": 1, "W": 7, "M": 30, "Y": 365}[m.group(3)]
    m = _PERIOD_TEXT.search(text or "")
    if m:
        count = m.group(1)
        words = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "few": 3, "several": 5}
        n = 1.0 if not count else (float(count) if count.isdigit() else float(words.get(count.lower(), 0) or 0))
        if not n:
            return None
        return n * _UNIT_DAYS[m.group(2).lower()]
    return None


def _year_before(value: str) -> str:
    year = int(value[:4]) - 1
    return f"{year:04d}{value[4:]}"


def _by_first(seqs) -> dict:
    index: dict[str, list] = {}
    for seq, payload in seqs:
        index.setdefault(seq[0], []).append((seq, payload))
    return {k: sorted(v, key=lambda e: len(e[0]), reverse=True) for k, v in index.items()}


def _reference(doc: Doc) -> Optional[date]:
    ref = doc._.parley_reference
    if not ref:
        return None
    try:
        return date.fromisoformat(ref[:10]) if len(ref) >= 10 else date.fromisoformat(ref[:7] + "-15")
    except ValueError:
        return None


def _num(x: Optional[float]):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


@Language.factory("parley_figures", assigns=["doc.spans"], requires=["token.dep", "token.lemma", "doc.ents"],
                  default_config={"categories": None, "words": None})
def make(nlp: Language, name: str, categories: Optional[str], words: Optional[str]) -> FiguresComponent:
    return FiguresComponent(load_lexicon(str(categories or DEFAULT_CATEGORIES), str(words or DEFAULT_WORDS)))
