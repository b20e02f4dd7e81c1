"""parley's pipeline components. Importing this package registers every factory with spaCy.

The one list a newcomer reads, in pipeline order:

- ``parley_dateline``  (dateline.py):  (before the parser) a wire dateline is a sentence of its own

- ``parley_dates``     (dates.py):     time expressions resolved against the publication date
- ``parley_figures``   (figures.py):   counts of killed, wounded, rockets... with qualifier and claimant
- ``parley_quotes``    (quotes.py):    direct and reported speech with speaker, role and side
- ``parley_positions`` (positions.py): what each party to the talks demands, offers, accepts, rejects
- ``parley_events``    (events.py):    who did what to whom, where and when (PLOVER)
- ``parley_framing``   (framing.py):   loaded terms in the narrative voice and inside quotes
"""
from . import dateline, dates, events, figures, framing, positions, quotes  # noqa: F401  (registration side effects)

PIPELINE_ORDER = ("parley_dates", "parley_figures", "parley_quotes", "parley_positions", "parley_events",
                  "parley_framing")
