"""The search index of a large site: Pagefind over copies of the pages without their
header, in parts sized by words, run two at a time within the memory limit
(build_tools/search_index.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_tools import search_index
from build_tools.errors import UserError
from build_tools.search_index import (
    BUNDLE,
    PARTS_LIST,
    index_site,
    part_count,
    peak_memory,
    read_fragments,
    site_pages,
    without_header,
)
from tests.search_queries import search

HEAD = '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n{meta}</head>\n'
HEADER = ('<header class="md-header"><script>var palette = "<div>";</script><!-- the header -->'
          '<nav class="md-tabs"><a href="../">Home</a> <a href="../x/">X &lt;b&gt;</a></nav></header>\n')
ARTICLE = '<div class="md-content"><article class="md-content__inner md-typeset"><div class="chronicle-search-body" data-pagefind-body>\n{body}\n</div></article></div>'


def page(title: str = "A page", body: str = "<h1>A page</h1><p>Some words.</p>", header: str = HEADER, meta: str = "") -> bytes:
    return (HEAD.format(title=title, meta=meta) + '<body dir="ltr" data-md-color-scheme="default">\n' + header
            + ARTICLE.format(body=body) + "\n<footer>Footer words</footer>\n</body>\n</html>\n").encode()


# --- cutting a page for Pagefind ---------------------------------------------------------


def test_a_page_is_cut_between_its_body_tag_and_the_searched_element():
    html = page()
    body_end, start = without_header(html)
    assert html[:body_end].endswith(b'<body dir="ltr" data-md-color-scheme="default">')
    assert html[start:].startswith(b'<div class="chronicle-search-body" data-pagefind-body>')
    assert b"md-header" in html[body_end:start] and b"md-header" not in html[:body_end] + html[start:]


@pytest.mark.parametrize(("why", "html"), [
    ("no searched element", page().replace(b" data-pagefind-body", b"")),
    ("no body tag", page().replace(b"<body", b"<main")),
    ("Pagefind markup in the header", page(header=HEADER.replace("<nav", '<nav data-pagefind-filter="section:x"'))),
    ("a comment left open", page(header=HEADER + "<!-- ")),
    ("a script left open", page(header=HEADER + "<script>")),
    ("a textarea left open", page(header=HEADER + "<TEXTAREA>")),
    ("the marker only in an attribute", page().replace(b"data-pagefind-body>", b'title="data-pagefind-body">')),
    ("the marker in the header's text", page(header=HEADER + "<p>data-pagefind-body</p>")),
    ("a body tag the header's script writes", page().replace(b"<body dir", b"<script>'<body>'</script><body dir")),
])
def test_a_page_whose_header_markup_is_not_plain_is_read_whole(why, html):
    assert without_header(html) is None, why


# --- how many parts, and of what ----------------------------------------------------------


def test_a_site_is_one_index_up_to_split_words_and_else_an_even_number_of_parts():
    assert part_count(search_index.SPLIT_WORDS, 3000) == 1
    assert part_count(search_index.SPLIT_WORDS + 1, 3000) == 2  # both cores
    assert part_count(13_600_000, 20_000) == 6  # the 20,000-page synthetic archive
    assert part_count(5 * search_index.WORDS_PER_PART, 20_000) == 6  # five would fit; six end together
    assert part_count(100, 138, pages_per_part=40) == 4
    assert part_count(100, 138, pages_per_part=40, parallel=1) == 4
    # Two parts at once, each at its expected peak, and this process fit within the limit,
    # with smaller parts beside a process that holds more (as `chronicle build` does).
    for own in (0, search_index.OWN, 700_000_000):
        words = search_index.words_that_fit(own)
        assert 2 * peak_memory(words) + max(own, search_index.OWN) + search_index.MARGIN <= search_index.MEMORY_LIMIT
    assert search_index.words_that_fit(700_000_000) < search_index.WORDS_PER_PART == search_index.words_that_fit(0)


def fake_pagefind(tmp_path: Path, seconds: float = 0.3, fail_on: str = "") -> Path:
    """A stand-in for the pagefind binary that logs which pages each run got and when,
    and writes an entry file as Pagefind would."""
    script = tmp_path / "fake-pagefind"
    script.write_text(f"""#!{sys.executable}
import json, os, sys, time
args = sys.argv[1:]
site, output = args[args.index("--site") + 1], args[args.index("--output-path") + 1]
pages = sorted(os.path.relpath(os.path.join(d, f), site) for d, _, fs in os.walk(site) for f in fs)
log = {str(tmp_path / "runs.jsonl")!r}
with open(log, "a") as f:
    f.write(json.dumps({{"event": "start", "time": time.monotonic(), "site": site, "pages": pages}}) + "\\n")
failed = {fail_on!r} and any({fail_on!r} in p for p in pages)
time.sleep(min(0.2, {seconds}) if failed else {seconds})
with open(log, "a") as f:
    f.write(json.dumps({{"event": "end", "time": time.monotonic(), "site": site}}) + "\\n")
if failed:
    print("Error: something went wrong"); sys.exit(3)
os.makedirs(output, exist_ok=True)
entry = {{"version": "1.5.2", "languages": {{"en": {{"hash": "x", "wasm": "en", "page_count": len(pages)}}}}}}
with open(os.path.join(output, "pagefind-entry.json"), "w") as f:
    json.dump(entry, f)
""")
    script.chmod(0o755)
    return script


def runs(tmp_path: Path) -> tuple[list[list[str]], int]:
    """The pages of each run, in the order the runs started, and the most runs there were at once."""
    events = [json.loads(line) for line in (tmp_path / "runs.jsonl").read_text().splitlines()]
    at_once = most = 0
    for event in sorted(events, key=lambda event: event["time"]):
        at_once += 1 if event["event"] == "start" else -1
        most = max(most, at_once)
    started = sorted((event for event in events if event["event"] == "start"), key=lambda event: int(Path(event["site"]).name))
    return [event["pages"] for event in started], most


def synthetic_site(folder: Path, words: dict[str, int]) -> Path:
    """A site with a page at each path, of that many words."""
    for path, count in words.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page(body="<h1>Title</h1><p>" + " ".join(f"word{n}" for n in range(count)) + "</p>"))
    (folder / "redirect" / "index.html").parent.mkdir(parents=True, exist_ok=True)
    (folder / "redirect" / "index.html").write_text('<html><head><meta http-equiv="refresh" content="0; url=../a/"></head></html>')
    return folder


@pytest.fixture
def site_of_reports_and_events(tmp_path):
    words = {f"events/e{n:02}/index.html": 40 for n in range(12)}
    words |= {f"reports/r{n:02}/index.html": 400 for n in range(6)}
    words["index.html"] = 20
    return synthetic_site(tmp_path / "site", words)


def test_parts_hold_neighbouring_pages_of_about_equal_words(tmp_path, monkeypatch, site_of_reports_and_events):
    script = fake_pagefind(tmp_path)
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: script)
    monkeypatch.setattr(search_index, "SPLIT_WORDS", 100)
    # 6 reports of 400 words and 13 pages of 20-40: parts of at most 1,000 words, by the
    # words of the page's text (tags left out, its footer in) the index holds, told from
    # its size. The longer pages come first, so that the first run starts soonest.
    stats = index_site(site_of_reports_and_events, words_per_part=1_000)
    parts, _ = runs(tmp_path)
    assert stats.parts == len(parts) == 4 and stats.pages == 19  # the redirect page is not searched
    pages = [name for name, _ in site_pages(site_of_reports_and_events)]
    assert [page for part in parts for page in part] == [name for name in pages if name.startswith("reports/")] + [
        name for name in pages if name.startswith("events/")] + ["index.html"]
    sizes = [sum(403 if "reports" in page else 43 if "events" in page else 23 for page in part) for part in parts]
    assert sizes == [806, 806, 806, 539]  # within 1,000 words, as equal as pages allow
    listed = json.loads((site_of_reports_and_events / BUNDLE / PARTS_LIST).read_text())
    assert listed == ["part-2/", "part-3/", "part-4/"]
    assert [p.name for p in site_of_reports_and_events.iterdir() if p.name.startswith(".")] == []


def test_pages_per_part_bounds_a_part_too(tmp_path, monkeypatch, site_of_reports_and_events):
    script = fake_pagefind(tmp_path, seconds=0)
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: script)
    index_site(site_of_reports_and_events, pages_per_part=5)
    parts, _ = runs(tmp_path)
    assert len(parts) >= 4 and max(len(part) for part in parts) <= 5 and sum(map(len, parts)) == 19


@pytest.mark.parametrize("jobs", [1, 2])
def test_at_most_jobs_runs_at_once(tmp_path, monkeypatch, site_of_reports_and_events, jobs):
    script = fake_pagefind(tmp_path)
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: script)
    index_site(site_of_reports_and_events, pages_per_part=3, jobs=jobs)
    parts, most = runs(tmp_path)
    assert len(parts) >= 6 and most == jobs


def test_a_run_waits_when_another_would_not_fit_in_memory(tmp_path, monkeypatch, site_of_reports_and_events):
    script = fake_pagefind(tmp_path)
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: script)
    # Room for this process and one run's expected peak, not two.
    monkeypatch.setattr(search_index, "MEMORY_LIMIT", search_index.resident_memory() + int(1.5 * peak_memory(0)))
    index_site(site_of_reports_and_events, pages_per_part=3, jobs=4)
    parts, most = runs(tmp_path)
    assert len(parts) >= 6 and most == 1


def test_a_failed_part_stops_the_others_and_keeps_the_previous_index(tmp_path, monkeypatch, site_of_reports_and_events):
    site = site_of_reports_and_events
    (site / BUNDLE).mkdir()
    (site / BUNDLE / "pagefind-entry.json").write_text("previous")
    script = fake_pagefind(tmp_path, seconds=1, fail_on="reports/r03")
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: script)
    with pytest.raises(UserError, match=r"the search indexer \(Pagefind\) failed on .* \(exit code 3\):\n  Error: something went wrong"):
        index_site(site, pages_per_part=3, jobs=2)
    events = [json.loads(line)["event"] for line in (tmp_path / "runs.jsonl").read_text().splitlines()]
    assert events.count("end") < events.count("start")  # the run beside the failed one was stopped
    assert (site / BUNDLE / "pagefind-entry.json").read_text() == "previous"
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []


def test_the_copies_go_to_memory_when_there_is_room_and_are_removed(tmp_path, monkeypatch, site_of_reports_and_events):
    scratch = tmp_path / "shm"
    scratch.mkdir()
    site = site_of_reports_and_events.resolve()
    dead = subprocess.Popen([sys.executable, "-c", ""])
    dead.wait()
    for owner in (dead.pid, os.getpid()):  # as an indexer that was killed left it, and one running
        (scratch / f"chronicle-{BUNDLE}-{owner}-x").mkdir()
        os.utime(scratch / f"chronicle-{BUNDLE}-{owner}-x", (0, 0))
    monkeypatch.setattr(search_index, "SCRATCH", scratch)
    monkeypatch.setattr(search_index, "SCRATCH_SPARE", 0)
    script = fake_pagefind(tmp_path, seconds=0)
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: script)
    index_site(site, pages_per_part=5)
    events = [json.loads(line) for line in (tmp_path / "runs.jsonl").read_text().splitlines()]
    assert all(Path(event["site"]).parent.parent == scratch for event in events)
    assert [folder.name for folder in scratch.iterdir()] == [f"chronicle-{BUNDLE}-{os.getpid()}-x"]
    monkeypatch.setattr(search_index, "SCRATCH_SPARE", 10**15)  # no room: in the site, hidden
    index_site(site, pages_per_part=5)
    events = [json.loads(line) for line in (tmp_path / "runs.jsonl").read_text().splitlines()]
    assert Path(events[-1]["site"]).parent.parent == site and Path(events[-1]["site"]).parent.name.startswith(".pagefind-parts-")
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []


# --- with Pagefind itself, on the shipped archive ----------------------------------------


def test_pages_cut_for_pagefind_make_the_same_index_as_the_whole_pages(built_site, tmp_path, monkeypatch):
    """Pagefind over the site itself, as before, and over the copies without the header:
    file for file the same index (the files are named by their content's hash). The
    copies are on the site's file system here: Pagefind numbers pages in the order the
    file system lists them, which differs from one file system to another."""
    monkeypatch.setattr(search_index, "SCRATCH", tmp_path / "no-such-folder")
    whole = tmp_path / "whole"
    with open(tmp_path / "log", "w+b") as log:
        assert search_index._start_pagefind(built_site, whole, log).wait() == 0
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    assert index_site(site).parts == 1

    def files(bundle: Path) -> list[str]:
        return sorted(path.relative_to(bundle).as_posix() for path in bundle.rglob("*") if path.is_file() and path.name != PARTS_LIST)

    assert files(site / BUNDLE) == files(whole)
    assert len([name for name in files(whole) if name.startswith("fragment/")]) > 100


QUERIES = ["Kupyansk", "Купʼянськ", "Kupiansk", "Gerasimov", "Kharkiv", "Kremlin"]


def test_an_index_in_parts_finds_what_one_index_finds(built_site, tmp_path):
    """Merged in the browser (tests/pagefind_query.mjs runs search.js's own search), the
    parts find the same pages as one index over the whole site, the same one first."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    stats = index_site(site, pages_per_part=30)
    assert stats.parts >= 4 and stats.pages == len(read_fragments(built_site)) == len(read_fragments(site))
    one, parts = search(built_site, *QUERIES, limit=100), search(site, *QUERIES, limit=100)
    for query in QUERIES:
        found_one = [result["url"] for result in one[query]["results"]]
        found_parts = [result["url"] for result in parts[query]["results"]]
        assert found_parts[:1] == found_one[:1] and sorted(found_parts) == sorted(found_one), query


def test_the_memory_model_bounds_pagefinds_peak(built_site, tmp_path):
    """Pagefind's resident peak on the shipped archive stays under peak_memory() of its
    words (at 20,000 pages, benchmarks/RESULTS.md). The peak is Pagefind's own high-water
    mark, read from /proc while it runs, once it is the pagefind binary."""
    words = sum(len(search_index._TAG.sub(b" ", html[cut[1]:] if (cut := without_header(html)) else html).split())
                for html in (Path(path).read_bytes() for _name, path in site_pages(built_site)))
    binary, peak = os.path.realpath(search_index.pagefind_executable()), 0
    with open(tmp_path / "log", "w+b") as log:
        process = search_index._start_pagefind(built_site, tmp_path / "out", log)
        while process.poll() is None:
            try:
                if os.path.realpath(f"/proc/{process.pid}/exe") == binary:
                    status = Path(f"/proc/{process.pid}/status").read_text()
                    peak = max(peak, int(status.split("VmHWM:")[1].split()[0]) * 1024)
            except (OSError, IndexError, ValueError):
                pass
            time.sleep(0.002)
    assert process.returncode == 0
    assert 0 < peak <= peak_memory(words)


def test_the_command_line_indexes_a_site_built_elsewhere(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    shutil.rmtree(site / BUNDLE)
    done = subprocess.run([sys.executable, "-m", "build_tools.search_index", str(site)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(f"search index: {len(read_fragments(built_site))} pages, ")
