"""Time expressions: recognition, extents and values against fixed reference dates.

Every sentence here is invented (fictional places and people); the reference date is the day the
story would have been published.
"""
from __future__ import annotations

import datetime as dt

import pytest

from parley.timex import find_timexes
from parley.types import Timex

TUE = dt.date(2014, 8, 19)  # a Tuesday
THU = dt.date(2014, 8, 21)


def one(text: str, ref=TUE) -> Timex:
    found = find_timexes(text, ref)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    t = found[0]
    assert text[t.start : t.end] == t.text
    return t


def values(text: str, ref=TUE) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in find_timexes(text, ref)]


# ---------------------------------------------------------------- weekdays and parts of days
@pytest.mark.parametrize(
    "text, ref, span, value, typ",
    [
        ("The truce in Karvania collapsed late Monday, officials said.", TUE, "late Monday", "2014-08-18", "DATE"),
        ("Delegates from Port Mireille met on Tuesday.", TUE, "Tuesday", "2014-08-19", "DATE"),
        ("Minister Ostrel Danu said Saturday that the road was open.", TUE, "Saturday", "2014-08-16", "DATE"),
        ("The envoy will arrive in Karvania on Friday.", TUE, "Friday", "2014-08-22", "DATE"),
        ("Shelling resumed early Wednesday near the Brask dam.", THU, "early Wednesday", "2014-08-20", "DATE"),
        ("Rebels entered Lunetta on Wednesday morning.", THU, "Wednesday morning", "2014-08-20TMO", "TIME"),
        ("Fighting raged overnight around the airport.", TUE, "overnight", "2014-08-18TNI", "TIME"),
        ("The council meets tonight.", TUE, "tonight", "2014-08-19TNI", "TIME"),
        ("The mayor of Osterholm resigned yesterday.", TUE, "yesterday", "2014-08-18", "DATE"),
        ("The border reopens today.", TUE, "today", "2014-08-19", "DATE"),
        ("Voting ends tomorrow in Velka.", TUE, "tomorrow", "2014-08-20", "DATE"),
        ("Gunfire was heard in Lunetta last night.", TUE, "last night", "2014-08-18TNI", "TIME"),
    ],
)
def test_days(text, ref, span, value, typ):
    t = one(text, ref)
    assert (t.text, t.value, t.type) == (span, value, typ)


def test_weekday_possessive_is_past_even_with_future_cue():
    t = one("The rebels would not accept Wednesday's offer from Karvania.", dt.date(2014, 8, 22))
    assert t.value == "2014-08-20"


def test_weekday_keeps_the_tense_of_its_own_clause():
    got = values("The council met for two hours on Tuesday and will meet again in Velka.", THU)
    assert got == [("two hours", "PT2H"), ("Tuesday", "2014-08-19")]


def test_weekday_of_last_week():
    assert values("The talks ended on Tuesday last week.") == [("Tuesday", "2014-08-12"), ("last week", "2014-W33")]


def test_weekday_before_month_date_is_one_expression():
    assert values("The summit opens Monday, Oct. 6, in Velka.", dt.date(2014, 10, 1)) == [
        ("Monday, Oct. 6", "2014-10-06")
    ]


# ---------------------------------------------------------------- relative to the publication date
@pytest.mark.parametrize(
    "text, span, value, precision",
    [
        ("The convoy left eight days ago.", "eight days ago", "2014-08-11", "day"),
        ("A week ago the port was quiet.", "A week ago", "2014-W33", "week"),
        ("Talks stalled last week in Port Mireille.", "last week", "2014-W33", "week"),
        ("Elections are due next month.", "next month", "2014-09", "month"),
        ("Exports from Velka fell this year.", "this year", "2014", "year"),
        ("The dam was finished earlier this month.", "earlier this month", "2014-08", "month"),
        ("The mine closed late last year.", "late last year", "2013", "year"),
        ("Two years ago the bridge at Brask fell.", "Two years ago", "2012", "year"),
        ("The militia retreated over the weekend.", "the weekend", "2014-W33-WE", "week"),
    ],
)
def test_relative(text, span, value, precision):
    t = one(text)
    assert (t.text, t.value, t.precision) == (span, value, precision)


# ---------------------------------------------------------------- calendar dates
@pytest.mark.parametrize(
    "text, ref, span, value",
    [
        ("The siege of Lunetta began in June.", TUE, "June", "2014-06"),
        ("The siege of Lunetta began in December.", TUE, "December", "2013-12"),
        ("Refugees will return in October.", TUE, "October", "2014-10"),
        ("Crowds gathered in mid-July.", TUE, "mid-July", "2014-07"),
        ("Survivors of the Oct. 7 raid on Velka testified.", dt.date(2024, 3, 10), "Oct. 7", "2023-10-07"),
        ("The raid happened on October 7, 2023, at a fair.", TUE, "October 7, 2023", "2023-10-07"),
        ("The raid happened on 7 October 2023.", TUE, "7 October 2023", "2023-10-07"),
        ("The court sits again on 7 October.", TUE, "7 October", "2014-10-07"),
        ("A hearing is set for the week of Sept. 8.", TUE, "the week of Sept. 8", "2014-W37"),
        ("The accord was signed in Nov. 2012 in Velka.", TUE, "Nov. 2012", "2012-11"),
        ("The blockade was imposed in 2007.", TUE, "2007", "2007"),
        ("Brask was rebuilt in the 1990s.", TUE, "the 1990s", "199"),
        ("The decree is dated 2014-08-18.", TUE, "2014-08-18", "2014-08-18"),
        ("The farmers of Osterholm were paid last Christmas.", TUE, "last Christmas", "2013-12-25"),
    ],
)
def test_calendar(text, ref, span, value):
    t = one(text, ref)
    assert (t.text, t.value) == (span, value)


def test_may_as_a_verb_is_not_a_month():
    assert find_timexes("Officials in Velka may meet again, Danu said.", TUE) == []


# ---------------------------------------------------------------- durations and sets
@pytest.mark.parametrize(
    "text, span, value, typ",
    [
        ("A month after the vote, Danu resigned.", "A month", "P1M", "DURATION"),
        ("The seven-month conflict in Karvania has ended.", "seven-month", "P7M", "DURATION"),
        ("The seven-year blockade of Lunetta continues.", "seven-year", "P7Y", "DURATION"),
        ("A 24-hour truce was agreed.", "24-hour", "PT24H", "DURATION"),
        ("No rockets were fired in the past day.", "the past day", "P1D", "DURATION"),
        ("Prices rose over the past week.", "the past week", "P1W", "DURATION"),
        ("A weeklong strike shut the port.", "weeklong", "P1W", "DURATION"),
        ("The monthlong siege ended.", "monthlong", "P1M", "DURATION"),
        ("They stayed for two and a half years.", "two and a half years", "P2Y6M", "DURATION"),
        ("Aid flights land daily.", "daily", "P1D", "SET"),
        ("Inspectors visit every week.", "every week", "P1W", "SET"),
        ("He earns $40,000 a year.", "a year", "P1Y", "SET"),
    ],
)
def test_durations_and_sets(text, span, value, typ):
    t = one(text)
    assert (t.text, t.value, t.type) == (span, value, typ)
    assert t.precision is None


# ---------------------------------------------------------------- clock times and vague references
@pytest.mark.parametrize(
    "text, span, value, typ",
    [
        ("The curfew starts at midnight.", "midnight", "2014-08-19T24:00", "TIME"),
        ("The bells rang at 12 o'clock.", "12 o'clock", "2014-08-19T12:00", "TIME"),
        ("The blast came at 9:30 p.m.", "9:30 p.m.", "2014-08-19T21:30", "TIME"),
        ("The talks are now over.", "now", "PRESENT_REF", "DATE"),
        ("Danu currently leads the council.", "currently", "PRESENT_REF", "DATE"),
        ("Danu recently left the council.", "recently", "PAST_REF", "DATE"),
    ],
)
def test_times_and_refs(text, span, value, typ):
    t = one(text)
    assert (t.text, t.value, t.type) == (span, value, typ)


def test_clock_time_joins_its_day():
    assert values("The deadline is 9 a.m. Wednesday, Danu said.") == [("9 a.m. Wednesday", "2014-08-20T09:00")]
    assert values("Polls will close at 8 p.m. ET on Friday.") == [("8 p.m. ET", "2014-08-22T20:00"), ("Friday", "2014-08-22")]


# ---------------------------------------------------------------- quarterly reports
def test_year_earlier_follows_the_reporting_quarter():
    ref = dt.date(2014, 10, 28)
    got = values("Third-quarter profit at Velka Mining rose 8% from a year earlier.", ref)
    assert got == [("Third-quarter", "2014-Q3"), ("a year earlier", "2013-Q3")]


# ---------------------------------------------------------------- not time expressions
@pytest.mark.parametrize(
    "text",
    [
        "A 29-year-old man from Brask was detained.",
        "The fund paid $2,000 to each family.",
        "About 2000 people fled Lunetta.",
        "The convoy stretched 12 kilometres.",
        "The vote passed 61 to 40.",
        "The third party in Karvania won seats.",
    ],
)
def test_no_timex(text):
    assert find_timexes(text, TUE) == []


# ---------------------------------------------------------------- without a reference date
def test_unanchored_values_use_placeholders():
    got = {t.text: (t.value, t.anchored) for t in find_timexes(
        "The siege began in June, ended on Tuesday and resumed on October 7, 2023.", None)}
    assert got == {
        "June": ("XXXX-06", False),
        "Tuesday": ("XXXX-WXX-2", False),
        "October 7, 2023": ("2023-10-07", True),
    }


def test_datetime_reference_and_offsets():
    text = "On Sunday, and again yesterday, Velka was shelled."
    found = find_timexes(text, dt.datetime(2014, 8, 19, 6, 30))
    assert [(t.text, t.value, t.start) for t in found] == [("Sunday", "2014-08-17", 3), ("yesterday", "2014-08-18", 21)]
    for t in found:
        assert text[t.start : t.end] == t.text


def test_empty_text():
    assert find_timexes("", TUE) == []
