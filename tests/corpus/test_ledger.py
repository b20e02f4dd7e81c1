"""The figure ledger: every claim with its claimant, disagreement flagged, ACLED/UCDP views derived."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factories import WIRE_COPIES, extraction, figure  # noqa: E402

from parley.corpus.ledger import claim_range, ledger  # noqa: E402


def _corpus():
    ministry = extraction("The ministry says 9 died in Tarnow.", outlet="Northern Ledger", published="2025-03-14",
                          figures=[figure(9, claimed_by="the Ostrand health ministry")])
    front = extraction("The front says at least 12 died in Tarnow.", outlet="Carrow Wire", published="2025-03-14",
                       figures=[figure(12, qualifier="at_least", claimed_by="the Selvan Front")])
    medics = extraction("Medics: about 10 dead in Tarnow; 1,400 since March.", outlet="Oskel Evening Post",
                        published="2025-03-15",
                        figures=[figure(10, qualifier="about", low=9, high=11, claimed_by="Tarnow hospital"),
                                 figure(1400, qualifier="more_than", low=1401, claimed_by="Red Crescent",
                                        since="2025-03-01", date=None, running_total=True),
                                 figure(40, category="wounded", qualifier="exact", claimed_by="Tarnow hospital")])
    return [ministry, front, medics]


def _row(rows, category="killed", kind="day"):
    (row,) = [r for r in rows if r.category == category and r.period.kind == kind]
    return row


def test_one_row_lists_every_claim_with_its_claimant_and_article():
    row = _row(ledger(_corpus()))
    assert (row.category, row.group, row.place, row.period.date) == ("killed", "civilians", "Tarnow", "2025-03-13")
    claims = {c.claimant: c for c in row.claims}
    assert set(claims) == {"the Ostrand health ministry", "the Selvan Front", "Tarnow hospital"}
    assert claims["the Selvan Front"].value == 12 and claims["the Selvan Front"].qualifier == "at_least"
    assert claims["Tarnow hospital"].low == 9 and claims["Tarnow hospital"].high == 11
    assert claims["the Ostrand health ministry"].article.outlet == "Northern Ledger"
    assert claims["the Ostrand health ministry"].evidence.text
    d = row.to_dict()
    assert [c["claimant"] for c in d["claims"]] == [c.claimant for c in row.claims]


def test_claims_that_cannot_all_be_true_are_flagged():
    row = _row(ledger(_corpus()))
    assert row.disagree  # exactly 9 vs at least 12
    agreeing = [extraction("a", figures=[figure(9, qualifier="at_least", claimed_by="A")]),
                extraction("b", figures=[figure(12, claimed_by="B")]),
                extraction("c", figures=[figure(11, qualifier="about", claimed_by="C")])]
    assert not _row(ledger(agreeing)).disagree


def test_conservative_count_and_ucdp_estimates_are_derived_from_the_claims():
    row = _row(ledger(_corpus()))
    assert row.conservative == 9          # ACLED: the lowest credible figure
    assert (row.low, row.best, row.high) == (9, 10, 12)
    d = row.to_dict()
    assert (d["conservative"], d["low"], d["best"], d["high"], d["disagree"]) == (9, 9, 10, 12, True)


def test_running_totals_and_one_day_counts_are_never_summed_together():
    rows = ledger(_corpus())
    day, running = _row(rows), _row(rows, kind="running_total")
    assert running.period.since == "2025-03-01" and running.period.as_of == "2025-03-15"
    assert [c.value for c in running.claims] == [1400]
    assert running.conservative == 1400 and running.low == 1400  # "more than 1,400": the stated number
    assert 1400 not in [c.value for c in day.claims]
    assert day.conservative == 9 and day.high == 12


def test_one_row_per_category_group_place_and_period():
    corpus = _corpus() + [extraction("Oskel too.", figures=[figure(3, place="Oskel", claimed_by="officials"),
                                                            figure(5, group="soldiers", claimed_by="army"),
                                                            figure(2, date="2025-03-12", claimed_by="x")])]
    rows = ledger(corpus)
    keys = {(r.category, r.group, r.place, r.period.kind, r.period.date) for r in rows}
    assert len(keys) == len(rows) == 6
    # rows in category order, then period date
    assert [r.category for r in rows] == sorted(r.category for r in rows)
    killed_days = [r.period.date for r in rows if r.category == "killed" and r.period.kind == "day"]
    assert killed_days == sorted(killed_days)


def test_a_wire_copy_repeating_a_claim_is_one_claim_with_its_copies():
    copies = [extraction(text, outlet=outlet, figures=[figure(7, qualifier="at_least", group="dockworkers",
                                                              claimed_by="the port authority", place="Port Ilsa")])
              for outlet, text in WIRE_COPIES.items()]
    (row,) = ledger(copies)
    (claim,) = row.claims
    assert len(claim.copies) == 2
    assert {claim.article.outlet, *(c.outlet for c in claim.copies)} == set(WIRE_COPIES)
    assert row.conservative == 7 and not row.disagree


def test_the_same_claim_in_different_stories_is_kept_twice():
    rows = ledger([extraction("first story", figures=[figure(7, claimed_by="officials")]),
                   extraction("another story entirely", figures=[figure(7, claimed_by="officials")])])
    assert len(rows[0].claims) == 2


def test_ingesting_twice_changes_nothing():
    assert ledger(_corpus() + _corpus()) == ledger(_corpus())


def test_filters():
    corpus = _corpus()
    assert {r.category for r in ledger(corpus, category="wounded")} == {"wounded"}
    assert ledger(corpus, place="oskel") == []
    assert len(ledger(corpus, category="killed", date_from="2025-03-14")) == 1  # the running total as of 15th
    assert len(ledger(corpus, group="Civilians")) == 3


def test_claim_ranges_follow_the_wording():
    assert claim_range(12, 12, None, "at_least") == (12, float("inf"))
    assert claim_range(300, None, None, "nearly") == (270, 300)
    assert claim_range(40, None, None, "about") == (36, 44)
    assert claim_range(None, 24, None, "vague") == (24, float("inf"))
    assert claim_range(7, None, None, "exact") == (7, 7)
