"""Turn the linked graph into Markdown pages: `{path: text}`, no I/O.

Templates are files (build_tools/templates/), read before rendering and handed
in as a dict. Every value a template prints is escaped as Markdown text unless
it was built here as markup (links, anchors), so contributor text stays text.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter, defaultdict
from typing import Any

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from .clean import escape_markdown
from .export import CSV_COLUMNS, exports
from .link import SECTIONS, Graph, page_path
from .models import EVENT_KINDS, MODELS, STANCES, STATUSES, Article

STANCE_WORDS = {"asserts": "asserts", "denies": "denies", "partially-confirms": "partially confirms", "retracts": "retracts"}


def md_inline(text: Any) -> str:
    """Escape text for a Markdown line (also inside table cells and attribute lists)."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    return re.sub(r"([|{}])", r"\\\1", escape_markdown(text))


def _finalize(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    return md_inline(value)


def relative(target: str, here: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def make_environment(templates: dict[str, str]) -> Environment:
    env = Environment(
        loader=DictLoader(templates),
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["yaml_string"] = lambda text: Markup(json.dumps(str(text), ensure_ascii=False))
    env.filters["md"] = lambda text: Markup(md_inline(text))
    return env


class Pages:
    """Helpers the templates call; each knows the page being rendered."""

    def __init__(self, graph: Graph, here: str):
        self.graph = graph
        self.here = here

    def url(self, record_id: str) -> str:
        return relative(page_path(self.graph.kind_of[record_id], record_id), self.here)

    def link(self, record_id: str, label: str | None = None) -> Markup:
        return Markup(f"[{md_inline(label or self.graph.name(record_id))}]({self.url(record_id)})")

    def links(self, ids) -> Markup:
        return Markup(", ".join(self.link(i) for i in ids))

    def to(self, path: str) -> str:
        return relative(path, self.here)


def render(graph: Graph, templates: dict[str, str], model_docs: dict[str, list[dict[str, str]]]) -> dict[str, str]:
    env = make_environment(templates)
    archive = graph.archive
    pages: dict[str, str] = {}

    def emit(path: str, template: str, **context: Any) -> None:
        if path in pages:
            raise ValueError(f"two pages for {path}")
        pages[path] = env.get_template(template).render(p=Pages(graph, path), g=graph, here=path, **context)

    common = {"stance_words": STANCE_WORDS}
    for event_id, event in sorted(archive.events.items()):
        emit(page_path("events", event_id), "event.md.j2", id=event_id, event=event, **common)
    for place_id, place in sorted(archive.records["places"].items()):
        emit(page_path("places", place_id), "place.md.j2", id=place_id, place=place, people_tied=_people_tied(graph, graph.events_at.get(place_id, [])))
    for person_id, person in sorted(archive.records["people"].items()):
        emit(page_path("people", person_id), "person.md.j2", id=person_id, person=person, **common)
    for organization_id, organization in sorted(archive.records["organizations"].items()):
        emit(page_path("organizations", organization_id), "organization.md.j2", id=organization_id, organization=organization, **common)
    for outlet_id, outlet in sorted(archive.records["outlets"].items()):
        emit(page_path("outlets", outlet_id), "outlet.md.j2", id=outlet_id, outlet=outlet, **common)
    for article_id, article in sorted(archive.articles.items()):
        here = page_path("articles", article_id)
        body = link_mentions(graph, archive.bodies[article_id], here)
        emit(here, "article.md.j2", id=article_id, article=article, body=Markup(body))

    events_by_date = graph.events_sorted(archive.events)
    months: dict[str, list[str]] = defaultdict(list)
    for event_id in events_by_date:
        months[f"{graph.event_days[event_id].first:%Y-%m}"].append(event_id)
    place_counts = Counter({place_id: len(ids) for place_id, ids in graph.events_at.items() if archive.records["places"][place_id].kind != "country"})
    emit("index.md", "home.md.j2", intro=Markup(archive.pages.get("home", "")), latest=list(reversed(events_by_date))[:10],
         disputed=[e for e in reversed(events_by_date) if graph.status[e] == "disputed"],
         top_places=[place for place, _count in sorted(place_counts.items(), key=lambda item: (-item[1], item[0]))[:8]],
         counts={kind: len(records) for kind, records in archive.records.items()} | {"articles": len(archive.articles)})
    emit("timeline.md", "timeline.md.j2", months=sorted(months.items()))
    emit("events/index.md", "events_index.md.j2", events=list(reversed(events_by_date)))
    emit("places/index.md", "places_index.md.j2", countries=sorted((pid for pid, p in archive.records["places"].items() if not p.within), key=lambda pid: graph.name(pid)))
    for kind, template in (("people", "people_index.md.j2"), ("organizations", "organizations_index.md.j2"), ("outlets", "outlets_index.md.j2")):
        emit(f"{SECTIONS[kind]}/index.md", template, ids=sorted(archive.records[kind], key=lambda rid: graph.name(rid).casefold()))
    emit("reports/index.md", "reports_index.md.j2", ids=sorted(archive.articles, key=lambda a: (archive.articles[a].date, a), reverse=True))
    emit("records.md", "records.md.j2", models=model_docs, kinds=EVENT_KINDS, statuses=STATUSES, stances=STANCES)
    data = exports(graph)
    emit("data.md", "data.md.j2", files={path: len(text.encode("utf-8")) for path, text in data.items()}, csv_columns=CSV_COLUMNS)
    pages.update(data)
    for name, text in sorted(archive.pages.items()):
        if name != "home":
            pages.setdefault(f"{name}.md", text)
    return pages


def _people_tied(graph: Graph, event_ids: list[str]) -> list[str]:
    people = set()
    for event_id in event_ids:
        event = graph.archive.events[event_id]
        people.update(event.people)
        people.update(claim.by for claim in event.claims if graph.kind_of.get(claim.by) == "people")
    return sorted(people, key=lambda pid: graph.name(pid).casefold())


def link_mentions(graph: Graph, body: str, here: str) -> str:
    """Link the first mention of each known name in every paragraph; never in headings."""
    if graph.mentions is None:
        return body
    out = []
    for block in body.split("\n\n"):
        if block.startswith("#"):
            out.append(block)
            continue
        seen: set[str] = set()
        pieces, cursor = [], 0
        for start, end, kind, record_id in graph.mentions.spans(block):
            if record_id in seen or _inside_link(block, start):
                continue
            seen.add(record_id)
            pieces.append(block[cursor:start])
            pieces.append(f"[{block[start:end]}]({relative(page_path(kind, record_id), here)})")
            cursor = end
        pieces.append(block[cursor:])
        out.append("".join(pieces))
    return "\n\n".join(out)


def _inside_link(block: str, position: int) -> bool:
    before = block[:position]
    return before.rfind("[") > before.rfind("]") and not before.endswith("\\")


def model_docs() -> dict[str, list[dict[str, str]]]:
    """Field tables for the Records page, from the models' own descriptions."""
    docs: dict[str, list[dict[str, str]]] = {}
    from .models import Article, Claim, Coordinates, EventDate, Role

    for title, model in [*((kind, MODELS[kind]) for kind in MODELS), ("claims", Claim), ("roles", Role), ("coordinates", Coordinates), ("date spans", EventDate), ("article front matter", Article)]:
        rows = []
        for name, info in model.model_fields.items():
            rows.append({"name": info.alias or name, "required": "yes" if info.is_required() else "", "description": info.description or ""})
        docs[title] = rows
    return docs


__all__ = ["render", "model_docs", "link_mentions", "Article"]
