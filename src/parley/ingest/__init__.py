"""Ingest: read inputs (files, folders, JSON/JSONL, HTML, stdin), decode them and strip page furniture.

``iter_inputs`` yields :class:`RawArticle` (or an :class:`~parley.errors.InputError` for a bad input);
``article_from_record`` turns one JSON row into an article (the Spark job uses it too); ``read_text``
decodes one file uncleaned; ``clean_text`` is the cleaner on its own (``parley.ingest.clean.clean`` also reports what it dropped).
"""
from parley.ingest.clean import clean_text
from parley.ingest.readers import RawArticle, article_from_record, detect_english, iter_inputs, read_text

__all__ = ["iter_inputs", "RawArticle", "article_from_record", "clean_text", "detect_english", "read_text"]
