"""Measure the article cleaner on real pages nobody here wrote.

Reads ../shared/extraction-dev (or the folder given with --pages) when it
exists and skips otherwise. Scoring follows the benchmark's README: tokens are
`\\w+` matches, output and gold are compared as multisets of 4-token
shingles, precision and recall are averaged over pages, and F1 is their
harmonic mean. A page whose cleaning raises scores 0 and counts as a failure.

    python benchmarks/extraction.py            # text and HTML lines
    python benchmarks/extraction.py --pages    # also one line per page
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = REPO.parent / "shared" / "extraction-dev"
TOKEN_RE = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> Counter:
    tokens = TOKEN_RE.findall(text)
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def precision_recall(output: str, gold: str) -> tuple[float, float]:
    got, want = shingles(output), shingles(gold)
    if not want:
        return (1.0, 1.0) if not got else (0.0, 1.0)
    if not got:
        return 0.0, 0.0
    overlap = sum((got & want).values())
    return overlap / sum(got.values()), overlap / sum(want.values())


@dataclass
class PageScore:
    name: str
    precision: float
    recall: float
    seconds: float
    error: str | None = None
    title_right: bool | None = None  # None: the extractor gives no title

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def plain(markdown: str) -> str:
    """The words of a cleaned body, without Markdown syntax."""
    from build_tools.clean import unescape_markdown

    lines = [re.sub(r"^(#+ |- )", "", line) for line in markdown.splitlines()]
    return unescape_markdown("\n".join(lines))


def extract_text(page: Path) -> tuple[str, str | None]:
    from build_tools.clean import clean_text

    cleaned = clean_text(page.with_suffix(".txt").read_text(encoding="utf-8"))
    return plain(cleaned.body), cleaned.title


def extract_html(page: Path) -> tuple[str, str | None]:
    from build_tools.clean_html import clean_html

    cleaned = clean_html(gzip.decompress(page.with_suffix(".html.gz").read_bytes()).decode("utf-8", "replace"))
    return plain(cleaned.body), cleaned.title


def extract_trafilatura(page: Path) -> tuple[str, str | None]:
    import trafilatura

    html = gzip.decompress(page.with_suffix(".html.gz").read_bytes()).decode("utf-8", "replace")
    return trafilatura.extract(html) or "", None


EXTRACTORS = {"text": extract_text, "html": extract_html, "trafilatura": extract_trafilatura}


def title_matches(title: str | None, candidates: list[str]) -> bool:
    """A headline is right when it is one of the page's own titles, or a title with the site's name cut off."""
    if not title:
        return False
    wanted = " ".join(TOKEN_RE.findall(title.casefold()))
    for candidate in candidates:
        known = " ".join(TOKEN_RE.findall(candidate.casefold()))
        if wanted and (wanted == known or (len(wanted) >= 0.5 * len(known) and wanted in known)):
            return True
    return False


def score(folder: Path, extractor, names: list[str], titles: dict[str, list[str]]) -> list[PageScore]:
    results = []
    for name in names:
        page = folder / "pages" / name
        gold = page.with_suffix(".gold.txt").read_text(encoding="utf-8")
        started = time.perf_counter()
        try:
            output, title = extractor(page)
        except Exception as error:  # noqa: BLE001 - a crash scores 0, as the benchmark's README says
            results.append(PageScore(name, 0.0, 0.0, time.perf_counter() - started, f"{type(error).__name__}: {error}"))
            continue
        elapsed = time.perf_counter() - started
        right = None if extractor is extract_trafilatura else title_matches(title, titles[name])
        results.append(PageScore(name, *precision_recall(output, gold), elapsed, title_right=right))
    return results


def summary(kind: str, results: list[PageScore]) -> str:
    n = len(results)
    p = sum(r.precision for r in results) / n
    r = sum(r.recall for r in results) / n
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    failures = sum(1 for x in results if x.error)
    ms = 1000 * sum(x.seconds for x in results) / n
    titles = [x.title_right for x in results if x.title_right is not None]
    title = f" titles={sum(titles)}/{len(titles)}" if titles else ""
    return f"{kind:<11} extraction F1={f1:.3f} P={p:.3f} R={r:.3f} pages={n} failures={failures} ms/page={ms:.1f}{title}"


def ingest_speed(folder: Path, names: list[str], count: int) -> str:
    """Ingest `count` captures (the pages' text, each headline made unique) into a copy of the archive."""
    import shutil
    import tempfile

    from build_tools.capture import Capture, read_capture
    from build_tools.errors import UserError
    from build_tools.ingest import clean_capture, ingest, load_outlets

    options = {"outlet_id": "kyiv-independent", "date": "2024-11-14", "language": "en"}
    outlets = load_outlets(REPO / "content")
    pages = []
    for name in names:
        path = folder / "pages" / f"{name}.txt"
        try:
            title = clean_capture(read_capture(path), outlets, **options).front["title"]
            text = path.read_text(encoding="utf-8")
            renamed = path.parent.parent / "unused.txt"  # read_capture wants a path; it is never opened
            unique = clean_capture(Capture(renamed, b"", text.replace(title, f"Dispatch 1 {title}")), outlets, **options)
        except UserError:  # a page with no headline found is asked for --title; leave it out here
            continue
        if text.count(title) == 1 and unique.front["title"] == f"Dispatch 1 {title}":
            pages.append((text, title))
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        shutil.copytree(REPO / "content", root / "content")
        (root / "captures").mkdir()
        captures = []
        for number in range(count):
            text, title = pages[number % len(pages)]
            capture = root / "captures" / f"{number:05d}.txt"
            capture.write_text(text.replace(title, f"Dispatch {number} {title}"), encoding="utf-8")
            captures.append(capture)
        started = time.perf_counter()
        reports = ingest(captures, root / "content", **options)
        seconds = time.perf_counter() - started
    copies = sum(1 for report in reports if "copy_of" in report.front)
    return f"ingest      captures={len(reports)} seconds={seconds:.1f} ms/capture={1000 * seconds / len(reports):.1f} recorded_copies={copies}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_PAGES, help="the extraction-dev folder")
    parser.add_argument("--pages", action="store_true", help="print one line per page, worst first")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append", help="run only these extractors")
    parser.add_argument("--ingest", type=int, default=1000, metavar="N", help="captures to ingest for the speed line (0: skip)")
    args = parser.parse_args(argv)
    if not (args.folder / "manifest.json").exists():
        print(f"skipped: {args.folder} not found (it sits beside the repository in CI)")
        return 0
    sys.path.insert(0, str(REPO))
    manifest = json.loads((args.folder / "manifest.json").read_text(encoding="utf-8"))
    names = [entry["name"] for entry in manifest]
    titles = {entry["name"]: entry["title_candidates"] for entry in manifest}
    for kind in args.only or ["text", "html", "trafilatura"]:
        results = score(args.folder, EXTRACTORS[kind], names, titles)
        if args.pages:
            for r in sorted(results, key=lambda x: x.f1):
                print(f"  {kind} {r.name} F1={r.f1:.3f} P={r.precision:.3f} R={r.recall:.3f}{'  ' + r.error if r.error else ''}")
        print(summary(kind, results))
    if args.ingest and not args.only:
        print(ingest_speed(args.folder, names, args.ingest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
