"""Word tables for time expressions (lower case) and a helper that turns a word list into a trie regex.

Python's ``re`` tries the branches of an alternation one by one; a trie-shaped pattern
(``j(?:an(?:uary)?|u(?:ly|ne))``) lets it reject most positions after one character, which is what keeps
the trigger scan fast.
"""
from __future__ import annotations

import re
from typing import Iterable

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
#: month tokens that are also ordinary words or names: they need a date-like neighbour
AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "jun", "jul", "sep", "dec", "aug"}

WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
}

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "a": 1, "an": 1, "dozen": 12, "half": 0.5,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "last": -1, "final": -1,
}
# unit word -> (ISO duration letter, is a time unit)
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "weekend": ("WE", False), "fortnight": ("2W", False),
    "month": ("M", False), "quarter": ("Q", False), "year": ("Y", False), "decade": ("DE", False),
    "century": ("CE", False), "centuries": ("CE", False), "millennium": ("ML", False),
    "millennia": ("ML", False),
}

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
             "midday": "MI", "noon": "MI", "mid-afternoon": "AF", "midafternoon": "AF",
             "mid-morning": "MO", "midmorning": "MO", "dawn": "MO", "dusk": "EV", "daybreak": "MO",
             "nightfall": "EV", "lunchtime": "MI"}

SET_WORDS = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
    "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H",
    "semiannually": "P6M", "semi-annually": "P6M", "fortnightly": "P2W",
}

# fixed-date holidays: (month, day)
HOLIDAYS_FIXED = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year's": (1, 1),
    "independence day": (7, 4), "valentine's day": (2, 14), "halloween": (10, 31),
    "veterans day": (11, 11), "veterans' day": (11, 11), "boxing day": (12, 26),
    "bastille day": (7, 14), "st. patrick's day": (3, 17), "may day": (5, 1),
}
# holidays defined by rule: name -> (month, weekday 1..7, nth (1..5, -1 last))
HOLIDAYS_NTH = {
    "thanksgiving": (11, 4, 4), "thanksgiving day": (11, 4, 4), "labor day": (9, 1, 1),
    "memorial day": (5, 1, -1), "martin luther king day": (1, 1, 3), "presidents' day": (2, 1, 3),
    "mother's day": (5, 7, 2), "father's day": (6, 7, 3), "columbus day": (10, 1, 2),
}
HOLIDAYS_EASTER = {"easter": 0, "easter sunday": 0, "good friday": -2, "easter monday": 1,
                   "palm sunday": -7}


def trie_regex(words: Iterable[str]) -> str:
    """A regex (no groups) matching exactly the given words, longest first, in trie form.

    A space in a phrase matches any run of white space ("the  past" across a line break too).
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            branches.append((r"\s+" if ch == " " else re.escape(ch)) + build(node[ch]))
        if not branches:
            return ""
        if len(branches) == 1 and not end:
            return branches[0]
        body = "|".join(branches)
        if end:
            return f"(?:{body})?"
        return f"(?:{body})"

    return build(trie)
