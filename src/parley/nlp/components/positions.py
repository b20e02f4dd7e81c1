"""parley_positions: what each party to the talks demands, offers, proposes, accepts, rejects or sets
as a condition, on the issue vocabulary.

Rules (documented in docs/positions.md); the words are data (``data/stances.yaml`` for the stance
cues, ``data/issues.yaml`` for the issue vocabulary), the structure comes from the dependency parse:

1. A *cue* is a stance verb ("seek", "agree", "stand firm against"), a stance adjective ("ready to"),
   a stance noun with a named owner ("Hamas' demand for"), a plan as subject of a content verb
   ("the proposal calls for"), "far from" (a proposal called far from one's demands), or "until"
   under a verb of continuing ("the operation will continue until ...").
2. The *party* is the cue's subject (through conjoined verbs and to-infinitives), a noun's owner, or
   a plan's owner; pronouns resolve to the subject of the clause above them, "we" inside a quote to
   the speaker's side. Names become sides through ``parley.actors`` when it knows them.
3. The *scope* is the stretch of the sentence the cue governs, without clauses that start something
   else (another subject's clause, "while ...", "after ...", "which X says ...").
4. The scope is cut into coordinated parts ("a complete withdrawal, the return of displaced people and
   a prisoner exchange"); each part naming an issue is one position, its detail in the article's words.
5. A negated cue takes its ``negated`` stance ("had not agreed to" -> reject) or states nothing
   ("does not require Hamas to give up its weapons"); "will not agree ... without X" makes X a
   condition. An "only if" / "unless" clause becomes the position's ``condition``.
6. Under a verb of saying whose speaker is on another side, the position is ``reported_by`` that
   speaker ("Palestinian delegates say that Israel has agreed to ...").

Only sentences with a cue word are examined, so the cost per document stays small.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ...errors import ConfigError
from ..extensions import SPAN_KEYS

KEY = SPAN_KEYS["positions"]
DATA = Path(__file__).resolve().parents[2] / "data"
DEFAULT_ISSUES = DATA / "issues.yaml"
DEFAULT_STANCES = DATA / "stances.yaml"
STANCES = ("demand", "offer", "proposal", "accept", "reject", "condition")

_FALLBACK_WINDOW = 20  # tokens back from a cue where the issue of 'a text', 'such decisions' may be named
_HYPHENS = {"-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014"}
_QUOTE_RE = re.compile(r"\u201c[^\u201d]*(?:\u201d|$)|\"[^\"\n]*(?:\"|$)", re.M)
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_PRONOUNS_1ST = {"we", "us", "our", "i", "me", "my", "ours"}
_PRONOUNS_3RD = {"it", "its", "they", "them", "their", "he", "his", "him", "she", "her"}
_WH = {"what", "which", "that", "whatever", "who", "this", "these", "those", "it", "them"}
# Clauses inside a scope that are about something else (after, while, because, ...).
_ASIDE_MARKS = {"after", "before", "when", "while", "whereas", "because", "since", "although", "though",
                "once", "whenever", "if", "as", "whether", "despite"}
_COND_MARKS = {"unless", "if", "provided", "providing", "until"}
# Prepositions that do not head the content of a position ("during the talks on disarming").
_FRAME_PREPS = {"during", "in", "at", "after", "before", "since", "amid", "despite", "on", "over",
                "through", "throughout", "by", "within", "into", "under", "among"}
# Verbs that may govern a stance cue in a to-infinitive and keep their subject as the party.
_XCOMP_OK = {"decide", "vow", "continue", "try", "plan", "intend", "hope", "seem", "appear", "begin",
             "start", "move", "threaten", "prepare", "choose", "want", "seek", "agree", "offer", "refuse",
             "promise", "pledge", "be", "have"}
# Nouns that are never parties.
_NOT_PARTIES = {"side", "sides", "party", "parties", "both", "analyst", "analysts", "critic", "critics",
                "correspondent", "reporter", "reporters", "expert", "experts", "observer", "observers",
                "people", "one", "some", "others", "many", "all", "source", "sources", "report", "reports",
                "media", "newspaper", "agency", "witness", "witnesses", "resident", "residents"}


# --------------------------------------------------------------------------------------------------
# The vocabulary
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Word:
    alts: frozenset
    prefixes: tuple = ()
    optional: bool = False
    gap: bool = False

    def hit(self, keys: tuple[str, str]) -> bool:
        if self.gap:
            return True
        return any(k in self.alts or any(k.startswith(p) for p in self.prefixes) for k in keys)


def _compile(phrase: str) -> tuple[_Word, ...]:
    words = []
    for raw in re.sub(r"[-\u2010-\u2014]", " ", str(phrase).lower()).split():
        if raw == "~":
            words.append(_Word(frozenset(), gap=True, optional=True))
            continue
        optional = raw.endswith("?")
        raw = raw.rstrip("?")
        alts, prefixes = set(), []
        for alt in raw.split("|"):
            if alt.endswith("*"):
                prefixes.append(alt[:-1])
            elif alt:
                alts.add(alt)
        words.append(_Word(frozenset(alts), tuple(prefixes), optional))
    return tuple(words)


@dataclass(frozen=True)
class Mention:
    """An issue named in the text: token indices [start, end) into the Doc."""

    start: int
    end: int
    issue: str

    @property
    def specific(self) -> bool:
        return self.issue != "other"


class IssueMatcher:
    """Matches the cue phrases of ``issues.yaml`` on token lower-case forms and lemmas."""

    def __init__(self, issues: dict[str, list[str]], ignore: Iterable[str] = ()):
        self.issues = tuple(issues)
        self.by_first: dict[str, list] = {}
        self.by_prefix: dict[str, list] = {}  # patterns whose first word is a prefix, by its first 3 letters
        entries = [(name, p) for name, phrases in issues.items() for p in phrases]
        entries += [("", p) for p in ignore]
        for order, (name, phrase) in enumerate(entries):
            words = _compile(phrase)
            if not words:
                continue
            # Patterns starting with optional words are indexed under every possible first word.
            starts = []
            for k, w in enumerate(words):
                starts.append(k)
                if not w.optional:
                    break
            for k in starts:
                pattern = (name, words[k:], order)
                first = words[k]
                for alt in first.alts:
                    self.by_first.setdefault(alt, []).append(pattern)
                for pre in first.prefixes:
                    self.by_prefix.setdefault(pre[:3], []).append(pattern)

    @staticmethod
    def _keys(token: Token) -> tuple[str, str]:
        return (token.lower_, token.lemma_.lower())

    def _match(self, words, seq, pos) -> int:
        """Length (in seq items) of the longest match of ``words`` at ``pos``; -1 when none."""
        if not words:
            return 0
        w = words[0]
        best = -1
        if w.gap:
            for skip in range(0, 5):
                if pos + skip > len(seq):
                    break
                rest = self._match(words[1:], seq, pos + skip)
                if rest >= 0:
                    best = max(best, skip + rest)
            return best
        if pos < len(seq) and w.hit(seq[pos][1]):
            rest = self._match(words[1:], seq, pos + 1)
            if rest >= 0:
                best = 1 + rest
        if w.optional:
            best = max(best, self._match(words[1:], seq, pos))
        return best

    def find(self, tokens: Iterable[Token]) -> list[Mention]:
        seq = [(t, self._keys(t)) for t in tokens if t.text not in _HYPHENS]
        out: list[Mention] = []
        pos = 0
        while pos < len(seq):
            keys = seq[pos][1]
            candidates = [p for k in set(keys) for p in self.by_first.get(k, ())]
            for k in set(keys):
                candidates += [p for p in self.by_prefix.get(k[:3], ())
                               if any(k.startswith(pre) for pre in p[1][0].prefixes)]
            best = None
            for name, words, order in candidates:
                n = self._match(words, seq, pos)
                if n > 0 and (best is None or n > best[0] or (n == best[0] and order < best[2])):
                    best = (n, name, order)
            if best is None:
                pos += 1
                continue
            n, name = best[0], best[1]
            if name:
                first, last = seq[pos][0], seq[pos + n - 1][0]
                out.append(Mention(first.i, last.i + 1, name))
            pos += n
        return out


@dataclass(frozen=True)
class Vocabulary:
    """Stance cues and the issue vocabulary, from the data files (and a user's files over them)."""

    issues: dict
    issue_about: dict
    ignore: tuple
    verbs: dict
    adjectives: dict
    nouns: dict
    noun_needs: dict
    noun_object: dict
    modal_demand: frozenset
    content_verbs: frozenset
    content_preps: frozenset
    carrier_verbs: frozenset
    deal_nouns: frozenset
    reject_phrases: tuple
    condition_marks: tuple
    until_verbs: frozenset
    speech_verbs: frozenset
    coordinators: tuple


def _word(value) -> str:
    """A word from YAML, where a bare on/off/yes/no arrives as a boolean."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value).lower()


def _read_yaml(path: Path, what: str) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"{path}: cannot read the {what} ({err})") from err
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the {what} must be a mapping")
    return data


@lru_cache(maxsize=8)
def load_vocabulary(issues_path: str | None = None, stances_path: str | None = None) -> Vocabulary:
    """The packaged vocabulary, with the user's issue and stance files (if given) merged over it."""
    issues_data = _read_yaml(DEFAULT_ISSUES, "issue vocabulary")
    issues = {name: list((entry or {}).get("cues") or []) for name, entry in issues_data["issues"].items()}
    about = {name: (entry or {}).get("about", "") for name, entry in issues_data["issues"].items()}
    ignore = list(issues_data.get("ignore") or [])
    if issues_path:
        user = _read_yaml(Path(issues_path), "issue vocabulary")
        for name, entry in (user.get("issues") or {}).items():
            if not re.fullmatch(r"[a-z][a-z0-9_]*", str(name)):
                raise ConfigError(f"{issues_path}: issue names are lower_case words, not {name!r}")
            issues.setdefault(name, []).extend((entry or {}).get("cues") or [])
            about.setdefault(name, (entry or {}).get("about", ""))
        ignore += list(user.get("ignore") or [])
    if "other" in issues:  # `other` is matched last among equals: keep it at the end
        issues["other"] = issues.pop("other")

    st = _read_yaml(DEFAULT_STANCES, "stance cues")
    if stances_path:
        user = _read_yaml(Path(stances_path), "stance cues")
        for section, value in user.items():
            if isinstance(value, dict) and isinstance(st.get(section), dict):
                st[section] = {**st[section], **value}
            elif isinstance(value, list) and isinstance(st.get(section), list):
                st[section] = list(st[section]) + list(value)
            else:
                st[section] = value

    def check(stance, where):
        if stance is not None and stance not in STANCES:
            raise ConfigError(f"stance cues: {where}: unknown stance {stance!r} (one of {', '.join(STANCES)})")
        return stance

    verbs = {}
    for lemma, spec in (st.get("verbs") or {}).items():
        spec = spec if isinstance(spec, dict) else {"stance": spec}
        verbs[str(lemma)] = {"stance": check(spec.get("stance"), lemma), "negated": check(spec.get("negated"), lemma),
                             "xcomp": check(spec.get("xcomp"), lemma), "needs": tuple(_word(w) for w in spec.get("needs") or ()),
                             "object": spec.get("object"), "only": tuple(_word(w) for w in spec.get("only") or ())}
    adjectives = {}
    for lemma, spec in (st.get("adjectives") or {}).items():
        spec = spec if isinstance(spec, dict) else {"stance": spec}
        adjectives[str(lemma)] = {"stance": check(spec.get("stance"), lemma),
                                  "negated": check(spec.get("negated"), lemma)}
    nouns, noun_needs, noun_object = {}, {}, {}
    for word, spec in (st.get("nouns") or {}).items():
        spec = spec if isinstance(spec, dict) else {"stance": spec}
        nouns[str(word)] = check(spec.get("stance"), word)
        if spec.get("object"):
            noun_object[str(word)] = spec["object"]
        if spec.get("needs"):
            noun_needs[str(word)] = tuple(_word(w) for w in spec["needs"])
    words = lambda key: frozenset(str(w).lower() for w in st.get(key) or ())
    return Vocabulary(
        issues=issues, issue_about=about, ignore=tuple(ignore), verbs=verbs, adjectives=adjectives, nouns=nouns,
        noun_needs=noun_needs, noun_object=noun_object, modal_demand=words("modal_demand"),
        content_verbs=words("content_verbs"), content_preps=words("content_preps"),
        carrier_verbs=words("carrier_verbs"), deal_nouns=words("deal_nouns"),
        reject_phrases=tuple(str(p).lower().split() for p in st.get("reject_phrases") or ()),
        condition_marks=tuple(str(p).lower().split() for p in st.get("condition_marks") or ()),
        until_verbs=words("until_verbs"), speech_verbs=words("speech_verbs"),
        coordinators=tuple(str(p).lower().split() for p in st.get("coordinators") or ()))


@lru_cache(maxsize=8)
def issue_matcher(issues_path: str | None = None, stances_path: str | None = None) -> IssueMatcher:
    v = load_vocabulary(issues_path, stances_path)
    return IssueMatcher(v.issues, v.ignore)


# --------------------------------------------------------------------------------------------------
# Parties: names to sides through parley.actors, with a plain fallback while it is absent
# --------------------------------------------------------------------------------------------------

def _actors_module():
    try:
        from ... import actors  # noqa: PLC0415  (written alongside; optional at import time)
    except Exception:  # ImportError, or a half-written module: fall back to the names themselves
        return None
    return actors


_ACTORS = _actors_module()


@lru_cache(maxsize=4096)
def actor_of(text: str, on: Optional[str] = None) -> tuple[Optional[str], Optional[str]]:
    """(side, sector) of the actor ``text`` names, through ``parley.actors``; (None, None) when unknown."""
    if not text or _ACTORS is None:
        return None, None
    try:
        found = _ACTORS.canonical_actor(text, on=on)
    except Exception:  # a name the actors index cannot read must not stop the document
        return None, None
    if not found:
        return None, None
    return found.get("side") or found.get("name"), found.get("sector")


def side_of(text: str, on: Optional[str] = None) -> Optional[str]:
    """The side ``text`` speaks for, or None when unknown or when it names a news outlet."""
    side, sector = actor_of(text, on)
    return side if sector != "MED" else None


_DEMONYM_END = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


def _clean_name(text: str) -> str:
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)
    return _DEMONYM_END.sub("", text).strip(" ,\"'\u201c\u201d")


# --------------------------------------------------------------------------------------------------
# The component
# --------------------------------------------------------------------------------------------------

@dataclass
class _Frame:
    cue: Token
    stance: str
    party: str
    party_words: str
    scope: list  # token indices, in order
    negated: bool = False
    condition: Optional[str] = None
    reported_by: Optional[str] = None
    fallback_ok: bool = False  # may take the issue named elsewhere in the sentence
    deal: bool = False  # the object is the deal itself (default issue applies)
    detail: Optional[list] = None  # the words of the position when the scope does not give them


@dataclass
class _DocState:
    doc: Doc
    reference: Optional[str]
    quotes: list = field(default_factory=list)  # (start_char, end_char, party or None, name)
    proposals: list = field(default_factory=list)  # (sentence index, party)
    party_cache: dict = field(default_factory=dict)
    default_issue: Optional[str] = None
    sent_index: dict = field(default_factory=dict)
    span_count: int = 0  # positions written so far (their span ids)
    regions: Optional[list] = None  # character ranges inside quotation marks
    _ents: Optional[list] = None
    _text: Optional[str] = None

    def ents(self) -> list:
        """doc.ents, built once (spaCy builds the spans anew on every access)."""
        if self._ents is None:
            self._ents = list(self.doc.ents)
        return self._ents

    def text(self) -> str:
        if self._text is None:
            self._text = self.doc.text
        return self._text


class PositionsComponent:
    def __init__(self, nlp: Language, issues_path: str | None = None, stances_path: str | None = None,
                 default_issue: str | None = None):
        self.vocab = load_vocabulary(issues_path, stances_path)
        self.matcher = issue_matcher(issues_path, stances_path)
        if default_issue is not None and default_issue not in self.vocab.issues:
            raise ConfigError(f"parley_positions: default_issue {default_issue!r} is not in the issue vocabulary")
        self.default_issue = default_issue
        v = self.vocab
        self.cue_lemmas = (set(v.verbs) | set(v.adjectives) | set(v.nouns) | {p[0] for p in v.reject_phrases}
                           | set(v.content_verbs) | set(v.carrier_verbs) | set(v.modal_demand) | {"until"}
                           | set(v.content_preps))
        self.cond_words = {w for words in v.condition_marks for w in words if w not in ("only", "as", "on", "that")}
        self.cue_lemmas |= self.cond_words
        self.deal_words = set(v.deal_nouns) | set(v.nouns)
        self.bare_cues = set(v.verbs) | set(v.adjectives) | set(v.modal_demand) | {"until"} | self.cond_words

    # -- entry point ---------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        state = _DocState(doc=doc, reference=doc._.parley_reference)
        state.quotes = self._quotes(doc)
        spans: list[Span] = []
        seen = set()
        if not doc.has_annotation("DEP"):
            doc.spans[KEY] = spans
            return doc
        for n, sent in enumerate(doc.sents):
            state.sent_index[sent.start] = n
            cues = [t for t in sent if (t.lemma_.lower() in self.cue_lemmas or t.lower_ in self.cue_lemmas)]
            if not cues:
                continue
            # "make", "include", "put" are cues only beside a deal or a stance noun
            nouny = any(t.lemma_.lower() in self.deal_words or t.lower_ in self.deal_words for t in sent)
            if not nouny:
                cues = [t for t in cues if t.lemma_.lower() in self.bare_cues or t.lower_ in self.bare_cues]
                if not cues:
                    continue
            mentions = self.matcher.find(sent)
            if not mentions and not nouny:
                continue  # nothing named, and no deal whose issue could be the talks' own
            frames = []
            for cue in cues:
                frames.extend(self._frames(cue, sent, state))
            for frame in frames:
                for span in self._positions(frame, sent, mentions, state):
                    f = span._.parley
                    key = (f["party"], f["stance"], f["issue"], sent.start)
                    if key in seen:
                        continue
                    seen.add(key)
                    spans.append(span)
        doc.spans[KEY] = spans
        return doc

    # -- cues ----------------------------------------------------------------------------------------
    def _frames(self, cue: Token, sent: Span, st: _DocState) -> list[_Frame]:
        v = self.vocab
        lemma, lower = cue.lemma_.lower(), cue.lower_
        out: list[_Frame] = []
        if self._ignored(cue):
            return out
        if lower in v.modal_demand and cue.dep_ == "aux":
            f = self._modal_frame(cue, sent, st)
            return [f] if f else []
        if lower in v.content_preps and cue.dep_ == "prep":
            f = self._under_frame(cue, sent, st)
            return [f] if f else []
        if lower in self.cond_words and cue.dep_ == "mark":
            f = self._conditional_frame(cue, sent, st)
            return [f] if f else []
        if lower == "until" or lemma == "until":
            f = self._until_frame(cue, sent, st)
            return [f] if f else []
        if any(self._phrase_at(cue, words) for words in v.reject_phrases):
            f = self._far_from_frame(cue, sent, st)
            return [f] if f else []
        if cue.pos_ in ("VERB", "AUX") and (lemma in v.verbs or lemma in v.content_verbs or lemma in v.carrier_verbs):
            return self._verb_frame(cue, sent, st)
        if cue.pos_ == "ADJ" and (lemma in v.adjectives or lower in v.adjectives):
            f = self._adjective_frame(cue, sent, st)
            return [f] if f else []
        if cue.pos_ in ("NOUN", "PROPN") and (lemma in v.nouns or lower in v.nouns):
            f = self._noun_frame(cue, sent, st)
            return [f] if f else []
        return out

    def _ignored(self, t: Token) -> bool:
        # "spoke on condition of anonymity": not a condition of the talks
        if t.lemma_.lower() == "condition":
            nxt = t.doc[t.i + 1: t.i + 3]
            if len(nxt) == 2 and nxt[0].lower_ == "of" and nxt[1].lower_.startswith("anonym"):
                return True
        return False

    def _phrase_at(self, t: Token, words: list[str]) -> bool:
        """``words`` start at ``t`` (quotation marks in between do not count: 'far" from')."""
        toks = [x for x in t.doc[t.i: t.i + 2 * len(words)] if not x.is_quote][:len(words)]
        return len(toks) == len(words) and all(x.lower_ == w for x, w in zip(toks, words))

    # verbs ----------------------------------------------------------------------------------------
    def _verb_frame(self, cue: Token, sent: Span, st: _DocState) -> list[_Frame]:
        v = self.vocab
        lemma = cue.lemma_.lower()
        spec = v.verbs.get(lemma) or {"stance": None, "negated": None, "xcomp": None, "needs": (), "object": None,
                                      "only": ()}
        if spec["needs"] and not self._needs(cue, spec["needs"]):
            return []
        if cue.dep_ == "amod":
            return []  # "an agreed premise"
        if cue.dep_ == "acl" and cue.tag_ == "VBN" and not self._aux(cue) and not (
                lemma in v.content_verbs and cue.head.lemma_.lower() in v.deal_nouns):
            return []  # "the proposal submitted by ...": its noun speaks
        if cue.dep_ == "xcomp" and cue.head.pos_ == "VERB":
            head = cue.head.lemma_.lower()
            if head not in _XCOMP_OK:
                return []  # "pressured to accept": the pressure is not Hamas' position
            if head in v.verbs and head != lemma:
                return []  # "refused to accept": the governing cue speaks
            if any(c.dep_ == "dobj" for c in cue.head.children):
                return []  # "force the government to accept": not the government's own position
        if any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in cue.children):
            return []  # "if Israel agrees to any compromise": hypothetical
        negated = self._negated(cue)
        xcomp = next((c for c in cue.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
        stance = spec["xcomp"] if (xcomp is not None and spec["xcomp"]) else spec["stance"]
        # "... as Hamas has demanded": the demand is the phrase the clause hangs on
        as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
        scope = self._verb_scope(cue, sent)
        if cue.dep_ == "acl" and cue.head.lemma_.lower() in v.deal_nouns:
            # "the proposal involved X, Y and Z": the parse often hangs Y and Z on the noun
            scope += [i for i in range(cue.right_edge.i + 1, min(cue.head.right_edge.i + 1, sent.end))]
        obj = self._object_head(cue)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children)
        if passive and cue.lower_ in v.adjectives and not any(c.dep_ == "agent" for c in cue.children):
            # "Ghani had been opposed to the deal": the parse reads an adjective as a passive
            return [f for f in [self._adjective_frame(cue, sent, st)] if f]
        if passive:
            agent = next((c for c in cue.children if c.dep_ == "agent"), None)
            subj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
            if agent is None or subj is None:
                return []
            party_tok = next((c for c in agent.children if c.dep_ == "pobj"), None)
            scope = [t.i for t in subj.subtree if not self._in_relcl(t, subj)]
            obj = subj
        else:
            party_tok = self._subject(cue)
        if as_clause and not self._has_object(cue):
            scope = self._as_scope(cue)
        if spec.get("only"):
            # "conditioned any truce on the release of the hostages": only what follows 'on'
            prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in spec["only"]), None)
            if prep is None:
                return []
            scope = [t.i for t in prep.subtree if t.i != prep.i]
        if party_tok is None:
            return []
        if spec.get("object") == "deal" and (obj is None or obj.lemma_.lower() not in v.deal_nouns):
            return []  # "welcomed home the exiles" is not a position; "welcomed the deal" is
        parties: list[tuple[str, str]] = []
        # A plan as subject states its content: "the proposal calls for ...", "Israel's demands include ..."
        if party_tok.lemma_.lower() in v.deal_nouns | set(v.nouns) and party_tok.pos_ == "NOUN":
            if lemma not in v.content_verbs:
                return []
            stance = v.nouns.get(party_tok.lower_) or v.nouns.get(party_tok.lemma_.lower()) or "proposal"
            party, how = self._owner(party_tok, st, speaker_fallback=True)
            words = party
            if party and how == "speaker" and any(c.lower_ in ("must", "should") for c in cue.children):
                stance = "demand"  # "Hamas says any peace deal must include the lifting of a blockade"
            parties = [(party, words)]
        elif lemma in v.carrier_verbs and lemma not in v.verbs:
            # "submitted a final proposal": the noun carries the stance
            if obj is not None and obj.lemma_.lower() in ("list", "set", "package", "series", "number"):
                of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                obj = next((g for g in of.children if g.dep_ == "pobj"), obj) if of is not None else obj
            noun_stance = obj is not None and obj.dep_ in ("dobj", "pobj") and (
                v.nouns.get(obj.lower_) or v.nouns.get(obj.lemma_.lower()))
            if not noun_stance:
                return []
            stance = noun_stance
            parties = self._parties(party_tok, st)
            for p, _ in parties[:1]:
                if p:  # "the delegation presented a list of demands" ... "the demands include"
                    st.proposals.append((st.sent_index.get(sent.start, 0), p))
        elif spec["stance"] is None:
            return []
        else:
            parties = self._parties(party_tok, st)
        parties = [(p, w) for p, w in parties if p]
        if not parties and cue.dep_ == "conj" and cue.head.dep_ == "ccomp" and not passive:
            # "Putin said all parties had agreed ... and called for restraint": the parse hangs the
            # second verb on the reported clause; its subject is the speaker's
            alt = self._subject(cue.head.head)
            parties = [(p, w) for p, w in (self._parties(alt, st) if alt is not None else []) if p]
        if not parties:
            return []
        condition = self._condition(cue)
        only = None
        if negated:
            only = self._without(scope, cue)
            if only:
                stance = "condition"
            elif not spec["negated"]:
                return []
            else:
                stance = spec["negated"]
        if stance == "reject" and condition and condition.lower().startswith("unless"):
            # "refused to resume the talks unless a cessation of hostilities takes hold"
            only = self._condition_tokens(cue)
            stance, condition = "condition", None
        frames = []
        for party, words in parties:
            own_voice = party_tok.lower_ in _PRONOUNS_1ST  # "we want ...": the speaker's own position
            frame = _Frame(cue, stance, party, words, only or scope, negated=negated, condition=condition,
                           reported_by=None if own_voice else self._reported_by(cue, party, st))
            frame.fallback_ok = not only and obj is not None and self._anaphoric(obj, scope)
            frame.deal = not only and obj is not None and obj.lemma_.lower() in v.deal_nouns
            frames.append(frame)
        return frames

    def _anaphoric(self, obj: Token, scope: list[int]) -> bool:
        """The object names the deal or points back ('a text', 'such decisions'): the sentence may say what."""
        if obj.lower_ in _WH or obj.pos_ == "PRON":
            return False
        inside = set(scope)
        words = [t for t in obj.subtree if t.i in inside or t.i == obj.i][:8]
        return any(t.lemma_.lower() in self.vocab.deal_nouns or t.lower_ in ("such", "these", "those")
                   for t in words)

    def _parties(self, tok: Token, st: _DocState) -> list[tuple[Optional[str], Optional[str]]]:
        """The party of a subject, and of each subject coordinated with it ('Kerry and Lavrov')."""
        out = [] if _denied(tok) else [self._party(tok, st)]
        for c in tok.conjuncts:
            if c.i > tok.i and not _denied(c):
                out.append(self._party(c, st))
        seen, uniq = set(), []
        for p, w in out:
            if p and p not in seen:
                seen.add(p)
                uniq.append((p, w))
        return uniq

    def _condition_tokens(self, cue: Token) -> Optional[list[int]]:
        for head in (cue, cue.head):
            for c in head.children:
                if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "unless" for g in c.children):
                    return [t.i for t in c.subtree if t.lower_ != "unless"]
        return None

    def _aux(self, t: Token) -> bool:
        return any(c.dep_ in ("aux", "auxpass") for c in t.children)

    def _needs(self, cue: Token, needs: tuple) -> bool:
        doc = cue.doc
        subtree = {t.i for t in cue.subtree}
        for t in doc[cue.i + 1: min(cue.i + 5, len(doc))]:
            if t.i in subtree and t.lower_ in needs:
                return True
        return False

    def _negated(self, t: Token) -> bool:
        if any(c.dep_ == "neg" or c.lower_ in ("cannot", "never") for c in t.children):
            return True
        if any(c.lower_ in ("never", "no") and c.dep_ in ("advmod", "neg", "det") for c in t.children):
            return True
        # "could not" / "cannot" attached to an auxiliary
        return any(c.dep_ == "aux" and any(g.dep_ == "neg" for g in c.children) for c in t.children)

    def _has_object(self, cue: Token) -> bool:
        return any(c.dep_ in ("dobj", "xcomp", "ccomp", "attr") or (c.dep_ == "prep" and any(
            g.dep_ in ("pobj", "pcomp") for g in c.children)) for c in cue.children)

    def _object_head(self, cue: Token) -> Optional[Token]:
        for c in cue.children:
            if c.dep_ in ("dobj", "attr", "oprd"):
                return c
        for c in cue.children:
            if c.dep_ == "prep":
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp"):
                        return g
        for c in cue.children:
            if c.dep_ in ("xcomp", "ccomp"):
                return c
        return None

    def _in_relcl(self, t: Token, top: Token) -> bool:
        x = t
        while x.i != top.i and x.head.i != x.i:
            if x.dep_ == "relcl":
                return True
            x = x.head
        return False

    def _verb_scope(self, cue: Token, sent: Span) -> list[int]:
        """Tokens after the cue that it governs, without clauses that say something else."""
        doc = cue.doc
        end = min(cue.right_edge.i + 1, sent.end)
        cut = end
        excluded: set[int] = set()
        for c in cue.children:
            if c.i <= cue.i:
                continue
            if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
                subj = next((g for g in c.children if g.dep_ in _SUBJ), None)
                # a verb coordinated with the cue starts another clause, unless its 'subject' sits before
                # a subordinator of its own: "..., and the release of prisoners, a month after a
                # cease-fire takes hold" (the parse made 'release' the subject of 'takes')
                misparsed = subj is not None and any(g.dep_ == "mark" and subj.i < g.i < c.i for g in c.children)
                if not misparsed:
                    left = c.left_edge.i
                    while left > cue.i + 1 and doc[left - 1].dep_ in ("cc", "punct"):
                        left -= 1
                    cut = min(cut, left)
            elif c.dep_ in ("advcl", "parataxis") and any(g.dep_ in _SUBJ for g in c.children):
                excluded.update(range(c.left_edge.i, c.right_edge.i + 1))
            elif c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in _ASIDE_MARKS | _COND_MARKS
                                          for g in c.children):
                excluded.update(range(c.left_edge.i, c.right_edge.i + 1))
        for t in doc[cue.i + 1: cut]:
            if t.lower_ in (";",) or (t.lower_ in ("while", "whereas") and t.dep_ in ("mark", "cc")):
                cut = min(cut, t.i)
                break
        for t in doc[cue.i + 1: cut]:
            self._exclude_asides(t, excluded)
        return [i for i in range(cue.i + 1, cut) if i not in excluded]

    def _exclude_asides(self, t: Token, excluded: set[int]) -> None:
        """Clauses inside a scope that speak of something else."""
        v = self.vocab
        if t.dep_ == "mark" and t.lower_ in _ASIDE_MARKS | _COND_MARKS and t.head.i > t.i - 1:
            clause = t.head
            lefts = [c.left_edge.i for c in clause.children if c.i < t.i and c.dep_ in ("npadvmod", "advmod")]
            start = min([t.i] + [l for l in lefts])
            excluded.update(range(start, clause.right_edge.i + 1))
        elif t.dep_ == "advmod" and t.lower_ in ("whenever", "wherever"):
            excluded.update(range(t.i, t.head.right_edge.i + 1))
        elif t.dep_ in ("relcl", "parataxis", "advcl") and t.lemma_.lower() in v.speech_verbs:
            excluded.update(range(t.left_edge.i, t.right_edge.i + 1))
        elif t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            excluded.update(range(t.i, t.doc[t.i + 1].right_edge.i + 1))

    def _as_scope(self, cue: Token) -> list[int]:
        """'opening the air and seaports as Hamas has demanded' -> 'opening the air and seaports'."""
        mark = next(c for c in cue.children if c.dep_ == "mark" and c.lower_ == "as")
        head = cue.head
        top = head
        while top.dep_ in ("conj", "dobj", "pobj", "compound", "amod") and top.pos_ != "VERB" and top.head.i != top.i:
            top = top.head
        start = top.left_edge.i if top.pos_ == "VERB" else head.left_edge.i
        return list(range(start, mark.i))

    def _without(self, scope: list[int], cue: Token) -> Optional[list[int]]:
        doc = cue.doc
        for i in scope:
            t = doc[i]
            if t.lower_ == "without" and t.dep_ == "prep":
                return [x.i for x in t.subtree if x.i != t.i]
        return None

    def _condition(self, cue: Token) -> Optional[str]:
        """An 'only if' / 'unless' / 'provided that' clause on the cue or the clause above it."""
        doc = cue.doc
        for head in (cue, cue.head):
            for c in head.children:
                if c.dep_ != "advcl":
                    continue
                marks = [g for g in c.children if g.dep_ == "mark"]
                if not marks:
                    continue
                m = marks[0]
                if self._condition_mark(m) or (m.lower_ == "if" and head.i == cue.i):
                    start = m.i - 1 if m.i > 0 and doc[m.i - 1].lower_ == "only" else m.i
                    return doc[start: c.right_edge.i + 1].text
        return None

    def _condition_mark(self, m: Token) -> Optional[str]:
        """The condition phrase ('only if', 'unless', 'provided that', ...) that ``m`` is part of."""
        doc = m.doc
        window = " ".join(x.lower_ for x in doc[max(m.i - 3, 0): m.i + 3])
        for words in self.vocab.condition_marks:
            phrase = " ".join(words)
            if m.lower_ in words and phrase in window:
                return phrase
        return None

    def _conditional_frame(self, cue: Token, sent: Span, st: _DocState) -> Optional[_Frame]:
        """'Egypt said it would co-host a donor conference, but only if a deal is reached first': an
        offer with a condition. 'X will resume the offensive unless Y releases the hostages': Y's move
        is X's condition."""
        phrase = self._condition_mark(cue)
        if not phrase or cue.dep_ != "mark":
            return None
        doc = cue.doc
        clause = cue.head
        cond_start = cue.i - 1 if doc[cue.i - 1].lower_ == "only" else cue.i
        main = clause.head if clause.dep_ == "advcl" else None
        if main is None or not any(c.dep_ == "aux" for c in main.children):
            # "it would co-host ... -- but only if a deal is reached": the parse often coordinates the
            # condition; the commitment is the last verb with 'will'/'would' before it
            modal = next((t for t in reversed(doc[sent.start: cond_start])
                          if t.tag_ == "MD" and t.lower_ in ("will", "would", "'ll", "shall")), None)
            main = modal.head if modal is not None else main
        else:
            modal = None
        if main is None or main.lemma_.lower() in self.vocab.verbs or main.pos_ not in ("VERB", "AUX"):
            return None  # a stance verb carries the condition itself
        subj = self._subject(main)
        if subj is None and modal is not None:
            subj = next((c for c in modal.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return None
        party, words = self._party(subj, st)
        if not party:
            return None
        text = doc[cond_start: clause.right_edge.i + 1].text
        if phrase == "unless":
            scope = [t.i for t in clause.subtree if t.i > cue.i]
            return _Frame(cue, "condition", party, words, scope, reported_by=self._reported_by(main, party, st))
        if modal is None and not any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall")
                                     for c in main.children):
            return None  # a commitment, not a description
        scope = [i for i in range(main.i, cond_start) if not doc[i].is_punct and doc[i].dep_ != "cc"]
        return _Frame(cue, "offer", party, words, scope, condition=text,
                      reported_by=self._reported_by(main, party, st))

    # adjectives -----------------------------------------------------------------------------------
    def _adjective_frame(self, cue: Token, sent: Span, st: _DocState) -> Optional[_Frame]:
        spec = self.vocab.adjectives.get(cue.lemma_.lower()) or self.vocab.adjectives[cue.lower_]
        if cue.dep_ not in ("acomp", "amod", "oprd", "ROOT", "xcomp", "ccomp", "conj", "advcl"):
            return None
        xcomp = next((c for c in cue.children if c.dep_ == "xcomp"), None)
        if xcomp is not None and xcomp.lemma_.lower() in self.vocab.verbs:
            return None  # "ready to accept": the accept speaks
        head = cue.head if cue.dep_ in ("acomp", "oprd", "xcomp") else cue
        subj = self._subject(head) if head.i != cue.i else next(
            (c for c in cue.children if c.dep_ in _SUBJ), None) or self._subject(cue)
        if subj is None:
            return None
        party, words = self._party(subj, st)
        if not party:
            return None
        stance = spec["stance"]
        negated = self._negated(head) or self._negated(cue)
        if negated:
            if not spec["negated"]:
                return None
            stance = spec["negated"]
        scope = self._verb_scope(cue, sent)
        obj = next((g for c in cue.children for g in c.children if g.dep_ in ("pobj", "pcomp")), xcomp)
        frame = _Frame(cue, stance, party, words, scope, negated=negated, condition=self._condition(head),
                       reported_by=self._reported_by(cue, party, st))
        frame.fallback_ok = obj is not None and self._anaphoric(obj, scope)
        frame.deal = obj is not None and obj.lemma_.lower() in self.vocab.deal_nouns
        return frame

    # nouns ----------------------------------------------------------------------------------------
    def _noun_frame(self, cue: Token, sent: Span, st: _DocState) -> Optional[_Frame]:
        v = self.vocab
        stance = v.nouns.get(cue.lower_) or v.nouns.get(cue.lemma_.lower())
        party, _ = self._owner(cue, st, speaker_fallback=False, named_only=True)
        words = party
        if party and (cue.lemma_.lower() in v.deal_nouns or stance == "proposal"):
            st.proposals.append((st.sent_index.get(sent.start, 0), party))
        if cue.dep_ in ("nsubj", "nsubjpass") and cue.head.lemma_.lower() in v.content_verbs:
            return None  # the content verb speaks
        if not party:
            return None
        doc = cue.doc
        scope = [c.i for c in cue.children if c.dep_ == "compound" and c.i < cue.i for c in c.subtree]
        if cue.dep_ == "nsubj" and cue.head.lemma_.lower() == "be":
            attr = next((c for c in cue.head.children if c.dep_ in ("attr", "acomp")), None)
            if attr is not None:
                # "the Kessel Front's main demand is the lifting of the siege"
                return _Frame(cue, stance, party, words, [t.i for t in attr.subtree],
                              reported_by=self._reported_by(cue, party, st))
        if cue.dep_ == "attr" and cue.head.lemma_.lower() == "be":
            subj = next((c for c in cue.head.children if c.dep_ in ("nsubj", "csubj")), None)
            if subj is not None:
                # "a return to a cessation of hostilities has been our demand"
                return _Frame(cue, stance, party, words, [t.i for t in subj.subtree],
                              reported_by=self._reported_by(cue, party, st))
        needs = v.noun_needs.get(cue.lower_) or v.noun_needs.get(cue.lemma_.lower())
        preps = needs or ("for", "of", "on", "regarding", "to", "over", "about", "concerning", "that")
        if needs:
            scope = []  # "a call for ...": only the phrase the noun needs
        for c in cue.children:
            if c.i > cue.i and (c.dep_ == "prep" and c.lower_ in preps or c.dep_ == "acl" and not needs):
                scope.extend(t.i for t in c.subtree if not self._in_relcl(t, c))
        if v.noun_object.get(cue.lower_) == "deal" and not any(
                cue.doc[i].lemma_.lower() in v.deal_nouns for i in scope):
            return None  # "support for the coalition" is not the acceptance of a deal
        scope = sorted(set(scope))
        if not scope:
            return None
        frame = _Frame(cue, stance, party, words, scope, reported_by=self._reported_by(cue, party, st))
        return frame

    # "under the proposal" ---------------------------------------------------------------------------
    def _under_frame(self, cue: Token, sent: Span, st: _DocState) -> Optional[_Frame]:
        """'Under the Egyptian proposal, Israel would withdraw ...': the clause states the plan's content."""
        v = self.vocab
        noun = next((c for c in cue.children if c.dep_ == "pobj"), None)
        if noun is None or noun.lemma_.lower() not in v.deal_nouns | set(v.nouns):
            return None
        head = cue.head
        if head.pos_ not in ("VERB", "AUX"):
            return None
        stance = v.nouns.get(noun.lower_) or v.nouns.get(noun.lemma_.lower()) or "proposal"
        if stance not in ("proposal", "demand", "offer", "condition"):
            stance = "proposal"
        party, _ = self._owner(noun, st, speaker_fallback=True)
        if not party:
            return None
        skip = {t.i for t in cue.subtree}
        scope = [t.i for t in head.subtree if t.i not in skip and t.i > cue.right_edge.i or t.i == head.i]
        scope = sorted(set(scope) | {t.i for c in head.children if c.dep_ in ("nsubj", "nsubjpass")
                                     for t in c.subtree})
        return _Frame(cue, stance, party, party, scope, reported_by=self._reported_by(head, party, st))

    # modal demands ----------------------------------------------------------------------------------
    def _modal_frame(self, cue: Token, sent: Span, st: _DocState) -> Optional[_Frame]:
        """'Heavy weapons must be withdrawn', said in a party's name: the speaker demands it."""
        verb = cue.head
        if verb.pos_ not in ("VERB", "AUX") or self._negated(verb) or verb.lemma_.lower() in ("be", "have"):
            return None  # "the goal must be a durable outcome" states an aim, not a term
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and (subj.lower_ in _PRONOUNS_1ST or subj.lemma_.lower() in self.vocab.deal_nouns):
            return None  # "we must give Ukraine this chance"; "any deal must include" has its own rule
        party, words = self._speaker_party(verb, st)
        if not party:
            return None
        if subj is not None and subj.pos_ != "PRON":
            own, _ = self._party(subj, st)
            if own and _same_side(own, party):
                return None  # a side's resolve about itself is not a demand on the table
        start = verb.i
        if subj is not None and subj.i < verb.i:
            start = min([subj.i] + [c.left_edge.i for c in subj.children
                                    if c.dep_ in ("det", "amod", "compound", "poss", "nummod")])
        scope = list(range(start, verb.i + 1)) + self._verb_scope(verb, sent)
        frame = _Frame(cue, "demand", party, words, scope)
        return frame

    # far from / until -----------------------------------------------------------------------------
    def _far_from_frame(self, cue: Token, sent: Span, st: _DocState) -> Optional[_Frame]:
        """'called the proposal "far from Israel's essential demands"': the caller rejects the proposal."""
        verb = cue.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        thing = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ not in _WH and c.pos_ != "PRON"), None)
        if thing is None and verb.lemma_.lower() == "be":
            thing = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                          and c.lower_ not in _WH and c.pos_ != "PRON"), None)
        speaker = verb
        party_tok = None
        while True:
            subj = next((c for c in speaker.children if c.dep_ in ("nsubj",) and c.i != (thing.i if thing is not None else -1)
                         and c.lemma_.lower() not in self.vocab.deal_nouns), None)
            if subj is not None and speaker.lemma_.lower() in self.vocab.speech_verbs | {"call", "describe", "consider", "deem", "find"}:
                party_tok = subj
                break
            if speaker.head.i == speaker.i:
                break
            speaker = speaker.head
        if party_tok is None:
            return None
        if not any(t.lemma_.lower() in self.vocab.deal_nouns for t in cue.doc[sent.start: cue.i]):
            return None  # "not far from Donetsk": no proposal is being judged
        party, words = self._party(party_tok, st)
        if not party:
            return None
        scope = [t.i for t in thing.subtree] if thing is not None and thing.i < cue.i else []
        frame = _Frame(cue, "reject", party, words, scope, fallback_ok=True, deal=True)
        frm = next((t for t in cue.doc[cue.i + 1: cue.i + 3] if t.lower_ == "from"), None)
        frame.detail = list(range(cue.i, (frm.right_edge.i if frm is not None else cue.i) + 1))
        return frame

    def _until_frame(self, cue: Token, sent: Span, st: _DocState) -> Optional[_Frame]:
        """'This operation will continue until ... the first hostage returns': a condition."""
        x, verb = cue, None
        for _ in range(4):
            x = x.head
            if x.lemma_.lower() in self.vocab.until_verbs and x.pos_ in ("VERB", "AUX"):
                verb = x
                break
            if x.head.i == x.i:
                break
        if verb is None:
            return None
        subj = self._subject(verb)
        party = words = None
        if subj is not None and subj.pos_ != "NOUN" or (subj is not None and subj.ent_type_):
            party, words = self._party(subj, st)
        own_voice = False
        if not party:
            party, words = self._speaker_party(verb, st)
            own_voice = True
        if not party:
            return None
        doc = cue.doc
        head = cue.head if cue.dep_ == "mark" else cue
        end = min(max(head.right_edge.i, cue.i) + 1, sent.end)
        scope = []
        for t in doc[cue.i + 1: end]:
            if t.lower_ == "until" or t.text in ('"', "\u201d"):
                break
            scope.append(t.i)
        return _Frame(cue, "condition", party, words, scope,
                      reported_by=None if own_voice else self._reported_by(verb, party, st))

    # -- parties -------------------------------------------------------------------------------------
    def _subject(self, verb: Token) -> Optional[Token]:
        """The subject of a verb, through conjoined verbs, to-infinitives and relative clauses."""
        x = verb
        for _ in range(6):
            subj = next((c for c in x.children if c.dep_ in ("nsubj", "csubj")), None)
            if subj is None:
                agent = next((c for c in x.children if c.dep_ == "agent"), None)
                if agent is not None:
                    subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if subj is not None:
                if subj.dep_ == "nsubj" and subj.lower_ in ("which", "who", "that") and x.dep_ == "relcl":
                    return x.head
                return subj
            if x.dep_ == "conj" and _finite(x) and not _finite(x.head):
                # "Hamas fears the arrangement would allow Israel to retain ... and is pushing for":
                # a finite verb is coordinated with a finite one, not with the infinitive it hangs on
                y = x.head
                while y.head.i != y.i and not (_finite(y) and any(
                        c.dep_ == "nsubj" and (c.pos_ in ("PROPN", "PRON") or c.ent_type_) for c in y.children)):
                    y = y.head
                x = y
                continue
            if x.dep_ in ("conj", "xcomp", "advcl") and x.head.i != x.i:
                if x.dep_ == "xcomp":
                    obj = next((c for c in x.head.children if c.dep_ == "dobj"), None)
                    if obj is not None:
                        return obj
                x = x.head
                continue
            if x.dep_ in ("acl",) and x.head.pos_ in ("NOUN", "PROPN"):
                return x.head
            return None
        return None

    def _np_words(self, tok: Token) -> str:
        """The words naming a party: the noun with its modifiers, owner, 'of/from X' and apposition."""
        doc = tok.doc
        return "".join(doc[i].text_with_ws for i in self._np_tokens(tok)).strip()

    def _np_tokens(self, tok: Token) -> list[int]:
        keep = {tok.i}
        stack = [tok]
        while stack:
            t = stack.pop()
            for c in t.children:
                if c.dep_ in ("compound", "amod", "poss", "case", "det", "nmod", "appos", "pobj", "flat") or (
                        c.dep_ == "prep" and c.lower_ in ("of", "from", "for")):
                    if c.i not in keep:
                        keep.add(c.i)
                        stack.append(c)
        return sorted(keep)

    def _party(self, tok: Token, st: _DocState) -> tuple[Optional[str], Optional[str]]:
        """(side, words) for the noun phrase headed by ``tok``; pronouns resolved first."""
        if tok.pos_ == "PRON" or tok.lower_ in _PRONOUNS_1ST | _PRONOUNS_3RD:
            return self._resolve_pronoun(tok, st)
        if tok.lower_ in _NOT_PARTIES or tok.lemma_.lower() in _NOT_PARTIES:
            if not any(c.dep_ in ("amod", "compound", "poss") and (c.ent_type_ in ("NORP", "GPE", "ORG"))
                       for c in tok.children):
                return None, None
        key = tok.i
        if key in st.party_cache:
            return st.party_cache[key]
        words = self._np_words(tok)
        result = (None, None)
        side, sector = actor_of(words, st.reference)
        if sector == "MED":
            pass  # a news outlet reports; it is not a party to the talks
        elif side:
            result = (side, words)
        else:
            np = set(self._np_tokens(tok))
            ents = [e for e in st.ents() if e.start <= tok.i < e.end or (
                tok.left_edge.i <= e.start and e.end <= tok.right_edge.i + 1)]
            ents = [e for e in ents if e.label_ in ("GPE", "NORP", "ORG", "PERSON")
                    and any(t.i in np for t in e) and actor_of(e.text, st.reference)[1] != "MED"]
            for e in sorted(ents, key=lambda e: (e.label_ == "PERSON", e.start)):
                side = side_of(e.text, st.reference)
                if side:
                    result = (side, words)
                    break
            else:
                groups = [e for e in ents if e.label_ != "PERSON"]
                head_ent = next((e for e in ents if e.start <= tok.i < e.end), None)
                owner = next((e for e in ents if e.label_ == "PERSON" and tok.pos_ == "NOUN"
                              and any(tok.doc[e.end - 1].i == c.i for c in tok.children if c.dep_ == "poss")), None)
                chosen = groups[0] if groups else (head_ent or owner)
                known = self._earlier_person(chosen, st) if chosen is not None and chosen.label_ == "PERSON" else None
                if known:
                    result = (known, words)
                elif chosen is not None:
                    result = (_clean_name(chosen.text), words)
                elif tok.pos_ == "PROPN" and tok.ent_type_ in ("", "ORG", "GPE", "NORP"):
                    result = (_clean_name(tok.doc[tok.left_edge.i if tok.left_edge.dep_ == "compound" else tok.i:
                                                  tok.i + 1].text), words)
        st.party_cache[key] = result
        return result

    def _earlier_person(self, ent: Span, st: _DocState) -> Optional[str]:
        """'Kodmani said': the side of the person named earlier in full ('Bassma Kodmani, a member of
        the High Negotiations Committee')."""
        last = ent[-1].lower_
        for other in st.ents():
            if other.start >= ent.start:
                break
            if other.label_ == "PERSON" and other[-1].lower_ == last:
                side = side_of(self._np_words(other.root), st.reference)
                if side:
                    return side
        return None

    def _resolve_pronoun(self, tok: Token, st: _DocState) -> tuple[Optional[str], Optional[str]]:
        low = tok.lower_
        if low in _PRONOUNS_1ST:
            party, words = self._quote_party(tok, st)
            if party:
                return party, words
            return self._speaker_party(tok, st)
        if low not in _PRONOUNS_3RD:
            return None, None
        # the subject of a clause above the pronoun ("Hamas said it had accepted ...")
        x = tok
        while x.head.i != x.i:
            x = x.head
            for c in x.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i and c.i < tok.i and c.pos_ != "PRON":
                    # the nearest subject above is the antecedent, a party or not ("the opposition ... they")
                    return self._party(c, st)
            if x.dep_ == "conj":
                for c in x.head.children:
                    if c.dep_ in ("nsubj",) and c.i < tok.i and c.pos_ != "PRON":
                        party, words = self._party(c, st)
                        if party:
                            return party, words
        # the last party named before it in the sentence, else the subject of the sentence before
        sent = tok.sent
        for t in reversed(list(tok.doc[sent.start: tok.i])):
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("PROPN", "NOUN"):
                party, words = self._party(t, st)
                if party:
                    return party, words
        if sent.start == 0:
            return None, None
        prev = tok.doc[sent.start - 1].sent
        person = low in ("he", "his", "him", "she", "her")
        if not person:
            # "it", "they": the subject of the sentence before ("A previous deal ... It called for"
            # points at the deal, not at a party)
            for t in prev:
                if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT":
                    if t.lemma_.lower() in self.vocab.deal_nouns or t.pos_ not in ("PROPN", "NOUN"):
                        return None, None
                    return self._party(t, st)
            return None, None
        for ent in reversed([e for e in st.ents() if prev.start <= e.start < prev.end and e.label_ == "PERSON"]):
            party = side_of(ent.text, st.reference)
            if party:
                return party, ent.text
        return None, None

    def _owner(self, noun: Token, st: _DocState, speaker_fallback: bool,
               named_only: bool = False) -> tuple[Optional[str], Optional[str]]:
        """Who a demand, proposal or plan belongs to: 'Hamas'', '... by the FARC', 'an Egyptian ...'.

        Returns (party, how) with how in named | earlier | speaker.
        """
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    party, _ = self._party(pobj, st)
                    if party:
                        return party, "named"
        for c in noun.children:
            if c.dep_ == "poss":
                if named_only and c.pos_ == "PRON" and c.lower_ not in _PRONOUNS_1ST:
                    # "the regime announced its support": its = the subject of the verb it hangs on
                    subj = self._subject(noun.head) if noun.dep_ == "dobj" else None
                    if subj is not None and subj.pos_ != "PRON" and c.lower_ in ("its", "his", "her"):
                        party, _ = self._party(subj, st)
                        if party:
                            return party, "named"
                    continue
                party, _ = self._party(c, st)
                if party:
                    return party, "named"
        for c in noun.children:
            # "an Egyptian proposal", "the Hamas demand"; not "the Cairo agreement" (a venue)
            if c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in ("NORP", "ORG") and c.i < noun.i:
                party, _ = self._party(c, st)
                if party:
                    return party, "named"
        if named_only:
            return None, None
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)
        if definite and noun.dep_ != "relcl" and not any(c.dep_ == "relcl" for c in noun.children):
            # "the plan", "the proposal": the last plan with an owner, within three sentences
            here = st.sent_index.get(noun.sent.start, 0)
            for n, party in reversed(st.proposals):
                if here - n <= 3:
                    return party, "earlier"
        if speaker_fallback and (definite or any(c.lower_ in ("any", "every") for c in noun.children)):
            # "Hamas member X told Al Jazeera the proposal involved ...": the speaker's reading
            party, _ = self._speaker_party(noun, st)
            if party:
                return party, "speaker"
        return None, None

    def _speaker_party(self, tok: Token, st: _DocState) -> tuple[Optional[str], Optional[str]]:
        """The side of whoever says the sentence ``tok`` is in: a verb of saying above it, or the quote."""
        x = tok
        while x.head.i != x.i:
            x = x.head
            if x.lemma_.lower() in self.vocab.speech_verbs:
                subj = next((c for c in x.children if c.dep_ in ("nsubj",)), None)
                if subj is not None and subj.i != tok.i:
                    party, words = self._party(subj, st)
                    if party:
                        return party, words
        return self._quote_party(tok, st)

    def _quotes(self, doc: Doc) -> list:
        out = []
        key = SPAN_KEYS["quotes"]
        if key in doc.spans:
            for span in doc.spans[key]:
                f = span._.parley or {}
                sp = f.get("speaker") or {}
                party = sp.get("affiliation") or (side_of(sp.get("name") or "", doc._.parley_reference))
                out.append((span.start_char, span.end_char, party, sp.get("name")))
        return out

    def _quote_party(self, tok: Token, st: _DocState) -> tuple[Optional[str], Optional[str]]:
        for start, end, party, name in st.quotes:
            if start <= tok.idx < end and party:
                return party, name or party
        # fallback: inside quotation marks, the subject of the verb of saying outside them, in the
        # sentence or, for a quote running over sentences, in the sentence before
        doc = tok.doc
        if st.regions is None:
            st.regions = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(st.text())]
        inside = lambda t: any(a <= t.idx < b for a, b in st.regions)
        if not inside(tok):
            return None, None
        sent = tok.sent
        sentences = [sent] + ([doc[sent.start - 1].sent] if sent.start > 0 else [])
        for s in sentences:
            for t in s:
                if t.lemma_.lower() in self.vocab.speech_verbs and not inside(t):
                    subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
                    if subj is not None and subj.lower_ not in _PRONOUNS_1ST:
                        return self._party(subj, st)
        return None, None

    def _reported_by(self, cue: Token, party: str, st: _DocState) -> Optional[str]:
        """The speaker of a verb of saying above the cue, when on another side than the party."""
        x = cue
        while x.head.i != x.i:
            child, x = x, x.head
            if x.lemma_.lower() in self.vocab.speech_verbs and child.dep_ in ("ccomp", "parataxis", "xcomp") \
                    or (x.lemma_.lower() in self.vocab.speech_verbs and child.i < x.i and child.dep_ == "ccomp"):
                subj = next((c for c in x.children if c.dep_ == "nsubj"), None)
                if subj is None or subj.pos_ == "PRON":
                    break
                side, words = self._party(subj, st)
                if side and not _same_side(side, party):
                    return _clean_name(self._short_np(subj))
                break
        for start, end, qparty, name in st.quotes:
            if start <= cue.idx < end and qparty and not _same_side(qparty, party):
                return name or qparty
        # a direct quote of someone on another side ("Israel insisted ...", said a Palestinian negotiator)
        party_q, words = self._quote_party(cue, st) if not st.quotes else (None, None)
        if party_q and not _same_side(party_q, party):
            return words
        return None

    def _short_np(self, tok: Token) -> str:
        doc = tok.doc
        left = tok.left_edge.i
        right = tok.i
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                right = max(right, c.right_edge.i)
        return doc[left: right + 1].text

    # -- positions -----------------------------------------------------------------------------------
    def _positions(self, frame: _Frame, sent: Span, mentions: list[Mention], st: _DocState) -> list[Span]:
        doc = sent.doc
        scope = [i for i in frame.scope if sent.start <= i < sent.end]
        in_scope = set(scope)
        found = [m for m in mentions if m.start in in_scope]
        segments = self._segments(scope, doc) if scope else []
        results = []  # (issue, detail token indices)
        for seg in segments:
            seg_set = set(seg)
            ms = [m for m in found if m.start in seg_set]
            if not ms:
                if results:
                    results[-1][1].extend(seg)
                continue
            specific = [m for m in ms if m.specific]
            issue = (specific or ms)[0].issue
            if issue == "other" and (results or any(m.specific for m in found)):
                if results:
                    results[-1][1].extend(seg)
                continue
            if results and results[-1][0] == issue:
                results[-1][1].extend(seg)
                continue
            if results and not seg.coordinate:
                results[-1][1].extend(seg)
                continue
            anchor = (specific or ms)[0]
            results.append([issue, list(seg), anchor])
        if not results and (frame.fallback_ok or frame.deal or not scope):
            issue = None
            if frame.fallback_ok or frame.deal:
                # what the deal or 'such decisions' points back to, named shortly before
                cands = [m for m in mentions if m.specific and m.start not in in_scope
                         and 0 < frame.cue.i - m.start <= _FALLBACK_WINDOW]
                if cands:
                    issue = max(cands, key=lambda m: m.start).issue
            if issue is None and (frame.deal or self._is_deal_scope(scope, doc)):
                issue = self._default_issue(st)
            if issue is not None:
                results.append([issue, scope or [frame.cue.i], None])
        spans = []
        for issue, seg, anchor in results:
            detail = frame.detail or self._detail(seg, anchor, frame, doc)
            if not detail:
                continue
            start, end = detail[0], detail[-1] + 1
            text = _unquoted(doc[start:end])
            # fields are keyed by label, id and offsets (nlp/extensions.py): a running id keeps two
            # positions on the same words (coordinated parties) apart
            st.span_count += 1
            span = Span(doc, start, end, label="POSITION", span_id=f"position-{st.span_count}")
            span._.parley = {
                "party": frame.party, "stance": frame.stance, "issue": issue, "detail": text,
                "reported_by": frame.reported_by, "negated": frame.negated, "condition": frame.condition,
                "evidence": [sent.start_char, sent.end_char],
            }
            spans.append(span)
        return spans

    def _is_deal_scope(self, scope: list[int], doc: Doc) -> bool:
        return any(doc[i].lemma_.lower() in self.vocab.deal_nouns for i in scope[:6])

    def _default_issue(self, st: _DocState) -> str:
        if self.default_issue:
            return self.default_issue
        if st.default_issue is None:
            low = st.text().lower()
            st.default_issue = "ceasefire" if any(w in low for w in ("ceasefire", "cease-fire", "cease fire", "truce")) \
                else "other"
        return st.default_issue

    def _segments(self, scope: list[int], doc: Doc) -> list[list[int]]:
        """Cut a scope into coordinated parts at ',', ';', 'and', 'or' and the coordinators of stances.yaml."""
        segs: list[_Seg] = [_Seg()]
        k = 0
        while k < len(scope):
            i = scope[k]
            t = doc[i]
            coord = next((words for words in self.vocab.coordinators
                          if [doc[j].lower_ for j in range(i, min(i + len(words), len(doc)))] == words), None)
            if coord is not None and segs[-1]:
                segs.append(_Seg(coordinate=True))
                for _ in coord:
                    if k < len(scope):
                        segs[-1].append(scope[k])
                        k += 1
                continue
            if t.lower_ in (",", ";", "and", "or") and segs[-1]:
                nxt = doc[i + 1] if i + 1 < len(doc) else None
                if nxt is not None and nxt.lower_ in ("and", "or", ","):
                    segs[-1].append(i)
                    k += 1
                    continue
                coordinate = t.lower_ in ("and", "or", ";") or (
                    nxt is not None and nxt.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM")
                    and nxt.ent_type_ != "DATE")
                segs.append(_Seg([i], coordinate=coordinate))
                k += 1
                continue
            segs[-1].append(i)
            k += 1
        return [s for s in segs if s]

    def _detail(self, seg: list[int], anchor: Optional[Mention], frame: _Frame, doc: Doc) -> list[int]:
        """The words of one position: the phrase around the issue named, inside the segment."""
        seg_set = set(seg)
        if anchor is None:
            idx = list(seg)
        else:
            top = doc[anchor.start]
            # the head of the mention inside its words
            for i in range(anchor.start, anchor.end):
                if doc[i].head.i < anchor.start or doc[i].head.i >= anchor.end:
                    top = doc[i]
                    break
            while top.head.i != top.i and top.head.i in seg_set and top.head.i != frame.cue.i:
                h = top.head
                if h.pos_ == "ADP" and h.lower_ in _FRAME_PREPS:
                    break
                if h.dep_ in ("conj",) and top.dep_ != "conj" and h.head.i not in seg_set:
                    top = h
                    break
                if top.dep_ == "conj":
                    break
                top = h
            idx = sorted(i for i in (x.i for x in top.subtree) if i in seg_set)
            # leading words of the segment up to the phrase ("an end to" kept via the climb; "and" dropped)
        idx = [i for i in idx if not doc[i].is_space]
        # one contiguous stretch: the run of words holding the issue named (or the first run)
        runs: list[list[int]] = []
        for i in idx:
            if doc[i].tag_ == "''" and runs and anchor is not None and i >= anchor.end:
                runs.append([])  # a quotation mark after the issue closes the phrase
                continue
            if runs and runs[-1] and all(doc[j].is_space for j in range(runs[-1][-1] + 1, i)):
                runs[-1].append(i)
            else:
                runs.append([i])
        runs = [r for r in runs if r]
        if not runs:
            return []
        idx = next((r for r in runs if anchor is not None and anchor.start in r), runs[0])
        while idx and (doc[idx[0]].is_punct or doc[idx[0]].dep_ in ("cc", "mark", "prep", "aux")
                       or doc[idx[0]].lower_ in ("and", "or", "that", "to", "for", "on", "against", "with")):
            idx = idx[1:]
        while idx and (doc[idx[-1]].is_punct and doc[idx[-1]].text not in (")",) or doc[idx[-1]].dep_ == "cc"):
            idx = idx[:-1]
        if not idx:
            return []
        return list(range(idx[0], idx[-1] + 1))


class _Seg(list):
    def __init__(self, items=(), coordinate: bool = True):
        super().__init__(items)
        self.coordinate = coordinate


def _unquoted(span: Span) -> str:
    """The words of a span, without a quotation mark left open or closed by cutting it from its sentence."""
    quotes = [t for t in span if t.is_quote]
    if len(quotes) % 2 == 0:
        return span.text
    drop = quotes[0].i if quotes[0].tag_ == "''" or quotes[0].i > span.start else quotes[-1].i
    return "".join(t.text_with_ws for t in span if t.i != drop).strip()


def _denied(tok: Token) -> bool:
    """'but not the Afghan government': a subject named to be left out."""
    return any(c.dep_ == "neg" for c in tok.children)


def _finite(v: Token) -> bool:
    """A verb with tense or a modal (not an infinitive, a participle or a gerund on its own)."""
    if v.tag_ in ("VBZ", "VBD", "VBP"):
        return True
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in v.children):
        return False
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", "VBZ", "VBD", "VBP") for c in v.children)


def _same_side(a: Optional[str], b: Optional[str]) -> bool:
    if not a or not b:
        return False
    a, b = a.lower(), b.lower()
    if a == b or a in b or b in a:
        return True
    stem = lambda s: re.sub(r"(ians?|is|ese|i|s)$", "", s.split()[0])[:5]
    return stem(a) == stem(b)


@Language.factory("parley_positions", requires=["token.dep", "token.lemma", "doc.sents", "doc.ents"],
                  assigns=["doc.spans"],
                  default_config={"issues_path": None, "stances_path": None, "default_issue": None})
def make(nlp: Language, name: str, issues_path: str | None, stances_path: str | None,
         default_issue: str | None) -> PositionsComponent:
    return PositionsComponent(nlp, issues_path=issues_path, stances_path=stances_path, default_issue=default_issue)
