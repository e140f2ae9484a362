"""Turn the linked graph into Markdown pages: `{path: text}`, no I/O.

Templates are files (build_tools/templates/), read before rendering and handed
in as a dict. Every value a template prints is escaped as Markdown text unless
it was built here as markup (links, anchors), so contributor text stays text.
"""

from __future__ import annotations

import functools
import itertools
import posixpath
import re
import uuid
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup, escape

from .clean import escape_markdown, unescape_markdown
from .export import CSV_COLUMNS, compact_json, exports, json_listing
from .link import SECTIONS, Graph, absolute_url, directory_url, page_path, page_url
from .models import EVENT_KINDS, MODELS, STANCES, STATUSES, Article
from .safe_markdown import safe_markdown
from .structured_data import StructuredData
from .transliterate import search_names
from .validate import normalise_for_quote

# Event kinds whose claims say who holds a place: they make a place's control ledger.
CONTROL_KINDS = ("control-claim", "occupation", "liberation", "advance")
FEED_SIZE = 50
# A place page lists at most this many of the events at it and within it, the
# latest: a country of a large archive has thousands (7,600 rows, 1 MB of Markdown
# at 20,000 pages), too heavy for a reader and minutes of MkDocs over a day of
# previews. The timeline, filtered to the place, lists every one.
PLACE_EVENTS_LISTED = 100
CLAIMED_PAGES = 50  # record pages a part claims at a time: small runs balance the parts, each claim costs a lock


@dataclass(frozen=True)
class SiteSettings:
    """Addresses from mkdocs.yml: absolute links for feeds and JSON-LD, and the
    repository for history and correction links. Empty means leave them out."""

    site_url: str = ""
    repo_url: str = ""
    branch: str = "main"


STANCE_WORDS = {"asserts": "asserts", "denies": "denies", "partially-confirms": "partially confirms", "retracts": "retracts"}


_SPACES = re.compile(r"\s+")
_TABLE_AND_ATTRIBUTE_MARKS = re.compile(r"([|{}])")


def md_inline(text: Any) -> str:
    """Escape text for a Markdown line (also inside table cells and attribute lists)."""
    return _md_inline(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _md_inline(text: str) -> str:
    # Cached: the same names are escaped for every link to them, 300,000 times at 5,000 pages.
    text = _SPACES.sub(" ", text).strip()
    return _TABLE_AND_ATTRIBUTE_MARKS.sub(r"\\\1", escape_markdown(text))


def _finalize(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    return md_inline(value)


def relative(target: str, here: str) -> str:
    """target's path as seen from the page `here` (both clean, relative to the docs folder)."""
    return _relative(target, here.rpartition("/")[0])


@functools.lru_cache(maxsize=1 << 16)
def _relative(target: str, folder: str) -> str:
    # posixpath.relpath, without its two abspath() calls (a quarter of render time at 5,000 pages).
    if not folder:
        return target
    target_parts, folder_parts = target.split("/"), folder.split("/")
    common = 0
    for mine, theirs in zip(target_parts, folder_parts):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(folder_parts) - common) + target_parts[common:]) or "."


def make_environment(templates: dict[str, str], xml: bool = False) -> Environment:
    """Markdown templates escape every value as Markdown text; XML templates
    (the feed) use Jinja's own HTML/XML escaping instead."""
    return _environment(tuple(sorted(templates.items())), xml)


@functools.lru_cache(maxsize=4)
def _environment(templates: tuple[tuple[str, str], ...], xml: bool) -> Environment:
    """One environment per set of templates, so the live preview, which renders a few
    pages per edit, compiles them once, not on every edit (0.3 s)."""
    env = Environment(
        loader=DictLoader(dict(templates)),
        finalize=None if xml else _finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=xml,
    )
    env.filters["yaml_string"] = lambda text: Markup(compact_json(str(text)))
    env.filters["md"] = lambda text: Markup(md_inline(text))
    env.globals["raw_copy"] = raw_copy
    # Material prints page.meta.description into an attribute without escaping it.
    env.filters["html_attribute"] = lambda text: str(escape(str(text)))
    return env


def raw_copy(raw: str) -> str:
    """Where the site publishes a raw capture: always as plain text, so a saved
    HTML page is shown as source and never runs on the archive's domain."""
    return raw if raw.endswith(".txt") else raw + ".txt"


class Pages:
    """Helpers the templates call; each knows the page being rendered."""

    def __init__(self, graph: Graph, here: str, settings: SiteSettings, shared: dict[Any, dict[str, str]] | None = None):
        self.graph = graph
        self.here = here
        self.settings = settings
        # Shared by the pages of one render: a country's page and each of its regions' list the
        # same thousands of events, and pages in one folder link them with the same text.
        shared = {} if shared is None else shared
        folder = here.rpartition("/")[0]
        self._links, self._rows = shared.setdefault(("links", folder), {}), shared.setdefault(("rows", folder), {})
        self._dates = shared.setdefault("dates", {})

    def url(self, record_id: str) -> str:
        return relative(page_path(self.graph.kind_of[record_id], record_id), self.here)

    def link(self, record_id: str, label: str | None = None) -> Markup:
        if label:
            return Markup(f"[{md_inline(label)}]({self.url(record_id)})")
        link = self._links.get(record_id)
        if link is None:
            link = self._links[record_id] = Markup(f"[{md_inline(self.graph.name(record_id))}]({self.url(record_id)})")
        return link

    def date_of(self, event_id: str) -> Markup:
        """When the event happened as lists show it, with "(approximate)" where the record says so."""
        date = self._dates.get(event_id)
        if date is None:
            approximate = " (approximate)" if self.graph.archive.events[event_id].approximate else ""
            date = self._dates[event_id] = Markup(md_inline(self.graph.when(event_id)) + approximate)
        return date

    def status_badge(self, event_id: str) -> Markup:
        status = md_inline(self.graph.status[event_id])
        return Markup(f'<span class="chronicle-status chronicle-status--{status}">{status}</span>')

    def event_rows(self, ids) -> Markup:
        """A table of events: built here, not by a template macro per row (a country lists thousands)."""
        rows = ["| Date | Event | Status |\n| --- | --- | --- |\n"]
        for event_id in ids:
            row = self._rows.get(event_id)
            if row is None:
                row = self._rows[event_id] = f"| {md_inline(self.date_of(event_id))} | {self.link(event_id)} | {self.status_badge(event_id)} |\n"
            rows.append(row)
        return Markup("".join(rows))

    def links(self, ids) -> Markup:
        return Markup(", ".join(self.link(i) for i in ids))

    def to(self, path: str) -> str:
        return relative(path, self.here)

    def root(self) -> str:
        """The site root as seen from this page's URL, for raw HTML (MkDocs rewrites only Markdown links)."""
        url = directory_url(self.here).rstrip("/")
        depth = url.count("/") + 1 if url else 0
        return "../" * depth

    def repo_link(self, record_id: str, action: str) -> str | None:
        """A record's history, edit or correction address in the repository, when mkdocs.yml names one."""
        repo = self.settings.repo_url.rstrip("/")
        if not repo:
            return None
        dates = self.graph.dates.get(record_id)
        path = dates.repo_path if dates else f"content/{self.graph.source_file[record_id]}"
        if action == "history":
            return f"{repo}/commits/{self.settings.branch}/{quote(path)}"
        if action == "edit":
            return f"{repo}/edit/{self.settings.branch}/{quote(path)}"
        title = f"Correction: {self.graph.name(record_id)}"
        body = f"Page: {self.graph.name(record_id)} ({page_url(self.graph.kind_of[record_id], record_id)})\nRecord: {path}\n\nWhat is wrong, and which report shows it:\n"
        return f"{repo}/issues/new?{urlencode({'title': title, 'body': body}, quote_via=quote)}"


def render(graph: Graph, templates: dict[str, str], model_docs: dict[str, list[dict[str, str]]], settings: SiteSettings | None = None,
           share: tuple[int, int] = (0, 1), only: Collection[str] | None = None, lists: bool = True,
           claim: Callable[[], int] | None = None, sink: Callable[[str, str], None] | None = None) -> dict[str, str]:
    """Every page, or with share=(k, n) the k-th of n parts: every n-th record page from
    the k-th on, and in part 0 also the lists, data files and hand-written pages.
    With `claim`, a counter the n parts share, a part renders instead the runs of
    CLAIMED_PAGES record pages whose numbers it draws from it, so a part that is
    ahead takes more (part 0 has the lists to do first).
    `only` limits the record pages to those paths, and lists=False leaves out the rest:
    the live preview re-renders just the pages an edit touches (build_tools/live.py).
    With `sink`, each page goes to sink(path, text) as soon as it is rendered, to be
    written and let go, and the pages returned are none."""
    settings = settings or SiteSettings()
    part, parts = share
    turns = itertools.count()
    held = -1  # the run of record pages this part last claimed

    def mine(path: str) -> bool:
        nonlocal held
        if only is not None:
            return path in only
        turn = next(turns)
        if claim is None:
            return turn % parts == part
        while held < turn // CLAIMED_PAGES:  # every run before the next claimed one is another part's
            held = claim()
        return held == turn // CLAIMED_PAGES

    env = make_environment(templates)
    archive = graph.archive
    xml_env = make_environment(templates, xml=True)
    structured = StructuredData(graph, settings.site_url)
    pages: dict[str, str] = {}
    rendered: set[str] = set()
    shared: dict[Any, dict[str, str]] = {}

    def put(path: str, text: str) -> None:
        if path in rendered:
            raise ValueError(f"two pages for {path}")
        rendered.add(path)
        if sink is None:
            pages[path] = text
        else:
            sink(path, text)

    def emit(path: str, template: str, record_id: str | None = None, **context: Any) -> None:
        jsonld = label = names = None
        if record_id:
            jsonld = Markup(compact_json(structured.for_record(record_id)))
            # For the search index (overrides/main.html puts both in the page; build_tools/search_index.py):
            # the label a result shows, and a record's every name, alias and derived spelling.
            # Plain text here; the theme escapes it.
            label = Markup(compact_json(search_label(graph, record_id)))
            if "search_names" in context:
                names = Markup(compact_json(context.pop("search_names")))
        put(path, env.get_template(template).render(p=Pages(graph, path, settings, shared), g=graph, here=path, jsonld=jsonld,
                                                    search_label=label, search_names=names, id=record_id, **context))

    common = {"stance_words": STANCE_WORDS, "place_events_listed": PLACE_EVENTS_LISTED}

    def names_of(record: Any) -> dict[str, Any]:
        """Every name search finds the record by, and the spellings the archive made up itself."""
        names = search_names(record.name, record.aliases)
        return {"search_names": names, "spellings": names[1 + len(record.aliases):]}

    if part == 0 and lists:
        _lists_and_data(graph, archive, model_docs, settings, emit, put, xml_env)
    for event_id, event in sorted(archive.events.items()):
        if not mine(page_path("events", event_id)):
            continue
        emit(page_path("events", event_id), "event.md.j2", event_id, event=event, quote_paragraphs=_quote_paragraphs(graph, event), **common)
    for place_id, place in sorted(archive.records["places"].items()):
        if not mine(page_path("places", place_id)):
            continue
        emit(page_path("places", place_id), "place.md.j2", place_id, place=place, people_tied=_people_tied(graph, graph.events_at.get(place_id, [])),
             ledger=_control_ledger(graph, place_id), **names_of(place), **common)
    for person_id, person in sorted(archive.records["people"].items()):
        if not mine(page_path("people", person_id)):
            continue
        emit(page_path("people", person_id), "person.md.j2", person_id, person=person, **names_of(person), **common)
    for organization_id, organization in sorted(archive.records["organizations"].items()):
        if not mine(page_path("organizations", organization_id)):
            continue
        emit(page_path("organizations", organization_id), "organization.md.j2", organization_id, organization=organization, **names_of(organization), **common)
    for outlet_id, outlet in sorted(archive.records["outlets"].items()):
        if not mine(page_path("outlets", outlet_id)):
            continue
        emit(page_path("outlets", outlet_id), "outlet.md.j2", outlet_id, outlet=outlet, **names_of(outlet), **common)
    for article_id, article in sorted(archive.articles.items()):
        here = page_path("articles", article_id)
        if not mine(here):
            continue
        body = anchor_paragraphs(link_mentions(graph, safe_markdown(archive.bodies[article_id]), here))
        emit(here, "article.md.j2", article_id, article=article, body=Markup(body), also_reported=_also_reported(graph, article_id))
    if part == 0 and lists:  # last: a generated page wins over a hand-written one of the same name
        for name, text in sorted(archive.pages.items()):
            if name != "home" and f"{name}.md" not in rendered:
                put(f"{name}.md", safe_markdown(text))
    return pages


def _lists_and_data(graph: Graph, archive: Any, model_docs: dict[str, list[dict[str, str]]], settings: SiteSettings, emit, put, xml_env: Environment) -> None:
    """The lists, data files, feed and redirects: rendered by part 0 before its share of
    the record pages, so the other parts claim more of those meanwhile."""
    events_by_date = graph.events_sorted(archive.events)
    months: dict[str, list[str]] = defaultdict(list)
    for event_id in events_by_date:
        months[f"{graph.event_days[event_id].first:%Y-%m}"].append(event_id)
    place_counts = Counter({place_id: len(ids) for place_id, ids in graph.events_at.items() if archive.records["places"][place_id].kind != "country"})
    emit("index.md", "home.md.j2", intro=Markup(safe_markdown(archive.pages.get("home", ""))), latest=list(reversed(events_by_date))[:10],
         disputed=[e for e in reversed(events_by_date) if graph.status[e] == "disputed"],
         top_places=[place for place, _count in sorted(place_counts.items(), key=lambda item: (-item[1], item[0]))[:8]],
         counts={kind: len(records) for kind, records in archive.records.items()} | {"articles": len(archive.articles)})
    emit("timeline.md", "timeline.md.j2", months=sorted(months.items()))
    emit("map.md", "map.md.j2", places=sorted((pid for pid in graph.located if graph.events_at.get(pid)),
                                              key=lambda pid: (-len(graph.events_at[pid]), graph.name(pid).casefold(), pid)))
    emit("events/index.md", "events_index.md.j2", events=list(reversed(events_by_date)))
    emit("places/index.md", "places_index.md.j2", countries=sorted((pid for pid, p in archive.records["places"].items() if not p.within), key=lambda pid: graph.name(pid)))
    for kind, template in (("people", "people_index.md.j2"), ("organizations", "organizations_index.md.j2"), ("outlets", "outlets_index.md.j2")):
        emit(f"{SECTIONS[kind]}/index.md", template, ids=sorted(archive.records[kind], key=lambda rid: graph.name(rid).casefold()))
    emit("reports/index.md", "reports_index.md.j2", ids=sorted(archive.articles, key=lambda a: (archive.articles[a].date, a), reverse=True))
    emit("records.md", "records.md.j2", models=model_docs, kinds=EVENT_KINDS, statuses=STATUSES, stances=STANCES)
    data = exports(graph)
    emit("data.md", "data.md.j2", files={path: len(text.encode("utf-8")) for path, text in data.items()}, csv_columns=CSV_COLUMNS)
    for path, text in data.items():
        put(path, text)
    put("data/timeline.json", timeline_json(graph))
    put("feed.xml", xml_env.get_template("feed.xml.j2").render(
        entries=_feed_entries(graph, list(reversed(events_by_date))[:FEED_SIZE], settings),
        feed_id=uuid.uuid5(uuid.NAMESPACE_URL, "chronicle:feed:events"), home=absolute_url(settings.site_url),
        updated=max((graph.dates[e].changed if e in graph.dates else graph.event_ends[e].last.isoformat() for e in events_by_date), default="1970-01-01")))
    redirect = xml_env.get_template("redirect.html.j2")
    for path, record_id in redirects(graph).items():
        target = posixpath.relpath(page_url(graph.kind_of[record_id], record_id), posixpath.dirname(path)) + "/"
        put(path, redirect.render(target=target, title=graph.name(record_id)))


def redirects(graph: Graph) -> dict[str, str]:
    """{path of a redirect page: id it leads to}, one per old id in `redirect_from`.
    The page sits where the old page's index.html was, so old links (and their #anchors) keep working."""
    out = {}
    for record_id in sorted(graph.kind_of):
        for old in graph.record(record_id).redirect_from:
            out[f"{page_url(graph.kind_of[record_id], old)}index.html"] = record_id
    return out


def search_label(graph: Graph, record_id: str) -> str:
    """What a search result shows under its title: the record's type, and its date where it has one."""
    kind = graph.kind_of[record_id]
    record = graph.record(record_id)
    if kind == "events":
        return f"Event · {graph.when(record_id)} · {graph.status[record_id]}"
    if kind == "articles":
        return f"Report · {graph.name(record.outlet)} · {record.date}"
    if kind == "places":
        return f"Place · {record.kind.replace('-', ' ')}"
    if kind == "organizations":
        return f"Organization · {record.kind.replace('-', ' ')}"
    return {"people": "Person", "outlets": "News outlet"}[kind]


def timeline_json(graph: Graph) -> str:
    """What the timeline filter needs: each event's places (with the places they lie
    within), people, kind and status, and the names to show in the menus."""
    events = {}
    places, people = set(), set()
    crumbs: dict[str, list[str]] = {}  # each place's, once: a town has hundreds of events
    for event_id, event in sorted(graph.archive.events.items()):
        for place_id in event.places:
            if place_id not in crumbs:
                crumbs[place_id] = graph.breadcrumb(place_id)
        event_places = sorted({ancestor for place_id in event.places for ancestor in crumbs[place_id]})
        event_people = sorted(set(event.people) | {claim.by for claim in event.claims if graph.kind_of[claim.by] == "people"})
        places.update(event_places)
        people.update(event_people)
        events[event_id] = {"places": event_places, "people": event_people, "kind": event.kind, "status": graph.status[event_id]}

    def names(ids: set[str]) -> dict[str, str]:
        return dict(sorted(((i, graph.name(i)) for i in ids), key=lambda item: item[1].casefold()))

    return json_listing({
        "events": events,
        "places": names(places),
        "people": names(people),
        "kinds": sorted({event["kind"] for event in events.values()}),
        "statuses": [status for status in STATUSES if any(event["status"] == status for event in events.values())],
    }, "events")


def _feed_entries(graph: Graph, event_ids: list[str], settings: SiteSettings) -> list[dict[str, Any]]:
    entries = []
    for event_id in event_ids:
        event = graph.archive.events[event_id]
        dates = graph.dates.get(event_id)
        entries.append({
            # A name-based UUID: the entry keeps its id when the site moves to another address.
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'chronicle:event:' + event_id)}",
            "title": event.title,
            # Relative when the site's address is unknown; feed readers resolve it against the feed's own address.
            "url": absolute_url(settings.site_url, page_url("events", event_id)) or page_url("events", event_id),
            "published": (dates.added if dates else graph.event_days[event_id].first.isoformat()) + "T00:00:00Z",
            "updated": (dates.changed if dates else graph.event_ends[event_id].last.isoformat()) + "T00:00:00Z",
            "when": graph.when(event_id),
            "status": graph.status[event_id],
            "summary": event.summary,
            "places": [graph.name(place_id) for place_id in event.places],
            "claims": [f"{graph.name(claim.by)} {STANCE_WORDS[claim.stance]}: {claim.says}" for claim in event.claims],
            "kind": event.kind,
        })
    return entries


def _control_ledger(graph: Graph, place_id: str) -> list[Any]:
    """Every claim about who holds the place, from events directly at it, in date order."""
    ledger = []
    for event_id in graph.events_sorted(graph.events_directly_at.get(place_id, ())):
        event = graph.archive.events[event_id]
        if event.kind in CONTROL_KINDS:
            ledger.extend((event_id, index, claim) for index, claim in enumerate(event.claims, start=1))
    return ledger


def _also_reported(graph: Graph, article_id: str) -> list[str]:
    """Other reports cited by the same events: the same story told elsewhere, in other words.

    Reports that repeat this one's text (or that it repeats) are listed as copies instead, so
    one wire story never counts as two reports.
    """
    others = {source for event_id in graph.citing.get(article_id, []) for source in graph.archive.events[event_id].sources}
    own_text = graph.original(article_id)
    others = {other for other in others if graph.original(other) != own_text}
    return sorted(others, key=lambda a: (graph.archive.articles[a].date, a))


PARAGRAPH_ANCHOR = "p-{}"


_NOT_A_PARAGRAPH = re.compile(r"(#|[-*+] |\d+\. |>|\||```|<|!!!|---)")


def _numbered_blocks(body: str):
    """Yield (number, block) for the blocks of body; plain paragraphs are numbered
    from 1, headings, lists, quotes and tables get None."""
    number = 0
    for block in body.split("\n\n"):
        stripped = block.strip()
        if stripped and not _NOT_A_PARAGRAPH.match(stripped):
            number += 1
            yield number, block
        else:
            yield None, block


def anchor_paragraphs(body: str) -> str:
    """Give every plain paragraph a stable anchor (#p-1, #p-2...) so a claim can
    link to the paragraph that holds its quote. Headings, lists and quotes keep theirs."""
    out = []
    for number, block in _numbered_blocks(body):
        if number:
            text = block.rstrip("\n")
            block = f"{text}\n{{: #{PARAGRAPH_ANCHOR.format(number)} }}" + block[len(text):]
        out.append(block)
    return "\n\n".join(out)


def paragraph_of(body: str, needle: str) -> int | None:
    """The number anchor_paragraphs gives the paragraph holding needle (compared normalised)."""
    wanted = normalise_for_quote(needle)
    for number, paragraph in _normalised_paragraphs(body):
        if wanted in paragraph:
            return number
    return None


@functools.lru_cache(maxsize=256)
def _normalised_paragraphs(body: str) -> list[tuple[int, str]]:
    # Cached: a report is searched once for each quote events take from it.
    return [(number, normalise_for_quote(unescape_markdown(block))) for number, block in _numbered_blocks(body) if number]


def _quote_paragraphs(graph: Graph, event: Any) -> dict[int, str]:
    """claim number -> '#p-N' of the paragraph in its source report that holds its quote."""
    anchors = {}
    for index, claim in enumerate(event.claims, start=1):
        if claim.quote and claim.source in graph.archive.bodies:
            number = paragraph_of(graph.archive.bodies[claim.source], claim.quote)
            if number:
                anchors[index] = "#" + PARAGRAPH_ANCHOR.format(number)
    return anchors


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
    # One search over the whole body (paragraph by paragraph cost 170,000 calls at 20,000 pages).
    spans = graph.mentions.spans(body)
    if not spans:
        return body
    starts = [span[0] for span in spans]
    folder, targets = here.rpartition("/")[0], {}
    out, offset, next_span = [], 0, 0
    for block in body.split("\n\n"):
        end_of_block = offset + len(block)
        first, next_span = next_span, bisect_left(starts, end_of_block, next_span)
        if first == next_span or block.startswith("#"):
            out.append(block)
        else:
            seen: set[str] = set()
            pieces, cursor, links = [], 0, "[" in block
            for start, end, kind, record_id in spans[first:next_span]:
                if end > end_of_block or record_id in seen:
                    continue
                start, end = start - offset, end - offset
                if links and _inside_link(block, start):
                    continue
                seen.add(record_id)
                if record_id not in targets:
                    targets[record_id] = _relative(page_path(kind, record_id), folder)
                pieces.append(block[cursor:start])
                pieces.append(f"[{block[start:end]}]({targets[record_id]})")
                cursor = end
            pieces.append(block[cursor:])
            out.append("".join(pieces))
        offset = end_of_block + 2
    return "\n\n".join(out)


def _inside_link(block: str, position: int) -> bool:
    # Bounds instead of a slice of everything before the position, which cost a copy per mention.
    return block.rfind("[", 0, position) > block.rfind("]", 0, position) and not block.endswith("\\", 0, position)


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


__all__ = ["Article", "link_mentions", "model_docs", "render"]
