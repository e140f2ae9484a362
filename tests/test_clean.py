"""The cleaner on the five shipped captures: what must go, what must stay, and the metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.capture import read_capture
from build_tools.clean import clean_text
from build_tools.ingest import load_outlets, plan
from build_tools.load import load_content

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
RAW = CONTENT / "raw"

SEEDS = {
    "000_996fa304dc4df510.txt": {
        "title": "Key developments on Nov. 14",
        "date": None,  # the live page carries no date: ingest needs --date
        "authors": [],
        "stays": [
            "Ukrainian forces successfully repelled Russian attempts to break into the city of Kupiansk",
            '"I am grateful to all our units for their resilience," he said.',
            "## Defense Ministry pledges to draft bill on demobilization by Dec. 18, official says",
            "The parliament obliged the Defense Ministry to develop a relevant draft law within eight months.",
            "## European officials opening up to 'land-for-security' deal in Ukraine, WP reports",
            "Russian President Vladimir Putin said in October that his country is not planning any concessions",
            "## Trump's nominee for UN envoy dodges question on earlier support for Ukraine's NATO accession",
            "Predictions range from Trump keeping his word",
            "- Defense Ministry pledges to draft bill on demobilization by Dec. 18, official says",
        ],
    },
    "001_72cbfb604ae173a6.txt": {
        "title": "Ukraine repels Russian attempt to enter Kupiansk, military says",
        "date": "2024-11-14",
        "authors": ["Boldizsar Gyori"],
        "stays": [
            "Ukrainian forces successfully repelled Russian attempts",
            "two columns of Russian forces, which included armored vehicles and a tank",
            "Capturing the city would widen the north-to-south supply route",
        ],
    },
    "002_014aeed3c577199d.txt": {
        "title": "Ukraine updates: Russia would 'welcome' Trump talks",
        "date": "2024-11-14",
        "authors": [],
        "stays": [
            "## What you need to know",
            "- Ukraine thwarts Russian attempt to enter eastern town of Kupiansk",
            "## Russian troops driven out of Kupiansk – Ukrainian officials",
            "It was surrendered to Russian troops in February 2022 but recaptured by Ukraine in September 2022,",
            '"The alleged presence of Russian troops in Kupiansk is not true," it said.',
            "the Russian Defense Ministry announced the \"liberation\" of the village of Voznesenka",
            "## Russia 'open' to Ukraine talks based on 'realities on ground' – envoy",
            "does little to alter \\[this\\].\"",
        ],
    },
    "003_6c29c67bb9852ea0.txt": {
        "title": "The Ukrainian military claims it is in full control of Kupyansk and has halted the Russian advance towards the railway hub",
        "date": "2024-11-14",
        "authors": [],
        "stays": [
            "A Russian official said Russian forces had gained a foothold on the outskirts of the city",
            "The Ukrainian army announced today that its troops have full control",
            "Early on November 14, air defense systems shot down 21 of 59 drones",
            "43 settlements in the Poltava region were unable to receive electricity",
            "one over Kursk and one over Belgorod Oblast.",
        ],
    },
    "004_eb6a58e3b52a20c7.txt": {
        "title": "'Cheap provocations' — Ukraine denies Russia's claim that it has captured Kupiansk, as fighting continues",
        "date": None,
        "authors": ["Dmytro Basmat"],
        "stays": [
            "Ukraine's General Staff denied claims made by the chief of the General Staff of the Russian army, Valery Gerasimov",
            "\"Kupiansk remains under the control of Ukraine’s Defense Forces,\" the General Staff said.",
            "Russian forces originally occupied Kupiansk at the start of the full-scale invasion before being liberated by Ukrainian forces in September 2022.",
        ],
    },
}

# Lines that are page furniture in at least one capture; none may reach a body.
MUST_GO = [
    "Three years of reporting",
    "Become a member",
    "Gift membership",
    "Goal: 1,000 new members",
    "Help us get 1,000 new members",
    "Millions read the Kyiv Independent",
    "All thanks to 12,000 supporters",
    "It’s thanks to readers like you",
    "Quality journalism takes work",
    "Help us reach 25,000 members",
    "0 out of 25,000",
    "Skip to content",
    "This audio is created with AI assistance",
    "indicates required",
    "Subscribe",
    "Enter your email",
    "Successfuly subscribed",
    "Thank you for signing up",
    "visa masterCard",
    "Editors' Picks",
    "Explaining Ukraine with Kate Tsurkan",
    "10733 views",
    "comment(s)",
    "Disclaimer: The translations",
    "Bonus video",
    "min read",
    "Avatar",
    "is a senior news editor",
    "Senior News Editor",
    "Read more",
    "Show More",
    "News Feed",
    "Author: Boldizsar Gyori",
    "by Boldizsar Gyori",
    # teasers of other stories
    "As Russian losses in Ukraine pass 700,000",
    "Opinion: How EU nations can prevent",
    "Opinion: Trump could actually be good for Europe",
    "What do Trump’s first team picks mean for Ukraine?",
    "Ukraine liberates Kharkiv Oblast village key for defense of Kupiansk",
    "As a result of the operation, the enemy was driven out",
    "The Kyiv IndependentKateryna Denisova",
    "New US peace plan pushes Ukraine toward capitulation",
    # captions and credits
    "via Getty Images",
    "(DeepState/OpenStreetMaps)",
    "Photo: Reuters",
    "mf/ab (Reuters, AFP, AP, dpa)",
    "Editor's note",
    "Ažurirano",
    "War\n",
]


@pytest.fixture(scope="module")
def outlets():
    return load_outlets(CONTENT)


@pytest.fixture(scope="module")
def cleaned(outlets):
    result = {}
    for name in SEEDS:
        capture = read_capture(RAW / name)
        outlet_id = __import__("build_tools.ingest", fromlist=["pick_outlet"]).pick_outlet(capture.text, outlets)
        outlet = outlets[outlet_id]
        result[name] = clean_text(capture.text, outlet.boilerplate, [o.name for o in outlets.values()])
    return result


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_metadata(cleaned, name):
    expected = SEEDS[name]
    assert cleaned[name].title == expected["title"]
    assert cleaned[name].date == expected["date"]
    assert cleaned[name].authors == expected["authors"]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_story_stays(cleaned, name):
    body = cleaned[name].body
    missing = [text for text in SEEDS[name]["stays"] if text not in body]
    assert missing == []


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_furniture_goes(cleaned, name):
    body = cleaned[name].body
    kept = [text for text in MUST_GO if text in body]
    assert kept == []


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_story_paragraph_of_the_capture_is_kept(cleaned, name):
    """Every long sentence-ending line of the capture that is not furniture is in the body."""
    body = cleaned[name].body.replace("\\", "")
    raw_lines = [line.strip() for line in (RAW / name).read_text(encoding="utf-8").splitlines()]
    story_lines = [
        line for line in raw_lines
        if len(line.split()) >= 12 and line.endswith((".", '"', "”", ",", ":"))
        and not any(marker in line for marker in MUST_GO)
    ]
    assert story_lines, "the capture has story lines"
    missing = [line for line in story_lines if line.replace("\\", "") not in body]
    assert missing == []


def test_captions_and_notes_are_kept_apart(cleaned):
    assert cleaned["000_996fa304dc4df510.txt"].captions[0].endswith("(Gian Marco Benedetto/Anadolu via Getty Images)")
    assert cleaned["003_6c29c67bb9852ea0.txt"].captions == ["Ukrainian soldiers (illustration), Photo: Reuters"]
    assert cleaned["003_6c29c67bb9852ea0.txt"].notes == ["Disclaimer: The translations are mostly done through AI translator and might not be 100% accurate."]
    assert cleaned["004_eb6a58e3b52a20c7.txt"].notes == ["Editor's note: This is a developing story and is being updated."]


def test_repeated_headline_appears_once(cleaned):
    body = cleaned["004_eb6a58e3b52a20c7.txt"].body
    assert "Cheap provocations" not in body  # it is the title, not a body line, and not twice


def test_date_sources(cleaned):
    assert cleaned["001_72cbfb604ae173a6.txt"].date_source.startswith("byline 'by Boldizsar Gyori")
    assert cleaned["002_014aeed3c577199d.txt"].date_source == "capture header"
    assert cleaned["003_6c29c67bb9852ea0.txt"].date_source == "dateline 'Ažurirano: 14.11.2024. 15:10h'"


def test_committed_articles_are_what_ingest_makes_today():
    """content/articles/ is reproducible from content/raw/ with the options recorded here."""
    options = {
        "000_996fa304dc4df510.txt": {"date": "2024-11-14"},
        "003_6c29c67bb9852ea0.txt": {"article_id": "vijesti-2024-11-14-ukrainian-military-claims-it-is-in-full-control"},
        "004_eb6a58e3b52a20c7.txt": {"date": "2025-11-20"},
    }
    content = load_content(CONTENT)
    by_raw = {article.doc.data["raw"]: article_id for article_id, article in content.articles.items()}
    for name in sorted(SEEDS):
        _archive, [(_capture, article, _duplicates)] = plan([RAW / name], CONTENT, **options.get(name, {}))
        assert by_raw[f"raw/{name}"] == article.id
        assert (CONTENT / "articles" / f"{article.id}.md").read_text(encoding="utf-8") == article.text()


def test_outlets_recognised(outlets):
    from build_tools.ingest import pick_outlet

    found = {name: pick_outlet(read_capture(RAW / name).text, outlets) for name in SEEDS}
    assert found == {
        "000_996fa304dc4df510.txt": "kyiv-independent",
        "001_72cbfb604ae173a6.txt": "kyiv-independent",
        "002_014aeed3c577199d.txt": "dw",
        "003_6c29c67bb9852ea0.txt": "vijesti",
        "004_eb6a58e3b52a20c7.txt": "kyiv-independent",
    }


def test_generic_rules_clean_without_outlet_profiles():
    """The generic rules alone already drop the appeals and forms of an unknown outlet."""
    result = clean_text((RAW / "000_996fa304dc4df510.txt").read_text(encoding="utf-8"))
    for text in ("Become a member", "indicates required", "Subscribe", "Skip to content", "Help us get 1,000 new members"):
        assert text not in result.body
