"""Clean an article's text: normalise it and strip page furniture, keep every sentence of the report.

The steps, in order:

1. :func:`normalize` - fix mojibake (ftfy, only when the text shows its marks), decode stray HTML
   entities, normalise line endings and odd spaces, drop control and zero-width characters, NFC.
   Curly quotes and dashes are kept.
2. :func:`split_paragraphs` - blank-line separated blocks; inside a block each line is a paragraph,
   unless the block is hard-wrapped prose, whose lines are joined again.
3. Page furniture is dropped paragraph by paragraph with the patterns of
   ``parley/data/boilerplate.yaml`` (documented there) and a few structural rules kept here:
   separator lines, a lone line that repeats the title or the outlet's name, all-caps promo lines in a
   mixed-case text, section labels and the headline above the first sentence of the body.

:func:`clean` returns the text with what it dropped (so a reviewer can read it); :func:`clean_text`
returns the text only. Paragraphs of the result are separated by one blank line.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from parley.errors import ConfigError

__all__ = ["Cleaned", "clean", "clean_text", "normalize", "split_paragraphs", "looks_like_headline"]

# ---------------------------------------------------------------------------------------------------
# 1. Normalisation

_SPACE_CHARS = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_NEWLINE_CHARS = "\u2028\u2029\u0085\x0b\x0c"
_DELETE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff\x7f" + "".join(
    chr(c) for c in (*range(0x20), *range(0x80, 0xA0)) if chr(c) not in "\t\n\r" + _NEWLINE_CHARS
)
_ODD_SPACE = re.compile(f"[{re.escape(_SPACE_CHARS)}]")
_ODD_NEWLINE = re.compile(f"[{re.escape(_NEWLINE_CHARS)}]")
_ODD_DELETE = re.compile(f"[{re.escape(_DELETE_CHARS)}]")
_ODD_ANY = re.compile(f"[{re.escape(_SPACE_CHARS + _NEWLINE_CHARS + _DELETE_CHARS)}]")

# Marks of UTF-8 read as cp1252/latin-1 ("â€™", "Ã©", "Â ") or C1 controls left by a wrong decode.
_MOJIBAKE = re.compile("[ÂÃ][\u0080-\u00bf]|â€|â\u0080|[\u0080-\u009f]")
_MOJIBAKE_HINT = re.compile("[ÂÃâ\u0080-\u009f]")  # one character class: a fast first look
_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
_MULTI_SPACE = re.compile(r" {2,}")


def normalize(text: str) -> str:
    """Unicode-clean ``text``: mojibake fixed, NFC, ``\\n`` line ends, no control/zero-width chars.

    Keeps curly quotes, dashes and non-Latin letters; collapses runs of spaces and strips each line.
    """
    if _MOJIBAKE_HINT.search(text) and _MOJIBAKE.search(text):
        import ftfy  # imported lazily: only texts showing mojibake pay for it

        text = ftfy.fix_encoding(text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ODD_ANY.search(text):
        text = _ODD_DELETE.sub("", _ODD_NEWLINE.sub("\n", _ODD_SPACE.sub(" ", text)))
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


# ---------------------------------------------------------------------------------------------------
# 2. Paragraphs

_BLOCK_SPLIT = re.compile(r"\n\s*\n")
_TERMINAL = ('.', '!', '?', '"', '”', '’', "'", ')', ':', ';', '…')


def _looks_wrapped(lines: list[str]) -> bool:
    """True when a block's lines are one paragraph hard-wrapped at a fixed width (e-mail style)."""
    if len(lines) < 3:
        return False
    width = max(len(line) for line in lines)
    if width > 100 or width < 30:
        return False
    body = lines[:-1]
    full = sum(1 for line in body if len(line) >= 0.6 * width)
    soft = sum(1 for line in body if len(line) >= 0.6 * width and not line.endswith(_TERMINAL))
    return full >= 0.6 * len(body) and soft >= 1


def _unwrap(lines: list[str]) -> list[str]:
    width = max(len(line) for line in lines)
    paras: list[str] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        current.append(line)
        next_word = lines[i + 1].split(" ", 1)[0] if i + 1 < len(lines) else ""
        # A wrapped line breaks because the next word did not fit; if it would have, the break is
        # the end of a paragraph (or a heading).
        if len(line) + 1 + len(next_word) <= width:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return paras


def split_paragraphs(text: str, *, unwrap: bool = True) -> list[str]:
    """Paragraphs of normalised ``text``: blocks split on blank lines, then on lines.

    With ``unwrap`` a block that looks hard-wrapped has its lines joined back into paragraphs.
    """
    paras: list[str] = []
    for block in _BLOCK_SPLIT.split(text):
        lines = [line for line in block.split("\n") if line]
        if not lines:
            continue
        if len(lines) > 1 and unwrap and _looks_wrapped(lines):
            paras.extend(_unwrap(lines))
        else:
            paras.extend(lines)
    return paras


# ---------------------------------------------------------------------------------------------------
# 3. Furniture


@dataclass(frozen=True)
class _Rules:
    prefix: re.Pattern
    drop: re.Pattern  # the patterns that start with fixed text, as one alternation
    drop_needing: tuple[tuple[str, re.Pattern], ...]  # (required substring, pattern) for the others
    section_labels: frozenset[str]

    def drop_match(self, para: str) -> bool:
        if self.drop.fullmatch(para):
            return True
        if self.drop_needing:
            folded = para.casefold()
            return any(needs in folded and rx.fullmatch(para) for needs, rx in self.drop_needing)
        return False


def _load_rules_from(data: dict, origin: str) -> _Rules:
    try:
        prefixes = [e["re"] for e in data["strip_prefixes"]]
        drops = [e["re"] for e in data["drop"] if not e.get("needs")]
        needing = tuple((str(e["needs"]).casefold(), re.compile(e["re"], re.IGNORECASE))
                        for e in data["drop"] if e.get("needs"))
        labels = frozenset(str(s).casefold() for s in data.get("section_labels") or ())
        for entry in list(data["strip_prefixes"]) + list(data["drop"]):
            if not entry.get("catches"):
                raise ConfigError(f"{origin}: pattern {entry['re']!r} has no 'catches' comment")
            re.compile(entry["re"], re.IGNORECASE)
    except ConfigError:
        raise
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"{origin}: malformed boilerplate file ({exc})") from exc
    except re.error as exc:
        raise ConfigError(f"{origin}: bad pattern {exc.pattern!r}: {exc}") from exc
    return _Rules(
        prefix=re.compile("|".join(f"(?:{p})" for p in prefixes), re.IGNORECASE),
        drop=re.compile("|".join(f"(?:{p})" for p in drops), re.IGNORECASE),
        drop_needing=needing,
        section_labels=labels,
    )


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    origin = "parley/data/boilerplate.yaml"
    try:
        raw = resources.files("parley").joinpath("data/boilerplate.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{origin}: cannot load ({exc})") from exc
    return _load_rules_from(data, origin)


_NO_WORD = re.compile(r"[\W_]*")  # a paragraph with no letter or digit: a separator ("___", "* * *")
_BREADCRUMB = re.compile(r"\s*(?:[>›»|/]|::)\s*")
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _key(text: str) -> str:
    """Comparison key for 'same line as the title': case, quotes and punctuation folded."""
    return " ".join(_WORD.findall(text.casefold()))


def _is_body(para: str) -> bool:
    """A paragraph of the report proper: a sentence of some length, or a long paragraph."""
    n = len(para.split())
    return (n >= 8 and bool(_SENTENCE_END.search(para))) or n >= 25


def _is_section_label(para: str, labels: frozenset[str]) -> bool:
    if len(para) > 60:
        return False
    parts = [p for p in _BREADCRUMB.split(para.casefold().strip(" :")) if p]
    return bool(parts) and all(p in labels for p in parts)


def looks_like_headline(para: str) -> bool:
    """A line that reads as a headline: a few words, capitalised, no sentence-final full stop."""
    words = para.split()
    if not 3 <= len(words) <= 25 or len(para) > 200:
        return False
    if para[-1] in ".,;:" or not (para[0].isupper() or para[0].isdigit() or para[0] in "'\"‘“"):
        return False
    return True


def _is_caps_promo(para: str) -> bool:
    """An all-caps line of 3+ words without a full stop (a promo or related-story link)."""
    if len(para) > 200 or para.endswith(".") or not para.isupper():  # isupper: no lower-case letter
        return False
    return len(para.split()) >= 3 and sum(1 for c in para if c.isalpha()) >= 10


_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_LOWER = bytes(range(ord("a"), ord("z") + 1))


def _mostly_upper(text: str) -> bool:
    """More than two upper-case letters for each lower-case one (all-caps wire copy)."""
    sample = text[:4000].encode("ascii", "ignore")
    upper = len(sample) - len(sample.translate(None, _UPPER))
    lower = len(sample) - len(sample.translate(None, _LOWER))
    return upper > 2 * lower


@dataclass(frozen=True)
class Cleaned:
    """The result of :func:`clean`: the text, the title it found (plain text only) and what it dropped."""

    text: str
    title: str | None
    dropped: tuple[str, ...]


def clean(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    find_title: bool = False,
    unwrap: bool = True,
) -> Cleaned:
    """Normalise ``text`` and drop its page furniture.

    ``title``/``outlet``: when known, a lone line repeating them is dropped. ``find_title``: for a
    plain-text copy of a page, take a headline-like first line as the title (and drop it and any
    section label above it from the text). ``unwrap``: rejoin hard-wrapped lines (off for text that
    comes one paragraph per line, such as HTML extraction output).
    """
    rules = _rules()
    paras = split_paragraphs(normalize(text), unwrap=unwrap)
    dropped: list[str] = []
    kept: list[str] = []
    title_key = _key(title) if title else None
    outlet_key = _key(outlet) if outlet else None
    caps_doc = _mostly_upper(text)
    stripped_flags: list[bool] = []
    in_body = False
    for para in paras:
        original = para
        while True:  # strip labels glued to the start ("Image caption ...", "Story highlights ...")
            m = rules.prefix.match(para)
            if not m or not m.end():
                break
            para = para[m.end():].lstrip(" :-–—|")
            if not para:
                break
        if (
            not para
            or _NO_WORD.fullmatch(para)
            or rules.drop_match(para)
            or (not caps_doc and _is_caps_promo(para))
            or (outlet_key and len(para) <= 80 and _key(para) == outlet_key)
            or (not in_body and title_key and _key(para) == title_key)
            or (not in_body and _is_section_label(para, rules.section_labels))
        ):
            dropped.append(original)
            continue
        if not in_body and _is_body(para):
            in_body = True
        kept.append(para)
        stripped_flags.append(para is not original)

    found_title = None
    if find_title and not title and len(kept) >= 2:
        # The headline of a page copy: the first line, or the second under a short kicker/section.
        for i in range(min(2, len(kept) - 1)):
            cand = kept[i]
            if _is_body(cand):
                break
            if looks_like_headline(cand) and not stripped_flags[i] and not _is_caps_promo(cand):
                if i == 1 and (len(kept[0].split()) > 4 or _SENTENCE_END.search(kept[0])):
                    break  # what sits above it is not a short label: not a page top
                found_title = cand
                dropped.extend(kept[: i + 1])
                kept = kept[i + 1:]
                break
    return Cleaned("\n\n".join(kept), found_title, tuple(dropped))


def clean_text(text: str, *, title: str | None = None, outlet: str | None = None) -> str:
    """The cleaned text only: normalised, page furniture removed, paragraphs separated by a blank line."""
    return clean(text, title=title, outlet=outlet).text
