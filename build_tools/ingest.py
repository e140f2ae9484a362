"""From a raw capture to a cleaned article in content/articles/.

`clean_capture` is pure apart from reading the capture; `ingest` keeps the
raw file, writes the article and never overwrites a different one without
--force.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from .capture import Capture, read_capture
from .clean import clean_text, unescape_markdown
from .clean_html import clean_html
from .dates import parse_fuzzy_date
from .duplicates import DuplicateIndex
from .errors import UserError
from .load import load_content
from .mentions import MentionIndex
from .models import WEB_URL_RE, Article, Outlet
from .names import NameCandidate, known_names, unknown_names
from .new_record import slugify
from .validate import Archive, validate, validate_model
from .write import keep_backup, write_bytes_atomic


@dataclass
class CleanedArticle:
    id: str
    front: dict
    body: str
    sources: dict[str, str] = field(default_factory=dict)  # metadata field -> where it came from

    def text(self) -> str:
        front = yaml.safe_dump(self.front, sort_keys=False, allow_unicode=True, width=100000)
        return f"---\n{front}---\n\n{self.body}"


def load_outlets(content_dir: Path) -> dict[str, Outlet]:
    content = load_content(content_dir)
    outlets: dict[str, Outlet] = {}
    for outlet_id, record in content.records["outlets"].items():
        model = validate_model(record.doc, Outlet, [])
        if model is not None:
            outlets[outlet_id] = model  # type: ignore[assignment]
    return outlets


def pick_outlet(text: str, outlets: dict[str, Outlet]) -> str | None:
    """The outlet whose `recognize` patterns match the capture most often."""
    scores = []
    for outlet_id, outlet in sorted(outlets.items()):
        hits = sum(len(re.findall(pattern, text, flags=re.IGNORECASE | re.MULTILINE)) for pattern in outlet.recognize)
        if hits:
            scores.append((hits, outlet_id))
    return max(scores)[1] if scores else None


_LANGUAGE_WORDS = {
    "en": frozenset({"the", "and", "of", "to", "in", "that", "is", "for"}),
    "sr": frozenset({"je", "i", "u", "da", "na", "se", "su", "za"}),
    "de": frozenset({"der", "die", "und", "das", "nicht", "ist", "mit", "den"}),
    "fr": frozenset({"le", "la", "les", "et", "des", "est", "une", "dans"}),
    "it": frozenset({"il", "di", "che", "e", "la", "per", "una", "sono"}),
    "pt": frozenset({"de", "que", "não", "uma", "os", "para", "com", "em"}),
    "es": frozenset({"el", "la", "que", "y", "los", "del", "las", "por"}),
}


def detect_language(text: str) -> tuple[str | None, str]:
    """(ISO 639-1 code or None, why): the script first, then the commonest short words."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 40:
        return None, "too little text to tell"
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    if cyrillic > len(letters) / 2:
        if re.search(r"[іїєґ]", text, re.IGNORECASE):
            return "uk", "Cyrillic with і/ї/є/ґ"
        if re.search(r"[ђћџљњј]", text, re.IGNORECASE):
            return "sr", "Cyrillic with ђ/ћ/џ/љ/њ/ј"
        if re.search(r"[ыэъё]", text, re.IGNORECASE):
            return "ru", "Cyrillic with ы/э/ъ/ё"
        return None, "Cyrillic, but no letter that tells Ukrainian, Russian or Serbian apart"
    tokens = re.findall(r"\w+", text.casefold())
    counts = {code: sum(1 for token in tokens if token in stopwords) for code, stopwords in _LANGUAGE_WORDS.items()}
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    (best, hits), (_, runner_up) = ranked[0], ranked[1]
    # Short function words are shared between languages; demand a clear lead.
    if hits < 5 or hits < 1.5 * runner_up:
        return None, "its commonest words fit no one language clearly"
    return best, f"{hits} of its commonest words are {best}"


@dataclass
class Guess:
    value: object
    source: str


def _outlet_by_name(name: str | None, outlets: dict[str, Outlet]) -> str | None:
    if not name:
        return None
    wanted = name.casefold().removeprefix("the ").strip()
    for outlet_id, outlet in sorted(outlets.items()):
        names = [outlet.name, *outlet.aliases]
        if any(wanted == n.casefold().removeprefix("the ").strip() for n in names):
            return outlet_id
    return None


def clean_capture(
    capture: Capture,
    outlets: dict[str, Outlet],
    *,
    outlet_id: str | None = None,
    date: str | None = None,
    url: str | None = None,
    title: str | None = None,
    article_id: str | None = None,
    authors: list[str] | None = None,
    language: str | None = None,
) -> CleanedArticle:
    """Clean one capture and settle its metadata, each field with where it came from.

    A field the capture does not state and no option gives is refused, never invented.
    """
    path = capture.path
    known = ", ".join(sorted(outlets)) or "none yet"
    if outlet_id is not None and outlet_id not in outlets:
        raise UserError(f"{path}: unknown outlet '{outlet_id}' (known: {known}); add content/outlets/{outlet_id}.yml first")
    outlet_source = "--outlet"
    if outlet_id is None and (outlet_id := pick_outlet(capture.text, outlets)):
        outlet_source = "the outlet's recognize patterns match the capture"
    outlet = outlets.get(outlet_id) if outlet_id else None
    locale = outlet.language if outlet else None
    names = [o.name for o in outlets.values()] + [f"The {o.name}" for o in outlets.values()]
    boilerplate = outlet.boilerplate if outlet else []
    if capture.is_html:
        cleaned = clean_html(capture.text, boilerplate, names)
    else:
        cleaned = clean_text(capture.text, boilerplate, names, locale=locale)
    if outlet_id is None and (outlet_id := _outlet_by_name(cleaned.outlet, outlets)):
        outlet_source = f"the page names its publisher '{cleaned.outlet}' ({cleaned.sources['outlet']})"
    if outlet_id is None:
        named = f"the page names its publisher '{cleaned.outlet}', which no outlet record has as its name; " if cleaned.outlet else "cannot tell which outlet published this capture; "
        raise UserError(f"{path}: {named}pass --outlet ID (known: {known}) or add the outlet in content/outlets/")
    outlet = outlets[outlet_id]

    guesses: dict[str, Guess] = {"outlet": Guess(outlet_id, outlet_source)}
    if date is not None:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise UserError(f"--date: '{date}' is not a day; give the day of publication as YYYY-MM-DD")
        try:
            parse_fuzzy_date(date)
        except ValueError as error:
            raise UserError(f"--date: {error}") from None
        guesses["date"] = Guess(date, "--date")
    elif cleaned.date:
        guesses["date"] = Guess(cleaned.date, cleaned.sources.get("date", "the capture"))
    elif cleaned.ambiguous_date:
        raise UserError(
            f"{path}: the capture's date '{cleaned.ambiguous_date}' could be read day-first or month-first; pass --date YYYY-MM-DD"
        )
    else:
        raise UserError(f"{path}: no publication date found in the capture; pass --date YYYY-MM-DD")

    if title:
        guesses["title"] = Guess(title, "--title")
    elif cleaned.title:
        guesses["title"] = Guess(cleaned.title, cleaned.sources.get("title", "the capture"))
    else:
        raise UserError(f"{path}: no headline found in the capture; pass --title \"...\"")
    if not cleaned.blocks:
        raise UserError(f"{path}: no article text found in the capture; check that it is the page of a report")
    if url is not None and not WEB_URL_RE.match(url):
        raise UserError(f"--url: '{url}' must be an http:// or https:// URL")

    if authors:
        guesses["authors"] = Guess(list(authors), "--author")
    elif cleaned.authors:
        guesses["authors"] = Guess(cleaned.authors, cleaned.sources.get("authors", "the capture"))
    else:
        guesses["authors"] = Guess([], "no byline found (pass --author NAME if the report is signed)")

    if language is not None:
        if not re.fullmatch(r"[a-z]{2}", language):
            raise UserError(f"--language: '{language}' is not an ISO 639-1 code; give two lowercase letters such as en, uk, ru, sr")
        guesses["language"] = Guess(language, "--language")
    else:
        detected, why = detect_language(cleaned.body)
        if detected:
            guesses["language"] = Guess(detected, f"detected from the text: {why}")
        elif cleaned.language and re.fullmatch(r"[a-z]{2}", cleaned.language):
            guesses["language"] = Guess(cleaned.language, cleaned.sources.get("language", "the page"))
        elif outlet.language:
            guesses["language"] = Guess(outlet.language, f"the language of outlet '{outlet_id}' (the text alone does not tell: {why})")
        else:
            raise UserError(f"{path}: cannot tell the report's language ({why}); pass --language CODE (en, uk, ru, sr...)")

    chosen_title = str(guesses["title"].value)
    article_date = str(guesses["date"].value)
    article_id = article_id or f"{outlet_id}-{article_date}-{slugify(chosen_title)}"
    front = {
        "title": chosen_title,
        "outlet": outlet_id,
        "date": article_date,
        "authors": guesses["authors"].value,
        "language": guesses["language"].value,
        **({"url": url} if url else {}),
        "raw": f"raw/{path.name}",
        "sha256": capture.sha256,
        **({"captions": cleaned.captions} if cleaned.captions else {}),
        **({"notes": cleaned.notes} if cleaned.notes else {}),
    }
    return CleanedArticle(article_id, front, cleaned.body, {name: guess.source for name, guess in guesses.items()})


@dataclass
class Duplicate:
    article_id: str
    relation: str  # what the new report is to it: "same text", "contained in", "contains it"
    share_of_new: float  # of the new report's text found in it
    share_of_old: float


@dataclass
class IngestReport:
    article_id: str
    path: Path
    status: str  # written | unchanged
    sources: dict[str, str]  # metadata field -> where it came from
    front: dict
    mentions: dict[str, list[str]]
    unknown_names: list[NameCandidate]
    duplicates: list[Duplicate]

    def as_json(self) -> dict:
        return {
            "article": self.article_id,
            "path": self.path.as_posix(),
            "status": self.status,
            "metadata": {name: {"value": self.front.get(name), "source": source} for name, source in self.sources.items()},
            **self.mentions,
            "unknown_names": [asdict(candidate) for candidate in self.unknown_names],
            "duplicates": [asdict(duplicate) for duplicate in self.duplicates],
            **({"copy_of": self.front["copy_of"]} if "copy_of" in self.front else {}),
        }


def related_events(archive, article_id: str, published: str, places: list[str], days: int = 3) -> list[str]:
    """Events that cite the article, or happened at a place it mentions within a few days of it."""
    day = parse_fuzzy_date(published).first
    found = []
    for event_id, event in sorted(archive.events.items()):
        first, last = event.span()
        near = first.first - dt.timedelta(days=days) <= day <= last.last + dt.timedelta(days=days)
        if article_id in event.sources or (near and set(event.places) & set(places)):
            found.append(event_id)
    return found


# A report is recorded as a copy when most of its text is another's: a wire story carried
# again, or a story a digest already ran. A digest that merely contains a story is not.
COPY_SHARE = 0.8


def find_duplicates(index: DuplicateIndex, body: str) -> list[Duplicate]:
    return [
        Duplicate(match.article_id, match.relation, round(match.overlap.containment_a, 3), round(match.overlap.containment_b, 3))
        for match in index.find(body)
    ]


def copy_of(duplicates: list[Duplicate], articles: dict[str, Article], article_id: str) -> str | None:
    for duplicate in duplicates:
        other = articles.get(duplicate.article_id)
        if duplicate.share_of_new >= COPY_SHARE and not (other is not None and other.copy_of == article_id):
            return duplicate.article_id
    return None


def plan(paths: list[Path], content_dir: Path, *, html: bool | None = None, **options) -> tuple[Archive, list[tuple[Capture, CleanedArticle, list[Duplicate]]]]:
    """Clean every capture and find what each repeats, without writing anything."""
    archive, _problems = validate(load_content(content_dir))
    outlets: dict[str, Outlet] = archive.records["outlets"]  # type: ignore[assignment]
    planned = []
    index = DuplicateIndex(archive.bodies)
    owner_of_raw = {article.raw: article_id for article_id, article in archive.articles.items()}
    for path in paths:
        capture = read_capture(path, html=html)
        article = clean_capture(capture, outlets, **options)
        # A capture ingested again is not a copy of its own earlier article.
        itself = {article.id, owner_of_raw.get(article.front["raw"])}
        duplicates = [d for d in find_duplicates(index, article.body) if d.article_id not in itself]
        if original := copy_of(duplicates, archive.articles, article.id):
            article.front["copy_of"] = original
        if article.id not in index:
            index.add(article.id, article.body)  # later captures of this run are compared with it too
        planned.append((capture, article, duplicates))
    return archive, planned


def _targets(content_dir: Path, capture: Capture, article: CleanedArticle) -> tuple[Path, Path]:
    """Where the raw capture and the cleaned article go."""
    return content_dir / "raw" / capture.path.name, content_dir / "articles" / f"{article.id}.md"


def ingest(paths: list[Path], content_dir: Path, *, force: bool = False, html: bool | None = None, **options) -> list[IngestReport]:
    """Clean each capture, keep the raw file, write the article. Checks all before writing any."""
    archive, planned = plan(paths, content_dir, html=html, **options)
    for capture, article, _duplicates in planned:
        raw_target, article_target = _targets(content_dir, capture, article)
        if raw_target.exists() and raw_target.read_bytes() != capture.data and not force:
            raise UserError(f"{capture.path}: {raw_target} already holds a different capture; rename the file, or pass --force to replace it")
        if article_target.exists() and article_target.read_text(encoding="utf-8") != article.text() and not force:
            raise UserError(f"{capture.path}: {article_target} exists and differs (edited by hand?); pass --force to replace it (a .bak copy is kept)")

    index = MentionIndex.from_records(archive.records)  # type: ignore[arg-type]
    names_index = known_names(archive.records)  # outlets too: "Reuters reported" is no missing record
    reports = []
    for capture, article, duplicates in planned:
        raw_target, article_target = _targets(content_dir, capture, article)
        raw_target.parent.mkdir(parents=True, exist_ok=True)
        if not raw_target.exists() or raw_target.read_bytes() != capture.data:
            if raw_target.exists():
                keep_backup(raw_target)
            write_bytes_atomic(raw_target, capture.data)
        status = "unchanged"
        if not article_target.exists() or article_target.read_text(encoding="utf-8") != article.text():
            if article_target.exists():
                keep_backup(article_target)
            write_bytes_atomic(article_target, article.text().encode("utf-8"))
            status = "written"
        text = unescape_markdown(article.body)
        mentions = index.find(text)
        mentions["events"] = related_events(archive, article.id, article.front["date"], mentions["places"])
        reports.append(IngestReport(article.id, article_target, status, article.sources, article.front, mentions, unknown_names(text, names_index), duplicates))
    return reports
