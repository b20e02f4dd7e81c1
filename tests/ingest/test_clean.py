"""The cleaner: page furniture goes, every sentence of the report stays. Fictional outlets and places."""
from __future__ import annotations

import time
import unicodedata

import pytest

from parley.errors import ConfigError
from parley.ingest import clean_text
from parley.ingest.clean import _load_rules_from, _rules, clean, normalize, split_paragraphs

# A plain-text copy of a web page of the (fictional) Harbour Gazette, with its furniture.
PAGE_COPY = """Europe

Truce talks resume in Port Verlan after night of shelling

Media playback is unsupported on your device
Media captionForeign Minister Ana Corvel: "We will not leave the table"

Negotiators from Esterhal and the Northern Front returned to talks in Port Verlan on Tuesday after a night of shelling.

Share this with Email Facebook Messenger Twitter Pinterest WhatsApp LinkedIn Copy this link These are external links and will open in a new window

At least 12 people were killed in the shelling of the port district, the city's health office said.

Shelters full

Aid groups said the shelters in the old town were full and that water was running short.

Image caption Residents queued for water in the old town on Monday

Advertisement

"We have come back because people are dying," said Ana Corvel, the foreign minister of Esterhal.

Read more

Harbour Gazette writers Lena Stroud in Port Verlan and Mikko Varn in Kessel contributed to this report.

Are you in Port Verlan? Have you been affected? Send us your experiences using the form below.

Your contact details

If you are happy to be contacted by a Harbour Gazette journalist please leave a telephone number. Your contact details will never be published. Please ensure you have read the terms and conditions.

Terms and conditions

The Harbour Gazette's Privacy Policy

Sign up for our morning newsletter

Related Topics

Copyright © 2024 Harbour Gazette Ltd. All rights reserved.
"""

KEEP = [
    "Negotiators from Esterhal and the Northern Front returned to talks in Port Verlan on Tuesday after a night of shelling.",
    "At least 12 people were killed in the shelling of the port district, the city's health office said.",
    "Aid groups said the shelters in the old town were full and that water was running short.",
    '"We have come back because people are dying," said Ana Corvel, the foreign minister of Esterhal.',
    "Harbour Gazette writers Lena Stroud in Port Verlan and Mikko Varn in Kessel contributed to this report.",
]
GONE = [
    "Europe",
    "Media playback",
    "Media caption",
    "Image caption",
    "Share this with",
    "external links",
    "Advertisement",
    "Read more",
    "Are you in Port Verlan",
    "contact details",
    "happy to be contacted",
    "Terms and conditions",
    "Privacy Policy",
    "newsletter",
    "Related Topics",
    "Copyright",
]


def test_page_copy_loses_its_furniture_and_keeps_the_report():
    result = clean(PAGE_COPY, find_title=True)
    for sentence in KEEP:
        assert sentence in result.text
    for furniture in GONE:
        assert furniture not in result.text, furniture
    assert result.title == "Truce talks resume in Port Verlan after night of shelling"
    assert "Truce talks resume" not in result.text  # taken as the title
    assert "Europe" in result.dropped


def test_caption_labels_go_but_caption_text_stays():
    text = clean_text(PAGE_COPY)
    assert 'Foreign Minister Ana Corvel: "We will not leave the table"' in text
    assert "Residents queued for water in the old town on Monday" in text


def test_subheadings_may_stay():
    assert "Shelters full" in clean_text(PAGE_COPY)


def test_paragraphs_are_separated_by_one_blank_line():
    text = clean_text("First paragraph of the report.\nSecond paragraph of the report.\n\n\n\nThird one.")
    assert text == "First paragraph of the report.\n\nSecond paragraph of the report.\n\nThird one."


@pytest.mark.parametrize(
    "line",
    [
        "Media playback is unsupported on your device",
        "Your browser does not support the video tag.",
        "Share this article",
        "Share on Facebook",
        "Email Facebook Twitter WhatsApp",
        "View 23 comments",
        "Comments (4)",
        "Join the conversation",
        "Follow Lena Stroud on Twitter: @lstroud",
        "Sign up for Daily Newsletters",
        "Newsletter Sign-up",
        "Download the Harbour Gazette app",
        "Read more: Port Verlan braces for new shelling",
        "Ceasefire collapses in the north Read more",
        "Read or Share this story: http://hg.example/abc",
        "Related Topics",
        "More on this story",
        "Most read",
        "Advertisement",
        "Advertisement Continue reading the main story",
        "Story continues below advertisement",
        "Copyright 2024 Harbour Gazette. All rights reserved.",
        "© Harbour Gazette Ltd",
        "This material may not be published, broadcast, rewritten or redistributed.",
        "Photo",
        "Photo 3 of 12",
        "Photograph: Lena Stroud/Harbour Gazette",
        "Enlarge this image toggle caption Lena Stroud/Harbour Gazette",
        "Photos: Port Verlan under fire A woman walks past a ruined bakery. Hide Caption 1 of 9",
        "JUST WATCHED Talks resume Replay More Videos ... MUST WATCH Talks resume 02:04",
        "World Ceasefire Talks Resume In Port Verlan Listen · 3:26 3:26",
        "Map: Esterhal",
        "1 day ago",
        "Last updated: Tuesday, 20 May 2024, 10:32 GMT",
        "190903105533074",
        "___",
        "* * *",
        "By Lena Stroud",
        "By Lena Stroud and Mikko Varn, Harbour Gazette",
        "Write to Lena Stroud at lena.stroud@hg.example",
        "https://hg.example/world/port-verlan",
        "CLICK HERE FOR THE HARBOUR GAZETTE APP",
        "Your contact details",
        "Have you been affected? Get in touch by email.",
        "Terms and conditions",
        "Privacy Policy",
    ],
)
def test_furniture_line_is_dropped(line):
    body = "Negotiators from Esterhal met in Port Verlan on Tuesday, officials said."
    text = clean_text(f"{body}\n\n{line}\n\nThe talks will continue on Wednesday, the mediators said.")
    assert line not in text
    assert body in text and "The talks will continue on Wednesday" in text


@pytest.mark.parametrize(
    "sentence",
    [
        # content that looks a little like furniture must stay
        "Associated Press writers Lena Stroud in Port Verlan and Mikko Varn in Kessel contributed to this report.",
        "The Associated Press contributed to this report.",
        "(Additional reporting by Mikko Varn in Kessel; Editing by Ana Lint)",
        "Share prices in Kessel fell 4% after the talks collapsed.",
        "By Tuesday, the army had withdrawn from the port district.",
        "Photo evidence presented by the monitors showed the shelling of the hospital.",
        "Read the full statement, the minister told reporters, and you will see we offered a truce.",
        "The committee will read more than 200 submissions before Friday.",
        "The government said it would publish its privacy policy for refugees next week.",
        "Comments by the envoy angered the Northern Front, which suspended the talks.",
        "Click, click, click: the sound of rifles being loaded echoed through the camp.",
        "More than 2,000 people have been killed since the fighting began in March.",
        "Updated casualty figures from the health office showed 40 dead.",
        "Are you safe? the minister asked the crowd before the shelling resumed.",
        "Subscribers to the ceasefire plan include Esterhal and two of its neighbours.",
        "SOURCE: News agencies",
        "He said: \"All rights reserved to respond to any attack.\"",
    ],
)
def test_content_sentence_is_kept(sentence):
    text = clean_text(f"Negotiators met in Port Verlan on Tuesday, officials said.\n\n{sentence}\n\nTalks go on.")
    assert sentence in text


def test_section_label_only_goes_above_the_body():
    text = clean_text("World\n\nShelling resumed in Port Verlan on Tuesday, the health office said.\n\nWorld\n\nEnd.")
    assert text.startswith("Shelling resumed")
    assert "\n\nWorld\n\n" in text  # a lone "World" inside the report is left alone


def test_breadcrumb_above_the_headline_goes():
    result = clean(
        "News > World › Europe\n\nPort Verlan truce holds for a second day\n\n"
        "The truce between Esterhal and the Northern Front held for a second day on Wednesday, residents said.",
        find_title=True,
    )
    assert result.title == "Port Verlan truce holds for a second day"
    assert result.text.startswith("The truce between")


def test_no_title_taken_from_a_text_that_starts_with_a_sentence():
    result = clean(
        "KESSEL (HG) — Fighting resumed in Kessel on Monday, officials said.\n"
        "The truce had held for four days.",
        find_title=True,
    )
    assert result.title is None
    assert result.text.startswith("KESSEL (HG)")


def test_a_line_repeating_the_title_or_outlet_goes():
    text = clean_text(
        "Truce holds in Port Verlan\n\nHarbour Gazette\n\nThe truce held overnight, residents of Port Verlan said.",
        title="Truce holds in Port Verlan",
        outlet="Harbour Gazette",
    )
    assert text == "The truce held overnight, residents of Port Verlan said."


def test_all_caps_promo_lines_go_in_mixed_case_text_but_all_caps_wire_copy_stays():
    mixed = clean_text(
        "The truce held overnight, residents said.\n\nNORTHERN FRONT SAYS TALKS ARE OVER, ENVOY WARNS\n\nTalks go on."
    )
    assert "NORTHERN FRONT SAYS" not in mixed
    wire = "KESSEL, 17 OCT 89 (HG) -- THE TRUCE HELD OVERNIGHT.\n\nTHE NORTHERN FRONT SAID TALKS WILL GO ON"
    assert "THE NORTHERN FRONT SAID TALKS WILL GO ON" in clean_text(wire)


def test_normalize_keeps_curly_quotes_and_fixes_the_rest():
    decomposed = "Montre\u0301al"
    raw = "\ufeff\u201cWe stay,\u201d she said \u2014 in\u00a0Montre\u0301al.\r\nNext\u200b line\t here.\r"
    out = normalize(raw)
    assert out == "\u201cWe stay,\u201d she said \u2014 in Montr\u00e9al.\nNext line here.\n"
    assert unicodedata.is_normalized("NFC", out)
    assert decomposed not in out


def test_normalize_fixes_mojibake():
    assert normalize("The ministerâ€™s plan for MontrÃ©al") == "The minister\u2019s plan for Montr\u00e9al"


def test_hard_wrapped_text_is_unwrapped_but_one_line_paragraphs_are_not():
    wrapped = (
        "Negotiators from Esterhal and the Northern Front returned to the\n"
        "table in Port Verlan on Tuesday after a night of shelling that\n"
        "killed at least 12 people, the city's health office said.\n"
        "The talks are expected to last three days.\n"
    )
    assert split_paragraphs(normalize(wrapped)) == [
        "Negotiators from Esterhal and the Northern Front returned to the table in Port Verlan on Tuesday "
        "after a night of shelling that killed at least 12 people, the city's health office said.",
        "The talks are expected to last three days.",
    ]
    one_per_line = "Shelling resumed on Tuesday.\nThe talks were suspended.\nAid groups left the city."
    assert len(split_paragraphs(one_per_line)) == 3


def test_boilerplate_file_documents_every_pattern():
    rules = _rules()
    assert rules.section_labels  # loaded
    import yaml
    from importlib import resources

    data = yaml.safe_load(resources.files("parley").joinpath("data/boilerplate.yaml").read_text("utf-8"))
    for entry in data["strip_prefixes"] + data["drop"]:
        assert entry.get("catches"), entry["re"]


def test_bad_boilerplate_file_is_a_config_error():
    with pytest.raises(ConfigError):
        _load_rules_from({"strip_prefixes": [], "drop": [{"re": "(unclosed", "catches": "x"}]}, "test.yaml")
    with pytest.raises(ConfigError):
        _load_rules_from({"strip_prefixes": [], "drop": [{"re": "fine"}]}, "test.yaml")
    with pytest.raises(ConfigError):
        _load_rules_from({"drop": []}, "test.yaml")


def test_cleaning_is_fast_and_does_not_backtrack():
    paragraph = (
        "Negotiators from Esterhal and the Northern Front returned to talks in Port Verlan on Tuesday after "
        "a night of shelling that killed at least 12 people, the city's health office said. "
    )
    text = "\n\n".join([paragraph * 2] * 15)  # ~6 KB
    assert 5000 < len(text) < 7000
    clean_text(text)  # warm up (loads the patterns)
    start = time.perf_counter()
    for _ in range(20):
        clean_text(text)
    per_call = (time.perf_counter() - start) / 20
    assert per_call < 0.005, f"{per_call * 1000:.2f} ms per 6 KB"  # ~0.3 ms here; loose for slow CI
    nasty = "1" * 5000 + " share " * 200 + "x"  # digits and share words: no catastrophic backtracking
    start = time.perf_counter()
    clean_text(nasty)
    assert time.perf_counter() - start < 0.5
