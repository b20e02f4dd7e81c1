"""Ingest: read inputs (files, folders, JSON/JSONL, HTML, stdin), decode them and strip page furniture.

``iter_inputs`` yields :class:`RawArticle` (or an :class:`~parley.errors.InputError` for a bad input);
``clean_text`` is the cleaner on its own (``parley.ingest.clean.clean`` also reports what it dropped).
"""
from parley.ingest.clean import clean_text
from parley.ingest.readers import RawArticle, detect_english, iter_inputs

__all__ = ["iter_inputs", "RawArticle", "clean_text", "detect_english"]
