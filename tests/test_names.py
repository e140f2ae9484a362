"""`unknown_names`: names a report mentions that no record holds, on the shipped
articles with the real records and on small sentences in each language."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.load import load_content
from build_tools.mentions import MentionIndex
from build_tools.names import (
    NameCandidate,
    known_names,
    unknown_names,
)
from build_tools.validate import validate

CONTENT = Path(__file__).resolve().parents[1] / "content"
KEY_DEVELOPMENTS = "kyiv-independent-2024-11-14-key-developments-on-nov-14"
DW = "dw-2024-11-14-ukraine-updates-russia-would-welcome-trump-talks"
VIJESTI = "vijesti-2024-11-14-ukrainian-military-claims-it-is-in-full-control"
PROVOCATIONS = "kyiv-independent-2025-11-20-cheap-provocations-ukraine-denies-russias-claim"


@pytest.fixture(scope="module")
def archive():
    archive, _problems = validate(load_content(CONTENT))
    return archive


@pytest.fixture(scope="module")
def known(archive) -> MentionIndex:
    return known_names(archive.records)


@pytest.fixture(scope="module")
def ingest_index(archive) -> MentionIndex:
    """The index ingest builds: places, people and organizations, without outlets."""
    return MentionIndex.from_records(archive.records)


def by_name(candidates: list[NameCandidate]) -> dict[str, NameCandidate]:
    return {candidate.name: candidate for candidate in candidates}


# --- the shipped articles ------------------------------------------------------------


def test_recorded_names_are_never_flagged(archive, known, ingest_index):
    for article_id, body in archive.bodies.items():
        for index in (known, ingest_index):
            for candidate in unknown_names(body, index, limit=100):
                assert index.spans(candidate.name) == [], (article_id, candidate)
                assert candidate.name.split()[-1] not in {"Kupiansk", "Kupyansk", "Zelensky", "Zelenskyy", "Gatilov", "Kovalev", "Besedin"}


def test_recorded_names_in_any_spelling_or_case_are_not_flagged(known):
    text = (
        "Troops near Kupyansk, KUPIANSK and Kup'iansk held. Бої тривають біля Куп’янська і під Купʼянськом. "
        "Borbe se vode kod Kupjanska. Радники Зеленського прибули. President Zelenskyy said the General Staff of Ukraine's Armed Forces "
        "said the General Staff would report, and the UN and the U.N. and WP agreed. Обстріляли Харків і Києві."
    )
    assert unknown_names(text, known) == []


def test_unrecorded_names_in_the_articles_are_flagged(archive, known):
    key_developments = by_name(unknown_names(archive.bodies[KEY_DEVELOPMENTS], known))
    # The report's short form of Ukraine's ministry: no record is named so.
    ministry = key_developments["Defense Ministry"]
    assert (ministry.kind, ministry.count, ministry.cue) == ("organization", 6, "'Ministry' in the name")
    assert ministry.example == "Defense Ministry pledges to draft bill on demobilization by Dec. 18, official says"

    kursk = by_name(unknown_names(archive.bodies[VIJESTI], known))["Kursk"]
    assert (kursk.kind, kursk.cue) == ("place", "ends in '-sk'")
    assert "one over Kursk and one over Belgorod Oblast." in kursk.example

    assert "Europe" in by_name(unknown_names(archive.bodies[DW], known))


WITHHELD = {"voznesenka", "oleksiy-belsky", "gennady-gatilov", "ministry-of-defence-russia", "shevchenko-donetsk-oblast"}


@pytest.fixture(scope="module")
def index_without_some(archive) -> MentionIndex:
    return known_names({folder: {i: r for i, r in models.items() if i not in WITHHELD} for folder, models in archive.records.items()})


@pytest.mark.parametrize(
    ("article_id", "name", "kind", "cue", "count"),
    [
        (DW, "Voznesenka", "place", "'village of' before it", 1),
        (PROVOCATIONS, "Oleksiy Belsky", "person", "title 'spokesperson' before it", 1),
        (DW, "Gennady Gatilov", "person", "title 'Ambassador' before it", 2),  # with "Ambassador Gatilov said"
        (VIJESTI, "Russian Defense Ministry", "organization", "'Ministry' in the name", 1),
        (VIJESTI, "Shevchbeenko", "place", "'village of' before it", 1),
    ],
)
def test_a_withheld_record_is_flagged_with_its_kind(archive, index_without_some, article_id, name, kind, cue, count):
    candidate = by_name(unknown_names(archive.bodies[article_id], index_without_some))[name]
    assert (candidate.kind, candidate.cue, candidate.count) == (kind, cue, count)


def test_sentence_initial_words_are_not_flagged(archive, known):
    ordinary = {"The", "However", "On", "In", "It", "He", "This", "According", "Many", "Some", "Even", "Since", "Due", "Further", "Beyond", "What", "Capturing"}
    for body in archive.bodies.values():
        assert not ordinary & {c.name.split()[0] for c in unknown_names(body, known, limit=100)}
    text = "The army advanced. However, it stalled. On Tuesday, shelling resumed. Synkivka burned. Capturing it failed."
    assert unknown_names(text, known) == []


def test_a_sentence_initial_name_counts_once_it_also_appears_mid_sentence(known):
    text = "Synkivka burned. Later, troops left Synkivka."
    assert unknown_names(text, known) == [NameCandidate("Synkivka", "place", 2, "ends in '-ivka'", "Synkivka burned.")]


# --- the cues, language by language --------------------------------------------------

ENGLISH = [
    ("Colonel Nazar Voloshyn told reporters that the front held.", "Nazar Voloshyn", "person", "title 'Colonel' before it"),
    ("The region's governor, Mr. Oleh Syniehubov, spoke.", "Oleh Syniehubov", "person", "title 'Mr' before it"),
    ("Defense Minister Rustem Umerov visited the troops.", "Rustem Umerov", "person", "title 'Defense Minister' before it"),
    ("The Minister of Defense Rustem Umerov spoke.", "Rustem Umerov", "person", "title 'Minister of Defense' before it"),
    ("Prices rose, Umerov said on Monday.", "Umerov", "person", "'said' after it"),
    ("The front is stable, according to Nazar Voloshyn.", "Nazar Voloshyn", "person", "'according to' before it"),
    ("Russian troops shelled the village of Synkivka overnight.", "Synkivka", "place", "'village of' before it"),
    ("Two people died in Pishchane on Monday.", "Pishchane", "place", "'in' before it"),
    ("Drones struck targets in Sumy Oblast again.", "Sumy Oblast", "place", "ends in 'Oblast'"),
    ("Troops left Petropavlivka yesterday.", "Petropavlivka", "place", "ends in '-ivka'"),
    ("Rescuers from the State Emergency Service arrived.", "State Emergency Service", "organization", "'Service' in the name"),
    ("Analysts at the Institute for the Study of War agreed.", "Institute for the Study of War", "organization", "'Institute' in the name"),
    ("The assessment by ISW was cautious.", "ISW", "organization", "all-caps acronym"),
    ("The lawyer Ivano Kovalchuk disagreed.", "Ivano Kovalchuk", "person", "two capitalised words"),
]
UKRAINIAN = [
    ("Речник бригади Іван Петренко розповів про бої.", "Іван Петренко", "person", "title 'Речник' before it"),
    ("Вчора Іван Петренко повідомив про бої.", "Іван Петренко", "person", "'повідомив' after it"),
    ("Зустріч провів міністр оборони Рустем Умєров.", "Рустем Умєров", "person", "title 'міністр' before it"),
    ("За словами Олега Синєгубова, ситуація складна.", "Олега Синєгубова", "person", "'за словами' before it"),
    ("Росіяни обстріляли у селі Синьківка два будинки.", "Синьківка", "place", "'селі' before it"),
    ("Бої тривають поблизу Петропавлівки вже тиждень.", "Петропавлівки", "place", "'поблизу' before it"),
    ("Агента затримала Служба безпеки України минулого тижня.", "Служба безпеки України", "organization", "'Служба' in the name"),
    ("Ворог атакував Сумську громаду.", "Сумську", "place", "'громаду' after it"),
]
SERBIAN = [
    ("Portparol brigade Andrij Kovaljov govorio je o napadu.", "Andrij Kovaljov", "person", "title 'Portparol' before it"),
    ("Juče je Andrij Kovaljov rekao da je stanje teško.", "Andrij Kovaljov", "person", "'rekao' after it"),
    ("Prema riječima Olega Sinegubova, situacija je teška.", "Olega Sinegubova", "person", "'prema riječima' before it"),
    ("Ruske snage su napale selo Sinjkivka tokom noći.", "Sinjkivka", "place", "'selo' before it"),
    ("Jedan civil je poginuo u Petropavlivki tokom napada.", "Petropavlivki", "place", "'u' before it"),
    ("Saopštenje je objavilo Ministarstvo odbrane Rusije u četvrtak.", "Ministarstvo odbrane Rusije", "organization", "'Ministarstvo' in the name"),
]


@pytest.mark.parametrize(("text", "name", "kind", "cue"), ENGLISH + UKRAINIAN + SERBIAN)
def test_cues(known, text, name, kind, cue):
    found = by_name(unknown_names(text, known))
    assert name in found, found
    assert (found[name].kind, found[name].cue, found[name].example) == (kind, cue, text)


def test_what_is_no_name_is_not_flagged(known):
    text = (
        "Russian troops and Ukrainian soldiers fought; the Russians lost FPV drones and an AS-90. "
        "On Nov. 14 and in September the Brigade said nothing. "
        "Зустріч відбулася у вівторок. Sastanak je održan u četvrtak."
    )
    assert unknown_names(text, known) == []


def test_markdown_structure_is_read_as_sentences(known):
    body = "## Key Developments From The Front\n\n- Synkivka shelled overnight, officials say\n\nTroops left \\[Synkivka\\] at dawn."
    assert [(c.name, c.count, c.example) for c in unknown_names(body, known)] == [("Synkivka", 2, "Synkivka shelled overnight, officials say")]


def test_long_sentences_are_cut_around_the_name(known):
    text = "Officials said " + "that the shelling went on and on " * 10 + "near Synkivka, " + "while troops held the line " * 6 + "until dawn."
    (candidate,) = unknown_names(text, known)
    assert "near Synkivka," in candidate.example
    assert candidate.example.startswith("…") and candidate.example.endswith("…")
    assert len(candidate.example) <= 162


# --- order ------------------------------------------------------------------------------


def test_order_is_by_count_then_cue_strength_then_name(known):
    text = (
        "Zoryana Tkachuk met Bohdan Adamenko in Pishchane. Adamenko said Pishchane was calm. "
        "Colonel Yurii Bondar and Colonel Andrii Artemenko agreed."
    )
    assert [(c.name, c.count) for c in unknown_names(text, known)] == [
        ("Bohdan Adamenko", 2),  # with "Adamenko said"
        ("Pishchane", 2),
        ("Andrii Artemenko", 1),  # a title: a stronger cue than two capitalised words
        ("Yurii Bondar", 1),
        ("Zoryana Tkachuk", 1),
    ]


def test_output_is_deterministic(archive, known):
    body = archive.bodies[KEY_DEVELOPMENTS]
    first = unknown_names(body, known)
    assert all(unknown_names(body, known) == first for _ in range(3))
    assert unknown_names(body, known_names(archive.records)) == first  # a fresh index gives the same list
    assert unknown_names(body, known, limit=1) == first[:1]
