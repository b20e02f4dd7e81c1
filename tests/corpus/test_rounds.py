"""Rounds of talks over hand-built extraction records (no spaCy).

Parties are fictional (Varnia, the Kessel Front, Altavia; Ostrand and the Tarn League in another war);
the venues are real host cities because the venue comes from parley.actors' list of them.
"""
from __future__ import annotations

import hashlib
import json

import pytest
from rich.console import Console

from parley.corpus.rounds import build_rounds, rounds_to_json, rounds_to_markdown, rounds_to_table
from parley.types import Article, Evidence, Extraction, Position, PublishedDate


def pos(party, stance, issue, detail=None, sentence=None, **extra) -> Position:
    sentence = sentence or f"{party} {stance}s {issue}."
    return Position(party=party, stance=stance, issue=issue, detail=detail or issue,
                    evidence=Evidence(text=sentence, start=0, end=len(sentence)), **extra)


def ext(source, published, positions, text="Talks resumed in Geneva on Monday.", title=None) -> Extraction:
    aid = hashlib.sha256((source + text).encode()).hexdigest()
    article = Article(source=source, id=aid, text=text, title=title,
                      published=PublishedDate(date=published, inferred=True, confidence=0.8))
    return Extraction(article=article, positions=tuple(positions))


GAZA_LIKE = [pos("Kessel Front", "demand", "blockade"), pos("Varnia", "demand", "disarmament"),
             pos("Varnia", "reject", "exports")]


def test_rounds_come_out_in_date_order_one_per_period():
    rounds = build_rounds([
        ext("000.txt", "2014-08-19", GAZA_LIKE),
        ext("001.txt", "2012-11-21", [pos("Kessel Front", "demand", "blockade"), pos("Varnia", "demand", "ceasefire")]),
        ext("002.txt", "2024-05-08", [pos("Kessel Front", "accept", "ceasefire"), pos("Varnia", "reject", "ceasefire")]),
    ])
    assert [[a.source for a in r.articles] for r in rounds] == [["001.txt"], ["000.txt"], ["002.txt"]]
    assert [(r.index, r.start, r.end) for r in rounds] == [
        (1, "2012-11-21", "2012-11-21"), (2, "2014-08-19", "2014-08-19"), (3, "2024-05-08", "2024-05-08")]
    assert all(r.venue == "Geneva" for r in rounds)
    assert rounds[0].conflict == ("Kessel Front", "Varnia")
    assert [r.previous for r in rounds] == [None, 1, 2]


def test_articles_within_the_window_at_the_same_venue_make_one_round():
    rounds = build_rounds([
        ext("a.txt", "2030-03-01", [pos("Varnia", "demand", "ceasefire"), pos("Kessel Front", "demand", "prisoners")]),
        ext("b.txt", "2030-03-09", [pos("Varnia", "offer", "fishing_zone"), pos("Kessel Front", "demand", "blockade")]),
        ext("c.txt", "2030-06-20", [pos("Varnia", "demand", "ceasefire"), pos("Kessel Front", "demand", "blockade")]),
    ])
    assert [[a.source for a in r.articles] for r in rounds] == [["a.txt", "b.txt"], ["c.txt"]]
    assert (rounds[0].start, rounds[0].end) == ("2030-03-01", "2030-03-09")
    assert len(build_rounds([ext("a.txt", "2030-03-01", GAZA_LIKE), ext("b.txt", "2030-03-09", GAZA_LIKE)],
                            window_days=5)) == 2


def test_another_venue_or_another_war_is_another_round():
    doha = "The delegations met in Doha for talks."
    rounds = build_rounds([
        ext("geneva.txt", "2030-03-01", GAZA_LIKE),
        ext("doha.txt", "2030-03-02", GAZA_LIKE, text=doha),
        ext("other_war.txt", "2030-03-01", [pos("Ostrand", "demand", "withdrawal"),
                                            pos("Tarn League", "reject", "withdrawal")]),
    ])
    assert sorted((r.venue, tuple(a.source for a in r.articles)) for r in rounds) == [
        ("Doha", ("doha.txt",)), ("Geneva", ("geneva.txt",)), ("Geneva", ("other_war.txt",))]
    other = next(r for r in rounds if r.articles[0].source == "other_war.txt")
    assert other.conflict == ("Ostrand", "Tarn League") and other.previous is None


def test_article_without_venue_joins_the_open_round_and_undated_ones_come_last():
    rounds = build_rounds([
        ext("dated.txt", "2030-03-01", GAZA_LIKE),
        ext("novenue.txt", "2030-03-03", GAZA_LIKE, text="Fighting went on."),
        ext("undated.txt", None, GAZA_LIKE),
    ])
    assert [[a.source for a in r.articles] for r in rounds] == [["dated.txt", "novenue.txt"], ["undated.txt"]]
    assert rounds[-1].start is None and rounds[-1].end is None


def test_matrix_keeps_every_stance_with_its_evidence():
    (r,) = build_rounds([ext("a.txt", "2030-03-01", [
        pos("Varnia", "demand", "ceasefire", "three months of quiet", "Varnia wants three months of quiet."),
        pos("Varnia", "reject", "ceasefire", "the truce text", "Varnia rejected the truce text."),
        pos("Kessel Front", "demand", "blockade")])])
    cell = next(c for c in r.matrix if (c.party, c.issue) == ("Varnia", "ceasefire"))
    assert cell.stances == ("demand", "reject") and cell.stance == "reject"
    assert [p.evidence.text for p in cell.evidence] == ["Varnia wants three months of quiet.",
                                                        "Varnia rejected the truce text."]
    assert r.parties[:2] == ("Varnia", "Kessel Front")


def test_proposals_and_their_fate():
    (r,) = build_rounds([ext("a.txt", "2030-03-01", [
        pos("Altavia", "proposal", "ceasefire", "a 72-hour truce"),
        pos("Altavia", "proposal", "blockade", "easing the siege"),
        pos("Varnia", "offer", "fishing_zone", "extend the fishing zone"),
        pos("Kessel Front", "accept", "ceasefire"), pos("Varnia", "reject", "ceasefire"),
        pos("Kessel Front", "accept", "fishing_zone"),
        pos("Kessel Front", "demand", "blockade"), pos("Varnia", "demand", "disarmament")])])
    fate = {(p.party, p.issue): p.fate for p in r.proposals}
    assert fate == {("Altavia", "ceasefire"): "disputed", ("Altavia", "blockade"): "open",
                    ("Varnia", "fishing_zone"): "accepted"}
    truce = next(p for p in r.proposals if p.issue == "ceasefire")
    assert [(x.party, x.stance) for x in truce.responses] == [("Kessel Front", "accept"), ("Varnia", "reject")]
    assert r.mediators == ("Altavia",)  # it only proposes
    assert "Altavia" in r.parties and r.conflict == ("Kessel Front", "Varnia")


def test_changes_since_the_previous_round_of_the_same_conflict():
    rounds = build_rounds([
        ext("1.txt", "2012-11-21", [pos("Kessel Front", "demand", "blockade"), pos("Varnia", "demand", "ceasefire"),
                                    pos("Varnia", "demand", "rearmament")]),
        ext("2.txt", "2014-08-19", [pos("Kessel Front", "demand", "blockade"), pos("Varnia", "reject", "ceasefire"),
                                    pos("Varnia", "demand", "disarmament")]),
        ext("3.txt", "2024-05-08", [pos("Kessel Front", "demand", "blockade"), pos("Varnia", "reject", "ceasefire")]),
    ])
    assert rounds[0].changes == ()
    second = {(c.kind, c.party, c.issue): c for c in rounds[1].changes}
    assert set(second) == {("kept", "Kessel Front", "blockade"), ("shifted", "Varnia", "ceasefire"),
                           ("new", "Varnia", "disarmament"), ("dropped", "Varnia", "rearmament")}
    assert (second[("shifted", "Varnia", "ceasefire")].before, second[("shifted", "Varnia", "ceasefire")].after) == (
        "demand", "reject")
    kept = next(c for c in rounds[2].changes if c.kind == "kept" and c.issue == "blockade")
    assert kept.rounds == (1, 2, 3)
    assert "demanded in every round so far (3)" in kept.text
    assert any(c.kind == "kept" and c.party == "Varnia" and c.rounds == (2, 3) for c in rounds[2].changes)


def test_json_has_the_documented_shape():
    rounds = build_rounds([ext("a.txt", "2030-03-01", GAZA_LIKE, title="Talks in Geneva")])
    data = rounds_to_json(rounds)
    json.dumps(data)  # plain JSON
    (r,) = data["rounds"]
    assert {"articles", "start", "end", "venue", "parties", "positions", "changes"} <= set(r)
    assert r["articles"][0]["source"] == "a.txt" and r["articles"][0]["title"] == "Talks in Geneva"
    assert r["positions"][0]["evidence"] == {"text": "Kessel Front demands blockade.", "start": 0, "end": 30}
    assert r["start"] == r["end"] == "2030-03-01" and r["venue"] == "Geneva"


def test_markdown_reads_as_a_brief():
    rounds = build_rounds([ext("1.txt", "2012-11-21", GAZA_LIKE), ext("2.txt", "2014-08-19", GAZA_LIKE)])
    md = rounds_to_markdown(rounds)
    assert md.startswith("# Rounds of talks\n")
    assert "## Round 1: Geneva, 21 November 2012 (Kessel Front – Varnia)" in md
    assert "| Party | blockade | disarmament | exports |" in md
    assert "- **Varnia** rejects *exports*" in md
    assert "**Since round 1**" in md and "Kessel Front still demands blockade" in md
    assert rounds_to_markdown([]).startswith("# Rounds of talks")


def test_table_fits_a_100_column_terminal():
    long = "an end to the siege of Orvan that has lasted seven years and ravaged the economy of the whole strip"
    rounds = build_rounds([ext("a-very-long-source-name-for-an-article-about-the-talks.txt", "2030-03-01",
                               [pos("Kessel Front", "demand", "return_of_displaced", long)] + GAZA_LIKE)])
    console = Console(width=100, record=True, color_system=None)
    console.print(rounds_to_table(rounds))
    out = console.export_text()
    assert "Round 1: Geneva" in out and "Kessel Front" in out and "return of" in out
    assert max(len(line) for line in out.splitlines()) <= 100
    narrow = Console(width=80, record=True, color_system=None)
    narrow.print(rounds_to_table(rounds))
    assert max(len(line) for line in narrow.export_text().splitlines()) <= 80


def test_no_positions_is_not_an_error():
    assert build_rounds([]) == [] and rounds_to_json([]) == {"rounds": []}
    (r,) = build_rounds([ext("empty.txt", "2030-03-01", [])])
    assert (r.positions, r.parties, r.conflict, r.venue) == ((), (), (), "Geneva")
    assert "Round 1: Geneva" in rounds_to_markdown([r])
