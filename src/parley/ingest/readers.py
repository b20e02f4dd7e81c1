"""Read inputs into :class:`RawArticle`: files, folders, JSON/JSONL rows, HTML pages and stdin.

:func:`iter_inputs` streams: it walks folders lazily, reads JSONL one line at a time and yields
articles in input order. A bad input is yielded as an :class:`~parley.errors.InputError` (never
raised) and reading goes on with the next one.

Limits: ``max_bytes`` applies to each file, except JSONL, which is streamed and where it applies to
each line (one record); stdin is read up to ``max_bytes`` unless it is JSONL.
"""
from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from typing import IO, Iterator

from parley.errors import InputError, NotEnglishError
from parley.ingest.clean import clean

__all__ = ["RawArticle", "iter_inputs", "SUFFIXES"]

#: File suffixes read from folders (an explicitly named file is read whatever its suffix).
SUFFIXES = (".txt", ".text", ".html", ".htm", ".json", ".jsonl", ".ndjson")

_TEXT_FIELDS = ("text", "content", "body", "article", "maintext", "articleBody", "article_text", "full_text")
_HTML_FIELDS = ("raw_html", "html")
_TITLE_FIELDS = ("title", "headline")
_DATE_FIELDS = ("date", "published", "publish_date", "pubdate", "date_publish", "datePublished", "published_at")
_URL_FIELDS = ("url", "link")
_OUTLET_FIELDS = ("outlet", "source", "site", "publisher", "site_name", "source_domain")


@dataclass(frozen=True)
class RawArticle:
    """One input article before NLP: cleaned text and the metadata the input gave."""

    source: str  # file name, "path/file.jsonl:LINE" for JSONL rows, "path/file.json[i]" for list items, "<stdin>"
    text: str  # cleaned text: furniture removed, NFC, paragraphs separated by a blank line
    title: str | None
    outlet: str | None
    url: str | None
    date: str | None  # as the input gives it (metadata / JSON field), unparsed
    raw_html: bool = False


# ---------------------------------------------------------------------------------------------------
# Walking paths


def iter_inputs(paths: list[str], *, max_bytes: int = 10_000_000) -> Iterator[RawArticle | InputError]:
    """Yield one :class:`RawArticle` or :class:`InputError` per input article, in input order.

    ``paths``: files, folders (recursive, sorted, only :data:`SUFFIXES`, hidden files skipped) and
    ``"-"`` for stdin (JSONL, JSON, HTML or text, sniffed from its first bytes).
    """
    for path in paths:
        path = os.fspath(path)
        if path == "-":
            yield from _read_stdin(max_bytes)
        elif os.path.isdir(path):
            found = False
            for file in _walk(path, set()):
                found = True
                yield from _read_file(file, max_bytes)
            if not found:
                yield InputError(path, "folder holds no " + "/".join(SUFFIXES) + " files")
        elif os.path.exists(path):
            yield from _read_file(path, max_bytes)
        else:
            yield InputError(path, "no such file or folder")


def _walk(folder: str, seen: set[str]) -> Iterator[str]:
    real = os.path.realpath(folder)
    if real in seen:  # a symlink loop
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            yield from _walk(entry.path, seen)
        elif entry.name.lower().endswith(SUFFIXES):
            yield entry.path


def _kind_from_suffix(path: str) -> str | None:
    lower = path.lower()
    if lower.endswith((".html", ".htm")):
        return "html"
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".txt", ".text")):
        return "text"
    return None


def _read_file(path: str, max_bytes: int) -> Iterator[RawArticle | InputError]:
    kind = _kind_from_suffix(path)
    try:
        if kind == "jsonl":
            with open(path, "rb") as f:
                yield from _read_jsonl(f, path, max_bytes)
            return
        size = os.path.getsize(path)
        if size > max_bytes:
            yield InputError(path, f"too large ({size:,} bytes; the limit is {max_bytes:,})")
            return
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    yield from _read_bytes(data, path, kind, max_bytes)


def _read_stdin(max_bytes: int) -> Iterator[RawArticle | InputError]:
    source = "<stdin>"
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream (tests, embedding): re-encode
        stream = io.BytesIO(sys.stdin.read().encode("utf-8"))
    head = stream.read(65536)
    first = head.lstrip()[:1]
    if first == b"{" and _first_line_is_json(head):
        yield from _read_jsonl(_Prefixed(head, stream), source, max_bytes)
        return
    data = head + stream.read(max(0, max_bytes + 1 - len(head)))
    if len(data) > max_bytes:
        yield InputError(source, f"too large (over {max_bytes:,} bytes)")
        return
    yield from _read_bytes(data, source, None, max_bytes)


def _first_line_is_json(head: bytes) -> bool:
    line = head.lstrip().split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, UnicodeDecodeError):
        return False


class _Prefixed:
    """A binary stream that serves ``head`` before the rest of ``stream`` (for sniffed stdin)."""

    def __init__(self, head: bytes, stream: IO[bytes]):
        self._head = io.BytesIO(head)
        self._stream = stream
        self._head_done = False

    def readline(self, limit: int = -1) -> bytes:
        if not self._head_done:
            line = self._head.readline(limit)
            if line.endswith(b"\n") or (limit >= 0 and len(line) >= limit):
                return line
            self._head_done = True
            rest = self._stream.readline(limit - len(line) if limit >= 0 else -1)
            return line + rest
        return self._stream.readline(limit)


# ---------------------------------------------------------------------------------------------------
# Bytes to text

_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ", "xz"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3", "SQLite database"),
)
_WESTERN = {"cp1252", "latin_1", "iso8859_1", "iso8859_15"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class _Unreadable:
    """Why some bytes are not text (returned, not raised: the caller turns it into an InputError)."""

    reason: str


_NON_TEXT = re.compile("[\x00-\x08\x0e-\x1f\ufffd\ue000-\uf8ff]")


def _decode(data: bytes, *, html_hint: bool = False) -> str | _Unreadable:
    """Bytes to str: BOMs, UTF-8 fast path, declared HTML charset, then charset-normalizer."""
    if not data.strip():
        return _Unreadable("empty file")
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            text = _try_decode(data, codec)
            if text is None:
                return _Unreadable(f"undecodable: not valid {codec.upper()} despite its byte-order mark")
            return _textual(text)
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return _Unreadable(f"binary file ({name}), not text")
    if b"\x00" in data[:65536]:
        return _Unreadable("binary file (NUL bytes), not text")
    text = _try_decode(data, "utf-8")
    if text is not None:
        return _textual(text)
    if html_hint:
        m = _META_CHARSET.search(data[:4096])
        text = _try_decode(data, m.group(1).decode("ascii")) if m else None
        if text is not None:
            return _textual(text)
    import charset_normalizer

    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        return _Unreadable("undecodable: no text encoding fits its bytes")
    # Among readings as clean as the best, prefer cp1252 (a superset of latin-1's printable range):
    # by far the likeliest legacy encoding of English text; short texts give the detector little
    # to tell cp1252 from cp1250 or cp775 apart.
    if any(m.chaos <= best.chaos + 0.01 and _WESTERN & set(m.could_be_from_charset) for m in results):
        text = _try_decode(data, "cp1252")
        if text is not None:
            return _textual(text)
    return _textual(str(best))


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None


def _textual(text: str) -> str | _Unreadable:
    sample = text[:65536]
    if not sample.strip():
        return _Unreadable("empty file")
    if len(_NON_TEXT.findall(sample)) > 0.02 * len(sample) + 2:
        return _Unreadable("binary file (mostly control characters), not text")
    return text


# ---------------------------------------------------------------------------------------------------
# Language

# Function words that are English and rarely words of other Latin-script languages ("in", "was",
# "a", "he", "on", "die" are left out). English news prose runs at 20-35 % of these.
_EN_FUNCTION_WORDS = frozenset(
    "the of and to that for with from said says has have been were this which who would after "
    "their his they by at it its not but be are there when will than about into".split()
)
_LANG_NAMES = {
    "fr": "French", "es": "Spanish", "de": "German", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "ar": "Arabic", "he": "Hebrew", "ru": "Russian", "uk": "Ukrainian", "tr": "Turkish", "fa": "Persian",
    "ur": "Urdu", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "pl": "Polish", "sv": "Swedish",
    "da": "Danish", "no": "Norwegian", "nb": "Norwegian", "fi": "Finnish", "el": "Greek", "hi": "Hindi",
    "id": "Indonesian", "ms": "Malay", "ro": "Romanian", "cs": "Czech", "hu": "Hungarian", "ca": "Catalan",
    "so": "Somali", "sw": "Swahili", "am": "Amharic", "ku": "Kurdish", "ps": "Pashto", "bn": "Bengali",
}
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class LanguageVerdict:
    """``english``; ``code``/``confidence`` of the deciding test; ``by``: function-words | langid | too-short."""

    english: bool
    code: str
    confidence: float
    by: str

    @property
    def name(self) -> str:
        return _LANG_NAMES.get(self.code, self.code)


_IDENTIFIER = None


def _identifier():
    global _IDENTIFIER
    if _IDENTIFIER is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _IDENTIFIER


def detect_english(text: str, *, sample_chars: int = 2000) -> LanguageVerdict:
    """Is ``text`` English? py3langid on the first ``sample_chars`` characters, with guards.

    Guards against false rejections: a text rich in English function words is English whatever the
    classifier says (names of people and places pull it elsewhere); a text too short to judge, or
    judged without confidence, is given the benefit of the doubt.
    """
    sample = text[:sample_chars]
    words = _LETTERS.findall(sample.casefold())
    if len(words) < 4:
        return LanguageVerdict(True, "en", 0.0, "too-short")
    function_share = sum(1 for w in words if w in _EN_FUNCTION_WORDS) / len(words)
    if function_share >= 0.12:
        return LanguageVerdict(True, "en", function_share, "function-words")
    upper = sum(1 for c in sample if c.isupper())
    if upper > 2 * sum(1 for c in sample if c.islower()):
        sample = sample.lower()  # all-caps wire copy: the model is trained on mixed case
    code, confidence = _identifier().classify(sample)
    if code == "en":
        return LanguageVerdict(True, code, confidence, "langid")
    threshold = 0.9 if len(words) < 20 else 0.6
    if confidence < threshold:  # not sure enough to turn a text away
        return LanguageVerdict(True, code, confidence, "langid")
    return LanguageVerdict(False, code, confidence, "langid")


# ---------------------------------------------------------------------------------------------------
# Kinds of input

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|article|p)\b", re.I | re.S)


_JSON_START = re.compile(r'\s*(?:\{\s*(?:"|\})|\[\s*(?:\{|\]|"|\[|-?\d))')


def _sniff(text: str) -> str:
    """"json", "html" or "text" from the first characters ("[Updated] ..." is text, not JSON)."""
    if _JSON_START.match(text[:256]):
        return "json"
    if _HTML_START.match(text[:2048]):
        return "html"
    return "text"


def _read_bytes(data: bytes, source: str, kind: str | None, max_bytes: int) -> Iterator[RawArticle | InputError]:
    text = _decode(data, html_hint=kind == "html")
    if isinstance(text, _Unreadable):
        yield InputError(source, text.reason)
        return
    if kind is None or kind == "text":
        sniffed = _sniff(text)
        if kind is None or sniffed == "html":  # a .txt that is really an HTML page
            kind = sniffed
    if kind == "json":
        yield from _read_json_text(text, source)
    elif kind == "html":
        yield _from_html(source, text)
    else:
        yield _finish(source, text, find_title=True)


def _read_json_text(text: str, source: str) -> Iterator[RawArticle | InputError]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if source == "<stdin>" or text.count("\n") > 1:
            # Perhaps JSONL after all (stdin whose first line did not parse, or a mislabelled file).
            first = text.lstrip().split("\n", 1)[0]
            if _first_line_is_json(first.encode("utf-8")):
                yield from _read_jsonl(io.BytesIO(text.encode("utf-8")), source, len(text.encode("utf-8")) + 1)
                return
        yield InputError(source, f"malformed JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
        return
    if isinstance(doc, list):
        if not doc:
            yield InputError(source, "empty JSON list")
        for i, item in enumerate(doc):
            yield article_from_record(item, f"{source}[{i}]")
    else:
        yield article_from_record(doc, source)


def _read_jsonl(stream, source: str, max_bytes: int) -> Iterator[RawArticle | InputError]:
    """One record per line; a bad line gives an InputError naming it and the next lines go on."""
    lineno = 0
    seen_any = False
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            break
        lineno += 1
        row = f"{source}:{lineno}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while True:  # skip the rest of the over-long line without holding it
                more = stream.readline(1 << 20)
                if not more or more.endswith(b"\n"):
                    break
            seen_any = True
            yield InputError(row, f"line {lineno} too large (over {max_bytes:,} bytes)")
            continue
        if not raw.strip():
            continue
        seen_any = True
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        line = _try_decode(raw, "utf-8")
        if line is None:
            line = _decode(raw)
            if isinstance(line, _Unreadable):
                yield InputError(row, f"line {lineno}: {line.reason}")
                continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(row, f"malformed JSON on line {lineno} (column {exc.colno}: {exc.msg})")
            continue
        yield article_from_record(record, row, lineno=lineno)
    if not seen_any:
        yield InputError(source, "empty file")


def _field(record: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, dict):  # {"source": {"id": ..., "name": "Outlet"}}
            value = value.get("name") or value.get("title")
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = "\n\n".join(value)  # a body given as a list of paragraphs
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def article_from_record(record: object, source: str, *, lineno: int | None = None) -> RawArticle | InputError:
    """One JSON row (text/content, title, date/published, url, outlet/source) as a cleaned article."""
    where = f"line {lineno}: " if lineno else ""
    if not isinstance(record, dict):
        return InputError(source, f"{where}JSON {type(record).__name__} where an object was expected")
    title = _field(record, _TITLE_FIELDS)
    outlet = _field(record, _OUTLET_FIELDS)
    url = _field(record, _URL_FIELDS)
    date = _field(record, _DATE_FIELDS)
    text = _field(record, _TEXT_FIELDS)
    if text is None:
        html_text = _field(record, _HTML_FIELDS)
        if html_text is None:
            present = [k for k in _TEXT_FIELDS if k in record]
            if present:
                return InputError(source, f"{where}empty '{present[0]}' field")
            return InputError(source, f"{where}no text field (expected one of: {', '.join(_TEXT_FIELDS[:4])})")
        return _from_html(source, html_text, title=title, outlet=outlet, url=url, date=date)
    if _sniff(text) == "html":
        return _from_html(source, text, title=title, outlet=outlet, url=url, date=date)
    return _finish(source, text, title=title, outlet=outlet, url=url, date=date, find_title=title is None)


def _from_html(source: str, page: str, *, title=None, outlet=None, url=None, date=None) -> RawArticle | InputError:
    import trafilatura

    body = ""
    meta = None
    try:
        meta = trafilatura.bare_extraction(
            page, include_comments=False, include_tables=False, with_metadata=True,
            # metadata dates only: no guessing a date from the page's text (the dating step does that)
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # trafilatura raises assorted lxml errors on broken pages
        meta = None
    if meta is not None:
        body = (getattr(meta, "text", None) or "").strip()
        title = title or getattr(meta, "title", None)
        outlet = outlet or getattr(meta, "sitename", None)
        url = url or getattr(meta, "url", None)
        date = date or getattr(meta, "date", None)
    if not _has_prose(body):  # fall back: recall-oriented extraction, then the page's whole visible text
        try:
            body = (trafilatura.extract(page, include_comments=False, favor_recall=True) or "").strip()
            if not body:
                body = (trafilatura.html2txt(page) or "").strip()
        except Exception:
            body = ""
    if not _has_prose(body):  # menus and buttons are not an article
        body = ""
    if not body:
        return InputError(source, "no article text could be extracted from the HTML")
    return _finish(source, body, title=title, outlet=outlet, url=url, date=date, raw_html=True, unwrap=False)


_STOP = re.compile(r"[.!?]")


def _has_prose(text: str) -> bool:
    """At least one sentence of eight words or more (menus, buttons and link lists have none)."""
    for line in text.splitlines():
        start = 0
        for m in _STOP.finditer(line):
            if len(line[start:m.start()].split()) >= 8:
                return True
            start = m.end()
    return False


def _finish(source: str, text: str, *, title=None, outlet=None, url=None, date=None,
            raw_html: bool = False, find_title: bool = False, unwrap: bool = True) -> RawArticle | InputError:
    if not text.strip():
        return InputError(source, "empty text")
    cleaned = clean(text, title=title, outlet=outlet, find_title=find_title, unwrap=unwrap)
    if not cleaned.text:
        return InputError(source, "no article text left after removing page furniture")
    verdict = detect_english(cleaned.text)
    if not verdict.english and verdict.code == "zxx":  # py3langid's "no linguistic content": code, numbers, ids
        return InputError(source, "no prose in the text (looks like code, data or ids)")
    if not verdict.english:
        return NotEnglishError(source, f"not English (detected {verdict.name}, '{verdict.code}', p={verdict.confidence:.2f})")
    return RawArticle(
        source=source,
        text=cleaned.text,
        title=title or cleaned.title,
        outlet=outlet,
        url=url,
        date=date,
        raw_html=raw_html,
    )


def read_text(path: str, *, max_bytes: int = 10_000_000) -> str:
    """The decoded text of one file (or '-' for stdin), uncleaned: offsets into it are the file's own.

    Raises :class:`InputError` naming the file and the reason (missing, too large, binary, undecodable).
    """
    source = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read(max_bytes + 1) if stream else sys.stdin.read().encode("utf-8")
        else:
            size = os.path.getsize(path)
            if size > max_bytes:
                raise InputError(source, f"too large ({size:,} bytes; the limit is {max_bytes:,})")
            with open(path, "rb") as f:
                data = f.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise InputError(source, f"too large (over {max_bytes:,} bytes)")
    text = _decode(data, html_hint=path.lower().endswith((".html", ".htm")))
    if isinstance(text, _Unreadable):
        raise InputError(source, text.reason)
    return text
