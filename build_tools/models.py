"""The records of the archive, as pydantic models.

These models are the contract for contributors: `chronicle schema` turns them
into the JSON Schemas editors use, and every field's description ends up in
the "Records" page. Cross-record rules (ids that must exist, quotes that must
occur in their source) live in `validate.py`, because a model sees one file.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .dates import FuzzyDate, FuzzyDay, parse_fuzzy_date

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)

RecordId = str  # documented alias: a value that must match ID_PATTERN
IdItem = Annotated[str, Field(pattern=ID_PATTERN)]  # an id inside a list: errors point at the item

PLACE_KINDS = (
    "country", "oblast", "region", "raion", "hromada", "city", "town",
    "village", "settlement", "district", "river", "military-site", "other",
)
ORGANIZATION_KINDS = (
    "armed-forces", "military-unit", "military-command", "government",
    "ministry", "parliament", "head-of-state-office", "local-authority",
    "monitor", "agency", "media", "international", "party", "company",
    "ngo", "other",
)
EVENT_KINDS = (
    "assault", "control-claim", "occupation", "liberation", "advance",
    "strike", "shelling", "drone-attack", "air-defence", "infrastructure",
    "casualties", "evacuation", "legislation", "diplomacy", "negotiations",
    "appointment", "statement", "report", "other",
)
STATUSES = ("confirmed", "reported", "disputed", "refuted")
STANCES = ("asserts", "denies", "partially-confirms", "retracts")


MAX_ALIASES = 200
WEB_URL_RE = re.compile(r"^https?://[^\s<>\"]+$")


def require_web_url(value: str, what: str) -> str:
    """Only http(s) URLs reach the site: no javascript:, data: or file: links."""
    if not WEB_URL_RE.match(value):
        raise ValueError(f"{what} {value!r} must be an http:// or https:// URL")
    return value


def _id_field(description: str, **kwargs) -> object:
    return Field(pattern=ID_PATTERN, description=description, **kwargs)


class Record(BaseModel):
    """Common behaviour: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


REDIRECT_DESCRIPTION = (
    "Ids this record had before its file was renamed. Their old page addresses keep working: "
    "they redirect to the page under the new id. Add the old id here whenever you rename a record."
)


def _redirect_field() -> object:
    return Field(default_factory=list, description=REDIRECT_DESCRIPTION, examples=[["kupyansk"]])


class Coordinates(Record):
    lat: float = Field(ge=-90, le=90, description="Latitude in decimal degrees, -90 to 90 (north positive).", examples=[49.7106])
    lon: float = Field(ge=-180, le=180, description="Longitude in decimal degrees, -180 to 180 (east positive).", examples=[37.6156])


class Named(Record):
    name: str = Field(min_length=1, description="The name the archive shows, in English.", examples=["Kupiansk"])
    aliases: list[str] = Field(
        default_factory=list,
        description="Other spellings, transliterations and scripts the name appears in. Search finds the page by any of them, and ingest recognises them in reports.",
        examples=[["Kupyansk", "Купʼянськ"]],
    )
    description: str | None = Field(
        default=None,
        description="One or two sentences saying what this is, for the record's page.",
        examples=["The main military command body of Ukraine's Armed Forces, which publishes daily reports on the fighting."],
    )
    links: list[str] = Field(
        default_factory=list,
        description="Reference pages about it (http or https URLs), e.g. Wikipedia.",
        examples=[["https://en.wikipedia.org/wiki/Kupiansk"]],
    )
    redirect_from: list[IdItem] = _redirect_field()  # type: ignore[assignment]

    @field_validator("aliases")
    @classmethod
    def _aliases_differ_from_name(cls, aliases: list[str]) -> list[str]:
        # Every alias joins the pattern ingest and pages search reports with; past a few
        # hundred per record that costs more than any real name's spellings are worth.
        if len(aliases) > MAX_ALIASES:
            raise ValueError(f"{len(aliases):,} aliases; a record may have at most {MAX_ALIASES} (keep the spellings reports really use)")
        seen: set[str] = set()
        for alias in aliases:
            if not alias.strip():
                raise ValueError("an alias may not be empty")
            key = alias.casefold()
            if key in seen:
                raise ValueError(f"alias {alias!r} is listed twice")
            seen.add(key)
        return aliases

    @field_validator("links")
    @classmethod
    def _links_are_web(cls, links: list[str]) -> list[str]:
        return [require_web_url(link, "link") for link in links]


class Place(Named):
    kind: Literal[PLACE_KINDS] = Field(description="What sort of place this is.", examples=["city"])  # type: ignore[valid-type]
    within: RecordId | None = _id_field(
        "Id of the place this one lies in (a city within its oblast, an oblast within its country). Leave empty only for countries.",
        default=None,
        examples=["kupiansk-raion", "kharkiv-oblast"],
    )
    coordinates: Coordinates | None = Field(default=None, description="Where it is, for maps: {lat: ..., lon: ...}.", examples=[{"lat": 49.7106, "lon": 37.6156}])


class Role(Record):
    title: str = Field(min_length=1, description="The office or job, as reports name it.", examples=["Spokesperson of the General Staff of the Armed Forces of Ukraine"])
    organization: RecordId | None = _id_field("Id of the organization the role is in.", default=None, examples=["general-staff-ukraine"])
    start: FuzzyDate | None = Field(default=None, alias="from", description="When the role began: YYYY-MM-DD, YYYY-MM or YYYY.", examples=["2012-11-09", "2021-05"])
    end: FuzzyDate | None = Field(default=None, alias="to", description="When it ended; leave out while it lasts.", examples=["2021-01-20", "2025-01"])

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Role:
        if self.start and self.end and parse_fuzzy_date(self.end).last < parse_fuzzy_date(self.start).first:
            raise ValueError(f"role ends ({self.end}) before it starts ({self.start})")
        return self


class Person(Named):
    country: RecordId | None = _id_field("Id of the place (country) the person belongs to; it gives their side.", default=None, examples=["ukraine"])
    affiliation: RecordId | None = _id_field("Id of the organization the person mainly speaks for.", default=None, examples=["general-staff-ukraine"])
    roles: list[Role] = Field(
        default_factory=list,
        description="Offices held, with dates when known.",
        examples=[[{"title": "Chief of the General Staff of the Armed Forces of the Russian Federation", "organization": "general-staff-russia", "from": "2012-11-09"}]],
    )


class Organization(Named):
    kind: Literal[ORGANIZATION_KINDS] = Field(description="What sort of organization this is.", examples=["military-command"])  # type: ignore[valid-type]
    country: RecordId | None = _id_field("Id of the country (a place) it belongs to; it gives its side.", default=None, examples=["ukraine"])
    parent: RecordId | None = _id_field("Id of the organization it is part of.", default=None, examples=["armed-forces-of-ukraine"])


class Outlet(Named):
    site: str | None = Field(default=None, description="Home page (http or https URL).", examples=["https://kyivindependent.com"])
    language: str = Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 code of the language it publishes in.", examples=["en"])
    country: RecordId | None = _id_field("Id of the country (a place) it is based in.", default=None, examples=["ukraine"])
    recognize: list[str] = Field(
        default_factory=list,
        description="Regular expressions; a capture in which one matches is taken to come from this outlet (ingest, unless --outlet is given).",
        examples=[["Kyiv Independent", "kyivindependent\\.com"]],
    )
    boilerplate: list[str] = Field(
        default_factory=list,
        description="Regular expressions for whole lines this outlet repeats on its pages (membership appeals, newsletter forms); the cleaner drops matching lines. Use them only for patterns that belong to this outlet.",
        examples=[["Three years of reporting, funded by our readers.*"]],
    )

    @field_validator("site")
    @classmethod
    def _site_is_web(cls, site: str | None) -> str | None:
        return None if site is None else require_web_url(site, "site")

    @field_validator("recognize", "boilerplate")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            if len(pattern) > 300:
                raise ValueError("a pattern may be at most 300 characters")
            try:
                re.compile(pattern)
            except (re.error, OverflowError, RecursionError) as error:
                raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {error}") from None
        return patterns


class Claim(Record):
    by: RecordId = _id_field("Id of who makes the claim: a person, an organization or an outlet.", examples=["general-staff-ukraine", "andrii-kovalev"])
    stance: Literal[STANCES] = Field(description="What the claim does to the event: asserts it, denies it, partially confirms it, or retracts an earlier claim.", examples=["denies"])  # type: ignore[valid-type]
    says: str = Field(
        min_length=1,
        description="What they claim, in your own words, one or two sentences.",
        examples=["Kupiansk remains under Ukrainian control; operations against Russian groups that infiltrated the city continue."],
    )
    quote: str | None = Field(
        default=None,
        description="Their exact words as the source article prints them. The validator checks that it occurs in the source.",
        examples=["Kupiansk remains under the control of Ukraine’s Defense Forces"],
    )
    source: RecordId = _id_field("Id of the article that reports the claim; it must be one of the event's sources.", examples=["kyiv-independent-2024-11-14-ukraine-repels-russian-attempt-to-enter-kupiansk"])
    date: FuzzyDate | None = Field(default=None, description="When the claim was made, if not the article's date.", examples=["2024-11-13"])
    via: RecordId | None = _id_field("Id of the outlet or organization the source cites for the claim (e.g. a news agency).", default=None, examples=["ukrinform", "reuters"])


class EventDate(Record):
    start: FuzzyDate = Field(description="First day: YYYY-MM-DD, YYYY-MM or YYYY.", examples=["2024-11-13"])
    end: FuzzyDate = Field(description="Last day: YYYY-MM-DD, YYYY-MM or YYYY.", examples=["2024-11-14"])

    @model_validator(mode="after")
    def _ends_after_start(self) -> EventDate:
        if parse_fuzzy_date(self.end).last < parse_fuzzy_date(self.start).first:
            raise ValueError(f"the date range ends ({self.end}) before it starts ({self.start})")
        return self


class Event(Record):
    title: str = Field(
        min_length=1,
        description="A one-line headline of what happened, neutral where accounts differ.",
        examples=["Russian assault on Kupiansk; accounts differ on whether Russian units entered the city"],
    )
    date: FuzzyDate | EventDate = Field(
        description="When it happened: YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known, or {start: ..., end: ...} for a span.",
        examples=["2024-11-13", "2022-09", {"start": "2024-11-13", "end": "2024-11-14"}],
    )
    approximate: bool = Field(default=False, description="True when the reports give the date only roughly (\"in early September\").", examples=[True])
    status: Literal[STATUSES] | None = Field(  # type: ignore[valid-type]
        default=None,
        description="confirmed (established beyond the claims), reported (claimed and not contested), disputed (claims contradict each other), refuted (shown false). Leave out to derive it from the claims.",
        examples=["confirmed"],
    )
    kind: Literal[EVENT_KINDS] = Field(description="What sort of event this is (see the Records page for the list).", examples=["control-claim"])  # type: ignore[valid-type]
    places: list[IdItem] = Field(default_factory=list, description="Ids of the places where it happened.", examples=[["kupiansk", "kharkiv-oblast"]])
    people: list[IdItem] = Field(default_factory=list, description="Ids of the people involved.", examples=[["valery-gerasimov", "vladimir-putin"]])
    organizations: list[IdItem] = Field(default_factory=list, description="Ids of the organizations involved.", examples=[["general-staff-ukraine", "russian-armed-forces"]])
    summary: str = Field(
        min_length=1,
        description="What happened, in a few neutral sentences.",
        examples=["Russian forces attacked Kupiansk in Kharkiv Oblast on Nov. 13, 2024. Ukraine's General Staff said all attacks were repelled."],
    )
    claims: list[Claim] = Field(
        default_factory=list,
        description="Who says what about it, each with its source.",
        examples=[
            [
                {
                    "by": "general-staff-ukraine",
                    "stance": "denies",
                    "says": "Kupiansk remains under Ukrainian control.",
                    "quote": "Kupiansk remains under the control of Ukraine’s Defense Forces",
                    "source": "kyiv-independent-2025-11-20-cheap-provocations-ukraine-denies-russias-claim",
                }
            ]
        ],
    )
    sources: list[IdItem] = Field(
        min_length=1,
        description="Ids of the articles that report the event.",
        examples=[["kyiv-independent-2024-11-14-ukraine-repels-russian-attempt-to-enter-kupiansk", "dw-2024-11-14-ukraine-updates-russia-would-welcome-trump-talks"]],
    )
    related: list[IdItem] = Field(
        default_factory=list,
        description="Ids of related events (earlier background, follow-ups). The link shows on both pages.",
        examples=[["2024-11-13-russian-assault-on-kupiansk", "2022-09-ukrainian-liberation-of-kupiansk"]],
    )
    redirect_from: list[IdItem] = _redirect_field()  # type: ignore[assignment]

    def span(self) -> tuple[FuzzyDay, FuzzyDay]:
        """First and last day the event covers, each with the precision it was written in."""
        if isinstance(self.date, str):
            day = parse_fuzzy_date(self.date)
            return day, day
        return parse_fuzzy_date(self.date.start), parse_fuzzy_date(self.date.end)


class Article(Record):
    """Front matter of a cleaned report in content/articles/."""

    title: str = Field(min_length=1, description="The report's headline.", examples=["Ukraine repels Russian attempt to enter Kupiansk, military says"])
    outlet: RecordId = _id_field("Id of the outlet that published it.", examples=["kyiv-independent"])
    date: FuzzyDate = Field(description="Publication date, YYYY-MM-DD.", examples=["2024-11-14"])
    authors: list[str] = Field(default_factory=list, description="Bylines, as printed.", examples=[["Boldizsar Gyori"]])
    language: str = Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 code of the text's language.", examples=["en"])
    url: str | None = Field(
        default=None,
        description="Where the report was published (http or https URL), when known.",
        examples=["https://kyivindependent.com/ukraine-repels-russian-attempt-to-enter-kupiansk-military-says/"],
    )
    raw: str = Field(description="Path of the raw capture, relative to content/ (e.g. raw/001_72cb.txt).", examples=["raw/001_72cbfb604ae173a6.txt"])
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the raw capture, so anyone can check the text came from it.",
        examples=["33153816ec3e22c157ec9915b2b7d45cdc66936df203cf05e87377313de09d02"],
    )
    captions: list[str] = Field(
        default_factory=list,
        description="Photo and map captions with their credits, kept out of the body.",
        examples=[["An estimated Russian advance (red) near Kupiansk as of Nov. 13, 2024, according to DeepState. (DeepState/OpenStreetMaps)"]],
    )
    notes: list[str] = Field(
        default_factory=list,
        description="Remarks the capture carried about itself (machine translation, developing story).",
        examples=[["Editor's note: This is a developing story and is being updated."]],
    )
    copy_of: RecordId | None = _id_field(
        "Id of an earlier article whose text this report repeats (the same wire story, or a story a digest already ran); "
        "ingest sets it when most of the text matches, and pages then count the story once.",
        default=None,
        examples=["kyiv-independent-2024-11-14-key-developments-on-nov-14"],
    )
    redirect_from: list[IdItem] = _redirect_field()  # type: ignore[assignment]

    @field_validator("url")
    @classmethod
    def _url_is_web(cls, url: str | None) -> str | None:
        return None if url is None else require_web_url(url, "url")


def copy_chain(articles: dict[str, Article], article_id: str) -> list[str]:
    """The article, the one it copies, the one that copies, and so on, until an unknown id or a repeat."""
    chain = [article_id]
    while (earlier := articles[chain[-1]].copy_of) in articles and earlier not in chain:
        chain.append(earlier)
    return chain


MODELS: dict[str, type[Record]] = {
    "events": Event,
    "places": Place,
    "people": Person,
    "organizations": Organization,
    "outlets": Outlet,
}
SCHEMA_NAMES = {"events": "event", "places": "place", "people": "person", "organizations": "organization", "outlets": "outlet"}
