"""Corpus views: pure functions over :class:`parley.types.Extraction` records (no spaCy here).

- :mod:`parley.corpus.timeline`  events in date order, one corpus event per happening
- :mod:`parley.corpus.ledger`    every claimed figure with its claimant
- :mod:`parley.corpus.rounds`    rounds of talks: who wanted what, round after round

Import the module you need (``from parley.corpus.rounds import build_rounds``); this package imports
nothing on its own, so a broken view never stops the others.
"""
