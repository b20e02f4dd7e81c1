"""Time expressions in English news text, TIMEX3 style (TempEval-3), resolved against a reference date.

    >>> import datetime
    >>> [(t.text, t.value) for t in find_timexes("The talks ended late Monday.", datetime.date(2014, 8, 19))]
    [('late Monday', '2014-08-18')]

Pure Python (no spaCy): a trigger scan plus rule regexes (``recognize``), then interpretation and
resolution against the reference date with a light tense heuristic (``resolve``).
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
    "Tuesday") resolve against; with ``None`` they get X placeholders (``XXXX-06``) and
    ``anchored=False``. Returns ``Timex`` records in text order with character offsets into ``text``.
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
