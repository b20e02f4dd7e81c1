"""parley_quotes: direct and reported speech, with the speaker's name, role and side.

Runs after the statistical model (tagger, parser, NER, sentences). For every quote it writes one
span to ``doc.spans["parley_quotes"]`` (label ``QUOTE``, covering the quoted or reported words) with
``span._.parley`` = ``{"speaker": {"name", "role", "affiliation", "anonymous"}, "kind": "direct" |
"indirect", "text", "cue", "evidence": [start_char, end_char]}``; the evidence is the sentence(s)
holding the quote.

How it reads a text:

1. Quotation marks ("…", “…”, «…») are paired per paragraph; a quotation left open at the end of a
   paragraph and reopened at the start of the next one is the same speaker's.
2. A speech cue is a verb from the cue lexicon (say, tell, write, tweet, warn, insist, accuse,
   describe … as, report …) with a speaker (its subject, or the noun a participle hangs on), or
   "according to X". Its content is what the verb governs (clause, object, "of"/"as"/"for" phrase),
   or the clause a trailing cue is attached to ("…, officials say").
3. A quotation belongs to the cue whose content holds it, or that stands next to it ("…," he said /
   he told the BBC: "…"); a quotation that fills its sentence and has no cue of its own takes the
   cue announced before it (a colon), continues the previous quotation, or takes a bare cue in the
   next sentence ("…" he added in a statement). Quoted words in narration with no cue are left out.
4. Direct when the quoted words carry the reported proposition (its verb, object or complement),
   indirect when the quotation marks only wrap a label inside reported speech.
5. The speaker: a named person (with the role around the name: "Israeli government spokesman Mark
   Regev", "Azzam al-Ahmad, the chief Palestinian negotiator", the article's earlier description,
   or the role the actors data gives for that date), a body or state ("Israel says"), or an
   anonymous descriptor ("a senior U.S. official", "officials"). "he"/"she"/"they"/"it" and "the
   official" go back to the last subject that fits. The affiliation comes from
   :func:`parley.actors` over the speaker's own words, then what the article said of them earlier.

Cost: a few passes over the tokens of each sentence and the actor lookup of each speaker phrase.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from ...actors import ActorIndex, as_date, load_index
from ..extensions import SPAN_KEYS

KEY = SPAN_KEYS["quotes"]
LABEL = "QUOTE"

# --- lexicon ------------------------------------------------------------------------------------
# Verbs that report speech, with what their content may be besides a clause (ccomp).
CUE_VERBS = {
    "say": "", "tell": "", "add": "", "state": "", "write": "", "tweet": "x", "post": "", "report": "dx",
    "announce": "", "claim": "r", "warn": "x of against", "insist": "on", "appeal": "x for to",
    "describe": "as", "accuse": "of", "deny": "dx", "confirm": "d", "explain": "", "note": "",
    "argue": "", "suggest": "", "urge": "x", "reveal": "", "acknowledge": "", "admit": "x", "allege": "",
    "assert": "", "declare": "", "stress": "", "reiterate": "", "predict": "", "promise": "x",
    "pledge": "x", "vow": "x", "threaten": "x", "complain": "about of", "repeat": "", "recall": "",
    "reply": "", "respond": "", "retort": "", "answer": "", "ask": "", "estimate": "", "indicate": "",
    "disclose": "", "concede": "", "emphasize": "", "emphasise": "", "maintain": "", "contend": "",
    "charge": "", "remark": "", "comment": "", "conclude": "", "testify": "",
    "assure": "", "caution": "against", "call": "", "quote": "", "brief": "", "mention": "",
    "hint": "", "boast": "", "exclaim": "", "shout": "", "chant": "", "plead": "for", "beg": "x",
    "demand": "", "propose": "", "signal": "", "blame": "for", "criticize": "for", "criticise": "for",
    "condemn": "", "welcome": "", "dismiss": "as", "brand": "as", "label": "as", "term": "",
}
# Cues that only make a quote around quotation marks (they are too often not speech otherwise).
DIRECT_ONLY = {"call", "ask", "brief", "mention", "signal", "shout", "chant", "exclaim", "condemn",
               "welcome", "dismiss", "brand", "label", "term", "blame", "criticize", "criticise",
               "propose", "demand", "hint", "quote"}
# Cues that name what they describe: all they govern on their right is the content.
NAMING = {"call", "describe", "dismiss", "brand", "label", "term"}
# Lemmas of heads that cancel a cue ("declined to say").
CANCEL_HEADS = {"decline", "refuse", "fail", "hesitate", "forbid", "prohibit", "want", "expect"}
CHANNELS = {"twitter", "x", "facebook", "telegram", "instagram", "statement", "interview", "post",
            "tweet", "message", "speech", "briefing", "conference", "letter", "video", "broadcast",
            "address", "communique", "communiqué", "website", "radio", "television", "tv", "podcast",
            "op-ed", "article", "column", "blog", "email", "call", "meeting", "session", "remarks"}

HUMAN_NOUNS = set("""
official spokesman spokeswoman spokesperson minister negotiator mediator envoy diplomat ambassador
president leader commander general officer soldier analyst expert doctor medic nurse resident witness
eyewitness source member delegate lawmaker senator congressman aide adviser advisor journalist
correspondent reporter editor chief head director secretary chairman chairwoman chair premier king
queen emir prince sheikh militant fighter activist man woman father mother son daughter brother sister
survivor worker student teacher professor researcher scholar economist observer monitor inspector
representative coordinator rapporteur governor mayor deputy lawyer attorney prosecutor judge cleric
imam priest rabbi bishop pope farmer shopkeeper driver engineer paramedic surgeon physician
commissioner administrator manager captain colonel lieutenant major sergeant brigadier marshal
insider person people critic negotiator operative strategist colleague counterpart host
""".split())
ANON_HEADS = set("""
official source member delegate diplomat critic analyst observer witness eyewitness resident people
person insider aide expert medic doctor activist militant fighter media report officer soldier
commander negotiator mediator worker survivor villager relative neighbour neighbor
""".split())
# Heads that are never a speaker.
NOT_SPEAKERS = set("""
proposal plan deal agreement draft figure figures data footage video image images photo photos picture
evidence number numbers toll map law rule move decision text sign poster banner offensive operation
attack strike war conflict fighting violence crisis talks negotiation negotiations ceasefire truce
shipment one this that what which there time day week month year
poll polls survey surveys study thing things tweet cease-fire fire
""".split())
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms.", "dr.", "sir", "dame", "madam",
              "mme", "m.", "herr", "frau", "sen.", "rep.", "gov.", "gen.", "lt.", "col.", "capt.", "sgt.",
              "prof.", "prof"}
FEMALE_WORDS = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "mme", "dame", "spokeswoman", "chairwoman",
                "woman", "mother", "daughter", "sister", "wife", "queen", "princess", "congresswoman",
                "businesswoman", "she", "her"}
MALE_WORDS = {"mr", "mr.", "sir", "spokesman", "chairman", "man", "father", "son", "brother", "husband",
              "king", "prince", "congressman", "businessman", "he", "his", "herr"}
BODY_CLASSES = {"army": "mil", "military": "mil", "forces": "mil", "idf": "mil", "troops": "mil",
                "group": "group", "movement": "group", "militants": "group", "rebels": "group",
                "militia": "group", "organisation": "group", "organization": "group", "faction": "group",
                "ministry": "ministry", "government": "gov", "administration": "gov", "office": "office",
                "agency": "agency", "police": "police", "statement": "statement", "report": "report"}
DOCUMENTS = {"statement", "declaration", "communique", "communiqué", "release", "letter", "message"}
BODY_NOUNS = set("""
ministry military army government group agency office council committee media newspaper paper daily
radio tv television channel broadcaster station court tribunal embassy mission police force coalition
alliance movement party organisation organization administration authority cabinet parliament presidency
palace department service commission union league bloc delegation team side camp regime junta militia
rebel insurgent hospital clinic observatory monitor institute centre center network outlet website
command headquarters unit brigade battalion navy wing leadership faction opposition bureau association
federation foundation charity company firm airline country nation state capital party power partner ally
agency report statement spokesman spokeswoman tribe clan family community congress senate assembly
campaign bank ad clip narrator announcer memo complaint filing lawsuit ruling board panel jury inquiry
""".split())
PRONOUNS = {"he": "m", "she": "f", "they": "pl", "it": "it", "we": "we", "i": "i"}
RELATIVE = {"who", "which", "that", "whom"}

# Quotation marks: opening and closing characters of the pairs parley reads.
_OPEN = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d", "\u201f": "\u201d"}
_MARKS_RE = re.compile("[\"\u201c\u201d\u00ab\u00bb\u201e\u201f]")
_CORE_DEPS = {"dobj", "attr", "acomp", "oprd", "pobj", "ccomp", "xcomp"}


# --- quotation regions ---------------------------------------------------------------------------
@dataclass
class Region:
    start: int          # the opening mark
    end: int            # after the closing mark (or the paragraph's end when left open)
    inner_start: int
    inner_end: int
    closed: bool
    continues: bool = False   # reopens a quotation left open at the end of the previous paragraph
    tokens: tuple[int, int] = (0, 0)  # token range of the inner text
    owner: Optional["Record"] = None


def find_regions(text: str) -> list[Region]:
    """Quotations in ``text``: curly, straight and guillemet pairs, each within one paragraph."""
    regions: list[Region] = []
    pos = 0
    left_open = False
    for para in text.split("\n"):
        start_para, end_para = pos, pos + len(para)
        pos = end_para + 1
        opened: Optional[int] = None
        closer = None
        first = True
        for m in _MARKS_RE.finditer(para):
            c, i = m.group(), start_para + m.start()
            if opened is None:
                if c in _OPEN:
                    opened, closer = i, _OPEN[c]
                elif c == '"' and _opens(text, i):
                    opened, closer = i, '"'
                else:
                    continue
                if first and not para[:m.start()].strip():
                    cont = left_open
                else:
                    cont = False
                first = False
                regions.append(Region(opened, opened + 1, opened + 1, opened + 1, False, cont))
            elif c == closer or (closer == '"' and c == "\u201d") or (closer == "\u201d" and c == '"'):
                r = regions[-1]
                r.end, r.inner_end, r.closed = i + 1, i, True
                opened = None
            elif c in _OPEN:  # a new opening mark while one is open: the first was never closed
                r = regions[-1]
                r.end = r.inner_end = _trim_end(text, r.inner_start, i)
                opened, closer = i, _OPEN[c]
                regions.append(Region(opened, opened + 1, opened + 1, opened + 1, False, False))
        left_open = opened is not None
        if left_open:
            r = regions[-1]
            r.end = r.inner_end = _trim_end(text, r.inner_start, end_para)
    return [r for r in regions if r.inner_end - r.inner_start > 1]


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{\u2014\u2013-:/":
        return not after.isspace()
    return not before.isalnum() and not after.isspace()


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# --- people and mentions -------------------------------------------------------------------------
@dataclass
class Who:
    """A speaker or subject as the article describes it."""

    name: Optional[str]
    role: Optional[str] = None
    affiliation: Optional[str] = None
    anonymous: bool = False
    human: bool = True
    plural: bool = False
    gender: Optional[str] = None   # m | f | None
    head: str = ""                 # lemma of the head noun ("official")
    person: bool = False           # a named person
    indefinite: bool = False       # "an emergency doctor": may be named in the next sentence
    plausible: bool = True         # False for a common noun no list knows ("travel bans urge ...")

    def as_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "affiliation": self.affiliation,
                "anonymous": bool(self.anonymous)}


@dataclass
class Record:
    cue: Token
    speaker_tokens: list[Token]
    content: set[int]
    content_heads: list[Token]
    cue_text: str
    according: bool = False
    regions: list[Region] = field(default_factory=list)
    adjacent: bool = False
    who: Optional[Who] = None
    kind: str = "indirect"
    text: str = ""
    source: Optional["Record"] = None   # the record whose speaker this one repeats
    issued: bool = False                # the speaker issued a statement ("X issued a statement saying")
    cue_sentence: bool = True           # whether the cue's sentence belongs to the evidence


class QuoteFinder:
    """The parley_quotes component."""

    def __init__(self, index: ActorIndex, *, cues: Optional[dict] = None, according_to: bool = True,
                 max_region_chars: int = 3000):
        self.index = index
        self.cues = dict(CUE_VERBS if cues is None else cues)
        self.according_to = according_to
        self.max_region_chars = max_region_chars

    # -- component entry point --------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0 or not doc.has_annotation("DEP"):
            doc.spans[KEY] = []
            return doc
        spans = []
        for record, span, evidence in _DocReader(self, doc).read():
            out = doc.char_span(span[0], span[1], label=LABEL, alignment_mode="expand")
            if out is None:
                continue
            out._.parley = {
                "speaker": record.who.as_dict(),
                "kind": record.kind,
                "text": record.text,
                "cue": record.cue_text,
                "evidence": [evidence[0], evidence[1]],
            }
            spans.append(out)
        doc.spans[KEY] = spans
        return doc


class _DocReader:
    def __init__(self, finder: QuoteFinder, doc: Doc):
        self.f = finder
        self.index = finder.index
        self.cues = finder.cues
        self.doc = doc
        self.text = doc.text
        self.on = as_date(getattr(doc._, "parley_reference", None)) if Doc.has_extension("parley_reference") else None
        letters = [c for c in self.text[:5000] if c.isalpha()]
        self.all_caps = bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)
        self.sents = _units(doc)
        self.sent_of = [0] * len(doc)
        for k, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.sent_of[i] = k
        self.regions = [r for r in find_regions(self.text) if r.inner_end - r.inner_start <= finder.max_region_chars]
        self.in_region = [-1] * len(doc)
        self.mark = [False] * len(doc)
        self._index_regions()
        self.people: dict[str, Who] = {}      # full name -> what the article says of them
        self.surnames: dict[str, str] = {}    # last word of a name -> full name
        self.first_names: dict[str, set] = {}  # first word of a name -> full names
        self.ent_of = {}                      # token index -> entity span
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent_of[i] = ent
        self._who_cache: dict[int, Optional[Who]] = {}
        self._doc_source: dict[str, tuple[int, Who]] = {}   # "statement" -> (unit, who) of its source
        self.mentions: list[tuple[int, Who]] = []   # (token index, who), in text order
        self._mention_pos: list[int] = []

    # -- regions ------------------------------------------------------------------------------------
    def _index_regions(self) -> None:
        doc = self.doc
        starts = [t.idx for t in doc]
        for k, r in enumerate(self.regions):
            a = bisect.bisect_left(starts, r.inner_start)
            b = bisect.bisect_left(starts, r.inner_end)
            r.tokens = (a, b)
            for i in range(a, b):
                self.in_region[i] = k
            for c in (r.start, r.inner_end):
                j = bisect.bisect_left(starts, c)
                if j < len(doc) and doc[j].idx == c and _MARKS_RE.fullmatch(doc[j].text or ""):
                    self.mark[j] = True
                    self.in_region[j] = -2 if self.in_region[j] == -1 else self.in_region[j]

    def quoted(self, i: int) -> bool:
        return self.in_region[i] >= 0

    # -- main -----------------------------------------------------------------------------------------
    def read(self):
        self._collect_people()
        records: list[Record] = []
        for sent in self.sents:
            self._collect_mentions(sent)
            records.extend(self._sentence_records(sent))
        self._attach_regions(records)
        records.extend(self._orphan_regions(records))
        out = []
        records.sort(key=lambda r: min([r.cue.i] + [x.tokens[0] for x in r.regions] + list(r.content)))
        for rec in records:
            made = self._finish(rec)
            if made is not None:
                out.append(made)
        return self._dedupe(out)

    # -- people named in the article ---------------------------------------------------------------
    def _collect_people(self) -> None:
        ents = []
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or self.quoted(ent.start) or not self._is_person(ent):
                continue
            name = self._clean_name(ent)
            if not name or len(name) < 3:
                continue
            ents.append((ent, name))
            words = name.split()
            if len(words) > 1:
                self.surnames.setdefault(words[-1].lower(), name)
                self.first_names.setdefault(words[0].lower(), set()).add(name)
        for ent, name in ents:
            who = self._describe_person(ent, name)
            known = self.people.get(who.name)
            if known is None:
                self.people[who.name] = who
            else:
                known.role = known.role or who.role
                known.affiliation = known.affiliation or who.affiliation
                known.gender = known.gender or who.gender

    def _clean_name(self, ent: Span) -> str:
        words = [t.text for t in ent if not t.is_punct or t.text in "-'."]
        while words and words[0].lower().rstrip(".") + "." in HONORIFICS | {w + "." for w in HONORIFICS}:
            words = words[1:]
        while words and words[0].lower() in HONORIFICS:
            words = words[1:]
        name = " ".join(words).replace(" - ", "-").replace(" -", "-").replace("- ", "-")
        name = re.sub(r"\s+'s$|'s$|'$", "", name).strip()
        return name

    def _full_name(self, name: str) -> str:
        words = name.split()
        if len(words) == 1 and words[0].lower() in self.surnames:
            return self.surnames[words[0].lower()]
        if len(words) == 1 and len(self.first_names.get(words[0].lower(), ())) == 1:
            return next(iter(self.first_names[words[0].lower()]))
        if name in self.people:
            return name
        if len(words) > 1:
            tail = " " + name.lower()
            longer = [full for full in self.people if (" " + full.lower()).endswith(tail) and full != name]
            if len(longer) == 1:
                return longer[0]
        known = self.index.person(name)
        if known is not None and len(words) == 1:
            return known.name
        return name

    def _describe_person(self, ent: Span, name: str) -> Who:
        """Role, side and gender the text gives a named person where the name stands."""
        doc = self.doc
        head = ent.root
        role_tokens: list[Token] = []
        extra: list[Token] = []
        gender = None
        unit = self.sents[self.sent_of[ent.start]]
        inside = range(unit.start, unit.end)
        # words before the name inside the same noun phrase ("Israeli government spokesman Mark Regev")
        left = max(head.left_edge.i, unit.start)
        poss = set()
        for child in head.children:
            if child.dep_ == "poss" and child.i < ent.start:
                poss.update(t.i for t in child.subtree)
                extra.extend(child.subtree)
        for t in doc[left:ent.start]:
            if t.i in poss or t.dep_ in ("det", "punct") or self.quoted(t.i):
                continue
            if t.dep_ == "case" and not role_tokens:
                continue
            role_tokens.append(t)
        # "X, the chief negotiator," / "X, 29," / "X, of Al-Azhar University"
        for child in head.children:
            if child.dep_ == "appos" and child.i > head.i and child.left_edge.i <= ent.end + 1 \
                    and not (child.ent_type_ == "PERSON"):
                sub = _without_clauses(child)
                if any(t.pos_ in ("NOUN", "PROPN") for t in sub):
                    role_tokens = role_tokens or [t for t in sub]
                    extra.extend(sub)
            elif child.dep_ == "prep" and child.i > head.i and child.lower_ in ("of", "from", "at", "with"):
                extra.extend(child.subtree)
        # "the chief negotiator, Azzam al-Ahmad," (the name is an apposition of the role)
        if head.dep_ == "appos" and head.head.i < ent.start and head.head.i in inside:
            h = head.head
            sub = [t for t in h.subtree if t.i < head.i and not (t.i >= ent.start) and t.dep_ != "relcl"]
            sub = [t for t in sub if not any(a.dep_ in ("relcl", "acl") for a in t.ancestors if a.i >= h.i and a != h)]
            role_tokens = role_tokens or sub
            extra.extend(sub)
        role_tokens = [t for t in role_tokens if t.i in inside]
        while role_tokens and (role_tokens[0].ent_type_ in ("DATE", "TIME", "CARDINAL") or
                               role_tokens[0].dep_ in ("cc", "punct", "prep")):
            role_tokens = role_tokens[1:]
        if any(t.dep_ == "cc" and t.head.ent_type_ == "PERSON" for t in role_tokens):
            role_tokens = []        # "Kerry and Lavrov said": two people, no role
        extra = [t for t in extra if t.i in inside]
        gender_words = list(role_tokens) + list(doc[max(unit.start, ent.start - 2):ent.start])
        role_tokens = [t for t in role_tokens if t.lower_ not in HONORIFICS]
        role = _phrase(role_tokens)
        if role and len(role_tokens) > 1:
            role = _span_text([t for t in role_tokens if not (t.is_punct and t.text not in ("'", "’", "-"))])
            role = re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.I).strip(" ,")
        for t in gender_words:
            if t.lower_ in FEMALE_WORDS:
                gender = "f"
            elif t.lower_ in MALE_WORDS:
                gender = gender or "m"
        full = self._full_name(name)
        words = _span_text(role_tokens) + " " + _span_text(extra)
        aff = self._affiliation(words + " " + full)
        if role and (role.isdigit() or not any(c.isalpha() for c in role)):
            role = None
        return Who(name=full, role=role, affiliation=aff, gender=gender, person=True, head=head.lemma_.lower())

    def _affiliation(self, text: str) -> Optional[str]:
        if not text or not text.strip():
            return None
        return self.index.affiliation_of(text, on=self.on, all_caps=self.all_caps)

    # -- mentions (subjects) for pronouns and "the official" --------------------------------------------
    def _collect_mentions(self, sent: Span) -> None:
        for t in sent:
            if t.dep_ not in ("nsubj", "nsubjpass") or self.quoted(t.i):
                continue
            who = self._who(t)
            if who is not None and who.name:
                self._add_mention(t.i, who)
                if who.person and who.gender is None:
                    who.gender = self._gender_after(t, sent)

    def _gender_after(self, t: Token, sent: Span) -> Optional[str]:
        """"Clinton ... in her attempts": the first personal pronoun after a named subject."""
        for x in self.doc[t.i + 1:min(sent.end, t.i + 15)]:
            if self.quoted(x.i):
                continue
            if x.ent_type_ == "PERSON" and x.i not in range(t.left_edge.i, t.right_edge.i + 1):
                return None
            if x.lower_ in ("she", "her", "herself"):
                return "f"
            if x.lower_ in ("he", "his", "him", "himself"):
                return "m"
        return None

    def _antecedent_body(self, i: int, kind: str) -> Optional[Who]:
        k = bisect.bisect_left(self._mention_pos, i)
        for j in range(k - 1, -1, -1):
            pos, who = self.mentions[j]
            if self.sent_of[pos] < self.sent_of[i] - 8:
                break
            if not who.affiliation:
                continue
            if BODY_CLASSES.get(who.head) == kind and who.head:
                return who
            side = self.index.sides.get(who.affiliation)
            if kind == "group" and side is not None and side.sector in ("REB", "SEP", "OPP") and not who.human:
                return who
        return None

    def _add_mention(self, i: int, who: Who) -> None:
        k = bisect.bisect_right(self._mention_pos, i)
        self._mention_pos.insert(k, i)
        self.mentions.insert(k, (i, who))

    def _antecedent(self, i: int, want: str, head: Optional[str] = None) -> Optional[Who]:
        """The nearest earlier subject that a pronoun ("m", "f", "pl", "it") or a definite
        description (head lemma) can refer to."""
        k = bisect.bisect_left(self._mention_pos, i)
        limit = self.sent_of[i] - (40 if head else 12)
        near = self.sent_of[i] - 6
        for j in range(k - 1, -1, -1):
            pos, who = self.mentions[j]
            if self.sent_of[pos] < limit:
                break
            if head is not None:
                role = (who.role or "").lower()
                if who.head == head or (head in role.split()) or (who.name and head in who.name.lower().split()):
                    return who
                continue
            if want in ("m", "f"):
                if who.human and not who.plural and (who.gender == want or (
                        who.gender is None and self.sent_of[pos] >= near)):
                    if who.gender is None:
                        who.gender = want      # "he said" tells us what the article never said
                    return who
            elif self.sent_of[pos] < near:
                break
            elif want == "pl":
                if who.plural or not who.human:
                    return who
            elif want == "it":
                if not who.human and not who.plural:
                    return who
        return None

    # -- speakers ------------------------------------------------------------------------------------
    def _who(self, subj: Token) -> Optional[Who]:
        """Who a subject token names, or None when it names no possible speaker (cached per token)."""
        if subj.i in self._who_cache:
            return self._who_cache[subj.i]
        who = self._who_uncached(subj)
        self._who_cache[subj.i] = who
        return who

    def _who_uncached(self, subj: Token) -> Optional[Who]:
        low = subj.lower_
        if subj.pos_ == "PRON" or low in PRONOUNS or low in RELATIVE:
            if low in RELATIVE:
                # "Ahmad, who said ..." -> the noun the relative clause hangs on
                clause = subj.head
                if clause.dep_ in ("relcl", "acl") and clause.head.i != subj.i:
                    return self._who(clause.head)
                return None
            kind = PRONOUNS.get(low)
            if kind in ("m", "f", "pl", "it"):
                found = self._antecedent(subj.i, kind)
                return found
            return None
        if subj.lemma_.lower() in NOT_SPEAKERS or subj.pos_ not in ("NOUN", "PROPN", "NUM", "X") or \
                subj.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
            return None
        if subj.lemma_.lower() in DOCUMENTS:
            issuer = _issuer(subj)
            if issuer is not None and issuer.i != subj.i and self.sent_of[issuer.i] == self.sent_of[subj.i]:
                return self._who(issuer)
        tokens = speaker_tokens(subj)
        if not tokens:
            return None
        # a named person as the speaker: the name holds the head, is its apposition, or its compound
        person = self._person_of(subj)
        if person is not None:
            name = self._clean_name(person)
            if name:
                full = self._full_name(name)
                known = self.people.get(full)
                who = Who(name=full, person=True, head=subj.lemma_.lower())
                desc = self._describe_person(person, name)
                who.role = desc.role or (known.role if known else None)
                who.affiliation = desc.affiliation or (known.affiliation if known else None)
                who.gender = desc.gender or (known.gender if known else None)
                if who.role is None:
                    who.role = self.index.role_of(full, self.on)
                if who.affiliation is None:
                    who.affiliation = self._affiliation(full)
                return who
        head = subj.lemma_.lower()
        words = [t for t in tokens]
        if len(words) > 12:     # a runaway parse: keep the head with its modifiers
            words = sorted([subj] + [c for c in subj.children if c.dep_ in ("compound", "amod", "nmod")
                                     and c.i < subj.i], key=lambda t: t.i)
            tokens = words
        phrase = _phrase(words, strip_det=True)
        if not phrase:
            return None
        if subj.pos_ == "PROPN" and all(t.pos_ == "PROPN" or t.is_punct for t in tokens):
            # a name the model did not tag as a person this time ("But Raab said")
            known = self.people.get(self._full_name(phrase))
            if known is not None:
                return known
        if subj.pos_ == "PROPN":
            # "U.N. High Commissioner for Human Rights Zeid Ra'ad Al Hussein": a known person at the end
            found = [m for m in self.index.find(phrase, self.on, all_caps=self.all_caps) if m.actor.kind == "person"]
            if found and found[-1].end >= len(phrase) - 1:
                m = found[-1]
                role = phrase[:m.start].strip(" ,") or self.index.role_of(m.actor.name, self.on)
                return Who(name=m.actor.name, role=role or None, person=True, head=head,
                           affiliation=self._affiliation(phrase))
        plural = subj.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj.children)
        human = head in HUMAN_NOUNS or subj.ent_type_ == "PERSON"
        ent = self.ent_of.get(subj.i)
        if subj.pos_ == "PROPN" and ent is not None and ent.label_ in ("NORP",) and subj.tag_ == "NNPS":
            plural, human = True, True   # "Palestinians say"
        aff = self._affiliation(_span_text(_with_appositions(subj, tokens)))
        plausible = not (subj.pos_ == "NOUN" and subj.text[:1].islower() and aff is None and
                         head not in HUMAN_NOUNS | BODY_NOUNS | DOCUMENTS and
                         not any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in tokens))
        if aff is None:
            # "Blair's office", "a spokesman for Netanyahu": what the article said of that person
            for t in tokens:
                e = self.ent_of.get(t.i)
                if e is not None and e.label_ == "PERSON" and t.i == e.root.i:
                    known = self.people.get(self._full_name(self._clean_name(e)))
                    if known is not None and known.affiliation:
                        aff = known.affiliation
                        break
        who = Who(name=phrase, affiliation=aff, human=human, plural=plural, head=head, plausible=plausible)
        det = next((c.lower_ for c in subj.children if c.dep_ in ("det", "poss")), None)
        if det in ("our", "this") and head in ("correspondent", "reporter", "editor", "journalist"):
            return None     # the outlet's own reporter is the narrator, not a source
        who.indefinite = det in ("a", "an", "another", "one")
        if aff is None and det == "the" and head in BODY_CLASSES:
            # "the army said", "the group said": the last body of that kind the article named
            found = self._antecedent_body(subj.i, BODY_CLASSES[head])
            if found is not None:
                who.affiliation = found.affiliation
                who.human = False
        # a definite description of someone named before: "the official", "the U.S. official"
        if human and det in ("the", "this", "that") and not any(
                self.ent_of.get(t.i) is not None and self.ent_of[t.i].label_ == "PERSON" for t in tokens):
            found = self._antecedent(subj.i, "", head=head)
            if found is not None:
                return found
        who.anonymous = human and (head in ANON_HEADS or head in HUMAN_NOUNS) or head in ("media", "report")
        for t in tokens:
            if t.lower_ in FEMALE_WORDS:
                who.gender = "f"
            elif t.lower_ in MALE_WORDS:
                who.gender = who.gender or "m"
        return who

    def _person_of(self, subj: Token) -> Optional[Span]:
        """The named person a subject names: the subject itself, its apposition ("the chief
        negotiator, Azzam al-Ahmad"), or a name the subject is coordinated with by a bad parse; not
        a name inside a prepositional phrase ("a spokesman for Netanyahu") or a possessive."""
        ent = self.ent_of.get(subj.i)
        if ent is not None and ent.label_ == "PERSON" and self._is_person(ent):
            return ent
        for t in subj.subtree:
            e = self.ent_of.get(t.i)
            if e is None or e.label_ != "PERSON" or t.i != e.root.i:
                continue
            path_ok = True
            x = t
            while x.i != subj.i:
                if x.dep_ not in ("appos", "conj", "compound", "nmod"):
                    path_ok = False
                    break
                x = x.head
            if path_ok and self._is_person(e):
                return e
        for child in subj.children:
            # "the US top negotiator, Zalmay Khalilzad," with the name tagged as something else
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                span = self.doc[child.left_edge.i:child.i + 1]
                if all(t.pos_ == "PROPN" for t in span) and (
                        self.index.person(span.text) is not None or self._full_name(span.text) in self.people):
                    return span
        return None

    def _is_person(self, ent: Span) -> bool:
        """False for a place or a body the model took for a person ("Khan Younis", "Iron Dome")."""
        matches = self.index.find(ent.text, self.on, all_caps=self.all_caps)
        return not any(m.actor.kind != "person" and m.end - m.start >= 0.6 * len(ent.text) for m in matches)

    # -- cues ------------------------------------------------------------------------------------------
    def _sentence_records(self, sent: Span) -> list[Record]:
        out = []
        for t in sent:
            if self.in_region[t.i] >= 0:
                continue
            lemma = t.lemma_.lower()
            if lemma == "accord" and t.lower_ == "according" and self.f.according_to:
                rec = self._according(t)
            elif lemma in self.cues and t.tag_.startswith("VB") and t.dep_ not in ("amod", "compound"):
                rec = self._cue(t, lemma)
            else:
                continue
            if rec is not None:
                out.append(rec)
        # a cue inside another cue's content reports the same speech: keep the outer one
        keep = []
        for rec in out:
            if any(o is not rec and rec.cue.i in o.content and not o.according for o in out):
                continue
            if rec.according and any(o is not rec and o.cue.i in rec.content for o in out):
                continue    # "'…,' said an official, according to Yahoo": the official is the speaker
            keep.append(rec)
        return keep

    def _cue(self, verb: Token, lemma: str) -> Optional[Record]:
        doc = self.doc
        if any(c.dep_ == "neg" for c in verb.children):
            return None
        if verb.dep_ in ("xcomp",) and verb.head.lemma_.lower() in CANCEL_HEADS:
            return None
        if any(c.dep_ == "auxpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children):
            if lemma != "quote":
                return None
        subj = self._subject_of(verb)
        if subj is None or self.in_region[subj.i] >= 0:
            return None
        allowed = self.cues[lemma]
        content: set[int] = set()
        heads: list[Token] = []
        if verb in subj.subtree:      # "an official, later revealing that ..." (the cue hangs on the speaker)
            subj_ids = {t.i for t in speaker_tokens(subj)}
        else:
            subj_ids = {t.i for t in subj.subtree}
        cue_tokens = [verb]
        unit = self.sent_of[verb.i]
        later_clause = any(c.dep_ == "ccomp" and c.i > verb.i and self.sent_of[c.i] == unit for c in verb.children)
        objects = [c for c in verb.children if c.dep_ == "dobj" and self.sent_of[c.i] == unit]
        for c in verb.children:
            dep = c.dep_
            take = False
            if self.sent_of[c.i] != unit:
                continue
            if dep == "ccomp":
                take = c.i > verb.i or not later_clause
            elif dep == "dobj" and lemma == "tell":
                # "told reporters the talks had failed": the second object is what was said
                take = len(objects) > 1 and c.i != objects[0].i
            elif dep == "xcomp" and "x" in allowed:
                take = True
            elif dep == "dobj" and ("d" in allowed or (lemma in ("describe", "accuse", "call", "urge", "warn",
                                                                  "dismiss", "brand", "label", "term", "blame",
                                                                  "criticize", "criticise", "condemn", "welcome"))):
                take = True
            elif dep == "dobj" and "r" in allowed and c.lemma_.lower() in ("responsibility", "credit"):
                take = True
            elif dep in ("prep",) and c.lower_ in allowed.split():
                take = True
            elif dep == "oprd" or (dep == "advcl" and lemma in ("describe", "call")):
                take = True
            elif dep == "parataxis" and c.i > verb.i and lemma in ("say", "add", "write", "tell", "tweet"):
                # "he said: the talks are over" is sometimes parsed as parataxis
                take = any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) and any(
                    doc[j].text in (":", ",") for j in range(verb.i + 1, c.left_edge.i + 1))
            if take and c.i not in subj_ids:
                heads.append(c)
                content.update(t.i for t in c.subtree)
            elif dep in ("dative", "prt") or (dep == "dobj" and lemma == "tell"):
                cue_tokens.extend([x for x in c.subtree if self.sent_of[x.i] == unit and not (
                    x.dep_ in ("acl", "relcl") or any(a.dep_ in ("acl", "relcl") for a in x.ancestors if a.i > c.i)
                )] if dep != "prt" else [c])
            elif dep == "prep" and c.lower_ in ("on", "in", "to", "via", "through") and any(
                    g.dep_ == "pobj" and g.lemma_.lower() in CHANNELS for g in c.children):
                cue_tokens.extend(c.subtree)
        if lemma in NAMING:
            # "called the proposal "far from ..."": everything the verb governs on its right
            for c in verb.children:
                if c.i > verb.i and c.dep_ not in ("conj", "cc", "punct", "mark", "advcl", "npadvmod") \
                        and self.sent_of[c.i] == unit and c.i not in content:
                    heads.append(c)
                    content.update(t.i for t in c.subtree)
        if not heads:
            # "<clause>, officials say." where the parse hung the clause elsewhere
            first = min(t.i for t in speaker_tokens(subj) or [subj]) if subj.i < verb.i else verb.i
            start = self.sents[unit].start
            before = self.doc[first - 1] if first > start else None
            tail = [t for t in self.doc[verb.i + 1:self.sents[unit].end] if not (t.is_punct or t.is_space)]
            if before is not None and (before.text in (",", "\u2014", "--") or self.mark[before.i]) and \
                    len(tail) <= 4 and not any(t.pos_ in ("VERB", "AUX") for t in tail):
                content = {i for i in range(start, first - 1) if not self.doc[i].is_space}
                if content:
                    heads = [self.doc[max(content)]]
        if not heads and verb.dep_ == "parataxis" and verb.head.i > verb.i and len(list(verb.subtree)) <= 8 \
                and self.sent_of[verb.head.i] == unit and verb.head.lemma_.lower() not in self.cues:
            # "During his years in office, Mr. Obama said, a majority came to believe ...": a parenthesis
            after = [t for t in verb.subtree if t.i > verb.i and not t.is_punct]
            nxt = self.doc[max([verb.i] + [t.i for t in after]) + 1] if verb.i + 1 < len(self.doc) else None
            if nxt is not None and nxt.text == ",":
                h = verb.head
                verb_sub = {t.i for t in verb.subtree}
                content = {t.i for t in h.subtree if t.i not in verb_sub}
                heads = [h]
        if not heads and verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.i < verb.i \
                and verb.head.lemma_.lower() not in self.cues and self.sent_of[verb.head.i] == unit:
            # "…, officials say" / "…, Israel Radio said": the clause the cue is attached to
            first = min(t.i for t in speaker_tokens(subj) or [subj]) if subj.i < verb.i else verb.i
            before = self.doc[first - 1] if first > 0 else None
            if before is not None and (before.is_punct or self.mark[before.i]):
                h = verb.head
                verb_sub = {t.i for t in verb.subtree}
                content = {t.i for t in h.subtree if t.i not in verb_sub and t.i < first}
                heads = [h]
        content -= subj_ids
        content.discard(verb.i)
        unit = self.sent_of[verb.i]
        content = {i for i in content if self.sent_of[i] == unit}
        rest = [t for t in cue_tokens[1:] if not t.is_punct or t.text in ("-", "'", "'s")]
        cue_text = _span_text([verb]) + (" " + _span_text(rest) if rest else "")
        return Record(cue=verb, speaker_tokens=[subj], content=content, content_heads=heads, cue_text=cue_text,
                      issued=subj.lemma_.lower() in DOCUMENTS)

    def _subject_of(self, verb: Token) -> Optional[Token]:
        unit = self.sent_of[verb.i]
        found = self._subject_walk(verb)
        if found is None or (found.i > verb.i and found.head.i != verb.i and found.head.i != verb.head.i):
            inverted = self._inverted_subject(verb)
            if inverted is not None:
                return inverted
        if found is not None and self.sent_of[found.i] == unit:
            return found
        if found is not None or verb.dep_ == "conj":
            # the parse joined two sentences: take the nearest subject before the cue in its own sentence
            start = self.sents[unit].start
            for i in range(verb.i - 1, start - 1, -1):
                t = self.doc[i]
                if t.dep_ == "nsubj" and not self.quoted(i) and t.head.pos_ in ("VERB", "AUX"):
                    return t
            # ... or the one phrase that opens the sentence before the cue ("Foreign Secretary X said")
            roots = [t for t in self.doc[start:verb.i] if not (t.is_punct or t.is_space)
                     and not (start <= t.head.i < verb.i)]
            if len(roots) == 1 and roots[0].pos_ in ("PROPN", "NOUN") and not self.quoted(roots[0].i):
                return roots[0]
        return None

    def _inverted_subject(self, verb: Token) -> Optional[Token]:
        """'"…," said Marta Kovel' when the parse hung the name elsewhere."""
        doc = self.doc
        j = verb.i - 1
        while j >= 0 and doc[j].is_space:
            j -= 1
        if j < 0 or not (self.mark[j] or doc[j].text == ","):
            return None
        k = verb.i + 1
        if k >= len(doc) or self.sent_of[k] != self.sent_of[verb.i]:
            return None
        ent = self.ent_of.get(k)
        if ent is not None and ent.label_ == "PERSON":
            return doc[ent.end - 1]
        if doc[k].pos_ == "PROPN":
            while k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN":
                k += 1
            return doc[k]
        if doc[k].pos_ == "DET":
            for t in doc[k + 1:min(len(doc), k + 6)]:
                if t.pos_ in ("NOUN", "PROPN") and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ in ("NOUN", "PROPN")):
                    return t
        return None

    def _subject_walk(self, verb: Token) -> Optional[Token]:
        v = verb
        for _ in range(4):
            for c in v.children:
                if c.dep_ in ("nsubj",) or (c.dep_ == "nsubjpass" and v is not verb):
                    return c
                if c.dep_ == "agent":
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
            if v.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep") and v.head.i != v.i:
                if v.dep_ == "advcl" and v.i < v.head.i and v.tag_ == "VBG":
                    v = v.head          # "Speaking on Monday, X said" -> X
                    continue
                if v.dep_ == "advcl":
                    return None
                v = v.head
                continue
            if v.dep_ == "acl" and v.tag_ == "VBG" and v.head.pos_ in ("NOUN", "PROPN"):
                return v.head           # "a senior official, later revealing that ..."
            return None
        return None

    def _according(self, acc: Token) -> Optional[Record]:
        to = next((c for c in acc.children if c.lower_ == "to"), None)
        if to is None and acc.i + 1 < len(self.doc) and self.doc[acc.i + 1].lower_ == "to":
            to = self.doc[acc.i + 1]
        if to is None:
            return None
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        head = acc.head
        while head.dep_ not in ("ROOT",) and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        acc_sub = {t.i for t in acc.subtree} | {t.i for t in to.subtree}
        sent = self.sents[self.sent_of[acc.i]]
        content = {t.i for t in head.subtree if t.i not in acc_sub and sent.start <= t.i < sent.end}
        if len([i for i in content if not self.doc[i].is_punct]) < 3:
            return None
        return Record(cue=acc, speaker_tokens=[pobj], content=content, content_heads=[head],
                      cue_text="according to", according=True)

    # -- quotation marks ---------------------------------------------------------------------------
    def _attach_regions(self, records: list[Record]) -> None:
        doc = self.doc
        by_sent: dict[int, list[Record]] = {}
        for rec in records:
            by_sent.setdefault(self.sent_of[rec.cue.i], []).append(rec)
        for r in self.regions:
            a, b = r.tokens
            if b <= a:
                continue
            first, last = self.sent_of[a], self.sent_of[b - 1]
            cands = []
            for k in range(first, last + 1):
                cands.extend(by_sent.get(k, []))
            if b < len(doc):
                k2 = self.sent_of[min(b + 1, len(doc) - 1)]
                if k2 > last:
                    cands.extend(by_sent.get(k2, []))
            if not cands:
                continue
            inner = [i for i in range(a, b) if not doc[i].is_space]
            best, best_share = None, 0.0
            for rec in cands:
                share = sum(1 for i in inner if i in rec.content) / max(1, len(inner))
                if share > best_share:
                    best, best_share = rec, share
            if best is not None and best_share >= 0.5:
                r.owner = best
                best.regions.append(r)
                continue
            for rec in sorted(cands, key=lambda x: abs(x.cue.i - a)):
                if self._adjacent(r, rec):
                    r.owner = rec
                    rec.regions.append(r)
                    rec.adjacent = True
                    break

    def _adjacent(self, r: Region, rec: Record) -> bool:
        """"…," he said / he told AFP: "…" / "…" said X: only punctuation between."""
        doc = self.doc
        a, b = r.tokens
        clause = self._clause_tokens(rec)
        lo, hi = min(clause), max(clause)
        if hi < a:
            gap = range(hi + 1, a)
        elif lo >= b:
            gap = range(b, lo)
        else:
            return False
        return all(doc[i].is_punct or doc[i].is_space or self.mark[i] for i in gap) and len(gap) <= 4

    def _clause_tokens(self, rec: Record) -> list[int]:
        """The cue with its speaker and the words that belong to it ("he told AFP on Sunday")."""
        ids = {rec.cue.i}
        for t in rec.speaker_tokens:
            ids.update(x.i for x in speaker_tokens(t) or [t])
        for c in rec.cue.children:
            if c.i in rec.content or c.dep_ in ("punct",):
                continue
            if self.in_region[c.i] >= 0 or any(self.in_region[x.i] >= 0 for x in c.subtree):
                continue
            ids.update(x.i for x in c.subtree)
        return sorted(ids)

    def _orphan_regions(self, records: list[Record]) -> list[Record]:
        """Quotations with no cue of their own: the cue before a colon, the quotation they continue,
        a bare cue in the next sentence, or a name before a colon."""
        doc = self.doc
        out: list[Record] = []
        previous: Optional[Region] = None
        for r in self.regions:
            a, b = r.tokens
            if b <= a:
                continue
            if r.owner is not None:
                previous = r
                continue
            whole = self._whole_sentences(r)
            src, continuation = None, False
            j = a - 1
            while j >= 0 and (self.mark[j] or doc[j].is_space):
                j -= 1
            colon = j >= 0 and doc[j].text == ":"
            # 1. "X told the BBC:" then the quotation
            if colon:
                src = self._cue_before_colon(j, records)
            # 2. the continuation of the previous quotation
            if src is None and whole and previous is not None and previous.owner is not None:
                pb = previous.tokens[1]
                owner = previous.owner
                cue_unit = self.sent_of[owner.cue.i]
                between = doc[pb:a]
                # only the attribution sentence of the previous quotation lies between them
                if self.sent_of[a] - self.sent_of[max(pb - 1, 0)] <= 1 and all(
                        self.mark[t.i] or t.is_punct or t.is_space or self.sent_of[t.i] == cue_unit
                        for t in between):
                    src, continuation = owner, True
            # 3. a bare cue in the next sentence: "…" \n He added.
            if src is None and whole:
                k = b
                while k < len(doc) and (self.mark[k] or doc[k].is_space or doc[k].is_punct):
                    k += 1
                nxt = self.sent_of[k] if k < len(doc) else len(self.sents)
                if nxt == self.sent_of[b - 1]:
                    nxt += 1
                for cand in records:
                    if self.sent_of[cand.cue.i] == nxt and not cand.regions and not cand.according and \
                            len([i for i in cand.content if not doc[i].is_punct]) <= 2 and cand.cue.i > b:
                        src = cand
                        break
            # 4. "Name: "…"" (a caption, a transcript)
            if src is None and colon and j > 0:
                ent = self.ent_of.get(j - 1)
                if ent is not None and ent.label_ == "PERSON":
                    rec = Record(cue=doc[j], speaker_tokens=[ent.root], content=set(), content_heads=[],
                                 cue_text=":", regions=[r], adjacent=True)
                    r.owner = rec
                    out.append(rec)
                    previous = r
                continue
            if src is None:
                continue
            bare = not src.regions and len([i for i in src.content if not doc[i].is_punct]) <= 2
            if bare and not continuation:
                src.regions.append(r)
                src.adjacent = True
                r.owner = src
            else:
                root = src.source or src
                rec = Record(cue=root.cue, speaker_tokens=root.speaker_tokens, content=set(), content_heads=[],
                             cue_text=root.cue_text, regions=[r], adjacent=True, source=root,
                             cue_sentence=False)
                r.owner = rec
                out.append(rec)
            previous = r
        return out

    def _whole_sentences(self, r: Region) -> bool:
        """True when a quotation fills its sentence(s) (it is not a phrase inside narration)."""
        doc = self.doc
        a, b = r.tokens
        first, last = self.sents[self.sent_of[a]], self.sents[self.sent_of[b - 1]]
        words = [t for t in doc[first.start:last.end] if not (t.is_punct or t.is_space)]
        inside = [t for t in words if a <= t.i < b]
        return len(inside) >= 3 and len(inside) >= 0.7 * len(words)

    def _cue_before_colon(self, colon: int, records: list[Record]) -> Optional[Record]:
        k = self.sent_of[colon]
        for rec in records:
            if self.sent_of[rec.cue.i] == k and rec.cue.i < colon and not rec.according:
                rest = [i for i in rec.content if i < colon and not self.doc[i].is_punct]
                if len(rest) <= 2:
                    return rec
        return None

    # -- records -------------------------------------------------------------------------------------
    def _resolve(self, rec: Record) -> Optional[Who]:
        if rec.who is None:
            if rec.source is not None:
                rec.who = self._resolve(rec.source)
            else:
                rec.who = self._who(rec.speaker_tokens[0])
        return rec.who

    def _finish(self, rec: Record):
        doc = self.doc
        who = self._resolve(rec)
        lemma = rec.cue.lemma_.lower()
        if who is None or not who.name or (not who.plausible and (not rec.regions or lemma in DIRECT_ONLY)):
            return None
        if who.head in DOCUMENTS and not who.affiliation and who.head in self._doc_source and \
                self.sent_of[rec.cue.i] - self._doc_source[who.head][0] <= 8:
            # "The White House said in a statement ... The statement urged ...": the same source
            who = rec.who = self._doc_source[who.head][1]
        else:
            words = rec.cue_text.lower().split()
            if rec.issued:
                words.append(rec.speaker_tokens[0].lemma_.lower())
            for w in words:
                if w in DOCUMENTS:
                    self._doc_source[w] = (self.sent_of[rec.cue.i], who)
        if who.person and who.affiliation is None and not who.role:
            who.affiliation = self._place_side(rec)
        lemma = rec.cue.lemma_.lower()
        if rec.regions:
            rec.kind = "direct" if (rec.adjacent or self._core_quote(rec)) else "indirect"
        else:
            if lemma in DIRECT_ONLY and not rec.according:
                return None
            words = [i for i in rec.content if not doc[i].is_punct and not doc[i].is_space]
            if len(words) < 3:
                return None
            rec.kind = "indirect"
        # what the span covers
        ids = set(rec.content)
        for r in rec.regions:
            ids.update(range(r.tokens[0], r.tokens[1]))
        ids = {i for i in ids if not doc[i].is_space}
        if not ids:
            return None
        whole_quote = bool(rec.regions) and rec.kind == "direct" and (rec.adjacent or self._regions_cover(rec))
        if whole_quote:
            ids = {i for r in rec.regions for i in range(r.tokens[0], r.tokens[1]) if not doc[i].is_space} or ids
        lo, hi = min(ids), max(ids)
        while lo < hi and (doc[lo].is_punct or doc[lo].lower_ in ("that",)) and not self.quoted(lo):
            lo += 1
        while hi > lo and doc[hi].is_punct and not self.quoted(hi):
            hi -= 1
        start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
        if whole_quote:
            text = " … ".join(self.text[r.inner_start:r.inner_end].strip() for r in
                              sorted(rec.regions, key=lambda x: x.inner_start))
            start = min(start, min(r.inner_start for r in rec.regions))
            end = max(end, max(r.inner_end for r in rec.regions))
        else:
            text = self._content_text(ids, lo, hi, rec)
        sent_ids = {self.sent_of[lo], self.sent_of[hi]}
        if rec.cue_sentence:
            sent_ids.add(self.sent_of[rec.cue.i])
        ev_start = min(self.sents[k].start_char for k in sent_ids)
        ev_end = max(self.sents[k].end_char for k in sent_ids)
        while ev_end > ev_start and self.text[ev_end - 1].isspace():
            ev_end -= 1
        return rec, (start, end), (ev_start, ev_end), text

    def _content_text(self, ids: set, lo: int, hi: int, rec: Record) -> str:
        """The reported words; the cue's own words inside them ("the talks, he said, would resume")
        become an ellipsis."""
        doc = self.doc
        clause = set(self._clause_tokens(rec)) - ids
        pieces, run = [], []
        for i in range(lo, hi + 1):
            if i in clause:
                if run:
                    pieces.append(run)
                    run = []
                continue
            run.append(doc[i])
        if run:
            pieces.append(run)
        parts = [doc[p[0].i:p[-1].i + 1].text.strip(" ,") for p in pieces]
        return " … ".join(p for p in parts if p)

    def _place_side(self, rec: Record) -> Optional[str]:
        """A named person nothing else places: the side of the place their sentence names
        ("We are living in Rafah ...," said X)."""
        units = {self.sent_of[rec.cue.i]} | {self.sent_of[r.tokens[0]] for r in rec.regions}
        for k in sorted(units):
            for m in self.index.find(self.sents[k].text, self.on, all_caps=self.all_caps):
                if m.actor.kind == "place" and not m.actor.venue:
                    return m.actor.side_on(self.on)
        return None

    def _core_quote(self, rec: Record) -> bool:
        doc = self.doc
        heads = {h.i for h in rec.content_heads}
        content_words = [i for i in rec.content if not doc[i].is_punct]
        quoted = set()
        for r in rec.regions:
            quoted.update(range(r.tokens[0], r.tokens[1]))
        if content_words and sum(1 for i in content_words if i in quoted) >= 0.5 * len(content_words):
            return True
        for i in quoted:
            t = doc[i]
            if i in heads:
                return True
            if t.head.i in heads and t.dep_ in _CORE_DEPS:
                return True
            # "described the operation as "a very important step"": the object of a content preposition
            if t.dep_ == "pobj" and t.head.head.i in heads and t.head.dep_ == "prep" and \
                    t.head.lower_ in ("as", "for"):
                return True
        return False

    def _regions_cover(self, rec: Record) -> bool:
        doc = self.doc
        content_words = [i for i in rec.content if not doc[i].is_punct]
        if not content_words:
            return True
        quoted = set()
        for r in rec.regions:
            quoted.update(range(r.tokens[0], r.tokens[1]))
        return sum(1 for i in content_words if i in quoted) >= 0.6 * len(content_words)

    def _dedupe(self, made):
        """One record per speaker and sentence (the direct one when there are two)."""
        # "An emergency doctor said ... " then ""...," said Doctor James Smith": the same person
        for n, (rec, _, _, _) in enumerate(made):
            who = rec.who
            if not (who.indefinite and who.human and not who.plural):
                continue
            unit = self.sent_of[rec.cue.i]
            for later, _, _, _ in made[n + 1:n + 4]:
                if self.sent_of[later.cue.i] - unit > 2:
                    break
                lw = later.who
                if lw.person and who.head and who.head in (lw.role or "").lower().split():
                    rec.who = lw
                    break
        out: list = []
        where: dict = {}
        for rec, span, evidence, text in made:
            rec.text = text
            key = (evidence, (rec.who.name or "").lower())
            k = where.get(key)
            if k is None:
                where[key] = len(out)
                out.append((rec, span, evidence))
            elif rec.kind == "direct" and out[k][0].kind != "direct":
                out[k] = (rec, span, evidence)
        return out


# --- helpers ------------------------------------------------------------------------------------------
def _units(doc: Doc) -> list[Span]:
    """The model's sentences, cut again at line breaks (a headline is not part of the next sentence)."""
    units = []
    for sent in doc.sents:
        start = sent.start
        for i in range(sent.start, sent.end):
            if "\n" in doc[i].text and doc[i].is_space:
                if i > start:
                    units.append(doc[start:i + 1])
                start = i + 1
            elif "\n" in doc[i].text_with_ws and i + 1 < sent.end:
                units.append(doc[start:i + 1])
                start = i + 1
        if start < sent.end:
            units.append(doc[start:sent.end])
    return [u for u in units if any(not t.is_space for t in u)] or list(doc.sents)


def speaker_tokens(subj: Token) -> list[Token]:
    """The subject's noun phrase without relative clauses, appositions and participles."""
    keep = []
    drop = set()
    for child in subj.children:
        if child.dep_ in ("appos", "advcl", "parataxis") or (
                child.dep_ == "punct" and child.i > subj.i) or (child.dep_ == "prep" and child.lower_ in (
                "on", "during", "after", "before", "since", "at")):
            drop.update(t.i for t in child.subtree)
    for t in subj.subtree:
        if t.dep_ in ("relcl", "acl") and t.i != subj.i:
            drop.update(x.i for x in t.subtree)
    for t in subj.subtree:
        if t.i in drop:
            continue
        keep.append(t)
    if not keep:
        return []
    # keep only the contiguous run holding the head
    keep.sort(key=lambda t: t.i)
    run = [subj]
    ids = {t.i for t in keep}
    i = subj.i - 1
    while i in ids:
        run.insert(0, subj.doc[i])
        i -= 1
    i = subj.i + 1
    while i in ids:
        run.append(subj.doc[i])
        i += 1
    doc = subj.doc
    # words written together belong together ("al-Abadi" is three tokens)
    while run[0].i > 0 and not doc[run[0].i - 1].whitespace_ and not doc[run[0].i - 1].is_space and \
            doc[run[0].i - 1].text not in ('"', "\u201c", "\u201d", "(", "[") and doc[run[0].i - 1].is_sent_start is not True \
            and not doc[run[0].i - 1].is_punct or (run[0].i > 0 and doc[run[0].i - 1].text == "-" and not doc[run[0].i - 1].whitespace_):
        run.insert(0, doc[run[0].i - 1])
    while run[-1].i + 1 < len(doc) and not run[-1].whitespace_ and (
            doc[run[-1].i + 1].text == "-" or (run[-1].text == "-" and doc[run[-1].i + 1].is_alpha)):
        run.append(doc[run[-1].i + 1])
    while run and (run[-1].is_punct or run[-1].lower_ in ("and", "or")):
        run.pop()
    while run and run[0].is_punct:
        run.pop(0)
    return run


def _issuer(doc_noun: Token) -> Optional[Token]:
    """Who issued a statement: "Hamas's statement", "a statement from/by Hamas", "Hamas issued a
    statement saying ..."."""
    for c in doc_noun.children:
        if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN"):
            return c
        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if c.dep_ == "acl" and c.tag_ == "VBN":
            agent = next((g for g in c.children if g.dep_ == "agent"), None)
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None:
                return pobj
    if doc_noun.dep_ == "dobj" and doc_noun.head.lemma_.lower() in ("issue", "release", "publish", "post", "put",
                                                                     "send", "circulate", "read"):
        subj = next((g for g in doc_noun.head.children if g.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
    return None


def _without_clauses(token: Token) -> list[Token]:
    """A phrase without its relative and participial clauses."""
    drop = set()
    for t in token.subtree:
        if t.dep_ in ("relcl", "acl", "advcl") and t.i != token.i:
            drop.update(x.i for x in t.subtree)
    return [t for t in token.subtree if t.i not in drop]


def _span_text(tokens) -> str:
    """The words of tokens as written (spaCy splits "Al-Ahli" in three)."""
    tokens = sorted(tokens, key=lambda t: t.i)
    out = []
    for n, t in enumerate(tokens):
        out.append(t.text)
        nxt = tokens[n + 1] if n + 1 < len(tokens) else None
        out.append(t.whitespace_ if nxt is not None and nxt.i == t.i + 1 else " ")
    return "".join(out).strip()


def _with_appositions(subj: Token, tokens: list[Token]) -> list[Token]:
    out = list(tokens)
    for child in subj.children:
        if child.dep_ == "appos":
            out.extend(t for t in child.subtree if t.dep_ != "relcl")
    return out


def _phrase(tokens, strip_det: bool = True) -> Optional[str]:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or (strip_det and (tokens[0].dep_ == "det" or tokens[0].lower_ in (
            "the", "a", "an") or (tokens[0].lower_ == "one" and tokens[0].head.pos_ == "PROPN")))):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in (".",):
        tokens = tokens[:-1]
    while tokens and tokens[-1].text in (".", ",", "'s", "'"):
        if tokens[-1].text == "." and len(tokens) > 1 and tokens[-2].text.endswith("."):
            break
        tokens = tokens[:-1]
    if not tokens:
        return None
    out = ""
    for t in tokens:
        out += t.text + t.whitespace_
    out = out.strip()
    out = re.sub(r"\s+", " ", out)
    return out or None


@registry.misc("parley.quote_cues.v1")
def quote_cues() -> dict:
    """The cue lexicon: speech-verb lemma -> what its content may be besides a clause ("x" an
    infinitive, "d" a direct object, "r" "responsibility"/"credit", prepositions by name)."""
    return dict(CUE_VERBS)


@Language.factory("parley_quotes", assigns=["doc.spans"], requires=["token.dep", "token.lemma", "doc.ents"],
                  default_config={"actors": None, "according_to": True,
                                  "cues": {"@misc": "parley.quote_cues.v1"}})
def make_quotes(nlp: Language, name: str, actors: Optional[str], according_to: bool, cues: dict) -> QuoteFinder:
    """actors: an actors file (default: parley/data/actors.yaml); according_to: read "according to X"
    as reported speech; cues: the speech-verb lexicon."""
    return QuoteFinder(load_index(actors), cues=cues, according_to=according_to)
