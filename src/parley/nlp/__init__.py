"""The spaCy side of parley: one pipeline of small components, Doc in -> Doc out.

Results are kept as Spans in ``doc.spans["parley_<kind>"]``; each span carries its fields in
``span._.parley`` (a plain dict). ``parley.extract`` is the one place that turns them into records.
"""
