"""From a raw capture to a cleaned article in content/articles/.

`clean_capture` is pure apart from reading the capture; `ingest` keeps the
raw file, writes the article and never overwrites a different one without
--force.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .capture import Capture, read_capture
from .clean import clean_text
from .dates import parse_fuzzy_date
from .errors import UserError
from .load import load_content
from .mentions import MentionIndex
from .models import WEB_URL_RE, Outlet
from .validate import validate, validate_model
from .write import write_bytes_atomic


@dataclass
class CleanedArticle:
    id: str
    front: dict
    body: str

    def text(self) -> str:
        front = yaml.safe_dump(self.front, sort_keys=False, allow_unicode=True, width=100000)
        return f"---\n{front}---\n\n{self.body}"


def slugify(text: str, limit: int = 50) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w]
    if words and words[0] in ("the", "a", "an") and len(words) > 1:
        words = words[1:]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit and slug:
            break
        slug = candidate
    return slug[:limit].strip("-") or "untitled"


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


def detect_language(text: str) -> str:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "en"
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    if cyrillic > len(letters) / 2:
        if re.search(r"[іїєґ]", text, re.IGNORECASE):
            return "uk"
        return "ru"
    lowered = f" {text.lower()} "
    english = sum(lowered.count(f" {w} ") for w in ("the", "and", "of", "to", "in", "that"))
    south_slavic = sum(lowered.count(f" {w} ") for w in ("je", "i", "u", "da", "na", "se", "su"))
    german = sum(lowered.count(f" {w} ") for w in ("der", "die", "und", "das", "nicht", "ist"))
    best = max((english, "en"), (south_slavic, "sr"), (german, "de"))
    return best[1] if best[0] else "en"


def clean_capture(
    capture: Capture,
    outlets: dict[str, Outlet],
    *,
    outlet_id: str | None = None,
    date: str | None = None,
    url: str | None = None,
    title: str | None = None,
    article_id: str | None = None,
) -> CleanedArticle:
    path = capture.path
    if outlet_id is not None and outlet_id not in outlets:
        known = ", ".join(sorted(outlets)) or "none yet"
        raise UserError(f"{path}: unknown outlet '{outlet_id}' (known: {known}); add content/outlets/{outlet_id}.yml first")
    outlet_id = outlet_id or pick_outlet(capture.text, outlets)
    if outlet_id is None:
        known = ", ".join(sorted(outlets)) or "none yet"
        raise UserError(f"{path}: cannot tell which outlet published this capture; pass --outlet ID (known: {known})")
    outlet = outlets[outlet_id]
    names = [o.name for o in outlets.values()] + [f"The {o.name}" for o in outlets.values()]
    cleaned = clean_text(capture.text, boilerplate=outlet.boilerplate, known_outlet_names=names)

    if date is not None:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise UserError(f"--date: '{date}' is not a day; give the day of publication as YYYY-MM-DD")
        try:
            parse_fuzzy_date(date)
        except ValueError as error:
            raise UserError(f"--date: {error}") from None
        cleaned.date = date
    if not cleaned.date:
        raise UserError(f"{path}: no publication date found in the capture; pass --date YYYY-MM-DD")
    title = title or cleaned.title
    if not title:
        raise UserError(f"{path}: no headline found in the capture; pass --title \"...\"")
    if not cleaned.blocks:
        raise UserError(f"{path}: no article text found in the capture; check that it is the page of a report")
    if url is not None and not WEB_URL_RE.match(url):
        raise UserError(f"--url: '{url}' must be an http:// or https:// URL")

    article_id = article_id or f"{outlet_id}-{cleaned.date}-{slugify(title)}"
    front = {
        "title": title,
        "outlet": outlet_id,
        "date": cleaned.date,
        "authors": cleaned.authors,
        "language": detect_language(cleaned.body),
        **({"url": url} if url else {}),
        "raw": f"raw/{path.name}",
        "sha256": capture.sha256,
        **({"captions": cleaned.captions} if cleaned.captions else {}),
        **({"notes": cleaned.notes} if cleaned.notes else {}),
    }
    return CleanedArticle(article_id, front, cleaned.body)


@dataclass
class IngestReport:
    article_id: str
    path: Path
    status: str  # written | unchanged
    mentions: dict[str, list[str]]


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


def ingest(paths: list[Path], content_dir: Path, *, force: bool = False, **options) -> list[IngestReport]:
    """Clean each capture, keep the raw file, write the article. Checks all before writing any."""
    archive, _problems = validate(load_content(content_dir))
    outlets: dict[str, Outlet] = archive.records["outlets"]  # type: ignore[assignment]
    planned: list[tuple[Capture, CleanedArticle, Path, Path]] = []
    for path in paths:
        capture = read_capture(path)
        article = clean_capture(capture, outlets, **options)
        raw_target = content_dir / "raw" / path.name
        article_target = content_dir / "articles" / f"{article.id}.md"
        if raw_target.exists() and raw_target.read_bytes() != capture.data and not force:
            raise UserError(f"{path}: {raw_target} already holds a different capture; rename the file, or pass --force to replace it")
        if article_target.exists() and article_target.read_text(encoding="utf-8") != article.text() and not force:
            raise UserError(f"{path}: {article_target} exists and differs (edited by hand?); pass --force to replace it (a .bak copy is kept)")
        planned.append((capture, article, raw_target, article_target))

    index = MentionIndex.from_records(archive.records)  # type: ignore[arg-type]
    reports = []
    for capture, article, raw_target, article_target in planned:
        raw_target.parent.mkdir(parents=True, exist_ok=True)
        if not raw_target.exists() or raw_target.read_bytes() != capture.data:
            if raw_target.exists():
                shutil.copy2(raw_target, raw_target.with_name(raw_target.name + ".bak"))
            write_bytes_atomic(raw_target, capture.data)
        status = "unchanged"
        if not article_target.exists() or article_target.read_text(encoding="utf-8") != article.text():
            if article_target.exists():
                shutil.copy2(article_target, article_target.with_name(article_target.name + ".bak"))
            write_bytes_atomic(article_target, article.text().encode("utf-8"))
            status = "written"
        mentions = index.find(article.body)
        mentions["events"] = related_events(archive, article.id, article.front["date"], mentions["places"])
        reports.append(IngestReport(article.id, article_target, status, mentions))
    return reports
