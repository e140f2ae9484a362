"""Build the graph between records: pages, backlinks and mentions.

Everything a page shows about other records is worked out here, so the
templates only lay it out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .dates import FuzzyDay
from .history import FileDates
from .mentions import MentionIndex
from .models import Claim, Event, Organization, Person, Place, copy_chain
from .validate import Archive

# Where each kind of record gets its pages.
SECTIONS = {
    "events": "events",
    "places": "places",
    "people": "people",
    "organizations": "organizations",
    "outlets": "outlets",
    "articles": "reports",
}


def page_path(kind: str, record_id: str) -> str:
    return f"{SECTIONS[kind]}/{record_id}.md"


def directory_url(markdown_path: str) -> str:
    """Where MkDocs serves a page with directory URLs: events/x.md -> events/x/, events/index.md -> events/, index.md -> ''."""
    stem = markdown_path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def page_url(kind: str, record_id: str) -> str:
    """Site-relative address of a record's page (MkDocs directory URLs)."""
    return f"{SECTIONS[kind]}/{record_id}/"


def absolute_url(site_url: str, path: str = "") -> str:
    """path under the published site, or "" when the site's address is not known."""
    return site_url.rstrip("/") + "/" + path if site_url else ""


@dataclass(frozen=True)
class ClaimRef:
    event_id: str
    index: int
    claim: Claim


@dataclass
class Graph:
    archive: Archive
    kind_of: dict[str, str] = field(default_factory=dict)  # id -> kind, for claimants and links
    event_days: dict[str, FuzzyDay] = field(default_factory=dict)
    event_ends: dict[str, FuzzyDay] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    related: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    events_at: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # place -> events at it or within it
    events_directly_at: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    events_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # person/org/outlet -> events
    claims_by: dict[str, list[ClaimRef]] = field(default_factory=lambda: defaultdict(list))
    claims_via: dict[str, list[ClaimRef]] = field(default_factory=lambda: defaultdict(list))
    citing: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # article -> events
    articles_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # outlet -> articles
    copies: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # article -> articles that repeat its text
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # organization -> people
    suborganizations: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    mentions: MentionIndex | None = None
    source_file: dict[str, str] = field(default_factory=dict)  # id -> its file under content/
    dates: dict[str, FileDates] = field(default_factory=dict)  # id -> added / last changed, from git
    located: set[str] = field(default_factory=set)  # places with coordinates, which maps can show
    # name() of each id asked for: pages ask 240,000 times at 20,000 pages, and an article
    # or event, having no `name`, cost pydantic an AttributeError each time.
    _names: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    # -- lookups the templates use -------------------------------------------------
    def original(self, article_id: str) -> str:
        """The article whose text this one repeats, followed to the first; itself if it is no copy."""
        return copy_chain(self.archive.articles, article_id)[-1]

    def record(self, record_id: str):
        kind = self.kind_of[record_id]
        if kind == "articles":
            return self.archive.articles[record_id]
        return self.archive.records[kind][record_id]

    def name(self, record_id: str) -> str:
        name = self._names.get(record_id)
        if name is None:
            record = self.record(record_id)
            name = self._names[record_id] = getattr(record, "name", None) or record.title
        return name

    def when(self, event_id: str) -> str:
        """An event's date as readers see it: "20 November 2025", or a span "February 2022 – September 2022"."""
        first, last = self.event_days[event_id], self.event_ends[event_id]
        return first.display() if first == last else f"{first.display()} – {last.display()}"

    def breadcrumb(self, place_id: str) -> list[str]:
        """The chain of places from the country down to this one."""
        places: dict[str, Place] = self.archive.records["places"]  # type: ignore[assignment]
        chain = [place_id]
        while (parent := places[chain[-1]].within) and parent in places and parent not in chain:
            chain.append(parent)
        return list(reversed(chain))

    def side(self, record_id: str) -> str | None:
        """The country a claimant speaks for, by its own record or its organization's."""
        seen: set[str] = set()
        while record_id and record_id not in seen:
            seen.add(record_id)
            record = self.record(record_id)
            country = getattr(record, "country", None)
            if country:
                return country
            record_id = getattr(record, "affiliation", None) or getattr(record, "parent", None)
        return None

    def events_sorted(self, ids) -> list[str]:
        return sorted(set(ids), key=lambda event_id: (self.event_days[event_id].first, event_id))


def derive_status(event: Event) -> str:
    if event.status:
        return event.status
    stances = {claim.stance for claim in event.claims}
    if "denies" in stances and stances & {"asserts", "partially-confirms"}:
        return "disputed"
    if stances == {"denies"}:
        return "disputed"
    return "reported"


def link(archive: Archive, dates: dict[str, FileDates] | None = None) -> Graph:
    graph = Graph(archive)
    for kind, records in archive.records.items():
        for record_id in records:
            graph.kind_of[record_id] = kind
            graph.source_file[record_id] = f"{kind}/{record_id}.yml"
    for article_id in archive.articles:
        graph.kind_of[article_id] = "articles"
        graph.source_file[article_id] = f"articles/{article_id}.md"
    for record_id, path in graph.source_file.items():
        if dates and path in dates:
            graph.dates[record_id] = dates[path]

    places: dict[str, Place] = archive.records["places"]  # type: ignore[assignment]
    for place_id, place in sorted(places.items()):
        if place.coordinates:
            graph.located.add(place_id)
        if place.within:
            graph.children[place.within].append(place_id)

    for event_id, event in sorted(archive.events.items()):
        graph.event_days[event_id], graph.event_ends[event_id] = event.span()
        graph.status[event_id] = derive_status(event)

    for event_id, event in sorted(archive.events.items()):
        for other in event.related:
            for a, b in ((event_id, other), (other, event_id)):
                if b not in graph.related[a]:
                    graph.related[a].append(b)
        for place_id in event.places:
            graph.events_directly_at[place_id].add(event_id)
            for ancestor in graph.breadcrumb(place_id):
                graph.events_at[ancestor].append(event_id)
        for participant in [*event.people, *event.organizations]:
            graph.events_of[participant].append(event_id)
        for index, claim in enumerate(event.claims):
            reference = ClaimRef(event_id, index, claim)
            graph.claims_by[claim.by].append(reference)
            if event_id not in graph.events_of[claim.by]:
                graph.events_of[claim.by].append(event_id)
            if claim.via:
                graph.claims_via[claim.via].append(reference)
        for source in sorted(set(event.sources)):
            graph.citing[source].append(event_id)

    for article_id, article in sorted(archive.articles.items()):
        graph.articles_of[article.outlet].append(article_id)
        if article.copy_of in archive.articles:
            graph.copies[article.copy_of].append(article_id)
    people: dict[str, Person] = archive.records["people"]  # type: ignore[assignment]
    for person_id, person in sorted(people.items()):
        organizations = {person.affiliation} | {role.organization for role in person.roles}
        for organization in sorted(filter(None, organizations)):
            graph.members[organization].append(person_id)
    organizations: dict[str, Organization] = archive.records["organizations"]  # type: ignore[assignment]
    for organization_id, organization in sorted(organizations.items()):
        if organization.parent:
            graph.suborganizations[organization.parent].append(organization_id)

    for mapping in (graph.events_at, graph.events_of, graph.citing, graph.related):
        for key in mapping:
            mapping[key] = graph.events_sorted(mapping[key])
    for mapping in (graph.claims_by, graph.claims_via):
        for key in mapping:
            mapping[key].sort(key=lambda ref: (graph.event_days[ref.event_id].first, ref.event_id, ref.index))
    for outlet_id in graph.articles_of:
        graph.articles_of[outlet_id].sort(key=lambda a: (archive.articles[a].date, a))
    graph.mentions = MentionIndex.from_records(archive.records)  # type: ignore[arg-type]
    return graph
