"""Open data for people who reuse the archive: events as JSON and CSV, places as GeoJSON.

Pure functions of the linked graph, like render: they return text, in a
stable order, so the same content gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .link import Graph, page_url
from .models import EVENT_KINDS, ID_PATTERN, STANCES, STATUSES

DATA_VERSION = 1
CSV_COLUMNS = [
    "row", "event_id", "event_title", "date_start", "date_end", "precision", "approximate", "status", "kind",
    "places", "people", "organizations", "claim", "by", "stance", "says", "quote", "source", "via", "claim_date",
]


# json.dumps(value, ensure_ascii=False) by the C encoder, without making an encoder for
# each of 60,000 values; json.dumps(indent=...) runs Python's own, which took a second
# of a 20,000-page generate over the data files.
compact_json = json.JSONEncoder(ensure_ascii=False).encode


def json_listing(document: dict[str, Any], listed: str) -> str:
    """document as JSON, one field a line and each item of its list or mapping `listed`
    on a line of its own: a diff shows which event changed, and no file is one huge line."""
    fields = []
    for key, value in document.items():
        if key != listed or not value:
            fields.append(f" {compact_json(key)}: {compact_json(value)}")
        elif isinstance(value, dict):
            items = ",\n".join(f"  {compact_json(item_key)}: {compact_json(item)}" for item_key, item in value.items())
            fields.append(f" {compact_json(key)}: {{\n{items}\n }}")
        else:
            items = ",\n".join(f"  {compact_json(item)}" for item in value)
            fields.append(f" {compact_json(key)}: [\n{items}\n ]")
    return "{\n" + ",\n".join(fields) + "\n}\n"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportDate(_Strict):
    start: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="First day as written: YYYY-MM-DD, YYYY-MM or YYYY.")
    end: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="Last day as written; equal to start for a single day.")
    precision: Literal["day", "month", "year"] = Field(description="How precisely the start is known.")


class ExportClaim(_Strict):
    anchor: str = Field(pattern=r"^claim-[1-9][0-9]*$", description="The claim's anchor on its event page: url + '#' + anchor.")
    by: str = Field(pattern=ID_PATTERN, description="Id of who makes the claim.")
    by_type: Literal["people", "organizations", "outlets"] = Field(description="Which kind of record `by` is.")
    stance: Literal[STANCES] = Field(description="What the claim does to the event.")  # type: ignore[valid-type]
    says: str = Field(description="What the claimant says, in the contributor's words.")
    quote: str | None = Field(description="Verbatim words from `source`, checked by the validator, or null.")
    source: str = Field(pattern=ID_PATTERN, description="Id of the report the claim comes from (page: reports/<id>/).")
    via: str | None = Field(description="Id of the outlet or organization the claim was relayed through, or null.")
    date: str | None = Field(description="When the claim was made, if it differs from the event's date.")


class ExportEvent(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    url: str = Field(description="The event's page, relative to the site's root.")
    title: str
    date: ExportDate
    approximate: bool = Field(description="True when the reports give the date only roughly.")
    status: Literal[STATUSES]  # type: ignore[valid-type]
    status_given: bool = Field(description="False when the status was derived from the claims.")
    kind: Literal[EVENT_KINDS]  # type: ignore[valid-type]
    places: list[str]
    people: list[str]
    organizations: list[str]
    summary: str
    claims: list[ExportClaim]
    sources: list[str] = Field(min_length=1)
    related: list[str] = Field(description="Related events, in both directions.")


class EventsFile(_Strict):
    """data/events.json: every event of the archive with its claims, in date order."""

    version: Literal[1] = Field(description="Bumped when a field changes meaning or goes away.")
    events: list[ExportEvent]


def events_schema() -> str:
    schema = EventsFile.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "events.schema.json", **schema}
    return json.dumps(schema, indent=1, ensure_ascii=False) + "\n"


def event_rows(graph: Graph) -> list[dict[str, Any]]:
    rows = []
    for event_id in graph.events_sorted(graph.archive.events):
        event = graph.archive.events[event_id]
        first, last = graph.event_days[event_id], graph.event_ends[event_id]
        rows.append({
            "id": event_id,
            "url": page_url("events", event_id),
            "title": event.title,
            "date": {"start": first.text, "end": last.text, "precision": first.precision},
            "approximate": event.approximate,
            "status": graph.status[event_id],
            "status_given": event.status is not None,
            "kind": event.kind,
            "places": event.places,
            "people": event.people,
            "organizations": event.organizations,
            "summary": event.summary,
            "claims": [
                {
                    "anchor": f"claim-{index}",
                    "by": claim.by,
                    "by_type": graph.kind_of[claim.by],
                    "stance": claim.stance,
                    "says": claim.says,
                    "quote": claim.quote,
                    "source": claim.source,
                    "via": claim.via,
                    "date": claim.date,
                }
                for index, claim in enumerate(event.claims, start=1)
            ],
            "sources": event.sources,
            "related": graph.related.get(event_id, []),
        })
    return rows


def events_json(rows: list[dict[str, Any]]) -> str:
    return json_listing({"version": DATA_VERSION, "events": rows}, "events")


def _cell(value: Any) -> str:
    """Text for a spreadsheet cell; a leading = + - @ is neutralised so no cell runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def events_csv(rows: list[dict[str, Any]]) -> str:
    """One row per event, then one row per claim of it, sharing the event's columns."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in rows:
        base = {
            "event_id": event["id"], "event_title": event["title"], "date_start": event["date"]["start"],
            "date_end": event["date"]["end"], "precision": event["date"]["precision"], "approximate": event["approximate"],
            "status": event["status"], "kind": event["kind"], "places": event["places"], "people": event["people"],
            "organizations": event["organizations"],
        }
        writer.writerow({key: _cell(value) for key, value in ({"row": "event"} | base).items()})
        for index, claim in enumerate(event["claims"], start=1):
            row = {"row": "claim"} | base | {
                "claim": index, "by": claim["by"], "stance": claim["stance"], "says": claim["says"],
                "quote": claim["quote"], "source": claim["source"], "via": claim["via"], "claim_date": claim["date"],
            }
            writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def places_geojson(graph: Graph) -> str:
    """RFC 7946 FeatureCollection of every place with coordinates; positions are [longitude, latitude]."""
    features = []
    for place_id, place in sorted(graph.archive.records["places"].items()):
        if place.coordinates is None:
            continue
        features.append({
            "type": "Feature",
            "id": place_id,
            "geometry": {"type": "Point", "coordinates": [place.coordinates.lon, place.coordinates.lat]},
            "properties": {
                "name": place.name,
                "aliases": place.aliases,
                "kind": place.kind,
                "within": place.within,
                "url": page_url("places", place_id),
                "events": len(graph.events_at.get(place_id, [])),
                "events_here": len(graph.events_directly_at.get(place_id, ())),
            },
        })
    return json_listing({"type": "FeatureCollection", "features": features}, "features")


def exports(graph: Graph) -> dict[str, str]:
    rows = event_rows(graph)  # one list for both files
    return {
        "data/events.json": events_json(rows),
        "data/events.schema.json": events_schema(),
        "data/events.csv": events_csv(rows),
        "data/places.geojson": places_geojson(graph),
    }
