"""schema.org JSON-LD for every record page, so search engines and reuse tools
read what a page is about: Event, Place, Person, Organization, NewsArticle.

Pure functions of the graph. The theme prints the dict in the page head with
Jinja's `tojson`, which escapes `<`, `>` and `&`, so contributor text cannot
close the script element.
"""

from __future__ import annotations

from typing import Any

from .link import Graph, absolute_url, page_url

CONTEXT = "https://schema.org"
ORGANIZATION_TYPES = {
    "media": "NewsMediaOrganization", "ministry": "GovernmentOrganization", "government": "GovernmentOrganization",
    "parliament": "GovernmentOrganization", "head-of-state-office": "GovernmentOrganization", "local-authority": "GovernmentOrganization",
    "armed-forces": "GovernmentOrganization", "military-unit": "GovernmentOrganization", "military-command": "GovernmentOrganization",
    "ngo": "NGO", "company": "Corporation", "party": "PoliticalParty",
}


class StructuredData:
    def __init__(self, graph: Graph, site_url: str):
        self.graph = graph
        self.site_url = site_url
        # Nodes of records named in other pages, made once: an event names a dozen, a place a few.
        # Shared between pages, so never changed once made.
        self._references: dict[str, dict[str, Any]] = {}
        self._places: dict[str, dict[str, Any]] = {}

    def url(self, record_id: str) -> str | None:
        return absolute_url(self.site_url, page_url(self.graph.kind_of[record_id], record_id)) or None

    def reference(self, record_id: str) -> dict[str, Any]:
        """A short node for a record named inside another one."""
        node = self._references.get(record_id)
        if node is None:
            kind = self.graph.kind_of[record_id]
            node = {"@type": self._type(record_id, kind), "name": self.graph.name(record_id)}
            node = self._references[record_id] = _compact(node | {"url": self.url(record_id)})
        return node

    def _type(self, record_id: str, kind: str) -> str:
        if kind == "places":
            return "Country" if self.graph.record(record_id).kind == "country" else "Place"
        if kind == "people":
            return "Person"
        if kind == "outlets":
            return "NewsMediaOrganization"
        if kind == "organizations":
            return ORGANIZATION_TYPES.get(self.graph.record(record_id).kind, "Organization")
        if kind == "events":
            return "Event"
        return "NewsArticle"

    def for_record(self, record_id: str) -> dict[str, Any]:
        kind = self.graph.kind_of[record_id]
        record = self.graph.record(record_id)
        node: dict[str, Any] = {"@context": CONTEXT, "@type": self._type(record_id, kind), "@id": self.url(record_id), "url": self.url(record_id)}
        if kind == "events":
            first, last = self.graph.event_days[record_id], self.graph.event_ends[record_id]
            node |= {
                "name": record.title,
                "description": record.summary,
                "startDate": first.text,
                "endDate": last.text if last.text != first.text else None,
                "location": [self._place(place_id) for place_id in record.places],
                "about": [self.reference(i) for i in [*record.people, *record.organizations]],
                "subjectOf": [self.reference(source) for source in record.sources],
            }
        elif kind == "articles":
            node |= {
                "headline": record.title,
                "datePublished": record.date,
                "inLanguage": record.language,
                "author": [{"@type": "Person", "name": name} for name in record.authors],
                "publisher": self.reference(record.outlet),
                "isBasedOn": record.url,
            }
        else:
            node |= {"name": record.name, "alternateName": record.aliases, "description": record.description, "sameAs": record.links}
            if kind == "places":
                node |= self._place(record_id)
            elif kind == "people":
                node["affiliation"] = self.reference(record.affiliation) if record.affiliation else None
                node["nationality"] = self.reference(record.country) if record.country else None
                node["jobTitle"] = [role.title for role in record.roles]
            elif kind == "organizations":
                node["parentOrganization"] = self.reference(record.parent) if record.parent else None
            elif kind == "outlets":
                node["url"] = record.site or node["url"]
        return _compact(node)

    def _place(self, place_id: str) -> dict[str, Any]:
        node = self._places.get(place_id)
        if node is None:
            place = self.graph.record(place_id)
            node = self._places[place_id] = dict(self.reference(place_id))
            if place.coordinates:
                node["geo"] = {"@type": "GeoCoordinates", "latitude": place.coordinates.lat, "longitude": place.coordinates.lon}
            if place.within:
                node["containedInPlace"] = self.reference(place.within)
        return node


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty fields: schema.org readers treat missing and empty alike."""
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}
