"""Export an extraction's events as PLOVER JSON records or ACLED-style rows. Pure Python, no spaCy.

- ``to_plover(extraction) -> list[dict]``: one PLOVER record per event, with the field names of the
  PLOVER manual's "JSON Data Fields" chapter (openeventdata/PLOVER): id, date (YYYY-MM-DD; a coarse
  date gives its first day in ``date`` and its last in ``enddate``), source/recipient (lists of actor
  objects: code, sector, actor_text, identifier_text), event (a list of one category), mode, context
  (``hypothetical``, ``negation`` for a denied event, ``historical``), event_loc (GeoNames-style
  location object with ``cc3``), event_text, quad_code and event_scale (the manual's quad categories
  and "Schrodt scores"), text_info (character offsets), cite_info, coder.
- ``to_acled_rows(extraction) -> list[dict]``: one row per event that ACLED would code, with ACLED's
  columns ``ACLED_COLUMNS``; event type and sub-event type from ``data/plover_acled.yaml``; fatalities
  from the article's ``killed`` figures found in the event's sentences, by ACLED's rule: the lowest
  credible count (the smallest claim for each group of victims, summed over groups, never a running
  total or a part of a larger count).

``extraction`` is a :class:`parley.types.Extraction` or its ``to_dict()`` form (a CONTRACT.md record).
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

from .errors import ConfigError

MAPPING_FILE = Path(__file__).resolve().parent / "data" / "plover_acled.yaml"

ACLED_COLUMNS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "latitude",
                 "longitude", "geo_precision", "time_precision", "fatalities", "source", "notes")

CODER = "parley_events.v1"
CODEBOOK = "plover-0.7b1"

# PLOVER manual, "Quad categories" (DEMAND is parley's REQUEST) and "Numeric conflict/cooperation scores".
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
        "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
        "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
SCALE = {"ASSAULT": -9.3, "COERCE": -7.2, "PROTEST": -6.6, "MOBILIZE": -5.3, "SANCTION": -5.2,
         "THREATEN": -5.1, "REQUEST": -5.0, "REJECT": -4.2, "ACCUSE": -2.0, "CONSULT": 2.1, "AGREE": 4.2,
         "SUPPORT": 4.6, "CONCEDE": 5.0, "COOPERATE": 6.8, "AID": 7.4, "RETREAT": 7.6}


def _plain(extraction: Any) -> dict:
    if hasattr(extraction, "to_dict"):
        return extraction.to_dict()
    if isinstance(extraction, dict):
        return extraction
    raise TypeError(f"expected an Extraction or its dict form, got {type(extraction).__name__}")


def _date_range(value: Optional[str]) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(first day, last day, precision) of an ISO date, month (YYYY-MM) or year (YYYY)."""
    if not value:
        return None, None, None
    v = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v[:10]):
        return v[:10], v[:10], "day"
    if re.fullmatch(r"\d{4}-\d{2}", v[:7]) and (len(v) == 7 or not v[7:8].isdigit()):
        year, month = int(v[:4]), int(v[5:7])
        if 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1]
            return f"{v[:7]}-01", f"{v[:7]}-{last:02d}", "month"
    if re.fullmatch(r"\d{4}", v[:4]):
        return f"{v[:4]}-01-01", f"{v[:4]}-12-31", "year"
    return None, None, None


def _event_day(event: dict, published: Optional[str]) -> tuple[Optional[str], Optional[str], Optional[str]]:
    when = event.get("date") or {}
    first, last, precision = _date_range(when.get("value"))
    if first is None:
        first, last, _ = _date_range(published)
        precision = None
    if when.get("precision") == "week" and first is not None:
        precision = "week"
    return first, last, precision


def _actor_object(actor: Optional[dict]) -> Optional[dict]:
    if not actor or not (actor.get("name") or actor.get("code")):
        return None
    out = {"code": actor.get("code"), "sector": actor.get("sector"), "identifier_text": actor.get("name"),
           "actor_text": actor.get("text") or actor.get("name")}
    return {k: v for k, v in out.items() if v is not None}


def _is_historical(first: Optional[str], published: Optional[str]) -> bool:
    try:
        return (date.fromisoformat(published[:10]) - date.fromisoformat(first)).days > 365
    except (TypeError, ValueError):
        return False


def to_plover(extraction: Any) -> list[dict]:
    """PLOVER JSON records (one per event) for an extraction; see the module docstring."""
    record = _plain(extraction)
    article = record.get("article") or {}
    published = (article.get("published") or {}).get("date")
    article_id = article.get("id") or ""
    out = []
    for n, event in enumerate(record.get("events") or (), 1):
        first, last, precision = _event_day(event, published)
        evidence = event.get("evidence") or {}
        context = []
        modality = event.get("modality") or "asserted"
        if modality == "hypothetical":
            context.append("hypothetical")
        elif modality == "denied":
            context.append("negation")
        if _is_historical(first, published):
            context.append("historical")
        source = _actor_object(event.get("actor"))
        recipient = _actor_object(event.get("recipient"))
        plover: dict[str, Any] = {
            "id": f"parley-{article_id[:16] or 'article'}-{n:03d}",
            "has_event": True,
            "date": first,
            "event": [event["type"]],
            "source": [source] if source else [],
            "recipient": [recipient] if recipient else [],
            "mode": event.get("mode"),
            "context": context,
            "quad_code": QUAD.get(event["type"]),
            "event_scale": SCALE.get(event["type"]),
            "event_text": [evidence.get("text")] + [e.get("text") for e in event.get("extra_evidence") or ()],
            "text_info": {"start": evidence.get("start"), "end": evidence.get("end"),
                          "extra": [[e.get("start"), e.get("end")] for e in event.get("extra_evidence") or ()]},
            "cite_info": {k: v for k, v in {"title": article.get("title"), "url": article.get("url"),
                                            "publication": article.get("outlet"), "citation": article.get("source"),
                                            "language": article.get("language") or "en", "coder": CODER,
                                            "codebook": CODEBOOK}.items() if v is not None},
            "coder": CODER,
            "comment": f"modality: {modality}",
        }
        if last and last != first:
            plover["enddate"] = last
        if precision and precision != "day":
            plover["date_precision"] = precision
        when = event.get("date") or {}
        if when.get("expression"):
            plover["date_text"] = when["expression"]
        loc = event.get("location")
        if loc:
            plover["event_loc"] = {k: v for k, v in {"name": loc.get("name"), "latitude": loc.get("lat"),
                                                     "longitude": loc.get("lon"), "cc3": loc.get("country"),
                                                     "geo_precision": loc.get("precision")}.items()
                                   if v is not None}
        out.append(plover)
    return out


# --- ACLED -------------------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def load_mapping(path: str = str(MAPPING_FILE)) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"{path}: cannot read the PLOVER-to-ACLED mapping ({err})") from err
    if not isinstance(data.get("rules"), dict):
        raise ConfigError(f"{path}: the PLOVER-to-ACLED mapping has no rules")
    return data


def acled_type(event: dict, mapping: dict | None = None) -> Optional[tuple[str, str]]:
    """(event_type, sub_event_type) for a PLOVER event dict, or None when ACLED has no counterpart."""
    mapping = mapping or load_mapping()
    mode = event.get("mode")
    armed = set(mapping.get("armed_sectors") or ())
    recipient = event.get("recipient") or {}
    for rule in mapping["rules"].get(event.get("type"), ()):
        modes = rule.get("modes")
        if modes and mode not in modes:
            continue
        result = rule.get("acled")
        if result and rule.get("if_recipient_armed") and recipient.get("sector") in armed:
            result = rule["if_recipient_armed"]
        return tuple(result) if result else None
    return None


def _inside(figure: dict, spans: list[tuple[int, int]]) -> bool:
    ev = figure.get("evidence") or {}
    start = ev.get("start")
    if start is None:
        return False
    return any(s <= start < e for s, e in spans)


def _group_key(group: Optional[str]) -> str:
    words = re.findall(r"[a-z]+", (group or "").lower())
    return " ".join(w.rstrip("s") for w in words if w not in {"the", "of", "more", "other", "some"}) or "people"


def fatalities(event: dict, figures: list[dict]) -> int:
    """ACLED's count for one event: the lowest credible number killed, from the figures claimed in the
    event's own sentences. Several claims about the same group -> the smallest; different groups ->
    summed; running totals ("since October") and parts of a larger count ("including 14 children")
    are left out."""
    spans = []
    for ev in [event.get("evidence") or {}, *(event.get("extra_evidence") or ())]:
        if ev.get("start") is not None and ev.get("end") is not None:
            spans.append((int(ev["start"]), int(ev["end"])))
    lowest: dict[str, float] = {}
    for fig in figures:
        if fig.get("category") != "killed" or fig.get("running_total") or fig.get("since"):
            continue
        if fig.get("part_of") is not None or not _inside(fig, spans):
            continue
        count = fig.get("value")
        if count is None:
            count = fig.get("low")
        if count is None:
            continue
        key = _group_key(fig.get("group"))
        lowest[key] = min(lowest.get(key, float("inf")), float(count))
    return int(sum(lowest.values()))


def _acled_date(first: Optional[str], last: Optional[str], precision: Optional[str]) -> Optional[str]:
    """ACLED's day: the date itself; for a month or a year the middle of it."""
    if first is None:
        return None
    if precision in ("month", "year") and last:
        a, b = date.fromisoformat(first), date.fromisoformat(last)
        return date.fromordinal((a.toordinal() + b.toordinal()) // 2).isoformat()
    return first


def to_acled_rows(extraction: Any, *, mapping_path: str | None = None) -> list[dict]:
    """ACLED-style rows (dicts keyed by ``ACLED_COLUMNS``) for the events ACLED would code."""
    record = _plain(extraction)
    mapping = load_mapping(mapping_path) if mapping_path else load_mapping()
    article = record.get("article") or {}
    published = (article.get("published") or {}).get("date")
    source = article.get("outlet") or article.get("url") or article.get("source")
    figures = list(record.get("figures") or ())
    precisions = mapping.get("time_precision") or {}
    rows = []
    for event in record.get("events") or ():
        kind = acled_type(event, mapping)
        if kind is None:
            continue
        first, last, precision = _event_day(event, published)
        loc = event.get("location") or {}
        actor1 = (event.get("actor") or {}).get("name")
        actor2 = (event.get("recipient") or {}).get("name")
        evidence = event.get("evidence") or {}
        when = event.get("date") or {}
        note = " ".join((evidence.get("text") or "").split())
        extras = []
        if event.get("mode"):
            extras.append(f"PLOVER {event['type']}/{event['mode']}")
        else:
            extras.append(f"PLOVER {event['type']}")
        if event.get("modality") and event["modality"] != "asserted":
            extras.append(event["modality"])
        if when.get("expression"):
            extras.append(f"date from \"{when['expression']}\"")
        rows.append({
            "event_date": _acled_date(first, last, precision),
            "event_type": kind[0],
            "sub_event_type": kind[1],
            "actor1": actor1,
            "actor2": actor2,
            "location": loc.get("name"),
            "latitude": loc.get("lat"),
            "longitude": loc.get("lon"),
            "geo_precision": loc.get("precision"),
            "time_precision": precisions.get(precision or "none", 3),
            "fatalities": fatalities(event, figures),
            "source": source,
            "notes": f"{note} [{'; '.join(extras)}]",
        })
    return rows


__all__ = ["ACLED_COLUMNS", "acled_type", "fatalities", "load_mapping", "to_acled_rows", "to_plover"]
