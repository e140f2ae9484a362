"""Open data for people who reuse the archive: events as JSON and CSV, places as GeoJSON.

Pure functions of the linked graph, like render: they return text, in a
stable order, so the same content gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .link import Graph, page_url

DATA_VERSION = 1
CSV_COLUMNS = [
    "row", "event_id", "event_title", "date_start", "date_end", "precision", "approximate", "status", "kind",
    "places", "people", "organizations", "claim", "by", "stance", "says", "quote", "source", "via", "claim_date",
]


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


def events_json(graph: Graph) -> str:
    document = {"version": DATA_VERSION, "events": event_rows(graph)}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


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


def events_csv(graph: Graph) -> str:
    """One row per event, then one row per claim of it, sharing the event's columns."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in event_rows(graph):
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
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1) + "\n"


def exports(graph: Graph) -> dict[str, str]:
    return {
        "data/events.json": events_json(graph),
        "data/events.csv": events_csv(graph),
        "data/places.geojson": places_geojson(graph),
    }
