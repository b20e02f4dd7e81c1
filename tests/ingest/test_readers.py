"""Reading inputs: files, folders, JSON/JSONL, HTML, stdin, encodings and bad inputs. Fictional news."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from parley.errors import InputError, NotEnglishError
from parley.ingest import RawArticle, iter_inputs

REPORT = (
    "Negotiators from Esterhal and the Northern Front returned to talks in Port Verlan on Tuesday "
    "after a night of shelling.\n\n"
    "At least 12 people were killed in the port district, the city\u2019s health office said.\n\n"
    "\u201cWe have come back because people are dying,\u201d said Ana Corvel, the foreign minister."
)
FRENCH = (
    "Les négociateurs de l'Esterhal et du Front du Nord ont repris mardi les pourparlers à Port Verlan "
    "après une nuit de bombardements. Au moins douze personnes ont été tuées dans le quartier du port, "
    "selon le bureau de santé de la ville, qui a demandé une trêve immédiate."
)
SPANISH = (
    "Los negociadores de Esterhal y del Frente del Norte reanudaron el martes las conversaciones en "
    "Port Verlan tras una noche de bombardeos. Al menos doce personas murieron en el barrio del puerto, "
    "según la oficina de salud de la ciudad, que pidió una tregua inmediata."
)
HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Truce talks resume in Port Verlan | Harbour Gazette</title>
<meta property="og:title" content="Truce talks resume in Port Verlan">
<meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2024-05-08T09:00:00Z">
<link rel="canonical" href="https://hg.example/world/truce-talks-resume">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather forecast for the coast</a></li></ul></nav></header>
<main><article>
<h1>Truce talks resume in Port Verlan</h1>
<p>Negotiators from Esterhal and the Northern Front returned to talks in Port Verlan on Tuesday after a night of
shelling that residents described as the heaviest since the spring.</p>
<p>At least 12 people were killed in the port district, the city's health office said, and dozens more were
wounded when shells struck a market and two apartment blocks near the harbour.</p>
<p>"We have come back because people are dying," said Ana Corvel, the foreign minister of Esterhal, as she
arrived at the old customs house where the talks are held.</p>
<p>The Northern Front said its delegation would stay for three days and would present a proposal on the
exchange of prisoners and the reopening of the coastal road to aid convoys.</p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Storm batters the northern coast</a></li>
<li><a href="/b">Ferry fares rise again this summer</a></li></ul></aside>
<footer><p>Subscribe to our newsletter for daily updates from the coast.</p>
<p>&copy; 2024 Harbour Gazette Ltd. All rights reserved.</p><a href="/privacy">Privacy Policy</a></footer>
</body></html>
"""


def write(path: Path, data: str | bytes) -> str:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


def run(paths, **kw):
    return list(iter_inputs([str(p) for p in paths], **kw))


def only_article(items) -> RawArticle:
    assert len(items) == 1 and isinstance(items[0], RawArticle), items
    return items[0]


# --- plain text ----------------------------------------------------------------------------------


def test_plain_text_file(tmp_path):
    art = only_article(run([write(tmp_path / "a.txt", REPORT)]))
    assert art.source == str(tmp_path / "a.txt")
    assert art.text == REPORT
    assert (art.title, art.outlet, art.url, art.date, art.raw_html) == (None, None, None, None, False)


def test_plain_text_page_copy_gets_title_and_loses_furniture(tmp_path):
    page = "World\n\nTruce talks resume in Port Verlan\n\nMedia playback is unsupported on your device\n\n" + REPORT
    art = only_article(run([write(tmp_path / "page.txt", page)]))
    assert art.title == "Truce talks resume in Port Verlan"
    assert art.text == REPORT


def test_cp1252_text(tmp_path):
    text = "The minister\u2019s \u201cfinal offer\u201d \u2014 made in Montr\u00e9al \u2014 was rejected by the Northern Front on Tuesday."
    art = only_article(run([write(tmp_path / "w.txt", text.encode("cp1252"))]))
    assert art.text == text  # curly quotes and dashes survive, not ASCII-folded


def test_latin1_text(tmp_path):
    text = "Talks in Montr\u00e9al and Z\u00fcrich were suspended on Tuesday, the mediators from Esterhal said."
    art = only_article(run([write(tmp_path / "l.txt", text.encode("latin-1"))]))
    assert art.text == text


def test_utf8_with_bom_and_crlf(tmp_path):
    data = b"\xef\xbb\xbf" + REPORT.replace("\n", "\r\n").encode("utf-8")
    art = only_article(run([write(tmp_path / "bom.txt", data)]))
    assert art.text == REPORT
    assert not art.text.startswith("\ufeff")


def test_utf16_with_bom(tmp_path):
    art = only_article(run([write(tmp_path / "u16.txt", REPORT.encode("utf-16"))]))
    assert art.text == REPORT


def test_mojibake_is_repaired(tmp_path):
    broken = REPORT.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    art = only_article(run([write(tmp_path / "moji.txt", broken)]))
    assert "\u2019s health office" in art.text and "\u201cWe have come back" in art.text


# --- bad inputs ----------------------------------------------------------------------------------

BAD_INPUTS = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n \t\n", "empty"),
    ("nul.txt", b"Talks resumed.\x00\x00\x01\x02 binary tail " * 20, "binary file (NUL bytes)"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    ("controls.txt", bytes(range(1, 9)) * 300, "binary"),
    ("chaos.txt", bytes(range(0x80, 0x100)) * 8, "undecodable"),
    ("broken.json", b'{"title": "Truce", "text": "Talks resumed', "malformed JSON"),
    ("notext.json", json.dumps({"title": "Truce talks resume", "url": "https://hg.example/a"}).encode(), "no text field"),
    ("emptytext.json", json.dumps({"title": "Truce", "text": "  "}).encode(), "empty 'text' field"),
    ("menu.html", b"<html><head><title>Gazette</title></head><body><nav><a href='/'>Home</a> "
                  b"<a href='/w'>World</a></nav><script>var x = 1;</script></body></html>", "no article text"),
    ("french.txt", FRENCH.encode("utf-8"), "not English (detected French"),
    ("spanish.txt", SPANISH.encode("utf-8"), "not English (detected Spanish"),
    ("furniture.txt", b"Advertisement\n\nRead more\n\nShare this article\n", "no article text left"),
]


@pytest.mark.parametrize("name,data,reason", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_yielded_as_error_and_the_batch_goes_on(tmp_path, name, data, reason):
    good1 = write(tmp_path / "a_good.txt", REPORT)
    bad = write(tmp_path / name, data)
    good2 = write(tmp_path / "z_good.txt", REPORT.replace("Tuesday", "Wednesday"))
    items = run([good1, bad, good2])
    assert [type(i) for i in items][0] is RawArticle and type(items[2]) is RawArticle
    error = items[1]
    assert isinstance(error, InputError), error
    assert error.source == bad
    assert reason in error.reason, error.reason
    assert str(error).startswith(bad + ": ")
    assert "Wednesday" in items[2].text


def test_not_english_is_a_not_english_error(tmp_path):
    (error,) = run([write(tmp_path / "fr.txt", FRENCH)])
    assert isinstance(error, NotEnglishError)
    assert "French" in error.reason and "'fr'" in error.reason


def test_too_large_is_checked_before_reading(tmp_path, monkeypatch):
    big = write(tmp_path / "big.txt", REPORT * 10)
    opened = []
    real_open = open

    def spy(path, *a, **k):
        opened.append(str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr("builtins.open", spy)
    (error,) = run([big], max_bytes=1000)
    assert isinstance(error, InputError) and "too large" in error.reason and "1,000" in error.reason
    assert big not in opened


def test_missing_path(tmp_path):
    (error,) = run([tmp_path / "nope.txt"])
    assert isinstance(error, InputError) and error.reason == "no such file or folder"


# --- English that must not be turned away -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ceasefire holds.",
        "Talks resume in Kessel.",
        "Abu Varrek, Ilse Maarten, Jokin Etxeberri, Khalil al-Nouri and Yara Bensaid met Tuesday in Doha.",
        "ESTERHAL, 17 OCT 89 (HG) -- THE NORTHERN FRONT SAID ON TUESDAY THAT IT WOULD ACCEPT A CEASE-FIRE "
        "IF THE ARMY WITHDRAWS FROM THE PORT DISTRICT, ACCORDING TO A STATEMENT BROADCAST BY RADIO VERLAN.",
        "Mohammed bin Farouk al-Saadi, Recep Aydin Kaya, Abdel Fattah el-Marwani and Ilham Ouedraogo "
        "arrived in Port Verlan, where Esterhal's foreign minister Ana Corvel received them.",
    ],
)
def test_short_or_name_heavy_english_is_kept(tmp_path, text):
    art = only_article(run([write(tmp_path / "en.txt", text)]))
    assert art.text == text


# --- JSON and JSONL ------------------------------------------------------------------------------


def test_json_object_with_aliased_fields(tmp_path):
    record = {
        "headline": "Truce talks resume",
        "content": REPORT,
        "published": "2024-05-08",
        "link": "https://hg.example/a",
        "source": {"id": "hg", "name": "Harbour Gazette"},
    }
    art = only_article(run([write(tmp_path / "one.json", json.dumps(record))]))
    assert (art.title, art.date, art.url, art.outlet) == (
        "Truce talks resume", "2024-05-08", "https://hg.example/a", "Harbour Gazette")
    assert art.text == REPORT


def test_json_list_of_objects(tmp_path):
    rows = [{"title": "One", "body": REPORT, "pubdate": "2024-05-01", "publisher": "Harbour Gazette"},
            {"title": "Two", "article": REPORT.replace("Tuesday", "Friday"), "publish_date": "2024-05-04"},
            {"title": "Three"}]
    path = write(tmp_path / "many.json", json.dumps(rows))
    items = run([path])
    assert [a.title for a in items[:2]] == ["One", "Two"]
    assert items[0].outlet == "Harbour Gazette" and items[1].date == "2024-05-04"
    assert items[1].source == f"{path}[1]"
    assert isinstance(items[2], InputError) and items[2].source == f"{path}[2]"


def test_jsonl_with_one_malformed_line(tmp_path):
    lines = [
        json.dumps({"title": "First", "text": REPORT, "date": "2024-05-07", "outlet": "Harbour Gazette"}),
        '{"title": "Second", "text": "unterminated',
        "",
        json.dumps({"title": "Fourth", "text": REPORT.replace("Tuesday", "Thursday")}),
        json.dumps(["not", "an", "object"]),
    ]
    path = write(tmp_path / "rows.jsonl", "\n".join(lines) + "\n")
    items = run([path])
    assert [type(i).__name__ for i in items] == ["RawArticle", "InputError", "RawArticle", "InputError"]
    assert items[0].source == f"{path}:1" and items[0].outlet == "Harbour Gazette"
    assert items[1].source == f"{path}:2" and "line 2" in items[1].reason and "malformed JSON" in items[1].reason
    assert items[2].source == f"{path}:4" and "Thursday" in items[2].text
    assert items[3].source == f"{path}:5" and "object" in items[3].reason


def test_jsonl_limit_applies_per_line_so_big_files_stream(tmp_path):
    row = json.dumps({"text": REPORT})
    huge = json.dumps({"text": "word " * 2000})
    path = write(tmp_path / "big.jsonl", "\n".join([row, huge, row, row]) + "\n")
    assert os.path.getsize(path) > 2 * len(row)
    items = run([path], max_bytes=len(row) + 10)
    assert [type(i).__name__ for i in items] == ["RawArticle", "InputError", "RawArticle", "RawArticle"]
    assert "line 2 too large" in items[1].reason


def test_json_text_field_holding_html(tmp_path):
    art = only_article(run([write(tmp_path / "h.json", json.dumps({"text": HTML_PAGE, "outlet": "HG"}))]))
    assert art.raw_html and "At least 12 people were killed" in art.text and art.outlet == "HG"


# --- HTML ----------------------------------------------------------------------------------------


def test_html_page_loses_nav_and_footer(tmp_path):
    art = only_article(run([write(tmp_path / "page.html", HTML_PAGE)]))
    assert art.raw_html
    assert art.title == "Truce talks resume in Port Verlan"
    assert art.outlet == "Harbour Gazette"
    assert art.url == "https://hg.example/world/truce-talks-resume"
    assert art.date == "2024-05-08"
    assert art.text.startswith("Negotiators from Esterhal")
    assert "At least 12 people were killed" in art.text
    assert "exchange of prisoners" in art.text
    assert "\n\n" in art.text  # paragraphs kept apart
    for furniture in ("Weather forecast", "Most read", "Storm batters", "newsletter", "All rights reserved",
                      "Privacy Policy", "Truce talks resume in Port Verlan"):
        assert furniture not in art.text, furniture


def test_html_declared_charset_is_used(tmp_path):
    page = HTML_PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace(
        "Ana Corvel", "Ana Corv\u00e9l")
    art = only_article(run([write(tmp_path / "w.htm", page.encode("cp1252"))]))
    assert "Ana Corv\u00e9l" in art.text


# --- folders -------------------------------------------------------------------------------------


def test_folder_is_walked_sorted_recursively_skipping_hidden_and_other_suffixes(tmp_path):
    (tmp_path / "b_sub").mkdir()
    (tmp_path / ".hidden_dir").mkdir()
    write(tmp_path / "c.txt", REPORT.replace("Tuesday", "Monday"))
    write(tmp_path / "a.txt", REPORT)
    write(tmp_path / "b_sub" / "inner.text", REPORT.replace("Tuesday", "Sunday"))
    write(tmp_path / ".secret.txt", REPORT)
    write(tmp_path / ".hidden_dir" / "x.txt", REPORT)
    write(tmp_path / "notes.md", REPORT)
    write(tmp_path / "data.csv", "a,b\n1,2\n")
    items = run([tmp_path])
    names = [os.path.relpath(i.source, tmp_path) for i in items]
    assert names == ["a.txt", os.path.join("b_sub", "inner.text"), "c.txt"]
    assert all(isinstance(i, RawArticle) for i in items)


def test_folder_without_inputs(tmp_path):
    write(tmp_path / "notes.md", REPORT)
    (error,) = run([tmp_path])
    assert isinstance(error, InputError) and "holds no" in error.reason


def test_inputs_are_read_lazily(tmp_path):
    write(tmp_path / "a.txt", REPORT)
    later = tmp_path / "b.txt"
    write(later, REPORT)
    stream = iter_inputs([str(tmp_path)])
    first = next(stream)
    assert isinstance(first, RawArticle)
    later.write_text(REPORT.replace("Tuesday", "Saturday"), encoding="utf-8")  # changed after the first yield
    assert "Saturday" in next(stream).text


# --- stdin ---------------------------------------------------------------------------------------


class FakeStdin:
    def __init__(self, data: bytes):
        self.buffer = io.BufferedReader(io.BytesIO(data))


@pytest.mark.parametrize(
    "data,expect",
    [
        (REPORT.encode("utf-8"), ["<stdin>"]),
        (("[Updated] " + REPORT).encode("utf-8"), ["<stdin>"]),
        (HTML_PAGE.encode("utf-8"), ["<stdin>"]),
        (("\n".join(json.dumps({"text": REPORT, "title": t}) for t in "AB") + "\n").encode(), ["<stdin>:1", "<stdin>:2"]),
        (json.dumps({"text": REPORT, "title": "A"}, indent=2).encode(), ["<stdin>"]),
        (json.dumps([{"text": REPORT}, {"text": REPORT}]).encode(), ["<stdin>[0]", "<stdin>[1]"]),
    ],
    ids=["text", "text-with-bracket", "html", "jsonl", "json-object", "json-list"],
)
def test_stdin_is_sniffed(monkeypatch, data, expect):
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    items = list(iter_inputs(["-"]))
    assert [i.source for i in items] == expect
    assert all(isinstance(i, RawArticle) and "At least 12 people were killed" in i.text for i in items)
    assert items[0].raw_html == (b"<html" in data)


def test_stdin_jsonl_bad_line_and_too_large(monkeypatch):
    data = (json.dumps({"text": REPORT}) + "\n{oops\n" + json.dumps({"text": REPORT}) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    items = list(iter_inputs(["-"]))
    assert [type(i).__name__ for i in items] == ["RawArticle", "InputError", "RawArticle"]
    assert items[1].source == "<stdin>:2"
    monkeypatch.setattr(sys, "stdin", FakeStdin(REPORT.encode() * 5))
    (error,) = list(iter_inputs(["-"], max_bytes=100))
    assert isinstance(error, InputError) and "too large" in error.reason


def test_real_stdin_pipe(tmp_path):
    src = Path(__file__).resolve().parents[2] / "src"
    code = (
        "from parley.ingest import iter_inputs\n"
        "for item in iter_inputs(['-']):\n"
        "    print(type(item).__name__, getattr(item, 'source', ''), getattr(item, 'title', ''))\n"
    )
    page = "Truce talks resume in Port Verlan\n\n" + REPORT
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run([sys.executable, "-c", code], input=page.encode(), capture_output=True, env=env,
                         timeout=60, check=True)
    assert out.stdout.decode().strip() == "RawArticle <stdin> Truce talks resume in Port Verlan"
