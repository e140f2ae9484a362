"""The `chronicle` command: thin wrappers over the pipeline.

Exit codes: 0 success, 1 invalid content or input, 2 usage error. Errors go to
stderr as sentences, never as tracebacks.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from . import new_record, pipeline
from .dates import parse_fuzzy_date
from .errors import UsageError, UserError
from .models import EVENT_KINDS, ID_RE, ORGANIZATION_KINDS, PLACE_KINDS, SCHEMA_NAMES
from .validate import suggest
from .write import write_bytes_atomic, write_new_atomic

# Each command imports what only it needs (cleaning captures brings in trafilatura,
# building brings in MkDocs): `chronicle generate` and `validate` start 0.5 s sooner.

DEFAULT_CONTENT = Path("content")
DEFAULT_DOCS = Path("build/docs")
DEFAULT_SITE = Path("site")
DEFAULT_CONFIG = Path("mkdocs.yml")


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="chronicle", description="Build a cross-linked news archive from captured reports and YAML records.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True

    clean = commands.add_parser("clean", help="print one cleaned article for a raw capture", description="Clean one raw capture (a page's text, or its saved HTML) and print the article: front matter and Markdown body. Where each piece of metadata came from goes to standard error.")
    clean.add_argument("file", type=Path, metavar="FILE", help="the raw capture (.txt, or .html/.htm)")
    clean.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the article to OUT instead of standard output")
    _capture_options(clean)

    ingest_cmd = commands.add_parser("ingest", help="clean captures into content/articles/", description="Clean captures into content/articles/, keep each raw file in content/raw/, and list the places, people and organizations each report mentions.")
    ingest_cmd.add_argument("files", type=Path, nargs="+", metavar="FILE", help="raw captures")
    ingest_cmd.add_argument("--force", action="store_true", help="replace an existing article that differs (a .bak copy is kept)")
    ingest_cmd.add_argument("--json", action="store_true", help="print the reports as JSON, for tools")
    _capture_options(ingest_cmd)

    validate = commands.add_parser(
        "validate", help="check every record",
        description="Check every record and article; print one `path:line:col: error: message` line per problem. "
        "With --base, also say what the content adds, changes and removes compared with that branch. "
        "Under GitHub Actions (GITHUB_ACTIONS=true) each problem is also printed as an annotation on its line, "
        "and a Markdown summary goes to $GITHUB_STEP_SUMMARY.")
    _content_option(validate)
    validate.add_argument("--base", metavar="REF", help="a branch or commit to compare with, e.g. origin/main (default under GitHub Actions: the pull request's base branch)")

    generate = commands.add_parser("generate", help="write the Markdown pages", description="Validate, then write the site's Markdown pages.")
    _content_option(generate)
    generate.add_argument("--out", type=Path, default=DEFAULT_DOCS, metavar="DIR", help=f"where to write the pages (default: {DEFAULT_DOCS})")

    build = commands.add_parser("build", help="validate, generate and run mkdocs build --strict", description="Validate, generate the pages and build the site with `mkdocs build --strict`. A failed build leaves the previous site in place.")
    _content_option(build)
    build.add_argument("--site", type=Path, default=DEFAULT_SITE, metavar="DIR", help=f"where to write the site (default: {DEFAULT_SITE})")
    build.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="FILE", help="the MkDocs configuration (default: mkdocs.yml)")

    serve = commands.add_parser("serve", help="live preview that follows edits in content/", description="Generate the pages, serve the site with live reload, and regenerate whenever content/ or the templates change.")
    _content_option(serve)
    serve.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="FILE", help="the MkDocs configuration (default: mkdocs.yml)")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="address to serve on (default: 127.0.0.1:8000)")

    new = commands.add_parser(
        "new", help="write a skeleton record to fill in",
        description="Write content/<folder>/<id>.yml for a new record: the schema line, the id from the title "
        "(date first for events), what is known as values (for an event, a first summary naming the report), "
        "and optional fields as explained comments. The record is valid as written. Never overwrites a file.")
    new.add_argument("record", choices=sorted(new_record.FOLDERS), metavar="TYPE", help="event, place, person, organization or outlet")
    new.add_argument("title", metavar="TITLE", help="an event's one-line title, or the name of a place, person, organization or outlet")
    _content_option(new)
    new.add_argument("--from-article", metavar="ID", help="event: prefill the date, places, people, organizations and source from what ingest recognises in this article")
    new.add_argument("--date", metavar="YYYY-MM-DD", help="event: when it happened (YYYY-MM or YYYY when only that is known); default: the article's date")
    new.add_argument("--kind", metavar="KIND", help="event, place or organization: what sort it is (the error lists the choices)")
    new.add_argument("--source", action="append", default=[], metavar="ID", help="event: an article that reports it (repeat for several)")
    new.add_argument("--summary", metavar="TEXT", help="event: the summary (default: which report tells of it, to rewrite)")
    new.add_argument("--within", metavar="ID", help="place: the place it lies in")
    new.add_argument("--country", metavar="ID", help="person, organization or outlet: its country")
    new.add_argument("--language", metavar="CODE", help="outlet: the ISO 639-1 code of its language")
    new.add_argument("--id", dest="record_id", metavar="ID", help="the id (file name) to use instead of the one made from the title")

    schema = commands.add_parser("schema", help="regenerate schemas/*.json from the models", description="Write the JSON Schemas editors use to schemas/.")
    schema.add_argument("--out", type=Path, default=Path("schemas"), metavar="DIR", help="where to write them (default: schemas)")
    schema.add_argument("--check", action="store_true", help="exit 1 if the files on disk differ from the models, without writing")
    return parser


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR", help=f"the content folder (default: {DEFAULT_CONTENT})")


def _capture_options(parser: argparse.ArgumentParser) -> None:
    _content_option(parser)
    parser.add_argument("--outlet", metavar="ID", help="the outlet's id, when the capture does not make it clear")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the publication date, when the capture has none")
    parser.add_argument("--url", metavar="URL", help="where the report was published")
    parser.add_argument("--title", metavar="TEXT", help="the headline, when the capture's first lines are not it")
    parser.add_argument("--id", dest="article_id", metavar="ID", help="the article id (default: outlet-date-headline)")
    parser.add_argument("--author", dest="authors", action="append", metavar="NAME", help="an author, when the capture has no byline (repeat for several)")
    parser.add_argument("--language", metavar="CODE", help="the ISO 639-1 language code, when ingest cannot tell it")
    parser.add_argument("--html", action="store_true", default=None, help="treat the capture as saved HTML (default: .html/.htm files and files that start like a page)")


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as done:  # --help prints and exits 0
            return int(done.code or 0)
        return COMMANDS[args.command](args)
    except pipeline.InvalidContent as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"chronicle: {error}", file=sys.stderr)
        return 1
    except UserError as error:
        print(f"chronicle: error: {error}", file=sys.stderr)
        return error.exit_code
    except OSError as error:
        # A path the user gave cannot be written or read (a file where a folder should be, no permission).
        where = error.filename or "a file"
        print(f"chronicle: error: {where}: {error.strerror or error}; check the path you gave", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("chronicle: interrupted", file=sys.stderr)
        return 130


def _check_id_option(value: str | None) -> None:
    if value is not None and not ID_RE.match(value):
        raise UsageError(f"--id '{value}' is not a valid id; use lowercase letters, digits and single hyphens")


def _capture_kwargs(args: argparse.Namespace) -> dict:
    _check_id_option(args.article_id)
    return {"outlet_id": args.outlet, "date": args.date, "url": args.url, "title": args.title, "article_id": args.article_id,
            "authors": args.authors, "language": args.language}


def cmd_clean(args: argparse.Namespace) -> int:
    from .capture import read_capture
    from .ingest import clean_capture, load_outlets

    pipeline.check_content_dir(args.content)
    article = clean_capture(read_capture(args.file, html=args.html), load_outlets(args.content), **_capture_kwargs(args))
    if args.output:
        write_bytes_atomic(args.output, article.text().encode("utf-8"))
    else:
        sys.stdout.write(article.text())
        sys.stdout.flush()
    for name, source in article.sources.items():
        print(f"{name}: {_shown(article.front, name)} ({source})", file=sys.stderr)
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _shown(front: dict, name: str) -> str:
    value = front.get(name)
    if isinstance(value, list):
        return ", ".join(value) or "none"
    return str(value)


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest

    pipeline.check_content_dir(args.content)
    reports = ingest(args.files, args.content, force=args.force, html=args.html, **_capture_kwargs(args))
    if args.json:
        print(json.dumps([report.as_json() for report in reports], ensure_ascii=False, indent=2))
        return 0
    for report in reports:
        print(f"{report.status}: {report.path}")
        for name, source in report.sources.items():
            print(f"  {name}: {_shown(report.front, name)} ({source})")
        for kind, ids in report.mentions.items():
            if ids:
                print(f"  {kind}: {', '.join(ids)}")
        for duplicate in report.duplicates:
            recorded = " (recorded as copy_of)" if report.front.get("copy_of") == duplicate.article_id else ""
            print(f"  {_DUPLICATE_LABELS[duplicate.relation]}: {duplicate.article_id}, "
                  f"{duplicate.share_of_new:.0%} of this report's text is in it, {duplicate.share_of_old:.0%} of its text is in this one{recorded}")
        if report.unknown_names:
            names = "; ".join(f"{c.name} ({c.kind}, {c.cue})" for c in report.unknown_names[:12])
            print(f"  names with no record: {names}")
    return 0


_DUPLICATE_LABELS = {"same text": "near-duplicate of", "contained in": "near-duplicate of", "contains it": "contains most of"}


def cmd_validate(args: argparse.Namespace) -> int:
    from .changes import compare, load_base
    from .github_report import (
        annotation,
        changes_markdown,
        problems_markdown,
        valid_markdown,
    )

    archive, problems = pipeline.load_and_validate(args.content)
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    if problems:
        if in_actions:
            for problem in problems:
                print(annotation(problem))
            _append_step_summary(problems_markdown(problems, _blob_url()))
        raise pipeline.InvalidContent(problems)
    base = args.base or (f"origin/{os.environ['GITHUB_BASE_REF']}" if in_actions and os.environ.get("GITHUB_BASE_REF") else None)
    changes, comparison_error = None, ""
    if base:
        try:
            changes = compare(load_base(args.content, base), archive, base)
        except UserError as error:
            if args.base:
                raise
            comparison_error = str(error)  # the check itself passed; say why there is no comparison
    counts = {kind: len(records) for kind, records in archive.records.items()} | {"articles": len(archive.articles)}
    if in_actions:
        _append_step_summary(valid_markdown(counts, changes, comparison_error))
    elif changes is not None:
        print("\n".join(changes_markdown(changes)).rstrip())
    print(f"{args.content}: valid", file=sys.stderr)
    return 0


def _append_step_summary(markdown: str) -> None:
    """GitHub renders the file named by GITHUB_STEP_SUMMARY on the run's page; each step appends to its own."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as stream:
        stream.write(markdown)


def _blob_url() -> str:
    """Links from the summary to the lines of the checked-out commit, when GitHub says where that is."""
    server, repository, sha = (os.environ.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    return f"{server}/{repository}/blob/{sha}/" if server and repository and sha else ""


def cmd_generate(args: argparse.Namespace) -> int:
    written, removed = pipeline.generate(args.content, args.out)
    print(f"generated {args.out}: {len(written)} pages written, {len(removed)} removed", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .search_index import read_stats

    result = pipeline.build(args.content, args.site, args.config, DEFAULT_DOCS)
    changed = f"{result.pages_written} Markdown pages changed" if result.pages_written else "no Markdown page changed since the last generate"
    search = read_stats(result.site_dir)
    print(f"built {args.site} ({changed}{f'; {search}' if search else ''}; {result.timings()})", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .preview import serve

    serve(args.content, args.config, DEFAULT_DOCS, args.dev_addr)
    return 0


_APPLIES_TO = {
    "from_article": {"event"}, "date": {"event"}, "source": {"event"}, "summary": {"event"},
    "kind": {"event", "place", "organization"}, "within": {"place"}, "country": {"person", "organization", "outlet"}, "language": {"outlet"},
}
_KINDS = {"event": EVENT_KINDS, "place": PLACE_KINDS, "organization": ORGANIZATION_KINDS}


def cmd_new(args: argparse.Namespace) -> int:
    record = args.record
    for option, records in _APPLIES_TO.items():
        if getattr(args, option) not in (None, []) and record not in records:
            raise UsageError(f"--{option.replace('_', '-')} does not apply to a new {record}")
    if not args.title.strip():
        raise UsageError("the title is empty; give the event's title or the record's name in quotes")
    if record in _KINDS and args.kind not in _KINDS[record]:
        given = f"'{args.kind}' is not {'an' if record[0] in 'aeiou' else 'a'} {record} kind; " if args.kind else ""
        raise UsageError(f"{given}pass --kind with one of: {', '.join(_KINDS[record])} (other when none fits)")
    if record == "outlet" and not (args.language and re.fullmatch(r"[a-z]{2}", args.language)):
        raise UsageError("pass --language with the outlet's two-letter ISO 639-1 code, e.g. --language en")
    archive, _problems = pipeline.load_and_validate(args.content)  # other files' problems are not this command's
    known = {record_id for records in archive.records.values() for record_id in records} | set(archive.articles)

    def require(record_id: str | None, kind: str, option: str) -> None:
        existing = archive.articles if kind == "articles" else archive.records[kind]
        if record_id is not None and record_id not in existing:
            raise UserError(f"{option} '{record_id}': no such {SCHEMA_NAMES.get(kind, 'article')} in {args.content}/{kind}/{suggest(record_id, set(existing))}")

    if record == "event":
        prefill = None
        for source in [args.from_article, *args.source]:
            require(source, "articles", "--from-article" if source == args.from_article else "--source")
        if args.from_article:
            prefill = new_record.prefill_from_article(archive, args.from_article)
        sources = list(dict.fromkeys([*([args.from_article] if args.from_article else []), *args.source]))
        if not sources:
            raise UsageError("an event needs a source report: pass --from-article ID (or --source ID) with an article id from content/articles/")
        date = args.date or (archive.articles[args.from_article].date if args.from_article else None)
        if not date:
            raise UsageError("pass --date YYYY-MM-DD (or YYYY-MM / YYYY when only that is known)")
        try:
            parse_fuzzy_date(date)
        except ValueError as error:
            raise UsageError(f"--date '{date}': {error}") from None
        record_id = args.record_id or new_record.new_id(record, args.title, date)
        if args.summary:
            summary = " ".join(args.summary.split())
        else:
            report = archive.articles[sources[0]]
            outlet = archive.records["outlets"].get(report.outlet)
            summary = new_record.first_summary(outlet.name if outlet else report.outlet, parse_fuzzy_date(report.date).display(), report.title)
        text = new_record.event_skeleton(args.title.strip(), date, args.kind, sources, summary, prefill)
    else:
        require(args.within, "places", "--within")
        require(args.country, "places", "--country")
        record_id = args.record_id or new_record.new_id(record, args.title)
        name = args.title.strip()
        text = {
            "place": lambda: new_record.place_skeleton(name, args.kind, args.within),
            "person": lambda: new_record.person_skeleton(name, args.country),
            "organization": lambda: new_record.organization_skeleton(name, args.kind, args.country),
            "outlet": lambda: new_record.outlet_skeleton(name, args.language, args.country),
        }[record]()
    _check_id_option(record_id)  # an id made from a title always passes; one given with --id may not
    path = args.content / new_record.FOLDERS[record] / f"{record_id}.yml"
    if record_id in known or path.exists():
        raise UserError(f"{path}: '{record_id}' already exists; edit that record, or pass --id with another id")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_new_atomic(path, text.encode("utf-8"))  # never replaces a file, even one written a moment ago
    except FileExistsError:
        raise UserError(f"{path}: already exists; edit that record, or pass --id with another id") from None
    print(f"wrote {path}", file=sys.stderr)
    _archive, problems = pipeline.load_and_validate(args.content)
    shown = path.resolve()
    left = [problem for problem in problems if (Path.cwd() / problem.path).resolve() == shown]
    if left:
        print("problems in it (chronicle validate reports these until they are fixed):", file=sys.stderr)
        for problem in left:
            print(f"  {problem}", file=sys.stderr)
    else:
        print(f"{path} is valid; now fill it in (each field's comment says what it takes), then run `chronicle validate`", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    schemas = pipeline.schemas()
    if args.check:
        stale = [name for name, text in schemas.items() if not (args.out / name).is_file() or (args.out / name).read_text(encoding="utf-8") != text]
        if stale:
            print(f"chronicle: error: {', '.join(str(args.out / name) for name in stale)}: out of date with the models; run `chronicle schema`", file=sys.stderr)
            return 1
        print(f"{args.out}: up to date", file=sys.stderr)
        return 0
    for name, text in schemas.items():
        write_bytes_atomic(args.out / name, text.encode("utf-8"))
    print(f"wrote {len(schemas)} schemas to {args.out}", file=sys.stderr)
    return 0


COMMANDS = {
    "clean": cmd_clean,
    "ingest": cmd_ingest,
    "validate": cmd_validate,
    "generate": cmd_generate,
    "build": cmd_build,
    "serve": cmd_serve,
    "new": cmd_new,
    "schema": cmd_schema,
}


def run() -> None:
    sys.exit(main())


