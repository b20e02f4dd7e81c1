"""Rounds of talks: articles grouped by conflict, venue and time, side by side.

Pure Python over :class:`parley.types.Extraction` records (no spaCy). The rules (docs/positions.md):

- **Conflict.** The belligerents of an article are the two sides holding most positions in it, leaving
  out its mediators; sides compare by country code where ``parley.actors`` knows one (Hamas and the
  Palestinian delegation are both PSE), so the 2012, 2014 and 2024 Gaza talks are one conflict.
  An article with one belligerent joins the conflict that holds it.
- **Mediators.** A side named in a sentence about mediating ("Egyptian mediators", "Qatar, which has been
  mediating", "an Egyptian effort to broker"), or one whose only positions are proposals.
- **Venue.** The host city (``venue: true`` in actors.yaml) named most often in sentences about the talks.
- **Round.** Articles of one conflict and venue whose publication dates (``article.published.date``)
  are at most ``window_days`` apart, chained; an article with no venue joins the round of its conflict
  that is open at its date. Undated articles come last, in a round of their own per conflict.
- **Matrix.** Party x issue, each cell with the stances taken (in date order) and their evidence.
- **Proposals.** Proposals and offers, and their fate: accepted or rejected by another party in the
  same round, or still open.
- **Changes.** Against the previous round of the same conflict: a party raising an issue for the first
  time, keeping a stance (and since when: "demanded in every round so far"), changing it, or no longer
  raising an issue while still taking part.

    rounds = build_rounds(extractions)
    rounds_to_json(rounds)      # {"rounds": [{"articles", "start", "end", "venue", "parties", ...}]}
    rounds_to_markdown(rounds)  # a brief
    rounds_to_table(rounds)     # rich renderables for a terminal (100 columns)
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional, Sequence

from ..types import Evidence, Extraction, Position, Record

STANCE_ORDER = ("demand", "condition", "offer", "proposal", "accept", "reject")
STANCE_VERB = {"demand": "demands", "offer": "offers", "proposal": "proposes", "accept": "accepts",
               "reject": "rejects", "condition": "sets as a condition"}
STANCE_PAST = {"demand": "demanded", "offer": "offered", "proposal": "proposed", "accept": "accepted",
               "reject": "rejected", "condition": "set as a condition"}
DEFAULT_WINDOW_DAYS = 21

_MEDIATION = re.compile(r"\b(mediat\w*|brokere?d?\b|broker\w*|facilitat\w*|go-between|shuttl\w*|"
                        r"host(?:s|ed|ing)? (?:the )?talks|\w+-led (?:diplomacy|talks|efforts?|mediation))",
                        re.I)
_TALKS = re.compile(r"\b(talks|negotiat\w*|delegat\w*|mediat\w*|dialogue|summit|meeting|truce|cease-?fire|"
                    r"deal|agreement|envoy\w*)\b", re.I)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


# ---------------------------------------------------------------------------------------------------
# Records

@dataclass(frozen=True)
class ArticleRef(Record):
    source: str
    id: str
    date: Optional[str]
    title: Optional[str] = None
    outlet: Optional[str] = None


@dataclass(frozen=True)
class RoundPosition(Record):
    """One position taken in a round, with the article it comes from."""

    party: str
    stance: str
    issue: str
    detail: str
    evidence: Evidence
    article: str  # the article's source
    date: Optional[str] = None
    reported_by: Optional[str] = None
    negated: bool = False
    condition: Optional[str] = None


@dataclass(frozen=True)
class Cell(Record):
    """Party x issue: the stances taken, in date order (the last one is the current one)."""

    party: str
    issue: str
    stance: str
    stances: tuple[str, ...]
    evidence: tuple[RoundPosition, ...]


@dataclass(frozen=True)
class Response(Record):
    party: str
    stance: str  # accept | reject
    evidence: Evidence
    article: str


@dataclass(frozen=True)
class Proposal(Record):
    """A proposal or offer on the table, and what became of it in the round."""

    party: str
    stance: str  # proposal | offer
    issue: str
    detail: str
    evidence: Evidence
    article: str
    fate: str  # accepted | rejected | disputed (accepted by some, rejected by others) | open
    responses: tuple[Response, ...] = ()


@dataclass(frozen=True)
class Change(Record):
    """What moved since the previous round of the same conflict."""

    kind: str  # new | kept | shifted | dropped
    party: str
    issue: str
    before: Optional[str]  # the stance in the previous round
    after: Optional[str]  # the stance in this round
    rounds: tuple[int, ...]  # the rounds of this conflict in which the party took this stance, so far
    text: str


@dataclass(frozen=True)
class Round(Record):
    index: int  # 1-based, in output order
    conflict: tuple[str, ...]  # the belligerents
    venue: Optional[str]
    start: Optional[str]
    end: Optional[str]
    articles: tuple[ArticleRef, ...]
    parties: tuple[str, ...]
    mediators: tuple[str, ...]
    positions: tuple[RoundPosition, ...]
    matrix: tuple[Cell, ...]
    proposals: tuple[Proposal, ...]
    changes: tuple[Change, ...] = ()
    previous: Optional[int] = None  # index of the previous round of the same conflict


# ---------------------------------------------------------------------------------------------------
# Sides, through parley.actors (pure Python) when it is there

def _actors():
    try:
        from .. import actors
    except Exception:  # noqa: BLE001 - rounds still work on the names as written
        return None
    return actors


_ACT = _actors()


def side(name: str, on: Optional[str] = None) -> tuple[str, str]:
    """(display name, comparison key) of a party: the canonical side and its country code if known."""
    if _ACT is not None and name:
        try:
            found = _ACT.canonical_actor(name, on=on)
        except Exception:  # noqa: BLE001
            found = None
        if found:
            shown = found.get("side") or found.get("name") or name
            return shown, (found.get("code") or shown).upper()
    return name, name.upper()


def _venues_in(text: str) -> list[str]:
    """Host cities named in sentences about the talks, most named first."""
    counts: Counter = Counter()
    if _ACT is None:
        return []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if not _TALKS.search(sentence):
            continue
        try:
            found = _ACT.find_actors(sentence)
        except Exception:  # noqa: BLE001
            found = []
        for match in found:
            if getattr(match.actor, "kind", None) == "place" and getattr(match.actor, "venue", False):
                counts[match.text.strip()] += 1
    return [name for name, _ in counts.most_common()]


def _mediators_in(text: str, on: Optional[str]) -> set[str]:
    out: set[str] = set()
    if _ACT is None:
        return out
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if not _MEDIATION.search(sentence):
            continue
        try:
            found = _ACT.find_actors(sentence, on=on)
        except Exception:  # noqa: BLE001
            found = []
        for match in found:
            actor = match.actor
            if getattr(actor, "kind", None) in ("place", "outlet") or getattr(actor, "sector", None) == "MED":
                continue
            name = actor.side_on(None) if hasattr(actor, "side_on") else getattr(actor, "side", None)
            # the side named right before the mediation word ("Egyptian mediators", "Qatar, which
            # has been mediating"), not the sides being mediated between
            window = sentence[match.end: match.end + 45]
            if _MEDIATION.search(window) or re.match(r"\W*-?(led|brokered)\b", window):
                out.add(name)
    return out


def _day(value: Optional[str]) -> Optional[date]:
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------
# Building rounds

@dataclass
class _Art:
    ext: Extraction
    ref: ArticleRef
    day: Optional[date]
    positions: list[RoundPosition]
    keys: dict  # shown name -> comparison key
    conflict: frozenset
    belligerents: tuple[str, ...]
    mediators: set
    venue: Optional[str]


def _article(ext: Extraction) -> _Art:
    a = ext.article
    published = a.published.date if a.published else None
    ref = ArticleRef(source=a.source, id=a.id, date=published, title=a.title, outlet=a.outlet)
    positions, keys = [], {}
    for p in ext.positions:
        shown, key = side(p.party, published)
        keys[shown] = key
        positions.append(_round_position(p, shown, a.source, published))
    text = a.text or ""
    mediators = {side(m, published)[0] for m in _mediators_in(text, published)}
    counts = Counter(p.party for p in positions)
    only_proposals = {party for party in counts
                      if all(p.stance == "proposal" for p in positions if p.party == party)}
    mediators |= only_proposals
    by_key: Counter = Counter()
    for party, n in counts.items():
        if party not in mediators:
            by_key[keys[party]] += n
    top = [k for k, _ in by_key.most_common(2)]
    shown_of = {}
    for party, n in counts.most_common():
        shown_of.setdefault(keys[party], party)
    venues = _venues_in(text)
    return _Art(ext=ext, ref=ref, day=_day(published), positions=positions, keys=keys,
                conflict=frozenset(top), belligerents=tuple(shown_of[k] for k in top),
                mediators=mediators - {shown_of[k] for k in top}, venue=venues[0] if venues else None)


def _round_position(p: Position, party: str, source: str, published: Optional[str]) -> RoundPosition:
    return RoundPosition(party=party, stance=p.stance, issue=p.issue, detail=p.detail, evidence=p.evidence,
                         article=source, date=published, reported_by=p.reported_by, negated=p.negated,
                         condition=p.condition)


def _conflicts(arts: list[_Art]) -> dict[int, frozenset]:
    """The conflict of each article; one with a single belligerent joins the conflict holding it."""
    full = Counter(a.conflict for a in arts if len(a.conflict) >= 2)
    out = {}
    for i, a in enumerate(arts):
        if len(a.conflict) >= 2 or not a.conflict:
            out[i] = a.conflict
            continue
        holding = [(n, c) for c, n in full.items() if a.conflict <= c]
        out[i] = max(holding, key=lambda x: x[0])[1] if holding else a.conflict
    return out


def build_rounds(extractions: Iterable[Extraction], *, window_days: int = DEFAULT_WINDOW_DAYS) -> list[Round]:
    """Group extraction records into rounds of talks, ordered by date (undated rounds last)."""
    arts = [_article(e) for e in extractions]
    conflict_of = _conflicts(arts)
    groups: dict[frozenset, list[int]] = defaultdict(list)
    for i in range(len(arts)):
        groups[conflict_of[i]].append(i)

    raw_rounds: list[list[int]] = []
    for conflict, members in groups.items():
        dated = sorted((i for i in members if arts[i].day is not None), key=lambda i: (arts[i].day, i))
        open_rounds: list[list[int]] = []  # rounds of this conflict, in date order
        for i in dated:
            a = arts[i]
            target = None
            for r in reversed(open_rounds):
                last = max(arts[j].day for j in r)
                venues = {arts[j].venue for j in r if arts[j].venue}
                if (a.day - last).days > window_days:
                    continue
                if a.venue is None or not venues or a.venue in venues:
                    target = r
                    break
            if target is None:
                target = []
                open_rounds.append(target)
            target.append(i)
        raw_rounds.extend(open_rounds)
        undated = [i for i in members if arts[i].day is None]
        if undated:
            raw_rounds.append(undated)

    def order(r):
        days = [arts[i].day for i in r if arts[i].day is not None]
        return (min(days) if days else date.max, min(r))

    raw_rounds.sort(key=order)
    rounds: list[Round] = []
    last_of_conflict: dict[frozenset, int] = {}
    history: dict[frozenset, list[Round]] = defaultdict(list)
    for n, members in enumerate(raw_rounds, start=1):
        conflict = conflict_of[members[0]]
        rnd = _make_round(n, [arts[i] for i in members])
        prev_rounds = history[conflict]
        if prev_rounds:
            rnd = _with_changes(rnd, prev_rounds)
        history[conflict].append(rnd)
        last_of_conflict[conflict] = n
        rounds.append(rnd)
    return rounds


def _make_round(index: int, arts: list[_Art]) -> Round:
    arts = sorted(arts, key=lambda a: (a.day or date.max, a.ref.source))
    positions = [p for a in arts for p in sorted(a.positions, key=lambda p: p.evidence.start)]
    days = [a.day for a in arts if a.day is not None]
    dates = [a.ref.date for a in arts if a.day is not None]
    venues = Counter(a.venue for a in arts if a.venue)
    mediators = set().union(*(a.mediators for a in arts)) if arts else set()
    belligerents: list[str] = []
    for a in arts:
        for b in a.belligerents:
            if b not in belligerents:
                belligerents.append(b)
    mediators -= set(belligerents)
    counts = Counter(p.party for p in positions)
    parties = belligerents + [p for p, _ in counts.most_common() if p not in belligerents and p not in mediators]
    parties += sorted(m for m in mediators if m not in parties)
    start = dates[days.index(min(days))] if days else None
    end = dates[days.index(max(days))] if days else None
    return Round(index=index, conflict=tuple(sorted(belligerents[:2])), venue=venues.most_common(1)[0][0] if venues else None,
                 start=start, end=end, articles=tuple(a.ref for a in arts), parties=tuple(parties),
                 mediators=tuple(sorted(mediators)), positions=tuple(positions), matrix=_matrix(positions),
                 proposals=_proposals(positions))


def _matrix(positions: Sequence[RoundPosition]) -> tuple[Cell, ...]:
    cells: dict[tuple[str, str], list[RoundPosition]] = defaultdict(list)
    for p in positions:
        cells[(p.party, p.issue)].append(p)
    out = []
    for (party, issue), ps in cells.items():
        stances = tuple(dict.fromkeys(p.stance for p in ps))
        out.append(Cell(party=party, issue=issue, stance=ps[-1].stance, stances=stances, evidence=tuple(ps)))
    return tuple(out)


def _proposals(positions: Sequence[RoundPosition]) -> tuple[Proposal, ...]:
    out = []
    seen = set()
    for p in positions:
        if p.stance not in ("proposal", "offer") or (p.party, p.issue, p.detail) in seen:
            continue
        seen.add((p.party, p.issue, p.detail))
        answered = {}
        for q in positions:
            if q.issue == p.issue and q.party != p.party and q.stance in ("accept", "reject"):
                answered.setdefault((q.party, q.stance), Response(party=q.party, stance=q.stance,
                                                                  evidence=q.evidence, article=q.article))
        responses = tuple(answered.values())
        kinds = {r.stance for r in responses}
        fate = ("disputed" if kinds == {"accept", "reject"} else "accepted" if kinds == {"accept"}
                else "rejected" if kinds == {"reject"} else "open")
        out.append(Proposal(party=p.party, stance=p.stance, issue=p.issue, detail=p.detail, evidence=p.evidence,
                            article=p.article, fate=fate, responses=responses))
    return tuple(out)


def _with_changes(rnd: Round, before: list[Round]) -> Round:
    prev = before[-1]
    held_before = {(c.party, c.issue): c for c in prev.matrix}
    changes = []
    for cell in rnd.matrix:
        key = (cell.party, cell.issue)
        old = held_before.get(key)
        in_rounds = tuple(r.index for r in before if any(
            c.party == cell.party and c.issue == cell.issue and cell.stance in c.stances for c in r.matrix))
        in_rounds += (rnd.index,)
        if old is None:
            kind, text = "new", f"{cell.party} {STANCE_VERB[cell.stance]} {_issue(cell.issue)} (not raised in round {prev.index})"
        elif cell.stance in old.stances:
            kind = "kept"
            every = len(in_rounds) == len(before) + 1
            text = (f"{cell.party} still {STANCE_VERB[cell.stance]} {_issue(cell.issue)}: "
                    + (f"{STANCE_PAST[cell.stance]} in every round so far ({len(in_rounds)})" if every
                       else f"{STANCE_PAST[cell.stance]} in rounds {', '.join(map(str, in_rounds))}"))
        else:
            kind = "shifted"
            text = f"{cell.party} {STANCE_PAST[old.stance]} {_issue(cell.issue)} in round {prev.index}, now {STANCE_VERB[cell.stance]} it"
        changes.append(Change(kind=kind, party=cell.party, issue=cell.issue, before=old.stance if old else None,
                              after=cell.stance, rounds=in_rounds, text=text))
    present = {c.party for c in rnd.matrix}
    now = {(c.party, c.issue) for c in rnd.matrix}
    for key, old in held_before.items():
        if key not in now and old.party in present:
            changes.append(Change(kind="dropped", party=old.party, issue=old.issue, before=old.stance, after=None,
                                  rounds=tuple(r.index for r in before if any(
                                      c.party == old.party and c.issue == old.issue for c in r.matrix)),
                                  text=f"{old.party} no longer raises {_issue(old.issue)} "
                                       f"({STANCE_PAST[old.stance]} in round {prev.index})"))
    order = {"kept": 0, "shifted": 1, "new": 2, "dropped": 3}
    changes.sort(key=lambda c: (order[c.kind], c.party, c.issue))
    return Round(**{**{f: getattr(rnd, f) for f in rnd.__dataclass_fields__}, "changes": tuple(changes),
                    "previous": prev.index})


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _issue(issue: str) -> str:
    return issue.replace("_", " ")


# ---------------------------------------------------------------------------------------------------
# Renderers

def rounds_to_json(rounds: Sequence[Round]) -> dict:
    """{"rounds": [{"articles", "start", "end", "venue", "parties", "positions", "changes", ...}]}."""
    out = []
    for r in rounds:
        d = r.to_dict()
        out.append({"index": d["index"], "articles": d["articles"], "start": d["start"], "end": d["end"],
                    "venue": d["venue"], "conflict": d["conflict"], "parties": d["parties"],
                    "mediators": d["mediators"], "positions": d["positions"], "matrix": d["matrix"],
                    "proposals": d["proposals"], "changes": d["changes"], "previous": d["previous"]})
    return {"rounds": out}


def _when(r: Round) -> str:
    def fmt(value: Optional[str]) -> str:
        d = _day(value)
        if d is None:
            return "undated"
        return f"{d.day} {d:%B %Y}" if value and len(value) >= 10 else f"{d:%B %Y}"
    if r.start is None:
        return "undated"
    return fmt(r.start) if r.start == r.end else f"{fmt(r.start)} to {fmt(r.end)}"


def _title(r: Round) -> str:
    sides = " – ".join(r.conflict) if r.conflict else "parties unknown"
    return f"Round {r.index}: {r.venue or 'venue unknown'}, {_when(r)} ({sides})"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rounds_to_markdown(rounds: Sequence[Round]) -> str:
    """A brief: per round, who was there, the party x issue matrix, what was on the table, what changed."""
    lines = ["# Rounds of talks", ""]
    if not rounds:
        lines.append("No positions were found in these articles.")
        return "\n".join(lines) + "\n"
    for r in rounds:
        lines.append(f"## {_title(r)}")
        lines.append("")
        arts = "; ".join(f"{a.title or a.source}" + (f" ({a.outlet}" + (f", {a.date})" if a.date else ")")
                                                      if a.outlet else f" ({a.date})" if a.date else "")
                         for a in r.articles)
        lines.append(f"*{len(r.articles)} article{'s' if len(r.articles) != 1 else ''}: {_md(arts)}*")
        lines.append("")
        lines.append(f"**Parties:** {', '.join(p for p in r.parties if p not in r.mediators) or 'none found'}."
                     + (f" **Mediators:** {', '.join(r.mediators)}." if r.mediators else ""))
        lines.append("")
        issues = list(dict.fromkeys(c.issue for c in r.matrix))
        parties = [p for p in r.parties if any(c.party == p for c in r.matrix)]
        if issues:
            lines.append("| Party | " + " | ".join(_issue(i) for i in issues) + " |")
            lines.append("|---|" + "---|" * len(issues))
            cells = {(c.party, c.issue): c for c in r.matrix}
            for p in parties:
                row = [" → ".join(cells[(p, i)].stances) if (p, i) in cells else "" for i in issues]
                lines.append(f"| {_md(p)} | " + " | ".join(row) + " |")
            lines.append("")
            lines.append("**Positions**")
            lines.append("")
            for p in r.positions:
                extra = []
                if p.reported_by:
                    extra.append(f"as reported by {p.reported_by}")
                if p.condition:
                    extra.append(f"on condition: {p.condition}")
                lines.append(f"- **{_md(p.party)}** {STANCE_VERB[p.stance]} *{_issue(p.issue)}*: "
                             f"“{_md(p.detail)}”" + (f" ({'; '.join(_md(e) for e in extra)})" if extra else "")
                             + f" — {p.article}")
            lines.append("")
        if r.proposals:
            lines.append("**On the table**")
            lines.append("")
            for pr in r.proposals:
                who = "; ".join(f"{STANCE_PAST[x.stance]} by {x.party}" for x in pr.responses)
                lines.append(f"- {_md(_possessive(pr.party))} {pr.stance} on *{_issue(pr.issue)}*: “{_md(pr.detail)}” — "
                             f"**{pr.fate}**" + (f" ({who})" if who else ""))
            lines.append("")
        if r.changes:
            lines.append(f"**Since round {r.previous}**")
            lines.append("")
            for ch in r.changes:
                lines.append(f"- {_md(ch.text)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def rounds_to_table(rounds: Sequence[Round], *, width: int = 100):
    """Rich renderables for a terminal: per round a heading and a party/issue/stance/detail table
    (at most ``width`` columns), then the proposals and the changes. Returns a ``rich.console.Group``."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts = []
    if not rounds:
        return Group(Text("No positions were found in these articles."))
    for r in rounds:
        parts.append(Text(_title(r), style="bold"))
        meta = f"{len(r.articles)} article(s): " + ", ".join(a.source for a in r.articles)
        parts.append(Text(meta, style="dim", overflow="fold"))
        if r.mediators:
            parts.append(Text("Mediators: " + ", ".join(r.mediators)))
        table = Table(width=width, show_lines=False, expand=False, pad_edge=False)
        table.add_column("Party", max_width=16, overflow="fold")
        table.add_column("Issue", max_width=18, overflow="fold")
        table.add_column("Stance", max_width=10)
        table.add_column("Detail", ratio=1, overflow="fold")
        cells = sorted(r.matrix, key=lambda c: (r.parties.index(c.party) if c.party in r.parties else 99, c.issue))
        for c in cells:
            table.add_row(c.party, _issue(c.issue), " → ".join(c.stances), "; ".join(
                dict.fromkeys(p.detail for p in c.evidence)))
        if cells:
            parts.append(table)
        for pr in r.proposals:
            parts.append(Text(f"  on the table: {_possessive(pr.party)} {pr.stance} on {_issue(pr.issue)} — {pr.fate}",
                              overflow="fold"))
        for ch in r.changes:
            parts.append(Text(f"  {ch.kind}: {ch.text}", overflow="fold"))
        parts.append(Text(""))
    return Group(*parts)
