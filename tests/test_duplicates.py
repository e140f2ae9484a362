"""Near-duplicate bodies: the shipped Kyiv Independent pair, a pasted wire story, a paraphrase, Cyrillic, Markdown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest

from build_tools.duplicates import DuplicateIndex, compare, fingerprint

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "content" / "articles"

DIGEST = "kyiv-independent-2024-11-14-key-developments-on-nov-14"
KUPIANSK = "kyiv-independent-2024-11-14-ukraine-repels-russian-attempt-to-enter-kupiansk"
DW = "dw-2024-11-14-ukraine-updates-russia-would-welcome-trump-talks"

WIRE_STORY = """\
Floodwaters from the swollen Tisza River forced the evacuation of more than 3,000 residents from low-lying districts of the town of Vynohradiv on Tuesday, regional officials said, after three days of heavy rain across the Carpathian foothills.

The regional emergency service said rescue crews had used boats to reach families trapped on the upper floors of their homes, and that no deaths had been reported by late afternoon.

"The water rose by almost two metres overnight, faster than anyone expected," said Olena Marchuk, a spokeswoman for the service. "Our priority is to get the elderly and children out before the next wave of rain arrives on Thursday."

Forecasters warned that a second band of storms moving in from Romania could push the river above the record level set in 1998, when floods destroyed hundreds of houses and several bridges in the region.

Local authorities opened schools and a sports hall as temporary shelters and asked volunteers to bring blankets, drinking water and dry food. The town's only hospital moved patients from its ground floor to higher wards as a precaution.

Power was cut to about 12,000 households after water reached two electrical substations, the regional energy company said, adding that repairs would begin as soon as the level started to fall.

Farmers in surrounding villages said the floods had ruined much of the maize harvest that had not yet been gathered, and that livestock had to be moved to higher pastures in a hurry.

The government in Kyiv said it would release emergency funds to the region and send additional rescue teams and pumping equipment from neighbouring provinces. Hungary, whose eastern border lies downstream, said it was monitoring the river closely and had placed its own flood defences on alert.

Rail services between Vynohradiv and the regional capital Uzhhorod were suspended after a section of track was washed away near the village of Korolevo, the state railway operator said, and buses were being laid on to carry passengers around the damaged line.

Officials said it was too early to estimate the cost of the damage, but that early reports suggested at least 400 homes had been flooded and dozens of roads and small bridges would need repairs before winter.

Environmental groups have long argued that illegal logging on the upper slopes of the mountains has made flash floods in the area more frequent and more destructive, a claim regional officials have disputed.
"""

# The same facts, every sentence rewritten.
PARAPHRASE = """\
Regional officials reported on Tuesday that over 3,000 people living in low parts of Vynohradiv had to leave their homes as the Tisza burst its banks following 72 hours of downpours in the Carpathian foothills.

According to the emergency service, rescuers in boats reached households stranded upstairs in flooded houses; by the end of the afternoon nobody was known to have died.

Olena Marchuk, speaking for the service, said the river had climbed close to two metres in a single night, more quickly than forecast, and that getting children and older residents to safety came first, before more rain expected on Thursday.

Meteorologists cautioned that further storms approaching from Romania might lift the Tisza past its 1998 record, a year in which flooding wrecked several bridges and hundreds of homes across the area.

Schools and a sports hall were turned into emergency shelters by the town, which appealed for volunteers to donate bottled water, blankets and food that keeps. As a safety measure, Vynohradiv's sole hospital transferred patients upstairs.

About 12,000 homes lost electricity after floodwater got into a pair of substations, according to the regional power company, which said crews would start fixing them once the river began to recede.

In nearby villages, growers said maize still standing in the fields had largely been destroyed, and herds had been hurriedly driven up to higher ground.

Kyiv promised emergency money for the province along with extra rescuers and pumps drawn from adjacent regions, while Budapest said it was keeping a close watch on the river downstream and had put Hungarian flood defences on standby.

The state rail company halted trains between Vynohradiv and Uzhhorod, the regional capital, once floodwater swept away part of the line close to Korolevo, and said replacement buses would take travellers around the gap.

It is not yet possible to put a figure on the losses, authorities said, though initial counts put the number of flooded houses at 400 or more, with many roads and footbridges needing work ahead of the cold season.

Conservationists have for years blamed unlawful tree felling on the mountain slopes for making sudden floods there more common and more damaging, though local officials reject that view.
"""

PAGE_A = f"""\
## Live: western Ukraine floods

Our correspondents are following the situation in Zakarpattia Oblast, where rivers burst their banks overnight. Here is the latest wire report.

{WIRE_STORY}
- Emergency line for flooded districts: call 101
- Volunteers can register at the town hall

Read also: how Ukraine's river towns prepare for the spring thaw, and what insurers pay for when basements flood.
"""

PAGE_B = f"""\
Thousands leave their homes as the Tisza rises

Editor's note: this report was provided by a news agency and lightly edited for our readers in the region.

{WIRE_STORY}
In other news, the national football team beat Moldova 2-0 in a friendly match in Lviv on Tuesday evening, with both goals coming in the second half.

Prices for bread and milk rose again last month, the statistics service said, as the cost of transport and energy kept climbing.
"""

UKRAINIAN_STORY = """\
Сили протиповітряної оборони вночі збили п’ять ударних дронів над Харківською областю, повідомили в Повітряних силах у четвер. \
За словами начальника обласної військової адміністрації, уламки пошкодили два приватні будинки та лінію електропередачі в передмісті Харкова. \
Постраждалих немає, але близько тисячі родин залишилися без світла до ранку. \
Енергетики відновили живлення об’єктів критичної інфраструктури протягом трьох годин. \
Мешканців закликали не наближатися до уламків і повідомляти про них за телефоном служби порятунку. \
Окремо в обласній адміністрації повідомили, що зв’язок у прикордонних громадах працює з перебоями через пошкоджену вежу мобільного оператора. \
Ремонтні бригади розпочнуть роботи, щойно дозволить безпекова ситуація.
"""


@pytest.fixture(scope="module")
def shipped() -> dict[str, str]:
    return {path.stem: frontmatter.load(path).content for path in sorted(ARTICLES.glob("*.md"))}


@pytest.fixture(scope="module")
def shipped_index(shipped) -> DuplicateIndex:
    return DuplicateIndex(shipped)


def relations(matches) -> list[tuple[str, str]]:
    return [(match.article_id, match.relation) for match in matches]


def test_the_kupiansk_story_is_contained_in_the_digest_that_leads_with_it(shipped, shipped_index):
    matches = shipped_index.find(shipped[KUPIANSK])
    assert relations(matches) == [(KUPIANSK, "same text"), (DIGEST, "contained in")]
    overlap = matches[1].overlap
    assert overlap.containment_a > 0.8  # most of the story is in the digest...
    assert overlap.containment_b < 0.25  # ...which is mostly other news,
    assert overlap.jaccard < 0.25  # so Jaccard alone would miss the copy


def test_the_digest_contains_the_kupiansk_story(shipped, shipped_index):
    matches = shipped_index.find(shipped[DIGEST])
    assert relations(matches) == [(DIGEST, "same text"), (KUPIANSK, "contains it")]
    assert matches[1].overlap.containment_b > 0.8
    assert matches[1].overlap == compare(fingerprint(shipped[DIGEST]), fingerprint(shipped[KUPIANSK]))


def test_the_same_event_in_other_words_is_no_copy(shipped, shipped_index):
    assert relations(shipped_index.find(shipped[DW])) == [(DW, "same text")]
    for other in (DIGEST, KUPIANSK):
        overlap = compare(fingerprint(shipped[DW]), fingerprint(shipped[other]))
        assert max(overlap.containment_a, overlap.containment_b) < 0.05


@pytest.mark.parametrize(
    "article_id",
    [path.stem for path in sorted(ARTICLES.glob("*.md"))],
)
def test_every_shipped_article_is_the_same_text_as_itself_and_no_other(shipped, shipped_index, article_id):
    matches = shipped_index.find(shipped[article_id])
    assert matches[0].article_id == article_id
    assert matches[0].relation == "same text"
    assert matches[0].overlap.containment_a == matches[0].overlap.containment_b == 1.0
    assert all(match.article_id in (DIGEST, KUPIANSK) for match in matches[1:])


def test_a_repeated_headline_alone_is_no_copy(shipped, shipped_index):
    headline = "Ukraine repels Russian attempt to enter Kupiansk in Kharkiv Oblast, military says"
    assert compare(fingerprint(headline), fingerprint(shipped[DIGEST])).containment_a == 1.0
    assert shipped_index.find(headline) == []
    assert shipped_index.find("") == []


def test_a_wire_story_pasted_into_two_pages_is_recognised():
    assert 380 <= fingerprint(WIRE_STORY).word_count <= 440
    index = DuplicateIndex({"page-a": PAGE_A, "page-b": PAGE_B})

    matches = index.find(WIRE_STORY)
    assert relations(matches) == [("page-a", "contained in"), ("page-b", "contained in")]
    assert all(match.overlap.containment_a == 1.0 for match in matches)

    # Neither page is a copy of the other, but they share the story.
    page_b_against_a = DuplicateIndex({"page-a": PAGE_A}).find(PAGE_B)
    assert [match.article_id for match in page_b_against_a] == ["page-a"]
    assert page_b_against_a[0].relation != "same text"
    assert min(page_b_against_a[0].overlap.containment_a, page_b_against_a[0].overlap.containment_b) > 0.7


def test_a_paraphrase_is_no_copy():
    assert DuplicateIndex({"page-a": PAGE_A, "wire": WIRE_STORY}).find(PARAPHRASE) == []
    assert compare(fingerprint(PARAPHRASE), fingerprint(WIRE_STORY)).containment_a < 0.05


def test_cyrillic_text_with_any_apostrophe_is_recognised():
    story = fingerprint(UKRAINIAN_STORY)
    assert story.word_count == len(UKRAINIAN_STORY.split())
    # п’ять, пʼять and п'ять are one word however the page writes the apostrophe.
    for apostrophe in ("'", "\u02bc"):
        assert fingerprint(UKRAINIAN_STORY.replace("’", apostrophe)) == story

    page = (
        "## Новини Харківщини\n\n"
        "Редакція стежить за подіями в області. Нижче подаємо повідомлення, що надійшло від наших кореспондентів сьогодні вранці.\n\n"
        + UKRAINIAN_STORY.replace("’", "\u02bc")
        + "\nМешканці передмістя розповіли нам, що вибухи було чути близько третьої години ночі.\n"
    )
    matches = DuplicateIndex({"ua-story": UKRAINIAN_STORY}).find(page)
    assert relations(matches) == [("ua-story", "contains it")]
    assert matches[0].overlap.containment_b == 1.0


def test_markdown_syntax_and_escapes_do_not_change_the_fingerprint():
    markdown = (
        "## Mayor's office: roads \\*closed\\* after storm\n\n"
        "- Crews cleared 3 \\[of 5\\] main roads &amp; bridges\n"
        "- Officials said **most** schools stay \\_shut\\_ on Monday\n\n"
        "1. Read the [full statement](https://example.org/statement?id=1&amp;lang=en) "
        "![map](map.png) from the coun\u00adcil<br>today.\n"
    )
    plain = (
        "Mayor’s office: roads closed after storm\n"
        "Crews cleared 3 of 5 main roads & bridges\n"
        "Officials said most schools stay shut on Monday\n"
        "Read the full statement from the council today.\n"
    )
    assert fingerprint(markdown) == fingerprint(plain)
    assert fingerprint(plain).word_count == 30


def test_ties_are_ordered_by_article_id_after_the_best_matches():
    index = DuplicateIndex({"b-copy": WIRE_STORY, "page-b": PAGE_B, "a-copy": WIRE_STORY})
    assert relations(index.find(WIRE_STORY)) == [
        ("a-copy", "same text"),
        ("b-copy", "same text"),
        ("page-b", "contained in"),
    ]


def test_an_article_id_is_indexed_once():
    index = DuplicateIndex({"wire": WIRE_STORY})
    with pytest.raises(ValueError, match="wire"):
        index.add("wire", PAGE_A)


def test_fingerprints_are_the_same_in_every_process():
    script = "from build_tools.duplicates import fingerprint; import sys; print(sorted(fingerprint(sys.stdin.read()).shingles))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=UKRAINIAN_STORY,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {f"{sorted(fingerprint(UKRAINIAN_STORY).shingles)}\n"}
