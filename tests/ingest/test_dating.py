"""Publication dates: given dates win; inferred dates come from office holders, anchors, arithmetic and
weekdays; no cue, no guess. The texts are short and invented (the office holders are real)."""
from __future__ import annotations

from datetime import date

import pytest

from parley.ingest.dating import find_published, parse_date_loose
from parley.types import PublishedDate

TODAY = date(2026, 11, 23)


def pub(text: str, **kw) -> PublishedDate:
    return find_published(text, today=TODAY, **kw)


# ------------------------------------------------------------------ given dates


def test_metadata_wins_and_is_not_inferred():
    # the text alone would point to 2015 (Kerry's term, Tuesday March 3): metadata overrides it
    text = "US Secretary of State John Kerry met the envoy of Varnia on Tuesday, March 3, to discuss the truce."
    p = pub(text, metadata_date="May 8, 2024")
    assert p == PublishedDate(date="2024-05-08", inferred=False, confidence=1.0, evidence=("metadata: May 8, 2024",))


@pytest.mark.parametrize("raw, want", [
    ("2024-05-08T13:45:00Z", "2024-05-08"),
    ("Wed, 08 May 2024 13:45:00 +0000", "2024-05-08"),
    ("8 May 2024", "2024-05-08"),
    ("May 8, 2024", "2024-05-08"),
])
def test_metadata_formats(raw, want):
    p = pub("No cues here at all.", metadata_date=raw)
    assert (p.date, p.inferred, p.confidence) == (want, False, 1.0)


def test_loose_parser_reports_precision():
    assert parse_date_loose("2024-05") == (date(2024, 5, 1), "month")
    assert parse_date_loose("2024") == (date(2024, 1, 1), "year")
    assert parse_date_loose("not a date") == (None, None)


def test_url_date_is_given():
    p = pub("Fighting resumed in the north.", url="https://news.example.org/world/2014/08/19/talks-collapse/")
    assert (p.date, p.inferred) == ("2014-08-19", False)


def test_dateline_is_given():
    p = pub("VARNO, 2 JUL 89 (AFP) -- [TEXT] THE REBELS OFFERED A TRUCE TODAY.")
    assert (p.date, p.inferred) == ("1989-07-02", False)


# ------------------------------------------------------------------ inference


def test_office_holder_window_and_weekday_pick_the_day():
    # Kerry was Secretary of State 2013-02-01..2017-01-20; within that term March 3 fell on a Tuesday
    # only in 2015, so "Tuesday, March 3" is 2015-03-03 (published that day or the next)
    text = ("US Secretary of State John Kerry met the envoy of the invented republic of Varnia on "
            "Tuesday, March 3, to press for a ceasefire in the border war.")
    p = pub(text)
    assert p.inferred is True
    assert p.date in ("2015-03-03", "2015-03-04")
    assert p.confidence >= 0.45
    assert any("John Kerry" in e for e in p.evidence)


def test_office_holders_intersect_and_the_weekday_chooses():
    # Clinton (2009-2013) with Nuland as spokeswoman (2011-2013): the killing that opened the 2012
    # Gaza war (2012-11-14) "a week ago", and the article says Wednesday: 2012-11-21
    text = ("US Secretary of State Hillary Clinton arrived on Wednesday for talks, State Department "
            "spokeswoman Victoria Nuland said. Israel launched its offensive a week ago with the killing "
            "of Hamas military leader Ahmed Jabari. The invented mayor of Varno said the shelling continued "
            "on Wednesday.")
    p = pub(text)
    assert p.date in ("2012-11-21", "2012-11-22")
    assert p.inferred is True


def test_blockade_arithmetic():
    # a seven-year blockade imposed in 2007 is spoken of in 2014: the year is known, not the day
    text = ("Residents of the invented town of Kessa want an end to the seven-year blockade of their valley. "
            "The blockade, imposed by the provincial army in 2007, has emptied the market.")
    p = pub(text)
    assert p.date is None or p.date.startswith("2014")
    assert "year 2014" in p.evidence or (p.date or "").startswith("2014")
    assert any("seven-year blockade" in e for e in p.evidence)


def test_blockade_arithmetic_moves_with_the_start_year():
    text = ("Residents of the invented town of Kessa want an end to the four-year blockade of their valley. "
            "The blockade, imposed by the provincial army in 2016, has emptied the market.")
    p = pub(text)
    assert "year 2020" in p.evidence or (p.date or "").startswith("2020")


def test_anchor_event_and_seven_month_conflict():
    # the Oct. 7 attack (2023-10-07) + "seven-month conflict": May 2024; Wednesday picks the day
    text = ("Talks to end the seven-month conflict resumed in Cairo on Wednesday, negotiators from the "
            "invented Council of Varno said. The conflict was triggered by the Oct. 7 Hamas attack on "
            "southern Israel.")
    p = pub(text)
    assert p.inferred is True
    assert (p.date or "").startswith("2024-05")
    assert any("seven-month conflict" in e for e in p.evidence)
    if len(p.date) == 10:
        assert date.fromisoformat(p.date).weekday() in (2, 3)  # Wednesday or the day after


def test_running_total_dates_the_week():
    # the Gaza health ministry count passed 34,500 at the end of April 2024 and 35,000 on May 12
    text = ("The seven-month conflict went on after heavy shelling on Tuesday. More than 34,500 Palestinians "
            "have been killed in the war so far, according to Gaza's health ministry, the invented Varno "
            "Institute said on Wednesday.")
    p = pub(text)
    assert p.date == "2024-05-08"
    assert any("34,500" in e for e in p.evidence)


def test_no_cues_abstains():
    text = "The council of the invented town of Varno met and agreed to repair the bridge over the river."
    assert pub(text) == PublishedDate(date=None, inferred=True, confidence=0.0, evidence=())


def test_a_weekday_alone_abstains():
    p = pub("The invented militia of Varno fired on the convoy on Tuesday, witnesses said.")
    assert p.date is None and p.confidence == 0.0


def test_a_lone_year_is_weak():
    p = pub("Hamas has ruled the invented quarter of Kessa since the fighting in 2007.")
    assert p.date is None
    assert p.confidence <= 0.3


def test_former_office_holders_do_not_constrain():
    # as Secretary of State (2009-2013) Clinton would pin "Tuesday, March 3" to 2009; a *former*
    # Secretary of State gives no window, and March 3 fell on a Tuesday in 2009, 2015, 2020 and 2026
    p = pub("Former US Secretary of State Hillary Clinton spoke at the invented Varno forum on Tuesday, March 3.")
    assert p.date is None
    q = pub("US Secretary of State Hillary Clinton spoke at the invented Varno forum on Tuesday, March 3.")
    assert q.date in ("2009-03-03", "2009-03-04")


def test_speed_under_5ms_per_5kb():
    import time

    base = ("US Secretary of State Hillary Clinton arrived on Wednesday for talks in Cairo. Israel launched its "
            "offensive a week ago with the killing of Hamas military leader Ahmed Jabari. Some 136 Palestinians "
            "have been killed since the flare-up began, officials say. ")
    text = (base * 30)[:5000]
    pub(text)  # loads the data files
    best = min(_timed(lambda: pub(text)) for _ in range(5))
    assert best < 0.025  # generous for a loaded shared machine; bench/dating.py reports the real figure


def _timed(fn) -> float:
    import time

    t = time.perf_counter()
    fn()
    return time.perf_counter() - t
