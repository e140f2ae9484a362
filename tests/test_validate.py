"""`chronicle validate`: one test per check, each starting from a tiny valid
content folder and introducing one mistake.

Every test asserts the exact lines printed on stderr: one
`path:line:col: error: message` line per problem, then the summary line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.pipeline import load_and_validate
from tests.fixtures import write_tree

REPO = Path(__file__).parents[1]

# --- the tiny valid content folder ------------------------------------------------

RAW_TEXT = """Ukraine repels Russian attempt to enter Kupiansk, military says
by Boldizsar Gyori November 14, 2024 2:20 PM
Ukrainian forces repelled Russian attempts to break into the city of Kupiansk, the General Staff said on Nov. 14.
"All Russian attacks in this direction were successfully repelled. The city is under the control of Ukraine’s Armed Forces," spokesperson Andrii Kovalev told Ukrinform.
"""
RAW_SHA256 = hashlib.sha256(RAW_TEXT.encode("utf-8")).hexdigest()

ARTICLE_ID = "kyiv-independent-2024-11-14-ukraine-repels-russian-attempt"
ARTICLE = f"content/articles/{ARTICLE_ID}.md"
RAW = "content/raw/001_test.txt"
EVENT = "content/events/2024-11-14-attack-on-kupiansk-repelled.yml"
UKRAINE = "content/places/ukraine.yml"
KUPIANSK = "content/places/kupiansk.yml"
PERSON = "content/people/andrii-kovalev.yml"
ORGANIZATION = "content/organizations/general-staff-ukraine.yml"
OUTLET = "content/outlets/kyiv-independent.yml"

VALID: dict[str, str] = {
    UKRAINE: """\
name: Ukraine
kind: country
coordinates:
  lat: 48.3794
  lon: 31.1656
""",
    KUPIANSK: """\
name: Kupiansk
aliases:
  - Kupyansk
kind: city
within: ukraine
coordinates:
  lat: 49.7106
  lon: 37.6156
""",
    PERSON: """\
name: Andrii Kovalev
aliases:
  - Kovalev
country: ukraine
affiliation: general-staff-ukraine
roles:
  - title: Spokesperson of the General Staff
    organization: general-staff-ukraine
    from: 2024-01
""",
    ORGANIZATION: """\
name: General Staff of the Armed Forces of Ukraine
kind: military-command
country: ukraine
""",
    OUTLET: """\
name: The Kyiv Independent
language: en
country: ukraine
recognize:
  - Kyiv Independent
""",
    RAW: RAW_TEXT,
    # Line 1 is `---`; title 2, outlet 3, date 4, authors 5-6, language 7, raw 8, sha256 9.
    ARTICLE: f"""\
---
title: Ukraine repels Russian attempt to enter Kupiansk, military says
outlet: kyiv-independent
date: '2024-11-14'
authors:
- Boldizsar Gyori
language: en
raw: raw/001_test.txt
sha256: {RAW_SHA256}
---

Ukrainian forces repelled Russian attempts to break into the city of Kupiansk, the General Staff said on Nov. 14.

"All Russian attacks in this direction were successfully repelled. The city is under the control of Ukraine’s Armed Forces," spokesperson Andrii Kovalev told Ukrinform.
""",
    # Lines: title 1, date 2, kind 3, places 4-5, people 6-7, organizations 8-9, summary 10,
    # claims 11, `- by` 12, stance 13, says 14, quote 15, source 16, sources 17-18.
    EVENT: f"""\
title: Ukraine says it repelled a Russian attempt to enter Kupiansk
date: 2024-11-14
kind: assault
places:
  - kupiansk
people:
  - andrii-kovalev
organizations:
  - general-staff-ukraine
summary: Ukraine's General Staff said Russian attempts to enter Kupiansk were repelled.
claims:
  - by: general-staff-ukraine
    stance: asserts
    says: Russian attacks towards Kupiansk were repelled.
    quote: All Russian attacks in this direction were successfully repelled.
    source: {ARTICLE_ID}
sources:
  - {ARTICLE_ID}
""",
}


def edit(path: str, old: str, new: str) -> dict[str, str]:
    """The valid file at `path` with `old` (which must occur exactly once) replaced by `new`."""
    text = VALID[path]
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    return {path: text.replace(old, new)}


@dataclass
class Result:
    code: int
    lines: list[str]


@pytest.fixture
def validate(tmp_path, monkeypatch, capsys):
    """Run `chronicle validate --content content` on VALID plus `changes`, minus `remove`."""

    def run(changes: dict[str, str | bytes] | None = None, remove: tuple[str, ...] = ()) -> Result:
        files: dict[str, str | bytes] = {**VALID, **(changes or {})}
        for path in remove:
            del files[path]
        write_tree(tmp_path, files)
        monkeypatch.chdir(tmp_path)
        code = main(["validate", "--content", "content"])
        out, err = capsys.readouterr()
        assert out == ""
        assert "Traceback" not in err
        return Result(code, err.splitlines())

    return run


def problems(result: Result, *lines: str, summary: str) -> None:
    """Assert exit 1 and exactly these problem lines, then the summary line."""
    assert result.lines == [*lines, f"chronicle: {summary}; nothing was generated"]
    assert result.code == 1


def without_line_numbers(lines: list[str]) -> list[str]:
    """`path:9:9: error: ...` -> `path:?:9: error: ...`, for checks whose line numbers a separate test covers."""
    return [re.sub(r"^([^:]+):\d+:(\d+): error: ", r"\1:?:\2: error: ", line) for line in lines]


# --- the valid folder ---------------------------------------------------------------


def test_the_valid_fixture_is_valid(validate):
    result = validate()
    assert result.lines == ["content: valid"]
    assert result.code == 0


def test_shipped_content_has_no_problems():
    archive, found = load_and_validate(REPO / "content", REPO)
    assert [str(problem) for problem in found] == []
    assert archive.events and archive.articles


# --- YAML itself ---------------------------------------------------------------------


def test_yaml_syntax_error_names_line_and_column(validate):
    result = validate(edit(EVENT, "summary: Ukraine's General Staff said", "summary: General Staff: Ukraine said"))
    problems(
        result,
        f"{EVENT}:10:23: error: YAML syntax: mapping values are not allowed here; check indentation, colons and quotes on this line or the one above",
        summary="1 problem in 1 file",
    )


def test_yaml_tab_indentation_is_a_syntax_error(validate):
    result = validate(edit(EVENT, "  - kupiansk\n", "\t- kupiansk\n"))
    problems(
        result,
        f"{EVENT}:5:1: error: YAML syntax: while scanning for the next token found character '\\t' that cannot start any token; check indentation, colons and quotes on this line or the one above",
        summary="1 problem in 1 file",
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("kind: assault\n", "kind: assault\ntitle: Again\n", "4:1: error: key 'title' appears twice in the same mapping; keep one", id="top-level"),
        pytest.param("    stance: asserts\n", "    stance: asserts\n    stance: denies\n", "14:5: error: key 'stance' appears twice in the same mapping; keep one", id="in-a-claim"),
    ],
)
def test_duplicate_key_in_a_mapping(validate, old, new, expected):
    problems(validate(edit(EVENT, old, new)), f"{EVENT}:{expected}", summary="1 problem in 1 file")


def test_yaml_alias_is_refused(validate):
    changes = edit(EVENT, "people:\n  - andrii-kovalev\norganizations:\n  - general-staff-ukraine\n", "people:\n  - &who andrii-kovalev\norganizations:\n  - *who\n")
    problems(
        validate(changes),
        f"{EVENT}:9:5: error: YAML syntax: YAML aliases (*name) are not allowed in records; write the value out",
        summary="1 problem in 1 file",
    )


def test_record_that_is_not_utf8(validate):
    changes = {"content/places/kharkiv.yml": "name: Kharkiv\nkind: city\ndescription: caf\xe9\n".encode("latin-1")}
    problems(validate(changes), "content/places/kharkiv.yml:3:1: error: the file is not UTF-8; save it as UTF-8", summary="1 problem in 1 file")


def test_yaml_extension_is_refused(validate):
    changes = {"content/places/kharkiv.yaml": "name: Kharkiv\nkind: city\nwithin: ukraine\n"}
    problems(validate(changes), "content/places/kharkiv.yaml:1:1: error: records use the .yml extension; rename it to kharkiv.yml", summary="1 problem in 1 file")


# --- keys and types ----------------------------------------------------------------------


def test_unknown_key_suggests_the_field(validate):
    problems(
        validate(edit(EVENT, "title:", "titel:")),
        f"{EVENT}:1:1: error: unknown key 'titel'; did you mean 'title'?",
        summary="1 problem in 1 file",
    )


def test_unknown_key_inside_a_claim_suggests_the_claim_field(validate):
    problems(
        validate(edit(EVENT, "    source:", "    sorce:")),
        f"{EVENT}:16:5: error: unknown key 'sorce'; did you mean 'source'?",
        summary="1 problem in 1 file",
    )


def test_missing_required_field(validate):
    problems(validate(edit(EVENT, "kind: assault\n", "")), f"{EVENT}:1:1: error: missing required key 'kind'", summary="1 problem in 1 file")


def test_places_given_as_text_instead_of_a_list(validate):
    problems(
        validate(edit(EVENT, "places:\n  - kupiansk\n", "places: kupiansk\n")),
        f"{EVENT}:4:9: error: places: expected a list, like [a, b] or one '- item' per line; got str 'kupiansk'",
        summary="1 problem in 1 file",
    )


def test_latitude_given_as_text(validate):
    problems(
        validate(edit(KUPIANSK, "lat: 49.7106", "lat: north")),
        f"{KUPIANSK}:7:8: error: coordinates.lat: expected a number, like 49.71; got 'north'",
        summary="1 problem in 1 file",
    )


def test_coordinates_given_as_text(validate):
    problems(
        validate(edit(KUPIANSK, "coordinates:\n  lat: 49.7106\n  lon: 37.6156\n", "coordinates: 49.7106, 37.6156\n")),
        f"{KUPIANSK}:6:14: error: coordinates: expected a mapping of 'key: value' lines; got '49.7106, 37.6156'",
        summary="1 problem in 1 file",
    )


def test_record_that_is_a_list(validate):
    problems(
        validate({KUPIANSK: "- name: Kupiansk\n  kind: city\n"}),
        f"{KUPIANSK}:1:1: error: a record is a mapping of 'key: value' lines, not a list or a single value",
        summary="1 problem in 1 file",
    )


def test_coordinates_out_of_range(validate):
    changes = edit(KUPIANSK, "lat: 49.7106\n  lon: 37.6156", "lat: 91\n  lon: -181")
    problems(
        validate(changes),
        f"{KUPIANSK}:7:8: error: coordinates.lat: 91 is out of range (input should be less than or equal to 90)",
        f"{KUPIANSK}:8:8: error: coordinates.lon: -181 is out of range (input should be greater than or equal to -180)",
        summary="2 problems in 1 file",
    )


def test_invalid_stance_suggests_the_nearest(validate):
    problems(
        validate(edit(EVENT, "stance: asserts", "stance: assert")),
        f"{EVENT}:13:13: error: claims.0.stance: 'assert' is not allowed; use one of: asserts, denies, partially-confirms, retracts; did you mean 'asserts'?",
        summary="1 problem in 1 file",
    )


def test_invalid_event_kind_suggests_the_nearest(validate):
    problems(
        validate(edit(EVENT, "kind: assault", "kind: assualt")),
        f"{EVENT}:3:7: error: kind: 'assualt' is not allowed; use one of: assault, control-claim, occupation, liberation, advance, strike, shelling, drone-attack, air-defence, infrastructure, casualties, evacuation, legislation, diplomacy, negotiations, appointment, statement, report, other; did you mean 'assault'?",
        summary="1 problem in 1 file",
    )


def test_invalid_place_kind_suggests_the_nearest(validate):
    problems(
        validate(edit(KUPIANSK, "kind: city", "kind: cty")),
        f"{KUPIANSK}:4:7: error: kind: 'cty' is not allowed; use one of: country, oblast, region, raion, hromada, city, town, village, settlement, district, river, military-site, other; did you mean 'city'?",
        summary="1 problem in 1 file",
    )


# --- ids -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "hint"),
    [("Kupiansk", "kupiansk"), ("kup_iansk", "kup-iansk")],
)
def test_file_name_that_is_not_a_valid_id(validate, name, hint):
    # The event still names `kupiansk`, which no longer exists under that id.
    result = validate({f"content/places/{name}.yml": VALID[KUPIANSK]}, remove=(KUPIANSK,))
    problems(
        result,
        f"{EVENT}:5:5: error: unknown place 'kupiansk'; the closest is '{name}', whose file name is not a valid id: rename that file (no such file in content/places/)",
        f"content/places/{name}.yml:1:1: error: file name '{name}' is not a valid id; rename the file to lowercase letters, digits and single hyphens, like '{hint}.yml'",
        summary="2 problems in 2 files",
    )


@pytest.mark.parametrize(
    ("stated", "advice"),
    [("kupiansk", "remove the 'id' key"), ("kupyansk", "remove the 'id' key or rename the file")],
)
def test_record_stating_an_id_key(validate, stated, advice):
    result = validate({KUPIANSK: f"id: {stated}\n" + VALID[KUPIANSK]})
    problems(result, f"{KUPIANSK}:1:1: error: a record's id is its file name ('kupiansk'); {advice}", summary="1 problem in 1 file")


def test_unknown_place_suggests_the_nearest_id(validate):
    problems(
        validate(edit(EVENT, "  - kupiansk\n", "  - kupiansc\n")),
        f"{EVENT}:5:5: error: unknown place 'kupiansc'; did you mean 'kupiansk'? (no such file in content/places/)",
        summary="1 problem in 1 file",
    )


@pytest.mark.parametrize(
    ("claimant", "hint"),
    [("general-staf-ukraine", "; did you mean 'general-staff-ukraine'?"), ("zzz", "")],
)
def test_unknown_claimant(validate, claimant, hint):
    problems(
        validate(edit(EVENT, "by: general-staff-ukraine", f"by: {claimant}")),
        f"{EVENT}:12:9: error: unknown claimant '{claimant}'{hint} (no such file in content/people/ or content/organizations/ or content/outlets/)",
        summary="1 problem in 1 file",
    )


def test_unknown_outlet_of_an_article(validate):
    result = validate(edit(ARTICLE, "outlet: kyiv-independent", "outlet: kyiv-independant"))
    assert without_line_numbers(result.lines) == [
        f"{ARTICLE}:?:9: error: unknown outlet 'kyiv-independant'; did you mean 'kyiv-independent'? (no such file in content/outlets/)",
        "chronicle: 1 problem in 1 file; nothing was generated",
    ]
    assert result.code == 1


def test_two_records_share_an_id_across_folders(validate):
    problems(
        validate({"content/organizations/andrii-kovalev.yml": "name: Kovalev Consulting\nkind: company\n"}),
        "content/organizations/andrii-kovalev.yml:1:1: error: id 'andrii-kovalev' is already used by content/people/andrii-kovalev.yml; ids must be unique across records, rename one file",
        summary="1 problem in 1 file",
    )


def test_two_places_share_an_alias(validate):
    changes = {"content/places/kupiansk-vuzlovyi.yml": "name: Kupiansk-Vuzlovyi\naliases:\n  - Kupyansk\nkind: town\nwithin: ukraine\n"}
    problems(
        validate(changes),
        "content/places/kupiansk-vuzlovyi.yml:3:5: error: 'Kupyansk' is already the alias of content/places/kupiansk.yml; two places cannot share a name or alias (add a qualifier, e.g. 'Shevchenko (Donetsk Oblast)')",
        summary="1 problem in 1 file",
    )


def test_two_people_share_an_alias(validate):
    changes = {"content/people/oleksandr-kovalev.yml": "name: Oleksandr Kovalev\naliases:\n  - Kovalev\ncountry: ukraine\n"}
    problems(
        validate(changes),
        "content/people/oleksandr-kovalev.yml:3:5: error: 'Kovalev' is already the alias of content/people/andrii-kovalev.yml; two people cannot share a name or alias (keep the alias on the person it belongs to, or add a qualifier such as a middle name)",
        summary="1 problem in 1 file",
    )


def test_alias_repeating_the_records_own_name(validate):
    problems(
        validate(edit(PERSON, "  - Kovalev\n", "  - andrii kovalev\n")),
        f"{PERSON}:3:5: error: alias 'andrii kovalev' repeats the record's own name; remove it",
        summary="1 problem in 1 file",
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            edit(UKRAINE, "name: Ukraine\n", "name: Ukraine: the country\n"),
            f"{UKRAINE}:1:14: error: YAML syntax: mapping values are not allowed here; check indentation, colons and quotes on this line or the one above",
            id="place-with-yaml-error",
        ),
        pytest.param(
            {ARTICLE: VALID[ARTICLE].removeprefix("---\n").replace("---\n", "", 1)},
            f"{ARTICLE}:1:1: error: an article starts with front matter between two `---` lines; run `chronicle clean` to see the expected form",
            id="article-without-front-matter",
        ),
    ],
)
def test_a_file_that_fails_to_parse_is_not_reported_missing_elsewhere(validate, changes, expected):
    problems(validate(changes), expected, summary="1 problem in 1 file")


# --- dates -----------------------------------------------------------------------------------

BAD_DATES = [
    pytest.param("2024-02-30", "'2024-02-30' is not a real day: February 2024 has 29 days", id="february-30"),
    pytest.param("2023-13-01", "'2023-13-01' has no month 13", id="month-13"),
    pytest.param("14.11.2024", "'14.11.2024' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY", id="day-first"),
    pytest.param("2024-11-4", "'2024-11-4' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY", id="one-digit-day"),
]


@pytest.mark.parametrize(("value", "message"), BAD_DATES)
def test_bad_date_in_a_role(validate, value, message):
    problems(
        validate(edit(PERSON, "from: 2024-01", f"from: {value}")),
        f"{PERSON}:9:11: error: roles.0.from: {message}",
        summary="1 problem in 1 file",
    )


@pytest.mark.parametrize(("value", "message"), BAD_DATES)
def test_bad_date_in_a_claim(validate, value, message):
    changes = edit(EVENT, f"    source: {ARTICLE_ID}\n", f"    source: {ARTICLE_ID}\n    date: {value}\n")
    problems(validate(changes), f"{EVENT}:17:11: error: claims.0.date: {message}", summary="1 problem in 1 file")


@pytest.mark.parametrize(("value", "message"), BAD_DATES)
def test_bad_date_in_an_event(validate, value, message):
    problems(validate(edit(EVENT, "date: 2024-11-14", f"date: {value}")), f"{EVENT}:2:7: error: date: {message}", summary="1 problem in 1 file")


def test_event_date_range_ending_before_it_starts(validate):
    problems(
        validate(edit(EVENT, "date: 2024-11-14", "date: {start: 2024-11-14, end: 2024-11-01}")),
        f"{EVENT}:2:7: error: date: the date range ends (2024-11-01) before it starts (2024-11-14)",
        summary="1 problem in 1 file",
    )


@pytest.mark.parametrize(
    "date",
    ["{start: 2024-11-01, end: 2024-11-14}", "{start: 2024-09, end: 2024-11-14}", "{start: 2024-11-14, end: 2024-11-14}"],
)
def test_event_date_range_in_order_is_accepted(validate, date):
    result = validate(edit(EVENT, "date: 2024-11-14", f"date: {date}"))
    assert result.lines == ["content: valid"]
    assert result.code == 0


def test_role_ending_before_it_starts(validate):
    problems(
        validate(edit(PERSON, "    from: 2024-01\n", "    from: 2024-05\n    to: 2023-02\n")),
        f"{PERSON}:7:5: error: roles.0: role ends (2023-02) before it starts (2024-05)",
        summary="1 problem in 1 file",
    )


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        pytest.param(EVENT, "date: 2024-11-14", "date: 2022", id="event-date"),
        pytest.param(EVENT, "date: 2024-11-14", "date: '2022'", id="quoted-event-date"),
        pytest.param(EVENT, "date: 2024-11-14", "date: 2022-09", id="event-month"),
        pytest.param(PERSON, "from: 2024-01", "from: 2022", id="role-from"),
    ],
)
def test_year_or_month_only_date_is_accepted(validate, path, old, new):
    result = validate(edit(path, old, new))
    assert result.lines == ["content: valid"]
    assert result.code == 0


# --- claims and quotes -------------------------------------------------------------------------


def test_claim_source_that_is_not_among_the_event_sources(validate):
    other = "kyiv-independent-2024-11-14-another-report"
    changes = {
        **edit(EVENT, f"    source: {ARTICLE_ID}", f"    source: {other}"),
        f"content/articles/{other}.md": VALID[ARTICLE],
    }
    problems(
        validate(changes),
        f"{EVENT}:16:13: error: claim source '{other}' is not one of the event's sources; add it to 'sources'",
        summary="1 problem in 1 file",
    )


def test_quote_not_found_in_its_article(validate):
    problems(
        validate(edit(EVENT, "quote: All Russian attacks in this direction were successfully repelled.", "quote: All Russian attacks were repelled.")),
        f"{EVENT}:15:12: error: quote not found in article '{ARTICLE_ID}'; copy the words exactly as the article prints them (quote marks and spacing may differ), or move it to 'says'",
        summary="1 problem in 1 file",
    )


def test_a_misquote_names_the_closest_passage_of_the_article(validate):
    problems(
        validate(edit(EVENT, "quote: All Russian attacks in this direction were successfully repelled.", "quote: All Russian attacks in this direction were successfully repulsed.")),
        f"{EVENT}:15:12: error: quote not found in article '{ARTICLE_ID}' (closest: 'All Russian attacks in this direction were successfully repelled.'); "
        "copy the words exactly as the article prints them (quote marks and spacing may differ), or move it to 'says'",
        summary="1 problem in 1 file",
    )


def test_quotation_marks_around_a_quote_are_refused(validate):
    problems(
        validate(edit(EVENT, "quote: All Russian attacks in this direction were successfully repelled.", "quote: '“All Russian attacks in this direction were successfully repelled.”'")),
        f"{EVENT}:15:12: error: leave out the quotation marks around the quote; write only the words between them",
        summary="1 problem in 1 file",
    )


@pytest.mark.parametrize(
    "quote",
    [
        # The article prints a curly apostrophe (Ukraine’s); the quote has a straight one and extra spaces.
        pytest.param("\"The city is under   the control of Ukraine's Armed Forces,\"", id="straight-apostrophe-and-spaces"),
        # The article prints straight double quotes; the quote opens with a curly one and is folded over two lines.
        pytest.param(">-\n      “All Russian attacks in this direction\n      were successfully repelled.", id="curly-quote-and-line-break"),
    ],
)
def test_quote_differing_only_in_quote_marks_and_spacing_is_accepted(validate, quote):
    result = validate(edit(EVENT, "quote: All Russian attacks in this direction were successfully repelled.", f"quote: {quote}"))
    assert result.lines == ["content: valid"]
    assert result.code == 0


# --- places ----------------------------------------------------------------------------------------


def test_within_cycle_is_reported_once(validate):
    # kupiansk lies within ukraine; ukraine now lies within kupiansk.
    problems(
        validate({UKRAINE: VALID[UKRAINE] + "within: kupiansk\n"}),
        f"{KUPIANSK}:5:9: error: 'within' makes a loop: kupiansk → ukraine → kupiansk; a place must lie within a larger one",
        summary="1 problem in 1 file",
    )


def test_place_within_itself(validate):
    problems(
        validate(edit(KUPIANSK, "within: ukraine", "within: kupiansk")),
        f"{KUPIANSK}:5:9: error: a place cannot lie within itself",
        summary="1 problem in 1 file",
    )


# --- articles and raw captures ---------------------------------------------------------------------


def test_raw_capture_edited_after_ingest(validate):
    edited = RAW_TEXT + "An added line.\n"
    result = validate({RAW: edited})
    digest = hashlib.sha256(edited.encode("utf-8")).hexdigest()
    assert without_line_numbers(result.lines) == [
        f"{ARTICLE}:?:9: error: sha256 does not match raw/001_test.txt (its SHA-256 is {digest}); raw captures are never edited: restore the capture, or ingest the new one",
        "chronicle: 1 problem in 1 file; nothing was generated",
    ]
    assert result.code == 1


def test_raw_capture_missing(validate):
    result = validate(remove=(RAW,))
    assert without_line_numbers(result.lines) == [
        f"{ARTICLE}:?:6: error: raw capture 'raw/001_test.txt' does not exist; keep the capture in content/raw/ (chronicle ingest does this)",
        "chronicle: 1 problem in 1 file; nothing was generated",
    ]
    assert result.code == 1


def test_article_front_matter_missing_fields(validate):
    changes = {ARTICLE: VALID[ARTICLE].replace("outlet: kyiv-independent\n", "").replace("language: en\n", "")}
    result = validate(changes)
    assert without_line_numbers(result.lines) == [
        f"{ARTICLE}:?:1: error: missing required key 'language'",
        f"{ARTICLE}:?:1: error: missing required key 'outlet'",
        "chronicle: 2 problems in 1 file; nothing was generated",
    ]
    assert result.code == 1


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(f"sha256: {RAW_SHA256}", "sha256: " + "f" * 64, f"9:9: error: sha256 does not match raw/001_test.txt (its SHA-256 is {RAW_SHA256}); raw captures are never edited: restore the capture, or ingest the new one", id="sha256"),
        pytest.param("outlet: kyiv-independent", "outlet: kyiv-independant", "3:9: error: unknown outlet 'kyiv-independant'; did you mean 'kyiv-independent'? (no such file in content/outlets/)", id="outlet"),
        pytest.param("language: en\n", "language: en\nauthor: Somebody\n", "8:1: error: unknown key 'author'; did you mean 'authors'?", id="unknown-key"),
    ],
)
def test_article_front_matter_problems_name_the_right_line(validate, old, new, expected):
    problems(validate(edit(ARTICLE, old, new)), f"{ARTICLE}:{expected}", summary="1 problem in 1 file")


# --- several mistakes --------------------------------------------------------------------------------


def test_every_problem_in_a_file_is_reported(validate):
    text = VALID[EVENT].replace("title:", "titel:").replace("kind: assault", "kind: assualt").replace("stance: asserts", "stance: assert").replace("  - kupiansk\n", "  - kupiansk\n  - Kupiansk\n")
    problems(
        validate({EVENT: text}),
        f"{EVENT}:1:1: error: unknown key 'titel'; did you mean 'title'?",
        f"{EVENT}:3:7: error: kind: 'assualt' is not allowed; use one of: assault, control-claim, occupation, liberation, advance, strike, shelling, drone-attack, air-defence, infrastructure, casualties, evacuation, legislation, diplomacy, negotiations, appointment, statement, report, other; did you mean 'assault'?",
        f"{EVENT}:6:5: error: places.1: 'Kupiansk' is not a valid id; ids are lowercase letters, digits and single hyphens, like 'kharkiv-oblast'",
        f"{EVENT}:14:13: error: claims.0.stance: 'assert' is not allowed; use one of: asserts, denies, partially-confirms, retracts; did you mean 'asserts'?",
        summary="4 problems in 1 file",
    )


def test_problems_in_several_files_are_all_reported(validate):
    changes = {
        **edit(EVENT, "  - kupiansk\n", "  - kupiansc\n"),
        **edit(KUPIANSK, "kind: city", "kind: cty"),
        **edit(PERSON, "from: 2024-01", "from: 2024-13"),
    }
    problems(
        validate(changes),
        f"{EVENT}:5:5: error: unknown place 'kupiansc'; did you mean 'kupiansk'? (no such file in content/places/)",
        f"{PERSON}:9:11: error: roles.0.from: '2024-13' has no month 13",
        f"{KUPIANSK}:4:7: error: kind: 'cty' is not allowed; use one of: country, oblast, region, raion, hromada, city, town, village, settlement, district, river, military-site, other; did you mean 'city'?",
        summary="3 problems in 3 files",
    )


def test_reference_mistakes_are_reported_alongside_schema_mistakes(validate):
    text = VALID[EVENT].replace("kind: assault", "kind: assualt").replace("  - kupiansk\n", "  - kupiansc\n")
    problems(
        validate({EVENT: text}),
        f"{EVENT}:3:7: error: kind: 'assualt' is not allowed; use one of: assault, control-claim, occupation, liberation, advance, strike, shelling, drone-attack, air-defence, infrastructure, casualties, evacuation, legislation, diplomacy, negotiations, appointment, statement, report, other; did you mean 'assault'?",
        f"{EVENT}:5:5: error: unknown place 'kupiansc'; did you mean 'kupiansk'? (no such file in content/places/)",
        summary="2 problems in 1 file",
    )


# --- renamed records: redirect_from ---------------------------------------------


def renamed_kupiansk() -> dict[str, str]:
    """kupiansk.yml renamed to kupiansk-city.yml, with its old id kept in redirect_from."""
    return {
        "content/places/kupiansk-city.yml": VALID[KUPIANSK] + "redirect_from:\n  - kupiansk\n",
    }


def test_a_reference_to_a_renamed_id_names_the_new_one(validate):
    problems(
        validate(renamed_kupiansk(), remove=(KUPIANSK,)),
        f"{EVENT}:5:5: error: place 'kupiansk' was renamed to 'kupiansk-city'; write 'kupiansk-city'",
        summary="1 problem in 1 file",
    )


def test_the_renamed_record_validates_once_references_follow(validate):
    changes = renamed_kupiansk() | edit(EVENT, "  - kupiansk\n", "  - kupiansk-city\n")
    result = validate(changes, remove=(KUPIANSK,))
    assert result.code == 0, result.err


def test_an_old_id_may_not_be_a_live_id(validate):
    problems(
        validate(edit(KUPIANSK, "kind: city\n", "kind: city\nredirect_from:\n  - ukraine\n")),
        f"{KUPIANSK}:6:5: error: 'ukraine' is the id of a record that exists; an old id can only be one no file uses any more",
        summary="1 problem in 1 file",
    )


def test_an_old_id_may_redirect_to_one_record_only(validate):
    changes = edit(KUPIANSK, "kind: city\n", "kind: city\nredirect_from:\n  - kupyansk\n")
    changes |= edit(UKRAINE, "kind: country\n", "kind: country\nredirect_from:\n  - kupyansk\n")
    problems(
        validate(changes),
        f"{UKRAINE}:4:5: error: old id 'kupyansk' already redirects to 'kupiansk'; keep it on one record",
        summary="1 problem in 1 file",
    )


# --- copies (copy_of) -------------------------------------------------------------------------------

SECOND_ARTICLE = "content/articles/kyiv-independent-2024-11-14-second-copy.md"


def test_copy_of_an_unknown_article_is_caught(validate):
    result = validate(edit(ARTICLE, f"sha256: {RAW_SHA256}\n", f"sha256: {RAW_SHA256}\ncopy_of: no-such-article\n"))
    assert without_line_numbers(result.lines)[0].startswith(f"{ARTICLE}:?:10: error: unknown article 'no-such-article'")
    assert result.code == 1


def test_copy_of_itself_is_caught(validate):
    result = validate(edit(ARTICLE, f"sha256: {RAW_SHA256}\n", f"sha256: {RAW_SHA256}\ncopy_of: {ARTICLE_ID}\n"))
    problems(result, f"{ARTICLE}:10:10: error: copy_of names this article itself; name the article it repeats, or remove the line", summary="1 problem in 1 file")


def test_copies_that_go_round_in_a_circle_are_caught(validate):
    second_id = SECOND_ARTICLE.removeprefix("content/articles/").removesuffix(".md")
    second = VALID[ARTICLE].replace(f"sha256: {RAW_SHA256}\n", f"sha256: {RAW_SHA256}\ncopy_of: {ARTICLE_ID}\n")
    changes = {SECOND_ARTICLE: second, **edit(ARTICLE, f"sha256: {RAW_SHA256}\n", f"sha256: {RAW_SHA256}\ncopy_of: {second_id}\n")}
    result = validate(changes)
    assert f"{ARTICLE}:10:10: error: copy_of goes round in a circle ({ARTICLE_ID} -> {second_id} -> {ARTICLE_ID}); keep it only on the later report" in result.lines
    assert result.code == 1
