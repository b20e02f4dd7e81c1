"""Who speaks for which side: names, roles and descriptors resolved to a side, a country and a sector.

Pure Python (no spaCy): the store, the CLI and the web app use it as well as the pipeline. The data
is ``parley/data/actors.yaml`` (its schema is documented at the top of that file): sides (states,
armed groups, international bodies, news organisations) with their aliases and demonyms,
organisations and outlets that belong to a side, people with date-bounded roles, and places.

    >>> affiliation_of("Israeli government spokesman")
    'Israel'
    >>> affiliation_of("the U.N. agency for Palestinian refugees, UNRWA")
    'United Nations'
    >>> canonical_actor("Israeli troops")
    {'name': 'Israel', 'code': 'ISR', 'sector': 'MIL', 'side': 'Israel'}

How a phrase is read: every alias found in it (whole words, longest first, a trailing possessive
ignored) is weighed; named bodies, outlets and people weigh most, then the names and demonyms of
armed groups and international bodies, then those of states, then places. An alias right after
"to", "at", "with", "against" ("ambassador to the UN"), or in "X-backed" / "X-based", counts less;
"anti-X" does not count. The heaviest wins; between equals, the first in the phrase.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml

from .errors import ConfigError

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "actors.yaml"

__all__ = ["Actor", "ActorIndex", "Match", "Role", "affiliation_of", "canonical_actor", "find_actors",
           "load_index", "person", "role_of", "DEFAULT_DATA"]

# Kind of entry -> base weight.
_WEIGHT = {"organisation": 3.0, "outlet": 3.0, "person": 3.0, "group": 2.5, "side": 2.0, "place": 1.0}
_WEAK_SUFFIXES = {"backed", "based", "born", "supported", "funded", "allied", "aligned", "affiliated",
                  "linked", "friendly", "leaning", "sponsored", "trained", "armed"}
_STRONG_SUFFIXES = {"led", "run", "controlled", "held", "dominated", "ruled", "governed", "owned"}
_AWAY = {"to", "at", "with", "against", "toward", "towards", "into", "versus", "vs", "vs.", "on", "over",
         "between", "among", "amid"}
_ENVOY = {"envoy", "envoys", "ambassador", "ambassadors", "representative", "coordinator", "rapporteur",
          "adviser", "advisor", "mediator", "mediators", "negotiator"}

# Descriptor nouns that set the sector of a demonym or a state's name ("Israeli troops" -> MIL).
_SECTOR_NOUNS = {
    "MIL": "military army armies troops soldiers soldier forces force commander commanders general generals "
           "navy air officer officers airstrike airstrikes jets warplanes tanks artillery brigade battalion "
           "defence defense marines paratroopers",
    "COP": "police policeman policemen policemen gendarmerie gendarmes",
    "SPY": "intelligence spy spies agents",
    "GOV": "government officials official minister ministers ministry spokesman spokeswoman spokesperson "
           "president prime cabinet authorities authority administration diplomat diplomats envoy ambassador "
           "negotiator negotiators delegation delegates leader leaders state regime premier foreign embassy",
    "LEG": "parliament lawmakers legislators mp mps senator senators congressman lawmaker",
    "JUD": "court courts judge judges prosecutor prosecutors",
    "REB": "rebels rebel militants militant fighters fighter insurgents insurgent gunmen gunman militia "
           "militias guerrillas guerrilla jihadists jihadist separatists separatist",
    "MED": "media newspaper newspapers television tv radio broadcaster journalist journalists reporter "
           "reporters correspondent correspondents channel daily agency's press",
    "HLH": "doctors doctor medics medic hospital hospitals paramedics nurses health",
    "CVL": "civilians civilian residents resident people villagers families children women men "
           "farmers fishermen workers students protesters demonstrators settlers witnesses eyewitnesses "
           "refugees displaced survivors mother father",
    "REL": "cleric clerics imam church mosque rabbi priest",
    "EDU": "university professor academic analyst analysts scholar",
    "BUS": "company companies businessman businessmen firm traders",
}
_NOUN_SECTOR = {w: sector for sector, words in _SECTOR_NOUNS.items() for w in words.split()}

_TOKEN_RE = re.compile(r"[^\W_](?:[\w.&']|-(?=\w))*", re.UNICODE)


@dataclass(frozen=True)
class Role:
    title: str
    start: Optional[_dt.date] = None
    end: Optional[_dt.date] = None
    side: Optional[str] = None
    sector: Optional[str] = None

    def holds_on(self, day: _dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Actor:
    """One entry of the data: a side, an organisation, an outlet, a person or a place."""

    name: str
    kind: str  # side | organisation | outlet | person | place
    side: str
    code: Optional[str]
    sector: Optional[str]
    roles: tuple[Role, ...] = ()
    venue: bool = False

    def role_on(self, on: Optional[_dt.date]) -> Optional[Role]:
        if on is None or not self.roles:
            return None
        held = [r for r in self.roles if r.holds_on(on)]
        return held[-1] if held else None

    def side_on(self, on: Optional[_dt.date]) -> str:
        role = self.role_on(on)
        return role.side if role is not None and role.side else self.side

    def sector_on(self, on: Optional[_dt.date]) -> Optional[str]:
        role = self.role_on(on)
        return role.sector if role is not None and role.sector else self.sector


@dataclass(frozen=True)
class Match:
    """An alias found in a text: the entry, where (character offsets) and how much it weighs."""

    actor: Actor
    start: int
    end: int
    text: str
    weight: float


def _parse_day(value, *, end: bool) -> Optional[_dt.date]:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return _dt.date(int(text), 12, 31) if end else _dt.date(int(text), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            y, m = int(text[:4]), int(text[5:7])
            if end:
                nxt = _dt.date(y + (m == 12), m % 12 + 1, 1)
                return nxt - _dt.timedelta(days=1)
            return _dt.date(y, m, 1)
        return _dt.date.fromisoformat(text[:10])
    except ValueError as err:
        raise ConfigError(f"actors data: bad date {value!r} ({err})") from err


def as_date(on) -> Optional[_dt.date]:
    """A date from a date, a datetime or an ISO string (YYYY, YYYY-MM or YYYY-MM-DD); None if unknown."""
    if on is None:
        return None
    if isinstance(on, _dt.datetime):
        return on.date()
    if isinstance(on, _dt.date):
        return on
    text = str(on).strip()
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2) or 7), int(m.group(3) or (15 if m.group(2) else 1)))
    except ValueError:
        return None


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return (text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
            .replace("\u2010", "-").replace("\u2011", "-").replace("\u2012", "-"))


def _strip_possessive(word: str) -> str:
    if word.endswith("'s") or word.endswith("'S"):
        return word[:-2]
    if word.endswith("'"):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """Case- and accent-insensitive form of one word."""
    word = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in word if not unicodedata.combining(c))


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Words with their offsets; a trailing possessive is dropped, dots kept inside acronyms, and a
    modifier suffix split off ("Qatar-based" -> "Qatar", "-based")."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        word, start = m.group(), m.start()
        word = _strip_possessive(word)
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", word):
            word = word.rstrip(".")
        if not word:
            continue
        head, _, suffix = word.rpartition("-")
        if head and suffix.lower() in _WEAK_SUFFIXES | _STRONG_SUFFIXES:
            out.append((head, start, start + len(head)))
            out.append(("-" + suffix, start + len(head), start + len(word)))
        else:
            out.append((word, start, start + len(word)))
    return out


def _capital_word(words: list[str]) -> bool:
    """Whether an alias is a proper name (its first word after "the" is capitalised)."""
    first = next((w for w in words if w.lower() != "the"), "")
    return first[:1].isupper()


def _capitalised(toks, i: int, n: int) -> bool:
    first = next((w for w, _, _ in toks[i:i + n] if w.lower() != "the"), "")
    return first[:1].isupper() or first[:1].isdigit()


def _exact_form(alias: str) -> Optional[str]:
    """The written form an alias must match as is (capitals), or None when any case will do.
    An explicit "=Word" form keeps its "=" so that all-capitals texts can leave it out."""
    if alias.startswith("="):
        return alias
    letters = re.sub(r"[^A-Za-z]", "", alias)
    if letters and letters.isupper() and len(letters) <= 4:
        return alias
    return None


class ActorIndex:
    """Aliases of every entry of an actors file, for longest-match lookup."""

    MAX_WORDS = 8

    def __init__(self, data: dict, source: str = "actors data"):
        if not isinstance(data, dict) or not isinstance(data.get("sides"), list):
            raise ConfigError(f"{source}: expected a mapping with a 'sides' list")
        self.source = source
        self.sides: dict[str, Actor] = {}
        self._aliases: dict[tuple[str, ...], list[tuple[Actor, Optional[str]]]] = {}
        self.people: dict[str, Actor] = {}
        self._longest_from: dict[str, int] = {}  # first word of an alias -> most words of one
        for item in data["sides"]:
            name = self._req(item, "name", "sides")
            kind = "side" if (item.get("sector") or "GOV") == "GOV" else "group"
            actor = Actor(name=name, kind=kind, side=name, code=item.get("code"), sector=item.get("sector"))
            self.sides[name] = actor
            aliases = list(item.get("aliases") or [])
            self._add(actor, ([] if "=" + name in aliases else [name]) + aliases)
        for section, kind in (("organisations", "organisation"), ("outlets", "outlet")):
            for item in data.get(section) or []:
                side = self._side(item, section)
                actor = Actor(name=self._req(item, "name", section), kind=kind, side=side.name,
                              code=item.get("code", side.code),
                              sector=item.get("sector") or ("MED" if kind == "outlet" else side.sector))
                self._add(actor, [actor.name] + list(item.get("aliases") or []))
        for item in data.get("people") or []:
            side = self._side(item, "people")
            roles = []
            for r in item.get("roles") or []:
                if r.get("side") is not None and r["side"] not in self.sides:
                    raise ConfigError(f"{source}: role side {r['side']!r} of {item.get('name')!r} is not a side")
                roles.append(Role(title=str(r.get("title") or ""), start=_parse_day(r.get("start"), end=False),
                                  end=_parse_day(r.get("end"), end=True), side=r.get("side"),
                                  sector=r.get("sector")))
            actor = Actor(name=self._req(item, "name", "people"), kind="person", side=side.name,
                          code=item.get("code", side.code), sector=item.get("sector") or side.sector,
                          roles=tuple(roles))
            names = [actor.name] + list(item.get("aliases") or [])
            self._add(actor, names)
            for n in names:
                self.people.setdefault(_key(n), actor)
        for item in data.get("places") or []:
            side = self._side(item, "places")
            for name in item.get("names") or []:
                actor = Actor(name=str(name), kind="place", side=side.name, code=item.get("code", side.code),
                              sector=side.sector, venue=bool(item.get("venue")))
                self._add(actor, [name])

    # -- building ---------------------------------------------------------------------------------
    def _req(self, item, field, section):
        if not isinstance(item, dict) or not item.get(field):
            raise ConfigError(f"{self.source}: an entry of '{section}' has no {field}: {item!r}")
        return str(item[field])

    def _side(self, item, section) -> Actor:
        name = self._req(item, "side", section)
        if name not in self.sides:
            raise ConfigError(f"{self.source}: '{section}' entry {item.get('name') or item.get('names')!r} "
                              f"names an unknown side {name!r}")
        return self.sides[name]

    def _add(self, actor: Actor, aliases: Iterable[str]) -> None:
        for alias in aliases:
            alias = normalise(str(alias))
            exact = _exact_form(alias)
            words = [w for w, _, _ in _tokens(alias.lstrip("=")) if not w.startswith("-")]
            if not words or len(words) > self.MAX_WORDS:
                continue
            key = tuple(_fold(w) for w in words)
            self._longest_from[key[0]] = max(self._longest_from.get(key[0], 0), len(key))
            bucket = self._aliases.setdefault(key, [])
            capital = _capital_word(words)
            if not any(a is actor and e == exact for a, e, _ in bucket):
                bucket.append((actor, exact, capital))

    # -- lookup ----------------------------------------------------------------------------------
    def find(self, text: str, on=None, *, all_caps: Optional[bool] = None) -> list[Match]:
        """Every alias in ``text`` (longest first, no overlaps), weighed; in text order."""
        if not text:
            return []
        text = normalise(text)
        toks, suffixes = [], []
        for tok in _tokens(text):
            if tok[0].startswith("-"):
                if suffixes:
                    suffixes[-1] = tok[0][1:].lower()
                continue
            toks.append(tok)
            suffixes.append("")
        if all_caps is None:
            words = [w for w, _, _ in toks if any(c.isalpha() for c in w)]
            all_caps = len(words) >= 3 and not any(c.islower() for c in text)
        day = as_date(on)
        matches: list[Match] = []
        folded = [_fold(w) for w, _, _ in toks]
        i = 0
        while i < len(toks):
            hit = self._longest(text, toks, i, all_caps, folded)
            if hit is not None:
                n, actor = hit
                s, e = toks[i][1], toks[i + n - 1][2]
                matches.append(Match(actor, s, e, text[s:e], self._weight(actor, text, toks, i, day, n, suffixes[i + n - 1])))
                i += n
                continue
            word, s, e = toks[i]
            if "-" in word:
                matches.extend(self._inside_hyphenated(text, word, s, toks, i, all_caps, day))
            i += 1
        return matches

    def _longest(self, text, toks, i, all_caps, folded=None):
        if folded is None:
            folded = [_fold(w) for w, _, _ in toks]
        most = self._longest_from.get(folded[i], 0)
        for n in range(min(most, len(toks) - i), 0, -1):
            key = tuple(folded[i:i + n])
            bucket = self._aliases.get(key)
            if not bucket:
                continue
            written = text[toks[i][1]:toks[i + n - 1][2]]
            nxt = toks[i + n][0] if i + n < len(toks) else ""
            for actor, exact, capital in bucket:
                if actor.kind == "person" and n == 1 and nxt[:1].isupper() and not all_caps:
                    continue       # "Abbas Mousavi" is not Mahmoud Abbas
                if exact is None:
                    if capital and not all_caps and not _capitalised(toks, i, n):
                        continue
                    return n, actor
                explicit = exact.startswith("=")
                exact = exact.lstrip("=")
                if all_caps and (explicit or (len(re.sub(r"[^A-Za-z]", "", exact)) < 4 and "." not in exact)):
                    continue       # "LIBERATION" in a text in capitals is not the newspaper
                if all_caps or _same_written(written, exact):
                    return n, actor
        return None

    def _inside_hyphenated(self, text, word, start, toks, i, all_caps, day) -> list[Match]:
        parts = word.split("-")
        lower = [p.lower() for p in parts]
        if lower[0] == "anti":
            return []
        out = []
        pos = start
        spans = []
        for p in parts:
            spans.append((p, pos, pos + len(p)))
            pos += len(p) + 1
        suffix = lower[-1]
        j = 0
        while j < len(spans):
            hit = self._longest(text, spans, j, all_caps)
            if hit is None:
                j += 1
                continue
            n, actor = hit
            s, e = spans[j][1], spans[j + n - 1][2]
            weight = self._weight(actor, text, toks, i, day)
            if suffix in _WEAK_SUFFIXES or lower[0] == "pro":
                weight -= 1.5
            out.append(Match(actor, s, e, text[s:e], weight))
            j += n
        return out

    def _weight(self, actor: Actor, text, toks, i, day, n: int = 1, suffix: str = "") -> float:
        weight = _WEIGHT[actor.kind]
        after = toks[i + n][0].lower() if i + n < len(toks) else ""
        if suffix in _WEAK_SUFFIXES:
            weight -= 1.5                      # "Iranian-backed", "Qatar-based"
        if actor.side == "United Nations" and after in ("ambassador", "ambassadors"):
            weight -= 2.0                      # "Britain's U.N. ambassador" speaks for Britain
        if i > 0:
            before = toks[i - 1][0].lower()
            if before in ("the",) and i > 1:
                before = toks[i - 2][0].lower()
                back = i - 2
            else:
                back = i - 1
            if before in _AWAY:
                weight -= 2.0
            elif before == "for" and any(w.lower() in _ENVOY for w, _, _ in toks[max(0, back - 3):back]):
                weight -= 2.0
        return weight

    def best(self, text: str, on=None, *, all_caps: Optional[bool] = None) -> Optional[Match]:
        matches = self.find(text, on, all_caps=all_caps)
        if not matches:
            return None
        top = max(m.weight for m in matches)
        return next(m for m in matches if m.weight == top)

    def affiliation_of(self, text: str, *, on=None, all_caps: Optional[bool] = None) -> Optional[str]:
        match = self.best(text, on, all_caps=all_caps)
        return match.actor.side_on(as_date(on)) if match else None

    def canonical_actor(self, text: str, on=None, *, all_caps: Optional[bool] = None) -> Optional[dict]:
        match = self.best(text, on, all_caps=all_caps)
        if match is None:
            return None
        day = as_date(on)
        actor = match.actor
        side = self.sides[actor.side_on(day)]
        if actor.kind in ("side", "group", "place"):
            sector = (_descriptor_sector(text, match) if side.sector == "GOV" else None) or side.sector
            return {"name": side.name, "code": side.code, "sector": sector, "side": side.name}
        if actor.kind == "person":
            code = side.code if side.name != actor.side else actor.code
            return {"name": actor.name, "code": code, "sector": actor.sector_on(day), "side": side.name}
        return {"name": actor.name, "code": actor.code, "sector": actor.sector, "side": side.name}

    def person(self, name: str) -> Optional[Actor]:
        """The person an exact name or alias names ("Netanyahu", "Mrs Clinton"), or None."""
        return self.people.get(_key(name))

    def role_of(self, name: str, on=None) -> Optional[str]:
        actor = self.person(name)
        role = actor.role_on(as_date(on)) if actor else None
        return role.title if role else None


def _same_written(written: str, exact: str) -> bool:
    return re.sub(r"\s+", " ", written) == re.sub(r"\s+", " ", exact) or \
        _strip_possessive(written) == exact


def _key(name: str) -> str:
    return " ".join(_fold(w) for w, _, _ in _tokens(normalise(name)))


def _descriptor_sector(text: str, match: Match) -> Optional[str]:
    """Sector named by the words after a demonym ("Israeli troops" -> MIL), else by any word."""
    words = [_fold(w) for w, s, _ in _tokens(normalise(text)) if s >= match.end]
    words += [_fold(w) for w, s, _ in _tokens(normalise(text)) if s < match.start]
    for w in words:
        if w in _NOUN_SECTOR:
            return _NOUN_SECTOR[w]
    return None


@lru_cache(maxsize=4)
def load_index(path: Optional[str] = None) -> ActorIndex:
    """The actor index of ``path`` (default: the actors.yaml shipped with parley); cached."""
    where = Path(path) if path else DEFAULT_DATA
    try:
        text = where.read_text(encoding="utf-8")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(text, Loader=loader)
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"{where}: cannot read the actors data ({err})") from err
    return ActorIndex(data, source=str(where))


def affiliation_of(text: str, *, on: _dt.date | None = None) -> str | None:
    """The side a name, role or descriptor belongs to ("Israeli" -> "Israel", "UNRWA" -> "United
    Nations", "Al Jazeera" -> "Qatar", "Netanyahu" -> "Israel"); None when nothing is known.
    ``on`` picks the role a person held that day when the role changes their side."""
    return load_index().affiliation_of(text, on=on)


def canonical_actor(text: str, on: _dt.date | None = None) -> dict | None:
    """{name, code (ISO 3166 alpha-3 or None), sector (GOV MIL REB IGO MED CVL ...), side} of the
    actor a phrase names, or None: "Israeli troops" -> Israel/ISR/MIL, "Hamas" -> Hamas/PSE/REB."""
    return load_index().canonical_actor(text, on=on)


def find_actors(text: str, on: _dt.date | None = None) -> list[Match]:
    """Every actor named in ``text``, in order."""
    return load_index().find(text, on)


def person(name: str) -> Optional[Actor]:
    """The known person a name or alias names, or None."""
    return load_index().person(name)


def role_of(name: str, on: _dt.date | None = None) -> Optional[str]:
    """The office a known person held on a day ("Hillary Clinton", 2012-11-21 -> "US Secretary of State")."""
    return load_index().role_of(name, on)
