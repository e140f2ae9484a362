"""Check every record against its model and against the others.

Every problem is collected before anything stops, each with the file, line
and column it stands at and a message that says what to do.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz, process

from .characters import (
    FORBIDDEN_IN_BODIES,
    describe,
    hidden_characters,
    hidden_summary,
    id_characters,
    skeleton,
)
from .clean import unescape_markdown
from .errors import Problem
from .load import ArticleFile, Content, Document, RecordFile, resolved_folder
from .models import ID_RE, MODELS, Article, Event, Named, Place, copy_chain


@dataclass
class Archive:
    """Validated content: the models, ready to link."""

    records: dict[str, dict[str, BaseModel]] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)

    @property
    def events(self) -> dict[str, Event]:
        return self.records["events"]  # type: ignore[return-value]


def suggest(value: str, choices: list[str] | set[str]) -> str:
    match = process.extractOne(value, sorted(choices), score_cutoff=60)
    if match and not ID_RE.match(match[0]):
        return f"; the closest is '{match[0]}', whose file name is not a valid id: rename that file"
    return f"; did you mean '{match[0]}'?" if match else ""


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The nested model a pydantic error location points into (for key suggestions)."""
    current = model
    for part in loc:
        if isinstance(part, str):
            for name, info in current.model_fields.items():
                if part in (name, info.alias):
                    annotation = info.annotation
                    for candidate in getattr(annotation, "__args__", ()) + (annotation,):
                        inner = getattr(candidate, "__args__", (candidate,))
                        for item in inner:
                            if isinstance(item, type) and issubclass(item, BaseModel):
                                current = item
                    break
    return current


def _closest_field(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The field an unknown key at `loc` most likely meant, if any is close enough."""
    match = process.extractOne(str(loc[-1]), _field_names(_model_at(model, loc[:-1])), score_cutoff=60)
    return match[0] if match else None


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's internal branch labels from an error location, keeping keys and indexes."""
    return tuple(part for part in loc if not (isinstance(part, str) and (part.startswith(("function-", "constrained-")) or part in ("str", "int", "EventDate", "literal"))))


def _message(error: dict[str, Any], model: type[BaseModel]) -> tuple[str, bool]:
    """Turn one pydantic error into contributor words; the flag says 'point at the key'."""
    loc = _clean_loc(error["loc"])
    where = ".".join(str(part) for part in loc)
    kind, value = error["type"], error.get("input")
    if kind == "extra_forbidden":
        meant = _closest_field(model, loc)
        return f"unknown key '{loc[-1]}'" + (f"; did you mean '{meant}'?" if meant else ""), True
    if kind == "missing":
        return f"missing required key '{loc[-1]}'", False
    if kind == "literal_error":
        allowed = error["ctx"]["expected"].replace("'", "")
        choices = [choice.strip() for choice in re.split(r",| or ", allowed) if choice.strip()]
        return f"{where}: '{value}' is not allowed; use one of: {', '.join(choices)}{suggest(str(value), choices)}", False
    if kind == "string_pattern_mismatch":
        pattern = error["ctx"]["pattern"]
        if "a-z0-9" in pattern:
            return f"{where}: '{value}' is not a valid id; ids are lowercase letters, digits and single hyphens, like 'kharkiv-oblast'", False
        if r"\d{4}" in pattern:
            return f"{where}: '{value}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY", False
        return f"{where}: '{value}' does not have the expected form ({pattern})", False
    if kind == "value_error":
        return f"{where}: {error['msg'].removeprefix('Value error, ')}", False
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{where}: {value} is out of range ({error['msg'].lower()})", False
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        return f"{where}: expected a number, like 49.71; got {value!r}", False
    if kind in ("bool_parsing", "bool_type"):
        return f"{where}: expected true or false; got {value!r}", False
    if kind == "list_type":
        return f"{where}: expected a list, like [a, b] or one '- item' per line; got {type(value).__name__} {value!r}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{where}: expected a mapping of 'key: value' lines; got {value!r}", False
    if kind in ("string_type",):
        return f"{where}: expected text; got {type(value).__name__} {value!r} (put it in quotes if it is meant as text)", False
    if kind == "string_too_short":
        return f"{where}: may not be empty", False
    if kind == "too_short":
        return f"{where}: needs at least one entry", False
    return f"{where}: {error['msg']}", False


def _pick_union_branch(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For `date: text | {start, end}` pydantic reports both branches: keep the one the input meant."""
    kept = []
    for error in errors:
        loc = [str(part) for part in error["loc"]]
        if loc and loc[0] == "date" and len(loc) > 1:
            span_branch = "EventDate" in loc[1]
            if span_branch != isinstance(error.get("input"), dict) and not (span_branch and len(loc) > 2):
                continue
        kept.append(error)
    return kept


def validate_model(doc: Document, model: type[BaseModel], problems: list[Problem]) -> BaseModel | None:
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        line, col = doc.locate(())
        problems.append(Problem(doc.path, line, col, "a record is a mapping of 'key: value' lines, not a list or a single value"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors = _pick_union_branch(error.errors())
        misspelt = set()
        for item in errors:
            if item["type"] == "extra_forbidden":
                loc = _clean_loc(item["loc"])
                if meant := _closest_field(model, loc):
                    misspelt.add(loc[:-1] + (meant,))
        for item in errors:
            if item["type"] == "missing" and _clean_loc(item["loc"]) in misspelt:
                continue  # the unknown key's "did you mean" already says it
            message, at_key = _message(item, model)
            loc = _clean_loc(item["loc"])
            if item["type"] == "missing":
                line, col = doc.locate(loc[:-1])
            else:
                line, col = doc.locate(loc, key=at_key)
            problems.append(Problem(doc.path, line, col, message))
    return None


def normalise_for_quote(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[‘’ʼ′`´]", "'", text)
    text = re.sub(r"[“”„«»″]", '"', text)
    text = re.sub(r"[‐‑‒–—]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def validate(content: Content, repo_root: Path | None = None) -> tuple[Archive, list[Problem]]:
    problems = list(content.problems)
    archive = Archive(records={kind: {} for kind in MODELS}, pages=dict(content.pages))
    files: dict[tuple[str, str], RecordFile] = {}

    for kind, records in content.records.items():
        for record_id, record in records.items():
            if not ID_RE.match(record_id):
                problems.append(Problem(record.doc.path, 1, 1, f"file name '{record_id}' is not a valid id{_why_not_id(record_id)}; rename the file to lowercase letters, digits and single hyphens, like '{_slug_hint(record_id)}.yml'"))
                continue
            if isinstance(record.doc.data, dict) and "id" in record.doc.data:
                line, col = record.doc.locate(("id",), key=True)
                problems.append(Problem(record.doc.path, line, col, f"a record's id is its file name ('{record_id}'); remove the 'id' key" + (" or rename the file" if record.doc.data["id"] != record_id else "")))
                record.doc.data = {k: v for k, v in record.doc.data.items() if k != "id"}
            model = validate_model(record.doc, MODELS[kind], problems)
            if model is not None:
                archive.records[kind][record_id] = model
                files[(kind, record_id)] = record

    for article_id, article in content.articles.items():
        if not ID_RE.match(article_id):
            problems.append(Problem(article.doc.path, 1, 1, f"file name '{article_id}' is not a valid id{_why_not_id(article_id)}; rename the file to lowercase letters, digits and single hyphens"))
            continue
        model = validate_model(article.doc, Article, problems)
        if model is not None:
            archive.articles[article_id] = model  # type: ignore[assignment]
            archive.bodies[article_id] = article.body
            _check_raw(content.root, article, model, problems)  # type: ignore[arg-type]

    _check_unique_ids(content, problems)
    _check_placeholders(content, problems)
    _check_hidden_characters(content, problems)
    _check_lookalike_ids(content, problems)
    _check_page_names(content, problems)
    _check_references(content, problems)
    _check_copies(content, archive, problems)
    _check_aliases(archive, files, problems)
    _check_within_cycles(archive, files, problems)
    _check_quotes(archive, files, problems)
    problems = sorted(set(problems))
    return archive, problems


def _why_not_id(value: str) -> str:
    reason = id_characters(value)
    return f" ({reason})" if reason else ""


def _documents(content: Content) -> list[Document]:
    """The YAML of every record and every article's front matter."""
    return [record.doc for records in content.records.values() for record in records.values()] + [article.doc for article in content.articles.values()]


def _check_hidden_characters(content: Content, problems: list[Problem]) -> None:
    """Invisible and bidirectional-control characters can make a record show one thing and
    say another, or two names look the same and differ: refused in every value. Article
    bodies keep the marks right-to-left text needs but not overrides, isolates or NULs."""
    for doc in _documents(content):
        for loc, value in _strings_in(doc.data):
            found = hidden_characters(value)
            if found and "boilerplate" not in loc:
                line, col = doc.locate(loc)
                where = ".".join(str(part) for part in loc)
                problems.append(Problem(doc.path, line, col, f"{where} contains {hidden_summary(value, found)}, which can disguise the text; delete it (retype the value if it was pasted)"))
    for article in content.articles.values():
        for line_number, line in enumerate(article.body.split("\n"), start=article.body_line):
            if match := FORBIDDEN_IN_BODIES.search(line):
                problems.append(Problem(article.doc.path, line_number, match.start() + 1, f"the text contains {describe(match.group(0))}, which can disguise what the report says; delete it"))
                break


def _check_lookalike_ids(content: Content, problems: list[Problem]) -> None:
    """Ids that differ only in look-alike characters (0/o, 1/l, rn/m) pass for each other in review."""
    seen: dict[str, tuple[str, str]] = {}
    files = [(record_id, record.doc.path) for kind in content.records for record_id, record in sorted(content.records[kind].items())]
    files += [(article_id, article.doc.path) for article_id, article in sorted(content.articles.items())]
    for record_id, path in sorted(files, key=lambda item: item[1]):
        key = skeleton(record_id)
        if key in seen and seen[key][0] != record_id:
            other_id, other_path = seen[key]
            problems.append(Problem(path, 1, 1, f"id '{record_id}' looks like '{other_id}' ({other_path}): they differ only in look-alike characters (0/o, 1/l, rn/m, vv/w, cl/d); rename this file"))
        seen.setdefault(key, (record_id, path))


# Pages the build writes itself; a hand-written page of the same name would be lost under them.
# (tests/test_nothing_lost.py checks this list against what the build writes)
GENERATED_PAGES = {"index", "timeline", "map", "records", "data", "feed", "search", "pagefind", "assets", "raw", "sitemap",
                   "events", "places", "people", "organizations", "outlets", "reports"}


def _check_page_names(content: Content, problems: list[Problem]) -> None:
    for name, path in sorted(content.page_paths.items()):
        if not ID_RE.match(name):
            problems.append(Problem(path, 1, 1, f"page name '{name}' is not a valid page name{_why_not_id(name)}; rename the file to lowercase letters, digits and single hyphens, like '{_slug_hint(name)}.md'"))
        elif name in GENERATED_PAGES:
            problems.append(Problem(path, 1, 1, f"the site already has a '{name}' page, which the build writes; rename this file (home.md is the home page's introduction)"))


def _slug_hint(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-record"


def _check_raw(root: Path, article: ArticleFile, model: Article, problems: list[Problem]) -> None:
    line, col = article.doc.locate(("raw",))
    try:
        _check_raw_file(root, article, model, problems, line, col)
    except (OSError, ValueError) as error:  # a NUL in the name, a name too long for the disk...
        problems.append(Problem(article.doc.path, line, col, f"raw '{model.raw[:80]}' cannot be a file name ({getattr(error, 'strerror', None) or error}); write the capture's path, e.g. raw/001_72cb.txt"))


def _check_raw_file(root: Path, article: ArticleFile, model: Article, problems: list[Problem], line: int, col: int) -> None:
    # The folders resolved (each once: a resolve per capture took 1.6 s at 20,000 pages);
    # the capture itself must not be a link, checked below.
    raw_path = resolved_folder((root / model.raw).parent) / Path(model.raw).name
    parts = Path(model.raw).parts
    if Path(model.raw).is_absolute() or ".." in parts or parts[:1] != ("raw",) or not raw_path.is_relative_to(resolved_folder(root / "raw")):
        problems.append(Problem(article.doc.path, line, col, f"raw '{model.raw}' must be a file under raw/ (e.g. raw/{Path(model.raw).name})"))
        return
    if (root / model.raw).is_symlink():
        problems.append(Problem(article.doc.path, line, col, f"raw capture '{model.raw}' is a symbolic link; keep the capture itself in content/raw/"))
        return
    if not raw_path.is_file():
        problems.append(Problem(article.doc.path, line, col, f"raw capture '{model.raw}' does not exist; keep the capture in content/raw/ (chronicle ingest does this)"))
        return
    digest = hashlib.sha256(raw_path.read_bytes()).hexdigest()
    if digest != model.sha256:
        line, col = article.doc.locate(("sha256",))
        problems.append(Problem(article.doc.path, line, col, f"sha256 does not match {model.raw} (its SHA-256 is {digest}); raw captures are never edited: restore the capture, or ingest the new one"))


def _check_copies(content: Content, archive: Archive, problems: list[Problem]) -> None:
    """`copy_of` points at the original: never at itself, and never round in a circle."""
    for article_id, article in sorted(archive.articles.items()):
        if article.copy_of is None:
            continue
        doc = content.articles[article_id].doc
        line, col = doc.locate(("copy_of",))
        if article.copy_of == article_id:
            problems.append(Problem(doc.path, line, col, "copy_of names this article itself; name the article it repeats, or remove the line"))
            continue
        chain = copy_chain(archive.articles, article_id)
        if archive.articles[chain[-1]].copy_of == article_id:
            loop = " -> ".join(chain + [article_id])
            problems.append(Problem(doc.path, line, col, f"copy_of goes round in a circle ({loop}); keep it only on the later report"))


def _check_unique_ids(content: Content, problems: list[Problem]) -> None:
    """Claims name people, organizations and outlets by id alone, so ids are unique across folders."""
    owners: dict[str, str] = {}
    for kind in ("people", "organizations", "outlets", "places", "events"):
        for record_id, record in sorted(content.records[kind].items()):
            if record_id in owners:
                problems.append(Problem(record.doc.path, 1, 1, f"id '{record_id}' is already used by {owners[record_id]}; ids must be unique across records, rename one file"))
            else:
                owners[record_id] = f"content/{kind}/{record_id}.yml"
    for article_id, article in sorted(content.articles.items()):
        if article_id in owners:
            problems.append(Problem(article.doc.path, 1, 1, f"id '{article_id}' is already used by {owners[article_id]}; rename one file"))


def _check_placeholders(content: Content, problems: list[Problem]) -> None:
    """A value starting "TODO" is a placeholder (`chronicle new` writes them): never merged as content."""
    for doc in _documents(content):
        for loc, value in _strings_in(doc.data):
            if value.lstrip().startswith("TODO"):
                line, col = doc.locate(loc)
                where = ".".join(str(part) for part in loc) or "the record"
                shown = value if len(value) <= 60 else value[:59] + "…"
                problems.append(Problem(doc.path, line, col, f"{where} still holds a placeholder ('{shown}'); write the real value, or remove the line if the field is optional"))


def _strings_in(data: Any, loc: tuple[Any, ...] = ()):
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings_in(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings_in(value, loc + (index,))


# Where each record type names other records: (path in the record, folders the id may be in, what it is).
# "*" stands for every item of a list.
REFERENCES: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {
    "places": [(("within",), ("places",), "place")],
    "people": [
        (("country",), ("places",), "place"),
        (("affiliation",), ("organizations",), "organization"),
        (("roles", "*", "organization"), ("organizations",), "organization"),
    ],
    "organizations": [(("country",), ("places",), "place"), (("parent",), ("organizations",), "organization")],
    "outlets": [(("country",), ("places",), "place")],
    "events": [
        (("places", "*"), ("places",), "place"),
        (("people", "*"), ("people",), "person"),
        (("organizations", "*"), ("organizations",), "organization"),
        (("sources", "*"), ("articles",), "article"),
        (("related", "*"), ("events",), "event"),
        (("claims", "*", "by"), ("people", "organizations", "outlets"), "claimant"),
        (("claims", "*", "via"), ("outlets", "organizations"), "outlet or organization"),
        (("claims", "*", "source"), ("articles",), "article"),
    ],
    "articles": [(("outlet",), ("outlets",), "outlet"), (("copy_of",), ("articles",), "article")],
}


def _values_at(data: Any, path: tuple[str, ...], loc: tuple[Any, ...] = ()):
    """Yield (location, value) for every value at `path` in raw YAML data, skipping wrong shapes."""
    if not path:
        yield loc, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _values_at(item, rest, loc + (index,))
    elif isinstance(data, dict) and head in data:
        yield from _values_at(data[head], rest, loc + (head,))


def _check_references(content: Content, problems: list[Problem]) -> None:
    """Runs on the raw data of every parsed file, valid or not, so a schema mistake
    in a record does not hide its unknown ids until the next run."""
    # Files that exist but failed to parse or validate still count as known: their own errors are reported already.
    known = {kind: set(stems) for kind, stems in content.stems.items()}
    documents = [(kind, record_id, record.doc) for kind, records in content.records.items() for record_id, record in records.items()]
    documents += [("articles", article_id, article.doc) for article_id, article in content.articles.items()]
    renamed = _check_redirects(documents, set().union(*known.values()), problems)
    for kind, record_id, doc in sorted(documents, key=lambda item: item[2].path):
        data = doc.data
        if not isinstance(data, dict) or not ID_RE.match(record_id):
            continue
        for path, kinds, what in REFERENCES[kind]:
            for loc, value in _values_at(data, path):
                # Values of the wrong type or form are the model's to report.
                if not isinstance(value, str) or not ID_RE.match(value) or any(value in known.get(k, ()) for k in kinds):
                    continue
                candidates = set().union(*(known.get(k, set()) for k in kinds))
                line, col = doc.locate(loc)
                folders = " or ".join(f"content/{k}/" for k in kinds)
                if value in renamed and renamed[value][0] in kinds:
                    problems.append(Problem(doc.path, line, col, f"{what} '{value}' was renamed to '{renamed[value][1]}'; write '{renamed[value][1]}'"))
                    continue
                problems.append(Problem(doc.path, line, col, f"unknown {what} '{value}'{suggest(value, candidates)} (no such file in {folders})"))
        if kind == "places" and data.get("within") == record_id:
            line, col = doc.locate(("within",))
            problems.append(Problem(doc.path, line, col, "a place cannot lie within itself"))
        if kind == "events":
            related = data.get("related")
            if isinstance(related, list) and record_id in related:
                line, col = doc.locate(("related", related.index(record_id)))
                problems.append(Problem(doc.path, line, col, "an event cannot be related to itself"))
            sources = data.get("sources") if isinstance(data.get("sources"), list) else []
            for loc, source in _values_at(data, ("claims", "*", "source")):
                if isinstance(source, str) and ID_RE.match(source) and source not in sources:
                    line, col = doc.locate(loc)
                    problems.append(Problem(doc.path, line, col, f"claim source '{source}' is not one of the event's sources; add it to 'sources'"))


def _check_redirects(documents: list[tuple[str, str, Any]], live_ids: set[str], problems: list[Problem]) -> dict[str, tuple[str, str]]:
    """Old ids in `redirect_from`: each may name one record only, and never an id in use,
    or an old address would lead two ways. Returns {old id: (kind, new id)}."""
    renamed: dict[str, tuple[str, str]] = {}
    for kind, record_id, doc in sorted(documents, key=lambda item: item[2].path):
        data = doc.data
        if not isinstance(data, dict):
            continue
        for loc, old in _values_at(data, ("redirect_from", "*")):
            if not isinstance(old, str) or not ID_RE.match(old):
                continue  # the model reports the form
            line, col = doc.locate(loc)
            if old in live_ids:
                problems.append(Problem(doc.path, line, col, f"'{old}' is the id of a record that exists; an old id can only be one no file uses any more"))
            elif old in renamed and renamed[old] != (kind, record_id):
                problems.append(Problem(doc.path, line, col, f"old id '{old}' already redirects to '{renamed[old][1]}'; keep it on one record"))
            else:
                renamed[old] = (kind, record_id)
    return renamed


QUALIFIER_HINTS = {
    "places": "add a qualifier, e.g. 'Shevchenko (Donetsk Oblast)'",
    "people": "keep the alias on the person it belongs to, or add a qualifier such as a middle name",
    "organizations": "add a qualifier, e.g. the country",
}


def _check_aliases(archive: Archive, files: dict[tuple[str, str], RecordFile], problems: list[Problem]) -> None:
    """Two places (or two people, or two organizations) answering to the same name cannot be told apart."""
    for kind in ("places", "people", "organizations"):
        owners: dict[str, tuple[str, str]] = {}
        for record_id, model in sorted(archive.records[kind].items()):
            assert isinstance(model, Named)
            doc = files[(kind, record_id)].doc
            for index, label in [(None, model.name)] + list(enumerate(model.aliases)):
                key = normalise_for_quote(label).casefold()
                if key in owners and owners[key][0] != record_id:
                    loc = ("name",) if index is None else ("aliases", index)
                    line, col = doc.locate(loc)
                    other, other_kind = owners[key]
                    problems.append(Problem(doc.path, line, col, f"'{label}' is already the {other_kind} of content/{kind}/{other}.yml; two {kind} cannot share a name or alias ({QUALIFIER_HINTS[kind]})"))
                elif key in owners and index is not None and owners[key][1] == "name":
                    line, col = doc.locate(("aliases", index))
                    problems.append(Problem(doc.path, line, col, f"alias '{label}' repeats the record's own name; remove it"))
                else:
                    owners.setdefault(key, (record_id, "name" if index is None else "alias"))


def _check_within_cycles(archive: Archive, files: dict[tuple[str, str], RecordFile], problems: list[Problem]) -> None:
    places: dict[str, Place] = archive.records["places"]  # type: ignore[assignment]
    reported: set[frozenset[str]] = set()
    for start in sorted(places):
        chain = [start]
        current = places[start].within
        while current in places and current not in chain:
            chain.append(current)
            current = places[current].within
        if current == start and len(chain) > 1 and frozenset(chain) not in reported:
            reported.add(frozenset(chain))
            doc = files[("places", start)].doc
            line, col = doc.locate(("within",))
            loop = " → ".join(chain + [start])
            problems.append(Problem(doc.path, line, col, f"'within' makes a loop: {loop}; a place must lie within a larger one"))


def _check_quotes(archive: Archive, files: dict[tuple[str, str], RecordFile], problems: list[Problem]) -> None:
    normalised = {article_id: normalise_for_quote(unescape_markdown(body)) for article_id, body in archive.bodies.items()}
    for event_id, event in sorted(archive.events.items()):
        doc = files[("events", event_id)].doc
        for index, claim in enumerate(event.claims):
            if claim.quote is None or claim.source not in normalised:
                continue
            quote = normalise_for_quote(claim.quote)
            line, col = doc.locate(("claims", index, "quote"))
            if len(quote) > 2 and quote[0] in "\"'" and quote[-1] in "\"'":
                problems.append(Problem(doc.path, line, col, "leave out the quotation marks around the quote; write only the words between them"))
            elif quote not in normalised[claim.source]:
                problems.append(Problem(doc.path, line, col, f"quote not found in article '{claim.source}'{_closest_passage(quote, normalised[claim.source])}; "
                                        "copy the words exactly as the article prints them (quote marks and spacing may differ), or move it to 'says'"))


def _closest_passage(quote: str, text: str) -> str:
    """Where the article comes closest to a misquote, so a one-word slip is quick to find."""
    match = fuzz.partial_ratio_alignment(quote, text, score_cutoff=70)
    if match is None:
        return ""
    start, end = match.dest_start, match.dest_end
    # Widen to whole words: the alignment may start or stop inside one.
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    passage = text[start:end].strip()
    return f" (closest: '{passage if len(passage) <= 200 else passage[:199] + '…'}')"
