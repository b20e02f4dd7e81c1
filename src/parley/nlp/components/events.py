"""parley_events: who did what to whom, where and when, typed with PLOVER event types and modes.

Runs after the statistical model (parser, NER, sentences), ``parley_dates``, ``parley_figures`` and
``parley_quotes``. Writes ``doc.spans["parley_events"]``: one span per event (label ``EVENT``, over
the trigger phrase) whose ``span._.parley`` is a plain dict::

    {type, mode, actor: {name, code, sector} | None, recipient: same | None,
     location: {name, country, lat, lon, precision} | None,
     date: {value, precision, expression} | None,
     modality: asserted | reported | denied | hypothetical,
     evidence: [start_char, end_char],              # the sentence
     extra_evidence: [[start, end], ...]}           # other sentences about the same happening

How (every word list is data, in ``parley/data/event_cues.yaml``; see docs/events.md):

1. **Cues.** A verb (``verbs``), a verb with its particle (``phrasal``), a verb with the right
   object or subject (``frames``: "held talks", "talks resumed", "seized the crossing"), or a noun
   (``nouns``, ``compounds``: "airstrikes", "rocket fire") names a candidate event.
2. **Is it a happening?** Left out: cues inside quotations, in headlines, in infinitives ("to end
   the fighting") and conditions ("if talks fail"), nominal cues that are the topic of a demand or a
   plan ("an end to attacks"), casualty verbs without an agent or in a running total ("have been
   killed since"), speech-act verbs in the present tense of an article body ("Hamas is demanding").
   A modal on a use of force that someone announces becomes a THREATEN ("might deepen its
   operation"); on a cooperative act, an AGREE (a stated intention).
3. **Arguments** from the dependency parse: actor = subject (or "by" agent, possessor, demonym
   adjective, compounded name), pronouns resolved to the speaker ("Israel said it ...") or to the
   last subject; recipient = object or "on/against/of" phrase; both normalised by ``parley.actors``
   on the publication date. Place = the nearest place name in the clause (not the dateline, not the
   speaker's or the actor's own name), resolved by ``parley.geo``. Date = the nearest time
   expression of the sentence (from ``parley_dates``), else the publication date (precision week).
4. **One event per happening**: cues of one type about the same actor in a sentence are one event;
   a later definite mention ("the Israeli walkout", "Israel's seizure of the crossing") or a repeat
   with the same verb, actor, date and place adds its sentence to ``extra_evidence``.
5. **Implicit actors**: an event with no actor takes the actor of the latest earlier event of the
   same type and weapon ("a strike that hit ..." after "Israeli airstrikes").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ...errors import ConfigError
from ..extensions import SPAN_KEYS

KEY = SPAN_KEYS["events"]
DATES_KEY = SPAN_KEYS["dates"]
DEFAULT_LEXICON = Path(__file__).resolve().parents[2] / "data" / "event_cues.yaml"

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
FORCE_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION"}           # threatened when only announced
COOPERATIVE_TYPES = {"CONSULT", "AID", "RETREAT", "COOPERATE", "CONCEDE", "SUPPORT"}  # promised
THREAT_MODE = {"ASSAULT": "violence", "COERCE": "restrict", "MOBILIZE": "violence", "SANCTION": "relations"}
MODALS = {"might", "could", "would", "may", "will", "shall", "'ll", "wo", "'d"}       # announced, possible
OBLIGATION_MODALS = {"can", "should", "must", "ca", "cannot"}                          # able, obliged
CONDITION_MARKS = {"if", "whether", "unless", "lest"}
NEGATIONS = {"not", "n't", "never", "no"}
PRONOUNS = {"it", "they", "he", "she", "we", "its", "their", "his", "her", "our"}
PLACE_LABELS = {"GPE", "LOC", "FAC", "ORG"}
ACTOR_LABELS = {"ORG", "NORP", "GPE", "PERSON"}
QUOTE_RE = re.compile(r"\u201c[^\u201d\n]*(?:\u201d|$)|\"[^\"\n]*(?:\"|$)", re.M)
DATELINE_RE = re.compile(r"^[A-Z][A-Z .,'\-]+(?:,\s*[A-Za-z .]+)?\s*(?:\([^)]*\)\s*)?(?:--|\u2014|\u2013|-)\s")
FRAME_PREPS = {"on", "upon", "to", "for", "with", "against", "into"}
MODAL_GAP = {"co", "-", "not", "n't", "also", "then", "still", "be", "have", "never", "soon", "likely", "re",
             "again", "now", "further", "eventually", "probably", "jointly"}
NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "compound"}
HOLDERS = {"have", "keep", "get", "leave"}
CONTENT_PREPS = {"of", "for", "to", "about", "over", "against", "on"}
NEAR_WORDS = {"near", "outside", "around", "outskirts", "close", "nearby", "vicinity"}
LOCATIVE_PREPS = {"in", "into", "inside", "across", "throughout", "on", "at", "within", "over", "near",
                  "outside", "around", "along"}
FACILITY_WORDS = {"hospital", "camp", "crossing", "school", "mosque", "church", "university", "airport", "base",
                  "port", "bridge", "checkpoint", "prison", "clinic", "complex", "compound"}
PLACE_HEADS = {"border", "crossing", "coast", "city", "town", "camp", "area", "strip", "region", "province",
               "district", "village", "outskirts", "side", "frontier", "boundary"}


# --------------------------------------------------------------------------------------------------
# The lexicon
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Frame:
    verbs: frozenset
    args: frozenset
    type: str
    mode: Optional[str]
    requires_prep: frozenset
    deep: bool = False


@dataclass
class Lexicon:
    verbs: dict
    phrasal: dict
    frames_by_verb: dict
    nouns: dict
    compounds: dict
    weapons: dict
    words: dict = field(default_factory=dict)

    def __getattr__(self, name: str) -> frozenset:  # word lists: lex.speech_verbs ...
        try:
            return self.__dict__["words"][name]
        except KeyError:
            raise AttributeError(name) from None


def _reading(value, where: str) -> tuple[str, Optional[str]]:
    if not isinstance(value, (list, tuple)) or not value or value[0] not in TYPES:
        raise ConfigError(f"event cues: {where}: expected [TYPE, mode], got {value!r}")
    return str(value[0]), (str(value[1]) if len(value) > 1 and value[1] else None)


@lru_cache(maxsize=8)
def load_lexicon(path: str) -> Lexicon:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"{path}: cannot read the event cue lexicon ({err})") from err
    verbs = {k.lower(): _reading(v, f"verbs.{k}") for k, v in (data.get("verbs") or {}).items()}
    phrasal = {k.lower(): _reading(v, f"phrasal.{k}") for k, v in (data.get("phrasal") or {}).items()}
    nouns = {k.lower(): _reading(v, f"nouns.{k}") for k, v in (data.get("nouns") or {}).items()}
    compounds = {k.lower(): _reading(v, f"compounds.{k}") for k, v in (data.get("compounds") or {}).items()}
    frames_by_verb: dict[str, list[Frame]] = {}
    for n, fr in enumerate(data.get("frames") or ()):
        if fr.get("type") not in TYPES:
            raise ConfigError(f"{path}: frame #{n + 1} has no valid type")
        frame = Frame(frozenset(fr.get("verbs") or ()), frozenset(fr.get("args") or ()), fr["type"],
                      fr.get("mode"), frozenset(fr.get("requires_prep") or ()), bool(fr.get("deep")))
        for verb in frame.verbs:
            frames_by_verb.setdefault(verb, []).append(frame)
    words = {}
    for key, value in data.items():
        if key in ("verbs", "phrasal", "frames", "nouns", "compounds", "weapons"):
            continue
        if isinstance(value, list):
            words[key] = frozenset(str(v) if key == "stance_types" else str(v).lower() for v in value)
    if not verbs or not nouns:
        raise ConfigError(f"{path}: the event cue lexicon lists no verbs or no nouns")
    return Lexicon(verbs=verbs, phrasal=phrasal, frames_by_verb=frames_by_verb, nouns=nouns,
                   compounds=compounds, weapons={k.lower(): v for k, v in (data.get("weapons") or {}).items()},
                   words=words)


# --------------------------------------------------------------------------------------------------
# Actors (parley.actors, written beside this component) and places (parley.geo)
# --------------------------------------------------------------------------------------------------

def _actor_resolver() -> Optional[Callable[..., Any]]:
    try:
        from ... import actors
    except ImportError:
        return None
    return getattr(actors, "canonical_actor", None)


def _clean_actor(found: Any) -> Optional[dict]:
    if not found:
        return None
    if not isinstance(found, dict):
        found = {k: getattr(found, k, None) for k in ("name", "code", "sector")}
    if not found.get("name"):
        return None
    return {"name": found.get("name"), "code": found.get("code"), "sector": found.get("sector")}


# --------------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------------

@dataclass
class Candidate:
    trigger: Token
    type: str
    mode: Optional[str]
    lemma: str
    nominal: bool
    sent: Span
    sent_index: int
    span: tuple[int, int]                  # token bounds of the trigger phrase
    weapon: Optional[str] = None
    arg: Optional[Token] = None            # the frame's argument ("talks" in "held talks")
    actor: Optional[dict] = None
    actor_tokens: frozenset = frozenset()
    recipient: Optional[dict] = None
    recipient_tokens: frozenset = frozenset()
    location: Optional[dict] = None
    date: Optional[dict] = None
    date_fallback: bool = False
    modality: str = "asserted"
    definite: bool = False
    extra: list = field(default_factory=list)   # [(start_char, end_char)] of other sentences

    @property
    def evidence(self) -> tuple[int, int]:
        return _sent_bounds(self.sent)


def _sent_bounds(sent: Span) -> tuple[int, int]:
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, sent.start_char + len(text.rstrip())


def _children(tok: Token, *deps: str):
    return [c for c in tok.children if c.dep_ in deps]


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _subtree_ids(tok: Token) -> frozenset:
    return frozenset(t.i for t in tok.subtree)


class _DocContext:
    """Per-document lookups: quotes, dates by sentence, places, the publication date."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.reference = _reference(doc)
        self.text = doc.text
        self.quotes = [(m.start(), m.end()) for m in QUOTE_RE.finditer(self.text)
                       if len(m.group(0).split()) >= 4]
        self.timex_by_sent: dict[int, list[Span]] = {}
        self.sent_starts = []
        dates = doc.spans[DATES_KEY] if DATES_KEY in doc.spans else []
        self.dates = list(dates)
        self.dateline_end = 0
        head = self.text[:120]
        m = DATELINE_RE.match(head)
        if m:
            self.dateline_end = m.end()

    def in_headline(self, char: int) -> bool:
        """The line holding ``char`` is a headline or a caption: short, with no closing punctuation."""
        text = self.text
        start = text.rfind("\n", 0, char) + 1
        end = text.find("\n", char)
        line = text[start:end if end >= 0 else len(text)].strip()
        return len(line) < 90 and bool(line) and line[-1] not in ".!?\"'\u201d:;,"

    def in_quote(self, start_char: int, end_char: int) -> bool:
        return any(a < start_char and end_char <= b for a, b in self.quotes)


def _reference(doc: Doc) -> Optional[date]:
    ref = doc._.parley_reference
    if not ref:
        return None
    try:
        ref = str(ref)
        return date.fromisoformat(ref[:10]) if len(ref) >= 10 else date.fromisoformat(ref[:7] + "-15")
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------------
# The component
# --------------------------------------------------------------------------------------------------

class EventsComponent:
    def __init__(self, nlp: Language, lexicon: Optional[str] = None, resolve_places: bool = True,
                 max_context_sentences: int = 6):
        self.lex = load_lexicon(str(lexicon or DEFAULT_LEXICON))
        self.resolve_places = resolve_places
        self.max_context = max_context_sentences
        # Swappable resolvers (tests, other gazetteers): actor_resolver(text, on=iso_date) -> dict|None,
        # place_resolver(name, near=bool) -> dict|None. Default: parley.actors / parley.geo.
        self.actor_resolver: Optional[Callable[..., Any]] = None
        self.place_resolver: Optional[Callable[..., Any]] = None
        self._actor_fn = None
        self._actor_fn_loaded = False
        self._actor_cache: dict = {}
        self._place_cache: dict = {}
        self._sent_start = 0
        self._actor_ents: list = []

    # -- actors and places ----------------------------------------------------------------------
    def _canonical(self, text: str, on: Optional[str]) -> Optional[dict]:
        text = " ".join(text.split()).strip(" ,.;:'\"")
        if not text:
            return None
        key = (text, on)
        if key in self._actor_cache:
            return self._actor_cache[key]
        if not self._actor_fn_loaded:
            self._actor_fn = self.actor_resolver or _actor_resolver()
            self._actor_fn_loaded = True
        found = None
        if self._actor_fn is not None:
            try:
                found = _clean_actor(self._actor_fn(text, on=on))
            except (TypeError, ValueError):
                found = None
        self._actor_cache[key] = found
        return found

    def _place(self, text: str, near: bool = False) -> Optional[dict]:
        if not self.resolve_places:
            return None
        key = (text, near)
        if key not in self._place_cache:
            if self.place_resolver is not None:
                self._place_cache[key] = self.place_resolver(text, near=near)
            else:
                from ...geo import resolve_place
                self._place_cache[key] = resolve_place(text, near=near)
        return self._place_cache[key]

    def _np_tokens(self, head: Token) -> list[Token]:
        """The noun phrase of ``head`` without clauses, appositions and most prepositional phrases."""
        keep = [head]
        stack = [head]
        while stack:
            tok = stack.pop()
            for c in tok.children:
                if c.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advmod", "det") and c.i != head.i:
                    continue
                if c.dep_ == "prep" and c.lower_ not in ("of", "from"):
                    continue
                keep.append(c)
                stack.append(c)
        return sorted(keep, key=lambda t: t.i)

    def _actor_of(self, head: Optional[Token], on: Optional[str]) -> tuple[Optional[dict], frozenset]:
        if head is None:
            return None, frozenset()
        toks = self._np_tokens(head)
        ids = frozenset(t.i for t in toks)
        doc = head.doc
        text = doc[toks[0].i: toks[-1].i + 1].text if toks else head.text
        found = self._canonical(text, on)
        if found is None:
            # entities and demonyms inside the phrase, outermost first
            for start, label, text in self._actor_ents:
                if start in ids and label in ACTOR_LABELS:
                    found = self._canonical(text, on)
                    if found:
                        break
        if found is None and head.lower_ not in PRONOUNS:
            found = self._canonical(head.text, on)
        return found, ids

    # -- cues -------------------------------------------------------------------------------------
    def _frame_args(self, verb: Token) -> list[tuple[Token, Optional[str]]]:
        """(argument head, governing preposition) pairs of a verb, with conjuncts and compounds."""
        out = []
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
                out.append((c, None))
            elif c.dep_ == "nsubj" and not any(x.dep_ == "dobj" for x in verb.children):
                out.append((c, None))
            elif c.dep_ in ("prep", "dative") and c.lower_ in FRAME_PREPS:
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.append((p, c.lower_))
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            out.append((verb.head, None))     # "troops massed along ...", "hostages freed"
        if verb.dep_ in ("ccomp", "xcomp", "oprd") and verb.tag_ == "VBN":
            out.extend((c, None) for c in verb.children if c.dep_ == "nsubj")  # "saw hostages freed"
        if verb.dep_ in ("acl", "relcl", "advcl") and not any(
                c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in verb.children):
            # a mis-attached clause ("negotiations to end the conflict resumed"): the nearest noun before
            for i in range(verb.i - 1, max(self._sent_start, verb.i - 9) - 1, -1):
                t = verb.doc[i]
                if t.pos_ == "NOUN" and t.tag_ in ("NNS", "NN"):
                    if t.lemma_.lower() not in ("conflict", "war", "month", "week", "day", "year"):
                        out.append((t, None))
                        break
        more = []
        for tok, prep in out:
            more.extend((c, prep) for c in tok.children if c.dep_ == "conj")
            more.extend((c, prep) for c in tok.children if c.dep_ == "compound")
            if tok.lemma_.lower() in self.lex.frame_containers:   # "a shipment of bombs"
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ in ("of", "to"):
                        more.extend((p, prep) for p in c.children if p.dep_ == "pobj")
        return out + more

    def _verb_cue(self, tok: Token) -> Optional[tuple[str, Optional[str], tuple[int, int], Optional[Token]]]:
        lex = self.lex
        lemma = tok.lemma_.lower()
        for c in tok.children:
            if c.dep_ in ("prt", "prep", "dobj", "advmod", "acomp", "oprd", "xcomp") and abs(c.i - tok.i) <= 3:
                reading = lex.phrasal.get(f"{lemma} {c.lower_}")
                if reading:
                    return reading[0], reading[1], (min(tok.i, c.i), max(tok.i, c.i) + 1), None
        frames = lex.frames_by_verb.get(lemma)
        if frames:
            args = self._frame_args(tok)
            for frame in frames:
                pairs = args
                if frame.deep:
                    pairs = args + [(t, p) for a, p in args if a.dep_ == "dobj" for t in a.subtree if t.i != a.i]
                for arg, prep in pairs:
                    if arg.lemma_.lower() in frame.args or arg.lower_ in frame.args or (
                            "@place" in frame.args and (arg.ent_type_ in ("GPE", "LOC", "FAC") or (
                                arg.pos_ == "PROPN" and arg.ent_type_ not in ("PERSON", "NORP", "ORG")
                                and self._place(arg.text) is not None))):
                        if frame.requires_prep and not any(
                                c.dep_ == "prep" and c.lower_ in frame.requires_prep for c in tok.children):
                            continue
                        return frame.type, frame.mode, (tok.i, tok.i + 1), arg
        if lemma in lex.evaluation_verbs:
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.lemma_.lower() in lex.evaluation_objects:
                judged = [t for c in tok.children if c.dep_ in ("oprd", "xcomp", "ccomp", "acomp", "prep", "advcl")
                          for t in c.subtree]
                if judged or lemma == "dismiss":
                    positive = any(t.lemma_.lower() in lex.positive_evaluation for t in judged)
                    kind = "SUPPORT" if positive and lemma != "dismiss" else "REJECT"
                    return kind, None, (tok.i, tok.i + 1), obj
        if lemma in lex.conditional_threats:
            inner = [t for c in tok.children if c.dep_ in ("ccomp", "xcomp") for t in c.subtree]
            forceful = any(lex.verbs.get(t.lemma_.lower(), ("",))[0] in FORCE_TYPES or
                           lex.nouns.get(t.lemma_.lower(), ("",))[0] in FORCE_TYPES for t in inner) or any(
                t.lemma_.lower() in lex.escalation for t in inner)
            of_threat = any(p.lemma_.lower() in lex.threat_objects for c in tok.children
                            if c.dep_ == "prep" and c.lower_ == "of" for p in c.children)
            if forceful or of_threat:
                return "THREATEN", None, (tok.i, tok.i + 1), None
            if lemma == "vow" and inner:
                return "AGREE", None, (tok.i, tok.i + 1), None
            return None
        if lemma in ("decline", "refuse") and any(
                c.dep_ == "xcomp" and (c.lemma_.lower() in lex.speech_verbs or c.lemma_.lower() in lex.comment_verbs)
                for c in tok.children):
            return None                     # "declined to comment", "refused to be identified"
        if lemma in lex.intransitive_only and any(c.dep_ == "dobj" for c in tok.children):
            return None                     # "demonstrated pragmatism"
        if lemma in lex.needs_complement:       # "asked Israel to", not "asked a question"
            if not any(c.dep_ in ("xcomp", "ccomp") and any(a.tag_ == "TO" for a in c.children)
                       for c in tok.children):
                return None
        reading = lex.verbs.get(lemma)
        if reading:
            return reading[0], reading[1], (tok.i, tok.i + 1), None
        return None

    def _noun_cue(self, tok: Token) -> Optional[tuple[str, Optional[str], tuple[int, int]]]:
        lex = self.lex
        lemma = tok.lemma_.lower()
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i:
                reading = lex.compounds.get(f"{c.lemma_.lower()} {lemma}") or lex.compounds.get(f"{c.lower_} {lemma}")
                if reading:
                    return reading[0], reading[1], (c.i, tok.i + 1)
        reading = lex.nouns.get(lemma) or lex.nouns.get(tok.lower_)
        if reading:
            return reading[0], reading[1], (tok.i, tok.i + 1)
        return None

    # -- filters ------------------------------------------------------------------------------------
    def _skip_sentence(self, sent: Span) -> bool:
        if not any(t.pos_ in ("VERB", "AUX") for t in sent):
            return True
        root = sent.root
        if root.tag_ == "VB" and root.i == sent.start and not any(c.dep_ == "nsubj" for c in root.children):
            return True                      # an imperative: "Join the conversation below."
        text = sent.text.strip()
        if len(sent) <= 12 and text and text[-1] not in ".!?\"'\u201d":
            return True
        return False

    def _governed_irrealis(self, tok: Token) -> bool:
        """A gerund or nominal cue under a plan, demand, attempt ... or a negated governor."""
        lex = self.lex
        cur = tok
        for _ in range(4):
            head = cur.head
            if head.i == cur.i:
                return False
            if cur.dep_ in ("pobj", "pcomp"):
                if head.lemma_.lower() in lex.irrealis_governors:
                    return True                   # "without securing", "instead of attacking"
                cur = head                        # the preposition
                continue
            if cur.dep_ in ("prep", "acl", "xcomp", "dobj", "compound", "advcl", "ccomp", "nsubj", "nsubjpass"):
                if head.lemma_.lower() in lex.irrealis_governors and cur.dep_ in ("prep", "acl", "xcomp", "dobj", "compound"):
                    return True
                if cur.dep_ in ("prep", "acl") and head.pos_ in ("NOUN", "ADJ"):
                    cur = head
                    continue
            return False
        return False

    def _infinitive_ok(self, tok: Token) -> bool:
        """A cue in an infinitive happened only after continue/begin/appear ... ("continued to shell")."""
        while tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and not any(
                c.dep_ in ("nsubj", "aux") for c in tok.children):
            tok = tok.head                 # "wants Israel to halt attacks and lift restrictions"
        if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children):
            if tok.dep_ in ("xcomp", "acl", "ccomp") and tok.head.lemma_.lower() in self.lex.irrealis_governors \
                    and tok.tag_ in ("VB", "VBG"):
                return False                 # "plans continuing", "guarantees that borders will open"
            if tok.dep_ == "xcomp" and tok.tag_ == "VBG" and tok.head.lemma_.lower() in self.lex.pass_through:
                return self._infinitive_ok(tok.head)
            return True
        return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in self.lex.pass_through \
            and self._infinitive_ok(tok.head)

    def _under_condition(self, tok: Token) -> bool:
        cur = tok
        for _ in range(6):
            if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in cur.children):
                return True
            if cur.dep_ in ("ROOT",) or cur.head.i == cur.i:
                return False
            if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in self.lex.speech_verbs:
                return False
            cur = cur.head
        return False

    def _clause_verb(self, tok: Token) -> Token:
        """The verb whose clause a (nominal) cue sits in."""
        cur = tok
        for _ in range(8):
            if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
                return cur
            cur = cur.head
        return cur

    def _modal(self, verb: Token) -> Optional[str]:
        """"future" for will/would/might ..., "obligation" for can/should/must, else None."""
        for i in range(verb.i - 1, max(self._sent_start, verb.i - 5) - 1, -1):   # "would co-host"
            t = verb.doc[i]
            if t.tag_ == "MD":
                return "future" if t.lower_ in MODALS else "obligation"
            if t.lower_ not in MODAL_GAP:
                break
        cur = verb
        for _ in range(3):
            if any(c.dep_ == "aux" and c.lower_ in MODALS for c in cur.children):
                return "future"
            if any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in cur.children):
                return "obligation"
            if any(c.dep_ == "aux" and c.lower_ == "going" for c in cur.children):
                return "future"
            if cur.dep_ == "conj" and cur.head.pos_ in ("VERB", "AUX"):
                cur = cur.head
                continue
            if cur.dep_ == "xcomp" and cur.head.pos_ in ("VERB", "AUX"):
                cur = cur.head
                continue
            return None
        return None

    def _negated(self, verb: Token, arg: Optional[Token]) -> bool:
        if any(c.dep_ == "neg" for c in verb.children):
            return True
        if any(c.dep_ == "nsubj" and c.lower_ in ("nobody", "none") or (
                c.dep_ == "nsubj" and c.lower_ == "one" and any(d.lower_ == "no" for d in c.children))
               for c in verb.children):
            return True                      # "no one was beating their swords"
        if arg is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in arg.children):
            return True
        if verb.dep_ == "conj" and any(c.dep_ == "neg" for c in verb.head.children) and not any(
                c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children):
            return True
        return False

    def _speech_head(self, tok: Token) -> Optional[Token]:
        """The speech verb whose complement holds ``tok`` (``said`` in "Israel said it had ...")."""
        cur = tok
        for _ in range(6):
            if cur.head.i == cur.i:
                return None
            if cur.dep_ in ("ccomp", "parataxis", "xcomp") and cur.head.lemma_.lower() in self.lex.speech_verbs:
                return cur.head
            if cur.dep_ in ("relcl",):
                return None
            cur = cur.head
        return None

    def _finite(self, verb: Token) -> Token:
        """The finite verb of a participle's clause ("finds itself pressured" -> finds)."""
        cur = verb
        for _ in range(3):
            if cur.tag_ in ("VBN", "VBG") and not any(c.dep_ in ("aux", "auxpass") for c in cur.children) \
                    and cur.dep_ in ("oprd", "xcomp", "acomp", "conj", "ccomp") and cur.head.pos_ in ("VERB", "AUX") \
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children if cur.dep_ == "ccomp"):
                cur = cur.head
                continue
            break
        return cur

    def _present_stance(self, verb: Token, first_sentence: bool) -> bool:
        """A speech act in the present ("Israel says", "Hamas is demanding") or the progressive
        ("was offering") states a standing position, not a happening (except in a headline or lede)."""
        if first_sentence or verb.pos_ not in ("VERB", "AUX"):
            return False
        verb = self._finite(verb)
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if verb.tag_ in ("VBZ", "VBP") and not auxes:
            return True
        if verb.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxes):
            return True
        return False

    def _present_speech(self, speech: Optional[Token]) -> bool:
        """"Palestinian delegates say that ...": a standing claim, not a report of a happening."""
        if speech is None:
            return False
        return speech.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "aux" for c in speech.children)

    def _running_total(self, verb: Token) -> bool:
        """A tally to date: "so far", "since ...", "to date", "in total", or a count in the hundreds."""
        for c in verb.children:
            if c.lower_ in ("far", "since", "date", "total", "altogether") or (
                    c.dep_ in ("advmod", "prep") and any(g.lower_ in ("far", "date", "total") for g in c.children)):
                return True
            if c.dep_ == "dobj":
                for n in c.children:
                    if n.dep_ == "nummod" and n.like_num:
                        try:
                            if float(n.text.replace(",", "")) >= 100:
                                return True
                        except ValueError:
                            pass
        return False

    def _perfect(self, verb: Token, present_only: bool = True) -> bool:
        for c in verb.children:
            if c.dep_ == "aux" and c.lemma_ == "have" and (not present_only or c.tag_ in ("VBZ", "VBP")):
                return True
        return False

    def _nominal_is_happening(self, tok: Token, sent_tokens: range) -> bool:
        lex = self.lex
        if any(c.dep_ == "amod" and c.lemma_.lower() in lex.hypothetical_modifiers for c in tok.children):
            return False
        pos = tok
        while pos.dep_ == "conj" and pos.head.i != pos.i:
            pos = pos.head
        for _ in range(3):         # "a night of strikes", "in response to a barrage", "the aftermath of"
            if pos.dep_ == "pobj" and pos.head.dep_ == "prep" and pos.head.head.lemma_.lower() in lex.nominal_container_heads:
                pos = pos.head.head
                continue
            break
        dep = pos.dep_
        head = pos.head
        if dep in ("nsubj", "nsubjpass"):
            ok = True
        elif dep == "dobj":
            ok = head.lemma_.lower() in lex.report_verbs or (
                head.lemma_.lower() in lex.nominal_support_verbs and head.lemma_.lower() not in lex.topic_verbs)
        elif dep == "pobj":
            prep = head.lower_
            if prep == "by" or head.dep_ == "agent":
                ok = True
            else:
                ok = prep in lex.nominal_contexts and head.head.lemma_.lower() not in lex.irrealis_governors
        else:
            ok = False
        if not ok:
            return False
        if self._governed_irrealis(pos):
            return False
        # an anchor: who, how many, which, where or when
        anchored = any(c.dep_ in ("amod", "compound", "poss", "nummod", "quantmod", "det", "nmod", "prep")
                       for c in tok.children) or tok.tag_ in ("NN", "NNP")
        return anchored

    # -- arguments ----------------------------------------------------------------------------------
    def _agent_candidates(self, tok: Token, nominal: bool) -> list[Token]:
        """Tokens that may name who acted, best first."""
        if nominal:
            out = [c for c in tok.children if c.dep_ == "poss"]
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "by":
                    out.extend(p for p in c.children if p.dep_ == "pobj")
            out.extend(c for c in sorted(tok.children, key=lambda x: x.i)
                       if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i
                       and (c.ent_type_ in ACTOR_LABELS or c.pos_ in ("PROPN", "ADJ")))
            return out
        verb = tok
        for _ in range(4):
            if _is_passive(verb):
                for c in verb.children:
                    if c.dep_ == "agent":
                        return [p for p in c.children if p.dep_ == "pobj"]
                if verb.dep_ == "acl" and verb.head.head.lemma_ in HOLDERS:   # "Israel has troops massed"
                    return [c for c in verb.head.head.children if c.dep_ == "nsubj"]
                return []
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                if subj.lower_ in ("that", "which", "who") and verb.dep_ == "relcl":
                    return [verb.head]
                return [subj]
            if verb.dep_ == "acl" and verb.tag_ == "VBN":
                if verb.head.head.lemma_ in HOLDERS:
                    return [c for c in verb.head.head.children if c.dep_ == "nsubj"]
                return []
            aux = next((c for c in verb.children if c.dep_ == "aux" and c.i < verb.i), None)
            if aux is not None and aux.i > 0:     # a mis-parse: "revealing Washington had paused"
                before = verb.doc[aux.i - 1]
                if before.pos_ in ("PROPN", "NOUN", "PRON") and before.i >= self._sent_start:
                    return [before]
            if verb.dep_ == "ROOT" and verb.i > 0 and verb.doc[verb.i - 1].pos_ == "PROPN":
                return [verb.doc[verb.i - 1]]   # a mis-parse: "U.N. chief Ban Ki-moon condemned"
            if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
                verb = verb.head
                continue
            if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
                verb = verb.head.head        # "went back after holding talks"
                continue
            if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.pos_ in ("VERB", "AUX"):
                subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.lower_ not in PRONOUNS:
                    return [subj]
            return []
        return []

    def _recipient_token(self, cand: Candidate) -> Optional[Token]:
        tok = cand.trigger
        if cand.nominal:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "on", "against", "at"):
                    pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
            return None
        for c in tok.children:
            if c.dep_ in ("dobj", "dative") and (cand.arg is None or c.i != cand.arg.i):
                return c
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "with", "at", "upon", "to"):
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None and (cand.arg is None or pobj.i != cand.arg.i):
                    return pobj
        if cand.arg is not None:
            for c in cand.arg.children:
                if c.dep_ == "prep" and c.lower_ in ("with", "on", "against", "of"):
                    pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
        return None

    def _weapon_and_mode(self, cand: Candidate) -> None:
        lex = self.lex
        tok = cand.trigger
        scope = list(tok.children)
        if cand.arg is not None:
            scope.extend(cand.arg.subtree)
        for c in list(scope):
            if c.dep_ in ("nsubj", "nsubjpass", "compound", "amod", "pobj", "dobj", "prep"):
                scope.extend(c.children)
        scope.append(tok)
        for t in scope:
            w = t.lemma_.lower()
            if w in lex.weapons:
                cand.weapon = cand.weapon or w
                if cand.type == "ASSAULT" and cand.mode is None:
                    cand.mode = lex.weapons[w]
        if cand.type == "ASSAULT" and cand.mode in (None, "assassinate") and cand.nominal:
            for c in tok.children:       # "the killing of Hamas military leader Ahmed Jabari"
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.subtree:
                        if p.ent_type_ == "PERSON":
                            cand.mode = "targeted"
                            break

    def _date_of(self, cand: Candidate, ctx: _DocContext) -> None:
        sent = cand.sent
        best, best_d = None, None
        for span in ctx.dates:
            if span.start < sent.start or span.end > sent.end:
                continue
            f = span._.parley or {}
            if f.get("type") not in ("DATE", "TIME"):
                continue
            value = _event_value(f, span.text, ctx.reference)
            if value is None:
                continue
            d = _tree_distance(cand.trigger, span.root)
            if best_d is None or d < best_d:
                best, best_d = (value, span.text), d
        if best is not None:
            (value, precision), expression = best
            cand.date = {"value": value, "precision": precision, "expression": expression}
        elif ctx.reference is not None:
            cand.date = {"value": ctx.reference.isoformat(), "precision": "week", "expression": None}
            cand.date_fallback = True

    def _location_of(self, cand: Candidate, ctx: _DocContext, ents: list[Span], on: Optional[str]) -> None:
        """The nearest place in the clause: not the dateline, not the actor's or recipient's own name;
        for speech acts only a place the verb itself governs ("said in Cairo"); a country only when a
        locative preposition governs it ("into Egypt", "in Syria")."""
        stance = cand.type in self.lex.stance_types
        excluded = cand.actor_tokens | cand.recipient_tokens
        best, best_score = None, None
        for ent in ents:
            if ent.start_char < ctx.dateline_end:
                continue
            if any(i in excluded for i in range(ent.start, ent.end)):
                continue
            if ent.label_ == "ORG" and not any(t.lower_ in FACILITY_WORDS for t in ent):
                continue
            root = ent.root
            if root.dep_ in ("amod", "compound", "nmod", "npadvmod") and root.head.ent_type_ not in ("GPE", "LOC", "FAC") \
                    and root.head.lemma_.lower() not in PLACE_HEADS:
                continue             # "Gaza health ministry", "Qatar-based"
            prep = root.head if root.dep_ == "pobj" else None
            if stance and (prep is None or prep.head.i != cand.trigger.i or prep.lower_ not in ("in", "at")):
                continue
            near = prep is not None and prep.lower_ in NEAR_WORDS
            if not near and prep is not None and prep.lower_ == "of":
                near = prep.head.lemma_.lower() in NEAR_WORDS
            place = self._place(ent.text, near=near)
            if place is None:
                continue
            if place.get("precision") == 3 and (prep is None or prep.lower_ not in LOCATIVE_PREPS):
                if not (root.dep_ == "dobj" and root.head.i == cand.trigger.i):
                    continue         # "held by Israel", "Russia warned": a country named, not a place
            if place.get("precision") == 3 and cand.actor and self._canonical(ent.text, on) == cand.actor:
                continue
            score = _tree_distance(cand.trigger, root) + 0.6 * ((place.get("precision") or 1) - 1)
            if best_score is None or score < best_score:
                best, best_score = place, score
        cand.location = best

    # -- main -----------------------------------------------------------------------------------------
    def candidates(self, doc: Doc, ctx: _DocContext) -> list[Candidate]:
        out: list[Candidate] = []
        on = ctx.reference.isoformat() if ctx.reference else None
        last_subject: Optional[dict] = None
        self._actor_ents = [(e.start, e.label_, e.text) for e in doc.ents if e.label_ in ACTOR_LABELS]
        sents = list(doc.sents)
        starts = [sent.start for sent in sents]
        ents_by_sent: dict[int, list[Span]] = {}
        in_ent = set()
        for ent in doc.ents:
            in_ent.update(range(ent.start, ent.end))
            if ent.label_ in PLACE_LABELS:
                ents_by_sent.setdefault(starts[bisect_right(starts, ent.start) - 1], []).append(ent)
        for tok in doc:      # place names the NER missed: a proper noun governed by a locative word
            if tok.pos_ == "PROPN" and tok.i not in in_ent and tok.dep_ in ("pobj", "dobj") and (
                    tok.dep_ == "dobj" or tok.head.lower_ in LOCATIVE_PREPS):
                left = tok.i
                while left > 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].pos_ == "PROPN":
                    left -= 1
                span = Span(doc, left, tok.i + 1, label="GPE")
                ents_by_sent.setdefault(starts[bisect_right(starts, left) - 1], []).append(span)
        body_started = False
        for s_index, sent in enumerate(sents):
            self._sent_start = sent.start
            if self._skip_sentence(sent):
                continue
            first = not body_started
            body_started = True
            sent_cands: list[Candidate] = []
            for tok in sent:
                pos = tok.pos_
                cue = None
                nominal = False
                arg = None
                if pos == "VERB" or (pos == "AUX" and tok.lemma_ != "be"):
                    found = self._verb_cue(tok)
                    if found:
                        cue = found[:3]
                        arg = found[3]
                elif pos in ("NOUN", "PROPN"):
                    found = self._noun_cue(tok)
                    if found:
                        cue, nominal = found, True
                if cue is None or ctx.in_headline(tok.idx):
                    continue
                cand = self._build(tok, cue, nominal, arg, sent, s_index, first, ctx, on, last_subject)
                if cand is not None:
                    sent_cands.append(cand)
            sent_cands = self._drop_contents(sent_cands)
            for cand in sent_cands:
                self._finish(cand, ctx, ents_by_sent.get(sent.start, []), on)
            out.extend(sent_cands)
            subj = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in PRONOUNS:
                found, _ = self._actor_of(subj, on)
                if found:
                    last_subject = found
        return out

    def _inside_stance_content(self, tok: Token) -> bool:
        """Under what a speech act is about: "offering to ease the blockade by opening crossings"."""
        cur = tok
        for _ in range(6):
            head = cur.head
            if head.i == cur.i:
                return False
            if cur.dep_ in ("xcomp", "ccomp", "dobj", "pcomp", "pobj", "prep", "advcl", "acl"):
                if head.pos_ == "VERB" and head.i != tok.i:
                    reading = self.lex.verbs.get(head.lemma_.lower())
                    if reading and reading[0] in self.lex.stance_types and cur.dep_ != "advcl":
                        return True
                cur = head
                continue
            return False
        return False

    @staticmethod
    def _in_main_clause(tok: Token) -> bool:
        cur = tok
        for _ in range(8):
            if cur.dep_ == "ROOT" or cur.head.i == cur.i:
                return True
            if cur.dep_ in ("advcl", "relcl", "ccomp", "acl", "pcomp"):
                return False
            cur = cur.head
        return True

    def _drop_contents(self, cands: list[Candidate]) -> list[Candidate]:
        """A cue inside what a speech act is about is its content, not another happening:
        "accused Israel of attacking", "offering to ease the blockade by opening crossings"."""
        if len(cands) < 2:
            return cands
        content: set[int] = set()
        for c in cands:
            if c.type not in self.lex.stance_types or c.nominal:
                continue
            for child in c.trigger.children:
                if child.dep_ in ("dobj", "xcomp", "ccomp", "oprd") or (
                        child.dep_ == "prep" and child.lower_ in CONTENT_PREPS):
                    content.update(t.i for t in child.subtree)
        return [c for c in cands if c.trigger.i not in content]

    def _build(self, tok: Token, cue, nominal: bool, arg: Optional[Token], sent: Span, s_index: int,
               first: bool, ctx: _DocContext, on: Optional[str], last_subject: Optional[dict]) -> Optional[Candidate]:
        lex = self.lex
        etype, mode, bounds = cue
        doc = tok.doc
        start_char = doc[bounds[0]].idx
        end_char = doc[bounds[1] - 1].idx + len(doc[bounds[1] - 1])
        if ctx.in_quote(start_char, end_char):
            return None
        lemma = tok.lemma_.lower()
        stance = etype in lex.stance_types
        cand = Candidate(trigger=tok, type=etype, mode=mode, lemma=lemma, nominal=nominal, sent=sent,
                         sent_index=s_index, span=bounds, arg=arg)
        if nominal:
            if not self._nominal_is_happening(tok, range(sent.start, sent.end)):
                return None
            cand.definite = any((c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
                                or c.dep_ == "poss" for c in tok.children)
            verb = self._clause_verb(tok)
            if not cand.definite and verb.pos_ in ("VERB", "AUX") and self._modal(verb):
                return None                 # "an Israeli ground invasion could send casualties soaring"
            if verb.dep_ == "relcl" and self._perfect(verb, present_only=False):
                return None                 # "Hamas, which has killed hundreds in suicide attacks"
        else:
            verb = tok
            if not self._infinitive_ok(tok):
                return None
            if tok.tag_ == "VBG" and tok.dep_ in ("pcomp", "acl", "amod", "advcl", "xcomp") and self._governed_irrealis(tok):
                return None
            if tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.head.lemma_.lower() in lex.irrealis_governors:
                return None
            if tok.tag_ == "VBG" and tok.dep_ == "advcl" and any(c.dep_ == "mark" for c in tok.children):
                return None
            if tok.dep_ == "amod":
                return None                 # "the besieged territory"
            if _free_relative(tok):
                return None                 # "what it had previously agreed to"
            if tok.dep_ in ("acl", "ccomp") and tok.head.pos_ == "NOUN" and \
                    tok.head.lemma_.lower() in lex.irrealis_governors:
                return None                 # "guarantees that Gaza's borders will open"
            if lemma in lex.casualty_verbs and tok.tag_ == "VBN" and not any(
                    c.dep_ in ("aux", "auxpass", "agent") for c in tok.children):
                return None                 # "left 5,200 injured"
            if tok.dep_ == "relcl" and (stance or (self._perfect(tok) and any(
                    c.dep_ == "aux" and c.lower_ == "been" for c in tok.children))):
                return None
            if tok.dep_ == "relcl" and etype == "CONSULT" and self._perfect(tok, present_only=False):
                return None
            if stance and self._present_stance(tok, first):
                return None
            if stance and tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
                return None                 # "as Hamas has demanded"
            if self._inside_stance_content(tok):
                return None
            if stance and tok.tag_ == "VBN" and not self._perfect(tok, present_only=False) and not (
                    tok.dep_ in ("ROOT", "conj") and any(c.dep_ == "dobj" for c in tok.children)) and (
                    not any(c.dep_ == "agent" for c in tok.children)
                    or not any(c.dep_ in ("aux", "auxpass") for c in tok.children)):
                return None                 # "were opposed", "finds itself pressured by"
            if tok.dep_ in ("csubj", "csubjpass"):
                return None                 # "agreeing to stop ... could be risky"
            if tok.dep_ in NOMINAL_DEPS:
                return None                 # "the wounded", "saw the wounded"
            if tok.tag_ == "VBG" and tok.dep_ == "acl" and not any(c.dep_ == "aux" for c in tok.children):
                return None                 # "officials negotiating a cease-fire"
            if stance and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "acl") and tok.i < tok.head.i:
                return None                 # "Defying Israel's claims, the militants ..."
            if tok.dep_ == "relcl" and (self._perfect(tok, present_only=False) or any(
                    c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children)) and etype in ("CONSULT", "ASSAULT", "COERCE"):
                return None                 # "Egypt, which is mediating", "Hamas, which has killed ..."
            if etype == "ASSAULT" and self._perfect(tok) and self._running_total(tok):
                return None                 # "have so far fired more than 1,400 rockets"
            passive_no_agent = _is_passive(tok) and not any(c.dep_ == "agent" for c in tok.children)
            if lemma in lex.casualty_verbs:
                if passive_no_agent or (tok.dep_ == "acl" and tok.tag_ == "VBN"):
                    return None             # "15 people were injured", "the number of militants killed"
                if self._perfect(tok):
                    return None             # "Israel has killed more than 34,500": a running total
            if etype == "ASSAULT" and passive_no_agent and self._perfect(tok):
                return None                 # "800 rockets have been fired": a running total
            if lemma in ("target",) and self._perfect(tok):
                return None
            if arg is not None and arg.dep_ == "nsubj" and etype == "CONSULT" and tok.tag_ in ("VBZ", "VBP"):
                return None                 # "as talks continue"
        if self._under_condition(verb if not nominal else tok):
            return None
        # modality
        speech = self._speech_head(verb)
        if not nominal and self._present_speech(speech) and (stance or self._modal(verb)):
            return None
        modal = self._modal(verb) if (not nominal and verb.pos_ in ("VERB", "AUX")) else None
        negated = self._negated(verb, arg) if not nominal else False
        if modal == "obligation":
            return None
        if modal == "future" and negated and etype in COOPERATIVE_TYPES | {"AGREE"} and speech is not None:
            cand.type, cand.mode, cand.modality = "REJECT", ("meet" if etype == "CONSULT" else None), "reported"
        elif modal == "future":
            announced = speech is not None or lemma in lex.escalation
            if etype in FORCE_TYPES and announced:
                cand.mode = THREAT_MODE.get(etype)
                cand.type = "THREATEN"
                cand.modality = "hypothetical"
            elif etype in COOPERATIVE_TYPES and speech is not None:
                cand.type, cand.mode, cand.modality = "AGREE", None, "reported"
            elif etype in ("AGREE", "THREATEN", "REQUEST", "REJECT") and speech is not None:
                cand.modality = "reported"
            else:
                return None
        elif negated:
            if verb.tag_ in ("VB", "VBZ", "VBP") and any(c.lemma_ == "do" and c.tag_ in ("VBZ", "VBP")
                                                          for c in verb.children):
                return None                 # "does not meet with its officials": a habit, not a happening
            if etype == "AGREE" and not _is_passive(verb):
                cand.type, cand.mode = "REJECT", None
                cand.modality = "reported" if speech is not None else "asserted"
            else:
                cand.modality = "denied"
        elif speech is not None or any(t.lower_ == "according" for t in sent):
            cand.modality = "reported"
        # actor
        for agent in self._agent_candidates(tok, nominal):
            a_lemma = agent.lemma_.lower()
            if a_lemma in lex.generic_agents and agent.lower_ not in PRONOUNS:
                if lemma in lex.casualty_verbs:
                    return None             # "the conflict claimed", "fighting killed"
                continue
            if a_lemma in lex.nouns or agent.lower_ in lex.nouns:
                continue                    # "a strike ... killed seven": the strike is the event
            if agent.lower_ in PRONOUNS:
                if agent.lower_ in ("its", "their", "his", "her", "our") and not nominal:
                    continue
                if speech is not None:
                    speaker = next((c for c in speech.children if c.dep_ == "nsubj"), None)
                    if speaker is None and speech.dep_ in ("advcl", "conj", "xcomp"):
                        speaker = next((c for c in speech.head.children if c.dep_ == "nsubj"), None)
                    if speaker is None and speech.dep_ == "advcl" and speech.head.dep_ in ("advcl", "conj"):
                        speaker = next((c for c in speech.head.head.children if c.dep_ == "nsubj"), None)
                    cand.actor, cand.actor_tokens = self._actor_of(speaker, on)
                if cand.actor is None and not self._in_main_clause(agent):
                    root_subj = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
                    if root_subj is not None and root_subj.lower_ not in PRONOUNS:
                        cand.actor, _ = self._actor_of(root_subj, on)
                if cand.actor is None:
                    cand.actor = last_subject
                cand.actor_tokens = cand.actor_tokens | frozenset([agent.i])
                break
            found, ids = self._actor_of(agent, on)
            if found:
                cand.actor, cand.actor_tokens = found, ids
                break
            cand.actor_tokens = cand.actor_tokens | ids
        rec = self._recipient_token(cand)
        if rec is not None:
            recipient, ids = self._actor_of(rec, on)
            if recipient and (not cand.actor or recipient.get("name") != cand.actor.get("name")):
                cand.recipient, cand.recipient_tokens = recipient, ids
        return cand

    def _finish(self, cand: Candidate, ctx: _DocContext, ents: list[Span], on: Optional[str]) -> None:
        self._weapon_and_mode(cand)
        self._date_of(cand, ctx)
        self._location_of(cand, ctx, ents, on)

    # -- one event per happening ------------------------------------------------------------------------
    @staticmethod
    def _same_actor(a: Optional[dict], b: Optional[dict]) -> bool:
        return bool(a and b and a.get("name") == b.get("name"))

    @staticmethod
    def _compatible(a: Optional[dict], b: Optional[dict]) -> bool:
        return not a or not b or a.get("name") == b.get("name")

    @staticmethod
    def _absorb(into: Candidate, other: Candidate) -> None:
        for name in ("actor", "recipient", "location", "mode", "weapon"):
            if getattr(into, name) is None and getattr(other, name) is not None:
                setattr(into, name, getattr(other, name))
        if (into.date is None or into.date_fallback) and other.date is not None and not other.date_fallback:
            into.date, into.date_fallback = other.date, False
        if other.sent_index != into.sent_index:
            bounds = other.evidence
            if bounds not in into.extra:
                into.extra.append(bounds)
            for b in other.extra:
                if b not in into.extra and b != into.evidence:
                    into.extra.append(b)

    def merge(self, cands: list[Candidate]) -> list[Candidate]:
        """One event per happening: same type in one sentence with compatible actors; a later definite
        mention ("the walkout", "Israel's seizure") of an earlier event; a repeat with the same cue
        word, actor (or place), date and mode."""
        events: list[Candidate] = []
        for cand in cands:
            target = None
            for ev in reversed(events):
                if ev.type != cand.type:
                    continue
                if ev.sent_index == cand.sent_index:
                    if self._compatible(ev.actor, cand.actor) and _dates_compatible(ev, cand):
                        target = ev
                        break
                    continue
                if not _dates_compatible(ev, cand):
                    continue
                if cand.nominal and cand.definite:
                    if self._compatible(ev.actor, cand.actor) and _places_compatible(ev.location, cand.location):
                        target = ev
                        break
                    continue
                if not cand.nominal and ev.lemma == cand.lemma and _dates_equal(ev, cand) and (ev.mode == cand.mode or not cand.mode) and (
                        self._same_actor(ev.actor, cand.actor) or (
                            ev.actor is None and cand.actor is None and ev.location and cand.location
                            and ev.location.get("name") == cand.location.get("name"))):
                    target = ev
                    break
            if target is None:
                events.append(cand)
            else:
                self._absorb(target, cand)
        return events

    def implicit_actors(self, events: list[Candidate]) -> None:
        for n, ev in enumerate(events):
            if ev.actor is not None or ev.type not in FORCE_TYPES or ev.actor_tokens:
                continue                     # "gunmen opened fire": named, if not known
            for prev in reversed(events[:n]):
                if ev.sent_index - prev.sent_index > self.max_context:
                    break
                if prev.type != ev.type or prev.actor is None:
                    continue
                if ev.weapon and prev.weapon != ev.weapon:
                    continue                 # "a rocket attack" is not the airstrikes' actor's
                if ev.mode and prev.mode != ev.mode:
                    continue                 # "a bus bombing" after "Israeli strikes"
                ev.actor = prev.actor
                break

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP") or not doc.has_annotation("SENT_START"):
            doc.spans[KEY] = []
            return doc
        ctx = _DocContext(doc)
        events = self.merge(self.candidates(doc, ctx))
        self.implicit_actors(events)
        spans = []
        for ev in events:
            span = Span(doc, ev.span[0], ev.span[1], label="EVENT")
            start, end = ev.evidence
            span._.parley = {
                "type": ev.type, "mode": ev.mode, "actor": ev.actor, "recipient": ev.recipient,
                "location": ev.location, "date": ev.date, "modality": ev.modality,
                "evidence": [start, end], "extra_evidence": [list(b) for b in ev.extra],
            }
            spans.append(span)
        doc.spans[KEY] = spans
        return doc


# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------

def _free_relative(tok: Token) -> bool:
    """A verb of a free relative clause: "what it had agreed to" is a thing, not a happening."""
    for c in tok.children:
        if c.lower_ == "what" and c.dep_ in ("dobj", "nsubj", "nsubjpass"):
            return True
        if c.dep_ == "prep" and any(p.lower_ == "what" for p in c.children):
            return True
    return False


def _tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    if a.i == b.i:
        return 0
    up_a = {a.i: 0}
    cur, d = a, 0
    while cur.head.i != cur.i:
        cur, d = cur.head, d + 1
        up_a[cur.i] = d
    cur, d = b, 0
    while True:
        if cur.i in up_a:
            return d + up_a[cur.i]
        if cur.head.i == cur.i:
            return 50
        cur, d = cur.head, d + 1


def _places_compatible(a: Optional[dict], b: Optional[dict]) -> bool:
    """Same place, or within about 15 km of each other (a town and its crossing), or a region."""
    if not a or not b:
        return True
    if a.get("name") == b.get("name") or a.get("precision", 1) == 3 or b.get("precision", 1) == 3:
        return True
    try:
        return abs(a["lat"] - b["lat"]) < 0.15 and abs(a["lon"] - b["lon"]) < 0.15
    except (KeyError, TypeError):
        return True


def _dates_compatible(a: Candidate, b: Candidate) -> bool:
    """No two different dates: stated dates agree (one may be coarser), and a sentence with no date
    (taken as the days around publication) is not about an event dated weeks before."""
    if not a.date or not b.date:
        return True
    va, vb = a.date.get("value") or "", b.date.get("value") or ""
    if a.date_fallback and b.date_fallback:
        return True
    if a.date_fallback or b.date_fallback:
        ref, stated = (va, vb) if a.date_fallback else (vb, va)
        if len(stated) == 10:
            try:
                return abs((date.fromisoformat(stated) - date.fromisoformat(ref[:10])).days) <= 7
            except ValueError:
                return True
        return ref.startswith(stated)
    return va.startswith(vb) or vb.startswith(va)


def _dates_equal(a: Candidate, b: Candidate) -> bool:
    """The same stated date (a sentence with no date of its own matches nothing)."""
    if a.date_fallback or b.date_fallback or not a.date or not b.date:
        return False
    return a.date.get("value") == b.date.get("value")


_AGO_RE = re.compile(r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(day|week|month|year)s?\s+ago\b",
                     re.I)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}


def _event_value(fields: dict, text: str, reference: Optional[date]) -> Optional[tuple[str, str]]:
    """(ISO value, precision) of a time expression for an event date; None if it names no date."""
    value = fields.get("value")
    if not value:
        return None
    value = str(value)
    if value.endswith("_REF"):
        return None                       # "current", "previously", "now": no date of their own
    m = _AGO_RE.search(text)
    if m and reference is not None:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS.get(m.group(1).lower(), 1)
        unit = m.group(2).lower()
        if unit in ("day", "week"):
            days = n * (7 if unit == "week" else 1)
            return (reference - timedelta(days=days)).isoformat(), ("day" if unit == "day" else "week")
    if re.fullmatch(r"\d{4}-W\d{2}", value):
        year, week = int(value[:4]), int(value[6:8])
        try:
            middle = date.fromisocalendar(year, week, 3)
        except ValueError:
            return None
        return middle.isoformat(), "week"
    if "X" in value or not value[:4].isdigit():
        return None
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10], "day"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value, "month"
    if re.fullmatch(r"\d{4}", value):
        return value, "year"
    if re.fullmatch(r"\d{4}-(SP|SU|FA|WI|Q\d|H\d)", value):
        return value[:4], "year"
    return None


@Language.factory("parley_events", requires=["token.dep", "token.lemma", "doc.ents", "doc.sents"],
                  assigns=["doc.spans"],
                  default_config={"lexicon": None, "resolve_places": True, "max_context_sentences": 6})
def make(nlp: Language, name: str, lexicon: Optional[str], resolve_places: bool,
         max_context_sentences: int) -> EventsComponent:
    return EventsComponent(nlp, lexicon, resolve_places=resolve_places, max_context_sentences=max_context_sentences)
