"""Time expressions in English news text, TIMEX3 style (TempEval-3), resolved against a reference date.

    >>> import datetime
    >>> [(t.text, t.value) for t in find_timexes("The talks ended late Monday.", datetime.date(2014, 8, 19))]
    [('late Monday', '2014-08-18')]

Pure Python (no spaCy): ``recognize`` finds candidate expressions (a trigger scan plus rule regexes),
``resolve`` interprets them and resolves them against the reference date in document order.

Values follow TIMEX3: dates ``2014-08-18``, weeks ``2014-W34`` (ISO weeks; ``-WE`` for the weekend),
months ``2014-06``, quarters ``2014-Q3``, halves ``2014-H1``, seasons ``2014-SU``, years ``2014``,
decades ``201``, centuries ``20``; parts of days ``2014-08-18TNI`` and clock times ``2014-08-18T09:30``
(type TIME); durations ``P8D``, ``PT3H``, ``P2Y6M``, ``PXY`` (a vague count); sets ``P1D`` (daily),
``XXXX-WXX-2`` (every Tuesday); and ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``.

``precision`` is the finest unit the value pins down: ``day``, ``week``, ``month``, ``year`` (also
for quarters, halves and seasons), ``decade`` (also centuries), ``time``, or ``None`` for durations,
sets and the ``*_REF`` values.

How a date without a year, or a bare weekday, is read: a weekday in a news report is the most recent
such day on or before the reference date unless future cues ("will", "next", "scheduled", "due",
"expected") govern it; a month or a day of a month takes the year that puts it nearest the reference
date, pulled back by past-tense cues and forward by future ones. Anaphoric expressions ("a year
earlier", "that day", "the following Tuesday") hang on the last date the text named outright; in a
quarterly results story "a year earlier" is the same quarter a year before.
"""
from __future__ import annotations

import datetime as _dt
from typing import Optional

from ..types import Timex
from .recognize import candidates, select
from .resolve import Ctx, interpret, merge_times, resolve_all

__all__ = ["find_timexes"]


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # a few characters change length when lower-cased ("İ"): keep offsets aligned
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def find_timexes(text: str, reference: Optional[_dt.date] = None) -> list[Timex]:
    """Find and normalise the time expressions of ``text``.

    ``reference`` is the publication date that relative expressions ("yesterday", "last week",
    "Tuesday") resolve against (a ``datetime`` is cut to its date); with ``None`` they get X
    placeholders (``XXXX-06``, ``XXXX-WXX-2``) and ``anchored=False``. Returns ``Timex`` records in
    text order, with ``start``/``end`` character offsets into ``text`` and ``text`` the exact words.
    """
    if not text:
        return []
    if isinstance(reference, _dt.datetime):
        reference = reference.date()
    low = _lower(text)
    ctx = Ctx(text, low, reference)
    specs = []
    for c in candidates(low):
        s = interpret(c, ctx)
        if s is not None and s.end > s.start:
            specs.append(s)
    specs = merge_times(select(specs), low)
    return [
        Timex(text=text[s.start : s.end], start=s.start, end=s.end, type=s.type, value=value,
              precision=precision, anchored=anchored)
        for s, value, precision, anchored in resolve_all(specs, ctx)
    ]
