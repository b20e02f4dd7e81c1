"""Duplicates: wire copies become one story; one happening reported many times becomes one corpus event.

Wire copies. An agency story republished by several outlets is lightly edited each time (a new dateline,
a credit line, a sentence cut). Each article's cleaned text becomes a set of word 3-shingles and a
MinHash signature (``datasketch``, 128 permutations); locality-sensitive hashing (the band layout
``datasketch.MinHashLSH`` picks for the threshold) finds candidates, and a candidate whose estimated
Jaccard similarity reaches :data:`THRESHOLD` is the same story. A story is a connected group of such
articles; its id is the smallest article id in it, so the grouping does not depend on input order.

:func:`find_stories` does this in memory with ``MinHashLSH``; :class:`parley.store.Store` does the
same incrementally, keeping the band keys (:func:`band_keys`) in an indexed table. Both give the same
stories for the same articles.

Corpus events (the same strike reported by many articles) are keyed in :mod:`parley.corpus.timeline`,
which uses the story ids from here for events too vague to match across stories.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Optional

import numpy as np

from .types import Article, Record

NUM_PERM = 128          # MinHash permutations
THRESHOLD = 0.5         # estimated Jaccard similarity of 3-shingles at which two articles are one story
SHINGLE = 3             # words per shingle
SCHEME = "affine32"     # datasketch's hashing scheme, pinned: stored signatures must stay comparable

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[bytes]:
    """Word 3-shingles of the lower-cased text (the words themselves for a text under three words)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {w.encode("utf-8") for w in words}
    return {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def _hash32(data: bytes) -> int:
    """The shingle hash under the MinHash permutations: CRC-32 (stable across processes, and 10x faster in
    CPython than datasketch's default SHA-1; the permutations supply the randomness)."""
    return zlib.crc32(data)


@lru_cache(maxsize=1)
def _template():
    from datasketch import MinHash  # imported on first use: it pulls in scipy (half a second)
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashfunc=_hash32)


def minhash(text: str):
    """The ``datasketch.MinHash`` of an article text (same permutations every time, so signatures compare)."""
    from datasketch import MinHash
    template = _template()
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=template.permutations, scheme=SCHEME, hashfunc=_hash32)
    found = shingles(text)
    if found:
        m.update_batch(list(found))
    return m


def signature(text: str) -> np.ndarray:
    """The MinHash signature (hash values) of a text."""
    return minhash(text).hashvalues


def signature_to_bytes(sig: np.ndarray) -> bytes:
    """Signature as bytes: 4 bytes a value when they fit (datasketch's 32-bit scheme), else 8."""
    sig = np.asarray(sig)
    wide = sig.dtype.itemsize > 4 and bool((sig > 0xFFFFFFFF).any())
    return sig.astype("<u8" if wide else "<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8" if len(data) == NUM_PERM * 8 else "<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))


@lru_cache(maxsize=1)
def lsh_bands() -> tuple[int, int]:
    """(bands, rows per band) that datasketch picks for THRESHOLD and NUM_PERM."""
    from datasketch import MinHashLSH
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band: two articles are candidates when they share a key."""
    b, r = lsh_bands()
    sig = np.asarray(sig).astype("<u8")
    keys = []
    for i in range(b):
        digest = hashlib.blake2b(bytes([i]) + sig[i * r:(i + 1) * r].tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def same_story(a: np.ndarray, b: np.ndarray) -> bool:
    return similarity(a, b) >= THRESHOLD


@dataclass(frozen=True)
class StoryMember(Record):
    article_id: str
    source: str
    outlet: Optional[str]
    title: Optional[str]
    published: Optional[str]


@dataclass(frozen=True)
class Story(Record):
    """Near-duplicate articles (wire copies) kept as one story with every outlet that ran it."""

    id: str
    articles: tuple[StoryMember, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for member in self.articles:
            if member.outlet:
                seen.setdefault(member.outlet, None)
        return tuple(seen)

    def to_dict(self) -> dict:
        d = super().to_dict()
        d["outlets"] = list(self.outlets)
        return d


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller id is the root, so the story id is the smallest member id
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def find_stories(articles: Iterable[Article]) -> dict[str, str]:
    """Map each article id to its story id (the smallest article id among its near-duplicates)."""
    from datasketch import MinHashLSH
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, params=lsh_bands())
    hashes: dict = {}
    groups = _UnionFind()
    for article in articles:
        if article.id in hashes:
            continue
        m = minhash(article.text)
        groups.find(article.id)
        for other in lsh.query(m):
            if same_story(m.hashvalues, hashes[other].hashvalues):
                groups.union(article.id, other)
        lsh.insert(article.id, m)
        hashes[article.id] = m
    return {aid: groups.find(aid) for aid in hashes}


def member_of(article: Article) -> StoryMember:
    return StoryMember(article_id=article.id, source=article.source, outlet=article.outlet, title=article.title,
                       published=article.published.date if article.published else None)


def group_stories(articles: Iterable[Article], stories: Mapping[str, str] | None = None) -> list[Story]:
    """Stories of the given articles, largest first, members in order of publication."""
    articles = list({a.id: a for a in articles}.values())
    stories = dict(stories) if stories is not None else find_stories(articles)
    members: dict[str, list[Article]] = {}
    for a in articles:
        members.setdefault(stories.get(a.id, a.id), []).append(a)
    out = [Story(id=sid, articles=tuple(member_of(a) for a in sorted(
        group, key=lambda a: ((a.published.date or "9999") if a.published else "9999", a.id))))
        for sid, group in members.items()]
    out.sort(key=lambda s: (-len(s.articles), s.id))
    return out
