"""Every error parley raises on purpose derives from :class:`ParleyError`.

The CLI maps each to one line on stderr (``source: reason``) and an exit code;
nothing here is used for control flow.
"""
from __future__ import annotations


class ParleyError(Exception):
    """Base class for parley's own errors."""


class InputError(ParleyError):
    """An input that cannot become an article: empty, binary, too large, undecodable, malformed."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotEnglishError(InputError):
    """The text is in another language; parley extracts English only."""


class UsageError(ParleyError):
    """The user asked for something parley cannot do (bad option, missing path)."""


class ConfigError(ParleyError):
    """A data file or config shipped with (or given to) parley is invalid."""
