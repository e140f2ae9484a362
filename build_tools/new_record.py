"""Skeletons for `chronicle new`: a record file a contributor fills in.

What is known goes in as values: the title, the date, the ids a report
mentions, and for an event a first summary that only says which report
tells of it, so every skeleton is a valid record from the start and the
contributor goes from one valid state to the next. Optional fields are
there as comments that say what they take. (A value starting "TODO" is
refused by the validator, so a contributor's own placeholders cannot be
merged.) Nothing here reads or writes files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from .models import EVENT_KINDS, ORGANIZATION_KINDS, PLACE_KINDS, SCHEMA_NAMES, STANCES
from .transliterate import latin_spellings

FOLDERS = {name: kind for kind, name in SCHEMA_NAMES.items()}  # event -> events, person -> people, ...


@dataclass
class Prefill:
    """What a source report tells about a new event (from `--from-article`)."""

    article_id: str
    places: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    nearby_events: list[str] = field(default_factory=list)  # citing the report, or at its places within a few days


def slugify(text: str, limit: int = 50) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w]
    if words and words[0] in ("the", "a", "an") and len(words) > 1:
        words = words[1:]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit and slug:
            break
        slug = candidate
    return slug[:limit].strip("-") or "untitled"


def new_id(record: str, title: str, date: str | None = None) -> str:
    """The file name: the title as lowercase words and hyphens, events prefixed with their date."""
    spelled = re.sub(r"(?<=\b[A-Za-z])\.", "", (latin_spellings(title) or [title])[0])  # U.S. -> US, not u-s
    slug = slugify(spelled, limit=60)
    return f"{date}-{slug}" if record == "event" and date else slug


def _scalar(value: str) -> str:
    """One YAML scalar, quoted only when it must be."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000, default_style=None).removesuffix("\n...\n").rstrip("\n")


def _id_list(name: str, ids: list[str], comment: str) -> list[str]:
    if not ids:
        return [f"{name}: []  # {comment}"]
    return [f"{name}:  # {comment}", *(f"  - {record_id}" for record_id in ids)]


def _header(record: str) -> list[str]:
    return [
        f"# yaml-language-server: $schema=../../schemas/{record}.schema.json",
        f"# Written by `chronicle new {record}`: fill it in, delete the comments you no",
        "# longer need, then run `chronicle validate`. CONTRIBUTING.md explains each field.",
    ]


def first_summary(outlet_name: str, published: str, headline: str) -> str:
    """Until the contributor writes one: which report tells of the event, in its own words, attributed."""
    return f"{outlet_name} reported on {published}: “{' '.join(headline.split())}”."


def event_skeleton(title: str, date: str, kind: str, sources: list[str], summary: str, prefill: Prefill | None = None) -> str:
    prefill = prefill or Prefill(article_id="")
    mentioned = f"named in {prefill.article_id}; keep the ones involved" if prefill.article_id else "ids from content/{folder}/"
    claimant = next(iter(prefill.organizations + prefill.people), "general-staff-ukraine")
    lines = [
        *_header("event"),
        f"title: {_scalar(title)}  # neutral: where accounts differ, say who says what",
        f"date: {date}  # YYYY-MM-DD, or YYYY-MM / YYYY when only that is known, or {{start: ..., end: ...}}",
        f"kind: {kind}  # {', '.join(EVENT_KINDS)}",
        "summary: >-  # what happened, in a few neutral sentences; where accounts differ, say who says what",
        f"  {summary}",
        *_id_list("places", prefill.places, mentioned.format(folder="places")),
        *_id_list("people", prefill.people, mentioned.format(folder="people")),
        *_id_list("organizations", prefill.organizations, mentioned.format(folder="organizations")),
        "claims: []  # who says what; replace [] with one entry per account, like this:",
        f"#  - by: {claimant}  # id of the person, organization or outlet making the claim",
        f"#    stance: asserts  # {' | '.join(STANCES)}",
        "#    says: Their claim, in your own neutral words.",
        "#    quote: Their exact words, copied from the article (optional; it is checked).",
        f"#    source: {sources[0]}  # the article that reports it; it must be in sources below",
        "#    via: ukrinform  # optional: the outlet or organization the article cites for it",
        "sources:  # ids of the articles in content/articles/ that report the event",
        *(f"  - {source}" for source in sources),
    ]
    if prefill.nearby_events:
        lines += ["# related:  # events that cite the same report or happened at its places within three days; keep the ones that belong", *(f"#   - {event_id}" for event_id in prefill.nearby_events)]
    else:
        lines.append("# related: [2024-11-13-russian-assault-on-kupiansk]  # ids of related events; the link shows on both pages")
    lines += [
        "# status: disputed  # leave out: it is derived from the claims (confirmed, reported, disputed, refuted)",
        "# approximate: true  # when the reports give the date only roughly",
    ]
    return "\n".join(lines) + "\n"


def _optional(name: str, value: str | None, example: str, comment: str) -> str:
    """A field given on the command line, or else a commented example of it."""
    return f"{name}: {value}  # {comment}" if value else f"# {name}: {example}  # {comment}"


def _named_tail(example_alias: str, example_link: str) -> list[str]:
    return [
        f"aliases: []  # other spellings and scripts, e.g. [{example_alias}]; search and ingest find the record by them",
        "# description: One or two sentences saying what this is.",
        f"# links: [{example_link}]  # reference pages (http or https)",
    ]


def place_skeleton(name: str, kind: str, within: str | None = None) -> str:
    return "\n".join([
        *_header("place"),
        f"name: {_scalar(name)}  # in English",
        f"kind: {kind}  # {', '.join(PLACE_KINDS)}",
        _optional("within", within, "kharkiv-oblast", "id of the place it lies in; only a country has none"),
        "# coordinates: {lat: 49.7106, lon: 37.6156}  # decimal degrees, for the map",
        *_named_tail("Kupyansk, Купʼянськ", "https://en.wikipedia.org/wiki/Kupiansk"),
    ]) + "\n"


def person_skeleton(name: str, country: str | None = None) -> str:
    return "\n".join([
        *_header("person"),
        f"name: {_scalar(name)}  # as English-language reports spell it",
        _optional("country", country, "ukraine", "id of their country (a place); it gives their side"),
        "# affiliation: armed-forces-of-ukraine  # id of the organization they mainly speak for",
        "# roles:  # offices held, with dates when known",
        "#   - title: Spokesperson",
        "#     organization: general-staff-ukraine",
        "#     from: 2024-01",
        *_named_tail("Andriy Kovalyov, Андрій Ковальов", "https://en.wikipedia.org/wiki/Volodymyr_Zelenskyy"),
    ]) + "\n"


def organization_skeleton(name: str, kind: str, country: str | None = None) -> str:
    return "\n".join([
        *_header("organization"),
        f"name: {_scalar(name)}  # its English name",
        f"kind: {kind}  # {', '.join(ORGANIZATION_KINDS)}",
        _optional("country", country, "ukraine", "id of its country (a place); it gives its side"),
        "# parent: armed-forces-of-ukraine  # id of the organization it is part of",
        *_named_tail("General Staff, Генштаб ЗСУ", "https://en.wikipedia.org/wiki/General_Staff_of_the_Armed_Forces_of_Ukraine"),
    ]) + "\n"


def outlet_skeleton(name: str, language: str, country: str | None = None) -> str:
    return "\n".join([
        *_header("outlet"),
        f"name: {_scalar(name)}",
        f"language: {language}  # ISO 639-1 code of the language it publishes in",
        _optional("country", country, "ukraine", "id of the country (a place) it is based in"),
        "# site: https://kyivindependent.com  # home page",
        "# recognize: ['The Kyiv Independent', 'kyivindependent\\.com']  # regular expressions that identify its captures at ingest",
        "# boilerplate: ['Support independent journalism.*']  # regular expressions for whole lines its pages repeat",
        *_named_tail("Kyiv Independent", "https://en.wikipedia.org/wiki/The_Kyiv_Independent"),
    ]) + "\n"


def prefill_from_article(archive, article_id: str) -> Prefill:
    """The places, people and organizations the article names (through their names and
    aliases, as ingest finds them), and the events at those places around its date."""
    from .clean import unescape_markdown
    from .ingest import related_events
    from .mentions import MentionIndex

    article = archive.articles[article_id]
    text = f"{article.title}\n{unescape_markdown(archive.bodies[article_id])}"
    found = MentionIndex.from_records(archive.records).find(text)
    nearby = related_events(archive, article_id, article.date, found["places"])
    return Prefill(article_id, found["places"], found["people"], found["organizations"], nearby)
